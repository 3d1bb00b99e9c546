"""Round modes: what a round asks of a room and how its results count.

- Solo: students fly on their own, optionally with AI pilots flown by the host; not rated.
- Competitive: up to 8 race to land; the round is rated (Glicko-2, every pair one game).
- Cooperative: one team score, the sum of the room's scores; the shared objective is met
  when at least half of the team succeeded (landed, for the lander).
- Survival: waves of rising difficulty; who succeeds plays the next, harder wave (each
  game says how a wave gets harder).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

MAX_WAVES = 5


class Mode(enum.StrEnum):
    SOLO = "solo"
    COMPETITIVE = "competitive"
    COOPERATIVE = "cooperative"
    SURVIVAL = "survival"

    @property
    def rated(self) -> bool:
        return self is Mode.COMPETITIVE


def parse_mode(text: str) -> Mode:
    try:
        return Mode(text.strip().lower())
    except ValueError:
        known = ", ".join(m.value for m in Mode)
        raise ValueError(f"unknown mode {text!r}; choose one of {known}") from None


def team_score(scores: Sequence[int]) -> int:
    """A cooperative round's one score: everyone's points together."""
    return int(sum(scores))


def objective_met(succeeded: int, team_size: int) -> bool:
    """The shared objective: at least half of the team succeeded."""
    return team_size > 0 and 2 * succeeded >= team_size
