"""A player's time series as lab data: named numpy columns, CSV, and a compact blob.

Column ``t`` (seconds since the player started) comes first; the rest are the game's own
(the lander's: x, y, vx, vy, angle, angular_velocity, throttle, fuel). :meth:`to_bytes`
stores the columns as float32, each value XORed with the one before it and the bytes
shuffled by significance (lossless), then zlib. Version 1 blobs (the lander's, before
games declared their columns) carry no names and read as the lander's columns.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from game.errors import InvalidTelemetryError

_MAGIC = b"MBTL"
_V1 = struct.Struct("<4sBI")  # magic, version 1, samples
_V2 = struct.Struct("<4sBIB")  # magic, version 2, samples, columns; then the names
LANDER_V1_COLUMNS = ("t", "x", "y", "vx", "vy", "angle", "angular_velocity", "throttle", "fuel")
MAX_SAMPLES = 10_000_000
MAX_COLUMNS = 64

Column = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Series:
    """Columns of equal length, named; ``matrix`` is (samples, columns), ``t`` first."""

    columns: tuple[str, ...]
    matrix: npt.NDArray[np.float64]

    def __post_init__(self) -> None:
        m = np.asarray(self.matrix, dtype=np.float64)
        if m.ndim != 2 or m.shape[1] != len(self.columns):
            raise InvalidTelemetryError(
                f"series matrix must be (n, {len(self.columns)}), got {m.shape}"
            )
        if not self.columns or self.columns[0] != "t":
            raise InvalidTelemetryError(f"a series starts with column t, got {self.columns}")
        if len(set(self.columns)) != len(self.columns) or len(self.columns) > MAX_COLUMNS:
            raise InvalidTelemetryError(f"series columns must be unique, at most {MAX_COLUMNS}")
        object.__setattr__(self, "matrix", m)

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

    def __getitem__(self, name: str) -> Column:
        try:
            return np.ascontiguousarray(self.matrix[:, self.columns.index(name)])
        except ValueError:
            raise KeyError(
                f"the series has no column {name!r} ({', '.join(self.columns)})"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    @property
    def t(self) -> Column:
        return self["t"]

    @classmethod
    def of(cls, columns: Sequence[str], rows: Sequence[Sequence[float]]) -> Series:
        m = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(columns))
        return cls(tuple(columns), m)

    def to_csv(self) -> str:
        """A header line and one row per sample; a spreadsheet reads it as is."""
        out = io.StringIO()
        out.write(",".join(self.columns) + "\n")
        if len(self):
            np.savetxt(out, self.matrix, delimiter=",", fmt="%.6g")
        return out.getvalue()

    def to_bytes(self) -> bytes:
        names = ",".join(self.columns).encode("utf-8")
        if len(names) > 65535:
            raise InvalidTelemetryError("series column names are too long")
        header = _V2.pack(_MAGIC, 2, len(self), len(self.columns)) + struct.pack("<H", len(names))
        return header + names + zlib.compress(_shuffle(self.matrix), 9)

    @classmethod
    def from_bytes(cls, blob: bytes) -> Series:
        if len(blob) < _V1.size:
            raise InvalidTelemetryError(f"telemetry blob too short: {len(blob)} bytes")
        magic, version, count = _V1.unpack_from(blob)
        if magic != _MAGIC:
            raise InvalidTelemetryError(f"not a telemetry blob (magic {magic!r})")
        if count > MAX_SAMPLES:
            raise InvalidTelemetryError(f"telemetry claims {count} samples, max {MAX_SAMPLES}")
        columns: tuple[str, ...]
        if version == 1:
            columns, body = LANDER_V1_COLUMNS, blob[_V1.size :]
        elif version == 2:
            if len(blob) < _V2.size + 2:
                raise InvalidTelemetryError("telemetry blob header is cut short")
            _, _, _, ncols = _V2.unpack_from(blob)
            (name_len,) = struct.unpack_from("<H", blob, _V2.size)
            start = _V2.size + 2
            try:
                columns = tuple(blob[start : start + name_len].decode("utf-8").split(","))
            except UnicodeDecodeError:
                raise InvalidTelemetryError("telemetry column names are not UTF-8") from None
            if len(columns) != ncols:
                raise InvalidTelemetryError(f"telemetry names {len(columns)} of {ncols} columns")
            body = blob[start + name_len :]
        else:
            raise InvalidTelemetryError(f"telemetry version {version} is not 1 or 2")
        return cls(columns, _unshuffle(body, count, len(columns)))


def _shuffle(matrix: npt.NDArray[np.float64]) -> bytes:
    cols = np.ascontiguousarray(matrix.astype("<f4").T)  # (k, n)
    bits = cols.view("<u4").copy()
    bits[:, 1:] ^= cols.view("<u4")[:, :-1]
    k = cols.shape[0]
    shuffled = bits.view(np.uint8).reshape(k, -1, 4).transpose(0, 2, 1)
    return np.ascontiguousarray(shuffled).tobytes()


def _unshuffle(compressed: bytes, count: int, k: int) -> npt.NDArray[np.float64]:
    expected = count * k * 4
    try:
        body = zlib.decompressobj().decompress(compressed, expected + 1)
    except zlib.error as exc:
        raise InvalidTelemetryError(f"telemetry body is corrupt: {exc}") from None
    if len(body) != expected:
        raise InvalidTelemetryError(
            f"telemetry body has {len(body)} bytes, expected {expected} for {count} samples"
        )
    shuffled = np.frombuffer(body, dtype=np.uint8).reshape(k, 4, count)
    bits = np.ascontiguousarray(shuffled.transpose(0, 2, 1)).view("<u4").reshape(k, count)
    bits = np.bitwise_xor.accumulate(bits, axis=1)
    return np.asarray(bits.view("<f4").T, dtype=np.float64)
