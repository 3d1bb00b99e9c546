"""Snapshots: a room's rows at one tick as quantised integer columns, full or as a delta.

A snapshot holds one row per player, the columns of the game's
:class:`game.api.SnapshotSchema` (a value travels as ``round(value * scale)``). This module
knows no game's columns: the schema says how many there are and which position columns a
delta predicts from which velocity columns. On the wire the columns are packed column by
column, each with the narrowest little-endian signed width (1, 2, 4 or 8 bytes) that holds
all its values, and a 4-bit code per column says how: all zero (no data), dense (every
row's value) or sparse (a bit mask of the rows whose value is not 0, then those values),
whichever is shortest.

A delta is taken against an older snapshot of the same players (same ids, same order),
``span`` ticks older. Its predicted position columns are residuals against the baseline's
position moved on by the baseline's velocity (``p_base + floor(v_base * span / 60)``,
integer maths both sides), every other column is a plain difference, and rows that did not
change at all are left out (a bit mask says which). docs/protocol.md is the spec of the
wire layout.

A room holds at most a few dozen rows, and numpy's per-call overhead dominates such tiny
arrays: tables of up to :data:`SMALL_ROWS` rows are packed, checked and delta-encoded with
plain Python integers (:meth:`Snapshot.rows`, cached per snapshot), larger ones with
numpy. Both give the same bytes (tests/netcode/test_snapshot.py checks that).
"""

from __future__ import annotations

import functools
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
# Column codes on the wire: 0 all zero; 1..4 dense of width 1, 2, 4, 8; 5..8 sparse.
_CODE_WIDTHS = (0, 1, 2, 4, 8, 1, 2, 4, 8)
_DENSE = {1: 1, 2: 2, 4: 3, 8: 4}
_SPARSE = {1: 5, 2: 6, 4: 7, 8: 8}
_SPARSE_CODES = frozenset(_SPARSE.values())
_BITS = tuple(1 << i for i in range(64))  # a row's bit in a small table's mask
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


def _check_ids(id_range: tuple[int, int], unique: bool) -> None:
    """A snapshot's row ids: within 0..MAX_ROW_ID (``id_range`` is their min and max) and
    unique."""
    if id_range[0] < 0 or id_range[1] > MAX_ROW_ID:
        raise _bad(f"row ids must be within 0..{MAX_ROW_ID}")
    if not unique:
        raise _bad("row ids in a snapshot must be unique")


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
        id_list: list[int] | None = None
        if n <= SMALL_ROWS:  # the same checks on Python ints (numpy calls cost more here)
            id_list = ids.tolist()
            rows = values.tolist()
            flat = [v for row in rows for v in row]
            id_range = (min(id_list), max(id_list)) if n else (0, 0)
            value_range = (min(flat), max(flat)) if n else (0, 0)
            unique = len(set(id_list)) == n
        else:
            id_range = (int(ids.min()), int(ids.max()))
            value_range = (int(values.min()), int(values.max()))
            unique = np.unique(ids).size == n
        _check_ids(id_range, unique)
        if value_range[0] < INT32_MIN or value_range[1] > INT32_MAX:
            raise _bad("snapshot values must fit in 32 bits")
        object.__setattr__(self, "ids", ids)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "_rows", rows)
        object.__setattr__(self, "_id_list", id_list)

    @classmethod
    def _from_checked(cls, ids: IntArray, values: IntArray, rows: list[list[int]]) -> Snapshot:
        """A snapshot of 1..SMALL_ROWS rows whose ``values`` (N, k) int64, a fresh array
        that nothing else holds, are already known to be within 32 bits; ``rows`` is
        ``values.tolist()`` (quantise's fast path: only the ids and the column count are
        checked here, as ``__post_init__`` checks them)."""
        id_list: list[int] = ids.tolist()
        _check_ids((min(id_list), max(id_list)), len(set(id_list)) == len(id_list))
        if not 1 <= values.shape[1] <= MAX_COLUMNS:
            raise _bad(f"a snapshot has 1..{MAX_COLUMNS} columns, got {values.shape[1]}")
        snap = object.__new__(cls)
        object.__setattr__(snap, "ids", _frozen(ids))
        values.setflags(write=False)
        object.__setattr__(snap, "values", values)
        object.__setattr__(snap, "_rows", rows)
        object.__setattr__(snap, "_id_list", id_list)
        return snap

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

    def id_list(self) -> list[int]:
        """``ids`` as a Python list (made once, then cached; don't modify)."""
        ids: list[int] | None = self.__dict__.get("_id_list")
        if ids is None:
            ids = self.ids.tolist()
            object.__setattr__(self, "_id_list", ids)
        return ids

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
        """``[0, n, columns, body]``: the ids packed as a column in front of the values."""
        columns = self.columns + 1
        if 0 < len(self) <= SMALL_ROWS:
            ids: list[int] = self.ids.tolist()
            table = [[i, *row] for i, row in zip(ids, self.rows(), strict=True)]
            return [0, len(self), columns, _pack_rows(table, columns)]
        if not len(self):
            return [0, 0, columns, _pack_rows([], columns)]
        return [0, len(self), columns, pack_table(np.column_stack([self.ids, self.values]))]

    @classmethod
    def from_wire(cls, n: int, columns: int, body: bytes) -> Snapshot:
        if not 2 <= columns <= MAX_COLUMNS + 1:
            raise _bad(f"a snapshot has 2..{MAX_COLUMNS + 1} columns with its ids, got {columns}")
        table = unpack_table(n, columns, body)
        return cls(ids=table[:, 0], values=table[:, 1:])


