"""A player's round in words and points: the outcome, the reason with the measured value
and the limit (rounded so that the words never contradict the limit), the score
breakdown and the stars."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from game.api import PlayerResult, ScoreLine
from game.words import Words, words

HIT_POINTS = 100  # each target hit
CLOSE_POINTS = 50  # at most, per hit, for landing on the target's centre
SHOT_POINTS = 20  # each shot left when every target is hit
TIME_POINTS = 100  # at most, for the time left when every target is hit
TWO_STAR_MISSES = 2  # at most this many misses: two stars; none: three


class ProjectileStatus(enum.IntEnum):
    PLAYING = 0  # aiming, or a shell is in the air
    ALL_HIT = 1
    OUT_OF_SHOTS = 2
    TIMED_OUT = 3


CODES = {
    ProjectileStatus.PLAYING: ("aiming", "aiming or firing"),
    ProjectileStatus.ALL_HIT: ("all_hit", "every target hit"),
    ProjectileStatus.OUT_OF_SHOTS: ("out_of_shots", "out of shots"),
    ProjectileStatus.TIMED_OUT: ("timed_out", "timed out"),
}


@dataclass(frozen=True)
class Shot:
    """One shell fired: its launch, where it came down and against which target."""

    angle: float  # degrees
    speed: float  # m/s
    target: int  # the target it was fired at (index, nearest 0)
    landed_x: float  # m
    error: float  # m, landed_x - the target's centre (negative: short)
    hit: bool
    time: float  # s in the air


def shown_miss(error: float, half_width: float) -> tuple[str, str, float, float]:
    """A miss and the target's half-width as text and numbers, with the fewest decimals
    (1 to 3) at which the shown miss is still beyond the shown half-width."""
    miss = abs(error)
    for d in range(1, 4):
        scale = 10.0**d
        shown = math.floor(miss * scale) / scale
        limit = round(half_width, d)
        if shown > limit:
            return f"{shown:.{d}f}", f"{limit:.{d}f}", shown, limit
    shown = round(miss, 3) + 0.001
    return f"{shown:.3f}", f"{half_width:.3f}", shown, round(half_width, 3)


def closeness(error: float, half_width: float) -> int:
    """Points for a hit: 50 on the centre, down to 0 at the edge."""
    return math.floor(CLOSE_POINTS * max(0.0, 1.0 - abs(error) / half_width) + 1e-9)


@dataclass(frozen=True)
class Verdict:
    status: ProjectileStatus
    reason_code: str
    said: Words
    measured: float | None
    limit: float | None


def verdict(
    status: ProjectileStatus, shots: list[Shot], targets: tuple[float, ...], half_width: float
) -> Verdict:
    n = len(targets)
    hits = sum(s.hit for s in shots)
    used = len(shots)
    if status is ProjectileStatus.ALL_HIT:
        best = min(abs(s.error) for s in shots if s.hit)
        reason = words(
            "all {0} targets hit with {1} shots; closest {2} m from a centre"
            if used != 1
            else "all {0} targets hit with {1} shot; closest {2} m from a centre",
            f"{n}",
            f"{used}",
            f"{math.floor(best * 10) / 10:.1f}",
        )
        return Verdict(status, "all_hit", reason, float(used), None)
    if status is ProjectileStatus.OUT_OF_SHOTS:
        last = shots[-1]
        if last.hit:  # the last shell hit, but a target was left
            reason = words(
                "out of shots with {0} of {1} targets hit; the {2} m target was left",
                f"{hits}",
                f"{n}",
                f"{targets[hits]:g}",
            )
            return Verdict(status, "out_of_shots", reason, float(hits), float(n))
        miss, _, value, limit_value = shown_miss(last.error, half_width)
        reason = words(
            "out of shots, {0} of {1} hit: the last fell {2} m short of {3} m"
            if last.error < 0
            else "out of shots, {0} of {1} hit: the last fell {2} m past {3} m",
            f"{hits}",
            f"{n}",
            miss,
            f"{targets[last.target]:g}",
        )
        code = "last_short" if last.error < 0 else "last_long"
        return Verdict(status, code, reason, value, limit_value)
    reason = words(
        "time ran out with {0} of {1} targets hit in {2} shots"
        if used != 1
        else "time ran out with {0} of {1} targets hit in {2} shot",
        f"{hits}",
        f"{n}",
        f"{used}",
    )
    return Verdict(status, "timed_out", reason, float(hits), float(n))


def score(
    player_id: int,
    v: Verdict,
    *,
    shots: list[Shot],
    max_shots: int,
    half_width: float,
    time_s: float,
    time_limit_s: float,
    tick: int,
    details: dict[str, float | int | str | None],
) -> PlayerResult:
    """Points for each hit and its closeness; when every target is hit, for the shots and
    the time left. Stars: 1 for every target hit, 2 with at most two misses, 3 with none."""
    hits = [s for s in shots if s.hit]
    lines: list[ScoreLine] = []
    if hits:
        pts = HIT_POINTS * len(hits)
        said = words("Targets hit: {0}", f"{len(hits)}")
        lines.append(ScoreLine("hits", str(said), pts, f"+{pts}", said))
        close = sum(closeness(s.error, half_width) for s in hits)
        lines.append(ScoreLine("closeness", "Near the centres", close, f"+{close}"))
    success = v.status is ProjectileStatus.ALL_HIT
    stars = 0
    if success:
        left = max(0, max_shots - len(shots))
        bonus = SHOT_POINTS * left
        said = words("Shots left: {0}", f"{left}")
        lines.append(ScoreLine("shots_left", str(said), bonus, f"+{bonus}", said))
        frac = max(0.0, 1.0 - time_s / time_limit_s) if time_limit_s > 0 else 0.0
        quick = math.floor(TIME_POINTS * frac)
        lines.append(ScoreLine("time", "Time left", quick, f"+{quick}"))
        misses = len(shots) - len(hits)
        stars = 3 if misses == 0 else 2 if misses <= TWO_STAR_MISSES else 1
    total = int(sum(line.value for line in lines))
    return PlayerResult(
        player_id=player_id,
        outcome=CODES[v.status][0],
        success=success,
        reason_code=v.reason_code,
        reason=str(v.said),
        reason_words=v.said,
        measured=v.measured,
        limit=v.limit,
        score=total,
        stars=stars,
        breakdown=tuple(lines),
        time_s=round(time_s, 3),
        tick=tick,
        details=details,
    )


def live_points(shots: list[Shot], half_width: float) -> int:
    """The points so far (hits and closeness), as the snapshot shows them."""
    return sum(HIT_POINTS + closeness(s.error, half_width) for s in shots if s.hit)
