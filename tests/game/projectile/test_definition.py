"""Projectile range's declarations: levels, knobs (ranges, defaults, feasibility in
words), inputs refused with a clear error, waves, round info, the scene, channels."""

from __future__ import annotations

import numpy as np
import pytest

from game.api import Frame
from game.errors import InvalidConfigError, InvalidInputError, InvalidKnobError
from game.projectile import GAME
from game.projectile.sim import FIELDS
from game.registry import get_game, package_of
from game.scene import Dot, Glyph, Poly

from .conftest import new_sim, setup, shoot


def warnings_in_words(level: str, knobs: dict[str, float]) -> list[str]:
    """The game's feasibility warnings as English text."""
    return [str(w) for w in GAME.check_knobs(level, knobs)]


def test_registered_as_a_physics_game() -> None:
    game = get_game("projectile_range")
    assert game is GAME
    assert package_of("projectile_range") == "projectile"
    assert game.discipline.value == "physics"
    assert "R = v² sin 2θ / g" in game.concept
    assert [lv.key for lv in game.levels] == ["earth", "mars", "earth_air", "headwind"]
    assert not game.inputs.held and game.inputs.names == ("action", "angle", "speed")
    assert game.schema.names == FIELDS
    assert game.statuses[0].code == "aiming" and game.statuses[1].success
    assert sum(s.success for s in game.statuses.values()) == 1


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ((2, 0.5, 20.0), "angle", "angle must be a finite number within 1..89"),
        ((2, 90.0, 20.0), "angle", "within 1..89"),
        ((2, 45.0, 61.0), "speed", "speed must be a finite number within 1..60"),
        ((2, 45.0, float("nan")), "speed", "within 1..60"),
        ((2, 45.0, True), "speed", "within 1..60"),
        ((3, 45.0, 20.0), "action", "an integer within 0..2"),
        ((2, 45.0), "controls", "3 values"),
    ],
)
def test_bad_inputs_are_refused_naming_the_field(
    values: tuple[object, ...], field: str, words: str
) -> None:
    with pytest.raises(InvalidInputError) as err:
        GAME.check_input(list(values))
    assert err.value.field == field
    assert words in str(err.value)


def test_the_sim_refuses_what_the_host_would() -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    with pytest.raises(InvalidInputError, match="speed"):
        sim.step({1: (2, 45.0, 75.0)})
    with pytest.raises(InvalidInputError, match="player"):
        sim.step({2: (0, 45.0, 20.0)})
    assert sim.tick == 0


@pytest.mark.parametrize(
    ("knob", "value"),
    [
        ("gravity", 0.1),
        ("drag", 0.5),
        ("wind", 20.0),
        ("distance", 12.5),
        ("shots", 2.5),
        ("target_size", float("nan")),
        ("load", 1.0),
    ],
)
def test_knobs_out_of_range_are_refused_naming_the_knob(knob: str, value: object) -> None:
    with pytest.raises(InvalidKnobError) as err:
        GAME.setup(level="earth", knobs={knob: value})
    assert err.value.knob == knob


def test_knob_defaults_per_level() -> None:
    assert GAME.knob_defaults("earth") == {
        "gravity": 9.81,
        "drag": 0.0,
        "wind": 0.0,
        "distance": 120.0,
        "target_size": 6.0,
        "shots": 8.0,
    }
    assert GAME.knob_defaults("headwind")["wind"] == -5.0
    for level in GAME.levels:
        assert warnings_in_words(level.key, {}) == []


