"""Screen layout and small widgets: everything is laid out on a 1280 x 720 logical canvas.

The canvas is scaled to fit the window (letterboxed, aspect kept), so a projector and a small
laptop show the same screen; fonts are sized for the canvas (16 px and up) and so stay
readable when it shrinks to a 1024 x 576 laptop window (the smallest size the window allows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import arcade
from arcade.types import LBWH, LRBT

from app.player import palette
from app.player.i18n import tr
from app.player.palette import RGB, RGBA

WIDTH = 1280
HEIGHT = 720
MIN_WINDOW = (640, 360)
FONT = ("DejaVu Sans", "Arial", "Helvetica")


@dataclass(frozen=True)
class Letterbox:
    """Where the canvas lands in a window: offset and scale (pixels per canvas unit)."""

    left: float
    bottom: float
    scale: float

    @classmethod
    def fit(cls, window_w: int, window_h: int) -> Letterbox:
        scale = min(window_w / WIDTH, window_h / HEIGHT)
        return cls((window_w - WIDTH * scale) / 2, (window_h - HEIGHT * scale) / 2, scale)

    def to_canvas(self, x: float, y: float) -> tuple[float, float]:
        """A window pixel (a mouse position) on the canvas."""
        return ((x - self.left) / self.scale, (y - self.bottom) / self.scale)

    def viewport(self) -> arcade.types.Rect:
        return LBWH(
            round(self.left),
            round(self.bottom),
            round(WIDTH * self.scale),
            round(HEIGHT * self.scale),
        )


def canvas_camera(box: Letterbox) -> arcade.Camera2D:
    return arcade.Camera2D(
        viewport=box.viewport(),
        projection=LRBT(-WIDTH / 2, WIDTH / 2, -HEIGHT / 2, HEIGHT / 2),
        position=(WIDTH / 2, HEIGHT / 2),
    )


class Labels:
    """arcade.Text objects kept by name and changed only when their content changes."""

    def __init__(self) -> None:
        self._texts: dict[str, arcade.Text] = {}
        self._drawn: set[str] = set()  # names drawn since begin_frame()
        self._fits: dict[tuple[str, float, float, bool, float], float] = {}  # fitted sizes

    def begin_frame(self) -> None:
        """Start a frame: :meth:`visible` then lists only the labels drawn from now on."""
        self._drawn.clear()

    def draw(
        self,
        name: str,
        text: str,
        x: float,
        y: float,
        *,
        size: float = 18,
        colour: RGB | RGBA = palette.TEXT,
        anchor_x: str = "left",
        anchor_y: str = "baseline",
        bold: bool = False,
        width: int | None = None,
        raw: bool = False,
    ) -> arcade.Text:
        """Draw ``text`` (looked up in the player's language unless ``raw``: names and
        what people wrote are drawn as they are)."""
        if not raw:
            text = tr(text)
        label = self._texts.get(name)
        if label is None or label.font_size != size or label.bold != bold:
            label = arcade.Text(
                text,
                x,
                y,
                colour,
                size,
                width=width,
                font_name=FONT,
                anchor_x=anchor_x,
                anchor_y=anchor_y,
                bold=bold,
                multiline=width is not None,
            )
            self._texts[name] = label
        else:
            if label.text != text:
                label.text = text
            if label.x != x or label.y != y:
                label.position = (x, y)
            if tuple(label.color) != tuple(colour) and len(colour) in (3, 4):
                label.color = colour
        label.draw()
        self._drawn.add(name)
        return label

    def fitting_size(
        self, text: str, width: float, size: float, *, bold: bool = False, smallest: float = 10
    ) -> float:
        """The font size at most ``size`` (and at least ``smallest``) at which ``text`` fits
        in ``width`` pixels on one line (a title that would run off its panel shrinks)."""
        key = (text, width, size, bold, smallest)
        fitted = self._fits.get(key)
        if fitted is None:
            fitted = size
            measured = self._width(text, size, bold)
            if measured > width:  # widths grow about linearly with the size; hinting wobbles
                fitted = max(smallest, int(size * width / measured * 2) / 2)
                while fitted > smallest and self._width(text, fitted, bold) > width:
                    fitted -= 0.5
            if len(self._fits) > 256:
                self._fits.clear()
            self._fits[key] = fitted
        return fitted

    @staticmethod
    def _width(text: str, size: float, bold: bool) -> float:
        probe = arcade.Text(text, 0, 0, font_size=size, font_name=FONT, bold=bold)
        return float(probe.content_width)

    def text_of(self, name: str) -> str | None:
        label = self._texts.get(name)
        return None if label is None else label.text

    def shown(self) -> dict[str, str]:
        """Every label's current text (what the screen says; the tests read it)."""
        return {name: label.text for name, label in self._texts.items()}

    def visible(self) -> dict[str, arcade.Text]:
        """The labels drawn this frame (since :meth:`begin_frame`) with some text."""
        return {n: t for n, t in self._texts.items() if n in self._drawn and t.text}


