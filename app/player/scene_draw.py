"""Draw a game's :class:`game.scene.Scene` with Arcade on the 1280 x 720 canvas.

The scene's ``view`` rectangle (world units, y up) is fitted into the canvas with its
aspect kept. Glyphs and dots are drawn at least their ``min_px``; players' names
(``Label.name``) are moved up until they no longer overlap one another.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import arcade

from app.player import palette
from app.player.i18n import game_says
from app.player.ui import HEIGHT, WIDTH, Labels
from game.scene import Dot, Glyph, Label, Poly, Scene

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

Colour = tuple[int, int, int] | tuple[int, int, int, int]
MARGIN = 16.0
CHAR_W = 0.6  # label width per character, in font sizes (for overlap checks)


def colour_of(text: str) -> Colour:
    """``#rrggbb`` or ``#rrggbbaa`` as an Arcade colour."""
    h = text.lstrip("#")
    if len(h) not in (6, 8):
        return palette.TEXT
    parts = tuple(int(h[i : i + 2], 16) for i in range(0, len(h), 2))
    if len(parts) == 4:
        return (parts[0], parts[1], parts[2], parts[3])
    return (parts[0], parts[1], parts[2])


class Mapping2D:
    """World units -> canvas units for one scene."""

    def __init__(self, view: tuple[float, float, float, float], box: tuple[float, ...]) -> None:
        x0, y0, x1, y1 = view
        left, bottom, width, height = box
        self.scale = min(width / max(x1 - x0, 1e-9), height / max(y1 - y0, 1e-9))
        self.ox = left + (width - (x1 - x0) * self.scale) / 2 - x0 * self.scale
        self.oy = bottom + (height - (y1 - y0) * self.scale) / 2 - y0 * self.scale

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        return (self.ox + x * self.scale, self.oy + y * self.scale)


def place_names(labels: list[tuple[float, float, float, float]]) -> list[float]:
    """For name labels (x, y, width, height) in canvas units, the y each is drawn at: moved
    up in steps of its height until it overlaps no name placed before it."""
    placed: list[tuple[float, float, float, float]] = []
    out: list[float] = []
    for x, y, w, h in labels:
        ny = y
        for _ in range(12):  # bounded: at most 12 steps up
            clash = any(
                abs(x - px) < (w + pw) / 2 and abs(ny - py) < (h + ph) / 2
                for px, py, pw, ph in placed
            )
            if not clash:
                break
            ny += h
        placed.append((x, ny, w, h))
        out.append(ny)
    return out


class SceneRenderer:
    """Draws a game's :class:`Scene` into ``box``; its labels are named ``<name>-N`` so two
    renderers can share one :class:`Labels` (give each its own ``name``)."""

    def __init__(
        self,
        box: tuple[float, float, float, float] = (0.0, 0.0, WIDTH, HEIGHT),
        name: str = "scene",
    ) -> None:
        self.box = box
        self.name = name

    def draw(self, scene: Scene, app: PlayerWindow, labels: Labels) -> None:
        app.canvas.use()
        left, bottom, width, height = self.box
        arcade.draw_lrbt_rectangle_filled(
            left, left + width, bottom, bottom + height, colour_of(scene.background)
        )
        box = (left + MARGIN, bottom + MARGIN, width - 2 * MARGIN, height - 2 * MARGIN)
        to = Mapping2D(scene.view, box)
        names: list[tuple[Label, float, float]] = []
        texts = 0
        for shape in scene.shapes:
            if isinstance(shape, Poly):
                pts = [to(x, y) for x, y in shape.points]
                if shape.closed and shape.fill is not None and len(pts) >= 3:
                    arcade.draw_polygon_filled(pts, colour_of(shape.fill))
                if shape.stroke is not None and len(pts) >= 2:
                    if shape.closed:
                        arcade.draw_polygon_outline(pts, colour_of(shape.stroke), shape.width)
                    else:
                        arcade.draw_line_strip(pts, colour_of(shape.stroke), shape.width)
            elif isinstance(shape, Dot):
                cx, cy = to(shape.x, shape.y)
                r = max(shape.r * to.scale, shape.min_px / 2)
                if shape.fill is not None:
                    arcade.draw_circle_filled(cx, cy, r, colour_of(shape.fill))
                if shape.stroke is not None:
                    arcade.draw_circle_outline(cx, cy, r, colour_of(shape.stroke), 2)
            elif isinstance(shape, Glyph):
                self._glyph(shape, to)
            elif isinstance(shape, Label):
                cx, cy = to(shape.x, shape.y)
                cx, cy = cx + shape.offset_px[0], cy + shape.offset_px[1]
                if shape.name:
                    names.append((shape, cx, cy))
                    continue
                self._text(labels, f"{self.name}-{texts}", shape, cx, cy)
                texts += 1
        boxes = [(x, y, CHAR_W * s.size_px * len(s.text), s.size_px * 1.4) for s, x, y in names]
        for (shape, cx, _), y in zip(names, place_names(boxes), strict=True):
            self._text(labels, f"{self.name}-{texts}", shape, cx, y)
            texts += 1
        lines = [game_says(w) for w in scene.panel_said] or list(scene.panel)
        for i, line in enumerate(lines):
            labels.draw(f"{self.name}-panel-{i}", line, 24, 690 - i * 26, size=16, bold=i == 0)
        self.texts = texts

    def _glyph(self, g: Glyph, to: Mapping2D) -> None:
        xs = [p[0] for p in g.outline] or [0.0]
        across = max(max(xs) - min(xs), 1e-9)
        scale = max(to.scale, g.min_px / across)
        c, s = math.cos(g.angle), math.sin(g.angle)
        cx, cy = to(g.x, g.y)
        pts = [(cx + (x * c - y * s) * scale, cy + (x * s + y * c) * scale) for x, y in g.outline]
        if len(pts) >= 3 and g.fill is not None:
            arcade.draw_polygon_filled(pts, colour_of(g.fill))
        if len(pts) >= 2 and g.stroke is not None:
            arcade.draw_polygon_outline(pts, colour_of(g.stroke), 1)

    @staticmethod
    def _text(labels: Labels, key: str, shape: Label, x: float, y: float) -> None:
        anchor = {"centre": "center", "left": "left", "right": "right"}[shape.anchor]
        labels.draw(
            key,
            shape.text if shape.said is None else game_says(shape.said),
            x,
            y,
            size=shape.size_px,
            colour=colour_of(shape.colour),
            anchor_x=anchor,
            bold=shape.bold,
            raw=shape.name,  # a player's name is drawn as it is
        )
