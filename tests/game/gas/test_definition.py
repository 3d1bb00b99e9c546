"""Gas laws's declarations: levels, knobs (ranges, defaults, feasibility in words), round
length, waves, round info, the scene, telemetry channels, statuses."""

from __future__ import annotations

import msgpack
import numpy as np
import pytest

from game.api import Frame, RoundSetup
from game.errors import InvalidConfigError, InvalidKnobError
from game.gas import GAME, make_plan, plan_of
from game.gas.sim import FIELDS
from game.registry import get_game, package_of
from game.scene import Dot, Label

from .conftest import hold, new_sim


def warnings_in_words(level: str, knobs: dict[str, float]) -> list[str]:
    """The game's feasibility warnings as English text."""
    return [str(w) for w in GAME.check_knobs(level, knobs)]


def test_registered_as_a_chemistry_game() -> None:
    game = get_game("gas_laws")
    assert game is GAME
    assert package_of("gas_laws") == "gas"
    assert game.discipline.value == "chemistry"
    assert "P V = N k T" in game.concept and "P A = N k T" in game.concept
    assert "force per metre of wall" in game.concept
    assert [lv.key for lv in game.levels] == ["steady", "waves", "heat_and_squeeze"]
    assert game.inputs.held and game.inputs.idle == (0.0, 0.0)
    assert game.schema.names == FIELDS
    assert game.statuses[0].code == "playing" and game.statuses[1].success
    assert sum(s.success for s in game.statuses.values()) == 1


@pytest.mark.parametrize(
    ("knob", "value"),
    [
        ("particles", 8),
        ("particles", 200),
        ("particles", 50.5),
        ("band_width", 2.0),
        ("band_width", 20.5),
        ("band_speed", float("nan")),
        ("heater_power", "hot"),
        ("piston_speed", True),
        ("goal", 99.0),
        ("gravity", 9.81),
    ],
)
def test_knobs_out_of_range_are_refused_naming_the_knob(knob: str, value: object) -> None:
    with pytest.raises(InvalidKnobError) as err:
        GAME.setup(level="steady", knobs={knob: value})
    assert err.value.knob == knob
    assert knob in str(err.value)


def test_knob_defaults_and_units() -> None:
    assert GAME.knob_defaults("waves") == {
        "particles": 96.0,
        "band_width": 20.0,
        "band_speed": 10.0,
        "heater_power": 60.0,
        "piston_speed": 6.0,
        "goal": 70.0,
    }
    assert all(k.integer for k in GAME.knobs)  # the console shows whole numbers
    units = {k.key: k.unit for k in GAME.knobs}
    assert units == {"particles": "", "band_width": "%", "band_speed": "%/s",
                     "heater_power": "K/s", "piston_speed": "cm/s", "goal": "%"}  # fmt: skip
    for level in GAME.levels:
        assert warnings_in_words(level.key, {}) == [], level.key


def test_feasibility_warnings_say_why_in_words() -> None:
    few = warnings_in_words("heat_and_squeeze", {"particles": 48})
    assert few == [
        "the band may climb to 324 N/m, above the highest pressure the heater can reach at "
        "the smallest volume (221 N/m with 48 particles): no one can hold it"
    ]
    assert warnings_in_words("steady", {"particles": 16})[0].startswith(
        "the band may climb to 90 N/m, above the highest pressure the heater can reach"
    )
    fast = warnings_in_words("waves", {"band_speed": 30, "heater_power": 10, "piston_speed": 1})
    assert fast == [
        "the band moves at up to 30 %/s, faster than the heater and the piston together can "
        "change the pressure when hot and wide (5 %/s): no one can follow it"
    ]
    assert warnings_in_words("steady", {"band_width": 4}) == [
        "the band (±2 %) is hardly wider than the gauge's own jitter (±0.8 % with 96 "
        "particles): expect nobody to stay in it 70 % of the time"
    ]
    assert warnings_in_words("steady", {"band_width": 6}) == []
    few = warnings_in_words("waves", {"particles": 16, "band_width": 10})
    assert len(few) == 2 and "(±2.0 % with 16 particles)" in few[1]


def test_a_round_lasts_at_least_ten_seconds() -> None:
    with pytest.raises(InvalidConfigError, match="needs at least 10 s"):
        GAME.setup(level="steady", seconds=5.0)
    with pytest.raises(InvalidConfigError, match="no level"):
        GAME.setup(level="moon")


