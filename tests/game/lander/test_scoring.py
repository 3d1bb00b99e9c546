from __future__ import annotations

import pytest

from game.lander import ScoreBreakdown, score_landing, stars_for
from game.lander.scoring import precision_bonus, time_bonus


def test_score_follows_the_seed_formula() -> None:
    s = score_landing(
        pad_multiplier=3.0,
        pad_width=16.0,
        offset=2.0,
        fuel_left=42.26,
        flight_time_s=24.0,
        time_limit_s=60.0,
        difficulty=1.5,
    )
    # precision 100 * (1 - 2/8) = 75; time 100 * (1 - 24/60) = 60; fuel 422.6 -> 423
    assert (s.base, s.fuel_bonus, s.precision_bonus, s.time_bonus) == (100, 423, 75, 60)
    assert s.total == round((100 * 3.0 + 423 + 75 + 60) * 1.5) == 1287


def test_bonuses_are_bounded_and_monotone() -> None:
    offsets = [precision_bonus(o, 10.0) for o in (0.0, 1.0, 2.5, 4.9, 5.0, 9.0)]
    assert offsets == sorted(offsets, reverse=True)
    assert offsets[0] == 100 and offsets[-1] == 0
    assert precision_bonus(-2.5, 10.0) == precision_bonus(2.5, 10.0) == 50
    times = [time_bonus(t, 60.0) for t in (0.0, 10.0, 30.0, 59.0, 60.0, 90.0)]
    assert times == sorted(times, reverse=True)
    assert times[0] == 100 and times[-1] == 0


def test_stars_count_reached_thresholds() -> None:
    th = (200, 750, 1100)
    assert [stars_for(s, th) for s in (0, 199, 200, 749, 750, 1099, 1100, 5000)] == [
        0,
        0,
        1,
        1,
        2,
        2,
        3,
        3,
    ]
    with pytest.raises(ValueError, match="three scores"):
        stars_for(10, (1, 2))


def test_lines_show_the_breakdown_in_order() -> None:
    s = ScoreBreakdown(100, 5.0, 300, 80, 55, 1.5, 1403)
    assert s.lines() == [
        ("Base", "100"),
        ("Pad multiplier", "×5"),
        ("Fuel bonus", "+300"),
        ("Precision bonus", "+80"),
        ("Time bonus", "+55"),
        ("World difficulty", "×1.5"),
        ("Total", "1403"),
    ]
    assert ScoreBreakdown.from_dict(s.to_dict()) == s
