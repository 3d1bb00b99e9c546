"""What Watch live (and the player's view of the others) draws: each player's cylinder with
its gas, the piston, the gas tinted by its temperature, and a pressure gauge beside it with
the target band; the players' names and their time in the band.

The particles drawn are not the host's (sending them would cost far more than a client's
16 kbit/s): each client animates the same seeded particles from the snapshot's ``phase``
(the host's clock scaled by sqrt(T / 300 K), so they move faster when hotter, as the real
ones do) inside the cylinder as the snapshot's piston leaves it, in slow motion.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from game.api import FloatArray, Frame
from game.gas.model import BORE, LENGTH_MAX, T_MAX, T_MIN, Plan, plan_of
from game.gas.results import GasStatus
from game.gas.sim import FIELDS
from game.scene import Dot, Label, Point, Poly, Scene, Shape, rect, told, told_panel
from game.timestep import DT
from game.words import Words, fixed, words

SKY = "#0b1026"
WALL = "#c8cde0"
PISTON = "#9aa2b8"
BAND = "#56b4e944"
BAND_EDGE = "#56b4e9"
IN_BAND = "#56b4e9"  # Okabe-Ito sky blue
OUT_BAND = "#e69f00"  # orange
COLD = (0, 114, 178)  # Okabe-Ito blue
HOT = (213, 94, 0)  # vermillion
LAYOUT_W, LAYOUT_H = 1600.0, 900.0
VISUAL_SPEED = 0.45  # boxes a second at 300 K: the drawing is in slow motion
MAX_DOTS = 96
STATUS_COLOURS = {int(GasStatus.HELD): IN_BAND, int(GasStatus.DRIFTED): OUT_BAND}


@lru_cache(maxsize=64)
def particles(seed: int, count: int) -> tuple[FloatArray, FloatArray]:
    """The drawn particles' start (unit box) and velocities (boxes per phase second)."""
    rng = np.random.default_rng([seed, 7])
    start = rng.random((count, 2))
    v = rng.standard_normal((count, 2)) * (VISUAL_SPEED / math.sqrt(2.0))
    return start, v


def fold(u: FloatArray) -> FloatArray:
    """Positions folded into 0..1 as a ball bouncing between two walls."""
    w = np.mod(u, 2.0)
    return np.where(w > 1.0, 2.0 - w, w)


def particle_xy(seed: int, count: int, phase: float, offset: int = 0) -> FloatArray:
    """Where the drawn particles are (unit box, (count, 2)) at ``phase``."""
    start, v = particles(seed, count)
    return fold(start + v * (phase + 3.7 * offset))


