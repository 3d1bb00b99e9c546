"""A habitat's round in words and points: the outcome, the reason with the measured value
and the limit (rounded down, so the words never contradict the limit), the score
breakdown and the stars."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from game.api import PlayerResult, ScoreLine
from game.words import Words, words

NEED = 0.5  # of the round in the band to succeed
TWO_STARS = 0.70
THREE_STARS = 0.85
BAND_POINTS = 300  # for the whole round in the band
SURVIVED_POINTS = 30  # both species alive at the end
END_POINTS = 20  # in the band when the round ended


class EcologyStatus(enum.IntEnum):
    PLAYING = 0
    BALANCED = 1
    UNBALANCED = 2
    FOXES_GONE = 3
    RABBITS_GONE = 4
    OVERRUN = 5


CODES = {
    EcologyStatus.PLAYING: ("playing", "managing the habitat"),
    EcologyStatus.BALANCED: ("balanced", "balanced"),
    EcologyStatus.UNBALANCED: ("unbalanced", "out of balance"),
    EcologyStatus.FOXES_GONE: ("foxes_gone", "foxes died out"),
    EcologyStatus.RABBITS_GONE: ("rabbits_gone", "rabbits died out"),
    EcologyStatus.OVERRUN: ("overrun", "overrun by rabbits"),
}


def down(value: float, decimals: int = 1) -> float:
    """Rounded down: a share never shows above what it was (49.96 % shows 49.9 %)."""
    scale = 10.0**decimals
    return math.floor(value * scale + 1e-9) / scale


@dataclass(frozen=True)
class Verdict:
    status: EcologyStatus
    reason_code: str
    said: Words
    measured: float | None
    limit: float | None


def verdict(
    status: EcologyStatus, share: float, week: float, rabbits: float, foxes: float
) -> Verdict:
    """The outcome in words. ``share``: of the round in the band (0..1)."""
    pct = down(100.0 * share)
    need = 100.0 * NEED
    if status is EcologyStatus.FOXES_GONE:
        reason = words(
            "the foxes died out in week {0} ({1} rabbits left)", f"{week:.0f}", f"{rabbits:.0f}"
        )
        return Verdict(status, "foxes_gone", reason, pct, need)
    if status is EcologyStatus.RABBITS_GONE:
        reason = words(
            "the rabbits died out in week {0} ({1} foxes left)", f"{week:.0f}", f"{foxes:.0f}"
        )
        return Verdict(status, "rabbits_gone", reason, pct, need)
    if status is EcologyStatus.OVERRUN:
        reason = words(
            "the rabbits overran the habitat in week {0} ({1})", f"{week:.0f}", f"{rabbits:,.0f}"
        )
        return Verdict(status, "overrun", reason, pct, need)
    if share >= NEED:
        reason = words("in the band {0} % of the time (needed {1} %)", f"{pct:g}", f"{need:g}")
        return Verdict(EcologyStatus.BALANCED, "balanced", reason, pct, need)
    reason = words("in the band only {0} % of the time (needed {1} %)", f"{pct:g}", f"{need:g}")
    return Verdict(EcologyStatus.UNBALANCED, "too_little_in_band", reason, pct, need)


def score(
    player_id: int,
    v: Verdict,
    *,
    share: float,
    inside_at_end: bool,
    time_s: float,
    tick: int,
    details: dict[str, float | int | str | None],
) -> PlayerResult:
    """Points for the share of the round in the band, for both species alive, for ending
    in the band; stars 1 from 50 % in the band, 2 from 70 %, 3 from 85 %."""
    lines: list[ScoreLine] = []
    pct = down(100.0 * share)
    band = math.floor(BAND_POINTS * max(0.0, min(1.0, share)))
    if band > 0:
        said = words("In the band {0} %", f"{pct:g}")
        lines.append(ScoreLine("band", str(said), band, f"+{band}", said))
    alive = v.status in (EcologyStatus.BALANCED, EcologyStatus.UNBALANCED)
    if alive:
        lines.append(ScoreLine("survived", "Both survived", SURVIVED_POINTS, f"+{SURVIVED_POINTS}"))
        if inside_at_end:
            lines.append(ScoreLine("end", "In band at the end", END_POINTS, f"+{END_POINTS}"))
    success = v.status is EcologyStatus.BALANCED
    stars = 0
    if success:
        stars = 3 if share >= THREE_STARS else 2 if share >= TWO_STARS else 1
    return PlayerResult(
        player_id=player_id,
        outcome=CODES[v.status][0],
        success=success,
        reason_code=v.reason_code,
        reason=str(v.said),
        reason_words=v.said,
        measured=v.measured,
        limit=v.limit,
        score=int(sum(line.value for line in lines)),
        stars=stars,
        breakdown=tuple(lines),
        time_s=round(time_s, 3),
        tick=tick,
        details=details,
    )
