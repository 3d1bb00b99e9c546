"""A player's round in words and points: the part of the round the gauge read inside the
band, against the goal (both shown rounded down to 0.1 %, so the words never contradict
the limit), the score breakdown and the stars."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from game.api import PlayerResult, ScoreLine
from game.words import words

BAND_POINTS = 400  # for the whole round in the band
CENTRE_POINTS = 100  # for reading the band's centre exactly while in it
HELD_POINTS = 100  # the goal met
TWO_STARS = 85.0  # % of the round in the band
THREE_STARS = 95.0


class GasStatus(enum.IntEnum):
    PLAYING = 0
    HELD = 1
    DRIFTED = 2


CODES = {
    GasStatus.PLAYING: ("playing", "playing"),
    GasStatus.HELD: ("held", "held the band"),
    GasStatus.DRIFTED: ("drifted", "drifted out"),
}


def down(value: float, decimals: int = 1) -> float:
    """Rounded down: a share never shows more than it was."""
    scale = 10.0**decimals
    return math.floor(value * scale + 1e-9) / scale


@dataclass(frozen=True)
class Tally:
    """What a round measured of one player."""

    ticks: int  # steps played
    in_band: int  # steps with the gauge inside the band
    above: int  # steps above it
    below: int  # steps below it
    closeness: float  # sum over in-band steps of 1 - |P - centre| / half width
    moved: bool  # the player used the heater or the piston at all

    @property
    def share(self) -> float:
        """% of the round in the band."""
        return 100.0 * self.in_band / self.ticks if self.ticks else 0.0


def score(
    player_id: int,
    tally: Tally,
    goal: float,
    *,
    time_s: float,
    tick: int,
    details: dict[str, float | int | str | None],
) -> PlayerResult:
    share = down(tally.share)
    held = share >= goal
    status = GasStatus.HELD if held else GasStatus.DRIFTED
    lines: list[ScoreLine] = []
    band = math.floor(BAND_POINTS * tally.in_band / tally.ticks) if tally.ticks else 0
    said = words("In the band {0} %", f"{share:.1f}")
    lines.append(ScoreLine("in_band", str(said), band, f"+{band}", said))
    centred = 0
    if tally.in_band:
        mean = max(0.0, min(1.0, tally.closeness / tally.in_band))
        centred = math.floor(CENTRE_POINTS * mean * tally.in_band / tally.ticks)
    lines.append(ScoreLine("centred", "Near the centre", centred, f"+{centred}"))
    if held:
        lines.append(ScoreLine("held", "Goal held", HELD_POINTS, f"+{HELD_POINTS}"))
    stars = 0
    if held:
        stars = 1 + (share >= max(goal, TWO_STARS)) + (share >= max(goal, THREE_STARS))
    if held:
        reason = words("in the band {0} % of the time (goal {1} %)", f"{share:.1f}", f"{goal:g}")
        code = "held"
    else:
        way = "above" if tally.above >= tally.below else "below"
        reason = words(
            "in the band only {0} % of the time, {1} % needed", f"{share:.1f}", f"{goal:g}"
        )
        code = f"mostly_{way}" if tally.moved else "no_control"
    return PlayerResult(
        player_id=player_id,
        outcome=CODES[status][0],
        success=held,
        reason_code=code,
        reason=str(reason),
        reason_words=reason,
        measured=share,
        limit=float(goal),
        score=int(sum(line.value for line in lines)),
        stars=stars,
        breakdown=tuple(lines),
        time_s=round(time_s, 3),
        tick=tick,
        details=details,
    )
