"""Rover program's declarations: registry, concept, knobs (ranges, defaults, feasibility in
words), round length, waves, round info, the scene, statuses."""

from __future__ import annotations

import pytest

from game.api import Frame
from game.errors import InvalidConfigError, InvalidKnobError
from game.registry import get_game, package_of
from game.rover import GAME, parse
from game.rover.sim import FIELDS
from game.scene import Glyph, Label

from .conftest import new_sim, type_in


def warnings_in_words(level: str, knobs: dict[str, float]) -> list[str]:
    """The game's feasibility warnings as English text."""
    return [str(w) for w in GAME.check_knobs(level, knobs)]


def test_registered_as_a_computer_science_game() -> None:
    game = get_game("rover_program")
    assert game is GAME
    assert package_of("rover_program") == "rover"
    assert game.discipline.value == "computer_science"
    assert "sequence, a loop and a condition" in game.concept and "steps = Σ" in game.concept
    assert [lv.key for lv in game.levels] == ["corridor", "corner", "stairs", "spiral"]
    assert not game.inputs.held and game.inputs.idle == (0, 0, 0, 0)
    assert game.schema.names == FIELDS and len(FIELDS) <= 32
    assert game.statuses[0].code == "writing" and game.statuses[1].success
    assert sum(s.success for s in game.statuses.values()) == 1


@pytest.mark.parametrize(
    ("knob", "value"),
    [
        ("max_blocks", 0),
        ("max_blocks", 21),
        ("max_blocks", 4.5),
        ("step_limit", 4),
        ("step_limit", float("inf")),
        ("bump_penalty", -1),
        ("bump_penalty", "lots"),
        ("gravity", 9.81),
    ],
)
def test_knobs_out_of_range_are_refused_naming_the_knob(knob: str, value: object) -> None:
    with pytest.raises(InvalidKnobError) as err:
        GAME.setup(level="corner", knobs={knob: value})
    assert err.value.knob == knob


def test_knob_defaults_and_no_warnings_at_defaults() -> None:
    assert GAME.knob_defaults("spiral") == {
        "max_blocks": 14.0,
        "step_limit": 60.0,
        "bump_penalty": 5.0,
    }
    assert {k.key: k.unit for k in GAME.knobs} == {
        "max_blocks": "blocks",
        "step_limit": "steps",
        "bump_penalty": "points",
    }
    for level in GAME.levels:
        assert warnings_in_words(level.key, {}) == [], level.key


def test_feasibility_warnings_say_why_in_words() -> None:
    assert warnings_in_words("stairs", {"max_blocks": 4}) == [
        "the shortest program for this level has 5 blocks but the limit is 4: no one can finish"
    ]
    assert warnings_in_words("spiral", {"step_limit": 18}) == [
        "the goal is at least 20 steps away but the step limit is 18: no one can finish"
    ]
    assert warnings_in_words("corner", {"step_limit": 7}) == []
    corridor = warnings_in_words("corridor", {"step_limit": 5})
    assert corridor == []


def test_a_round_too_short_to_write_and_run_is_refused() -> None:
    with pytest.raises(InvalidConfigError, match="needs at least 12 s"):
        GAME.setup(level="spiral", seconds=5.0)
    assert GAME.setup(level="spiral", seconds=12.0).time_limit_s == 12.0


def test_survival_waves_lower_the_block_limit_to_the_shortest() -> None:
    base = GAME.setup(level="corner")
    assert GAME.wave(base, 2).knobs["max_blocks"] == 8.0
    assert GAME.wave(base, 5).knobs["max_blocks"] == 4.0
    with pytest.raises(InvalidConfigError):
        GAME.wave(base, 0)


def test_round_info_and_the_scene() -> None:
    setup = GAME.setup(level="corner", knobs={"max_blocks": 6})
    info = GAME.round_info(setup)
    assert info["rows"] == ["###G", "###.", "###.", ">..."]
    assert (info["max_blocks"], info["shortest_blocks"], info["fewest_steps"]) == (6, 4, 7)
    sim = new_sim("corner")
    for pid in (1, 2, 3):
        sim.add_player(pid, pid - 1)
    type_in(sim, 2, parse("repeat 3 { move }"))
    ids, values = sim.snapshot()
    frame = Frame(sim.tick, ids, values, GAME.schema)
    names = {1: "Ada", 2: "Grace", 3: "Alan"}
    scene = GAME.scene(info, frame, names)
    labels = [s.text for s in scene.labels()]
    assert {"Ada", "Grace", "Alan"} <= set(labels)
    assert "2 blocks · writing" in labels
    assert sum(isinstance(s, Glyph) for s in scene.shapes) == 3
    assert scene.panel[-1] == "3 writing · 0 running · 0 done"
    mine = GAME.scene(info, frame, names, me=2)
    assert next(s for s in mine.shapes if isinstance(s, Label) and s.text == "Grace").size_px == 16
    empty = GAME.scene(info, None, {})
    assert sum(isinstance(s, Glyph) for s in empty.shapes) == 1
