"""The results screen's flight plot: altitude and vertical speed over time, with the safe band.

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
from app.player.flightlog import FlightSeries
from app.player.ui import Labels

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


def speed_axes(series: FlightSeries, safe: float, box: tuple[float, float, float, float]) -> Axes:
    left, bottom, width, height = box
    t1 = nice_ceiling(float(series.t.max()) if len(series) else 1.0)
    span = max(float(np.abs(series.vy).max()) if len(series) else 0.0, safe * 1.5)
    v = nice_ceiling(span)
    return Axes(left, bottom, width, height, 0.0, t1, -v, v)


def altitude_axes(series: FlightSeries, box: tuple[float, float, float, float]) -> Axes:
    left, bottom, width, height = box
    t1 = nice_ceiling(float(series.t.max()) if len(series) else 1.0)
    top = nice_ceiling(float(series.altitude.max()) if len(series) else 1.0)
    return Axes(left, bottom, width, height, 0.0, t1, 0.0, top)


def draw_flight_plot(
    labels: Labels,
    series: FlightSeries,
    safe_descent: float,
    box: tuple[float, float, float, float],
) -> tuple[Axes, Axes]:
    """Altitude above, vertical speed below (safe band shaded), sharing the time axis."""
    left, bottom, width, height = box
    gap = 34.0
    half = (height - gap) / 2
    alt = altitude_axes(series, (left, bottom + half + gap, width, half))
    spd = speed_axes(series, safe_descent, (left, bottom, width, half))
    for name, ax in (("alt", alt), ("spd", spd)):
        arcade.draw_lrbt_rectangle_filled(
            ax.left, ax.left + ax.width, ax.bottom, ax.bottom + ax.height, (12, 16, 32)
        )
        arcade.draw_lrbt_rectangle_outline(
            ax.left, ax.left + ax.width, ax.bottom, ax.bottom + ax.height, palette.PANEL_EDGE, 1
        )
        labels.draw(
            f"plot-{name}-top",
            f"{ax.v1:g}",
            ax.left - 6,
            ax.bottom + ax.height - 6,
            size=12,
            colour=palette.DIM_TEXT,
            anchor_x="right",
        )
        labels.draw(
            f"plot-{name}-bottom",
            f"{ax.v0:g}",
            ax.left - 6,
            ax.bottom,
            size=12,
            colour=palette.DIM_TEXT,
            anchor_x="right",
        )
    # the safe band: descending slower than the limit (and climbing, drawn the same width)
    band_low, band_high = float(spd.y(-safe_descent)), float(spd.y(safe_descent))
    arcade.draw_lrbt_rectangle_filled(
        spd.left, spd.left + spd.width, band_low, band_high, palette.SAFE_BAND
    )
    zero = float(spd.y(0.0))
    arcade.draw_line(spd.left, zero, spd.left + spd.width, zero, palette.DIM_TEXT, 1)
    if len(series) >= 2:
        arcade.draw_line_strip(alt.points(series.t, series.altitude), palette.ORANGE, 2.5)
        arcade.draw_line_strip(spd.points(series.t, series.vy), palette.SKY_BLUE, 2.5)
        end_x, end_y = spd.points(series.t[-1:], series.vy[-1:])[0]
        arcade.draw_circle_filled(end_x, end_y, 6, palette.VERMILLION)
    labels.draw(
        "plot-alt-title",
        "Altitude (m)",
        left,
        alt.bottom + alt.height + 8,
        size=15,
        colour=palette.ORANGE,
        bold=True,
    )
    labels.draw(
        "plot-spd-title",
        f"Vertical speed (m/s), safe ±{safe_descent:g} shaded",
        left,
        spd.bottom + spd.height + 8,
        size=15,
        colour=palette.SKY_BLUE,
        bold=True,
    )
    labels.draw(
        "plot-t-end",
        f"{spd.t1:g} s",
        left + width,
        bottom - 20,
        size=12,
        colour=palette.DIM_TEXT,
        anchor_x="right",
    )
    labels.draw("plot-t-0", "0 s", left, bottom - 20, size=12, colour=palette.DIM_TEXT)
    return alt, spd
