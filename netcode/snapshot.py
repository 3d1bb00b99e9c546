"""Lander snapshots: quantised integer columns, packed compactly, full or as a delta.

A snapshot holds every lander of a room at one tick as integers (see :data:`COLUMNS` and
:data:`SCALES`: positions and velocities in cm and cm/s, angles in mrad, fuel in 0.1 kg,
throttle in hundredths). On the wire the columns are packed column by column, each with the
narrowest little-endian signed width (0, 1, 2, 4 or 8 bytes) that holds all its values; a
width of 0 means "all zero".

A delta is taken against an older snapshot of the same landers (same ids, same order). Its
positions are residuals against the baseline's position moved on by the baseline's velocity
(``x_base + floor(vx_base * dticks / 60)``, integer maths both sides), every other column is
a plain difference, and rows that did not change at all are left out (a bit mask says which).
docs/protocol.md is the spec of the wire layout.

A room holds at most a few dozen landers, and numpy's per-call overhead dominates such tiny
arrays: tables of up to :data:`SMALL_ROWS` rows are packed, checked and delta-encoded with
plain Python integers (:meth:`LanderSnapshot.rows`, cached per snapshot), larger ones with
numpy. Both give the same bytes (tests/netcode/test_snapshot.py checks that).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from netcode.errors import ProtocolError

if TYPE_CHECKING:
    from game.lander import LanderArrays

COLUMNS: tuple[str, ...] = (
    "x",
    "y",
    "vx",
    "vy",
    "angle",
    "angular_velocity",
    "fuel",
    "throttle",
    "status",
)
# Integer units per SI unit: value_on_wire = round(value * scale).
SCALES: tuple[int, ...] = (100, 100, 100, 100, 1000, 1000, 10, 100, 1)
STEPS: tuple[float, ...] = tuple(1.0 / s for s in SCALES)
NCOL = len(COLUMNS)
MAX_LANDERS = 1024
MAX_LANDER_ID = 2**31 - 1
MAX_STATUS = 127
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


class LanderArraysLike(Protocol):
    """What :func:`encode_landers` reads: the shape of ``game.LanderArrays``."""

    @property
    def ids(self) -> npt.NDArray[np.integer]: ...
    @property
    def xy(self) -> npt.NDArray[np.floating]: ...
    @property
    def vxy(self) -> npt.NDArray[np.floating]: ...
    @property
    def angle(self) -> npt.NDArray[np.floating]: ...
    @property
    def angular_velocity(self) -> npt.NDArray[np.floating]: ...
    @property
    def fuel(self) -> npt.NDArray[np.floating]: ...
    @property
    def throttle(self) -> npt.NDArray[np.floating]: ...
    @property
    def status(self) -> npt.NDArray[np.integer]: ...


def _frozen(array: IntArray) -> IntArray:
    out = np.array(array, dtype=np.int64, copy=True)
    out.setflags(write=False)
    return out


def _bad(message: str) -> ProtocolError:
    return ProtocolError("bad_snapshot", message)


@dataclass(frozen=True, eq=False)
class LanderSnapshot:
    """All landers of a room at one tick, quantised. ``values`` is (N, 9) int64 in COLUMNS order."""

    ids: IntArray
    values: IntArray

    def __post_init__(self) -> None:
        ids = _frozen(self.ids)
        values = _frozen(self.values)
        n = ids.shape[0] if ids.ndim == 1 else -1
        if n < 0 or values.shape != (n, NCOL):
            raise _bad(
                f"snapshot needs ids (N,) and values (N, {NCOL}), "
                f"got {ids.shape} and {values.shape}"
            )
        if n > MAX_LANDERS:
            raise _bad(f"snapshot holds {n} landers; at most {MAX_LANDERS}")
        rows: list[list[int]] | None = None
        if n <= SMALL_ROWS:  # the same checks on Python ints (numpy calls cost more here)
            id_list: list[int] = ids.tolist()
            rows = values.tolist()
            flat = [v for row in rows for v in row]
            status_list = flat[NCOL - 1 :: NCOL]
            id_range = (min(id_list), max(id_list)) if n else (0, 0)
            value_range = (min(flat), max(flat)) if n else (0, 0)
            status_range = (min(status_list), max(status_list)) if n else (0, 0)
            unique = len(set(id_list)) == n
        else:
            id_range = (int(ids.min()), int(ids.max()))
            value_range = (int(values.min()), int(values.max()))
            status = values[:, NCOL - 1]
            status_range = (int(status.min()), int(status.max()))
            unique = np.unique(ids).size == n
        if id_range[0] < 0 or id_range[1] > MAX_LANDER_ID:
            raise _bad(f"lander ids must be within 0..{MAX_LANDER_ID}")
        if not unique:
            raise _bad("lander ids in a snapshot must be unique")
        if value_range[0] < INT32_MIN or value_range[1] > INT32_MAX:
            raise _bad("snapshot values must fit in 32 bits")
        if status_range[0] < 0 or status_range[1] > MAX_STATUS:
            raise _bad(f"lander status must be within 0..{MAX_STATUS}")
        object.__setattr__(self, "ids", ids)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "_rows", rows)

    def rows(self) -> list[list[int]]:
        """``values`` as Python lists, one per lander (made once, then cached; don't modify)."""
        rows: list[list[int]] | None = self.__dict__.get("_rows")
        if rows is None:
            rows = self.values.tolist()
            object.__setattr__(self, "_rows", rows)
        return rows

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LanderSnapshot):
            return NotImplemented
        return bool(
            np.array_equal(self.ids, other.ids) and np.array_equal(self.values, other.values)
        )

    def __hash__(self) -> int:
        return hash((self.ids.tobytes(), self.values.tobytes()))

    def __repr__(self) -> str:
        return f"LanderSnapshot(ids={self.ids.tolist()})"

    def column(self, name: str) -> FloatArray:
        """One column in SI units (metres, m/s, rad, rad/s, kg, 0..1; status as a float)."""
        j = COLUMNS.index(name)
        return self.values[:, j] / SCALES[j]

    def to_arrays(self) -> LanderArrays:
        """The snapshot as ``game.LanderArrays`` (values at the quantisation step)."""
        from game.lander import LanderArrays  # lazily: the codec itself needs no game/pymunk

        scaled = self.values / np.asarray(SCALES, dtype=np.float64)
        return LanderArrays(
            ids=self.ids.copy(),
            xy=np.ascontiguousarray(scaled[:, 0:2]),
            vxy=np.ascontiguousarray(scaled[:, 2:4]),
            angle=scaled[:, 4].copy(),
            angular_velocity=scaled[:, 5].copy(),
            fuel=scaled[:, 6].copy(),
            throttle=scaled[:, 7].copy(),
            status=self.values[:, 8].astype(np.int8),
        )

    # -- wire form -----------------------------------------------------------------------
    def to_wire(self) -> list[object]:
        """``[0, n, widths, data]`` with the ids packed as a tenth column in front."""
        if 0 < len(self) <= SMALL_ROWS:
            ids: list[int] = self.ids.tolist()
            widths, data = _pack_rows([[i, *row] for i, row in zip(ids, self.rows(), strict=True)])
            return [0, len(self), widths, data]
        table = (
            np.column_stack([self.ids, self.values])
            if len(self)
            else np.zeros((0, NCOL + 1), np.int64)
        )
        widths, data = pack_columns(table)
        return [0, len(self), widths, data]

    @classmethod
    def from_wire(cls, n: int, widths: bytes, data: bytes) -> LanderSnapshot:
        table = unpack_columns(n, NCOL + 1, widths, data)
        return cls(ids=table[:, 0], values=table[:, 1:])


