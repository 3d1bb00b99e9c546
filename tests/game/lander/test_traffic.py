"""Traffic: what a pilot makes of the other landers in its snapshot."""

from __future__ import annotations

import numpy as np

from game.lander import LanderArrays, LanderState, LanderStatus, Pad
from game.lander.traffic import Traffic

PADS = (Pad(0, 90.0, 110.0, 10.0, 1.0), Pad(1, 290.0, 310.0, 20.0, 2.0))


def me_at(x: float, y: float, vx: float = 0.0) -> LanderState:
    return LanderState(x, y, vx, 0.0, 0.0, 0.0, 50.0, 0.0, LanderStatus.FLYING)


def snapshot(rows: list[tuple[float, float, float, float, LanderStatus]]) -> LanderArrays:
    n = len(rows)
    return LanderArrays(
        ids=np.arange(n, dtype=np.int64),
        xy=np.array([[r[0], r[1]] for r in rows], dtype=np.float64).reshape(n, 2),
        vxy=np.array([[r[2], r[3]] for r in rows], dtype=np.float64).reshape(n, 2),
        angle=np.zeros(n),
        angular_velocity=np.zeros(n),
        fuel=np.full(n, 50.0),
        throttle=np.zeros(n),
        status=np.array([int(r[4]) for r in rows], dtype=np.int8),
    )


FLY = LanderStatus.FLYING


def test_around_drops_me_and_landers_that_ended() -> None:
    me = me_at(200.0, 150.0)
    snap = snapshot(
        [
            (200.0, 150.0, 0.0, 0.0, FLY),  # me
            (100.0, 12.0, 0.0, 0.0, LanderStatus.LANDED),
            (50.0, 80.0, 1.0, -2.0, FLY),
            (60.0, 30.0, 0.0, 0.0, LanderStatus.CRASHED),
        ]
    )
    traffic = Traffic.around(me, snap)
    assert len(traffic) == 1
    assert traffic.xy.tolist() == [[50.0, 80.0]] and traffic.vxy.tolist() == [[1.0, -2.0]]


def test_claims_count_only_nearer_landers_heading_for_a_pad() -> None:
    me = me_at(200.0, 150.0)
    snap = snapshot(
        [
            (130.0, 100.0, -5.0, 0.0, FLY),  # nearer to pad 0, heading there
            (260.0, 60.0, -30.0, 0.0, FLY),  # near pad 1 but flying fast towards pad 0
            (400.0, 150.0, 0.0, 0.0, FLY),  # heading for pad 1 but farther than me
            (20.0, 300.0, 0.0, 0.0, FLY),  # heading for pad 0 but farther than me
        ]
    )
    assert Traffic.around(me, snap).claims(me, PADS, lead_s=3.0) == [2, 0]
    assert Traffic.around(me, snapshot([])).claims(me, PADS, lead_s=3.0) == [0, 0]


def test_floor_keeps_me_above_a_lander_below_and_ignores_one_to_the_side() -> None:
    me = me_at(100.0, 60.0)
    below = snapshot([(103.0, 30.0, 0.0, -1.0, FLY), (160.0, 20.0, 0.0, 0.0, FLY)])
    traffic = Traffic.around(me, below)
    assert traffic.floor_below(me, horizontal_sep=8.0, vertical_sep=10.0, lookahead_s=2.0) == 40.0
    climbing = Traffic.around(me, snapshot([(103.0, 30.0, 0.0, 3.0, FLY)]))
    assert climbing.floor_below(me, 8.0, 10.0, 2.0) == 46.0  # where it climbs to, + 10
    assert (
        Traffic.around(me, snapshot([(160.0, 20.0, 0.0, 0.0, FLY)])).floor_below(me, 8.0, 10.0, 2.0)
        is None
    )


def test_a_crossing_lander_is_foreseen_within_the_lookahead_only() -> None:
    me = me_at(100.0, 60.0, vx=5.0)
    traffic = Traffic.around(me, snapshot([(130.0, 40.0, -5.0, 0.0, FLY)]))  # closing at 10 m/s
    assert traffic.conflicts(me, 8.0, lookahead_s=1.0).tolist() == [False]  # 20 m apart by then
    assert traffic.conflicts(me, 8.0, lookahead_s=3.0).tolist() == [True]  # they cross
    assert traffic.floor_below(me, 8.0, 10.0, lookahead_s=3.0) == 50.0


def test_sidestep_moves_the_higher_lander_away_from_the_one_beside_it() -> None:
    me = me_at(100.0, 60.0)
    right = Traffic.around(me, snapshot([(104.0, 57.0, 0.0, 0.0, FLY)]))
    assert right.sidestep(me, 8.0, 10.0, speed=2.5) == -2.5
    left = Traffic.around(me, snapshot([(97.0, 55.0, 0.0, 0.0, FLY)]))
    assert left.sidestep(me, 8.0, 10.0, speed=2.5) == 2.5
    higher = Traffic.around(me, snapshot([(104.0, 62.0, 0.0, 0.0, FLY)]))
    assert higher.sidestep(me, 8.0, 10.0, speed=2.5) == 0.0  # the higher one moves, not me
    far_below = Traffic.around(me, snapshot([(104.0, 30.0, 0.0, 0.0, FLY)]))
    assert far_below.sidestep(me, 8.0, 10.0, speed=2.5) == 0.0
