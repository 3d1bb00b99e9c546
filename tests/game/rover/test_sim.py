"""The round: edits through the inputs, refusals that change nothing, runs shown step by
step, failed runs back to the editor, the goal ending the round, results and telemetry."""

from __future__ import annotations

import pytest

from game.api import PlayerResult
from game.errors import InvalidInputError
from game.rover import GAME, parse
from game.rover.grid import best_program
from game.rover.program import Block, Refusal, unpack
from game.rover.sim import (
    CLEAR,
    DELETE,
    EDITING,
    FIELDS,
    INSERT,
    RUN,
    RUNNING,
    SET,
    STEP_TICKS,
    STOP,
)

from .conftest import new_sim, run_to_end, type_in


def hint_in_words(result: PlayerResult) -> str | None:
    """The game's hint after ``result`` as English text."""
    said = GAME.hint(result)
    return None if said is None else str(said)


def row(sim: object, pid: int) -> dict[str, float]:
    return dict(zip(FIELDS, sim.row(pid), strict=True))  # type: ignore[attr-defined]


def test_the_shortest_program_reaches_the_goal_with_three_stars() -> None:
    sim = new_sim("corner")
    sim.add_player(1, 0)
    type_in(sim, 1, best_program("corner"))
    assert unpack([int(row(sim, 1)[f"program{i}"]) for i in range(7)]) == best_program("corner")
    run_to_end(sim, 1)
    result = sim.result(1)
    assert result is not None and result.success and result.outcome == "reached"
    assert result.stars == 3
    assert result.reason == "4 blocks (shortest 4), 7 steps, no bumps"
    assert result.details["blocks"] == 4 and result.details["steps"] == 7
    assert result.score == sum(line.value for line in result.breakdown)
    assert row(sim, 1)["distance"] == 0 and row(sim, 1)["status"] == 1


def test_a_run_is_shown_one_step_every_step_ticks() -> None:
    sim = new_sim("corridor")
    sim.add_player(1, 0)
    type_in(sim, 1, parse("repeat 3 { move }"))
    sim.step({1: (RUN, 0, 0, 0)})
    seen = []
    while sim.player(1).stage == RUNNING:
        r = row(sim, 1)
        seen.append((int(r["step"]), int(r["x"]), int(r["line"])))
        sim.step({})
    assert seen[0] == (0, 0, -1)
    assert seen[STEP_TICKS] == (1, 1, 1) and seen[3 * STEP_TICKS - 1] == (2, 2, 1)
    assert len(seen) == 3 * STEP_TICKS
    p = sim.player(1)
    assert p.stage == EDITING and p.failed_runs == 1 and sim.result(1) is None
    assert (p.x, p.y) == (3, 0)  # stays where the run ended until the next edit
    sim.step({1: (SET, 0, 0, 5)})  # repeat 5: home again, and the goal next time
    assert (sim.player(1).x, sim.player(1).y) == (0, 0)
    run_to_end(sim, 1)
    result = sim.result(1)
    assert result is not None and result.success
    lines = {line.key: line.value for line in result.breakdown}
    assert lines["failed_runs"] == -10 and result.stars == 3


@pytest.mark.parametrize(
    ("edit", "refusal"),
    [
        ((DELETE, 0, 5, 0), Refusal.PAST_END),
        ((INSERT, int(Block.REPEAT), 0, 1), Refusal.BAD_ARG),
        ((DELETE, 0, 2, 0), Refusal.NOT_A_BLOCK),
        ((STOP, 0, 0, 0), Refusal.NOT_RUNNING),
        ((INSERT, int(Block.MOVE), 9, 0), Refusal.PAST_END),
    ],
)
def test_refused_edits_change_nothing_and_are_counted(
    edit: tuple[int, int, int, int], refusal: Refusal
) -> None:
    sim = new_sim("corner")
    sim.add_player(1, 0)
    type_in(sim, 1, parse("repeat 3 { move }"))
    before = sim.player(1).tokens
    sim.step({1: edit})
    p = sim.player(1)
    assert p.tokens == before
    assert p.refused == int(refusal) and p.refusals == 1 and p.message
    assert row(sim, 1)["refused"] == int(refusal)


