"""Players' names never overlap on the player's shared scene view (issue 14): close names
are moved up until they clear one another; names far apart stay where they are."""

from __future__ import annotations

from app.player.scene_draw import place_names


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    (ax, ay, aw, ah), (bx, by, bw, bh) = a, b
    return abs(ax - bx) < (aw + bw) / 2 and abs(ay - by) < (ah + bh) / 2


def test_six_players_side_by_side_get_six_lines() -> None:
    boxes = [(600.0 + 4 * i, 300.0, 90.0, 20.0) for i in range(6)]
    ys = place_names(boxes)
    placed = [(x, y, w, h) for (x, _, w, h), y in zip(boxes, ys, strict=True)]
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    assert ys[0] == 300.0 and len(set(ys)) == 6


def test_names_far_apart_stay_put() -> None:
    boxes = [(100.0, 300.0, 90.0, 20.0), (400.0, 300.0, 90.0, 20.0)]
    assert place_names(boxes) == [300.0, 300.0]
