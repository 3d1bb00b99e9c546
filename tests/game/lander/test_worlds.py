from __future__ import annotations

import dataclasses

import pytest

from game.lander import WORLDS, InvalidConfigError, UnknownWorldError, World, get_world


def test_the_four_worlds_with_their_gravity() -> None:
    assert {k: w.gravity for k, w in WORLDS.items()} == {
        "moon": 1.62,
        "mars": 3.71,
        "earth": 9.81,
        "titan": 1.352,
    }
    assert get_world("moon").air_density == 0.0
    assert 0 < get_world("mars").air_density < get_world("earth").air_density
    assert get_world("titan").air_density > get_world("earth").air_density


@pytest.mark.parametrize("key", sorted(WORLDS))
def test_every_world_is_flyable(key: str) -> None:
    world = get_world(key)
    weight = (world.lander.dry_mass + world.lander.fuel_capacity) * world.gravity
    assert 2.5 <= world.max_thrust / weight <= 3.0
    assert world.star_thresholds[0] < world.star_thresholds[1] < world.star_thresholds[2]
    assert 600 <= world.width <= 1000


def test_unknown_world_lists_the_known_ones() -> None:
    with pytest.raises(UnknownWorldError) as info:
        get_world("pluto")
    assert str(info.value) == "unknown world 'pluto'; choose one of moon, mars, earth, titan"
    assert isinstance(info.value, KeyError)


@pytest.mark.parametrize("key", sorted(WORLDS))
def test_world_dict_round_trip(key: str) -> None:
    world = get_world(key)
    assert World.from_dict(world.to_dict()) == world


def test_world_from_bad_dict_names_the_field() -> None:
    d = get_world("moon").to_dict()
    d["gravity"] = "strong"
    with pytest.raises(InvalidConfigError, match=r"world\.gravity must be a number"):
        World.from_dict(d)
    d = dataclasses.replace(get_world("moon"), roughness=0.5).to_dict()
    d["roughness"] = 3.0
    with pytest.raises(
        InvalidConfigError, match=r"world\.roughness must be within 0\.\.1, got 3\.0"
    ):
        World.from_dict(d)
