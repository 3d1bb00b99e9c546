"""A student builds a bridge end to end: real window (Xvfb), real host with bots, real
SQLite. The bridge is built by mouse clicks on the candidate members and keys, the truck
is sent with T, the result on the screen is the one in the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyglet.window import key as keys
from pyglet.window import mouse

from app.player.flights.bridge import FlightView
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow
from game.bridge.designs import reference
from game.bridge.geometry import HEAVY, LIGHT, NONE

from .harness import Frames, HostThread, join_lobby

pytestmark = pytest.mark.gui


@pytest.fixture
def host(tmp_path: Path) -> Iterator[HostThread]:
    h = HostThread(tmp_path, game="bridge_builder", world="short_span", round_seconds=40.0)
    try:
        yield h
    finally:
        h.close()


def window_point(window: PlayerWindow, view: FlightView, member: int) -> tuple[int, int]:
    """Where a student clicks to hit ``member``: a third of the way along its line."""
    ax, ay, bx, by = view.layout.member_line(view.geo, member)
    cx, cy = ax + (bx - ax) / 3, ay + (by - ay) / 3
    box = window.box
    return round(box.left + cx * box.scale), round(box.bottom + cy * box.scale)


def click(frames: Frames, view: FlightView, member: int, button: int = mouse.LEFT) -> None:
    """Move the mouse onto ``member`` and click (the window takes the events next frame)."""
    window = frames.window
    x, y = window_point(window, view, member)
    window.dispatch_event("on_mouse_motion", x, y, 0, 0)
    window.dispatch_event("on_mouse_press", x, y, button, 0)
    window.dispatch_event("on_mouse_release", x, y, button, 0)
    frames.frame()


def press(frames: Frames, symbol: int) -> None:
    frames.window.dispatch_event("on_key_press", symbol, 0)
    frames.window.dispatch_event("on_key_release", symbol, 0)
    frames.frame()


def test_build_by_clicks_send_the_truck_and_read_why(
    host: HostThread, window: PlayerWindow
) -> None:
    frames = Frames(window)
    host.start_bots(2)
    frames.until(lambda: len(host.host.players()) == 2, 10, "the bots to join")
    join_lobby(window, frames, host.address, "Sam")
    round_id = host.call(host.host.start_round(seed=7))
    frames.until(lambda: isinstance(window.screen, FlightView), 5, "the bridge screen")
    view = window.screen
    assert isinstance(view, FlightView)
    frames.until(window.session.can_play, 5, "the round to go active")
    frames.run_for(0.2)
    assert "Bridge builder: Short" in view.shown_text()
    assert "18 m gap · one 400 kN truck · budget $16,000" in view.shown_text()

    design = reference(view.geo)
    assert design is not None
    # a wrong member first, then taken away again with a right-click
    click(frames, view, 12)
    frames.run_for(0.2)
    assert view.types()[12] == LIGHT
    click(frames, view, 12, mouse.RIGHT)
    # light members with the mouse, heavy ones with tool 2
    for m, t in enumerate(design.types):
        if t == LIGHT:
            click(frames, view, m)
    press(frames, keys._2)
    assert view.tool == HEAVY
    heavy = [m for m, t in enumerate(design.types) if t == HEAVY]
    for m in heavy[1:]:
        click(frames, view, m)
    # the last one with the keys: Tab to it, Space to build it
    for _ in range(heavy[0] + 1):
        press(frames, keys.TAB)
    assert view.selected == heavy[0]
    press(frames, keys.SPACE)

    def built() -> bool:
        return view.host_types() == list(design.types)

    frames.until(built, 10, "the host to have the whole design")
    frames.run_for(0.1)
    assert f"${design.cost:,} of $16,000" in view.shown_text()
    assert view.host_types()[12] == NONE
    press(frames, keys.T)
    frames.until(lambda: view.stage() == 1, 5, "the truck to be sent")
    frames.run_for(0.5)
    assert "Truck crossing" in view.shown_text()

    frames.until(lambda: isinstance(window.screen, ResultsView), 20, "the results screen")
    frames.until(lambda: window.session.round_completed, 30, "the round to complete")
    frames.run_for(0.3)
    stored = host.call(host.store.round_results(round_id))
    mine = next(f for f in stored if f.nickname == "Sam")
    result = window.session.my_result
    assert result is not None and result.success and mine.outcome == "held"
    assert (result.reason, result.score, result.stars) == (mine.reason, mine.score, mine.stars)
    assert result.stars == 3
    text = window.screen.shown_text() if window.screen else ""
    assert mine.reason in text and "You held!" in text
    assert "Stress (%); safe ≤ 100 shaded" in text
    # the plot's data came from the host's snapshots of this round
    log = window.session.flight_log
    game = window.session.game
    assert log is not None and game is not None
    channels = game.channels_of(window.session.info, log.series())
    assert 50.0 < channels["stress"].max() <= 100.0
    assert channels["budget"][-1] == pytest.approx(100.0 * design.cost / 16000)


def test_the_test_is_refused_while_over_budget_and_a_folding_joint_is_shown(
    host: HostThread, window: PlayerWindow
) -> None:
    frames = Frames(window)
    join_lobby(window, frames, host.address, "Sam")
    host.call(host.host.start_round(seed=3, knobs={"budget": 1000.0}))
    frames.until(lambda: isinstance(window.screen, FlightView), 5, "the bridge screen")
    view = window.screen
    assert isinstance(view, FlightView)
    frames.until(window.session.can_play, 5, "the round to go active")
    press(frames, keys._2)
    for m in range(6):  # the deck, heavy: $5,400
        click(frames, view, m)
    frames.until(lambda: all(t == HEAVY for t in view.host_types()[:6]), 10, "the deck")
    press(frames, keys.T)
    frames.run_for(0.2)
    assert "Over budget by $4,400: remove or lighten members." in view.shown_text()
    assert view.stage() == 0 and window.session.my_result is None
    press(frames, keys.F)  # the preview: the deck alone folds at a joint
    frames.run_for(0.2)
    _, fold = view.own_bridge()
    assert fold is not None and fold.joint in range(1, 6)