@dataclass(frozen=True, eq=False)
class Delta:
    """The change from an older snapshot of the same rows, ``span`` ticks before.

    ``changed`` is a bool (N,) mask; ``residuals`` holds one row per changed player.
    """

    span: int
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
        _check_span(self.span)
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
            self.span == other.span
            and bool(np.array_equal(self.changed, other.changed))
            and bool(np.array_equal(self.residuals, other.residuals))
        )

    def __hash__(self) -> int:
        return hash((self.span, self.changed.tobytes(), self.residuals.tobytes()))

    def __repr__(self) -> str:
        changed = int(self.changed.sum())
        return f"Delta(span={self.span}, n={len(self)}, changed={changed})"

    def apply(self, base: Snapshot, predict: Predict) -> Snapshot:
        """The newer snapshot, rebuilt from ``base`` (the snapshot ``span`` ticks before)
        with the schema's ``predict`` column pairs."""
        if len(base) != len(self):
            raise _bad(f"delta for {len(self)} rows cannot apply to a baseline of {len(base)}")
        if base.columns != self.columns:
            raise _bad(f"delta of {self.columns} columns for a baseline of {base.columns}")
        full = np.zeros((len(self), self.columns), dtype=np.int64)
        full[self.changed] = self.residuals
        values = _predict(base.values, self.span, predict) + full
        return Snapshot(ids=base.ids, values=values)

    def to_wire(self) -> list[object]:
        """``[1, n, columns, span, body]``; the body is the changed-row mask
        (little-bit-first, n bits) and then the packed residuals."""
        mask = np.packbits(self.changed, bitorder="little").tobytes()
        return [1, len(self), self.columns, self.span, mask + pack_table(self.residuals)]

    @classmethod
    def from_wire(cls, n: int, columns: int, span: int, body: bytes) -> Delta:
        if not 0 <= n <= MAX_ROWS:
            raise _bad(f"delta row count must be within 0..{MAX_ROWS}, got {n}")
        if not 1 <= columns <= MAX_COLUMNS:
            raise _bad(f"a delta has 1..{MAX_COLUMNS} columns, got {columns}")
        _check_span(span)
        mask_bytes = (n + 7) // 8
        if len(body) < mask_bytes:
            raise _bad(f"delta mask for {n} rows must be {mask_bytes} bytes, got {len(body)}")
        mask = np.frombuffer(body, dtype=np.uint8, count=mask_bytes)
        bits = np.unpackbits(mask, bitorder="little")
        if bits[n:].any():
            raise _bad("delta mask has bits set beyond its row count")
        changed = bits[:n].astype(np.bool_)
        residuals = unpack_table(int(changed.sum()), columns, body, mask_bytes)
        return cls(span=span, changed=changed, residuals=residuals)


