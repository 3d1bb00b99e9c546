"""The student's own flight, recorded from the host's snapshots (lab data for the results plot).

One sample per snapshot of the own lander while it flies, and the last one when it stops.
Times are the host's (tick x DT), so the plot shows the flight as the host simulated it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.lander import DT, LanderState, LanderStatus, Telemetry, Terrain

MAX_SAMPLES = 60 * 60 * 30  # one hour at 30 snapshots a second


@dataclass(frozen=True)
class FlightSeries:
    """What the plot draws: seconds since spawn, feet above the ground (m), vertical speed."""

    t: np.ndarray
    altitude: np.ndarray
    vy: np.ndarray

    def __len__(self) -> int:
        return int(self.t.shape[0])


class FlightLog:
    """Own-lander samples of one flight; ``add`` every snapshot, read ``telemetry()``."""

    def __init__(self, terrain: Terrain, foot_depth: float) -> None:
        self.terrain = terrain
        self.foot_depth = foot_depth
        self._rows: list[tuple[float, ...]] = []
        self._first_tick: int | None = None
        self._last_tick = -1
        self._ended = False

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def ended(self) -> bool:
        return self._ended

    def add(self, tick: int, state: LanderState) -> bool:
        """Record ``state`` of ``tick``; False when it was not kept (old, after the end, full)."""
        if self._ended or tick <= self._last_tick or len(self._rows) >= MAX_SAMPLES:
            return False
        if self._first_tick is None:
            self._first_tick = tick
        self._last_tick = tick
        t = tick * DT
        self._rows.append(
            (
                t,
                state.x,
                state.y,
                state.vx,
                state.vy,
                state.angle,
                state.angular_velocity,
                state.throttle,
                state.fuel,
            )
        )
        if state.status is not LanderStatus.FLYING:
            self._ended = True
        return True

    def telemetry(self) -> Telemetry:
        """The samples as :class:`game.Telemetry` (t in host seconds since the round began)."""
        if not self._rows:
            return Telemetry.from_matrix(np.zeros((0, 9)))
        return Telemetry.from_matrix(np.asarray(self._rows, dtype=np.float64))

    def series(self) -> FlightSeries:
        """Altitude of the feet above the ground below, and vertical speed, over time."""
        tel = self.telemetry()
        if len(tel) == 0:
            empty = np.zeros(0)
            return FlightSeries(empty, empty, empty)
        ground = self.terrain.height_at(tel.x)
        feet = tel.y - self.foot_depth * np.cos(tel.angle)
        altitude = np.maximum(0.0, feet - ground)
        return FlightSeries(tel.t - tel.t[0], altitude, tel.vy.copy())


def altitude_of(state: LanderState, terrain: Terrain, foot_depth: float) -> float:
    """Feet above the ground straight below, in metres (0 on the ground)."""
    ground = float(terrain.height_at(state.x))
    return max(0.0, state.y - foot_depth * math.cos(state.angle) - ground)
