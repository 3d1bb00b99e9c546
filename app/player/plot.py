"""The results screen's plot: a game's first two telemetry channels over time, each with its
safe band shaded.

Drawn with arcade shapes on the canvas; :class:`Axes` maps data to canvas units and is pure,
so the tests check where a sample lands.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import arcade
import numpy as np
import numpy.typing as npt

from app.player import palette
from app.player.i18n import game_number, game_says, tr
from app.player.ui import Labels
from game.api import Channel

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Axes:
    """A data rectangle (t0..t1, v0..v1) drawn into a canvas rectangle."""

    left: float
    bottom: float
    width: float
    height: float
    t0: float
    t1: float
    v0: float
    v1: float

    def x(self, t: Floats | float) -> Floats:
        span = self.t1 - self.t0 or 1.0
        return np.asarray(self.left + (np.asarray(t) - self.t0) / span * self.width)

    def y(self, v: Floats | float) -> Floats:
        span = self.v1 - self.v0 or 1.0
        clipped = np.clip(np.asarray(v, dtype=np.float64), self.v0, self.v1)
        return np.asarray(self.bottom + (clipped - self.v0) / span * self.height)

    def points(self, t: Floats, v: Floats) -> list[tuple[float, float]]:
        xs, ys = self.x(t), self.y(v)
        return [(float(a), float(b)) for a, b in zip(xs, ys, strict=True)]


def nice_ceiling(value: float) -> float:
    """The next round number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k) at or above ``value``."""
    if value <= 0:
        return 1.0
    scale = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if step * scale >= value - 1e-9:
            return step * scale
    return 10.0 * scale


def channel_axes(
    t: Floats, values: Floats, channel: Channel, box: tuple[float, float, float, float]
) -> Axes:
    """Time from 0 to a round number; values from their low (or 0) to a round number, the
    safe band always inside the view."""
    left, bottom, width, height = box
    t1 = nice_ceiling(float(t.max()) if len(t) else 1.0)
    points = [float(v) for v in values] if len(values) else [0.0]
    points += [b for b in (channel.safe_low, channel.safe_high) if b is not None]
    high, low = max(points), min(points)
    if low >= 0:
        return Axes(left, bottom, width, height, 0.0, t1, 0.0, nice_ceiling(high * 1.1))
    span = nice_ceiling(max(abs(low), abs(high)) * 1.1)
    return Axes(left, bottom, width, height, 0.0, t1, -span, span)


def draw_channel_plot(
    labels: Labels,
    t: Floats,
    channels: list[tuple[Channel, Floats]],
    box: tuple[float, float, float, float],
) -> list[Axes]:
    """Up to two channels stacked on one time axis, each with its safe band shaded."""
    left, bottom, width, height = box
    shown = channels[:2]
    gap = 34.0
    rows = max(1, len(shown))
    panel_h = (height - gap * (rows - 1)) / rows
    colours = (palette.ORANGE, palette.SKY_BLUE)
    out: list[Axes] = []
    for i, (channel, values) in enumerate(shown):
        top = bottom + height - i * (panel_h + gap)
        ax = channel_axes(t, values, channel, (left, top - panel_h, width, panel_h))
        out.append(ax)
        arcade.draw_lrbt_rectangle_filled(
            ax.left, ax.left + ax.width, ax.bottom, ax.bottom + ax.height, (12, 16, 32)
        )
        if channel.safe_low is not None or channel.safe_high is not None:
            low = ax.v0 if channel.safe_low is None else channel.safe_low
            high = ax.v1 if channel.safe_high is None else channel.safe_high
            arcade.draw_lrbt_rectangle_filled(
                ax.left, ax.left + ax.width, float(ax.y(low)), float(ax.y(high)), palette.SAFE_BAND
            )
        arcade.draw_lrbt_rectangle_outline(
            ax.left, ax.left + ax.width, ax.bottom, ax.bottom + ax.height, palette.PANEL_EDGE, 1
        )
        if ax.v0 < 0 < ax.v1:
            zero = float(ax.y(0.0))
            arcade.draw_line(ax.left, zero, ax.left + ax.width, zero, palette.DIM_TEXT, 1)
        for end, value in (("top", ax.v1), ("bottom", ax.v0)):
            labels.draw(
                f"plot-{i}-{end}",
                f"{value:g}",
                ax.left - 6,
                ax.bottom + (ax.height - 6 if end == "top" else 0),
                size=12,
                colour=palette.DIM_TEXT,
                anchor_x="right",
            )
        if len(t) >= 2:
            arcade.draw_line_strip(ax.points(t, values), colours[i], 2.5)
            end_x, end_y = ax.points(t[-1:], values[-1:])[0]
            arcade.draw_circle_filled(end_x, end_y, 6, palette.VERMILLION)
        band = _band_text(channel)
        unit = f" ({game_says(channel.unit)})" if channel.unit else ""
        title = game_says(channel.label) + unit + band
        labels.draw(
            f"plot-{i}-title",
            title,
            left,
            ax.bottom + ax.height + 8,
            size=labels.fitting_size(title, width, 15, bold=True),
            colour=colours[i],
            bold=True,
        )
    for i in range(len(shown), 2):
        labels.draw(f"plot-{i}-title", "", -100, -100, size=15)
    labels.draw(
        "plot-t-end",
        f"{out[-1].t1:g} s" if out else "",
        left + width,
        bottom - 20,
        size=12,
        colour=palette.DIM_TEXT,
        anchor_x="right",
    )
    labels.draw("plot-t-0", "0 s", left, bottom - 20, size=12, colour=palette.DIM_TEXT)
    return out


def _band_text(channel: Channel) -> str:
    low, high = channel.safe_low, channel.safe_high
    if low is None:
        if high is None:
            return ""
        return tr("; safe ≤ {0} shaded").format(game_number(high))
    if high is None:
        return tr("; safe ≥ {0} shaded").format(game_number(low))
    return tr("; safe {0} to {1} shaded").format(game_number(low), game_number(high))
