"""A student fires at the range end to end: real window (Xvfb), real host with bots, real
SQLite. The dials are turned with the arrow keys (Shift for fine steps), Space fires, a
second Space while the shell flies is refused in words; the result on the screen is the
one in the database, and the plot's data came from this round's snapshots."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyglet.window import key as keys

from app.player.flights.projectile import FlightView
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow

from .harness import Frames, HostThread, join_lobby

pytestmark = pytest.mark.gui


@pytest.fixture
def host(tmp_path: Path) -> Iterator[HostThread]:
    h = HostThread(tmp_path, game="projectile_range", world="earth", round_seconds=60.0)
    try:
        yield h
    finally:
        h.close()


def press(frames: Frames, symbol: int, times: int = 1, modifiers: int = 0) -> None:
    for _ in range(times):
        frames.window.dispatch_event("on_key_press", symbol, modifiers)
        frames.window.dispatch_event("on_key_release", symbol, modifiers)
        frames.frame()
    frames.frame()  # drawn with what the keys changed


def fire_and_wait(frames: Frames, view: FlightView) -> None:
    """Space, then until the shell is down (the host's row says so)."""
    before = view.mine().fired if view.mine() is not None else 0  # type: ignore[union-attr]
    press(frames, keys.SPACE)

    def landed() -> bool:
        g = view.mine()
        return g is not None and g.fired > before and not g.flying

    frames.until(landed, 15, "the shell to land")
    frames.run_for(0.2)


def test_turn_the_dials_fire_and_read_why(host: HostThread, window: PlayerWindow) -> None:
    frames = Frames(window)
    host.start_bots(2)
    frames.until(lambda: len(host.host.players()) == 2, 10, "the bots to join")
    join_lobby(window, frames, host.address, "Sam")
    round_id = host.call(host.host.start_round(seed=7))
    frames.until(lambda: isinstance(window.screen, FlightView), 5, "the range screen")
    view = window.screen
    assert isinstance(view, FlightView)
    frames.until(window.session.can_play, 5, "the round to go active")
    frames.run_for(0.2)
    text = view.shown_text()
    assert "Projectile range: Earth" in text
    assert "targets at 40, 80, 120 m, 6 m wide · g = 9.81 m/s² · no air · 8 shots" in text
    assert "Next target: 40 m" in text and "Angle 45.0°" in text

    # too fast first: 25 m/s lands 63.7 m away, long of the 40 m target
    press(frames, keys.RIGHT, 10)
    assert view.speed == 25.0
    press(frames, keys.SPACE)
    frames.run_for(0.3)
    press(frames, keys.SPACE)  # a second shell while the first flies: refused
    assert "Wait: one shell in the air at a time." in view.shown_text()
    frames.until(lambda: view.mine() is not None and not view.mine().flying, 10, "landing")  # type: ignore[union-attr]
    frames.run_for(0.2)
    assert "Last: 23.7 m long" in view.shown_text()
    # 20 m/s: 40.8 m, a hit; 28 m/s: 79.9 m; 34.3 m/s (Shift: fine steps): 119.9 m
    press(frames, keys.LEFT, 10)
    fire_and_wait(frames, view)
    assert "Next target: 80 m" in view.shown_text()
    press(frames, keys.RIGHT, 16)
    fire_and_wait(frames, view)
    press(frames, keys.RIGHT, 12)
    press(frames, keys.RIGHT, 3, keys.MOD_SHIFT)
    assert view.speed == 34.3
    # the dials go out to the host too (the others see the barrel turn)
    frames.until(lambda: view.mine() is not None and view.mine().aim_speed == 34.3, 5, "aim")  # type: ignore[union-attr]
    press(frames, keys.SPACE)

    frames.until(lambda: isinstance(window.screen, ResultsView), 20, "the results screen")
    frames.until(lambda: window.session.round_completed, 60, "the round to complete")
    frames.run_for(0.3)
    stored = host.call(host.store.round_results(round_id))
    mine = next(f for f in stored if f.nickname == "Sam")
    result = window.session.my_result
    assert result is not None and result.success and mine.outcome == "all_hit"
    assert (result.reason, result.score, result.stars) == (mine.reason, mine.score, mine.stars)
    assert result.reason.startswith("all 3 targets hit with 4 shots")
    assert result.stars == 2  # one miss
    shown = window.screen.shown_text() if window.screen else ""
    assert mine.reason in shown and "You hit every target!" in shown
    assert "Off target (%); safe -100 to 100 shaded" in shown
    log = window.session.flight_log
    game = window.session.game
    assert log is not None and game is not None
    channels = game.channels_of(window.session.info, log.series())
    assert channels["height"].max() == pytest.approx(34.3**2 / 4 / 9.81, rel=0.03)
    assert channels["distance"].max() == pytest.approx(119.9, abs=0.2)
