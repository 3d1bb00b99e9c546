"""What Watch live (and the player's view of the others) draws: the room's bridges side by
side, each over its gap, members coloured by their force (blue pulls: tension; orange
pushes: compression; the stronger, the brighter), broken members in red, the trucks, the
players' names and how each is doing.

A client draws any bridge from the round's ``info`` (joints, candidates, sections, loads)
and a snapshot row (the built / heavy / broken masks and the trucks' position): the
forces are solved again here, from the same code as the host (:mod:`game.bridge.structure`),
once per structure and then one product per frame.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from game.api import Frame
from game.bridge.geometry import (
    APPROACH,
    CANDIDATES,
    HEAVY,
    KINDS,
    NONE,
    TRUCK_LENGTH,
    Geometry,
    geometry,
)
from game.bridge.results import BridgeStatus
from game.bridge.sim import FIELDS, TESTING, types_of, unmask
from game.bridge.structure import Analysis, analyse, deck_loads
from game.bridge.truss import FloatArray, Mechanism
from game.scene import Dot, Label, Point, Poly, Scene, Shape, rect, told, told_panel
from game.words import Words, fixed, words

SKY = "#0b1026"
GROUND = "#5d5a58"
GROUND_TOP = "#8d8a7e"
WATER = "#1d4e89"
ROAD = "#c9c9c9"
NEUTRAL = (154, 162, 184)  # an unloaded member
TENSION = (86, 180, 233)  # Okabe-Ito sky blue
COMPRESSION = (230, 159, 0)  # Okabe-Ito orange
BROKEN = "#d55e00"  # Okabe-Ito vermillion
TRUCK = "#f0e442"
STATUS_COLOURS = {
    int(BridgeStatus.HELD): "#56b4e9",
    int(BridgeStatus.COLLAPSED): "#d55e00",
    int(BridgeStatus.NOT_RIGID): "#d55e00",
    int(BridgeStatus.OVER_BUDGET): "#d55e00",
    int(BridgeStatus.NO_BRIDGE): "#9e9e9e",
    int(BridgeStatus.TIMED_OUT): "#9e9e9e",
}
LAYOUT_W, LAYOUT_H = 1600.0, 900.0  # the scene's own units: cells are laid out in them
KNOB_KEYS = ("load", "budget", "height", "yield_strength", "deck_weight")


def geometry_of(info: Mapping[str, Any]) -> Geometry:
    """The round's geometry from its ``info`` (the level and the knobs in force)."""
    return geometry(str(info["level"]), {k: float(info[k]) for k in KNOB_KEYS})


@lru_cache(maxsize=512)
def analysis_of(geo: Geometry, built: int, heavy: int, broken: int) -> Analysis | Mechanism:
    return analyse(geo, types_of(built, heavy), unmask(broken))


@dataclass(frozen=True)
class Bridge:
    """One player's bridge as a snapshot row shows it, with its forces now."""

    types: list[int]
    broken: list[bool]
    forces: FloatArray | None  # kN (None: not analysed, or a mechanism)
    ratios: FloatArray | None
    load_x: float
    stage: int
    status: int
    cost: float
    stress: float


def bridge_of(geo: Geometry, row: FloatArray, *, analyse_now: bool = True) -> Bridge:
    v = dict(zip(FIELDS, (float(x) for x in row), strict=True))
    built, heavy, broken = round(v["built"]), round(v["heavy"]), round(v["broken"])
    types = types_of(built, heavy)
    forces = ratios = None
    status = round(v["status"])
    stage = round(v["stage"])
    if analyse_now and (stage == TESTING or status == int(BridgeStatus.HELD)) and built:
        a = analysis_of(geo, built, heavy, broken)
        if isinstance(a, Analysis):
            forces, ratios, _ = a.at(deck_loads(geo, v["load_x"]))
    return Bridge(
        types,
        unmask(broken),
        forces,
        ratios,
        v["load_x"],
        stage,
        status,
        v["cost"],
        v["stress"],
    )


def mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> str:
    t = max(0.0, min(1.0, t))
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return f"#{r:02x}{g:02x}{bl:02x}"


def force_colour(force: float, ratio: float) -> str:
    """Grey when idle, towards blue in tension and orange in compression as the member
    nears its strength (full colour from 60 % of it)."""
    target = TENSION if force > 0 else COMPRESSION
    return mix(NEUTRAL, target, 0.15 + ratio / 0.6)


