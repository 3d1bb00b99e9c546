"""What Watch live (and the player) draws: the phase plane — rabbits across, foxes up —
with the target band shaded, the equilibria the controls can reach outlined, the
uncontrolled equilibrium (γ/δ, α/β) marked and every habitat a dot; beside it the race:
each player's time in the band as a bar.

A client draws it from the round's ``info`` (the habitat) and a snapshot frame.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game.api import Frame
from game.ecology.habitat import Habitat, habitat_of_info
from game.ecology.results import CODES, EcologyStatus
from game.ecology.sim import FIELDS
from game.scene import Dot, Label, Point, Poly, Scene, Shape, rect, told, told_panel
from game.words import Words, fixed, words

BACKGROUND = "#0d1a12"
AXIS = "#9fb3a6"
GRID = "#22362a"
BAND_FILL = "#009e7338"
BAND_EDGE = "#3fd6a0"
REACH = "#e6c84a"
EQUILIBRIUM = "#c8cde0"
TEXT = "#e8efe9"
DIM = "#9fb3a6"
# Okabe-Ito and friends: one colour a player, readable on the dark meadow
COLOURS = (
    "#56b4e9",
    "#e69f00",
    "#f0e442",
    "#cc79a7",
    "#ffffff",
    "#d55e00",
    "#8fd3ff",
    "#b4e36b",
)
STATUS_COLOURS = {
    int(EcologyStatus.BALANCED): "#3fd6a0",
    int(EcologyStatus.UNBALANCED): "#e69f00",
    int(EcologyStatus.FOXES_GONE): "#d55e00",
    int(EcologyStatus.RABBITS_GONE): "#d55e00",
    int(EcologyStatus.OVERRUN): "#d55e00",
}
LAYOUT_W, LAYOUT_H = 1600.0, 900.0
PLANE_BOX = (120.0, 100.0, 1030.0, 850.0)  # left, bottom, right, top of the phase plane
RACE_BOX = (1080.0, 40.0, 1585.0, 850.0)


def nice_step(span: float) -> float:
    """A round step (1, 2 or 5 × 10^n) giving about five ticks over ``span``."""
    raw = span / 5.0
    power = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0):
        if raw <= m * power:
            return m * power
    return 10.0 * power


@dataclass(frozen=True)
class Plane:
    """Populations -> layout units for the phase plane in ``box``."""

    box: tuple[float, float, float, float]
    x_max: float
    y_max: float

    @classmethod
    def of(cls, h: Habitat, box: tuple[float, float, float, float] = PLANE_BOX) -> Plane:
        x_max = max(1.7 * h.target_rabbits, 1.1 * h.start_rabbits)
        y_max = max(1.7 * h.target_foxes, 1.1 * h.start_foxes)
        return cls(box, x_max, y_max)

    def __call__(self, rabbits: float, foxes: float) -> Point:
        left, bottom, right, top = self.box
        return (
            left + (right - left) * rabbits / self.x_max,
            bottom + (top - bottom) * foxes / self.y_max,
        )

    def clamp(self, rabbits: float, foxes: float) -> tuple[Point, bool]:
        """The point, pulled onto the plane's edge if off it, and whether it was on."""
        x = min(max(rabbits, 0.0), self.x_max)
        y = min(max(foxes, 0.0), self.y_max)
        return self(x, y), (x, y) == (rabbits, foxes)

    def box_shape(self, x0: float, y0: float, x1: float, y1: float) -> tuple[Point, ...]:
        xa, xb = sorted((max(0.0, min(self.x_max, x0)), max(0.0, min(self.x_max, x1))))
        ya, yb = sorted((max(0.0, min(self.y_max, y0)), max(0.0, min(self.y_max, y1))))
        return tuple(self(x, y) for x, y in rect(xa, ya, xb, yb))


