"""Snapshots: a room's rows at one tick as quantised integer columns, full or as a delta.

A snapshot holds one row per player, the columns of the game's
:class:`game.api.SnapshotSchema` (a value travels as ``round(value * scale)``). This module
knows no game's columns: the schema says how many there are and which position columns a
delta predicts from which velocity columns. On the wire the columns are packed column by
column, each with the narrowest little-endian signed width (0, 1, 2, 4 or 8 bytes) that
holds all its values; a width of 0 means "all zero".

A delta is taken against an older snapshot of the same players (same ids, same order). Its
predicted position columns are residuals against the baseline's position moved on by the
baseline's velocity (``p_base + floor(v_base * dticks / 60)``, integer maths both sides),
every other column is a plain difference, and rows that did not change at all are left out
(a bit mask says which). docs/protocol.md is the spec of the wire layout.

A room holds at most a few dozen rows, and numpy's per-call overhead dominates such tiny
arrays: tables of up to :data:`SMALL_ROWS` rows are packed, checked and delta-encoded with
plain Python integers (:meth:`Snapshot.rows`, cached per snapshot), larger ones with
numpy. Both give the same bytes (tests/netcode/test_snapshot.py checks that).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from netcode.errors import ProtocolError

MAX_ROWS = 1024
MAX_COLUMNS = 32
MAX_ROW_ID = 2**31 - 1
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
# The delta predictor moves positions on by velocity * dticks / PREDICT_RATE seconds.
PREDICT_RATE = 60
# A delta may span at most this many ticks (keeps the integer prediction far from overflow).
MAX_DELTA_TICKS = 65536
WIDTHS = (0, 1, 2, 4, 8)
_DTYPES: dict[int, np.dtype[Any]] = {
    1: np.dtype("<i1"),
    2: np.dtype("<i2"),
    4: np.dtype("<i4"),
    8: np.dtype("<i8"),
}
_LIMITS = {1: 2**7, 2: 2**15, 4: 2**31, 8: 2**63}
_STRUCT_CODES = {1: "b", 2: "h", 4: "i", 8: "q"}
# Up to this many rows, tables are handled as Python lists of ints (faster than numpy there).
SMALL_ROWS = 64

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
Predict = Sequence[tuple[int, int]]  # (position column, velocity column) pairs


def _frozen(array: npt.ArrayLike) -> IntArray:
    out = np.array(array, dtype=np.int64, copy=True)
    out.setflags(write=False)
    return out


def _bad(message: str) -> ProtocolError:
    return ProtocolError("bad_snapshot", message)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """A room's rows at one tick, quantised. ``values`` is (N, columns) int64."""

    ids: IntArray
    values: IntArray

    def __post_init__(self) -> None:
        ids = _frozen(self.ids)
        values = _frozen(self.values)
        n = ids.shape[0] if ids.ndim == 1 else -1
        if n < 0 or values.ndim != 2 or values.shape[0] != n:
            raise _bad(
                f"snapshot needs ids (N,) and values (N, k), got {ids.shape}, {values.shape}"
            )
        if not 1 <= values.shape[1] <= MAX_COLUMNS:
            raise _bad(f"a snapshot has 1..{MAX_COLUMNS} columns, got {values.shape[1]}")
        if n > MAX_ROWS:
            raise _bad(f"snapshot holds {n} rows; at most {MAX_ROWS}")
        rows: list[list[int]] | None = None
        if n <= SMALL_ROWS:  # the same checks on Python ints (numpy calls cost more here)
            id_list: list[int] = ids.tolist()
            rows = values.tolist()
            flat = [v for row in rows for v in row]
            id_range = (min(id_list), max(id_list)) if n else (0, 0)
            value_range = (min(flat), max(flat)) if n else (0, 0)
            unique = len(set(id_list)) == n
        else:
            id_range = (int(ids.min()), int(ids.max()))
            value_range = (int(values.min()), int(values.max()))
            unique = np.unique(ids).size == n
        if id_range[0] < 0 or id_range[1] > MAX_ROW_ID:
            raise _bad(f"row ids must be within 0..{MAX_ROW_ID}")
        if not unique:
            raise _bad("row ids in a snapshot must be unique")
        if value_range[0] < INT32_MIN or value_range[1] > INT32_MAX:
            raise _bad("snapshot values must fit in 32 bits")
        object.__setattr__(self, "ids", ids)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "_rows", rows)

    @property
    def columns(self) -> int:
        return int(self.values.shape[1])

    def rows(self) -> list[list[int]]:
        """``values`` as Python lists, one per row (made once, then cached; don't modify)."""
        rows: list[list[int]] | None = self.__dict__.get("_rows")
        if rows is None:
            rows = self.values.tolist()
            object.__setattr__(self, "_rows", rows)
        return rows

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Snapshot):
            return NotImplemented
        return bool(
            np.array_equal(self.ids, other.ids) and np.array_equal(self.values, other.values)
        )

    def __hash__(self) -> int:
        return hash((self.ids.tobytes(), self.values.tobytes()))

    def __repr__(self) -> str:
        return f"Snapshot(ids={self.ids.tolist()}, columns={self.columns})"

    def to_floats(self, scales: Sequence[int]) -> FloatArray:
        """The values in the schema's units (value / scale)."""
        if len(scales) != self.columns:
            raise _bad(f"{len(scales)} scales for a snapshot of {self.columns} columns")
        out: FloatArray = self.values / np.asarray(scales, dtype=np.float64)
        return out

    # -- wire form -----------------------------------------------------------------------
    def to_wire(self) -> list[object]:
        """``[0, n, widths, data]`` with the ids packed as a column in front."""
        if 0 < len(self) <= SMALL_ROWS:
            ids: list[int] = self.ids.tolist()
            widths, data = _pack_rows([[i, *row] for i, row in zip(ids, self.rows(), strict=True)])
            return [0, len(self), widths, data]
        table = (
            np.column_stack([self.ids, self.values])
            if len(self)
            else np.zeros((0, self.columns + 1), np.int64)
        )
        widths, data = pack_columns(table)
        return [0, len(self), widths, data]

    @classmethod
    def from_wire(cls, n: int, widths: bytes, data: bytes) -> Snapshot:
        if not 2 <= len(widths) <= MAX_COLUMNS + 1:
            raise _bad(f"a snapshot has 2..{MAX_COLUMNS + 1} column widths, got {len(widths)}")
        table = unpack_columns(n, len(widths), widths, data)
        return cls(ids=table[:, 0], values=table[:, 1:])