def member_colour(b: Bridge, m: int) -> str:
    if b.forces is None or b.ratios is None:
        return mix(NEUTRAL, NEUTRAL, 0.0)
    return force_colour(float(b.forces[m]), float(b.ratios[m]))


def truck_outline(x: float, y: float, scale: float, facing: float = 1.0) -> tuple[Point, ...]:
    """A truck's side: a cab in front (to the right) and a box, ``TRUCK_LENGTH`` long."""
    h = TRUCK_LENGTH / 2
    body = (
        (-h, 0.35),
        (h * 0.45, 0.35),
        (h * 0.45, 2.6),
        (-h, 2.6),
    )
    del facing
    return tuple((x + px * scale, y + py * scale) for px, py in body)


def cab_outline(x: float, y: float, scale: float) -> tuple[Point, ...]:
    h = TRUCK_LENGTH / 2
    cab = ((h * 0.5, 0.35), (h, 0.35), (h, 1.5), (h * 0.8, 2.1), (h * 0.5, 2.1))
    return tuple((x + px * scale, y + py * scale) for px, py in cab)


@dataclass(frozen=True)
class Cell:
    """Where one bridge goes in the layout: the world box (x0..x1, y0..y1 metres) is
    fitted into the layout rectangle (left, bottom, width, height)."""

    left: float
    bottom: float
    width: float
    height: float
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def scale(self) -> float:
        return min(self.width / (self.x1 - self.x0), self.height / (self.y1 - self.y0))

    def __call__(self, x: float, y: float) -> Point:
        s = self.scale
        ox = self.left + (self.width - (self.x1 - self.x0) * s) / 2
        oy = self.bottom + (self.height - (self.y1 - self.y0) * s) / 2
        return (ox + (x - self.x0) * s, oy + (y - self.y0) * s)


def world_box(geo: Geometry) -> tuple[float, float, float, float]:
    """The metres a bridge's picture covers: banks either side, the gap below."""
    bank = max(TRUCK_LENGTH - APPROACH + 0.5 + TRUCK_LENGTH / 2, 0.16 * geo.span)
    depth = 0.2 * geo.span
    return (-bank, -depth, geo.span + bank, max(geo.height, 2.5) + 0.06 * geo.span)


