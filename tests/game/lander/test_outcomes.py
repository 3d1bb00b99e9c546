from __future__ import annotations

import math

import msgpack
import pytest

from game.lander import FlightResult, LandingLimits, Outcome, Pad, ScoreBreakdown
from game.lander.outcomes import Verdict, judge_touchdown

PAD = Pad(2, 100.0, 116.0, 40.0, 3.0)
LIMITS = LandingLimits()


def judge(vx: float, vy: float, deg: float, pad: Pad | None = PAD, empty: bool = False) -> Verdict:
    return judge_touchdown(
        vx, vy, math.radians(deg), pad, LIMITS, distance_to_pad=12.4, fuel_empty=empty
    )


def test_gentle_upright_on_pad_lands() -> None:
    v = judge(0.3, -1.2, 4.0)
    assert (v.outcome, v.reason_code, v.pad) == (Outcome.LANDED, "landed", PAD)
    assert v.reason == "landed on the ×3 pad at 1.2 m/s"


@pytest.mark.parametrize(
    ("vx", "vy", "deg", "code", "reason", "measured", "limit"),
    [
        (0.0, -4.1, 0.0, "too_fast_vertical", "too fast: 4.1 m/s down, safe is 2.0", 4.1, 2.0),
        (
            -1.6,
            -1.0,
            0.0,
            "too_fast_horizontal",
            "too fast sideways: 1.6 m/s, safe is 1.0",
            1.6,
            1.0,
        ),
        (0.0, -1.0, -14.0, "too_tilted", "too tilted: 14° from upright, safe is 10°", 14.0, 10.0),
    ],
)
def test_crash_reasons_carry_measured_value_and_limit(
    vx: float, vy: float, deg: float, code: str, reason: str, measured: float, limit: float
) -> None:
    v = judge(vx, vy, deg)
    assert (v.outcome, v.reason_code, v.reason, v.limit) == (Outcome.CRASHED, code, reason, limit)
    assert v.measured == pytest.approx(measured)


def test_vertical_speed_is_reported_before_being_off_pad() -> None:
    assert judge(0.0, -5.0, 0.0, pad=None).reason_code == "too_fast_vertical"
    off = judge(0.0, -1.0, 0.0, pad=None)
    assert off.reason_code == "off_pad"
    assert off.reason == "touched down on rock, 12 m from the nearest pad"


def test_a_foot_just_off_a_pad_is_said_so_not_as_zero_metres_away() -> None:
    v = judge_touchdown(0.0, -1.0, 0.0, None, LIMITS, distance_to_pad=0.3, fuel_empty=False)
    assert v.reason_code == "off_pad"
    assert v.reason == "touched down on rock just off the edge of a pad"


def test_crash_after_running_dry_is_out_of_fuel_but_a_safe_landing_still_lands() -> None:
    v = judge(0.0, -6.0, 0.0, empty=True)
    assert (v.outcome, v.reason_code) == (Outcome.OUT_OF_FUEL, "out_of_fuel")
    assert v.reason == "ran out of fuel, then crashed: too fast: 6.0 m/s down, safe is 2.0"
    assert judge(0.0, -1.0, 0.0, empty=True).outcome is Outcome.LANDED


def test_flight_result_round_trips_through_msgpack() -> None:
    r = FlightResult(
        lander_id=7,
        outcome=Outcome.LANDED,
        reason_code="landed",
        reason="landed on the ×2 pad",
        measured=1.2,
        limit=2.0,
        score=ScoreBreakdown(100, 2.0, 500, 50, 40, 1.0, 790),
        stars=2,
        flight_time_s=21.5,
        fuel_used=50.0,
        pad_id=1,
        tick=1290,
    )
    d = msgpack.unpackb(msgpack.packb(r.to_dict()))
    assert d["total"] == 790 and d["outcome"] == "landed"
    assert FlightResult.from_dict(d) == r
    d["outcome"] = "exploded"
    with pytest.raises(ValueError, match=r"result\.outcome must be one of"):
        FlightResult.from_dict(d)
