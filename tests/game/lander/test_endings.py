"""How a flight ends, in words that never contradict the numbers: reasons written so the
measured value reads beyond its limit, pads named as the screen shows them, a safe landing
earns a star, a hint after a round that went wrong, and no speed passes through the ground."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from game.api import PlayerResult
from game.lander import Outcome, RoundConfig, Simulation
from game.lander.definition import GAME, player_result
from game.lander.outcomes import beyond, judge_touchdown
from game.lander.worlds import LandingLimits
from tests.game.lander.conftest import place, still_air


def hint_in_words(result: PlayerResult) -> str | None:
    """The game's hint after ``result`` as English text."""
    said = GAME.hint(result)
    return None if said is None else str(said)


@pytest.mark.parametrize(
    ("measured", "limit", "decimals", "shown"),
    [
        (2.04, 2.0, 1, "2.04"),
        (2.5, 2.0, 1, "2.5"),
        (2.0004, 2.0, 1, "2.0004"),
        (10.3, 10.0, 0, "10.3"),
        (12.0, 10.0, 0, "12"),
        (2.00000001, 2.0, 1, "just over 2.0"),
    ],
)
def test_a_value_over_its_limit_always_reads_over_it(
    measured: float, limit: float, decimals: int, shown: str
) -> None:
    assert str(beyond(measured, limit, decimals)) == shown


LIMITS = LandingLimits(
    max_vertical_speed=2.0, max_horizontal_speed=1.0, max_tilt_deg=10.0, max_impact_speed=2.0
)


@pytest.mark.parametrize("down", [2.01, 2.04, 2.049, 2.3, 7.77])
def test_a_crash_reason_never_says_the_limit_itself(down: float) -> None:
    verdict = judge_touchdown(0.0, -down, 0.0, None, LIMITS, distance_to_pad=0.0, fuel_empty=False)
    assert verdict.reason_code == "too_fast_vertical"
    assert "2.0 m/s down" not in verdict.reason
    said = float(verdict.reason.split(": ")[1].split(" m/s")[0])
    assert said > 2.0 and verdict.reason.endswith("safe is 2.0")


def test_tilt_just_over_reads_over() -> None:
    verdict = judge_touchdown(
        0.0, -0.5, math.radians(10.2), None, LIMITS, distance_to_pad=0.0, fuel_empty=False
    )
    assert verdict.reason == "too tilted: 10.2° from upright, safe is 10°"


def landed(sim: Simulation, *, precise: bool) -> None:
    pad = sim.terrain.pads[0]
    foot = sim.config.world.lander.foot_depth
    x = pad.centre if precise else pad.x_right - 0.6
    place(sim, 1, x, pad.y + foot + 0.3, vy=-1.0)
    for _ in range(120):
        sim.step({})


def test_the_pad_is_named_as_the_screen_shows_it() -> None:
    sim = Simulation(RoundConfig(still_air("moon"), seed=7))
    sim.add_lander(1, slot=0)
    landed(sim, precise=True)
    result = sim.result(1)
    assert result is not None and result.outcome is Outcome.LANDED
    multiplier = sim.terrain.pads[0].multiplier
    assert result.reason.startswith(f"landed on the ×{multiplier:g} pad at ")
    assert "pad 0" not in result.reason
    assert player_result(result).details["pad"] == f"×{multiplier:g}"


def test_a_safe_landing_earns_at_least_one_star_however_low_the_score() -> None:
    # a world whose first star needs a million points: any landing scores below it
    world = dataclasses.replace(still_air("moon"), star_thresholds=(10**6, 2 * 10**6, 3 * 10**6))
    sim = Simulation(RoundConfig(world, seed=7))
    sim.add_lander(1, slot=0)
    landed(sim, precise=False)
    result = sim.result(1)
    assert result is not None and result.outcome is Outcome.LANDED
    assert result.score is not None and result.score.total < 10**6
    assert result.stars == 1
    crashed = Simulation(RoundConfig(world, seed=7))
    crashed.add_lander(1, slot=0)
    pad = crashed.terrain.pads[0]
    place(crashed, 1, pad.centre, pad.y + 10.0, vy=-9.0)
    for _ in range(120):
        crashed.step({})
    after = crashed.result(1)
    assert after is not None and after.outcome is Outcome.CRASHED and after.stars == 0


@pytest.mark.parametrize("speed", [60.0, 120.0, 251.0, 400.0, 900.0, 2500.0])
@pytest.mark.parametrize("x", [150.0, 433.3, 720.0])
def test_no_speed_passes_through_the_ground(speed: float, x: float) -> None:
    sim = Simulation(RoundConfig(still_air("moon"), seed=3))
    sim.add_lander(1, slot=0)
    ground = float(sim.terrain.height_at(np.array([x]))[0])
    place(sim, 1, x, ground + 40.0, vy=-speed)
    for _ in range(60):
        sim.step({})
        if sim.result(1) is not None:
            break
    result = sim.result(1)
    assert result is not None
    assert result.outcome is Outcome.CRASHED, result.reason
    assert result.reason_code == "too_fast_vertical"
    assert result.measured == pytest.approx(speed, rel=0.05)
    state = sim.lander(1)
    assert state.y >= float(sim.terrain.height_at(np.array([state.x]))[0]) - 0.5


@pytest.mark.parametrize(
    ("code", "fuel_used", "hint"),
    [
        ("too_fast_vertical", 0.0, "Hold UP to fire the engine"),
        ("off_pad", 0.1, "Hold UP to fire the engine"),
        ("too_fast_vertical", 40.0, "Fire the engine earlier"),
        ("too_tilted", 40.0, "Turn upright"),
        ("off_pad", 40.0, "Steer over a pad"),
        ("landed", 40.0, None),
    ],
)
def test_a_hint_after_a_round_that_went_wrong(
    code: str, fuel_used: float, hint: str | None
) -> None:
    sim = Simulation(RoundConfig(still_air("moon"), seed=7))
    sim.add_lander(1, slot=0)
    landed(sim, precise=True)
    base = sim.result(1)
    assert base is not None
    result = dataclasses.replace(
        base,
        outcome=Outcome.LANDED if code == "landed" else Outcome.CRASHED,
        reason_code=code,
        fuel_used=fuel_used,
    )
    said = hint_in_words(player_result(result))
    if hint is None:
        assert said is None
    else:
        assert said is not None and said.startswith(hint)