@dataclass(frozen=True, eq=False)
class LanderDelta:
    """The change from the snapshot of ``base_tick`` to a newer one of the same landers.

    ``changed`` is a bool (N,) mask; ``residuals`` holds one row per changed lander.
    """

    base_tick: int
    changed: npt.NDArray[np.bool_]
    residuals: IntArray

    def __post_init__(self) -> None:
        changed = np.array(self.changed, dtype=np.bool_, copy=True)
        changed.setflags(write=False)
        residuals = _frozen(self.residuals)
        if changed.ndim != 1 or changed.shape[0] > MAX_LANDERS:
            raise _bad(f"delta mask must be (N,) with N <= {MAX_LANDERS}, got {changed.shape}")
        rows = int(changed.sum())
        if residuals.shape != (rows, NCOL):
            raise _bad(f"delta has {rows} changed landers but residuals of shape {residuals.shape}")
        object.__setattr__(self, "changed", changed)
        object.__setattr__(self, "residuals", residuals)

    def __len__(self) -> int:
        return int(self.changed.shape[0])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LanderDelta):
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
        return f"LanderDelta(base_tick={self.base_tick}, n={len(self)}, changed={changed})"

    def apply(self, base: LanderSnapshot, tick: int) -> LanderSnapshot:
        """The snapshot of ``tick``, rebuilt from ``base`` (the snapshot of ``base_tick``)."""
        if len(base) != len(self):
            raise _bad(f"delta for {len(self)} landers cannot apply to a baseline of {len(base)}")
        _check_span(self.base_tick, tick)
        full = np.zeros((len(self), NCOL), dtype=np.int64)
        full[self.changed] = self.residuals
        values = _predict(base.values, tick - self.base_tick) + full
        return LanderSnapshot(ids=base.ids, values=values)

    def to_wire(self) -> list[object]:
        """``[1, n, base_tick, mask, widths, data]``; mask is little-bit-first, n bits."""
        widths, data = pack_columns(self.residuals)
        mask = np.packbits(self.changed, bitorder="little").tobytes()
        return [1, len(self), self.base_tick, mask, widths, data]

    @classmethod
    def from_wire(
        cls, n: int, base_tick: int, mask: bytes, widths: bytes, data: bytes
    ) -> LanderDelta:
        if not 0 <= n <= MAX_LANDERS:
            raise _bad(f"delta lander count must be within 0..{MAX_LANDERS}, got {n}")
        if len(mask) != (n + 7) // 8:
            raise _bad(f"delta mask for {n} landers must be {(n + 7) // 8} bytes, got {len(mask)}")
        bits = np.unpackbits(np.frombuffer(mask, dtype=np.uint8), bitorder="little")
        if bits[n:].any():
            raise _bad("delta mask has bits set beyond its lander count")
        changed = bits[:n].astype(np.bool_)
        residuals = unpack_columns(int(changed.sum()), NCOL, widths, data)
        return cls(base_tick=base_tick, changed=changed, residuals=residuals)