def test_editing_while_running_is_refused_and_stop_ends_the_run() -> None:
    sim = new_sim("spiral")
    sim.add_player(1, 0)
    type_in(sim, 1, parse("repeat 4 { move }"))
    sim.step({1: (RUN, 0, 0, 0)})
    sim.step({1: (INSERT, 0, 0, 0)})
    assert sim.player(1).refused == int(Refusal.RUNNING)
    sim.step({1: (RUN, 0, 0, 0)})
    assert sim.player(1).refusals == 2
    sim.step({1: (STOP, 0, 0, 0)})
    assert sim.player(1).stage == EDITING and sim.player(1).last_fail == "stopped"
    sim.step({1: (CLEAR, 0, 0, 0)})
    assert sim.player(1).tokens == ()
    sim.step({1: (RUN, 0, 0, 0)})
    assert sim.player(1).refused == int(Refusal.EMPTY)


def test_the_block_limit_knob_refuses_one_block_more() -> None:
    sim = new_sim("corridor", max_blocks=2)
    sim.add_player(1, 0)
    type_in(sim, 1, parse("move move"))
    sim.step({1: (INSERT, int(Block.MOVE), 0, 0)})
    assert sim.player(1).refused == int(Refusal.TOO_LONG)
    assert "2 blocks, the limit" in sim.player(1).message


def test_time_up_reports_the_last_run_in_words() -> None:
    sim = new_sim("corner", seconds=20.0, step_limit=10)
    sim.add_player(1, 0)
    sim.add_player(2, 1)
    type_in(sim, 1, parse("repeat 9 { left move }"))
    run_to_end(sim, 1)
    while not sim.finished:
        sim.step({})
    one, two = sim.result(1), sim.result(2)
    assert one is not None and two is not None
    assert one.outcome == "not_reached" and one.reason_code == "step_limit"
    assert one.reason == "the last run used all 10 steps, 5 cells from the goal"
    assert (one.measured, one.limit) == (10.0, 10.0) and one.stars == 0
    assert two.outcome == "no_run" and two.reason == "time ran out before any run"
    assert hint_in_words(two) is not None and hint_in_words(one) is not None


def test_bumps_cost_the_penalty_and_the_third_star() -> None:
    sim = new_sim("corridor", bump_penalty=20)
    sim.add_player(1, 0)
    type_in(sim, 1, parse("left move right repeat 5 { move }"))
    run_to_end(sim, 1)
    result = sim.result(1)
    assert result is not None and result.success
    lines = {line.key: line.value for line in result.breakdown}
    assert lines["bumps"] == -20 and result.details["bumps"] == 1
    assert result.stars == 1  # 5 blocks > 2 + 2, and a bump


def test_inputs_out_of_range_are_refused_naming_the_field() -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    for bad, name in (((9, 0, 0, 0), "action"), ((1, 6, 0, 0), "block"),
                      ((1, 0, 41, 0), "line"), ((1, 0, 0, 10), "arg"),
                      ((1, 0, 0), "controls"), ((True, 0, 0, 0), "action")):  # fmt: skip
        with pytest.raises(InvalidInputError) as err:
            sim.step({1: bad})
        assert err.value.field == name
        with pytest.raises(InvalidInputError):
            GAME.check_input(list(bad))
    assert sim.tick == 0


def test_determinism_same_inputs_same_hash_and_telemetry() -> None:
    def play() -> tuple[str, list[float]]:
        sim = new_sim("stairs", seconds=30.0)
        sim.add_player(1, 0)
        sim.add_player(2, 1)
        type_in(sim, 1, best_program("stairs"))
        type_in(sim, 2, parse("repeat 4 { move right move left }"))
        sim.step({1: (RUN, 0, 0, 0), 2: (RUN, 0, 0, 0)})
        while not sim.finished:
            sim.step({})
        series = sim.telemetry(2)
        return sim.state_hash(), series["distance"].tolist()

    a, b = play(), play()
    assert a == b


def test_telemetry_distance_falls_to_zero_along_a_run() -> None:
    sim = new_sim("corridor")
    sim.add_player(1, 0)
    type_in(sim, 1, parse("repeat 5 { move }"))
    run_to_end(sim, 1)
    s = sim.telemetry(1)
    d = s["distance"]
    assert d[0] == 5 and d[-1] == 0 and list(d) == sorted(d, reverse=True)
    channels = GAME.channels_of({}, s)
    assert set(channels) == {c.name for c in GAME.channels}
    assert channels["distance"].tolist() == d.tolist()
