"""Predator and prey's declarations: levels, knobs (ranges, defaults, feasibility in words),
inputs refused clearly, round length, waves, round info, the scene, channels, statuses."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.api import Frame
from game.ecology import FIELDS, GAME, habitat_of_info
from game.errors import InvalidConfigError, InvalidInputError, InvalidKnobError
from game.registry import get_game, package_of
from game.scene import Dot, Label, Poly

from .conftest import new_sim, setup


def warnings_in_words(level: str, knobs: dict[str, float]) -> list[str]:
    """The game's feasibility warnings as English text."""
    return [str(w) for w in GAME.check_knobs(level, knobs)]


def test_registered_as_a_biology_game() -> None:
    game = get_game("predator_prey")
    assert game is GAME
    assert package_of("predator_prey") == "ecology"
    assert game.discipline.value == "biology"
    assert "dx/dt = αx − βxy" in game.concept and "dy/dt = δxy − γy" in game.concept
    assert "x* = γ/δ" in game.concept and "2π/√(αγ)" in game.concept
    assert [lv.key for lv in game.levels] == ["meadow", "seasons", "winters"]
    assert game.inputs.held and game.inputs.idle == (0.0, 0.5)
    assert game.inputs.names == ("hunting", "food")
    assert game.schema.names == FIELDS
    assert game.statuses[0].code == "playing" and game.statuses[1].success
    assert sum(s.success for s in game.statuses.values()) == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ((1.5, 0.5), "hunting"),
        ((-0.1, 0.5), "hunting"),
        ((0.2, 1.01), "food"),
        ((0.2, float("nan")), "food"),
        ((float("inf"), 0.5), "hunting"),
        (("lots", 0.5), "hunting"),
        ((0.2, True), "food"),
        ((0.2,), "controls"),
    ],
)
def test_out_of_range_inputs_are_refused_naming_the_control(
    values: tuple[object, ...], field: str
) -> None:
    with pytest.raises(InvalidInputError) as err:
        GAME.check_input(values)
    assert err.value.field == field
    assert field in str(err.value)
    sim = new_sim()
    sim.add_player(1, 0)
    before = sim.state_hash()
    with pytest.raises(InvalidInputError) as again:
        sim.step({1: values})  # type: ignore[dict-item]
    assert again.value.field == field
    assert sim.state_hash() == before  # nothing moved


def test_good_inputs_pass_as_floats() -> None:
    assert GAME.check_input([0, 1]) == (0.0, 1.0)
    assert GAME.check_input((0.25, 0.75)) == (0.25, 0.75)


@pytest.mark.parametrize(
    ("knob", "value"),
    [
        ("alpha", 0.0),
        ("alpha", 0.5),
        ("beta", float("nan")),
        ("gamma", "fast"),
        ("delta", 3.0),
        ("band", 2.0),
        ("band", 20.5),
        ("speed", 0.5),
        ("gravity", 9.81),
    ],
)
def test_knobs_out_of_range_are_refused_naming_the_knob(knob: str, value: object) -> None:
    with pytest.raises(InvalidKnobError) as err:
        GAME.setup(level="meadow", knobs={knob: value})
    assert err.value.knob == knob
    assert knob in str(err.value)


def test_knob_defaults_and_the_default_rates() -> None:
    assert GAME.knob_defaults("seasons") == {
        "alpha": 0.1,
        "beta": 0.2,
        "gamma": 0.1,
        "delta": 0.2,
        "band": 20.0,
        "speed": 4.0,
    }
    h = GAME.habitat(setup())
    assert h.rates.equilibrium == pytest.approx((500.0, 50.0))
    assert h.rabbits_band == pytest.approx((520.0, 780.0))
    assert h.foxes_band == pytest.approx((40.0, 60.0))
    assert warnings_in_words("meadow", {}) == []


def test_a_band_no_equilibrium_can_reach_is_flagged() -> None:
    # δ halved: x* = γ/δ = 1000 even with no hunting, above the band's 780
    warnings = warnings_in_words("meadow", {"delta": 0.1})
    assert len(warnings) == 1
    assert "doesn't contain the equilibrium reachable with any control" in warnings[0]
    assert "no one can stay in it" in warnings[0]
    assert "rabbits 1000–2000" in warnings[0]


def test_an_equilibrium_at_a_controls_limit_is_flagged() -> None:
    # β = 0.3 /100 foxes/wk: foxes at the band's middle, 50 = α(0.5 + food)/β, need food 1
    warnings = warnings_in_words("meadow", {"beta": 0.3})
    assert len(warnings) == 1 and "food 100 %" in warnings[0], warnings
    assert "at (or past) a control's limit" in warnings[0]
    assert warnings_in_words("meadow", {"beta": 0.27}) == []  # food 0.85: room to steer