def heat_colour(temperature: float, alpha: int = 255) -> str:
    t = max(0.0, min(1.0, (temperature - T_MIN) / (T_MAX - T_MIN)))
    r, g, b = (round(c0 + (c1 - c0) * t) for c0, c1 in zip(COLD, HOT, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}{alpha:02x}"


@dataclass(frozen=True)
class Reading:
    """One player's row of a snapshot, by name."""

    pressure: float
    temperature: float
    length: float  # m
    heater: float
    piston: float
    in_band: float  # s
    phase: float
    status: int

    @classmethod
    def of(cls, row: FloatArray | list[float]) -> Reading:
        v = dict(zip(FIELDS, (float(x) for x in row), strict=True))
        return cls(
            v["pressure"],
            v["temperature"],
            v["length"] / 100.0,
            v["heater"],
            v["piston"],
            v["in_band"],
            v["phase"],
            round(v["status"]),
        )


@dataclass(frozen=True)
class Cell:
    """Where one cylinder and its gauge go: (left, bottom, width, height) in layout units."""

    left: float
    bottom: float
    width: float
    height: float

    @property
    def scale(self) -> float:
        """Layout units per metre of cylinder (cylinder, rod and gauge take 80 % of the
        width: the rest is for the gauge's numbers)."""
        return min(0.80 * self.width / (LENGTH_MAX + 0.10), self.height / (BORE + 0.02))

    def xy(self, x: float, y: float) -> Point:
        s = self.scale
        ox = self.left + (self.width - (LENGTH_MAX + 0.10) * s) / 2  # centred
        oy = self.bottom + (self.height - BORE * s) / 2
        return (ox + x * s, oy + y * s)

    @property
    def gauge_box(self) -> tuple[float, float, float, float]:
        """The gauge's bar: left, bottom, right, top."""
        x0, y0 = self.xy(LENGTH_MAX + 0.05, 0.0)
        x1, y1 = self.xy(LENGTH_MAX + 0.10, BORE)
        return (x0, y0, x1, y1)


def gauge_top(plan: Plan) -> float:
    """The gauge's full scale (N/m): a round number above the band and the reach."""
    top = max(max(plan.waypoints) * (1.0 + plan.half) * 1.15, 1.0)
    scale = 10.0 ** math.floor(math.log10(top))
    for step in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if step * scale >= top:
            return step * scale
    return 10.0 * scale


def cylinder_shapes(
    plan: Plan,
    seed: int,
    r: Reading,
    cell: Cell,
    t: float,
    *,
    big: bool,
    offset: int = 0,
) -> list[Shape]:
    """One player's cylinder, gas, particles, piston and gauge (band at round time t)."""
    out: list[Shape] = []
    length = r.length
    gas = tuple(cell.xy(x, y) for x, y in rect(0.0, 0.0, length, BORE))
    out.append(Poly(gas, None, heat_colour(r.temperature, 70), closed=True))
    count = min(plan.particles, MAX_DOTS)
    xy = particle_xy(seed, count, r.phase, offset)
    s = cell.scale
    radius = 0.0045
    for ux, uy in xy.tolist():
        px, py = cell.xy(radius + ux * (length - 2 * radius), radius + uy * (BORE - 2 * radius))
        out.append(Dot(px, py, radius * s, "#f0e442", None, 3.0 if big else 2.0))
    wall = 4.0 if big else 2.5
    out.append(
        Poly(
            (cell.xy(LENGTH_MAX + 0.02, BORE), cell.xy(0.0, BORE), cell.xy(0.0, 0.0),
             cell.xy(LENGTH_MAX + 0.02, 0.0)),
            WALL,
            width=wall,
        )
    )  # fmt: skip
    thick = 0.012
    head = tuple(cell.xy(x, y) for x, y in rect(length, 0.004, length + thick, BORE - 0.004))
    out.append(Poly(head, "#e8ebf5", PISTON, width=1.5, closed=True))
    rod = tuple(
        cell.xy(x, y)
        for x, y in rect(length + thick, BORE / 2 - 0.008, LENGTH_MAX + 0.03, BORE / 2 + 0.008)
    )
    out.append(Poly(rod, None, PISTON, closed=True))
    if r.heater != 0.0:  # the heater's glow under the cylinder
        colour = heat_colour(T_MAX if r.heater > 0 else T_MIN)
        out.append(Poly((cell.xy(0.01, -0.008), cell.xy(length - 0.01, -0.008)), colour,
                        width=(5.0 if big else 3.0) * min(1.0, abs(r.heater) + 0.3)))  # fmt: skip
    out += gauge_shapes(plan, r.pressure, cell, t, big=big)
    return out


def gauge_shapes(plan: Plan, pressure: float, cell: Cell, t: float, *, big: bool) -> list[Shape]:
    left, bottom, right, top = cell.gauge_box
    full = gauge_top(plan)

    def y(p: float) -> float:
        return bottom + (top - bottom) * max(0.0, min(1.0, p / full))

    low, _, high = plan.band(t)
    out: list[Shape] = [
        Poly(rect(left, bottom, right, top), None, "#141a30", closed=True),
        Poly(rect(left, y(low), right, y(high)), BAND_EDGE, BAND, width=1.0, closed=True),
        Poly(rect(left, bottom, right, top), "#46598c", width=1.0, closed=True),
    ]
    inside = low <= pressure <= high
    colour = IN_BAND if inside else OUT_BAND
    py = y(pressure)
    out.append(Poly(((left - 6.0, py), (right + 6.0, py)), colour, width=4.0 if big else 3.0))
    if big:
        for value in (0.0, full / 2, full):
            out.append(
                Label(right + 8.0, y(value), f"{value:g}", "#96a0b9", 12.0, anchor="left",
                      offset_px=(0.0, -5.0))
            )  # fmt: skip
        out.append(
            told((left + right) / 2, top, words("N/m"), "#96a0b9", 12.0, offset_px=(0.0, 8.0))
        )
    return out


def status_words(r: Reading, plan: Plan, t: float) -> Words:
    share = f"{r.in_band:.0f}"
    if r.status == int(GasStatus.HELD):
        return words("held · in band {0} s", share)
    if r.status == int(GasStatus.DRIFTED):
        return words("drifted · in band {0} s", share)
    return words("{0} N/m · in band {1} s", f"{r.pressure:.0f}", share)


def status_text(r: Reading, plan: Plan, t: float) -> str:
    return str(status_words(r, plan, t))


def grid(n: int, box: tuple[float, float, float, float]) -> list[Cell]:
    """``n`` cells filling ``box`` (left, bottom, width, height), up to 4 a row."""
    left, bottom, width, height = box
    cols = max(1, min(4, n if n <= 4 else math.ceil(n / 2)))
    rows = max(1, math.ceil(n / cols))
    w, h = width / cols, height / rows
    out = []
    for i in range(n):
        r, c = divmod(i, cols)
        out.append(Cell(left + c * w + 10, bottom + (rows - 1 - r) * h + 40, w - 20, h - 84))
    return out


def round_time(frame: Frame | None) -> float:
    return 0.0 if frame is None else frame.tick * DT


def build_scene(
    info: Mapping[str, Any],
    frame: Frame | None,
    names: Mapping[int, str],
    *,
    me: int | None = None,
) -> Scene:
    plan = plan_of(info)
    seed = int(info.get("seed", 0))
    t = round_time(frame)
    low, centre, high = plan.band(t)
    panel: tuple[Words, ...] = (
        words(
            "{0}: keep the pressure in the band {1} % of the time",
            fixed(str(info.get("title", "Gas laws"))),
            f"{plan.goal:g}",
        ),
        words(
            "band now {0}–{1} N/m · {2} particles · P A = N k T",
            f"{low:.0f}",
            f"{high:.0f}",
            f"{plan.particles}",
        ),
    )
    shapes: list[Shape] = []
    ids = [] if frame is None else [int(i) for i in frame.ids.tolist()]
    if me is not None and me in ids:
        ids = [me] + [i for i in ids if i != me]
    if not ids:
        cell = grid(1, (0.0, 0.0, LAYOUT_W, LAYOUT_H - 60))[0]
        empty = Reading(plan.pressure0, plan.temperature0, plan.length0, 0.0, 0.0, 0.0, 0.0, 0)
        shapes += cylinder_shapes(plan, seed, empty, cell, t, big=True)
        return Scene((0.0, 0.0, LAYOUT_W, LAYOUT_H), SKY, tuple(shapes), **told_panel(*panel))
    assert frame is not None
    cells = grid(len(ids), (0.0, 0.0, LAYOUT_W, LAYOUT_H - 60))
    held = 0
    for pid, cell in zip(ids, cells, strict=True):
        row = frame.row(pid)
        if row is None:
            continue
        r = Reading.of(row)
        held += r.status == int(GasStatus.HELD)
        big = len(ids) <= 2
        shapes += cylinder_shapes(plan, seed, r, cell, t, big=big, offset=pid)
        top = cell.bottom + cell.height
        name = names.get(pid, f"#{pid}")
        size = 18.0 if big else 15.0
        x = cell.left + cell.width / 2
        if pid == me:  # the student's own cylinder: "Sam (you)", translated
            shapes.append(told(x, top + 10, words("{0} (you)", name), "#ffffff", size,
                               name=True, bold=True))  # fmt: skip
        else:
            shapes.append(Label(x, top + 10, name, "#ffffff", size, name=True, bold=True))
        colour = STATUS_COLOURS.get(r.status, IN_BAND if low <= r.pressure <= high else OUT_BAND)
        shapes.append(told(cell.left + cell.width / 2, cell.bottom - 22, status_words(r, plan, t),
                           colour, 15.0 if big else 13.0))  # fmt: skip
    shapes.append(
        told(LAYOUT_W - 8.0, LAYOUT_H - 24.0,
             words("gauge: shaded = target band · blue line in it, orange out"), "#c8cde0", 14.0,
             anchor="right")
    )  # fmt: skip
    panel = (*panel, words("centre {0} N/m · {1} held so far", f"{centre:.0f}", f"{held}"))
    return Scene((0.0, 0.0, LAYOUT_W, LAYOUT_H), SKY, tuple(shapes), **told_panel(*panel))
