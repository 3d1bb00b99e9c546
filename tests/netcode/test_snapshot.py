"""Snapshots: quantisation to the documented step, packing widths, deltas, and bad data."""

from __future__ import annotations

import numpy as np
import pytest

from netcode.errors import ProtocolError
from netcode.snapshot import (
    SMALL_ROWS,
    Delta,
    Snapshot,
    delta_between,
    delta_wire,
    pack_table,
    quantise,
    unpack_table,
)
from tests.netcode.samples import (
    BASE,
    LATER,
    NAMES,
    NCOL,
    PREDICT,
    SCALES,
    Arrays,
    arrays,
    encode,
    moved,
)

COLUMNS = NAMES
STEPS = tuple(1.0 / s for s in SCALES)


def floats_of(a: Arrays) -> np.ndarray:
    return np.column_stack([a.xy, a.vxy, a.angle, a.angular_velocity, a.fuel, a.throttle, a.status])


def test_steps_are_the_documented_ones() -> None:
    assert dict(zip(COLUMNS, STEPS, strict=True)) == {
        "x": 0.01,
        "y": 0.01,
        "vx": 0.01,
        "vy": 0.01,
        "angle": 0.001,
        "angular_velocity": 0.001,
        "fuel": 0.1,
        "throttle": 0.01,
        "status": 1.0,
    }


def test_quantisation_error_is_at_most_half_a_step() -> None:
    a = arrays(200, seed=1)
    snap = encode(a)
    decoded = snap.to_floats(SCALES)
    err = np.abs(decoded - floats_of(a))
    half = np.asarray(STEPS) / 2 + 1e-9
    assert (err <= half).all()
    assert (err.max(axis=0)[:-1] > np.asarray(STEPS[:-1]) / 4).all()  # really quantised


def test_requantising_is_exact() -> None:
    snap = encode(arrays(500, seed=2))
    values = snap.values.astype(np.float64) / np.asarray(SCALES)
    again = Arrays(
        ids=snap.ids.copy(),
        xy=values[:, 0:2],
        vxy=values[:, 2:4],
        angle=values[:, 4],
        angular_velocity=values[:, 5],
        fuel=values[:, 6],
        throttle=values[:, 7],
        status=snap.values[:, 8].astype(np.int8),
    )
    assert encode(again) == snap


WIDTH_OF_CODE = {0: 0, 1: 1, 2: 2, 3: 4, 4: 8, 5: 1, 6: 2, 7: 4, 8: 8}