def test_feasibility_warnings_in_words() -> None:
    far = warnings_in_words("earth", {"distance": 400.0})
    assert far == [
        "the farthest target (400 m) is beyond the cannon's maximum range "
        "v_max²/g = 60²/9.81 = 367 m (at 45°): no one can hit it"
    ]
    assert warnings_in_words("earth", {"distance": 365.0}) == []  # its near edge is in reach
    air = warnings_in_words("earth_air", {"distance": 300.0})
    assert len(air) == 1 and "242 m with this air (at 42°, 60 m/s)" in air[0]
    shots = warnings_in_words("earth", {"shots": 2.0})
    assert shots == ["3 targets but only 2 shots: no one can hit them all"]
    wide = warnings_in_words("earth", {"target_size": 45.0})
    assert len(wide) == 1 and "overlap" in wide[0]


def test_a_short_round_is_refused() -> None:
    with pytest.raises(InvalidConfigError, match="at least 10 s"):
        GAME.setup(level="earth", seconds=5.0)


def test_waves_push_the_targets_out_and_narrow_them() -> None:
    base = setup()
    second, third = GAME.wave(base, 2), GAME.wave(base, 3)
    assert GAME.world(second).farthest > GAME.world(base).farthest
    assert GAME.world(third).half_width < GAME.world(second).half_width < 3.0
    assert GAME.wave(base, 1) == base
    GAME.setup_from_dict(third.to_dict())  # a wave is a valid round


def test_round_info_is_what_a_client_needs() -> None:
    info = GAME.round_info(setup("earth"))
    assert info["targets"] == [40.0, 80.0, 120.0]
    assert info["half_width"] == 3.0 and info["shots"] == 8
    assert info["max_range"] == pytest.approx(366.97, abs=0.01)
    assert info["title"] == "Earth"
    wire = GAME.round_wire(setup())
    assert wire["effective"]["gravity"] == 9.81


def test_the_scene_draws_every_shot_and_names_the_players() -> None:
    sim = new_sim()
    for pid in (1, 2, 3):
        sim.add_player(pid, pid - 1)
    shoot(sim, 1, 45.0, 19.81)  # about 40 m: a hit
    sim.step({2: (2, 30.0, 25.0)})
    for _ in range(30):
        sim.step({})
    ids, values = sim.snapshot()
    frame = Frame(sim.tick, ids, values, GAME.schema)
    info = GAME.round_info(sim.setup)
    scene = GAME.scene(info, frame, {1: "Ada", 2: "Ben", 3: "Cy"})
    names = [s.text for s in scene.labels() if s.name]
    assert sorted(names) == ["Ada", "Ben"]  # Cy has not fired yet
    text = " ".join(s.text for s in scene.labels())
    assert "40 m" in text and "120 m" in text and "Cy: 0/3 hit" in text
    assert "Ada: 1/3 hit · 1/8 shots" in text
    assert sum(isinstance(s, Glyph) for s in scene.shapes) == 3  # three barrels
    assert any(isinstance(s, Dot) and s.x > 1.0 and s.y > 1.0 for s in scene.shapes)
    assert any(isinstance(s, Poly) and len(s.points) > 10 for s in scene.shapes)
    assert "1 shells in the air" in scene.panel[2]
    mine = GAME.scene(info, frame, {1: "Ada"}, me=1)
    ticked = [s.text for s in mine.labels() if "✓" in s.text]
    assert ticked == ["40 m ✓"]
    empty = GAME.scene(info, None, {})
    assert empty.labels() and not [s for s in empty.labels() if s.name]


def test_channels_from_a_series() -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    shoot(sim, 1, 45.0, 19.81)
    shoot(sim, 1, 45.0, 25.0)  # at the 80 m target: short
    series = sim.telemetry(1)
    ch = GAME.channels_of(GAME.round_info(sim.setup), series)
    assert set(ch) == {c.name for c in GAME.channels}
    assert ch["height"].max() == pytest.approx(25.0**2 / 4 / 9.81, rel=0.02)
    assert ch["error"].min() == -400.0  # clipped: the shell at the cannon
    p = sim.player(1)
    last = p.shots[-1]
    assert ch["error"][-1] == pytest.approx(max(-400.0, 100 * last.error / 3.0))
    assert np.all(ch["speed"] >= 0.0)
