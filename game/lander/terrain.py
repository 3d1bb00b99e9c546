"""Seeded terrain: a chain of ground segments with flat landing pads of several widths."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from game.lander.worlds import World

TERRAIN_STREAM = 0x7E44A1
POINT_SPACING = 8.0  # m between terrain vertices
EDGE_MARGIN = 40.0  # m kept free of pads at both edges
BASE_HEIGHT = 60.0  # m, mean ground level
MIN_HEIGHT = 5.0  # m, the ground never goes below this
# (width in m, score multiplier): the narrower the pad, the higher its multiplier
PAD_TABLE: tuple[tuple[float, float], ...] = ((40.0, 1.0), (26.0, 2.0), (16.0, 3.0), (10.0, 5.0))


@dataclass(frozen=True)
class Pad:
    id: int
    x_left: float
    x_right: float
    y: float
    multiplier: float

    @property
    def centre(self) -> float:
        return (self.x_left + self.x_right) / 2

    @property
    def width(self) -> float:
        return self.x_right - self.x_left

    def contains(self, x: float) -> bool:
        return self.x_left <= x <= self.x_right


@dataclass(frozen=True, eq=False)
class Terrain:
    """Ground vertices left to right (x from 0 to ``width``), and the pads on it."""

    points: npt.NDArray[np.float64]  # (M, 2)
    pads: tuple[Pad, ...]
    width: float
    seed: int

    def height_at(self, x: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Ground height under each x (linear between vertices)."""
        return np.interp(np.asarray(x, dtype=np.float64), self.points[:, 0], self.points[:, 1])

    def pad_at(self, x: float) -> Pad | None:
        for pad in self.pads:
            if pad.contains(x):
                return pad
        return None

    def nearest_pad(self, x: float) -> Pad:
        return min(self.pads, key=lambda p: (abs(p.centre - x), p.id))

    @property
    def min_height(self) -> float:
        return float(self.points[:, 1].min())

    @property
    def max_height(self) -> float:
        return float(self.points[:, 1].max())


def _smooth_noise(
    rng: np.random.Generator, xs: npt.NDArray[np.float64], width: float, spacing: float
) -> npt.NDArray[np.float64]:
    """Values in -1..1 at random control points every ``spacing`` m, cosine-interpolated."""
    count = int(np.ceil(width / spacing)) + 2
    knots = rng.uniform(-1.0, 1.0, size=count)
    pos = xs / spacing
    i = np.floor(pos).astype(np.int64)
    f = pos - i
    w = (1 - np.cos(np.pi * f)) / 2
    return np.asarray(knots[i] * (1 - w) + knots[i + 1] * w, dtype=np.float64)


def generate_terrain(seed: int, world: World) -> Terrain:
    """The terrain of ``world`` for ``seed``; the same inputs always give the same terrain."""
    rng = np.random.default_rng([TERRAIN_STREAM, seed])
    width = world.width
    n = int(np.ceil(width / POINT_SPACING))
    xs = np.linspace(0.0, width, n + 1)
    rough = world.roughness
    heights = (
        BASE_HEIGHT
        + 40.0 * _smooth_noise(rng, xs, width, 200.0)
        + 15.0 * (0.3 + rough) * _smooth_noise(rng, xs, width, 48.0)
        + 5.0 * rough * rng.uniform(-1.0, 1.0, size=xs.shape)
    )
    heights = np.maximum(heights, MIN_HEIGHT)

    usable = width - 2 * EDGE_MARGIN
    sector = usable / len(PAD_TABLE)
    order = rng.permutation(len(PAD_TABLE))
    spans: list[tuple[float, float, float]] = []
    for sector_index, table_index in enumerate(order):
        pad_width, multiplier = PAD_TABLE[int(table_index)]
        lo = EDGE_MARGIN + sector_index * sector + 4.0
        hi = EDGE_MARGIN + (sector_index + 1) * sector - 4.0 - pad_width
        left = float(rng.uniform(lo, max(lo, hi)))
        spans.append((left, left + pad_width, multiplier))

    pads: list[Pad] = []
    keep = np.ones(xs.shape, dtype=bool)
    for left, right, _ in spans:
        keep &= (xs < left - 1e-9) | (xs > right + 1e-9)
    point_x = list(xs[keep])
    point_y = list(heights[keep])
    for pad_id, (left, right, multiplier) in enumerate(spans):
        y = float(np.interp((left + right) / 2, xs, heights))
        pads.append(Pad(pad_id, left, right, y, multiplier))
        point_x += [left, right]
        point_y += [y, y]
    pts = np.column_stack([point_x, point_y])
    pts = pts[np.argsort(pts[:, 0], kind="stable")]
    pts.setflags(write=False)
    return Terrain(points=pts, pads=tuple(pads), width=width, seed=seed)
