"""The seed's score: base 100 x pad multiplier + fuel x 10 + precision + time, x difficulty.

Bonus formulas (bounded and monotone):

* precision bonus = round(100 x max(0, 1 - |offset from pad centre| / (pad width / 2))):
  100 dead centre, 0 at the pad's edge.
* time bonus = round(100 x max(0, 1 - flight time / time limit)): 100 for an instant
  landing, 0 at the time limit.
* fuel bonus = round(10 x fuel left in kg).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from game.errors import InvalidConfigError
from game.fields import get_float, get_int, mapping

BASE_SCORE = 100
FUEL_POINTS_PER_KG = 10
PRECISION_MAX = 100
TIME_MAX = 100


@dataclass(frozen=True)
class ScoreBreakdown:
    base: int
    pad_multiplier: float
    fuel_bonus: int
    precision_bonus: int
    time_bonus: int
    difficulty_multiplier: float
    total: int

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) rows in the order the score is built, for a UI to show."""
        return [
            ("Base", f"{self.base}"),
            ("Pad multiplier", f"×{self.pad_multiplier:g}"),
            ("Fuel bonus", f"+{self.fuel_bonus}"),
            ("Precision bonus", f"+{self.precision_bonus}"),
            ("Time bonus", f"+{self.time_bonus}"),
            ("World difficulty", f"×{self.difficulty_multiplier:g}"),
            ("Total", f"{self.total}"),
        ]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: object) -> ScoreBreakdown:
        d: Mapping[str, object] = mapping(raw, "score")
        return cls(
            base=get_int(d, "base", "score"),
            pad_multiplier=get_float(d, "pad_multiplier", "score"),
            fuel_bonus=get_int(d, "fuel_bonus", "score"),
            precision_bonus=get_int(d, "precision_bonus", "score"),
            time_bonus=get_int(d, "time_bonus", "score"),
            difficulty_multiplier=get_float(d, "difficulty_multiplier", "score"),
            total=get_int(d, "total", "score"),
        )


def precision_bonus(offset: float, pad_width: float) -> int:
    half = pad_width / 2
    if half <= 0:
        return 0
    return round(PRECISION_MAX * max(0.0, 1.0 - abs(offset) / half))


def time_bonus(flight_time_s: float, time_limit_s: float) -> int:
    if time_limit_s <= 0:
        return 0
    return round(TIME_MAX * min(1.0, max(0.0, 1.0 - flight_time_s / time_limit_s)))


def score_landing(
    *,
    pad_multiplier: float,
    pad_width: float,
    offset: float,
    fuel_left: float,
    flight_time_s: float,
    time_limit_s: float,
    difficulty: float,
) -> ScoreBreakdown:
    """The breakdown of a safe landing ``offset`` m from the centre of its pad."""
    fuel = round(FUEL_POINTS_PER_KG * max(0.0, fuel_left))
    precision = precision_bonus(offset, pad_width)
    timing = time_bonus(flight_time_s, time_limit_s)
    total = round((BASE_SCORE * pad_multiplier + fuel + precision + timing) * difficulty)
    return ScoreBreakdown(
        base=BASE_SCORE,
        pad_multiplier=pad_multiplier,
        fuel_bonus=fuel,
        precision_bonus=precision,
        time_bonus=timing,
        difficulty_multiplier=difficulty,
        total=total,
    )


def stars_for(score: int, thresholds: Sequence[int]) -> int:
    """How many of the (rising) thresholds ``score`` reaches: 0..3."""
    if len(thresholds) != 3:
        raise InvalidConfigError(f"star thresholds must be three scores, got {list(thresholds)}")
    return sum(1 for t in thresholds if score >= t)
