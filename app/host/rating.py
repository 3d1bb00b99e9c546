"""Glicko-2 ratings (Glickman, "Example of the Glicko-2 system", 2012), written here.

The PyPI ``glicko2`` package computes the volatility step with the rating in place of the
deviation, so it does not reproduce the paper's worked example; this module does (see
``tests/app/host/test_rating.py``). A round of up to eight students is one rating period in
which every student played every other: the higher score wins, equal scores draw.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SCALE = 173.7178
DEFAULT_RATING = 1500.0
DEFAULT_RD = 350.0
DEFAULT_VOLATILITY = 0.06
TAU = 0.5
PLACEMENT_MATCHES = 10  # rounds played before a rating is shown to anyone
CONVERGENCE = 1e-6
MAX_ITERATIONS = 200
MIN_RD = 30.0
MAX_RD = 350.0


class RatingError(ValueError):
    """A rating or a game outcome is outside what Glicko-2 accepts."""


@dataclass(frozen=True)
class Rating:
    """A student's Glicko-2 rating, deviation and volatility, and rated rounds played."""

    rating: float = DEFAULT_RATING
    rd: float = DEFAULT_RD
    volatility: float = DEFAULT_VOLATILITY
    matches: int = 0

    def __post_init__(self) -> None:
        for name in ("rating", "rd", "volatility"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise RatingError(f"{name} must be a number, got {value!r}")
            if not math.isfinite(value):
                raise RatingError(f"{name} must be finite, got {value!r}")
        if self.rd <= 0:
            raise RatingError(f"rd must be > 0, got {self.rd}")
        if self.volatility <= 0:
            raise RatingError(f"volatility must be > 0, got {self.volatility}")
        if self.matches < 0:
            raise RatingError(f"matches must be >= 0, got {self.matches}")

    @property
    def placed(self) -> bool:
        """True after the placement matches; before that the rating is not shown."""
        return self.matches >= PLACEMENT_MATCHES

    @property
    def shown(self) -> int | None:
        """The rating as shown to students and the teacher, or None while in placement."""
        return round(self.rating) if self.placed else None


def _g(phi: float) -> float:
    return 1.0 / math.sqrt(1.0 + 3.0 * phi * phi / (math.pi * math.pi))


def _expect(mu: float, mu_j: float, phi_j: float) -> float:
    return 1.0 / (1.0 + math.exp(-_g(phi_j) * (mu - mu_j)))


def _new_volatility(phi: float, sigma: float, delta: float, v: float, tau: float) -> float:
    """Step 5 of the paper: the Illinois algorithm on f(x)."""
    a = math.log(sigma * sigma)

    def f(x: float) -> float:
        ex = math.exp(x)
        top = ex * (delta * delta - phi * phi - v - ex)
        bottom = 2.0 * (phi * phi + v + ex) ** 2
        return top / bottom - (x - a) / (tau * tau)

    big_a = a
    if delta * delta > phi * phi + v:
        big_b = math.log(delta * delta - phi * phi - v)
    else:
        k = 1
        while f(a - k * tau) < 0 and k < MAX_ITERATIONS:
            k += 1
        big_b = a - k * tau
    f_a, f_b = f(big_a), f(big_b)
    for _ in range(MAX_ITERATIONS):
        if abs(big_b - big_a) <= CONVERGENCE:
            break
        big_c = big_a + (big_a - big_b) * f_a / (f_b - f_a)
        f_c = f(big_c)
        if f_c * f_b <= 0:
            big_a, f_a = big_b, f_b
        else:
            f_a /= 2.0
        big_b, f_b = big_c, f_c
    return math.exp(big_a / 2.0)


def update(player: Rating, games: Sequence[tuple[Rating, float]], *, tau: float = TAU) -> Rating:
    """The player's rating after one rating period of ``games`` = (opponent, score 0/0.5/1).

    With no games only the deviation grows (step 6 of the paper). ``matches`` counts periods.
    """
    for _, score in games:
        if not 0.0 <= score <= 1.0:
            raise RatingError(f"a game score must be within 0..1, got {score!r}")
    mu = (player.rating - DEFAULT_RATING) / SCALE
    phi = player.rd / SCALE
    sigma = player.volatility
    if not games:
        phi_star = math.sqrt(phi * phi + sigma * sigma)
        rd = min(MAX_RD, phi_star * SCALE)
        return Rating(player.rating, rd, sigma, player.matches)
    inv_v = 0.0
    total = 0.0
    for opponent, score in games:
        mu_j = (opponent.rating - DEFAULT_RATING) / SCALE
        phi_j = opponent.rd / SCALE
        g = _g(phi_j)
        e = _expect(mu, mu_j, phi_j)
        inv_v += g * g * e * (1.0 - e)
        total += g * (score - e)
    v = 1.0 / inv_v
    delta = v * total
    sigma_new = _new_volatility(phi, sigma, delta, v, tau)
    phi_star = math.sqrt(phi * phi + sigma_new * sigma_new)
    phi_new = 1.0 / math.sqrt(1.0 / (phi_star * phi_star) + 1.0 / v)
    mu_new = mu + phi_new * phi_new * total
    rd = min(MAX_RD, max(MIN_RD, phi_new * SCALE))
    return Rating(mu_new * SCALE + DEFAULT_RATING, rd, sigma_new, player.matches + 1)


def rate_round(ratings: Mapping[int, Rating], scores: Mapping[int, int]) -> dict[int, Rating]:
    """New ratings after a round: every pair of students who flew is one game.

    ``ratings`` and ``scores`` are keyed by student id; students without a score are left out.
    A round with one student changes nothing (there is nobody to compare with).
    """
    ids = [sid for sid in scores if sid in ratings]
    if len(ids) < 2:
        return {}
    out: dict[int, Rating] = {}
    for sid in ids:
        games = []
        for other in ids:
            if other == sid:
                continue
            mine, theirs = scores[sid], scores[other]
            result = 1.0 if mine > theirs else 0.5 if mine == theirs else 0.0
            games.append((ratings[other], result))
        out[sid] = update(ratings[sid], games)
    return out
