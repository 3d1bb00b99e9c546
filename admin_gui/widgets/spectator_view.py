"""The live view of a room, for any game: the game describes the frame
(:meth:`game.api.Game.scene`, from the same snapshot the players get) and this widget
paints that :class:`game.scene.Scene` with QPainter. Nothing here reads the host or knows a
game's fields."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from admin_gui.i18n import game_text, games_language
from admin_gui.records import RoundView, SpectatorFrame
from app.common.knobs import changed_knobs
from game.api import PLAYING
from game.scene import Dot, Glyph, Label, Poly, Scene

SKY = "#0b1026"
MARGIN = 8.0
NAME_STEPS = 12  # a name label moves up at most this many lines to clear another


def _colour(text: str | None) -> QColor:
    if text is None:
        return QColor(0, 0, 0, 0)
    h = text.lstrip("#")
    if len(h) == 8:  # #rrggbbaa: Qt reads #aarrggbb
        return QColor(f"#{h[6:8]}{h[0:6]}")
    return QColor(text)


def _said(label: Label) -> str:
    """A scene label's text in the console's language (a player's name as it is)."""
    return label.text if label.said is None else game_text(label.said)


class ScenePainter:
    """World units (y up) of a scene's view -> widget pixels, aspect kept."""

    def __init__(self, scene: Scene, width: float, height: float, top: float = 0.0) -> None:
        x0, y0, x1, y1 = scene.view
        self.scene = scene
        self.name_boxes: list[QRectF] = []  # where the players' names were written
        avail_w, avail_h = width - 2 * MARGIN, height - top - 2 * MARGIN
        self.scale = min(avail_w / max(x1 - x0, 1e-9), avail_h / max(y1 - y0, 1e-9))
        self.x_off = MARGIN + (avail_w - (x1 - x0) * self.scale) / 2 - x0 * self.scale
        self.y_base = height - MARGIN - (avail_h - (y1 - y0) * self.scale) / 2 + y0 * self.scale

    def px(self, x: float, y: float) -> QPointF:
        return QPointF(self.x_off + x * self.scale, self.y_base - y * self.scale)

    def paint(self, painter: QPainter, font: QFont) -> list[str]:
        """Paint every shape; returns the names written (players' labels), in order."""
        names: list[tuple[Label, QPointF]] = []
        for shape in self.scene.shapes:
            if isinstance(shape, Poly):
                self._poly(painter, shape)
            elif isinstance(shape, Dot):
                centre = self.px(shape.x, shape.y)
                r = max(shape.r * self.scale, shape.min_px / 2)
                painter.setPen(
                    QPen(_colour(shape.stroke), 2) if shape.stroke else Qt.PenStyle.NoPen
                )
                painter.setBrush(
                    QBrush(_colour(shape.fill)) if shape.fill else Qt.BrushStyle.NoBrush
                )
                painter.drawEllipse(centre, r, r)
            elif isinstance(shape, Glyph):
                self._glyph(painter, shape)
            elif isinstance(shape, Label):
                at = self.px(shape.x, shape.y)
                at = QPointF(at.x() + shape.offset_px[0], at.y() - shape.offset_px[1])
                if shape.name:
                    names.append((shape, at))
                else:
                    self._text(painter, font, shape, at, boxed=False)
        placed: list[QRectF] = []
        shown: list[str] = []
        self.name_boxes = placed
        for shape, at in names:
            box = self._text_box(painter, font, shape, at)
            for _ in range(NAME_STEPS):  # move up until it clears the names placed before
                if not any(box.intersects(other) for other in placed):
                    break
                box.translate(0, -box.height())
            placed.append(QRectF(box))
            self._text(painter, font, shape, box.center(), boxed=True, box=box)
            shown.append(shape.text)
        return shown

    def _poly(self, painter: QPainter, shape: Poly) -> None:
        poly = QPolygonF([self.px(x, y) for x, y in shape.points])
        painter.setPen(
            QPen(_colour(shape.stroke), shape.width) if shape.stroke else Qt.PenStyle.NoPen
        )
        if shape.closed:
            painter.setBrush(QBrush(_colour(shape.fill)) if shape.fill else Qt.BrushStyle.NoBrush)
            painter.drawPolygon(poly)
        else:
            painter.drawPolyline(poly)

    def _glyph(self, painter: QPainter, g: Glyph) -> None:
        xs = [p[0] for p in g.outline] or [0.0]
        across = max(max(xs) - min(xs), 1e-9)
        size = max(self.scale, g.min_px / across)
        c, s = math.cos(g.angle), math.sin(g.angle)
        centre = self.px(g.x, g.y)
        poly = QPolygonF(
            [
                QPointF(centre.x() + (x * c - y * s) * size, centre.y() - (x * s + y * c) * size)
                for x, y in g.outline
            ]
        )
        painter.setPen(QPen(_colour(g.stroke), 1) if g.stroke else Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(_colour(g.fill)) if g.fill else Qt.BrushStyle.NoBrush)
        painter.drawPolygon(poly)

    @staticmethod
    def _font(font: QFont, shape: Label) -> QFont:
        f = QFont(font)
        f.setPixelSize(max(8, round(shape.size_px)))
        f.setBold(shape.bold)
        return f

    def _text_box(self, painter: QPainter, font: QFont, shape: Label, at: QPointF) -> QRectF:
        painter.setFont(self._font(font, shape))
        fm = painter.fontMetrics()
        w, h = fm.horizontalAdvance(_said(shape)) + 8, fm.height()
        return QRectF(at.x() - w / 2, at.y() - h / 2, w, h)

    def _text(
        self,
        painter: QPainter,
        font: QFont,
        shape: Label,
        at: QPointF,
        *,
        boxed: bool,
        box: QRectF | None = None,
    ) -> None:
        painter.setFont(self._font(font, shape))
        fm = painter.fontMetrics()
        if box is None:
            w, h = fm.horizontalAdvance(_said(shape)) + 8, fm.height()
            left = {"centre": at.x() - w / 2, "left": at.x(), "right": at.x() - w}[shape.anchor]
            box = QRectF(left, at.y() - h / 2, w, h)
        if boxed:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 150))
            painter.drawRoundedRect(box, 4, 4)
        painter.setPen(_colour(shape.colour))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, _said(shape))


