"""A flight's time series, as lab data: numpy columns, CSV, and a compact binary blob.

Samples are taken at spawn, every :data:`SAMPLE_EVERY` ticks (20 per second) and at the
end of the flight. :meth:`Telemetry.to_bytes` stores the nine columns as float32, each value
XORed with the one before it and the bytes shuffled by significance (lossless), then zlib:
measured 21.5 KB per minute of flight (a full minute of a Moon flight; 43.2 KB as raw
float32, 35 KB with plain zlib). ``tests/game/test_telemetry.py`` keeps it under 24 KB.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from game.errors import InvalidTelemetryError

SAMPLE_EVERY = 3  # ticks between samples (60 Hz / 3 = 20 samples a second)
COLUMNS = ("t", "x", "y", "vx", "vy", "angle", "angular_velocity", "throttle", "fuel")
_MAGIC = b"MBTL"
_VERSION = 1
_HEADER = struct.Struct("<4sBI")
MAX_SAMPLES = 10_000_000

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

    def to_csv(self) -> str:
        """A header line and one row per sample; a spreadsheet reads it as is."""
        out = io.StringIO()
        out.write(",".join(COLUMNS) + "\n")
        if len(self):
            np.savetxt(out, self.matrix(), delimiter=",", fmt="%.6g")
        return out.getvalue()

    def to_bytes(self) -> bytes:
        cols = np.ascontiguousarray(self.matrix().astype("<f4").T)  # (9, n)
        bits = cols.view("<u4").copy()
        bits[:, 1:] ^= cols.view("<u4")[:, :-1]
        shuffled = bits.view(np.uint8).reshape(len(COLUMNS), -1, 4).transpose(0, 2, 1)
        body = np.ascontiguousarray(shuffled).tobytes()
        return _HEADER.pack(_MAGIC, _VERSION, len(self)) + zlib.compress(body, 9)

    @classmethod
    def from_bytes(cls, blob: bytes) -> Telemetry:
        if len(blob) < _HEADER.size:
            raise InvalidTelemetryError(f"telemetry blob too short: {len(blob)} bytes")
        magic, version, count = _HEADER.unpack_from(blob)
        if magic != _MAGIC:
            raise InvalidTelemetryError(f"not a telemetry blob (magic {magic!r})")
        if version != _VERSION:
            raise InvalidTelemetryError(f"telemetry version {version} is not {_VERSION}")
        if count > MAX_SAMPLES:
            raise InvalidTelemetryError(f"telemetry claims {count} samples, max {MAX_SAMPLES}")
        expected = count * len(COLUMNS) * 4
        try:
            body = zlib.decompressobj().decompress(blob[_HEADER.size :], expected + 1)
        except zlib.error as exc:
            raise InvalidTelemetryError(f"telemetry body is corrupt: {exc}") from None
        if len(body) != expected:
            raise InvalidTelemetryError(
                f"telemetry body has {len(body)} bytes, expected {expected} for {count} samples"
            )
        shuffled = np.frombuffer(body, dtype=np.uint8).reshape(len(COLUMNS), 4, count)
        bits = np.ascontiguousarray(shuffled.transpose(0, 2, 1)).view("<u4")
        bits = bits.reshape(len(COLUMNS), count)
        bits = np.bitwise_xor.accumulate(bits, axis=1)
        return cls.from_matrix(bits.view("<f4").T)