def bridge_shapes(
    geo: Geometry, b: Bridge, cell: Cell, *, big: bool, candidates: bool = False
) -> list[Shape]:
    """The gap, the banks, the members, the trucks of one bridge in ``cell`` (the banks
    and the water fill the cell's own world box)."""
    x0, y0, x1 = cell.x0, cell.y0, cell.x1
    span = geo.span
    water = 0.15 * geo.span
    out: list[Shape] = [
        Poly(
            tuple(cell(x, y) for x, y in rect(0.0, y0, span, y0 + water)),
            None,
            WATER,
            closed=True,
        ),
        Poly(tuple(cell(x, y) for x, y in rect(x0, y0, 0.0, 0.0)), None, GROUND, closed=True),
        Poly(tuple(cell(x, y) for x, y in rect(span, y0, x1, 0.0)), None, GROUND, closed=True),
        Poly((cell(x0, 0.0), cell(0.0, 0.0)), GROUND_TOP, width=3.0 if big else 2.0),
        Poly((cell(span, 0.0), cell(x1, 0.0)), GROUND_TOP, width=3.0 if big else 2.0),
    ]
    out += truck_shapes(geo, b, cell)  # under the members: a through truss
    joints = geo.joints
    thin, thick = (3.0, 6.0) if big else (1.5, 3.0)
    if candidates:
        for m, (_, _, a, c) in enumerate(KINDS):
            if b.types[m] == NONE:
                out.append(Poly((cell(*joints[a]), cell(*joints[c])), "#4a5684", width=2.0))
    for m, (_, _, a, c) in enumerate(KINDS):
        if b.types[m] == NONE:
            continue
        pa, pc = joints[a], joints[c]
        width = thick if b.types[m] == HEAVY else thin
        if b.broken[m]:  # two stubs with the middle gone
            for s0, s1 in ((0.0, 0.38), (0.62, 1.0)):
                p0 = pa + (pc - pa) * s0
                p1 = pa + (pc - pa) * s1
                out.append(Poly((cell(*p0), cell(*p1)), BROKEN, width=width))
            continue
        colour = member_colour(b, m)
        if b.status in (int(BridgeStatus.COLLAPSED), int(BridgeStatus.NOT_RIGID)):
            colour = "#9aa2b855"  # fallen: what is left, faded
        out.append(Poly((cell(*pa), cell(*pc)), colour, width=width))
    used = {j for m, (_, _, a, c) in enumerate(KINDS) if b.types[m] != NONE for j in (a, c)}
    for j in sorted(used | {0, len(joints) // 2 - 1}):
        x, y = cell(*joints[j])
        out.append(Dot(x, y, (4.0 if big else 2.2), "#e8ebf5", None))
    return out


def truck_shapes(geo: Geometry, b: Bridge, cell: Cell) -> list[Shape]:
    out: list[Shape] = []
    fell = b.status in (int(BridgeStatus.COLLAPSED),)
    y0 = cell.y0
    s = cell.scale
    half = TRUCK_LENGTH / 2
    for off in geo.offsets:
        x = b.load_x + off
        if not cell.x0 + half <= x <= cell.x1 - half:
            continue  # waiting further back, or gone on: outside this bridge's picture
        y = 0.0
        if fell and 0.0 < x < geo.span:
            y = y0 + 0.15 * geo.span - 1.2  # in the river
        px, py = cell(x, y)
        out.append(Poly(truck_outline(px, py, s), TRUCK, TRUCK + "66", width=2.0, closed=True))
        out.append(Poly(cab_outline(px, py, s), "#e69f00", "#e69f0099", width=2.0, closed=True))
        for wx in (-TRUCK_LENGTH * 0.35, TRUCK_LENGTH * 0.1, TRUCK_LENGTH * 0.38):
            out.append(Dot(px + wx * s, py + 0.35 * s, 0.35, "#303030", "#c9c9c9", 3.0))
    return out


def status_words(geo: Geometry, b: Bridge) -> Words:
    cost = f"${b.cost:,.0f}"
    if b.status == int(BridgeStatus.PLAYING):
        if b.stage == TESTING:
            done = (b.load_x - geo.x_start) / (geo.x_end - geo.x_start)
            share = f"{max(0, min(100, math.floor(100 * done)))}"
            return words("{0} · testing {1} %", cost, share)
        return words("{0} · building", cost)
    label = {
        int(BridgeStatus.HELD): words("held"),
        int(BridgeStatus.COLLAPSED): words("collapsed"),
        int(BridgeStatus.NOT_RIGID): words("not rigid"),
        int(BridgeStatus.OVER_BUDGET): words("over budget"),
        int(BridgeStatus.NO_BRIDGE): words("no bridge"),
        int(BridgeStatus.TIMED_OUT): words("timed out"),
    }.get(b.status, Words(""))
    return words("{0} · {1}", cost, label)


def status_text(geo: Geometry, b: Bridge) -> str:
    return str(status_words(geo, b))


def cells(n: int, box: tuple[float, float, float, float], geo: Geometry) -> list[Cell]:
    """``n`` cells in a grid filling ``box`` (left, bottom, width, height)."""
    left, bottom, width, height = box
    x0, y0, x1, y1 = world_box(geo)

    def scale(cols: int) -> float:  # metres -> units of the bridges in a cols-wide grid
        rows = math.ceil(n / cols)
        return min((width / cols - 12) / (x1 - x0), (height / rows - 72) / (y1 - y0))

    cols = max(range(1, max(1, n) + 1), key=lambda c: (round(scale(c), 6), -c))
    rows = max(1, math.ceil(n / cols))
    w, h = width / cols, height / rows
    out = []
    for i in range(n):
        r, c = divmod(i, cols)
        out.append(
            Cell(left + c * w + 6, bottom + (rows - 1 - r) * h + 36, w - 12, h - 72, x0, y0, x1, y1)
        )
    return out


def build_scene(
    info: Mapping[str, Any],
    frame: Frame | None,
    names: Mapping[int, str],
    *,
    me: int | None = None,
) -> Scene:
    geo = geometry_of(info)
    shapes: list[Shape] = []
    panel: tuple[Words, ...] = (
        words(
            "{0}: {1} m gap, {2}, budget {3}",
            fixed(str(info.get("title", "Bridge builder"))),
            f"{geo.span:g}",
            _trucks(geo),
            f"${geo.budget:,}",
        ),
        words("blue = pulled (tension), orange = pushed (compression), red = broken"),
    )
    ids = [] if frame is None else [int(i) for i in frame.ids.tolist()]
    if not ids:
        cell = cells(1, (0.0, 0.0, LAYOUT_W, LAYOUT_H - 90), geo)[0]
        empty = Bridge(
            [NONE] * CANDIDATES, [False] * CANDIDATES, None, None, geo.x_start, 0, 0, 0.0, 0.0
        )
        shapes += bridge_shapes(geo, empty, cell, big=True, candidates=True)
        return Scene((0.0, 0.0, LAYOUT_W, LAYOUT_H), SKY, tuple(shapes), **told_panel(*panel))
    assert frame is not None
    order = ids
    layout: list[tuple[int, Cell, bool]] = []
    if me is not None and me in ids and len(ids) > 1:
        others = [i for i in ids if i != me]
        top_box = (0.0, LAYOUT_H * 0.34, LAYOUT_W, LAYOUT_H * 0.58)
        layout.append((me, cells(1, top_box, geo)[0], True))
        strip = cells_row(len(others), (0.0, 0.0, LAYOUT_W, LAYOUT_H * 0.34), geo)
        layout += [(pid, c, False) for pid, c in zip(others, strip, strict=True)]
    else:
        grid = cells(len(order), (0.0, 0.0, LAYOUT_W, LAYOUT_H - 90), geo)
        layout = [(pid, c, len(order) <= 2) for pid, c in zip(order, grid, strict=True)]
    counts = {"building": 0, "testing": 0, "done": 0}
    for pid, cell, big in layout:
        row = frame.row(pid)
        if row is None:
            continue
        b = bridge_of(geo, row)
        if b.status != 0:
            counts["done"] += 1
        elif b.stage == TESTING:
            counts["testing"] += 1
        else:
            counts["building"] += 1
        shapes += bridge_shapes(geo, b, cell, big=big)
        x0, _, x1, y1 = world_box(geo)
        nx, ny = cell((x0 + x1) / 2, y1)
        colour = STATUS_COLOURS.get(b.status, "#ffffff")
        shapes.append(
            Label(
                nx,
                ny,
                names.get(pid, f"#{pid}"),
                "#ffffff",
                16.0 if big else 13.0,
                offset_px=(0.0, 8.0),
                name=True,
                bold=True,
            )
        )
        _, by, _, _ = world_box(geo)
        sx, sy = cell((x0 + x1) / 2, by)
        shapes.append(
            told(
                sx, sy, status_words(geo, b), colour, 14.0 if big else 12.0, offset_px=(0.0, -12.0)
            )
        )
    shapes.append(
        told(
            LAYOUT_W - 8.0,
            LAYOUT_H - 24.0,
            words("blue: pulled · orange: pushed · red: broken"),
            "#c8cde0",
            13.0,
            anchor="right",
        )
    )
    panel = (
        panel[0],
        panel[1],
        words(
            "{0} building · {1} testing · {2} done",
            f"{counts['building']}",
            f"{counts['testing']}",
            f"{counts['done']}",
        ),
    )
    return Scene((0.0, 0.0, LAYOUT_W, LAYOUT_H), SKY, tuple(shapes), **told_panel(*panel))


def cells_row(n: int, box: tuple[float, float, float, float], geo: Geometry) -> list[Cell]:
    """``n`` cells side by side in ``box``."""
    left, bottom, width, height = box
    x0, y0, x1, y1 = world_box(geo)
    w = width / max(1, n)
    return [
        Cell(left + i * w + 6, bottom + 26, w - 12, height - 52, x0, y0, x1, y1) for i in range(n)
    ]


def _trucks(geo: Geometry) -> Words:
    if geo.trucks == 1:
        return words("one {0} kN truck", f"{geo.load:g}")
    return words(
        "{0} trucks of {1} kN, {2} m apart", f"{geo.trucks}", f"{geo.load:g}", f"{geo.spacing:g}"
    )


def member_midpoints(geo: Geometry) -> FloatArray:
    """Each candidate's middle (metres), (31, 2)."""
    return np.asarray((geo.joints[geo.ends[:, 0]] + geo.joints[geo.ends[:, 1]]) / 2.0)
