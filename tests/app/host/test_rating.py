from __future__ import annotations

import pytest

from app.host.rating import PLACEMENT_MATCHES, Rating, RatingError, rate_round, update


def test_glickman_worked_example() -> None:
    after = update(
        Rating(1500, 200, 0.06),
        [(Rating(1400, 30), 1.0), (Rating(1550, 100), 0.0), (Rating(1700, 300), 0.0)],
    )
    # the paper prints 1464.06 from mu' rounded to -0.2069; exact arithmetic gives 1464.0507
    assert after.rating == pytest.approx(1464.06, abs=0.01)
    assert after.rd == pytest.approx(151.52, abs=0.01)
    assert after.volatility == pytest.approx(0.05999, abs=1e-5)
    assert after.matches == 1


def test_no_games_only_widens_the_deviation() -> None:
    after = update(Rating(1600, 100, 0.06, 4), [])
    assert after.rating == 1600 and after.rd > 100 and after.matches == 4


def test_rating_hidden_until_placement_done() -> None:
    r = Rating(1612.4, 80, 0.06, PLACEMENT_MATCHES - 1)
    assert r.shown is None and not r.placed
    assert Rating(1612.4, 80, 0.06, PLACEMENT_MATCHES).shown == 1612


def test_rate_round_winner_up_loser_down() -> None:
    start = {1: Rating(), 2: Rating(), 3: Rating()}
    new = rate_round(start, {1: 900, 2: 500, 3: 500})
    assert new[1].rating > 1500 > new[2].rating
    assert new[2].rating == pytest.approx(new[3].rating)
    assert rate_round(start, {1: 900}) == {}


def test_bad_values_are_refused() -> None:
    with pytest.raises(RatingError, match="rd must be > 0"):
        Rating(1500, 0)
    with pytest.raises(RatingError, match=r"within 0\.\.1"):
        update(Rating(), [(Rating(), 2.0)])
