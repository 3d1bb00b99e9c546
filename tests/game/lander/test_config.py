from __future__ import annotations

import math
from collections.abc import Callable

import msgpack
import pytest

from game.lander import InvalidOverrideError, PhysicsOverrides, RoundConfig, get_world


def test_overrides_change_the_effective_parameters() -> None:
    moon = get_world("moon")
    plain = RoundConfig(moon, seed=1).params
    what_if = RoundConfig(
        moon,
        seed=1,
        overrides=PhysicsOverrides(gravity=3.24, air_density=1.0, wind=5, thrust_scale=2, fuel=50),
    ).params
    assert plain.gravity == 1.62 and plain.air_density == 0.0 and plain.fuel == 100.0
    assert what_if.gravity == 3.24
    assert what_if.air_density == 1.0
    assert what_if.wind_mean == 5.0
    assert what_if.max_thrust == pytest.approx(2 * plain.max_thrust)
    assert what_if.fuel == 50.0
    # the engine stays the Moon's: doubling gravity makes the lander harder to fly
    heavy = RoundConfig(moon, seed=1, overrides=PhysicsOverrides(gravity=3.24)).params
    assert heavy.max_thrust == plain.max_thrust
    assert heavy.max_thrust / (heavy.full_mass * heavy.gravity) == pytest.approx(2.75 / 2)


@pytest.mark.parametrize(
    ("knob", "value", "message"),
    [
        ("gravity", 0.0, "override gravity must be a finite number within 0.1..30 m/s²"),
        ("gravity", math.nan, "override gravity must be"),
        ("air_density", -1.0, "override air_density must be a finite number within 0..20"),
        ("wind", 31.0, "override wind must be a finite number within -30..30 m/s, got 31.0"),
        ("thrust_scale", 5.0, "override thrust_scale must be a finite number within 0.25..4"),
        ("fuel", 1e6, "override fuel must be a finite number within 0..1000 kg"),
    ],
)
def test_overrides_out_of_range_name_knob_value_and_range(
    knob: str, value: float, message: str
) -> None:
    with pytest.raises(InvalidOverrideError) as info:
        PhysicsOverrides(**{knob: value})
    assert str(info.value).startswith(message)
    assert info.value.knob == knob


def test_round_config_survives_msgpack() -> None:
    config = RoundConfig(
        get_world("mars"), seed=2**40, time_limit_s=45.0, overrides=PhysicsOverrides(wind=-4.0)
    )
    wire = msgpack.unpackb(msgpack.packb(config.to_dict()))
    back = RoundConfig.from_dict(wire)
    assert back == config
    assert back.params == config.params
    assert wire["params"]["wind_mean"] == -4.0


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("seed"), "round.seed is missing"),
        (lambda d: d.update(seed="x"), "round.seed must be an integer"),
        (lambda d: d.update(seed=-1), "seed must be within 0..2**63-1, got -1"),
        (lambda d: d.update(time_limit_s=0.0), "time_limit_s must be within 1..3600 s"),
        (lambda d: d.update(world="pluto"), "round.world: unknown world 'pluto'"),
        (lambda d: d.update(world=5), "world must be a mapping"),
        (lambda d: d.update(overrides={"gravity": 99.0}), "override gravity must be"),
        (lambda d: d.update(overrides={"spin": 1.0}), "overrides has unknown knob(s) ['spin']"),
    ],
)
def test_from_dict_rejects_bad_rounds_with_a_clear_value_error(
    mutate: Callable[[dict[str, object]], object], message: str
) -> None:
    d = RoundConfig(get_world("moon"), seed=3).to_dict()
    mutate(d)
    with pytest.raises(ValueError) as info:
        RoundConfig.from_dict(d)
    assert message in str(info.value)


def test_world_may_be_sent_by_key() -> None:
    config = RoundConfig.from_dict({"world": "titan", "seed": 9})
    assert config.world == get_world("titan")
    assert config.time_limit_s == 60.0
