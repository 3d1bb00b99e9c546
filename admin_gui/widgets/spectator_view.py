"""The live view of a room: terrain, pads, every lander with its name, drawn with QPainter
from :class:`~admin_gui.records.SpectatorFrame` (the players' own snapshots)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from admin_gui.records import RoundView, SpectatorFrame
from game.lander import LanderStatus

PALETTE = (
    "#4fc3f7",
    "#ffb74d",
    "#ba68c8",
    "#fff176",
    "#f06292",
    "#81c784",
    "#90a4ae",
    "#ff8a65",
    "#7986cb",
    "#4db6ac",
    "#dce775",
    "#a1887f",
)
STATUS_COLORS = {
    LanderStatus.LANDED: "#66bb6a",
    LanderStatus.CRASHED: "#ef5350",
    LanderStatus.OUT_OF_BOUNDS: "#9e9e9e",
    LanderStatus.OUT_OF_FUEL: "#ef5350",
    LanderStatus.TIMED_OUT: "#9e9e9e",
}
MIN_LANDER_PX = 18.0  # landers are drawn at least this wide so a class can see them
SKY = "#0b1026"
GROUND = "#5d5a58"


class SpectatorView(QWidget):
    """Draws the last frame it was given; nothing here reads the host."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._round: RoundView | None = None
        self._frame: SpectatorFrame | None = None
        self._top = 200.0
        self.frames_drawn = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(480, 270))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Live view of the round")

    def set_round(self, view: RoundView) -> None:
        self._round = view
        self._frame = None
        self._top = float(view.terrain.points[:, 1].max()) + 150.0
        self.update()

    def set_frame(self, frame: SpectatorFrame) -> None:
        if self._round is None or frame.round_id != self._round.round_id:
            return
        self._frame = frame
        if len(frame.landers):
            self._top = max(self._top, float(frame.landers.xy[:, 1].max()) + 40.0)
        self.update()

    @property
    def frame(self) -> SpectatorFrame | None:
        return self._frame

    def names_shown(self) -> list[str]:
        """The names written over the landers of the current frame."""
        frame = self._frame
        if frame is None:
            return []
        return [frame.names.get(int(i), f"#{int(i)}") for i in frame.landers.ids]

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(SKY))
        view = self._round
        if view is None:
            painter.setPen(QColor("white"))
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("No round yet. Start a round to watch it here."),
            )
            painter.end()
            return
        width = view.terrain.width
        margin = 8.0
        scale = min(
            (self.width() - 2 * margin) / width, (self.height() - 2 * margin) / max(self._top, 1.0)
        )
        x_off = (self.width() - width * scale) / 2
        y_base = self.height() - margin

        def to_px(x: float, y: float) -> QPointF:
            return QPointF(x_off + x * scale, y_base - y * scale)

        pts = view.terrain.points
        ground = QPolygonF([to_px(float(x), float(y)) for x, y in pts])
        ground.append(to_px(float(pts[-1, 0]), 0.0))
        ground.append(to_px(float(pts[0, 0]), 0.0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor(GROUND)))
        painter.drawPolygon(ground)
        small = QFont(self.font())
        small.setPointSizeF(max(8.0, self.font().pointSizeF() * 0.9))
        painter.setFont(small)
        for pad in view.terrain.pads:
            a, b = to_px(pad.x_left, pad.y), to_px(pad.x_right, pad.y)
            painter.setPen(QPen(QColor("#ffd54f"), 4))
            painter.drawLine(a, b)
            painter.drawText(QPointF(a.x(), a.y() + 16), f"×{pad.multiplier:g}")
        self._draw_landers(painter, to_px, scale)
        self._draw_hud(painter)
        painter.end()
        self.frames_drawn += 1

    def _draw_landers(
        self, painter: QPainter, to_px: Callable[[float, float], QPointF], scale: float
    ) -> None:
        frame = self._frame
        view = self._round
        if frame is None or view is None:
            return
        spec = view.config.world.lander
        size = max(spec.width * scale, MIN_LANDER_PX) / spec.width  # px per lander metre
        arrays = frame.landers
        label_font = QFont(self.font())
        label_font.setBold(True)
        painter.setFont(label_font)
        fm = painter.fontMetrics()
        for i in range(len(arrays)):
            lander_id = int(arrays.ids[i])
            centre = to_px(float(arrays.xy[i, 0]), float(arrays.xy[i, 1]))
            status = LanderStatus(int(arrays.status[i]))
            color = QColor(STATUS_COLORS.get(status, PALETTE[lander_id % len(PALETTE)]))
            angle = float(arrays.angle[i])
            cos, sin = math.cos(angle), math.sin(angle)
            poly = QPolygonF()
            for vx, vy in spec.vertices():
                rx, ry = vx * cos - vy * sin, vx * sin + vy * cos
                poly.append(QPointF(centre.x() + rx * size, centre.y() - ry * size))
            painter.setPen(QPen(QColor("white"), 1))
            painter.setBrush(QBrush(color))
            painter.drawPolygon(poly)
            throttle = float(arrays.throttle[i])
            if status is LanderStatus.FLYING and throttle > 0.02:
                down_x, down_y = sin, -cos  # the body's "down" in world axes
                near, far = spec.foot_depth, spec.foot_depth + 2.5 * throttle
                painter.setPen(QPen(QColor("#ff7043"), 3))
                painter.drawLine(
                    QPointF(centre.x() + down_x * near * size, centre.y() - down_y * near * size),
                    QPointF(centre.x() + down_x * far * size, centre.y() - down_y * far * size),
                )
            name = frame.names.get(lander_id, f"#{lander_id}")
            text_w = fm.horizontalAdvance(name)
            top = centre.y() - spec.height * size - 4
            box = QRectF(centre.x() - text_w / 2 - 4, top - fm.height(), text_w + 8, fm.height())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 150))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, name)

    def _draw_hud(self, painter: QPainter) -> None:
        frame = self._frame
        view = self._round
        if view is None:
            return
        hud = QFont(self.font())
        hud.setPointSizeF(self.font().pointSizeF() * 1.4)
        hud.setBold(True)
        painter.setFont(hud)
        painter.setPen(QColor("white"))
        world = view.config.world.name
        if frame is None:
            text = self.tr("Round {0} on {1}").format(view.round_id, world)
        elif frame.phase == "countdown":
            text = self.tr("Round {0} on {1}: starts in {2:.0f} s").format(
                view.round_id, world, math.ceil(frame.countdown_left)
            )
        else:
            flying = int(np.count_nonzero(frame.landers.status == int(LanderStatus.FLYING)))
            text = self.tr("Round {0} on {1}: {2:.0f} s left, {3} flying").format(
                view.round_id, world, frame.time_left, flying
            )
        painter.drawText(QRectF(12, 8, self.width() - 24, 40), Qt.AlignmentFlag.AlignLeft, text)