def _check_span(span: int) -> None:
    if not 0 < span <= MAX_DELTA_TICKS:
        raise _bad(f"a delta must span 1..{MAX_DELTA_TICKS} ticks, got {span}")


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
    return Delta(span=tick - base_tick, changed=changed, residuals=residual[changed])


def delta_wire(
    base: Snapshot, base_tick: int, current: Snapshot, tick: int, predict: Predict
) -> list[object]:
    """``delta_between(...).to_wire()``, the same list, made without building the
    :class:`Delta` (pure Python for small rooms): the host's path, where the delta is only
    sent, never applied."""
    n = len(current)
    if n > SMALL_ROWS:
        return delta_between(base, base_tick, current, tick, predict).to_wire()
    if len(base) != n or base.id_list() != current.id_list():
        raise _bad("a delta needs the same rows in the same order as its baseline")
    columns = current.columns
    if base.columns != columns:
        raise _bad("a delta needs the same columns as its baseline")
    span = tick - base_tick
    _check_span(span)
    # Python ints, row by row (numpy's per-call cost dominates a room of a few rows): the
    # residual of every column is a plain difference, then the predicted positions are
    # corrected by the baseline's velocity (floor division, as _predict does it).
    residuals: list[list[int]] = []
    mask = 0
    bit = 1
    for cur, old in zip(current.rows(), base.rows(), strict=True):
        if cur != old or predict:
            row = [c - o for c, o in zip(cur, old, strict=True)]
            for pos, vel in predict:
                row[pos] -= old[vel] * span // PREDICT_RATE
            if any(row):
                mask |= bit
                residuals.append(row)
        bit <<= 1
    body = mask.to_bytes((n + 7) // 8, "little") + _pack_rows(residuals, columns)
    return [1, n, columns, span, body]


def _residual(
    base: Snapshot, base_tick: int, current: Snapshot, tick: int, predict: Predict
) -> IntArray:
    """Every row of ``current`` minus its prediction from ``base`` (checked first)."""
    if not np.array_equal(base.ids, current.ids):
        raise _bad("a delta needs the same rows in the same order as its baseline")
    if base.columns != current.columns:
        raise _bad("a delta needs the same columns as its baseline")
    _check_span(tick - base_tick)
    return current.values - _predict(base.values, tick - base_tick, predict)


def quantise(
    ids: npt.ArrayLike, values: FloatArray, scales: Sequence[int], names: Sequence[str]
) -> Snapshot:
    """Rows in the schema's units -> a snapshot (vectorised; no loop over rows). A value
    that is not finite, or beyond the 32-bit wire range, raises ``bad_field`` naming the
    row id and the column."""
    id_array = np.asarray(ids, dtype=np.int64)
    floats = np.asarray(values, dtype=np.float64).reshape(id_array.shape[0], len(scales))
    if 0 < id_array.shape[0] <= SMALL_ROWS:
        small = _quantise_small(id_array, floats, scales)
        if small is not None:
            return small
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


def _quantise_small(ids: IntArray, floats: FloatArray, scales: Sequence[int]) -> Snapshot | None:
    """:func:`quantise` of a few rows, the range checked with two reductions instead of a
    mask per check (numpy's per-call cost dominates a few rows). None when a value is not
    finite (a NaN fails both comparisons) or out of range: the full path then names it."""
    scaled = np.rint(floats * np.asarray(scales, dtype=np.float64))
    if not (scaled.min() >= INT32_MIN and scaled.max() <= INT32_MAX):
        return None
    values = scaled.astype(np.int64)
    return Snapshot._from_checked(ids, values, values.tolist())


def _code_bytes(codes: Sequence[int]) -> bytes:
    """Column codes, two to a byte, the first in the low nibble."""
    out = bytearray((len(codes) + 1) // 2)
    for j, code in enumerate(codes):
        out[j >> 1] |= code << (4 * (j & 1))
    return bytes(out)


def pack_table(table: IntArray) -> bytes:
    """The codes and the column-major data of ``table`` (docs/protocol.md, "Column
    packing"): per column the narrowest signed width, sent dense or, when that is shorter,
    sparse (a bit mask of the non-zero rows, then only those values)."""
    rows, ncols = table.shape
    if 0 < rows <= SMALL_ROWS:
        return _pack_rows(table.tolist(), ncols)
    mask_bytes = (rows + 7) // 8
    codes: list[int] = []
    chunks: list[bytes] = []
    for j in range(ncols):
        col = table[:, j]
        nonzero = col != 0
        count = int(nonzero.sum())
        if not count:
            codes.append(0)
            continue
        width = _width(int(col.min()), int(col.max()))
        dtype = _DTYPES[width]
        if mask_bytes + count * width < rows * width:
            codes.append(_SPARSE[width])
            chunks.append(np.packbits(nonzero, bitorder="little").tobytes())
            chunks.append(col[nonzero].astype(dtype).tobytes())
        else:
            codes.append(_DENSE[width])
            chunks.append(col.astype(dtype).tobytes())
    return _code_bytes(codes) + b"".join(chunks)


def _width(lo: int, hi: int) -> int:
    """The narrowest of WIDTHS that holds lo..hi (0 when both are 0)."""
    if lo == 0 and hi == 0:
        return 0
    for width in WIDTHS[1:]:
        limit = _LIMITS[width]
        if lo >= -limit and hi < limit:
            return width
    raise _bad(f"column values {lo}..{hi} do not fit in 64 bits")


def _pack_rows(rows: list[list[int]], ncols: int) -> bytes:
    """:func:`pack_table` of a table given as Python rows (``ncols`` columns): the same
    bytes, without numpy's per-call cost on a few rows."""
    n = len(rows)
    if not n:
        return bytes((ncols + 1) // 2)
    mask_bytes = (n + 7) // 8
    codes = bytearray((ncols + 1) // 2)
    chunks: list[bytes] = []
    for j, col in enumerate(zip(*rows, strict=True)):
        lo = min(col)
        hi = max(col)
        # the narrowest width, as _width picks it (the common cases inline)
        if lo >= -128 and hi < 128:
            if not lo and not hi:
                continue  # code 0: all zero, no data
            width = 1
        elif lo >= -32768 and hi < 32768:
            width = 2
        else:
            width = _width(lo, hi)
        zeros = col.count(0)
        if mask_bytes < zeros * width:  # sparse is shorter: the mask costs less than the zeros
            present = [v for v in col if v]
            mask = sum(bit for bit, v in zip(_BITS, col, strict=False) if v)
            code = _SPARSE[width]
            chunks.append(mask.to_bytes(mask_bytes, "little"))
            chunks.append(_struct(n - zeros, width).pack(*present))
        else:
            code = _DENSE[width]
            chunks.append(_struct(n, width).pack(*col))
        codes[j >> 1] |= code << (4 * (j & 1))
    return bytes(codes) + b"".join(chunks)


@functools.cache
def _struct(count: int, width: int) -> struct.Struct:
    """The compiled little-endian format of ``count`` values of ``width`` bytes (cached:
    at most SMALL_ROWS + 1 counts times 4 widths)."""
    return struct.Struct(f"<{count}{_STRUCT_CODES[width]}")


def unpack_table(rows: int, ncols: int, body: bytes, offset: int = 0) -> IntArray:
    """The inverse of :func:`pack_table` for ``body[offset:]``, which it must fill exactly;
    checks every code and size before reading."""
    if not 0 <= rows <= MAX_ROWS:
        raise _bad(f"row count must be within 0..{MAX_ROWS}, got {rows}")
    code_end = offset + (ncols + 1) // 2
    if len(body) < code_end:
        raise _bad(f"{ncols} column codes need {(ncols + 1) // 2} bytes, got {len(body) - offset}")
    codes = [(body[offset + (j >> 1)] >> (4 * (j & 1))) & 0x0F for j in range(ncols)]
    if ncols % 2 and body[code_end - 1] >> 4:
        raise _bad("the unused half of the last code byte must be 0")
    bad = [c for c in codes if c >= len(_CODE_WIDTHS)]
    if bad:
        raise _bad(f"column code {bad[0]} is not one of 0..{len(_CODE_WIDTHS) - 1}")
    if rows <= SMALL_ROWS:
        return _unpack_small(rows, ncols, codes, body, code_end)
    table = np.zeros((rows, ncols), dtype=np.int64)
    mask_bytes = (rows + 7) // 8
    at = code_end
    for j, code in enumerate(codes):
        if code == 0:
            continue
        width = _CODE_WIDTHS[code]
        if code in _SPARSE_CODES:
            mask = body[at : at + mask_bytes]
            if len(mask) != mask_bytes:
                raise _bad(f"column {j}: the row mask needs {mask_bytes} bytes")
            at += mask_bytes
            bits = np.unpackbits(np.frombuffer(mask, dtype=np.uint8), bitorder="little")
            if bits[rows:].any():
                raise _bad(f"column {j}: the row mask has bits set beyond {rows} rows")
            present = bits[:rows].astype(np.bool_)
            count = int(present.sum())
        else:
            present, count = None, rows
        size = count * width
        if len(body) < at + size:
            raise _bad(f"column {j} needs {size} bytes of data, got {len(body) - at}")
        values = np.frombuffer(body, dtype=_DTYPES[width], count=count, offset=at)
        at += size
        if present is None:
            table[:, j] = values
        else:
            table[present, j] = values
    _check_used(at, body, ncols, rows)
    return table


def _unpack_small(rows: int, ncols: int, codes: list[int], body: bytes, at: int) -> IntArray:
    """:func:`unpack_table` of a few rows with plain Python ints (same checks, same result)."""
    mask_bytes = (rows + 7) // 8
    columns: list[list[int]] = []
    for j, code in enumerate(codes):
        if code == 0:
            columns.append([0] * rows)
            continue
        width = _CODE_WIDTHS[code]
        if code in _SPARSE_CODES:
            if len(body) < at + mask_bytes:
                raise _bad(f"column {j}: the row mask needs {mask_bytes} bytes")
            mask = int.from_bytes(body[at : at + mask_bytes], "little")
            at += mask_bytes
            if mask >> rows:
                raise _bad(f"column {j}: the row mask has bits set beyond {rows} rows")
            count = mask.bit_count()
        else:
            mask, count = -1, rows
        size = count * width
        if len(body) < at + size:
            raise _bad(f"column {j} needs {size} bytes of data, got {len(body) - at}")
        values = struct.unpack_from(f"<{count}{_STRUCT_CODES[width]}", body, at)
        at += size
        if mask < 0:
            columns.append(list(values))
        else:
            col = [0] * rows
            it = iter(values)
            for i in range(rows):
                if mask >> i & 1:
                    col[i] = next(it)
            columns.append(col)
    _check_used(at, body, ncols, rows)
    if not rows:
        return np.zeros((0, ncols), dtype=np.int64)
    return np.array(columns, dtype=np.int64).T


def _check_used(at: int, body: bytes, ncols: int, rows: int) -> None:
    if at != len(body):
        raise _bad(f"{len(body) - at} bytes left over after {ncols} columns of {rows} rows")


def empty_snapshot(columns: int) -> Snapshot:
    return Snapshot(ids=np.zeros(0, np.int64), values=np.zeros((0, columns), np.int64))