def panel(left: float, right: float, bottom: float, top: float) -> None:
    arcade.draw_lrbt_rectangle_filled(left, right, bottom, top, palette.PANEL)
    arcade.draw_lrbt_rectangle_outline(left, right, bottom, top, palette.PANEL_EDGE, 2)


@dataclass
class Button:
    name: str
    text: str
    x: float  # centre
    y: float
    w: float = 260
    h: float = 54
    enabled: bool = True
    on_click: Callable[[], None] | None = None

    def contains(self, x: float, y: float) -> bool:
        return abs(x - self.x) <= self.w / 2 and abs(y - self.y) <= self.h / 2

    def draw(self, labels: Labels, *, focused: bool = False) -> None:
        fill = palette.BLUE if self.enabled else (60, 64, 80)
        arcade.draw_lrbt_rectangle_filled(
            self.x - self.w / 2, self.x + self.w / 2, self.y - self.h / 2, self.y + self.h / 2, fill
        )
        edge = palette.YELLOW if focused else palette.PANEL_EDGE
        arcade.draw_lrbt_rectangle_outline(
            self.x - self.w / 2,
            self.x + self.w / 2,
            self.y - self.h / 2,
            self.y + self.h / 2,
            edge,
            3 if focused else 2,
        )
        colour = palette.TEXT if self.enabled else palette.DIM_TEXT
        labels.draw(
            f"button:{self.name}",
            self.text,
            self.x,
            self.y,
            size=labels.fitting_size(tr(self.text), self.w - 16, 20, bold=True),
            colour=colour,
            anchor_x="center",
            anchor_y="center",
            bold=True,
        )

    def click(self) -> bool:
        if not self.enabled or self.on_click is None:
            return False
        self.on_click()
        return True


@dataclass
class TextField:
    name: str
    label: str
    x: float  # left
    y: float  # bottom
    w: float = 420
    h: float = 50
    value: str = ""
    max_length: int = 32
    hint: str = ""
    upper: bool = False

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h

    def type_text(self, text: str) -> None:
        for ch in text:
            if ch.isprintable() and len(self.value) < self.max_length:
                self.value += ch.upper() if self.upper else ch

    def backspace(self) -> None:
        self.value = self.value[:-1]

    def draw(self, labels: Labels, *, focused: bool, blink: bool) -> None:
        labels.draw(
            f"field-label:{self.name}",
            self.label,
            self.x,
            self.y + self.h + 10,
            size=16,
            colour=palette.DIM_TEXT,
        )
        arcade.draw_lrbt_rectangle_filled(
            self.x, self.x + self.w, self.y, self.y + self.h, (12, 16, 32)
        )
        edge = palette.YELLOW if focused else palette.PANEL_EDGE
        arcade.draw_lrbt_rectangle_outline(
            self.x, self.x + self.w, self.y, self.y + self.h, edge, 3 if focused else 2
        )
        fits = max(4, int((self.w - 24) / 13))  # characters of 22 px that fit the box
        value = self.value if len(self.value) <= fits else "…" + self.value[-(fits - 1) :]
        shown = value + ("|" if focused and blink else "")
        if self.value or focused:
            labels.draw(f"field:{self.name}", shown, self.x + 12, self.y + 15, size=22)
        else:
            labels.draw(
                f"field:{self.name}",
                self.hint,
                self.x + 12,
                self.y + 15,
                size=20,
                colour=palette.DIM_TEXT,
            )
