"""The student's own round, recorded from the host's snapshots (lab data for the results
plot): one row per snapshot while they play, and the last one when they stop. Times are the
host's (tick x DT), so the plot shows the round as the host simulated it. The rows carry the
game's snapshot field names, so :meth:`game.api.Game.channels_of` reads them as it reads the
host's telemetry."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from game.api import PLAYING, SnapshotSchema
from game.series import Series
from game.timestep import DT

MAX_SAMPLES = 60 * 60 * 30  # one hour at 30 snapshots a second


class RowLog:
    """Own rows of one round; ``add`` every snapshot, read :meth:`series`."""

    def __init__(self, schema: SnapshotSchema) -> None:
        self.schema = schema
        self._status = schema.index(schema.status)
        self._rows: list[list[float]] = []
        self._last_tick = -1
        self._ended = False

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def ended(self) -> bool:
        return self._ended

    @property
    def started_at(self) -> float | None:
        """Host seconds (tick x DT) of the first row kept; None before any."""
        return self._rows[0][0] if self._rows else None

    def add(self, tick: int, row: npt.NDArray[np.float64]) -> bool:
        """Record ``row`` of ``tick``; False when it was not kept (old, after the end, full)."""
        if self._ended or tick <= self._last_tick or len(self._rows) >= MAX_SAMPLES:
            return False
        self._last_tick = tick
        self._rows.append([tick * DT, *(float(v) for v in row)])
        if round(float(row[self._status])) != PLAYING:
            self._ended = True
        return True

    def series(self) -> Series:
        """The rows with ``t`` in seconds since the first one."""
        columns = ("t", *self.schema.names)
        if not self._rows:
            return Series(columns, np.zeros((0, len(columns))))
        matrix = np.asarray(self._rows, dtype=np.float64)
        matrix[:, 0] -= matrix[0, 0]
        return Series(columns, matrix)
