"""A student plays a round end to end: real window (Xvfb), real host with bots, real SQLite."""

from __future__ import annotations

import pytest
from pyglet.window import key as keys

from app.player.flights.lander import FlightView
from app.player.views.find_class import FindClassView
from app.player.views.pick_character import PickCharacterView
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow
from game.lander import LanderStatus
from game.lander.definition import state_of

from .harness import CODE, Frames, HostThread, join_as

pytestmark = pytest.mark.gui


def test_join_fly_and_read_why(host: HostThread, window: PlayerWindow) -> None:
    frames = Frames(window)
    host.start_bots(2)
    frames.until(lambda: len(host.host.players()) == 2, 10, "the bots to join")

    join_as(window, frames, host.address, CODE.lower(), "Sam")
    picker = window.screen
    assert isinstance(picker, PickCharacterView)
    for _ in range(3):
        picker.on_key_press(keys.RIGHT, 0)
    picker.on_key_press(keys.ENTER, 0)
    frames.until(lambda: window.screen is not None and window.screen.name == "lobby", 10, "lobby")
    frames.until(lambda: len(window.session.members) == 3, 5, "three members in the lobby")
    lobby_text = window.screen.shown_text() if window.screen else ""
    assert "Sam (you)" in lobby_text and "Room 12 Science" in lobby_text
    me = next(p for p in host.host.players() if p.nickname == "Sam")
    assert me.character == 3

    round_id = host.call(host.host.start_round(seed=7))
    frames.until(lambda: isinstance(window.screen, FlightView), 5, "the flight screen")
    flight = window.screen
    assert isinstance(flight, FlightView)
    frames.until(window.session.can_fly, 5, "the round to go active")

    # scripted inputs: full thrust for 8 inputs (a held key is sent when it changes and
    # then every 200 ms: 1.4 s at least), then let go and fall
    window.held_keys.add(keys.UP)
    frames.until(lambda: flight.inputs_sent >= 8, 10, "8 thrust inputs")
    window.held_keys.discard(keys.UP)
    own = window.session.own_snapshot
    assert own is not None and state_of(own).throttle > 0.5, "the host applied the thrust"

    frames.until(lambda: isinstance(window.screen, ResultsView), 20, "the results screen")
    frames.until(lambda: window.session.round_completed, 30, "the round to complete")
    frames.run_for(0.2)  # draw the final board

    stored = host.call(host.store.round_results(round_id))
    mine = next(f for f in stored if f.nickname == "Sam")
    result = window.session.my_result
    assert result is not None
    assert (result.outcome, result.reason, result.score) == (mine.outcome, mine.reason, mine.score)
    text = window.screen.shown_text() if window.screen else ""
    assert mine.reason in text
    best = max(f.score for f in stored)
    leaders = {f.nickname for f in stored if f.score == best}  # ties share first place
    assert any(f"1. {name} " in text for name in leaders), text
    board = {r.nickname: r.score for r in window.session.room_board}
    assert board == {f.nickname: f.score for f in stored}
    # the plot's data came from the host's snapshots of this flight
    log = window.session.flight_log
    assert log is not None and len(log) > 20
    game = window.session.game
    assert game is not None
    altitude = game.channels_of(window.session.info, log.series())["altitude"]
    assert altitude[0] > 50.0
    if mine.outcome != "timed_out":
        assert altitude[-1] < 3.0
    assert window.session.own_snapshot is not None
    assert state_of(window.session.own_snapshot).status is not LanderStatus.FLYING
    # prediction stayed close to the host (a LAN: corrections are small)
    pred = window.session.prediction
    assert pred is not None and pred.predictor.snaps <= 2


def test_wrong_code_is_said_in_plain_words(host: HostThread, window: PlayerWindow) -> None:
    frames = Frames(window)
    join_as(window, frames, host.address, "ZZZZ99", "Sam")
    picker = window.screen
    assert isinstance(picker, PickCharacterView)
    picker.on_key_press(keys.ENTER, 0)
    frames.until(lambda: "join_failed" in window.signals, 10, "the refusal")
    frames.frame()
    assert isinstance(window.screen, FindClassView)
    assert "does not have the join code ZZZZ99" in window.screen.shown_text()


def test_unreachable_and_bad_address(window: PlayerWindow) -> None:
    frames = Frames(window)
    join_as(window, frames, "no-port-here", "ABC", "Sam")
    view = window.screen
    assert isinstance(view, FindClassView)
    frames.frame()
    assert "has no port" in view.shown_text()
    view.field("address").value = "127.0.0.1:9"  # nothing listens on the discard port
    view.submit()
    picker = window.screen
    assert isinstance(picker, PickCharacterView)
    picker.on_key_press(keys.ENTER, 0)
    frames.until(lambda: "join_failed" in window.signals, 10, "the timeout")
    frames.frame()
    assert window.screen is not None
    assert "Nothing answers at 127.0.0.1:9" in window.screen.shown_text()
