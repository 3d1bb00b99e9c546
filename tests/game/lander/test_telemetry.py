from __future__ import annotations

import math

import numpy as np
import pytest

from game.lander import (
    DT,
    InvalidTelemetryError,
    PlayerInput,
    RoundConfig,
    Simulation,
    Telemetry,
    get_world,
)
from game.lander.telemetry import COLUMNS


def hover_minute() -> Simulation:
    """A lander that hovers and wobbles for the whole 60 s round."""
    sim = Simulation(RoundConfig(get_world("moon"), seed=3))
    sim.add_lander(1)
    while not sim.finished:
        vy = sim.lander(1).vy
        thrust = min(1.0, sim.hover_throttle(1) - 0.5 * vy)
        sim.step({1: PlayerInput(sim.tick, thrust, 0.1 * math.sin(sim.tick / 30))})
    return sim


def test_samples_at_spawn_every_third_tick_and_the_end() -> None:
    sim = hover_minute()
    tel = sim.telemetry(1)
    assert len(tel) == 1 + 3600 // 3  # spawn + every 3rd tick; the last one is the end
    assert (
        tel.t[0] == 0.0 and tel.t[1] == pytest.approx(3 * DT) and tel.t[-1] == pytest.approx(60.0)
    )
    state = sim.lander(1)
    assert tel.fuel[-1] == pytest.approx(state.fuel, rel=1e-6)
    assert tel.x[-1] == pytest.approx(state.x, rel=1e-6)
    assert np.all(np.diff(tel.fuel) <= 0) and tel.fuel[0] == 100.0
    assert np.all((tel.throttle >= 0) & (tel.throttle <= 1))


def test_bytes_round_trip_and_size_per_minute() -> None:
    tel = hover_minute().telemetry(1)
    blob = tel.to_bytes()
    assert len(blob) < 24_000  # bytes per minute of flight (raw float32 would be 43 KB)
    back = Telemetry.from_bytes(blob)
    assert np.array_equal(back.matrix(), tel.matrix().astype(np.float32).astype(np.float64))


def test_csv_has_a_header_and_one_row_per_sample() -> None:
    sim = Simulation(RoundConfig(get_world("moon"), seed=3))
    sim.add_lander(1)
    for _ in range(9):
        sim.step({1: PlayerInput(0, 0.5, 0.0)})
    text = sim.telemetry(1).to_csv()
    lines = text.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert len(lines) == 1 + 4  # spawn, ticks 3, 6, 9
    last = [float(v) for v in lines[-1].split(",")]
    assert last[0] == pytest.approx(0.15) and last[7] == 0.5


def test_landed_flight_ends_with_the_touchdown_sample() -> None:
    sim = Simulation(RoundConfig(get_world("moon"), seed=3))
    sim.add_lander(1)
    while sim.result(1) is None:
        sim.step({})
    tel = sim.telemetry(1)
    result = sim.result(1)
    assert result is not None
    assert tel.t[-1] == pytest.approx(result.flight_time_s)
    sim.step({})
    assert len(sim.telemetry(1)) == len(tel)  # nothing recorded after the end


@pytest.mark.parametrize(
    ("blob", "message"),
    [
        (b"xx", "too short"),
        (b"NOPE" + bytes(5), "not a telemetry blob"),
        (b"MBTL\x07" + bytes(4), "version 7 is not 1 or 2"),
        (b"MBTL\x02" + bytes(4), "header is cut short"),
        (b"MBTL\x01\x05\x00\x00\x00garbage", "corrupt"),
    ],
)
def test_bad_blobs_are_rejected(blob: bytes, message: str) -> None:
    with pytest.raises(InvalidTelemetryError, match=message):
        Telemetry.from_bytes(blob)


def test_version_1_blobs_still_read_as_the_landers_columns() -> None:
    """Flights stored before games declared their columns keep their telemetry."""
    import zlib

    from game.series import LANDER_V1_COLUMNS, Series

    body = np.arange(9 * 2, dtype="<f4").reshape(9, 2)  # two samples, column-major
    bits = body.view("<u4").copy()
    bits[:, 1:] ^= body.view("<u4")[:, :-1]
    shuffled = np.ascontiguousarray(bits.view(np.uint8).reshape(9, -1, 4).transpose(0, 2, 1))
    blob = b"MBTL\x01\x02\x00\x00\x00" + zlib.compress(shuffled.tobytes())
    series = Series.from_bytes(blob)
    assert series.columns == LANDER_V1_COLUMNS
    assert series.matrix.tolist() == body.T.tolist()
    assert Telemetry.from_bytes(blob).fuel.tolist() == [16.0, 17.0]


def test_truncated_body_is_rejected() -> None:
    import zlib

    blob = b"MBTL\x01\x05\x00\x00\x00" + zlib.compress(bytes(10))
    with pytest.raises(InvalidTelemetryError, match="expected 180"):
        Telemetry.from_bytes(blob)
