"""Bridge builder's declarations: levels, knobs (ranges, defaults, feasibility in words),
round length, waves, round info, the scene, telemetry channels, statuses."""

from __future__ import annotations

import numpy as np
import pytest

from game.api import Frame, RoundSetup
from game.bridge import GAME
from game.bridge.geometry import CANDIDATES
from game.bridge.sim import FIELDS, TEST
from game.errors import InvalidConfigError, InvalidKnobError
from game.registry import get_game, package_of
from game.scene import Label, Poly

from .conftest import build, new_sim, send_trucks


def warnings_in_words(level: str, knobs: dict[str, float]) -> list[str]:
    """The game's feasibility warnings as English text."""
    return [str(w) for w in GAME.check_knobs(level, knobs)]


def test_registered_as_an_engineering_game() -> None:
    game = get_game("bridge_builder")
    assert game is GAME
    assert package_of("bridge_builder") == "bridge"
    assert game.discipline.value == "engineering"
    assert "ΣFx = 0" in game.concept and "π²EI/L²" in game.concept
    assert [lv.key for lv in game.levels] == ["short_span", "long_span", "two_loads"]
    assert not game.inputs.held and game.inputs.idle == (0, 0)
    assert game.schema.names == FIELDS
    assert game.statuses[0].code == "building" and game.statuses[1].success
    assert sum(s.success for s in game.statuses.values()) == 1


@pytest.mark.parametrize(
    ("knob", "value"),
    [
        ("load", 5.0),
        ("load", 1001.0),
        ("load", 250.5),
        ("budget", 12000.5),
        ("budget", float("nan")),
        ("height", 0.5),
        ("yield_strength", "strong"),
        ("deck_weight", True),
        ("gravity", 9.81),
    ],
)
def test_knobs_out_of_range_are_refused_naming_the_knob(knob: str, value: object) -> None:
    with pytest.raises(InvalidKnobError) as err:
        GAME.setup(level="short_span", knobs={knob: value})
    assert err.value.knob == knob
    assert knob in str(err.value)


def test_knob_defaults_and_units() -> None:
    d = GAME.knob_defaults("long_span")
    assert d == {
        "load": 300.0,
        "budget": 27000.0,
        "height": 5.0,
        "yield_strength": 355.0,
        "deck_weight": 5.0,
    }
    units = {k.key: k.unit for k in GAME.knobs}
    assert units == {"load": "kN", "budget": "$", "height": "m", "yield_strength": "MPa",
                     "deck_weight": "kN/m"}  # fmt: skip
    for level in GAME.levels:
        assert warnings_in_words(level.key, {}) == [], level.key


def test_feasibility_warnings_say_why_in_words() -> None:
    heavy = warnings_in_words("short_span", {"load": 1000.0})
    assert len(heavy) == 1
    assert heavy[0].startswith("a truck of 1000 kN is more than the strongest known bridge")
    assert "first breaks at 860 kN" in heavy[0] and heavy[0].endswith("nobody can pass")
    poor = warnings_in_words("short_span", {"budget": 10000.0})
    assert poor == [
        "the cheapest known bridge that carries 400 kN (a Pratt truss sized to its forces) "
        "costs $13,226, more than the budget $10,000: expect nobody to pass"
    ]
    tight = warnings_in_words("short_span", {"budget": 13500.0})
    assert tight and tight[0].startswith("the budget is tight")
    weight = warnings_in_words("long_span", {"deck_weight": 30.0, "load": 10.0, "height": 8.0})
    assert weight and "own weight" in weight[0]
    assert warnings_in_words("two_loads", {"load": 100.0, "height": 6.0}) == []


def test_weaker_steel_does_not_weaken_buckling() -> None:
    strong = GAME.geometry(GAME.setup(level="long_span"))
    weak = GAME.geometry(GAME.setup(level="long_span", knobs={"yield_strength": 200.0}))
    assert (weak.tension[1:] < strong.tension[1:]).all()
    long_light = 20  # a 7.07 m diagonal: buckling governs in both
    assert weak.compression[1, long_light] == strong.compression[1, long_light]


