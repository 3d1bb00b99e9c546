"""Where things are on Bridge builder's play screen (1280 x 720 canvas), and which member the
mouse is on: pure, so the tests check it without a window."""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.bridge.geometry import CANDIDATES, KINDS, Geometry
from game.bridge.spectator import Cell, world_box

MAIN = (20.0, 196.0, 964.0, 432.0)  # the own bridge: left, bottom, width, height
SIDE = (1000.0, 1268.0, 196.0, 548.0)  # the right-hand panel under the time: l, r, b, t
STRIP = (12.0, 8.0, 1256.0, 150.0)  # the others' bridges
PICK_PX = 14.0  # a click this close to a member's line picks it


@dataclass(frozen=True)
class Layout:
    """World metres <-> canvas units for the own bridge."""

    cell: Cell
    left: float
    bottom: float

    @classmethod
    def of(cls, geo: Geometry) -> Layout:
        left, bottom, width, height = MAIN
        x0, y0, x1, y1 = world_box(geo)
        y0 = min(y0, y1 - (x1 - x0) * height / width)  # a deeper gap fills the area
        return cls(Cell(0.0, 0.0, width, height, x0, y0, x1, y1), left, bottom)

    def to_canvas(self, x: float, y: float) -> tuple[float, float]:
        lx, ly = self.cell(x, y)
        return (self.left + lx, self.bottom + ly)

    def member_line(self, geo: Geometry, m: int) -> tuple[float, float, float, float]:
        _, _, a, b = KINDS[m]
        ax, ay = self.to_canvas(*geo.joints[a])
        bx, by = self.to_canvas(*geo.joints[b])
        return ax, ay, bx, by

    def pick(self, geo: Geometry, x: float, y: float) -> int | None:
        """The candidate member nearest the canvas point, if within :data:`PICK_PX`
        (ties: the shorter member, so a diagonal's end does not hide a short chord)."""
        best: tuple[float, float, int] | None = None
        for m in range(CANDIDATES):
            ax, ay, bx, by = self.member_line(geo, m)
            d = segment_distance(x, y, ax, ay, bx, by)
            if d <= PICK_PX:
                key = (round(d, 1), math.hypot(bx - ax, by - ay), m)
                if best is None or key < best:
                    best = key
        return None if best is None else best[2]


def segment_distance(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    """Distance from a point to the segment a-b, measured to the segment's middle 80 % (a
    point on a joint belongs to no member in particular)."""
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    if length2 == 0.0:
        return math.hypot(px - ax, py - ay)
    t = ((px - ax) * dx + (py - ay) * dy) / length2
    t = max(0.1, min(0.9, t))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))