def test_survival_waves_move_the_band_faster() -> None:
    base = GAME.setup(level="waves", seed=3)
    assert GAME.wave(base, 1).knobs["band_speed"] == 10.0
    assert GAME.wave(base, 3).knobs["band_speed"] == 14.0
    GAME.setup_from_dict(GAME.wave(base, 2).to_dict())  # a valid setup


def test_the_band_starts_at_the_start_pressure_and_moves_no_faster_than_its_speed() -> None:
    for level in ("steady", "waves", "heat_and_squeeze"):
        plan = make_plan(level, 5, 60.0, {})
        assert plan.centre(0.0) == pytest.approx(plan.pressure0)
        t = np.arange(0.0, 60.0, 0.01)
        c = np.array([plan.centre(x) for x in t])
        rate = np.abs(np.diff(np.log(c))) / 0.01
        assert rate.max() <= plan.band_speed / 100.0 * 1.001
    assert make_plan("waves", 5, 60.0, {}) == make_plan("waves", 5, 60.0, {})
    assert make_plan("waves", 5, 60.0, {}) != make_plan("waves", 6, 60.0, {})


def test_round_info_holds_what_a_client_draws_with() -> None:
    setup = GAME.setup(level="waves", seed=9, knobs={"particles": 64})
    wire = GAME.round_wire(setup)
    info = wire["info"]
    assert wire["effective"]["particles"] == 64.0
    assert info["particles"] == 64 and info["seed"] == 9 and info["title"] == "Fast waves"
    plan = plan_of(info)
    assert plan == make_plan("waves", 9, 60.0, {"particles": 64})
    assert msgpack.unpackb(msgpack.packb(wire)) == wire  # plain values only


def test_scene_draws_every_cylinder_with_each_name_once() -> None:
    sim = new_sim()
    for pid in range(1, 7):
        sim.add_player(pid, pid - 1)
    hold(sim, {1: (1.0, 0.0), 2: (0.0, -1.0)}, 2.0)
    info = GAME.round_info(sim.setup)
    ids, values = sim.snapshot()
    names = {pid: f"Kid{pid}" for pid in range(1, 7)}
    frame = Frame(sim.tick, ids, values, GAME.schema)
    scene = GAME.scene(info, frame, names)
    assert sorted(s.text for s in scene.labels() if s.name) == sorted(names.values())
    assert sum(isinstance(s, Dot) for s in scene.shapes) == 6 * 96
    assert any("N/m" in s.text for s in scene.labels() if not s.name)
    mine = GAME.scene(info, frame, names, me=2)
    assert next(s.text for s in mine.labels() if s.name) == "Kid2 (you)"
    later = GAME.scene(info, Frame(sim.tick + 30, ids, values + 0.5, GAME.schema), names)
    dots = [(s.x, s.y) for s in scene.shapes if isinstance(s, Dot)]
    moved = [(s.x, s.y) for s in later.shapes if isinstance(s, Dot)]
    assert dots != moved  # the particles move with the phase
    empty = GAME.scene(info, None, {})
    assert not [s for s in empty.labels() if s.name]
    assert all(isinstance(s, Label) or s is not None for s in scene.shapes)


def test_channels_from_host_telemetry_and_from_snapshot_rows() -> None:
    sim = new_sim(seconds=10.0)
    sim.add_player(1, 0)
    hold(sim, {1: (1.0, -0.5)}, 10.0)
    info = GAME.round_info(sim.setup)
    series = sim.telemetry(1)
    values = GAME.channels_of(info, series)
    assert set(values) == {c.name for c in GAME.channels}
    assert all(len(v) == len(series) for v in values.values())
    assert values["temperature"][-1] == pytest.approx(600.0)
    assert values["area"][0] == pytest.approx(600.0)  # 30 cm x 20 cm
    assert values["offset"][0] == pytest.approx(0.0)  # the band starts at the start pressure
    assert values["pressure"][-1] > 2.5 * values["pressure"][0]


def test_setup_round_trips_through_the_wire() -> None:
    setup = GAME.setup(level="waves", seed=4, seconds=30.0, knobs={"particles": 64.0})
    assert GAME.setup_from_dict(setup.to_dict()) == setup
    with pytest.raises(InvalidConfigError):
        GAME.setup_from_dict(RoundSetup("lunar_lander", "moon", 1, 30.0).to_dict())