def codes_of(body: bytes, ncols: int, offset: int = 0) -> list[int]:
    return [(body[offset + j // 2] >> (4 * (j % 2))) & 15 for j in range(ncols)]


def test_wire_round_trip_picks_narrow_widths() -> None:
    wire = BASE.to_wire()
    assert wire[:3] == [0, 3, NCOL + 1]
    body = wire[3]
    assert isinstance(body, bytes)
    codes = codes_of(body, NCOL + 1)
    # ids 1..3 -> 1 byte; x up to 70010 cm -> 4; y 14000 -> 2; vx -> 1; ...; throttle 65 -> 1
    assert [WIDTH_OF_CODE[c] for c in codes] == [1, 4, 2, 1, 2, 1, 2, 2, 1, 1]
    assert body == reference_pack(np.column_stack([BASE.ids, BASE.values]).tolist(), NCOL + 1)
    assert Snapshot.from_wire(3, NCOL + 1, body) == BASE


def test_delta_rebuilds_the_newer_snapshot_and_is_small() -> None:
    delta = delta_between(BASE, 120, LATER, 124, PREDICT)
    assert delta.apply(BASE, PREDICT) == LATER
    assert delta.changed.tolist() == [True, True, False]  # lander 3 did not move
    n, columns, span, body = delta.to_wire()[1:]
    assert (n, columns, span) == (3, NCOL, 4)
    assert isinstance(n, int) and isinstance(columns, int) and isinstance(span, int)
    assert isinstance(body, bytes) and body[:1] == b"\x03"  # the mask: rows 0 and 1
    assert max(WIDTH_OF_CODE[c] for c in codes_of(body, NCOL, 1)) == 1  # residuals fit a byte
    assert body[1:] == reference_pack(delta.residuals.tolist(), NCOL)
    assert Delta.from_wire(n, columns, span, body) == delta


def test_position_prediction_leaves_tiny_residuals_for_real_flight() -> None:
    a = arrays(64, seed=3)
    base = encode(a)
    later = encode(moved(a, 4 / 60))
    delta = delta_between(base, 1000, later, 1004, PREDICT)
    pos = delta.residuals[:, 0:2]
    assert np.abs(pos).max() <= 2  # ½ g t² = 0.36 cm plus rounding
    assert delta.apply(base, PREDICT) == later


def test_delta_needs_the_same_landers_and_a_later_tick() -> None:
    other = Snapshot(ids=np.array([1, 2, 4]), values=BASE.values)
    with pytest.raises(ProtocolError, match=r"same rows"):
        delta_between(BASE, 1, other, 2, PREDICT)
    with pytest.raises(ProtocolError, match=r"must span"):
        delta_between(BASE, 5, LATER, 5, PREDICT)
    delta = delta_between(BASE, 1, LATER, 2, PREDICT)
    short = Snapshot(ids=np.array([1]), values=BASE.values[:1])
    with pytest.raises(ProtocolError, match=r"cannot apply to a baseline of 1"):
        delta.apply(short, PREDICT)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ((2, 10, b"\x11" * 4), "10 column codes need 5 bytes, got 4"),
        ((2, 3, b"\x00\x10"), "unused half of the last code byte"),
        ((2, 2, b"\x09"), "column code 9 is not one of 0..8"),
        ((2, 2, b"\x01x"), "column 0 needs 2 bytes of data, got 1"),
        ((2, 2, b"\x01xyz"), "1 bytes left over"),
        ((2, 2, b"\x05"), "column 0: the row mask needs 1 bytes"),
        ((2, 2, b"\x05\x04x"), "row mask has bits set beyond 2 rows"),
        ((2, 2, b"\x05\x03x"), "column 0 needs 2 bytes of data, got 1"),
        ((5000, 10, b"\x00" * 5), "row count must be within 0..1024"),
    ],
)
def test_unpack_checks_sizes(args: tuple[int, int, bytes], needle: str) -> None:
    with pytest.raises(ProtocolError) as info:
        unpack_table(*args)
    assert info.value.code == "bad_snapshot"
    assert needle in str(info.value)


@pytest.mark.parametrize("rows", [3, SMALL_ROWS + 3])
def test_small_and_large_tables_refuse_the_same_bodies(rows: int) -> None:
    mask_bytes = (rows + 7) // 8
    beyond = (1 << rows).to_bytes(mask_bytes + 1, "little")[:mask_bytes]  # bit `rows` set
    cases = [
        (b"\x05" + beyond + b"x", f"row mask has bits set beyond {rows} rows"),
        (b"\x01" + b"x" * (rows + 1), "1 bytes left over"),
        (b"\x02" + b"x" * rows, f"column 0 needs {2 * rows} bytes of data, got {rows}"),
        (b"\x05", f"column 0: the row mask needs {mask_bytes} bytes"),
    ]
    if rows % 8 == 0:
        cases = cases[1:]  # no spare bit in the mask
    for body, needle in cases:
        with pytest.raises(ProtocolError, match=needle):
            unpack_table(rows, 1, body)
    good = b"\x05" + (1).to_bytes(mask_bytes, "little") + b"\x07"
    assert unpack_table(rows, 1, good)[:, 0].tolist() == [7] + [0] * (rows - 1)


def test_pack_handles_every_width_dense_and_sparse() -> None:
    table = np.array([[0, 1, 300, 70000, 2**40], [0, -128, -32768, -(2**31), -(2**40)]])
    body = pack_table(table)
    assert [WIDTH_OF_CODE[c] for c in codes_of(body, 5)] == [0, 1, 2, 4, 8]
    assert np.array_equal(unpack_table(2, 5, body), table)
    # Mostly zeros: a mask and the few values beat every row's value.
    sparse = np.zeros((16, 3), np.int64)
    sparse[3, 0], sparse[9, 1], sparse[:, 2] = 5, -40000, 7
    body = pack_table(sparse)
    assert codes_of(body, 3) == [5, 7, 1]  # sparse 1 byte, sparse 4 bytes, dense 1 byte
    assert len(body) == 2 + (2 + 1) + (2 + 4) + 16
    assert np.array_equal(unpack_table(16, 3, body), sparse)


def test_snapshot_refuses_inconsistent_content() -> None:
    with pytest.raises(ProtocolError, match=r"unique"):
        Snapshot(ids=np.array([1, 1]), values=np.zeros((2, NCOL), np.int64))
    with pytest.raises(ProtocolError, match=r"1..32 columns"):
        Snapshot(ids=np.array([1]), values=np.zeros((1, 33), np.int64))
    with pytest.raises(ProtocolError, match=r"1..32 columns"):
        Snapshot(ids=np.array([1]), values=np.zeros((1, 0), np.int64))
    with pytest.raises(ProtocolError, match=r"2..33 columns with its ids"):
        Snapshot.from_wire(1, 1, b"\x01\x01")
    with pytest.raises(ProtocolError, match=r"32 bits"):
        Snapshot(ids=np.array([1]), values=np.array([[2**33] + [0] * (NCOL - 1)]))
    with pytest.raises(ProtocolError, match=r"mask has bits set beyond"):
        Delta.from_wire(3, NCOL, 1, b"\x0f" + bytes((NCOL + 1) // 2))
    with pytest.raises(ProtocolError, match=r"must span 1..65536 ticks, got 0"):
        Delta.from_wire(3, NCOL, 0, b"\x00" + bytes((NCOL + 1) // 2))


def test_encode_landers_names_the_culprit() -> None:
    a = arrays(3, seed=4)
    a.xy[1, 1] = np.nan
    with pytest.raises(ProtocolError, match=r"row 2 y is nan, not finite"):
        encode(a)
    b = arrays(3, seed=4)
    b.vxy[2, 0] = 3e7
    with pytest.raises(
        ProtocolError, match=r"row 3 vx = 30000000.0 is beyond the snapshot range ±21474836"
    ):
        encode(b)


def test_snapshot_arrays_are_read_only() -> None:
    with pytest.raises(ValueError, match=r"read-only"):
        BASE.values[0, 0] = 1


def reference_pack(table: list[list[int]], ncols: int) -> bytes:
    """docs/protocol.md's packing, written plainly: per column the narrowest signed
    little-endian width of 1, 2, 4, 8 bytes that holds every value; code 0 when all are
    zero, else dense (code 1..4, every row) or, when strictly shorter, sparse (code 5..8, a
    little-bit-first mask of the non-zero rows, then their values); codes two to a byte."""
    codes: list[int] = []
    data = bytearray()
    rows = len(table)
    for j in range(ncols):
        col = [row[j] for row in table]
        if not any(col):
            codes.append(0)
            continue
        width = next(
            w for w in (1, 2, 4, 8) if all(-(2 ** (8 * w - 1)) <= v < 2 ** (8 * w - 1) for v in col)
        )
        nonzero = [v for v in col if v]
        mask_bytes = (rows + 7) // 8
        if mask_bytes + len(nonzero) * width < rows * width:
            codes.append({1: 5, 2: 6, 4: 7, 8: 8}[width])
            data += sum(1 << i for i, v in enumerate(col) if v).to_bytes(mask_bytes, "little")
            col = nonzero
        else:
            codes.append({1: 1, 2: 2, 4: 3, 8: 4}[width])
        for v in col:
            data += v.to_bytes(width, "little", signed=True)
    code_bytes = bytearray((ncols + 1) // 2)
    for j, c in enumerate(codes):
        code_bytes[j // 2] |= c << (4 * (j % 2))
    return bytes(code_bytes) + bytes(data)


@pytest.mark.parametrize("rows", [0, 1, 3, 8, SMALL_ROWS, SMALL_ROWS + 1, 300])
def test_packing_is_the_documented_layout_for_small_and_large_tables(rows: int) -> None:
    # Both the Python path (small tables) and the numpy one (large) give the same bytes.
    rng = np.random.default_rng(rows)
    scales = [0, 1, 100, 30000, 2**20, 2**40, 2**62]
    for trial in range(20):
        cols = [
            rng.integers(-scales[(j + trial) % 7], scales[(j + trial) % 7] + 1, size=rows)
            for j in range(NCOL + 1)
        ]
        table = np.column_stack(cols).astype(np.int64).reshape(rows, NCOL + 1)
        table[rng.random(table.shape) < trial / 20] = 0  # from dense to mostly zero
        body = pack_table(table)
        assert body == reference_pack(table.tolist(), NCOL + 1)
        assert np.array_equal(unpack_table(rows, NCOL + 1, body), table)
    extremes = np.array([[-(2**63), 2**63 - 1, 127, -128] for _ in range(max(rows, 1))])
    assert pack_table(extremes) == reference_pack(extremes.tolist(), 4)


@pytest.mark.parametrize("n", [1, 8, SMALL_ROWS, SMALL_ROWS + 1, 200])
def test_delta_wire_is_the_wire_form_of_the_delta(n: int) -> None:
    start = arrays(n, seed=n)
    base = encode(start)
    for seconds, dticks in ((2 / 60, 2), (10 / 60, 10), (1.0, 60)):
        later = moved(start, seconds)
        later.fuel[: n // 2] -= 1.0  # some landers change more than their flight
        current = encode(later)
        want = delta_between(base, 100, current, 100 + dticks, PREDICT).to_wire()
        assert delta_wire(base, 100, current, 100 + dticks, PREDICT) == want
    # Landers that did not change are left out (mask bit clear, no data) on both paths.
    parked = arrays(n, seed=n + 1)
    parked.vxy[::2] = 0.0  # these stay put: residual 0; the others "should" have moved
    snap = encode(parked)
    wire = delta_wire(snap, 1, snap, 3, PREDICT)
    assert wire == delta_between(snap, 1, snap, 3, PREDICT).to_wire()
    body = wire[4]
    assert isinstance(body, bytes) and body[: (n + 7) // 8] != b"\xff" * ((n + 7) // 8)


def test_delta_wire_refuses_what_delta_between_refuses() -> None:
    with pytest.raises(ProtocolError, match=r"same rows"):
        delta_wire(BASE, 1, encode(arrays(len(BASE) + 1, seed=1)), 2, PREDICT)
    with pytest.raises(ProtocolError, match=r"must span"):
        delta_wire(BASE, 5, LATER, 5, PREDICT)


@pytest.mark.parametrize("n", [2, SMALL_ROWS + 2])
def test_small_and_large_snapshots_are_checked_alike(n: int) -> None:
    ids = np.arange(1, n + 1)
    zeros = np.zeros((n, NCOL), np.int64)
    with pytest.raises(ProtocolError, match=r"unique"):
        Snapshot(ids=np.concatenate([ids[:-1], ids[:1]]), values=zeros)
    with pytest.raises(ProtocolError, match=r"ids must be within"):
        Snapshot(ids=ids - 5, values=zeros)
    too_big = zeros.copy()
    too_big[-1, 0] = -(2**33)
    with pytest.raises(ProtocolError, match=r"32 bits"):
        Snapshot(ids=ids, values=too_big)
    good = Snapshot(ids=ids, values=zeros + 3)
    assert good.rows() == (zeros + 3).tolist()


@pytest.mark.parametrize("n", [1, 8, SMALL_ROWS, SMALL_ROWS + 2])
def test_small_and_large_rooms_quantise_alike(n: int) -> None:
    """A room of up to SMALL_ROWS takes a shorter path through quantise: the same integers
    (halves round to even on both), the same refusals, a snapshot as read-only."""
    rng = np.random.default_rng(n)
    floats = rng.normal(0.0, 300.0, size=(n, NCOL))
    floats[0, :4] = [0.005, 0.015, -0.025, 2.5 / 100]  # exact halves after scaling by 100
    ids = np.arange(10, 10 + n)
    snap = quantise(ids, floats, SCALES, NAMES)
    want = np.rint(floats * np.asarray(SCALES, dtype=np.float64)).astype(np.int64)
    assert snap == Snapshot(ids=ids, values=want)
    assert snap.rows() == want.tolist() and snap.id_list() == ids.tolist()
    assert not snap.values.flags.writeable and not snap.ids.flags.writeable
    ids[0] = 99  # the caller's array is not the snapshot's
    assert snap.id_list()[0] == 10
    for bad, pattern in ((np.nan, r"row 10 x is nan, not finite"), (1e12, r"beyond")):
        broken = floats.copy()
        broken[0, 0] = bad
        with pytest.raises(ProtocolError, match=pattern):
            quantise(np.arange(10, 10 + n), broken, SCALES, NAMES)
    if n > 1:
        with pytest.raises(ProtocolError, match=r"unique"):
            quantise(np.zeros(n, np.int64), floats, SCALES, NAMES)
    with pytest.raises(ProtocolError, match=r"ids must be within"):
        quantise(np.arange(-1, n - 1), floats, SCALES, NAMES)
