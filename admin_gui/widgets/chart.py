"""A small time-series chart drawn with QPainter: lines, a shaded safe band, labelled axes.

Readable on a projector: the fonts follow the widget's font, lines are 2 device-independent
pixels wide and Qt scales everything on high-DPI screens.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

FloatArray = npt.NDArray[np.float64]
MAX_POINTS = 2000  # more samples than pixels are thinned before drawing


@dataclass(frozen=True, eq=False)
class Series:
    name: str
    values: FloatArray
    color: str


@dataclass(frozen=True)
class Band:
    """A range drawn as a shaded strip, e.g. the safe touchdown speeds."""

    low: float
    high: float
    label: str
    color: str = "#2e7d32"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high (1, 2, 5 × 10^n steps)."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low]
    raw = (high - low) / max(1, count)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    first = math.ceil(low / step) * step
    ticks: list[float] = []
    value = first
    while value <= high + step * 1e-9 and len(ticks) < 50:
        ticks.append(0.0 if abs(value) < step * 1e-9 else value)
        value += step
    return ticks


class TimeSeriesChart(QWidget):
    """Lines over a shared time axis, with an optional safe band."""

    def __init__(self, title: str, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.unit = unit
        self._t: FloatArray = np.zeros(0)
        self._series: list[Series] = []
        self._bands: list[Band] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(320, 160))
        self.setAccessibleName(title)

    def set_data(
        self, t: FloatArray, series: list[Series], bands: list[Band] | None = None
    ) -> None:
        for s in series:
            if s.values.shape != t.shape:
                raise ValueError(
                    f"series {s.name} has {s.values.shape[0]} values, t has {t.shape[0]}"
                )
        self._t = t
        self._series = series
        self._bands = bands or []
        self.update()

    def series(self) -> list[Series]:
        return list(self._series)

    def bands(self) -> list[Band]:
        return list(self._bands)

    def y_range(self) -> tuple[float, float]:
        values = [s.values[np.isfinite(s.values)] for s in self._series]
        pool = np.concatenate(values) if values else np.zeros(0)
        lows = [float(pool.min())] if pool.size else []
        highs = [float(pool.max())] if pool.size else []
        for band in self._bands:
            lows.append(band.low)
            highs.append(band.high)
        if not lows:
            return 0.0, 1.0
        low, high = min(lows), max(highs)
        if high - low < 1e-6:
            low, high = low - 1.0, high + 1.0
        pad = (high - low) * 0.06
        return low - pad, high + pad

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.base())
        fm = painter.fontMetrics()
        line_h = fm.height()
        left = fm.horizontalAdvance("-00000.0") + 10
        plot = QRectF(left, line_h * 1.6, self.width() - left - 12, self.height() - line_h * 3.4)
        text_pen = QPen(pal.text().color())
        painter.setPen(text_pen)
        painter.drawText(
            QRectF(0, 2, self.width(), line_h),
            Qt.AlignmentFlag.AlignHCenter,
            f"{self.title} ({self.unit})" if self.unit else self.title,
        )
        if plot.width() < 20 or plot.height() < 20:
            return
        t0, t1 = (float(self._t[0]), float(self._t[-1])) if self._t.size > 1 else (0.0, 1.0)
        if t1 <= t0:
            t1 = t0 + 1.0
        y0, y1 = self.y_range()

        def px(t: float) -> float:
            return plot.left() + (t - t0) / (t1 - t0) * plot.width()

        def py(y: float) -> float:
            return plot.bottom() - (y - y0) / (y1 - y0) * plot.height()

        for band in self._bands:
            color = QColor(band.color)
            color.setAlpha(48)
            top, bottom = py(min(band.high, y1)), py(max(band.low, y0))
            painter.fillRect(QRectF(plot.left(), top, plot.width(), bottom - top), color)
            painter.setPen(QPen(QColor(band.color)))
            painter.drawText(
                QRectF(plot.left() + 4, top, plot.width() - 8, line_h),
                Qt.AlignmentFlag.AlignRight,
                band.label,
            )
        grid = QPen(pal.mid().color(), 1, Qt.PenStyle.DotLine)
        for y in nice_ticks(y0, y1):
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), py(y)), QPointF(plot.right(), py(y)))
            painter.setPen(text_pen)
            painter.drawText(
                QRectF(0, py(y) - line_h / 2, left - 6, line_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{y:g}",
            )
        for t in nice_ticks(t0, t1, 8):
            painter.setPen(grid)
            painter.drawLine(QPointF(px(t), plot.top()), QPointF(px(t), plot.bottom()))
            painter.setPen(text_pen)
            painter.drawText(
                QRectF(px(t) - 40, plot.bottom() + 2, 80, line_h),
                Qt.AlignmentFlag.AlignHCenter,
                f"{t:g}",
            )
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + line_h, plot.width(), line_h),
            Qt.AlignmentFlag.AlignHCenter,
            "t (s)",
        )
        painter.setPen(QPen(pal.text().color(), 1))
        painter.drawRect(plot)
        step = max(1, self._t.size // MAX_POINTS)
        legend_x = plot.left() + 6
        for s in self._series:
            pen = QPen(QColor(s.color), 2)
            painter.setPen(pen)
            poly = QPolygonF(
                [
                    QPointF(px(float(t)), py(float(v)))
                    for t, v in zip(self._t[::step], s.values[::step], strict=True)
                    if math.isfinite(v)
                ]
            )
            painter.drawPolyline(poly)
            painter.drawText(QPointF(legend_x, plot.top() + line_h), s.name)
            legend_x += fm.horizontalAdvance(s.name) + 16
        painter.end()
