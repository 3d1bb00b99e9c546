"""A student writes a rover program end to end: real window (Xvfb), real host with bots,
real SQLite. The program is typed with the keys (blocks, counts, the cursor), a bad edit
is refused on the screen, the run is shown step by step, the result on the screen is the
one in the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyglet.window import key as keys

from app.player.flights.rover import FlightView
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow
from game.rover import parse

from .harness import Frames, HostThread, join_lobby

pytestmark = pytest.mark.gui


@pytest.fixture
def host(tmp_path: Path) -> Iterator[HostThread]:
    h = HostThread(tmp_path, game="rover_program", world="corner", round_seconds=60.0)
    try:
        yield h
    finally:
        h.close()


def press(frames: Frames, symbol: int, modifiers: int = 0) -> None:
    frames.window.dispatch_event("on_key_press", symbol, modifiers)
    frames.window.dispatch_event("on_key_release", symbol, modifiers)
    frames.frame()


def test_type_a_program_run_it_and_read_why(host: HostThread, window: PlayerWindow) -> None:
    frames = Frames(window)
    host.start_bots(2)
    frames.until(lambda: len(host.host.players()) == 2, 10, "the bots to join")
    join_lobby(window, frames, host.address, "Sam")
    round_id = host.call(host.host.start_round(seed=7))
    frames.until(lambda: isinstance(window.screen, FlightView), 5, "the rover screen")
    view = window.screen
    assert isinstance(view, FlightView)
    frames.until(window.session.can_play, 5, "the round to go active")
    frames.run_for(0.2)
    text = view.shown_text()
    assert "Rover program: Corner" in text
    assert "block limit 10 · step limit 40" in text and "Program · 0 of 10 blocks" in text

    press(frames, keys.DELETE)  # nothing to delete: refused here, nothing sent
    assert "the program is empty" in view.note and view.inputs_sent == 0
    # repeat 2 { repeat 3 { move } left }: counts first, then the blocks at the cursor
    press(frames, keys._2)
    press(frames, keys.P)
    press(frames, keys._3)
    press(frames, keys.P)
    press(frames, keys.M)
    press(frames, keys.DOWN)
    press(frames, keys.L)
    want = parse("repeat 2 { repeat 3 { move } left }")
    assert view.tokens() == want
    frames.until(lambda: view.host_tokens() == want, 10, "the host to have the program")
    frames.run_for(0.1)
    assert "Program · 4 of 10 blocks" in view.shown_text()
    assert "repeat 3 {" in view.shown_text() and "turn left" in view.shown_text()

    press(frames, keys.ENTER)
    frames.until(view.running, 5, "the run to start")
    frames.until(lambda: view.value("step") >= 3, 5, "three steps shown")
    assert "Rover running" in view.shown_text()
    assert view.trace is not None and view.trace.steps == 7

    frames.until(lambda: isinstance(window.screen, ResultsView), 20, "the results screen")
    frames.until(lambda: window.session.round_completed, 60, "the round to complete")
    frames.run_for(0.3)
    stored = host.call(host.store.round_results(round_id))
    mine = next(f for f in stored if f.nickname == "Sam")
    result = window.session.my_result
    assert result is not None and result.success and mine.outcome == "reached"
    assert (result.reason, result.score, result.stars) == (mine.reason, mine.score, mine.stars)
    assert result.reason == "4 blocks (shortest 4), 7 steps, no bumps"
    assert result.stars == 3
    shown = window.screen.shown_text() if window.screen else ""
    assert mine.reason in shown and "You reached!" in shown
    log = window.session.flight_log
    game = window.session.game
    assert log is not None and game is not None
    channels = game.channels_of(window.session.info, log.series())
    assert channels["distance"].max() == 6 and channels["distance"][-1] == 0


def test_an_edit_refused_by_the_block_limit_says_so(host: HostThread, window: PlayerWindow) -> None:
    frames = Frames(window)
    join_lobby(window, frames, host.address, "Sam")
    host.call(host.host.start_round(seed=3, knobs={"max_blocks": 2}))
    frames.until(lambda: isinstance(window.screen, FlightView), 5, "the rover screen")
    view = window.screen
    assert isinstance(view, FlightView)
    frames.until(window.session.can_play, 5, "the round to go active")
    press(frames, keys.M)
    press(frames, keys.M)
    press(frames, keys.M)
    assert "the program already has 2 blocks, the limit" in view.note
    frames.until(lambda: len(view.host_tokens()) == 2, 10, "two moves at the host")
    press(frames, keys.ENTER)
    frames.until(lambda: view.value("runs") == 1 and not view.running(), 10, "the run")
    frames.run_for(0.2)
    assert "Rover writing" in view.shown_text()
    assert window.session.my_result is None  # a missed run: back to the editor