def plane_shapes(h: Habitat, plane: Plane) -> list[Shape]:
    """The axes with ticks, the band, the reachable equilibria, the uncontrolled one."""
    left, bottom, right, top = plane.box
    out: list[Shape] = []
    step_x, step_y = nice_step(plane.x_max), nice_step(plane.y_max)
    for i in range(1, int(plane.x_max / step_x) + 1):
        px, _ = plane(i * step_x, 0.0)
        out.append(Poly(((px, bottom), (px, top)), GRID, width=1.0))
        out.append(Label(px, bottom, f"{i * step_x:g}", DIM, 13.0, offset_px=(0.0, -16.0)))
    for i in range(1, int(plane.y_max / step_y) + 1):
        _, py = plane(0.0, i * step_y)
        out.append(Poly(((left, py), (right, py)), GRID, width=1.0))
        out.append(Label(left, py, f"{i * step_y:g}", DIM, 13.0, "right", (-8.0, -6.0)))
    (r0, r1), (f0, f1) = h.rabbits_band, h.foxes_band
    out.append(Poly(plane.box_shape(r0, f0, r1, f1), BAND_EDGE, BAND_FILL, 2.0, closed=True))
    bx, by = plane(r0, f1)
    out.append(told(bx, by, words("target band"), BAND_EDGE, 14.0, "left", (0.0, 6.0), bold=True))
    (x0, x1), (y0, y1) = h.reachable
    out.append(Poly(plane.box_shape(x0, y0, x1, y1), REACH + "99", None, 1.5, closed=True))
    rx, ry = plane(min(x1, plane.x_max), min(y1, plane.y_max))
    out.append(
        told(rx, ry, words("equilibria the controls reach"), REACH, 12.0, "right", (-6.0, 6.0))
    )
    ex, ey = h.rates.equilibrium
    (cx, cy), on = plane.clamp(ex, ey)
    if on:
        arm = 10.0
        out.append(Poly(((cx - arm, cy), (cx + arm, cy)), EQUILIBRIUM, width=2.0))
        out.append(Poly(((cx, cy - arm), (cx, cy + arm)), EQUILIBRIUM, width=2.0))
        out.append(
            told(
                cx,
                cy,
                words("no controls: x* = γ/δ, y* = α/β"),
                EQUILIBRIUM,
                12.0,
                "right",
                (-12, -18),
            )
        )
    out.append(Poly(((left, bottom), (right, bottom)), AXIS, width=2.0))
    out.append(Poly(((left, bottom), (left, top)), AXIS, width=2.0))
    out.append(
        told(
            (left + right) / 2, bottom, words("Rabbits"), TEXT, 16.0, offset_px=(0, -40), bold=True
        )
    )
    out.append(told(left, top, words("Foxes"), TEXT, 16.0, "left", (8.0, 8.0), bold=True))
    return out


@dataclass(frozen=True)
class Habitant:
    """One player's habitat as a snapshot row shows it."""

    player_id: int
    rabbits: float
    foxes: float
    hunting: float
    food: float
    in_band: float
    inside: bool
    status: int


def habitant(player_id: int, row: Sequence[float]) -> Habitant:
    v = dict(zip(FIELDS, (float(x) for x in row), strict=True))
    return Habitant(
        player_id,
        v["rabbits"],
        v["foxes"],
        v["hunting"],
        v["food"],
        v["in_band"],
        v["inside"] >= 0.5,
        round(v["status"]),
    )


def status_words(b: Habitant) -> Words:
    if b.status == int(EcologyStatus.PLAYING):
        if b.inside:
            return words(
                "{0} rabbits · {1} foxes · in the band", f"{b.rabbits:.0f}", f"{b.foxes:.0f}"
            )
        return words("{0} rabbits · {1} foxes · outside", f"{b.rabbits:.0f}", f"{b.foxes:.0f}")
    try:
        return fixed(CODES[EcologyStatus(b.status)][1])
    except ValueError:
        return words("status {0}", f"{b.status}")


def status_text(b: Habitant) -> str:
    return str(status_words(b))


def dot_shapes(
    plane: Plane, b: Habitant, colour: str, name: str, *, me: bool, big: bool
) -> list[Shape]:
    (px, py), on = plane.clamp(b.rabbits, b.foxes)
    r = 11.0 if me else 8.0 if big else 7.0
    out: list[Shape] = [
        Dot(px, py, r, colour if on else None, "#ffffff" if me or not on else None, 2 * r)
    ]
    out.append(
        Label(px, py, name, colour, 15.0 if me else 13.0, offset_px=(0.0, 14.0), name=True, bold=me)
    )
    return out


