from __future__ import annotations

import pytest

from app.host.matchmaking import MatchmakingError, MatchQueue, group_by_rating, window


def test_window_widens_by_50_every_5_s_up_to_500() -> None:
    assert [window(t) for t in (0, 4.9, 5, 12, 40, 400)] == [100, 100, 150, 200, 500, 500]


def test_queue_waits_for_the_window_with_a_driven_clock() -> None:
    queue = MatchQueue(room_size=2)
    queue.add(1, 1500, now=0.0)
    queue.add(2, 1680, now=0.0)
    assert queue.poll(4.0) == []  # 180 apart, window ±100
    assert queue.poll(9.9) == []  # ±150
    assert queue.poll(10.0) == [[1, 2]]  # ±200 after 10 s
    assert len(queue) == 0


def test_full_room_forms_at_once_and_far_players_wait() -> None:
    queue = MatchQueue()
    for pid in range(1, 9):
        queue.add(pid, 1500 + pid, now=0.0)
    queue.add(9, 2300, now=0.0)
    assert queue.poll(0.0) == [[1, 2, 3, 4, 5, 6, 7, 8]]
    assert [w.player_id for w in queue.waiting()] == [9]
    queue.add(10, 1900, now=0.0)
    assert queue.poll(39.0) == []
    assert queue.poll(40.0) == [[9, 10]]  # ±500 reached, two is enough


def test_group_by_rating_even_rooms_neighbours_together() -> None:
    ratings = {pid: 1000 + 10 * pid for pid in range(1, 17)}
    assert group_by_rating(ratings) == [list(range(1, 9)), list(range(9, 17))]
    sizes = [len(g) for g in group_by_rating({p: 1500 for p in range(10)})]
    assert sizes == [5, 5]


def test_queue_refuses_doubles() -> None:
    queue = MatchQueue()
    queue.add(1, 1500, 0.0)
    with pytest.raises(MatchmakingError, match="already waiting"):
        queue.add(1, 1500, 0.0)