class SpectatorView(QWidget):
    """Draws the last frame it was given; nothing here reads the host."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._round: RoundView | None = None
        self._frame: SpectatorFrame | None = None
        self._names: list[str] = []
        self.name_boxes: list[QRectF] = []
        self.winner = ""  # "Winner: Ada, 812 points" once the round is over
        self.frames_drawn = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(QSize(480, 270))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Live view of the round")

    def set_round(self, view: RoundView) -> None:
        self._round = view
        self._frame = None
        self.winner = ""
        self.update()

    @property
    def round_view(self) -> RoundView | None:
        return self._round

    def set_winner(self, round_id: int, text: str) -> None:
        """The round's ending, drawn over the view (ignored for another round)."""
        if self._round is not None and self._round.round_id == round_id:
            self.winner = text
            self.update()

    @property
    def paused(self) -> bool:
        return self._frame is not None and self._frame.phase == "paused"

    def knobs_text(self) -> str:
        """The knobs the teacher changed for this round, in words ("" when none)."""
        view = self._round
        if view is None:
            return ""
        changed = changed_knobs(view.game, view.setup.level, view.setup.knobs, games_language())
        return self.tr("Changed: {0}").format(", ".join(changed)) if changed else ""

    def banner(self) -> str:
        """The big line over the round: PAUSED, or the winner once it is over."""
        if self.paused:
            return self.tr("PAUSED")
        return self.winner

    def set_frame(self, frame: SpectatorFrame) -> None:
        if self._round is None or frame.round_id != self._round.round_id:
            return
        self._frame = frame
        self.update()

    @property
    def frame(self) -> SpectatorFrame | None:
        return self._frame

    def names_shown(self) -> list[str]:
        """The players' names written over the current frame."""
        return list(self._names) if self._frame is not None else []

    def scene(self) -> Scene | None:
        view, frame = self._round, self._frame
        if view is None:
            return None
        names = dict(view.names)
        if frame is not None:
            names.update(frame.names)
        return view.game.scene(view.info, None if frame is None else frame.frame, names)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scene = self.scene()
        painter.fillRect(self.rect(), _colour(scene.background if scene else SKY))
        if scene is None:
            painter.setPen(QColor("white"))
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("No round yet. Start a round to watch it here."),
            )
            painter.end()
            return
        hud_height = 68.0 if self.knobs_text() else 44.0
        scene_painter = ScenePainter(scene, self.width(), self.height(), hud_height)
        self._names = scene_painter.paint(painter, self.font())
        self.name_boxes = scene_painter.name_boxes
        self._draw_hud(painter)
        self._draw_banner(painter)
        painter.end()
        self.frames_drawn += 1

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
        game = view.game
        where = self.tr("{0}, {1}").format(
            game_text(game.title), game_text(game.level(view.setup.level).title)
        )
        if frame is None:
            text = self.tr("Round {0}: {1}").format(view.round_id, where)
        elif frame.phase == "countdown":
            text = self.tr("Round {0}: {1}: starts in {2:.0f} s").format(
                view.round_id, where, math.ceil(frame.countdown_left)
            )
        else:
            status = frame.frame.col(frame.frame.schema.status)
            playing = int((status.round() == PLAYING).sum())
            text = self.tr("Round {0}: {1}: {2:.0f} s left, {3} playing").format(
                view.round_id, where, frame.time_left, playing
            )
        painter.drawText(QRectF(12, 8, self.width() - 24, 40), Qt.AlignmentFlag.AlignLeft, text)
        knobs = self.knobs_text()
        if knobs:
            small = QFont(self.font())
            small.setPointSizeF(self.font().pointSizeF() * 1.15)
            small.setBold(True)
            painter.setFont(small)
            painter.setPen(QColor("#ffd54f"))
            painter.drawText(
                QRectF(12, 38, self.width() - 24, 28), Qt.AlignmentFlag.AlignLeft, knobs
            )

    def _draw_banner(self, painter: QPainter) -> None:
        text = self.banner()
        if not text:
            return
        font = QFont(self.font())
        font.setPointSizeF(self.font().pointSizeF() * (3.2 if self.paused else 2.2))
        font.setBold(True)
        painter.setFont(font)
        fm = painter.fontMetrics()
        w = min(self.width() - 24.0, fm.horizontalAdvance(text) + 48.0)
        h = fm.height() + 24.0
        # high in the sky, clear of the HUD: the players stay visible under it
        top = max(80.0, self.height() * 0.22 - h / 2)
        box = QRectF((self.width() - w) / 2, top, w, h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 190))
        painter.drawRoundedRect(box, 10, 10)
        painter.setPen(QColor("#ffd54f"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