def test_a_very_slow_or_very_fast_cycle_is_flagged() -> None:
    slow = warnings_in_words("meadow", {"alpha": 0.02, "gamma": 0.02, "delta": 0.04, "beta": 0.04})
    assert any("less than one" in w for w in slow), slow
    fast = warnings_in_words(
        "meadow", {"alpha": 0.4, "gamma": 0.4, "delta": 0.8, "beta": 0.8, "speed": 12}
    )
    assert any("too fast to steer" in w for w in fast), fast


def test_round_length_is_checked() -> None:
    with pytest.raises(InvalidConfigError, match="at least 10 s"):
        GAME.setup(level="meadow", seconds=5.0)
    assert GAME.setup(level="meadow", seconds=10.0).time_limit_s == 10.0


def test_waves_narrow_the_band() -> None:
    base = setup()
    bands = [GAME.wave(base, w).knobs.get("band", 20.0) for w in (1, 2, 3, 4, 5)]
    assert bands == sorted(bands, reverse=True) and bands[0] == 20.0 and bands[-1] < 10.0
    assert GAME.wave(base, 2).seed == base.seed + 1
    with pytest.raises(InvalidConfigError):
        GAME.wave(base, 0)


def test_round_info_rebuilds_the_same_habitat() -> None:
    for level in ("meadow", "seasons", "winters"):
        s = setup(level=level, seed=9, alpha=0.12)
        info = GAME.round_info(s)
        assert habitat_of_info(info) == GAME.habitat(s)
        assert info["title"] == GAME.level(level).title and info["seconds"] == 60.0
    assert GAME.round_info(setup(level="winters"))["winters"]
    assert GAME.round_info(setup(level="meadow"))["winters"] == []


def test_same_seed_same_start_other_seed_other_start() -> None:
    a, b, c = (GAME.habitat(setup(seed=s)) for s in (4, 4, 5))
    assert (a.start_rabbits, a.start_foxes) == (b.start_rabbits, b.start_foxes)
    assert (a.start_rabbits, a.start_foxes) != (c.start_rabbits, c.start_foxes)
    for seed in range(50):  # every start is outside the default band
        h = GAME.habitat(setup(seed=seed))
        assert not h.inside(h.start_rabbits, h.start_foxes)


def test_the_scene_shows_the_band_everyone_and_the_race() -> None:
    sim = new_sim()
    for pid in (1, 2, 3):
        sim.add_player(pid, pid - 1)
    for _ in range(30):
        sim.step({1: (0.3, 0.5), 2: (0.0, 0.5), 3: (1.0, 0.0)})
    ids, values = sim.snapshot()
    frame = Frame(sim.tick, ids, values, GAME.schema)
    info = GAME.round_info(sim.setup)
    scene = GAME.scene(info, frame, {1: "Ada", 2: "Bo", 3: "Cy"}, me=2)
    names = [s.text for s in scene.labels() if s.name]
    assert sorted(names) == ["Ada", "Bo", "Cy"]
    texts = " ".join(s.text for s in scene.labels())
    assert "target band" in texts and "Time in the band" in texts and "Rabbits" in texts
    assert sum(isinstance(s, Dot) for s in scene.shapes) >= 3 + 3  # plane dots, race dots
    assert any(
        isinstance(s, Poly) and s.fill and s.fill.startswith("#009e73") for s in scene.shapes
    )
    assert "keep rabbits 520–780 and foxes 40–60" in scene.panel[0]
    empty = GAME.scene(info, None, {})
    assert any(isinstance(s, Label) and s.text == "start" for s in empty.shapes)


def test_channels_carry_the_rounds_band() -> None:
    info = GAME.round_info(setup(band=10.0))
    rabbits, foxes, hunting, food = GAME.channels_for(info)
    assert (rabbits.safe_low, rabbits.safe_high) == pytest.approx((585.0, 715.0))
    assert (foxes.safe_low, foxes.safe_high) == pytest.approx((45.0, 55.0))
    assert hunting.safe_low is None and food.unit == "%"
    sim = new_sim()
    sim.add_player(1, 0)
    for _ in range(20):
        sim.step({1: (0.25, 0.75)})
    values = GAME.channels_of(info, sim.telemetry(1))
    assert set(values) == {c.name for c in GAME.channels}
    assert values["hunting"][-1] == pytest.approx(25.0)
    assert values["food"][-1] == pytest.approx(75.0)
    assert np.all(np.isfinite(values["rabbits"])) and not math.isnan(float(values["foxes"][0]))
