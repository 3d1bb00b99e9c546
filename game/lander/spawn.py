"""Where a lander starts: deterministic from the round seed and its slot.

Slots are columns ``SLOT_SPACING`` m apart across the terrain, visited with a stride near
the golden ratio so that the first few slots (a class of 8) spread over the whole width.
When every column of a row is taken, later slots start another row ``ROW_HEIGHT`` m higher.
Each start is 100-140 m above the highest ground near it, with a small sideways speed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.lander.terrain import EDGE_MARGIN, Terrain

SPAWN_STREAM = 0x5BA3
SLOT_SPACING = 12.0  # m between columns
ROW_HEIGHT = 60.0  # m between rows of slots
MIN_ALTITUDE = 100.0  # m above the ground
ALTITUDE_SPREAD = 40.0  # m
MAX_SIDEWAYS_SPEED = 3.0  # m/s


@dataclass(frozen=True)
class Spawn:
    x: float
    y: float
    vx: float


def columns(width: float) -> int:
    return max(1, int((width - 2 * EDGE_MARGIN) // SLOT_SPACING))


def column_of(slot: int, count: int) -> int:
    stride = max(1, round(count * 0.381966))
    while math.gcd(stride, count) != 1:
        stride += 1
    return (count // 2 + slot * stride) % count


def spawn_for(terrain: Terrain, seed: int, slot: int) -> Spawn:
    count = columns(terrain.width)
    col = column_of(slot, count)
    row = slot // count
    rng = np.random.default_rng([SPAWN_STREAM, seed, slot])
    usable = terrain.width - 2 * EDGE_MARGIN
    spacing = usable / count
    jitter = max(0.0, spacing / 2 - 3.0)
    x = EDGE_MARGIN + (col + 0.5) * spacing + float(rng.uniform(-jitter, jitter))
    ground = float(terrain.height_at(np.linspace(x - 10.0, x + 10.0, 9)).max())
    y = ground + MIN_ALTITUDE + ALTITUDE_SPREAD * float(rng.uniform()) + row * ROW_HEIGHT
    vx = float(rng.uniform(-MAX_SIDEWAYS_SPEED, MAX_SIDEWAYS_SPEED))
    return Spawn(x, y, vx)
