"""What Watch live (and the player's view of the others) draws: every player's copy of the
map side by side, the rover on it (a triangle pointing where it faces), the goal, the
player's name, the program's length and how the player is doing.

A client draws a rover from the round's ``info`` (the map rows) and a snapshot row (x, y,
heading, stage, step, bumps, status); :func:`map_shapes` is also the player's own map.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from game.api import Frame
from game.rover.grid import Grid, parse_map
from game.rover.results import RoverStatus
from game.rover.sim import FIELDS, RUNNING
from game.scene import Dot, Glyph, Label, Poly, Scene, Shape, rect, told, told_panel
from game.words import Words, fixed, words

BACKGROUND = "#0b1026"
FLOOR = "#2a3350"
FLOOR_LINE = "#3b4670"
WALL = "#6b5b4b"
WALL_TOP = "#8a7763"
GOAL = "#009e73"  # Okabe-Ito bluish green
ROVER = "#f0e442"  # Okabe-Ito yellow
ROVER_EDGE = "#e69f00"
BUMP = "#d55e00"
STATUS_COLOURS = {
    int(RoverStatus.PLAYING): "#c8cde0",
    int(RoverStatus.REACHED): "#56b4e9",
    int(RoverStatus.NOT_REACHED): "#d55e00",
    int(RoverStatus.NO_RUN): "#9e9e9e",
}
LAYOUT_W, LAYOUT_H = 1600.0, 900.0
ROVER_OUTLINE = ((0.42, 0.0), (-0.3, 0.3), (-0.18, 0.0), (-0.3, -0.3))


def grid_of(info: Mapping[str, Any]) -> Grid:
    """The round's map from its ``info``."""
    return parse_map(str(info.get("level", "map")), tuple(str(r) for r in info["rows"]))


@dataclass(frozen=True)
class Rover:
    """One player's rover as a snapshot row shows it."""

    x: float
    y: float
    heading: int
    stage: int
    step: int
    bumps: int
    blocks: int
    runs: int
    status: int
    distance: int


def rover_of(row: Any) -> Rover:
    v = dict(zip(FIELDS, (float(x) for x in row), strict=True))
    return Rover(
        v["x"],
        v["y"],
        round(v["heading"]) % 4,
        round(v["stage"]),
        round(v["step"]),
        round(v["bumps"]),
        round(v["blocks"]),
        round(v["runs"]),
        round(v["status"]),
        round(v["distance"]),
    )


@dataclass(frozen=True)
class Box:
    """A map fitted into a layout rectangle: cell (x, y) -> layout units."""

    left: float
    bottom: float
    width: float
    height: float
    cols: int
    rows: int

    @property
    def size(self) -> float:
        return min(self.width / self.cols, self.height / self.rows)

    @property
    def origin(self) -> tuple[float, float]:
        s = self.size
        return (
            self.left + (self.width - self.cols * s) / 2,
            self.bottom + (self.height - self.rows * s) / 2,
        )

    def centre(self, x: float, y: float) -> tuple[float, float]:
        ox, oy = self.origin
        s = self.size
        return (ox + (x + 0.5) * s, oy + (y + 0.5) * s)

    def top(self) -> float:
        return self.origin[1] + self.rows * self.size

    def bottom_edge(self) -> float:
        return self.origin[1]


