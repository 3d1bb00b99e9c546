"""Titles and reasons never run off their panel: a text too wide for its room is drawn
smaller (measured by arcade in the real player window, under Xvfb)."""

from __future__ import annotations

import arcade

from app.player.ui import FONT, Labels
from app.player.window import PlayerWindow


def width_at(text: str, size: float, bold: bool) -> float:
    return float(arcade.Text(text, 0, 0, font_size=size, font_name=FONT, bold=bold).content_width)


def test_a_title_too_wide_for_its_plot_shrinks_to_fit_and_a_short_one_keeps_its_size(
    window: PlayerWindow,
) -> None:
    labels = Labels()
    long_title = "Budget used (%), safe up to 100 shaded"
    assert width_at(long_title, 15, True) > 430  # what ran off the results plot
    size = labels.fitting_size(long_title, 430, 15, bold=True)
    assert 10 <= size < 15
    assert width_at(long_title, size, True) <= 430
    assert labels.fitting_size("Stress (%)", 430, 15, bold=True) == 15


def test_it_never_shrinks_below_the_smallest_size(window: PlayerWindow) -> None:
    assert Labels().fitting_size("x" * 400, 100, 15) == 10
