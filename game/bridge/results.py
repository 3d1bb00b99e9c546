"""A player's round in words and points: the outcome, the reason with the measured value
and the limit (rounded so the two never contradict each other), the score breakdown and
the stars."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from game.api import PlayerResult, ScoreLine
from game.words import Words, words

LOAD_POINTS = 100  # the trucks crossed
PARTIAL_POINTS = 60  # at most, for the part of the crossing a failed bridge carried
BUDGET_POINTS = 200  # for the whole budget left (the room races to the cheapest bridge)
INTACT_POINTS = 30  # no member broke
TWO_STARS = 1.20  # cost within this factor of the reference design's
THREE_STARS = 1.05


class BridgeStatus(enum.IntEnum):
    PLAYING = 0  # building, or the trucks are crossing
    HELD = 1
    COLLAPSED = 2
    NOT_RIGID = 3
    OVER_BUDGET = 4
    NO_BRIDGE = 5
    TIMED_OUT = 6


CODES = {
    BridgeStatus.PLAYING: ("building", "building or testing"),
    BridgeStatus.HELD: ("held", "held"),
    BridgeStatus.COLLAPSED: ("collapsed", "collapsed"),
    BridgeStatus.NOT_RIGID: ("not_rigid", "not rigid"),
    BridgeStatus.OVER_BUDGET: ("over_budget", "over budget"),
    BridgeStatus.NO_BRIDGE: ("no_bridge", "no bridge"),
    BridgeStatus.TIMED_OUT: ("timed_out", "timed out"),
}


def over(measured: float, limit: float) -> tuple[str, str, float, float]:
    """A value that broke its limit and the limit, as text and numbers, shown with the
    fewest decimals (1 to 4) at which the shown value is still above the shown limit (the
    value is rounded up, the limit to the nearest)."""
    for d in range(1, 5):
        scale = 10.0**d
        shown_limit = round(limit, d)
        shown = math.ceil(measured * scale - 1e-9) / scale
        if shown > shown_limit:
            return f"{shown:,.{d}f}", f"{shown_limit:,.{d}f}", shown, shown_limit
    shown = math.ceil(measured * 1e4) / 1e4 + 1e-4
    return f"{shown:,.4f}", f"{limit:,.4f}", shown, round(limit, 4)


def under(value: float, decimals: int = 1) -> float:
    """A value within its limit, rounded down (so it never shows above the limit)."""
    scale = 10.0**decimals
    return math.floor(value * scale + 1e-9) / scale


def money(value: float) -> str:
    return f"${value:,.0f}"


@dataclass(frozen=True)
class Break:
    """A member that broke: its force (kN, + tension), its strength (kN) and how."""

    member: int
    label: Words
    force: float
    strength: float
    buckled: bool
    x: float  # m, the lead truck's centre when it broke

    @property
    def verb(self) -> str:
        if self.force > 0:
            return "snapped"
        return "buckled" if self.buckled else "was crushed"

    def text(self) -> tuple[Words, float, float]:
        """ "top chord 4 buckled: 612.4 kN in compression, strength 603.0 kN" (short enough
        for one line of a results screen), the force and the strength as shown."""
        shown, limit, value, limit_value = over(abs(self.force), self.strength)
        if self.force > 0:
            said = words(
                "{0} snapped: {1} kN in tension, strength {2} kN", self.label, shown, limit
            )
        elif self.buckled:
            said = words(
                "{0} buckled: {1} kN in compression, strength {2} kN", self.label, shown, limit
            )
        else:
            said = words(
                "{0} was crushed: {1} kN in compression, strength {2} kN", self.label, shown, limit
            )
        return said, value, limit_value

    def broke(self) -> Words:
        """ "a member broke: top chord 4 buckled (612.4 kN, strength 603.0 kN)" """
        shown, limit, _, _ = over(abs(self.force), self.strength)
        if self.force > 0:
            return words(
                "a member broke: {0} snapped ({1} kN, strength {2} kN)", self.label, shown, limit
            )
        if self.buckled:
            return words(
                "a member broke: {0} buckled ({1} kN, strength {2} kN)", self.label, shown, limit
            )
        return words(
            "a member broke: {0} was crushed ({1} kN, strength {2} kN)", self.label, shown, limit
        )


@dataclass(frozen=True)
class Verdict:
    status: BridgeStatus
    reason_code: str
    said: Words
    measured: float | None
    limit: float | None
    progress: float  # 0..1 of the crossing the bridge carried


def score(
    player_id: int,
    verdict: Verdict,
    *,
    cost: int,
    budget: int,
    reference_cost: int | None,
    intact: bool,
    time_s: float,
    tick: int,
    details: dict[str, float | int | str | None],
) -> PlayerResult:
    """The result: points for carrying the trucks, for the budget left and for no broken
    member; stars 1 for a bridge that held, 2 within 20 % of the reference design's cost,
    3 within 5 % with no member broken."""
    held = verdict.status is BridgeStatus.HELD
    lines: list[ScoreLine] = []
    stars = 0
    if held:
        lines.append(ScoreLine("load", "Load carried", LOAD_POINTS, f"+{LOAD_POINTS}"))
        left = max(0, budget - cost)
        bonus = math.floor(BUDGET_POINTS * left / budget) if budget > 0 else 0
        said = words("Budget left {0}", money(left))
        lines.append(ScoreLine("budget_left", str(said), bonus, f"+{bonus}", said))
        if intact:
            lines.append(ScoreLine("intact", "No member broke", INTACT_POINTS, f"+{INTACT_POINTS}"))
        stars = 1
        ref = reference_cost if reference_cost is not None else cost
        if cost <= TWO_STARS * ref:
            stars = 2
        if cost <= THREE_STARS * ref and intact:
            stars = 3
    else:
        part = math.floor(PARTIAL_POINTS * max(0.0, min(1.0, verdict.progress)))
        if part > 0:
            percent = math.floor(100 * verdict.progress)
            said = words("Carried {0} % of the way", f"{percent}")
            lines.append(ScoreLine("load", str(said), part, f"+{part}", said))
    total = int(sum(line.value for line in lines))
    code = CODES[verdict.status][0]
    return PlayerResult(
        player_id=player_id,
        outcome=code,
        success=held,
        reason_code=verdict.reason_code,
        reason=str(verdict.said),
        reason_words=verdict.said,
        measured=verdict.measured,
        limit=verdict.limit,
        score=total,
        stars=stars,
        breakdown=tuple(lines),
        time_s=round(time_s, 3),
        tick=tick,
        details=details,
    )