def _check_span(base_tick: int, tick: int) -> None:
    if not 0 < tick - base_tick <= MAX_DELTA_TICKS:
        raise _bad(f"delta from tick {base_tick} to {tick} must span 1..{MAX_DELTA_TICKS} ticks")


def _predict(values: IntArray, dticks: int) -> IntArray:
    """The baseline moved on: positions advanced by velocity over ``dticks`` (integer maths)."""
    out = values.copy()
    out[:, 0:2] += np.floor_divide(values[:, 2:4] * dticks, PREDICT_RATE)
    return out


def delta_between(
    base: LanderSnapshot, base_tick: int, current: LanderSnapshot, tick: int
) -> LanderDelta:
    """The delta that turns ``base`` (of ``base_tick``) into ``current`` (of ``tick``)."""
    residual = _residual(base, base_tick, current, tick)
    changed = np.asarray(residual.any(axis=1), dtype=np.bool_)
    return LanderDelta(base_tick=base_tick, changed=changed, residuals=residual[changed])


def delta_wire(
    base: LanderSnapshot, base_tick: int, current: LanderSnapshot, tick: int
) -> list[object]:
    """``delta_between(base, base_tick, current, tick).to_wire()``, the same list, made
    without building the :class:`LanderDelta` (pure Python for small rooms): the host's
    path, where the delta is only sent, never applied."""
    n = len(current)
    if n > SMALL_ROWS:
        return delta_between(base, base_tick, current, tick).to_wire()
    # One numpy expression for the residuals, then Python for the rest (mask, packing).
    every: list[list[int]] = _residual(base, base_tick, current, tick).tolist()
    residuals: list[list[int]] = []
    mask = 0
    for i, row in enumerate(every):
        if any(row):
            mask |= 1 << i
            residuals.append(row)
    widths, data = _pack_rows(residuals) if residuals else (bytes(NCOL), b"")
    return [1, n, base_tick, mask.to_bytes((n + 7) // 8, "little"), widths, data]


def _residual(base: LanderSnapshot, base_tick: int, current: LanderSnapshot, tick: int) -> IntArray:
    """Every lander's ``current`` row minus its prediction from ``base`` (checked first)."""
    if not np.array_equal(base.ids, current.ids):
        raise _bad("a delta needs the same landers in the same order as its baseline")
    _check_span(base_tick, tick)
    return current.values - _predict(base.values, tick - base_tick)


def encode_landers(arrays: LanderArraysLike) -> LanderSnapshot:
    """Quantise ``game.LanderArrays`` into a snapshot (vectorised; no loop over landers)."""
    ids = np.asarray(arrays.ids)
    n = ids.shape[0]
    xy = np.asarray(arrays.xy, dtype=np.float64).reshape(n, 2)
    vxy = np.asarray(arrays.vxy, dtype=np.float64).reshape(n, 2)
    floats = np.column_stack(
        [
            xy,
            vxy,
            np.asarray(arrays.angle, dtype=np.float64),
            np.asarray(arrays.angular_velocity, dtype=np.float64),
            np.asarray(arrays.fuel, dtype=np.float64),
            np.asarray(arrays.throttle, dtype=np.float64),
        ]
    ).reshape(n, NCOL - 1)
    if not np.isfinite(floats).all():
        row, col = np.argwhere(~np.isfinite(floats))[0]
        raise ProtocolError(
            "bad_field", f"lander {int(ids[row])} {COLUMNS[col]} is {floats[row, col]}, not finite"
        )
    scaled = np.rint(floats * np.asarray(SCALES[:-1], dtype=np.float64))
    out_of_range = (scaled < INT32_MIN) | (scaled > INT32_MAX)
    if out_of_range.any():
        row, col = np.argwhere(out_of_range)[0]
        raise ProtocolError(
            "bad_field",
            f"lander {int(ids[row])} {COLUMNS[col]} = {floats[row, col]} is beyond the snapshot "
            f"range ±{INT32_MAX / SCALES[col]:.0f}",
        )
    values = np.empty((n, NCOL), dtype=np.int64)
    values[:, :-1] = scaled.astype(np.int64)
    values[:, -1] = np.asarray(arrays.status, dtype=np.int64)
    return LanderSnapshot(ids=ids.astype(np.int64), values=values)


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
    if not 0 <= rows <= MAX_LANDERS:
        raise _bad(f"lander count must be within 0..{MAX_LANDERS}, got {rows}")
    if len(widths) != ncols:
        raise _bad(f"expected {ncols} column widths, got {len(widths)}")
    bad = [w for w in widths if w not in WIDTHS]
    if bad:
        raise _bad(f"column width {bad[0]} is not one of {WIDTHS}")
    expected = rows * sum(widths)
    if len(data) != expected:
        raise _bad(f"column data for {rows} landers must be {expected} bytes, got {len(data)}")
    table = np.zeros((rows, ncols), dtype=np.int64)
    offset = 0
    for j, width in enumerate(widths):
        if width == 0:
            continue
        size = rows * width
        table[:, j] = np.frombuffer(data, dtype=_DTYPES[width], count=rows, offset=offset)
        offset += size
    return table


def empty_snapshot() -> LanderSnapshot:
    return LanderSnapshot(ids=np.zeros(0, np.int64), values=np.zeros((0, NCOL), np.int64))