def map_shapes(g: Grid, box: Box, rover: Rover | None, *, big: bool) -> list[Shape]:
    """The floor, the walls, the goal and the rover of one map in ``box``."""
    out: list[Shape] = []
    ox, oy = box.origin
    s = box.size
    gap = max(1.0, s * 0.04)
    for y in range(g.height):
        for x in range(g.width):
            x0, y0 = ox + x * s, oy + y * s
            if (x, y) in g.walls:
                out.append(Poly(rect(x0, y0, x0 + s, y0 + s), None, WALL, closed=True))
                out.append(
                    Poly(
                        rect(x0 + gap, y0 + s * 0.55, x0 + s - gap, y0 + s - gap),
                        None,
                        WALL_TOP,
                        closed=True,
                    )
                )
            else:
                out.append(
                    Poly(
                        rect(x0 + gap, y0 + gap, x0 + s - gap, y0 + s - gap),
                        FLOOR_LINE,
                        FLOOR,
                        width=1.0,
                        closed=True,
                    )
                )
    gx, gy = box.centre(*g.goal)
    out.append(Dot(gx, gy, s * 0.32, GOAL + "55", GOAL, 6.0))
    out.append(Dot(gx, gy, s * 0.14, GOAL, None, 3.0))
    if big:
        out.append(told(gx, gy - s * 0.42, words("goal"), "#9be7cf", 13.0))
    sx, sy = box.centre(*g.start)
    if rover is None or (rover.x, rover.y) != g.start:  # where the rover starts
        out.append(Dot(sx, sy, s * 0.1, "#8891b4", None, 2.0))
    if rover is not None:
        out += rover_shapes(box, rover)
    return out


def rover_shapes(box: Box, rover: Rover) -> list[Shape]:
    """The rover: a triangle pointing where it faces (ringed while a run has bumped)."""
    s = box.size
    rx, ry = box.centre(rover.x, rover.y)
    angle = rover.heading * math.pi / 2
    outline = tuple((px * s, py * s) for px, py in ROVER_OUTLINE)
    out: list[Shape] = [Glyph(rx, ry, angle, outline, ROVER, ROVER_EDGE, 8.0)]
    if rover.bumps and rover.stage == RUNNING:
        out.append(Dot(rx, ry, s * 0.45, None, BUMP, 4.0))
    return out


def status_words(r: Rover, *, short: bool = False) -> Words:
    """How a player is doing, in a few words (``short``: for a small map)."""
    blocks = words("{0} block" if r.blocks == 1 else "{0} blocks", f"{r.blocks}")
    if short:
        if r.status == int(RoverStatus.PLAYING):
            if r.stage == RUNNING:
                return words("run {0} · step {1}", f"{r.runs}", f"{r.step}")
            return words("{0} · fixing", blocks) if r.runs else words("{0} · writing", blocks)
        return {
            int(RoverStatus.REACHED): words("{0} · reached", blocks),
            int(RoverStatus.NOT_REACHED): words("missed"),
            int(RoverStatus.NO_RUN): words("never ran"),
        }.get(r.status, Words(""))
    if r.status == int(RoverStatus.PLAYING):
        if r.stage == RUNNING:
            if r.bumps:
                bumps = words("{0} bump" if r.bumps == 1 else "{0} bumps", f"{r.bumps}")
                return words(
                    "{0} · run {1} step {2} · {3}", blocks, f"{r.runs}", f"{r.step}", bumps
                )
            return words("{0} · run {1} step {2}", blocks, f"{r.runs}", f"{r.step}")
        if r.runs:
            return words("{0} · fixing (run {1} missed)", blocks, f"{r.runs}")
        return words("{0} · writing", blocks)
    label = {
        int(RoverStatus.REACHED): words("reached the goal"),
        int(RoverStatus.NOT_REACHED): words("missed the goal"),
        int(RoverStatus.NO_RUN): words("never ran"),
    }.get(r.status, Words(""))
    return words("{0} · {1}", blocks, label)


def status_text(r: Rover, *, short: bool = False) -> str:
    return str(status_words(r, short=short))


