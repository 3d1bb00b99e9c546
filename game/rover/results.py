"""A player's round in words and points: the outcome, the reason with the measured value
and the limit, the score breakdown and the stars.

On success: 100 for reaching the goal, up to 100 for a short program (shortest / yours),
up to 50 for few steps (fewest / yours), up to 50 for the time left (the race), less the
bump penalty per bump and 10 per failed run (the total never below 10). Stars: 1 for the
goal, 2 within two blocks of the shortest program with no bump, 3 for the shortest.
A round that never reached the goal gets up to 30 for how close the rover came.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from game.api import PlayerResult, ScoreLine
from game.words import Words, words

GOAL_POINTS = 100
LENGTH_POINTS = 100
STEP_POINTS = 50
TIME_POINTS = 50
FAILED_RUN_POINTS = 10
CLOSE_POINTS = 30
FLOOR_POINTS = 10
TWO_STARS_EXTRA_BLOCKS = 2


class RoverStatus(enum.IntEnum):
    PLAYING = 0  # writing or running
    REACHED = 1
    NOT_REACHED = 2
    NO_RUN = 3


CODES = {
    RoverStatus.PLAYING: ("writing", "writing or running"),
    RoverStatus.REACHED: ("reached", "reached the goal"),
    RoverStatus.NOT_REACHED: ("not_reached", "did not reach the goal"),
    RoverStatus.NO_RUN: ("no_run", "never ran a program"),
}


def cells(n: int) -> Words:
    return words("{0} cell" if n == 1 else "{0} cells", f"{n}")


@dataclass(frozen=True)
class Verdict:
    status: RoverStatus
    reason_code: str
    said: Words
    measured: float | None
    limit: float | None


def score_reached(
    player_id: int,
    verdict: Verdict,
    *,
    blocks: int,
    shortest: int,
    steps: int,
    fewest: int,
    bumps: int,
    bump_penalty: int,
    failed_runs: int,
    time_left_fraction: float,
    time_s: float,
    tick: int,
    details: dict[str, float | int | str | None],
) -> PlayerResult:
    lines = [ScoreLine("goal", "Reached the goal", GOAL_POINTS, f"+{GOAL_POINTS}")]
    short = math.floor(LENGTH_POINTS * min(1.0, shortest / max(1, blocks)))
    said = words("{0} blocks (shortest {1})", f"{blocks}", f"{shortest}")
    lines.append(ScoreLine("length", str(said), short, f"+{short}", said))
    quick = math.floor(STEP_POINTS * min(1.0, fewest / max(1, steps)))
    said = words("{0} steps (fewest {1})", f"{steps}", f"{fewest}")
    lines.append(ScoreLine("steps", str(said), quick, f"+{quick}", said))
    left = math.floor(TIME_POINTS * max(0.0, min(1.0, time_left_fraction)))
    lines.append(ScoreLine("time", "Time left", left, f"+{left}"))
    gained = GOAL_POINTS + short + quick + left
    room = gained - FLOOR_POINTS  # penalties never take the total below the floor
    if bumps and bump_penalty:
        cut = min(room, bumps * bump_penalty)
        room -= cut
        said = words("Bumps ×{0}", f"{bumps}")
        lines.append(ScoreLine("bumps", str(said), -cut, f"−{cut}", said))
    if failed_runs:
        cut = min(room, failed_runs * FAILED_RUN_POINTS)
        said = words("Failed runs ×{0}", f"{failed_runs}")
        lines.append(ScoreLine("failed_runs", str(said), -cut, f"−{cut}", said))
    stars = 1
    if blocks <= shortest + TWO_STARS_EXTRA_BLOCKS and bumps == 0:
        stars = 2
    if blocks <= shortest and bumps == 0:
        stars = 3
    return _result(player_id, verdict, True, lines, stars, time_s, tick, details)


def score_missed(
    player_id: int,
    verdict: Verdict,
    *,
    closest: int,
    start_distance: int,
    time_s: float,
    tick: int,
    details: dict[str, float | int | str | None],
) -> PlayerResult:
    lines: list[ScoreLine] = []
    if start_distance > 0 and closest < start_distance:
        part = math.floor(CLOSE_POINTS * (1.0 - closest / start_distance))
        if part > 0:
            said = words("Came within {0} of the goal", cells(closest))
            lines.append(ScoreLine("close", str(said), part, f"+{part}", said))
    return _result(player_id, verdict, False, lines, 0, time_s, tick, details)


def _result(
    player_id: int,
    verdict: Verdict,
    success: bool,
    lines: list[ScoreLine],
    stars: int,
    time_s: float,
    tick: int,
    details: dict[str, float | int | str | None],
) -> PlayerResult:
    return PlayerResult(
        player_id=player_id,
        outcome=CODES[verdict.status][0],
        success=success,
        reason_code=verdict.reason_code,
        reason=str(verdict.said),
        reason_words=verdict.said,
        measured=verdict.measured,
        limit=verdict.limit,
        score=int(sum(line.value for line in lines)),
        stars=stars,
        breakdown=tuple(lines),
        time_s=round(time_s, 3),
        tick=tick,
        details=details,
    )