def test_a_round_must_leave_time_to_build_and_cross() -> None:
    with pytest.raises(InvalidConfigError, match=r"needs at least 8 s \(the trucks take 6\.0 s"):
        GAME.setup(level="long_span", seconds=6.0)
    assert GAME.setup(level="long_span", seconds=8.0).time_limit_s == 8.0
    with pytest.raises(InvalidConfigError, match="no level"):
        GAME.setup(level="moon")


def test_survival_waves_send_heavier_trucks() -> None:
    base = GAME.setup(level="short_span", seed=3)
    assert GAME.wave(base, 1).knobs["load"] == 400.0
    assert GAME.wave(base, 3).knobs["load"] == 560.0
    assert GAME.wave(base, 3).level == "short_span"
    GAME.setup_from_dict(GAME.wave(base, 2).to_dict())  # a valid setup


def test_round_info_holds_what_a_client_draws_with() -> None:
    wire = GAME.round_wire(GAME.setup(level="two_loads", knobs={"height": 5.0}))
    info = wire["info"]
    assert wire["effective"]["height"] == 5.0
    assert len(info["joints"]) == 14 and info["joints"][7 + 2] == [8.0, 5.0]
    assert len(info["members"]) == CANDIDATES
    assert info["members"][0] == [0, 1, "deck", "deck 1"]
    assert info["trucks"] == 2 and info["spacing"] == 8.0 and info["load"] == 250.0
    assert info["reference_design"] == "Pratt" and info["reference_cost"] > 0
    assert len(info["costs"]) == 2 and len(info["costs"][0]) == CANDIDATES
    import msgpack

    assert msgpack.unpackb(msgpack.packb(wire)) == wire  # plain values only


def frame_of(sim_ids: np.ndarray, values: np.ndarray, tick: int) -> Frame:
    return Frame(tick, sim_ids, values, GAME.schema)


def test_scene_draws_every_bridge_with_each_name_once() -> None:
    sim = new_sim()
    for pid in range(1, 7):
        sim.add_player(pid, pid - 1)
    info = GAME.round_info(sim.setup)
    from game.bridge.designs import reference

    ref = reference(sim.geo)
    assert ref is not None
    build(sim, 1, ref.types)
    sim.step({1: (TEST, 0)})
    for _ in range(120):
        sim.step({})
    ids, values = sim.snapshot()
    names = {pid: f"Kid{pid}" for pid in range(1, 7)}
    scene = GAME.scene(info, frame_of(ids, values, sim.tick), names)
    shown = [s.text for s in scene.labels() if s.name]
    assert sorted(shown) == sorted(names.values())
    assert any("testing" in s.text for s in scene.labels() if not s.name)
    colours = {s.stroke for s in scene.shapes if isinstance(s, Poly) and s.width >= 3.0}
    assert len(colours) > 3  # members coloured by their force
    mine = GAME.scene(info, frame_of(ids, values, sim.tick), names, me=1)
    assert sorted(s.text for s in mine.labels() if s.name) == sorted(names.values())
    empty = GAME.scene(info, None, {})
    assert not [s for s in empty.labels() if s.name]
    assert isinstance(empty.shapes[0], Poly)
    assert all(isinstance(s, Label) or s is not None for s in scene.shapes)


def test_channels_from_host_telemetry_and_from_snapshot_rows() -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    from game.bridge.designs import reference

    ref = reference(sim.geo)
    assert ref is not None
    build(sim, 1, ref.types)
    send_trucks(sim, 1)
    info = GAME.round_info(sim.setup)
    series = sim.telemetry(1)
    values = GAME.channels_of(info, series)
    assert set(values) == {c.name for c in GAME.channels}
    assert all(len(v) == len(series) for v in values.values())
    assert values["budget"][-1] == pytest.approx(100 * ref.cost / sim.geo.budget)
    assert 50.0 < values["stress"].max() <= 100.0
    assert values["load_x"][-1] == pytest.approx(sim.geo.x_end)
    assert GAME.channels[0].safe_high == 100.0


def test_setup_round_trips_through_the_wire() -> None:
    setup = GAME.setup(level="long_span", seed=4, seconds=30.0, knobs={"load": 250.0})
    assert GAME.setup_from_dict(setup.to_dict()) == setup
    with pytest.raises(InvalidConfigError):
        GAME.setup_from_dict(RoundSetup("lunar_lander", "moon", 1, 30.0).to_dict())