def boxes(n: int, area: tuple[float, float, float, float], g: Grid, label_h: float) -> list[Box]:
    """``n`` map boxes in a grid filling ``area`` (left, bottom, width, height), with room
    for a name above and a status line below each."""
    left, bottom, width, height = area

    def size(cols: int) -> float:
        rows = math.ceil(n / cols)
        return min((width / cols - 16) / g.width, (height / rows - 2 * label_h) / g.height)

    cols = max(range(1, max(1, n) + 1), key=lambda c: (round(size(c), 6), -c))
    rows = max(1, math.ceil(n / cols))
    w, h = width / cols, height / rows
    out = []
    for i in range(n):
        r, c = divmod(i, cols)
        out.append(
            Box(
                left + c * w + 8,
                bottom + (rows - 1 - r) * h + label_h,
                w - 16,
                h - 2 * label_h,
                g.width,
                g.height,
            )
        )
    return out


def build_scene(
    info: Mapping[str, Any],
    frame: Frame | None,
    names: Mapping[int, str],
    *,
    me: int | None = None,
) -> Scene:
    g = grid_of(info)
    panel: tuple[Words, ...] = (
        words(
            "{0}: reach the goal with the shortest program",
            fixed(str(info.get("title", "Rover program"))),
        ),
        words(
            "shortest known: {0} blocks · block limit {1} · step limit {2}",
            str(info.get("shortest_blocks", "?")),
            str(info.get("max_blocks", "?")),
            str(info.get("step_limit", "?")),
        ),
    )
    ids = [] if frame is None else [int(i) for i in frame.ids.tolist()]
    if not ids:
        box = boxes(1, (0.0, 0.0, LAYOUT_W, LAYOUT_H - 60), g, 40.0)[0]
        start = Rover(g.start[0], g.start[1], g.heading, 0, 0, 0, 0, 0, 0, 0)
        alone = map_shapes(g, box, start, big=True)
        return Scene((0.0, 0.0, LAYOUT_W, LAYOUT_H), BACKGROUND, tuple(alone), **told_panel(*panel))
    assert frame is not None
    layout: list[tuple[int, Box, bool]] = []
    if me is not None and me in ids and len(ids) > 1:
        others = [i for i in ids if i != me]
        layout.append((me, boxes(1, (0.0, 0.0, LAYOUT_W * 0.5, LAYOUT_H), g, 40.0)[0], True))
        side = boxes(len(others), (LAYOUT_W * 0.5, 0.0, LAYOUT_W * 0.5, LAYOUT_H), g, 30.0)
        layout += [(pid, b, False) for pid, b in zip(others, side, strict=True)]
    else:
        grid_boxes = boxes(len(ids), (0.0, 0.0, LAYOUT_W, LAYOUT_H - 50), g, 34.0)
        layout = [(pid, b, len(ids) <= 2) for pid, b in zip(ids, grid_boxes, strict=True)]
    shapes: list[Shape] = []
    counts = {"writing": 0, "running": 0, "done": 0}
    for pid, box, big in layout:
        row = frame.row(pid)
        if row is None:
            continue
        r = rover_of(row)
        if r.status != 0:
            counts["done"] += 1
        elif r.stage == RUNNING:
            counts["running"] += 1
        else:
            counts["writing"] += 1
        shapes += map_shapes(g, box, r, big=big)
        cx = box.left + box.width / 2
        shapes.append(
            Label(
                cx,
                box.top(),
                names.get(pid, f"#{pid}"),
                "#ffffff",
                16.0 if big else 13.0,
                offset_px=(0.0, 10.0),
                name=True,
                bold=True,
            )
        )
        shapes.append(
            told(
                cx,
                box.bottom_edge(),
                status_words(r, short=not big),
                STATUS_COLOURS.get(r.status, "#ffffff"),
                14.0 if big else 12.0,
                offset_px=(0.0, -16.0),
            )
        )
    panel = (
        panel[0],
        panel[1],
        words(
            "{0} writing · {1} running · {2} done",
            f"{counts['writing']}",
            f"{counts['running']}",
            f"{counts['done']}",
        ),
    )
    return Scene((0.0, 0.0, LAYOUT_W, LAYOUT_H), BACKGROUND, tuple(shapes), **told_panel(*panel))
