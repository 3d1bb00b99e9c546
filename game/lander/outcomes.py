"""How a flight ended, in words a 12-year-old reads, with the measured value and the limit.

Touchdown checks run in this order and the first failure is the reason: vertical speed,
horizontal speed, tilt, then whether the lander is on a pad. Out-of-fuel rule: a lander whose
tank ran dry in the air and then touches down unsafely (or is still airborne when time runs
out) ends ``OUT_OF_FUEL``; if it still touches down safely on a pad it has LANDED.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from game.errors import InvalidConfigError
from game.fields import get_float, get_int, get_str, mapping
from game.lander.body import LanderStatus
from game.lander.scoring import ScoreBreakdown
from game.lander.terrain import Pad
from game.lander.worlds import LandingLimits
from game.words import Words, words


class Outcome(enum.StrEnum):
    LANDED = "landed"
    CRASHED = "crashed"
    OUT_OF_BOUNDS = "out_of_bounds"
    OUT_OF_FUEL = "out_of_fuel"
    TIMED_OUT = "timed_out"

    @property
    def status(self) -> LanderStatus:
        return _STATUS[self]


_STATUS = {
    Outcome.LANDED: LanderStatus.LANDED,
    Outcome.CRASHED: LanderStatus.CRASHED,
    Outcome.OUT_OF_BOUNDS: LanderStatus.OUT_OF_BOUNDS,
    Outcome.OUT_OF_FUEL: LanderStatus.OUT_OF_FUEL,
    Outcome.TIMED_OUT: LanderStatus.TIMED_OUT,
}

REASON_CODES = (
    "landed",
    "too_fast_vertical",
    "too_fast_horizontal",
    "too_tilted",
    "off_pad",
    "hit_lander",
    "out_of_bounds",
    "out_of_fuel",
    "timed_out",
)


@dataclass(frozen=True)
class Verdict:
    """The outcome part of a result, before scoring and bookkeeping."""

    outcome: Outcome
    reason_code: str
    said: Words
    measured: float | None = None
    limit: float | None = None
    pad: Pad | None = None

    @property
    def reason(self) -> str:
        return str(self.said)


def beyond(measured: float, limit: float, decimals: int) -> str | Words:
    """``measured`` written with enough decimals that it reads as more than ``limit``
    written with ``decimals``: 2.04 against 2.0 reads "2.04", never "2.0" (a reason must not
    say "2.0, safe is 2.0")."""
    shown_limit = float(f"{limit:.{decimals}f}")
    for d in range(decimals, decimals + 4):
        text = f"{measured:.{d}f}"
        if float(text) > shown_limit:
            return text
    return words("just over {0}", f"{limit:.{decimals}f}")


def judge_touchdown(
    vx: float,
    vy: float,
    angle: float,
    pad: Pad | None,
    limits: LandingLimits,
    *,
    distance_to_pad: float,
    fuel_empty: bool,
) -> Verdict:
    """Judge a touchdown with the velocity just before contact."""
    down = -vy
    tilt = abs(math.degrees(math.remainder(angle, 2 * math.pi)))
    verdict: Verdict
    if down > limits.max_vertical_speed:
        verdict = Verdict(
            Outcome.CRASHED,
            "too_fast_vertical",
            words(
                "too fast: {0} m/s down, safe is {1}",
                beyond(down, limits.max_vertical_speed, 1),
                f"{limits.max_vertical_speed:.1f}",
            ),
            down,
            limits.max_vertical_speed,
        )
    elif abs(vx) > limits.max_horizontal_speed:
        verdict = Verdict(
            Outcome.CRASHED,
            "too_fast_horizontal",
            words(
                "too fast sideways: {0} m/s, safe is {1}",
                beyond(abs(vx), limits.max_horizontal_speed, 1),
                f"{limits.max_horizontal_speed:.1f}",
            ),
            abs(vx),
            limits.max_horizontal_speed,
        )
    elif tilt > limits.max_tilt_deg:
        verdict = Verdict(
            Outcome.CRASHED,
            "too_tilted",
            words(
                "too tilted: {0}° from upright, safe is {1}°",
                beyond(tilt, limits.max_tilt_deg, 0),
                f"{limits.max_tilt_deg:.0f}",
            ),
            tilt,
            limits.max_tilt_deg,
        )
    elif pad is None:
        verdict = Verdict(
            Outcome.CRASHED,
            "off_pad",
            (
                words("touched down on rock, {0} m from the nearest pad", f"{distance_to_pad:.0f}")
                if distance_to_pad >= 1.0
                else words("touched down on rock just off the edge of a pad")
            ),
            distance_to_pad,
            None,
        )
    else:
        return Verdict(
            Outcome.LANDED,
            "landed",
            words(
                "landed on the ×{0} pad at {1} m/s", f"{pad.multiplier:g}", f"{max(down, 0.0):.1f}"
            ),
            max(down, 0.0),
            limits.max_vertical_speed,
            pad,
        )
    if fuel_empty:
        return Verdict(
            Outcome.OUT_OF_FUEL,
            "out_of_fuel",
            words("ran out of fuel, then crashed: {0}", verdict.said),
            verdict.measured,
            verdict.limit,
        )
    return verdict


def judge_lander_hit(impact_speed: float, limits: LandingLimits) -> Verdict:
    return Verdict(
        Outcome.CRASHED,
        "hit_lander",
        words(
            "hit another lander at {0} m/s, safe is {1}",
            beyond(impact_speed, limits.max_impact_speed, 1),
            f"{limits.max_impact_speed:.1f}",
        ),
        impact_speed,
        limits.max_impact_speed,
    )


def judge_out_of_bounds() -> Verdict:
    return Verdict(Outcome.OUT_OF_BOUNDS, "out_of_bounds", words("flew out of the mission area"))


def judge_time_up(time_limit_s: float, fuel_empty: bool) -> Verdict:
    if fuel_empty:
        return Verdict(
            Outcome.OUT_OF_FUEL,
            "out_of_fuel",
            words("ran out of fuel and was still in the air after {0} s", f"{time_limit_s:.0f}"),
        )
    return Verdict(
        Outcome.TIMED_OUT,
        "timed_out",
        words("still flying when the {0} s ran out", f"{time_limit_s:.0f}"),
        time_limit_s,
        time_limit_s,
    )


@dataclass(frozen=True)
class FlightResult:
    lander_id: int
    outcome: Outcome
    reason_code: str
    reason: str
    measured: float | None
    limit: float | None
    score: ScoreBreakdown | None  # None unless landed
    stars: int
    flight_time_s: float
    fuel_used: float
    pad_id: int | None
    tick: int
    said: Words | None = None  # the reason as a template and values (None: read back)

    @property
    def total(self) -> int:
        return 0 if self.score is None else self.score.total

    def to_dict(self) -> dict[str, object]:
        return {
            "lander_id": self.lander_id,
            "outcome": str(self.outcome),
            "reason_code": self.reason_code,
            "reason": self.reason,
            "measured": self.measured,
            "limit": self.limit,
            "score": None if self.score is None else self.score.to_dict(),
            "total": self.total,
            "stars": self.stars,
            "flight_time_s": self.flight_time_s,
            "fuel_used": self.fuel_used,
            "pad_id": self.pad_id,
            "tick": self.tick,
        }

    @classmethod
    def from_dict(cls, raw: object) -> FlightResult:
        d = mapping(raw, "result")
        outcome_text = get_str(d, "outcome", "result")
        try:
            outcome = Outcome(outcome_text)
        except ValueError:
            raise InvalidConfigError(
                f"result.outcome must be one of {[str(o) for o in Outcome]}, got {outcome_text!r}"
            ) from None
        code = get_str(d, "reason_code", "result")
        if code not in REASON_CODES:
            raise InvalidConfigError(f"result.reason_code {code!r} is not one of {REASON_CODES}")
        score_raw = d.get("score")
        pad_raw = d.get("pad_id")
        if pad_raw is not None and (isinstance(pad_raw, bool) or not isinstance(pad_raw, int)):
            raise InvalidConfigError(f"result.pad_id must be an integer or None, got {pad_raw!r}")
        return cls(
            lander_id=get_int(d, "lander_id", "result"),
            outcome=outcome,
            reason_code=code,
            reason=get_str(d, "reason", "result"),
            measured=None if d.get("measured") is None else get_float(d, "measured", "result"),
            limit=None if d.get("limit") is None else get_float(d, "limit", "result"),
            score=None if score_raw is None else ScoreBreakdown.from_dict(score_raw),
            stars=get_int(d, "stars", "result"),
            flight_time_s=get_float(d, "flight_time_s", "result"),
            fuel_used=get_float(d, "fuel_used", "result"),
            pad_id=pad_raw,
            tick=get_int(d, "tick", "result"),
        )