def race_shapes(
    rows: list[Habitant],
    names: Mapping[int, str],
    colours: Mapping[int, str],
    seconds: float,
    box: tuple[float, float, float, float] = RACE_BOX,
    me: int | None = None,
) -> list[Shape]:
    """The race: one row a player, the longest time in the band first."""
    left, bottom, right, top = box
    out: list[Shape] = [
        told(left, top, words("Time in the band"), TEXT, 20.0, "left", (0, -22), bold=True)
    ]
    ordered = sorted(rows, key=lambda b: (-b.in_band, b.player_id))[:8]
    row_h = min(92.0, (top - bottom - 50.0) / max(1, len(ordered)))
    compact = row_h < 80.0  # no room for the line of words under the bar
    for i, b in enumerate(ordered):
        y = top - 60.0 - i * row_h  # the row's top; below it the name line, the bar, words
        name = names.get(b.player_id, f"#{b.player_id}")
        colour = colours.get(b.player_id, TEXT)
        size = 15.0 if compact else 16.0
        out.append(Dot(left + 8.0, y - 0.19 * row_h, 6.0, colour, None, 12.0))
        out.append(
            Label(
                left + 22.0,
                y,
                f"{i + 1}. {name}",
                TEXT,
                size,
                "left",
                (0, -14),
                bold=b.player_id == me,
            )
        )
        seconds_in = words("{0} s", f"{b.in_band:.1f}")
        out.append(told(right, y, seconds_in, TEXT, size, "right", (0, -14)))
        share = max(0.0, min(1.0, b.in_band / max(seconds, 1e-9)))
        bar_y0, bar_y1 = y - 0.56 * row_h, y - 0.42 * row_h
        out.append(Poly(rect(left + 22.0, bar_y0, right, bar_y1), None, "#1c2b22", closed=True))
        fill = STATUS_COLOURS.get(b.status, BAND_EDGE if b.inside else "#5f8f76")
        if share > 0:
            x1 = left + 22.0 + (right - left - 22.0) * share
            out.append(Poly(rect(left + 22.0, bar_y0, x1, bar_y1), None, fill, closed=True))
        half = left + 22.0 + (right - left - 22.0) * 0.5  # half the round: success
        out.append(Poly(((half, bar_y0 - 3), (half, bar_y1 + 3)), "#ffffff88", width=1.5))
        if not compact:
            tint = STATUS_COLOURS.get(b.status, DIM)
            out.append(told(left + 22.0, bar_y0, status_words(b), tint, 12.0, "left", (0, -14)))
    return out


def build_scene(
    info: Mapping[str, Any],
    frame: Frame | None,
    names: Mapping[int, str],
    *,
    me: int | None = None,
) -> Scene:
    h = habitat_of_info(info)
    plane = Plane.of(h)
    (r0, r1), (f0, f1) = h.rabbits_band, h.foxes_band
    title = str(info.get("title", "Predator and prey"))
    panel: tuple[Words, ...] = (
        words(
            "{0}: keep rabbits {1}–{2} and foxes {3}–{4}",
            fixed(title),
            *(f"{v:.0f}" for v in (r0, r1, f0, f1)),
        ),
        words(
            "1 s of play = {0} weeks · α {1}, γ {2} /wk",
            f"{h.speed:g}",
            f"{h.rates.alpha:g}",
            f"{h.rates.gamma:g}",
        ),
    )
    shapes: list[Shape] = plane_shapes(h, plane)
    ids = [] if frame is None else [int(i) for i in frame.ids.tolist()]
    seconds = float(info.get("seconds", 60.0))
    rows: list[Habitant] = []
    colours: dict[int, str] = {}
    for i, pid in enumerate(ids):
        assert frame is not None
        row = frame.row(pid)
        if row is None:
            continue
        rows.append(habitant(pid, row.tolist()))
        colours[pid] = COLOURS[i % len(COLOURS)]
    ordered = [b for b in rows if b.player_id != me] + [b for b in rows if b.player_id == me]
    for b in ordered:
        name = names.get(b.player_id, f"#{b.player_id}")
        shapes += dot_shapes(
            plane, b, colours[b.player_id], name, me=b.player_id == me, big=len(rows) <= 2
        )
    if not rows:
        sx, sy = plane(h.start_rabbits, h.start_foxes)
        shapes.append(Dot(sx, sy, 8.0, None, "#ffffff", 16.0))
        shapes.append(told(sx, sy, words("start"), TEXT, 13.0, offset_px=(0.0, 14.0)))
    shapes += race_shapes(rows, names, colours, seconds, me=me)
    inside = sum(1 for b in rows if b.inside and b.status == 0)
    playing = sum(1 for b in rows if b.status == 0)
    panel = (*panel, words("{0} of {1} playing are in the band now", f"{inside}", f"{playing}"))
    return Scene((0.0, 0.0, LAYOUT_W, LAYOUT_H), BACKGROUND, tuple(shapes), **told_panel(*panel))
