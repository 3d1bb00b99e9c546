"""Dust, exhaust and crash debris: a fixed-size numpy particle pool, drawn in one call a kind."""

from __future__ import annotations

import arcade
import numpy as np
import numpy.typing as npt

from app.player import palette
from app.player.palette import RGB

CAPACITY = 1500
KINDS: tuple[RGB, ...] = (palette.DUST, palette.FLAME_EDGE, palette.VERMILLION, palette.FLAME_CORE)
DUST, EXHAUST, DEBRIS, SPARK = range(4)
SIZES = (0.8, 0.6, 1.0, 0.5)  # metres


class Particles:
    """Particles in world metres; :meth:`update` moves them, :meth:`draw` draws them."""

    def __init__(self, seed: int = 0, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self.pos = np.zeros((capacity, 2))
        self.vel = np.zeros((capacity, 2))
        self.life = np.zeros(capacity)  # seconds left; <= 0 is a free slot
        self.kind = np.zeros(capacity, dtype=np.int8)
        self._rng = np.random.default_rng(seed)
        self._next = 0

    @property
    def alive(self) -> int:
        return int(np.count_nonzero(self.life > 0))

    def emit(
        self,
        kind: int,
        count: int,
        x: float,
        y: float,
        *,
        vx: float = 0.0,
        vy: float = 0.0,
        spread: float = 3.0,
        life: float = 1.0,
    ) -> None:
        """``count`` particles at (x, y) with velocity (vx, vy) +- ``spread`` m/s."""
        count = min(count, self.capacity)
        if count <= 0:
            return
        idx = (self._next + np.arange(count)) % self.capacity
        self._next = int((self._next + count) % self.capacity)
        self.pos[idx] = (x, y)
        self.vel[idx, 0] = vx + self._rng.normal(0.0, spread, count)
        self.vel[idx, 1] = vy + self._rng.normal(0.0, spread, count)
        self.life[idx] = life * self._rng.uniform(0.5, 1.0, count)
        self.kind[idx] = kind

    def update(self, dt: float, gravity: float) -> None:
        live = self.life > 0
        if not live.any():
            return
        self.vel[live, 1] -= gravity * dt
        self.vel[live] *= 1.0 - min(0.9, 1.5 * dt)  # dust settles
        self.pos[live] += self.vel[live] * dt
        self.life[live] -= dt

    def points(self, kind: int) -> npt.NDArray[np.float64]:
        mask = (self.life > 0) & (self.kind == kind)
        out: npt.NDArray[np.float64] = self.pos[mask]
        return out

    def draw(self) -> None:
        for kind, colour in enumerate(KINDS):
            pts = self.points(kind)
            if len(pts):
                arcade.draw_points([(float(x), float(y)) for x, y in pts], colour, SIZES[kind])