@dataclass(frozen=True, eq=False)
class Delta:
    """The change from the snapshot of ``base_tick`` to a newer one of the same rows.

    ``changed`` is a bool (N,) mask; ``residuals`` holds one row per changed player.
    """

    base_tick: int
    changed: npt.NDArray[np.bool_]
    residuals: IntArray

    def __post_init__(self) -> None:
        changed = np.array(self.changed, dtype=np.bool_, copy=True)
        changed.setflags(write=False)
        residuals = _frozen(self.residuals)
        if changed.ndim != 1 or changed.shape[0] > MAX_ROWS:
            raise _bad(f"delta mask must be (N,) with N <= {MAX_ROWS}, got {changed.shape}")
        rows = int(changed.sum())
        if residuals.ndim != 2 or residuals.shape[0] != rows:
            raise _bad(f"delta has {rows} changed rows but residuals of shape {residuals.shape}")
        if not 1 <= residuals.shape[1] <= MAX_COLUMNS:
            raise _bad(f"a delta has 1..{MAX_COLUMNS} columns, got {residuals.shape[1]}")
        object.__setattr__(self, "changed", changed)
        object.__setattr__(self, "residuals", residuals)

    @property
    def columns(self) -> int:
        return int(self.residuals.shape[1])

    def __len__(self) -> int:
        return int(self.changed.shape[0])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Delta):
            return NotImplemented
        return (
            self.base_tick == other.base_tick
            and bool(np.array_equal(self.changed, other.changed))
            and bool(np.array_equal(self.residuals, other.residuals))
        )

    def __hash__(self) -> int:
        return hash((self.base_tick, self.changed.tobytes(), self.residuals.tobytes()))

    def __repr__(self) -> str:
        changed = int(self.changed.sum())
        return f"Delta(base_tick={self.base_tick}, n={len(self)}, changed={changed})"

    def apply(self, base: Snapshot, tick: int, predict: Predict) -> Snapshot:
        """The snapshot of ``tick``, rebuilt from ``base`` (the snapshot of ``base_tick``)
        with the schema's ``predict`` column pairs."""
        if len(base) != len(self):
            raise _bad(f"delta for {len(self)} rows cannot apply to a baseline of {len(base)}")
        if base.columns != self.columns:
            raise _bad(f"delta of {self.columns} columns for a baseline of {base.columns}")
        _check_span(self.base_tick, tick)
        full = np.zeros((len(self), self.columns), dtype=np.int64)
        full[self.changed] = self.residuals
        values = _predict(base.values, tick - self.base_tick, predict) + full
        return Snapshot(ids=base.ids, values=values)

    def to_wire(self) -> list[object]:
        """``[1, n, base_tick, mask, widths, data]``; mask is little-bit-first, n bits."""
        if self.residuals.shape[0]:
            widths, data = pack_columns(self.residuals)
        else:
            widths, data = bytes(self.columns), b""
        mask = np.packbits(self.changed, bitorder="little").tobytes()
        return [1, len(self), self.base_tick, mask, widths, data]

    @classmethod
    def from_wire(cls, n: int, base_tick: int, mask: bytes, widths: bytes, data: bytes) -> Delta:
        if not 0 <= n <= MAX_ROWS:
            raise _bad(f"delta row count must be within 0..{MAX_ROWS}, got {n}")
        if not 1 <= len(widths) <= MAX_COLUMNS:
            raise _bad(f"a delta has 1..{MAX_COLUMNS} column widths, got {len(widths)}")
        if len(mask) != (n + 7) // 8:
            raise _bad(f"delta mask for {n} rows must be {(n + 7) // 8} bytes, got {len(mask)}")
        bits = np.unpackbits(np.frombuffer(mask, dtype=np.uint8), bitorder="little")
        if bits[n:].any():
            raise _bad("delta mask has bits set beyond its row count")
        changed = bits[:n].astype(np.bool_)
        residuals = unpack_columns(int(changed.sum()), len(widths), widths, data)
        return cls(base_tick=base_tick, changed=changed, residuals=residuals)


