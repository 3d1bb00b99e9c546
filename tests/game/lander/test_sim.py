"""The simulation against textbook physics, its outcomes, events and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.lander import (
    DT,
    Collision,
    Event,
    FlightEnded,
    FuelEmpty,
    InvalidInputError,
    LanderStatus,
    Landing,
    Outcome,
    OutOfBounds,
    PhysicsOverrides,
    PlayerInput,
    RoundConfig,
    Simulation,
    UnknownLanderError,
    get_world,
)
from game.lander.events import TERRAIN
from tests.game.lander.conftest import place, still_air

HIGH = 800.0  # m, far above any ground


def run(sim: Simulation, ticks: int, inputs: dict[int, PlayerInput] | None = None) -> list[Event]:
    events: list[Event] = []
    for _ in range(ticks):
        events += sim.step(inputs or {})
    return events


# ---------------------------------------------------------------- textbook physics


def test_free_fall_distance_is_half_g_t_squared(moon_sim: Simulation) -> None:
    """Symplectic Euler falls short by ½g·t·DT (1/n of the distance): 0.33 % after 5 s."""
    place(moon_sim, 1, 400.0, HIGH)
    run(moon_sim, 300)
    t = 300 * DT
    fallen = HIGH - moon_sim.lander(1).y
    assert fallen == pytest.approx(0.5 * 1.62 * t**2, rel=0.005)
    assert moon_sim.lander(1).vy == pytest.approx(-1.62 * t, rel=1e-9)


def test_terminal_velocity_in_air() -> None:
    world = still_air("earth")
    sim = Simulation(RoundConfig(world, seed=1))
    sim.add_lander(1)
    place(sim, 1, 400.0, 950.0)
    run(sim, 20 * 60)
    spec = world.lander
    mass = spec.dry_mass + spec.fuel_capacity
    expected = math.sqrt(2 * mass * 9.81 / (1.225 * spec.drag_coefficient * spec.reference_area))
    assert -sim.lander(1).vy == pytest.approx(expected, rel=0.02)
    assert -sim.lander(1).vy == pytest.approx(expected, rel=1e-3)  # in fact much closer
    assert expected == pytest.approx(36.07, abs=0.01)


def test_titan_thick_air_gives_a_parachute_like_terminal_velocity() -> None:
    sim = Simulation(RoundConfig(still_air("titan"), seed=1))
    sim.add_lander(1)
    place(sim, 1, 400.0, HIGH)
    run(sim, 30 * 60)
    expected = math.sqrt(2 * 1300 * 1.352 / (5.3 * 1.0 * 16.0))
    assert -sim.lander(1).vy == pytest.approx(expected, rel=0.02)


@pytest.mark.parametrize("key", ["moon", "mars", "earth", "titan"])
def test_hover_throttle_is_weight_over_max_thrust(key: str) -> None:
    sim = Simulation(RoundConfig(still_air(key), seed=2))
    sim.add_lander(1)
    place(sim, 1, 400.0, HIGH)
    params = sim.config.params
    hover = sim.hover_throttle(1)
    assert hover == pytest.approx(params.full_mass * params.gravity / params.max_thrust)
    assert hover == pytest.approx(1 / 2.75)
    sim.step({1: PlayerInput(0, hover, 0.0)})
    assert sim.lander(1).vy == pytest.approx(0.0, abs=1e-9)
    place(sim, 1, 400.0, HIGH)
    sim.step({1: PlayerInput(1, hover * 1.05, 0.0)})
    assert sim.lander(1).vy > 1e-4
    place(sim, 1, 400.0, HIGH)
    sim.step({1: PlayerInput(2, hover * 0.95, 0.0)})
    assert sim.lander(1).vy < -1e-4


def test_fuel_burn_lowers_mass_and_raises_acceleration(moon_sim: Simulation) -> None:
    place(moon_sim, 1, 400.0, 300.0)
    params = moon_sim.config.params
    full = PlayerInput(0, 1.0, 0.0)
    assert moon_sim.mass(1) == 1300.0
    run(moon_sim, 60, {1: full})
    # burn_rate 4 kg/s at full throttle for 1 s
    assert moon_sim.lander(1).fuel == pytest.approx(100.0 - 4.0, abs=1e-9)
    assert moon_sim.mass(1) == pytest.approx(1296.0, abs=1e-9)
    mass = moon_sim.mass(1)
    vy = moon_sim.lander(1).vy
    moon_sim.step({1: full})
    accel = (moon_sim.lander(1).vy - vy) / DT
    assert accel == pytest.approx(params.max_thrust / mass - params.gravity, rel=1e-9)
    assert accel > params.max_thrust / 1300.0 - params.gravity  # lighter lander, more push
    half = PlayerInput(1, 0.5, 0.0)
    fuel = moon_sim.lander(1).fuel
    run(moon_sim, 30, {1: half})
    assert fuel - moon_sim.lander(1).fuel == pytest.approx(4.0 * 0.5 * 0.5, abs=1e-9)


def test_thrust_points_along_the_tilted_axis(moon_sim: Simulation) -> None:
    place(moon_sim, 1, 400.0, HIGH, angle=math.radians(30))  # tilted left (counter-clockwise)
    moon_sim.step({1: PlayerInput(0, 1.0, 0.0)})
    s = moon_sim.lander(1)
    accel = moon_sim.config.params.max_thrust / 1300.0
    assert s.vx == pytest.approx(-math.sin(math.radians(30)) * accel * DT, rel=1e-6)


def test_rotation_input_turns_at_a_rate_limited_pace(moon_sim: Simulation) -> None:
    place(moon_sim, 1, 400.0, HIGH)
    moon_sim.step({1: PlayerInput(0, 0.0, 1.0)})  # turn right = clockwise
    assert moon_sim.lander(1).angular_velocity == pytest.approx(-3.0 * DT)
    run(moon_sim, 60, {1: PlayerInput(1, 0.0, 1.0)})
    assert moon_sim.lander(1).angular_velocity == pytest.approx(-1.2)
    run(moon_sim, 60, {1: PlayerInput(2, 0.0, 0.0)})
    assert moon_sim.lander(1).angular_velocity == pytest.approx(0.0, abs=1e-12)


def test_wind_pushes_a_lander_in_air_but_not_on_the_moon() -> None:
    windy = Simulation(RoundConfig(get_world("earth"), seed=3, overrides=PhysicsOverrides(wind=20)))
    windy.add_lander(1)
    place(windy, 1, 400.0, HIGH)
    run(windy, 60)
    assert windy.lander(1).vx > 0.5
    moon = Simulation(RoundConfig(get_world("moon"), seed=3, overrides=PhysicsOverrides(wind=20)))
    moon.add_lander(1)
    place(moon, 1, 400.0, HIGH)
    run(moon, 60)
    assert moon.lander(1).vx == 0.0


# ---------------------------------------------------------------- outcomes


def drop_on_pad(
    sim: Simulation, height: float, vy: float, vx: float = 0.0, angle: float = 0.0
) -> None:
    pad = sim.terrain.pads[0]
    foot = sim.config.world.lander.foot_depth
    place(sim, 1, pad.centre + 1.0, pad.y + foot + height, vx=vx, vy=vy, angle=angle)


def test_dropped_fast_crashes_too_fast_vertical_with_the_measured_value(
    moon_sim: Simulation,
) -> None:
    drop_on_pad(moon_sim, 10.0, -6.0)
    events = run(moon_sim, 240)
    result = moon_sim.result(1)
    assert result is not None
    expected = math.sqrt(6.0**2 + 2 * 1.62 * 10.0)
    assert (result.outcome, result.reason_code) == (Outcome.CRASHED, "too_fast_vertical")
    assert result.measured == pytest.approx(expected, abs=0.1)
    assert result.limit == 2.0
    assert result.reason == f"too fast: {result.measured:.1f} m/s down, safe is 2.0"
    assert result.score is None and result.stars == 0
    assert moon_sim.lander(1).status is LanderStatus.CRASHED
    kinds = [e.kind for e in events]
    assert kinds == ["collision", "landing", "flight_ended"]
    hit = events[0]
    assert isinstance(hit, Collision) and hit.b == TERRAIN
    assert hit.impact_speed == pytest.approx(expected, abs=0.1)


def test_gentle_touchdown_on_a_pad_lands_with_a_score(moon_sim: Simulation) -> None:
    drop_on_pad(moon_sim, 0.3, -1.0)
    events = run(moon_sim, 60)
    result = moon_sim.result(1)
    assert result is not None
    assert (result.outcome, result.reason_code, result.pad_id) == (Outcome.LANDED, "landed", 0)
    assert result.measured is not None and 1.0 < result.measured < 1.5
    pad = moon_sim.terrain.pads[0]
    score = result.score
    assert score is not None
    assert score.pad_multiplier == pad.multiplier
    assert score.fuel_bonus == 1000  # 100 kg left
    assert score.precision_bonus == round(100 * (1 - 1.0 / (pad.width / 2)))
    assert score.total == round(
        (100 * pad.multiplier + score.fuel_bonus + score.precision_bonus + score.time_bonus) * 1.0
    )
    assert result.stars == 3
    landing = [e for e in events if isinstance(e, Landing)]
    assert len(landing) == 1 and landing[0].pad_id == 0 and landing[0].result == result
    state = moon_sim.lander(1)
    assert state.status is LanderStatus.LANDED and state.vx == state.vy == 0.0


@pytest.mark.parametrize(
    ("vx", "angle_deg", "code"),
    [(2.0, 0.0, "too_fast_horizontal"), (0.0, 20.0, "too_tilted")],
)
def test_sideways_or_tilted_touchdowns_crash(
    moon_sim: Simulation, vx: float, angle_deg: float, code: str
) -> None:
    drop_on_pad(moon_sim, 0.5, -0.5, vx=vx, angle=math.radians(angle_deg))
    run(moon_sim, 60)
    result = moon_sim.result(1)
    assert result is not None and result.reason_code == code
    assert result.measured is not None and result.limit is not None
    assert result.measured > result.limit


def test_gentle_touchdown_on_rock_is_off_pad(moon_sim: Simulation) -> None:
    t = moon_sim.terrain
    x = (t.pads[0].x_right + t.pads[1].x_left) / 2
    ground = float(t.height_at(np.linspace(x - 3, x + 3, 13)).max())
    place(moon_sim, 1, x, ground + 1.5 + 0.2, vy=-0.5)
    run(moon_sim, 120)
    result = moon_sim.result(1)
    assert result is not None and result.reason_code == "off_pad"
    assert result.measured is not None and result.measured > 5.0


def test_leaving_the_area_is_out_of_bounds(moon_sim: Simulation) -> None:
    place(moon_sim, 1, 3.0, 300.0, vx=-60.0)
    events = run(moon_sim, 10)
    assert [type(e) for e in events] == [OutOfBounds, FlightEnded]
    result = moon_sim.result(1)
    assert result is not None and result.outcome is Outcome.OUT_OF_BOUNDS
    assert moon_sim.finished


def test_time_limit_ends_every_flying_lander_timed_out() -> None:
    sim = Simulation(RoundConfig(get_world("moon"), seed=4, time_limit_s=1.0))
    sim.add_lander(1)
    sim.add_lander(2)
    events = run(sim, 59)
    assert not events and not sim.finished
    events = sim.step({})
    assert sim.finished and sim.tick == 60
    ended = [e for e in events if isinstance(e, FlightEnded)]
    assert [e.lander_id for e in ended] == [1, 2]
    assert all(e.result.outcome is Outcome.TIMED_OUT for e in ended)
    assert ended[0].result.reason == "still flying when the 1 s ran out"


def test_running_dry_emits_fuel_empty_once_then_crash_is_out_of_fuel() -> None:
    sim = Simulation(RoundConfig(get_world("moon"), seed=5, overrides=PhysicsOverrides(fuel=0.5)))
    sim.add_lander(1)
    events = run(sim, 30, {1: PlayerInput(0, 1.0, 0.0)})
    empties = [e for e in events if isinstance(e, FuelEmpty)]
    assert len(empties) == 1 and empties[0].tick == 8  # 0.5 kg at 4 kg/s = 0.125 s = 7.5 ticks
    assert sim.lander(1).fuel == 0.0
    events = run(sim, 60 * 30, {1: PlayerInput(1, 1.0, 0.0)})
    assert not any(isinstance(e, FuelEmpty) for e in events)
    result = sim.result(1)
    assert result is not None
    assert (result.outcome, result.reason_code) == (Outcome.OUT_OF_FUEL, "out_of_fuel")
    assert result.reason.startswith("ran out of fuel, then crashed: too fast:")
    assert result.fuel_used == 0.5


def test_landers_colliding_hard_both_crash_hit_lander() -> None:
    sim = Simulation(RoundConfig(get_world("moon"), seed=6))
    sim.add_lander(1)
    sim.add_lander(2)
    place(sim, 1, 400.0, HIGH, vx=3.0)
    place(sim, 2, 406.0, HIGH, vx=-3.0)
    events = run(sim, 60)
    hits = [e for e in events if isinstance(e, Collision)]
    assert len(hits) == 1 and (hits[0].a, hits[0].b) == (1, 2)
    # closing speed 6 m/s; the feet's corners meet, so the normal is ~15° off horizontal
    assert 5.5 < hits[0].impact_speed <= 6.0
    for lid in (1, 2):
        result = sim.result(lid)
        assert result is not None and result.reason_code == "hit_lander"
        assert result.reason == f"hit another lander at {hits[0].impact_speed:.1f} m/s, safe is 2.0"


def test_a_gentle_bump_between_landers_is_only_a_collision() -> None:
    sim = Simulation(RoundConfig(get_world("moon"), seed=6))
    sim.add_lander(1)
    sim.add_lander(2)
    place(sim, 1, 400.0, HIGH, vx=0.4)
    place(sim, 2, 404.5, HIGH, vx=-0.4)
    events = run(sim, 60)
    hits = [e for e in events if isinstance(e, Collision)]
    assert len(hits) == 1 and hits[0].impact_speed == pytest.approx(0.8, abs=0.05)
    assert sim.result(1) is None and sim.result(2) is None
    assert sim.lander(1).vx < 0.4  # they bounced


def test_every_lander_gets_exactly_one_flight_ended() -> None:
    sim = Simulation(RoundConfig(get_world("mars"), seed=8, time_limit_s=40.0))
    for lid in (10, 20, 30):
        sim.add_lander(lid)
    ended: list[int] = []
    while not sim.finished:
        ended += [
            e.lander_id
            for e in sim.step({20: PlayerInput(0, 0.6, 0.2)})
            if isinstance(e, FlightEnded)
        ]
    assert sorted(ended) == [10, 20, 30]
    assert all(sim.result(lid) is not None for lid in (10, 20, 30))
    assert sim.step({}) == []


# ---------------------------------------------------------------- bad input


def test_invalid_input_raises_before_anything_changes(moon_sim: Simulation) -> None:
    moon_sim.add_lander(2)
    run(moon_sim, 10, {1: PlayerInput(0, 0.5, 0.1)})
    before = (moon_sim.state_hash(), moon_sim.tick, moon_sim.lander(1), moon_sim.lander(2))
    bad = {1: PlayerInput(1, 0.7, 0.0), 2: PlayerInput(1, math.nan, 0.0)}
    with pytest.raises(InvalidInputError, match="thrust must be a finite number"):
        moon_sim.step(bad)
    with pytest.raises(InvalidInputError, match="rotation"):
        moon_sim.step({1: PlayerInput(1, 0.7, 2.0)})
    with pytest.raises(UnknownLanderError, match="no lander with id 99"):
        moon_sim.step({1: PlayerInput(1, 0.7, 0.0), 99: PlayerInput(1, 0.7, 0.0)})
    after = (moon_sim.state_hash(), moon_sim.tick, moon_sim.lander(1), moon_sim.lander(2))
    assert after == before
    moon_sim.step({1: PlayerInput(1, 0.7, 0.0)})
    assert moon_sim.state_hash() != before[0]


def test_lander_bookkeeping_errors(moon_sim: Simulation) -> None:
    with pytest.raises(ValueError, match="lander 1 is already in the simulation"):
        moon_sim.add_lander(1)
    with pytest.raises(ValueError, match="slot 0 is already taken"):
        moon_sim.add_lander(2, slot=0)
    with pytest.raises(UnknownLanderError):
        moon_sim.lander(5)


# ---------------------------------------------------------------- state access


def test_arrays_are_sorted_by_id_and_match_single_states() -> None:
    sim = Simulation(RoundConfig(get_world("titan"), seed=9))
    for lid in (30, 10, 20):
        sim.add_lander(lid)
    run(sim, 30, {20: PlayerInput(0, 0.8, -0.5)})
    a = sim.arrays()
    assert a.ids.tolist() == [10, 20, 30] and len(a) == 3
    for i, lid in enumerate(a.ids.tolist()):
        assert a.state(i) == sim.lander(lid)
    assert a.throttle.tolist() == [0.0, 0.8, 0.0]
    assert a.xy.dtype == np.float64 and a.status.dtype == np.int8
    sim.remove_lander(20)
    assert sim.arrays().ids.tolist() == [10, 30]
    run(sim, 5)


def test_set_lander_moves_it_and_can_revive_an_ended_one(moon_sim: Simulation) -> None:
    drop_on_pad(moon_sim, 0.2, -0.5)
    run(moon_sim, 30)
    assert moon_sim.lander(1).status is LanderStatus.LANDED
    place(moon_sim, 1, 300.0, 500.0, vy=-1.0)
    assert moon_sim.result(1) is None
    moon_sim.step({})
    s = moon_sim.lander(1)
    assert s.status is LanderStatus.FLYING
    assert s.y == pytest.approx(500.0 - 1.0 * DT)


def test_spawn_is_deterministic_and_spread(moon_sim: Simulation) -> None:
    other = Simulation(RoundConfig(get_world("moon"), seed=7))
    other.add_lander(1, slot=0)
    assert other.lander(1) == moon_sim.lander(1)
    for lid in range(2, 9):
        moon_sim.add_lander(lid)
    xs = moon_sim.arrays().xy[:, 0]
    assert xs.max() - xs.min() > 400
