from __future__ import annotations

import dataclasses

import numpy as np

from game.lander import World, generate_terrain, get_world


def test_same_seed_same_terrain_other_seed_other_terrain() -> None:
    moon = get_world("moon")
    a, b, c = generate_terrain(5, moon), generate_terrain(5, moon), generate_terrain(6, moon)
    assert np.array_equal(a.points, b.points) and a.pads == b.pads
    assert not np.array_equal(a.points, c.points)


def test_chain_spans_the_width_left_to_right() -> None:
    t = generate_terrain(11, get_world("mars"))
    assert t.points[0, 0] == 0.0 and t.points[-1, 0] == t.width == 800.0
    assert np.all(np.diff(t.points[:, 0]) > 0)
    assert t.min_height >= 5.0


def test_four_pads_narrower_pays_more_and_pads_are_flat() -> None:
    for seed in range(20):
        t = generate_terrain(seed, get_world("moon"))
        by_width = sorted(t.pads, key=lambda p: p.width)
        assert [p.multiplier for p in by_width] == [5.0, 3.0, 2.0, 1.0]
        assert [p.id for p in t.pads] == [0, 1, 2, 3]
        assert all(a.x_right < b.x_left for a, b in zip(t.pads, t.pads[1:], strict=False))
        for pad in t.pads:
            inside = (t.points[:, 0] >= pad.x_left) & (t.points[:, 0] <= pad.x_right)
            assert np.all(t.points[inside, 1] == pad.y)
            assert t.height_at(pad.centre) == pad.y
            assert t.pad_at(pad.centre) == pad


def test_roughness_makes_rougher_ground() -> None:
    moon = get_world("moon")
    smooth = dataclasses.replace(moon, roughness=0.0)
    rough = dataclasses.replace(moon, roughness=1.0)

    def bumpiness(world_seed: int, world: World) -> float:
        t = generate_terrain(world_seed, world)
        return float(np.mean(np.abs(np.diff(t.points[:, 1], 2))))

    assert all(bumpiness(s, rough) > 2 * bumpiness(s, smooth) for s in range(5))
