from __future__ import annotations

import numpy as np

from game.lander import generate_terrain, get_world
from game.lander.spawn import columns, spawn_for


def test_slots_spread_across_the_width_high_above_the_ground() -> None:
    terrain = generate_terrain(12, get_world("moon"))
    assert columns(terrain.width) == 60
    starts = [spawn_for(terrain, 12, slot) for slot in range(64)]
    xs = np.array(sorted(s.x for s in starts[:60]))
    assert np.all(np.diff(xs) > 4.0)  # no two landers of a row overlap
    for slot in range(60, 64):  # the next row starts higher over the same columns
        below = starts[slot - 60]
        assert starts[slot].y - below.y > 20.0
    first8 = sorted(s.x for s in starts[:8])
    assert first8[0] < 300 and first8[-1] > 500  # a class of 8 covers the terrain
    for s in starts[:60]:
        ground = float(terrain.height_at(s.x))
        assert 100.0 <= s.y - ground <= 150.0
        assert abs(s.vx) <= 3.0
    assert spawn_for(terrain, 12, 5) == starts[5]
    assert spawn_for(terrain, 13, 5) != starts[5]