def _check_span(base_tick: int, tick: int) -> None:
    if not 0 < tick - base_tick <= MAX_DELTA_TICKS:
        raise _bad(f"delta from tick {base_tick} to {tick} must span 1..{MAX_DELTA_TICKS} ticks")


def _predict(values: IntArray, dticks: int, predict: Predict) -> IntArray:
    """The baseline moved on: each predicted position advanced by its velocity over
    ``dticks`` (integer maths)."""
    out = values.copy()
    for pos, vel in predict:
        out[:, pos] += np.floor_divide(values[:, vel] * dticks, PREDICT_RATE)
    return out


def check_predict(predict: Predict, columns: int) -> None:
    for pos, vel in predict:
        if not (0 <= pos < columns and 0 <= vel < columns):
            raise _bad(f"predict pair ({pos}, {vel}) is outside {columns} columns")


def delta_between(
    base: Snapshot, base_tick: int, current: Snapshot, tick: int, predict: Predict
) -> Delta:
    """The delta that turns ``base`` (of ``base_tick``) into ``current`` (of ``tick``)."""
    residual = _residual(base, base_tick, current, tick, predict)
    changed = np.asarray(residual.any(axis=1), dtype=np.bool_)
    return Delta(base_tick=base_tick, changed=changed, residuals=residual[changed])


