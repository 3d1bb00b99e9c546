"""Bridge builder's play screen geometry: where each member is drawn and which one a click
picks (pure: no window)."""

from __future__ import annotations

from app.player.flights.bridge.layout import MAIN, PICK_PX, Layout, segment_distance
from game.bridge.geometry import CANDIDATES, geometry


def test_every_member_is_picked_at_its_own_line_and_inside_the_main_area() -> None:
    for level in ("short_span", "long_span", "two_loads"):
        geo = geometry(level, {"height": 6.0} if level == "long_span" else {})
        layout = Layout.of(geo)
        left, bottom, width, height = MAIN
        for m in range(CANDIDATES):
            ax, ay, bx, by = layout.member_line(geo, m)
            for x, y in ((ax, ay), (bx, by)):
                assert left <= x <= left + width and bottom <= y <= bottom + height
            for t in (0.3, 0.7):  # (a panel's two diagonals cross in its middle)
                assert layout.pick(geo, ax + (bx - ax) * t, ay + (by - ay) * t) == m


def test_nothing_is_picked_far_from_the_members_and_a_joint_picks_one_of_its_own() -> None:
    geo = geometry("short_span", {})
    layout = Layout.of(geo)
    assert layout.pick(geo, 30.0, 200.0) is None  # the left bank, low down
    jx, jy = layout.to_canvas(*geo.joints[8])  # T1: five candidates meet there
    picked = layout.pick(geo, jx, jy)
    assert picked is not None and 8 in geo.ends[picked]
    assert segment_distance(0, 0, 0, 0, 100, 0) == 10.0  # measured to the middle 80 %
    assert segment_distance(50, PICK_PX, 0, 0, 100, 0) == PICK_PX
