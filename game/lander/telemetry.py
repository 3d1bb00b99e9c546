"""A flight's time series, as lab data: numpy columns, CSV, and a compact binary blob.

Samples are taken at spawn, every :data:`SAMPLE_EVERY` ticks (20 per second) and at the
end of the flight. :meth:`Telemetry.to_bytes` is the platform's codec
(:class:`game.series.Series`): float32 columns, each value XORed with the one before it and
the bytes shuffled by significance (lossless), then zlib: about 21.5 KB per minute of flight
(43.2 KB as raw float32, 35 KB with plain zlib). ``tests/game/lander/test_telemetry.py``
keeps it under 24 KB.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from game.errors import InvalidTelemetryError
from game.series import Series

SAMPLE_EVERY = 3  # ticks between samples (60 Hz / 3 = 20 samples a second)
COLUMNS = ("t", "x", "y", "vx", "vy", "angle", "angular_velocity", "throttle", "fuel")

Column = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Telemetry:
    """Columns of equal length; ``t`` in s since spawn, SI units, angle in radians."""

    t: Column
    x: Column
    y: Column
    vx: Column
    vy: Column
    angle: Column
    angular_velocity: Column
    throttle: Column
    fuel: Column

    @classmethod
    def from_matrix(cls, matrix: npt.NDArray[np.floating]) -> Telemetry:
        """Build from an (n, 9) array in :data:`COLUMNS` order."""
        m = np.asarray(matrix, dtype=np.float64)
        if m.ndim != 2 or m.shape[1] != len(COLUMNS):
            raise InvalidTelemetryError(f"telemetry matrix must be (n, 9), got {m.shape}")
        cols = [np.ascontiguousarray(m[:, i]) for i in range(len(COLUMNS))]
        return cls(*cols)

    def matrix(self) -> npt.NDArray[np.float64]:
        return np.column_stack([getattr(self, c) for c in COLUMNS])

    def __len__(self) -> int:
        return int(self.t.shape[0])

    def series(self) -> Series:
        """The same columns as the platform's :class:`game.series.Series`."""
        return Series(COLUMNS, self.matrix())

    def to_csv(self) -> str:
        """A header line and one row per sample; a spreadsheet reads it as is."""
        return self.series().to_csv()

    def to_bytes(self) -> bytes:
        """The platform's telemetry blob (:meth:`game.series.Series.to_bytes`)."""
        return self.series().to_bytes()

    @classmethod
    def from_bytes(cls, blob: bytes) -> Telemetry:
        series = Series.from_bytes(blob)
        if series.columns != COLUMNS:
            raise InvalidTelemetryError(f"not a lander's telemetry: columns {series.columns}")
        return cls.from_matrix(series.matrix)