def delta_wire(
    base: Snapshot, base_tick: int, current: Snapshot, tick: int, predict: Predict
) -> list[object]:
    """``delta_between(...).to_wire()``, the same list, made without building the
    :class:`Delta` (pure Python for small rooms): the host's path, where the delta is only
    sent, never applied."""
    n = len(current)
    if n > SMALL_ROWS:
        return delta_between(base, base_tick, current, tick, predict).to_wire()
    # One numpy expression for the residuals, then Python for the rest (mask, packing).
    every: list[list[int]] = _residual(base, base_tick, current, tick, predict).tolist()
    residuals: list[list[int]] = []
    mask = 0
    for i, row in enumerate(every):
        if any(row):
            mask |= 1 << i
            residuals.append(row)
    widths, data = _pack_rows(residuals) if residuals else (bytes(current.columns), b"")
    return [1, n, base_tick, mask.to_bytes((n + 7) // 8, "little"), widths, data]


def _residual(
    base: Snapshot, base_tick: int, current: Snapshot, tick: int, predict: Predict
) -> IntArray:
    """Every row of ``current`` minus its prediction from ``base`` (checked first)."""
    if not np.array_equal(base.ids, current.ids):
        raise _bad("a delta needs the same rows in the same order as its baseline")
    if base.columns != current.columns:
        raise _bad("a delta needs the same columns as its baseline")
    _check_span(base_tick, tick)
    return current.values - _predict(base.values, tick - base_tick, predict)


def quantise(
    ids: npt.ArrayLike, values: FloatArray, scales: Sequence[int], names: Sequence[str]
) -> Snapshot:
    """Rows in the schema's units -> a snapshot (vectorised; no loop over rows). A value
    that is not finite, or beyond the 32-bit wire range, raises ``bad_field`` naming the
    row id and the column."""
    id_array = np.asarray(ids, dtype=np.int64)
    floats = np.asarray(values, dtype=np.float64).reshape(id_array.shape[0], len(scales))
    if not np.isfinite(floats).all():
        row, col = np.argwhere(~np.isfinite(floats))[0]
        raise ProtocolError(
            "bad_field", f"row {int(id_array[row])} {names[col]} is {floats[row, col]}, not finite"
        )
    scaled = np.rint(floats * np.asarray(scales, dtype=np.float64))
    out_of_range = (scaled < INT32_MIN) | (scaled > INT32_MAX)
    if out_of_range.any():
        row, col = np.argwhere(out_of_range)[0]
        raise ProtocolError(
            "bad_field",
            f"row {int(id_array[row])} {names[col]} = {floats[row, col]} is beyond the snapshot "
            f"range ±{INT32_MAX / scales[col]:.0f}",
        )
    return Snapshot(ids=id_array, values=scaled.astype(np.int64))


def pack_columns(table: IntArray) -> tuple[bytes, bytes]:
    """Widths (one byte per column) and the column-major little-endian data of ``table``."""
    if 0 < table.shape[0] <= SMALL_ROWS:
        return _pack_rows(table.tolist())
    widths = bytearray()
    chunks: list[bytes] = []
    for j in range(table.shape[1]):
        col = table[:, j]
        width = _width(int(col.min()), int(col.max())) if col.size else 0
        widths.append(width)
        if width:
            chunks.append(col.astype(_DTYPES[width]).tobytes())
    return bytes(widths), b"".join(chunks)


def _width(lo: int, hi: int) -> int:
    """The narrowest of WIDTHS that holds lo..hi (0 when both are 0)."""
    if lo == 0 and hi == 0:
        return 0
    for width in WIDTHS[1:]:
        limit = _LIMITS[width]
        if lo >= -limit and hi < limit:
            return width
    raise _bad(f"column values {lo}..{hi} do not fit in 64 bits")


def _pack_rows(rows: list[list[int]]) -> tuple[bytes, bytes]:
    """:func:`pack_columns` of a non-empty table given as Python rows: the same bytes."""
    widths = bytearray()
    chunks: list[bytes] = []
    n = len(rows)
    for col in zip(*rows, strict=True):
        width = _width(min(col), max(col))
        widths.append(width)
        if width:
            chunks.append(struct.pack(f"<{n}{_STRUCT_CODES[width]}", *col))
    return bytes(widths), b"".join(chunks)


def unpack_columns(rows: int, ncols: int, widths: bytes, data: bytes) -> IntArray:
    """The inverse of :func:`pack_columns`; checks every size before reading."""
    if not 0 <= rows <= MAX_ROWS:
        raise _bad(f"row count must be within 0..{MAX_ROWS}, got {rows}")
    if len(widths) != ncols:
        raise _bad(f"expected {ncols} column widths, got {len(widths)}")
    bad = [w for w in widths if w not in WIDTHS]
    if bad:
        raise _bad(f"column width {bad[0]} is not one of {WIDTHS}")
    expected = rows * sum(widths)
    if len(data) != expected:
        raise _bad(f"column data for {rows} rows must be {expected} bytes, got {len(data)}")
    table = np.zeros((rows, ncols), dtype=np.int64)
    offset = 0
    for j, width in enumerate(widths):
        if width == 0:
            continue
        size = rows * width
        table[:, j] = np.frombuffer(data, dtype=_DTYPES[width], count=rows, offset=offset)
        offset += size
    return table


def empty_snapshot(columns: int) -> Snapshot:
    return Snapshot(ids=np.zeros(0, np.int64), values=np.zeros((0, columns), np.int64))
