"""The round: hits in order, one shell in the air at a time, out of shots, time out,
reasons in words that never contradict the numbers, score and stars, determinism."""

from __future__ import annotations

import math

import pytest

from game.api import PlayerResult
from game.projectile import AIM, FIRE, GAME
from game.projectile.flight import vacuum_speed
from game.projectile.results import shown_miss

from .conftest import new_sim, shoot


def hint_in_words(result: PlayerResult) -> str | None:
    """The game's hint after ``result`` as English text."""
    said = GAME.hint(result)
    return None if said is None else str(said)


def speed_to(distance: float, angle: float = 45.0, g: float = 9.81) -> float:
    return round(vacuum_speed(angle, distance, g), 2)


def test_three_hits_in_three_shots_is_three_stars() -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    for d in (40.0, 80.0, 120.0):
        shot = shoot(sim, 1, 45.0, speed_to(d))
        assert shot.hit and abs(shot.error) < 0.05
    result = sim.result(1)
    assert result is not None and result.success and result.outcome == "all_hit"
    assert result.stars == 3
    assert result.reason.startswith("all 3 targets hit with 3 shots; closest 0.0 m")
    keys = [line.key for line in result.breakdown]
    assert keys == ["hits", "closeness", "shots_left", "time"]
    assert result.column("hits") == 300 and result.column("shots_left") == 100
    assert result.score == sum(line.value for line in result.breakdown)
    assert result.details["shots"] == 3


def test_the_next_target_only_after_a_hit_and_stars_count_misses() -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    miss = shoot(sim, 1, 45.0, speed_to(80.0))  # at the 40 m target: long
    assert not miss.hit and miss.target == 0 and miss.error == pytest.approx(40.0, abs=0.05)
    assert shoot(sim, 1, 45.0, speed_to(40.0)).hit
    assert shoot(sim, 1, 45.0, speed_to(80.0)).target == 1
    for _ in range(3):
        shoot(sim, 1, 45.0, speed_to(60.0))
    shoot(sim, 1, 45.0, speed_to(120.0))
    result = sim.result(1)
    assert result is not None and result.success and result.stars == 1  # 4 misses
    assert result.column("shots_left") == 20  # 7 of 8 used


def test_one_shell_at_a_time_and_aiming_turns_the_dials() -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    sim.step({1: (AIM, 30.0, 25.0)})
    row = dict(zip(GAME.schema.names, sim.row(1), strict=True))
    assert (row["aim_angle"], row["aim_speed"], row["shots"]) == (30.0, 25.0, 0.0)
    sim.step({1: (FIRE, 30.0, 25.0)})
    sim.step({1: (FIRE, 60.0, 25.0)})  # refused while the first is in the air
    row = dict(zip(GAME.schema.names, sim.row(1), strict=True))
    assert row["flying"] == 1.0 and row["shots"] == 1.0 and row["shot_angle"] == 30.0
    assert row["aim_angle"] == 60.0


def test_out_of_shots_says_how_far_the_last_fell() -> None:
    sim = new_sim(shots=2.0)
    sim.add_player(1, 0)
    shoot(sim, 1, 45.0, speed_to(40.0))
    shoot(sim, 1, 45.0, speed_to(70.0))
    result = sim.result(1)
    assert result is not None and not result.success and result.outcome == "out_of_shots"
    assert result.reason == ("out of shots, 1 of 3 hit: the last fell 10.0 m short of 80 m")
    assert result.reason_code == "last_short" and result.stars == 0
    assert (result.measured, result.limit) == (10.0, 3.0)
    assert result.score == sum(line.value for line in result.breakdown)
    assert [line.key for line in result.breakdown] == ["hits", "closeness"]
    assert hint_in_words(result) is not None and "more speed" in str(hint_in_words(result))


def test_out_of_shots_after_a_hit_names_the_target_left() -> None:
    sim = new_sim(shots=3.0)
    sim.add_player(1, 0)
    shoot(sim, 1, 45.0, speed_to(60.0))
    shoot(sim, 1, 45.0, speed_to(40.0))
    shoot(sim, 1, 45.0, speed_to(80.0))
    result = sim.result(1)
    assert result is not None and result.outcome == "out_of_shots"
    assert result.reason == "out of shots with 2 of 3 targets hit; the 120 m target was left"
    assert (result.measured, result.limit) == (2.0, 3.0)
    assert "Each miss costs a shot" in str(hint_in_words(result))


def test_a_near_miss_never_reads_as_inside_the_target() -> None:
    assert shown_miss(3.04, 3.0)[:2] == ("3.04", "3.00")
    assert shown_miss(-3.0004, 3.0)[:2] == ("3.001", "3.000")
    assert shown_miss(12.36, 3.0)[:2] == ("12.3", "3.0")
    for miss in (3.0001, 3.01, 3.049, 3.5, 9.99):
        _, _, shown, limit = shown_miss(miss, 3.0)
        assert shown > limit


def test_time_out_with_a_shell_in_the_air() -> None:
    sim = new_sim(seconds=10.0)
    sim.add_player(1, 0)
    sim.add_player(2, 1)
    shoot(sim, 1, 45.0, speed_to(40.0))
    sim.step({1: (FIRE, 80.0, 60.0)})  # a 12 s flight
    while not sim.finished:
        sim.step({})
    r1, r2 = sim.result(1), sim.result(2)
    assert r1 is not None and r1.outcome == "timed_out"
    assert r1.reason == "time ran out with 1 of 3 targets hit in 1 shot"
    assert r2 is not None
    assert r2.reason == "time ran out with 0 of 3 targets hit in 0 shots"
    assert hint_in_words(r2) == "Press Space to fire: the dials start at 45° and 20 m/s."
    assert sim.tick == 600


def test_reasons_fit_one_line_even_far_away() -> None:
    sim = new_sim(distance=2000.0, gravity=1.0, shots=1.0)
    sim.add_player(1, 0)
    shoot(sim, 1, 45.0, 5.0)
    result = sim.result(1)
    assert result is not None
    assert len(result.reason) <= 70, result.reason


def test_the_same_inputs_give_the_same_round() -> None:
    def play() -> tuple[str, list[float]]:
        sim = new_sim("headwind", seed=3)
        sim.add_player(1, 0)
        sim.add_player(2, 1)
        for a in (30.0, 40.0, 50.0):
            sim.step({1: (FIRE, a, 30.0), 2: (FIRE, a + 5.0, 28.5)})
            for _ in range(400):
                sim.step({})
        return sim.state_hash(), [s.landed_x for s in sim.player(1).shots]

    assert play() == play()


def test_telemetry_has_the_schema_columns() -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    shoot(sim, 1, 30.0, 20.0)
    series = sim.telemetry(1)
    assert series.columns == ("t", *GAME.schema.names)
    assert len(series) > 20 and math.isclose(series.t[1] - series.t[0], 2 / 60)
