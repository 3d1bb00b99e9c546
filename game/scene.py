"""What a spectator sees, as data: a game describes a frame with a few shapes in its own
world units (y up), and each screen draws them its own way (QPainter in Mission Control,
Arcade in the player). No game code is needed to draw a game; no drawing code in a game.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from game.words import Words

Point = tuple[float, float]


@dataclass(frozen=True)
class Poly:
    """A polyline, or a polygon when ``closed`` (filled with ``fill`` if given).
    ``width`` is the stroke width in pixels."""

    points: tuple[Point, ...]
    stroke: str | None = "#ffffff"
    fill: str | None = None
    width: float = 1.0
    closed: bool = False


@dataclass(frozen=True)
class Dot:
    """A circle of radius ``r`` world units, drawn at least ``min_px`` pixels across."""

    x: float
    y: float
    r: float
    fill: str | None = "#ffffff"
    stroke: str | None = None
    min_px: float = 0.0


@dataclass(frozen=True)
class Glyph:
    """A small outline (local world units, around its own origin) drawn at (``x``, ``y``)
    turned by ``angle`` (radians, counter-clockwise) and scaled up to at least ``min_px``
    pixels across, so a class can see a 4 m lander on an 800 m map."""

    x: float
    y: float
    angle: float
    outline: tuple[Point, ...]
    fill: str | None = "#ffffff"
    stroke: str | None = None
    min_px: float = 0.0


@dataclass(frozen=True)
class Label:
    """Text at (``x``, ``y``), moved by ``offset_px`` pixels (x right, y up). Labels with
    ``name`` set are players' names: a renderer keeps them from overlapping."""

    x: float
    y: float
    text: str
    colour: str = "#ffffff"
    size_px: float = 12.0
    anchor: Literal["centre", "left", "right"] = "centre"
    offset_px: Point = (0.0, 0.0)
    name: bool = False
    bold: bool = False
    said: Words | None = None  # ``text`` as translatable words (None: a name or a number)


Shape = Poly | Dot | Glyph | Label


@dataclass(frozen=True)
class Scene:
    """One frame: the world area to show (``view`` = x0, y0, x1, y1), the background
    colour, the shapes in drawing order and a few lines of text for a side panel."""

    view: tuple[float, float, float, float]
    background: str
    shapes: tuple[Shape, ...]
    panel: tuple[str, ...] = ()
    panel_said: tuple[Words, ...] = ()  # the panel's lines as translatable words

    def labels(self) -> list[Label]:
        return [s for s in self.shapes if isinstance(s, Label)]


def told(x: float, y: float, said: Words, *args: Any, **kwargs: Any) -> Label:
    """A :class:`Label` that says ``said`` (its English text, and the words to translate)."""
    label = Label(x, y, str(said), *args, **kwargs)
    return replace(label, said=said)


def told_panel(*lines: Words) -> dict[str, Any]:
    """A scene's side panel as ``Scene(..., **told_panel(...))`` arguments."""
    return {"panel": tuple(str(line) for line in lines), "panel_said": lines}


def rect(x0: float, y0: float, x1: float, y1: float) -> tuple[Point, ...]:
    """The corners of an axis-aligned rectangle, counter-clockwise."""
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
