"""The lobby and results screens against a real host: a muted student sees it, and "fly
again" opens when the teacher starts the next round. Real window (Xvfb), real host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyglet.window import key as keys

from app.player.flights.lander import FlightView
from app.player.views.lobby import LobbyView
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow
from game.lander import DT

from .harness import Frames, HostThread, join_lobby

pytestmark = pytest.mark.gui


@pytest.fixture
def host(tmp_path: Path) -> Iterator[HostThread]:
    h = HostThread(tmp_path, round_seconds=3.0, countdown_seconds=3.0)
    try:
        yield h
    finally:
        h.close()


def say(lobby: LobbyView, text: str) -> None:
    """Enter to type, the text, Enter to send: as a student does it."""
    lobby.on_key_press(keys.ENTER, 0)
    lobby.on_text(text)
    lobby.on_key_press(keys.ENTER, 0)


def test_a_muted_student_sees_it_in_the_lobby_chat(host: HostThread, window: PlayerWindow) -> None:
    frames = Frames(window)
    join_lobby(window, frames, host.address, "Sam")
    lobby = window.screen
    assert isinstance(lobby, LobbyView)
    me = window.session.player_id
    say(lobby, "hello class")
    frames.until(lambda: any(c.text == "hello class" for c in window.session.chat), 5, "echo")
    frames.frame()
    assert "Sam: hello class" in lobby.shown_text()
    assert "MUTED" not in {t.text for t in lobby.labels.visible().values()}

    host.do(host.host.mute, me)
    say(lobby, "can you hear me")
    frames.until(lambda: window.session.muted, 5, "the host's muted answer")
    frames.run_for(0.1)
    visible = {name: t.text for name, t in lobby.labels.visible().items()}
    assert visible["muted"] == "MUTED"
    assert "Your teacher muted you: your messages are not sent." in visible.values()
    assert visible["field-label:chat"].startswith("Muted by your teacher")
    assert all(c.text != "can you hear me" for c in window.session.chat), "not delivered"

    host.do(host.host.unmute, me)
    say(lobby, "back again")
    frames.until(lambda: not window.session.muted, 5, "my line to come back")
    frames.run_for(0.1)
    visible = {name: t.text for name, t in lobby.labels.visible().items()}
    assert "muted" not in visible
    assert "You can chat again." in visible.values() and "Sam: back again" in visible.values()


def test_fly_again_opens_when_the_teacher_starts_the_next_round(
    host: HostThread, window: PlayerWindow
) -> None:
    frames = Frames(window)
    join_lobby(window, frames, host.address, "Sam")
    first = host.call(host.host.start_round(seed=5))
    frames.until(lambda: isinstance(window.screen, ResultsView), 20, "the results screen")
    results = window.screen
    assert isinstance(results, ResultsView)
    frames.until(lambda: window.session.round_completed, 10, "the round to complete")
    frames.run_for(0.1)
    button = results.button("fly_again")
    assert button is not None and not button.enabled
    assert "Waits for your teacher's next round" in results.shown_text()
    results.on_key_press(keys.ENTER, 0)
    frames.frame()
    assert window.screen is results, "the button does nothing before the teacher allows"
    shown_result = results.result
    assert shown_result is not None
    board_text = [t.text for n, t in results.labels.visible().items() if n.startswith("room-")]

    second = host.call(host.host.start_round(seed=6))
    assert second != first
    frames.until(lambda: button.enabled, 5, "the fly-again button to open")
    # the screen still reports the first flight while the next round counts down
    assert results.result is shown_result
    frames.frame()
    assert board_text == [
        t.text for n, t in results.labels.visible().items() if n.startswith("room-")
    ]
    assert "Waits for your teacher's next round" not in {
        t.text for t in results.labels.visible().values()
    }
    results.on_key_press(keys.ENTER, 0)
    assert isinstance(window.screen, FlightView)
    assert window.session.countdown_left() > 0, "the student went in during the countdown"
    frames.until(lambda: isinstance(window.screen, ResultsView), 20, "the second results")
    frames.until(lambda: window.session.round_completed, 10, "the second round to complete")
    frames.run_for(0.1)
    rows = window.session.class_board()
    assert [(r.nickname, r.flights) for r in rows] == [("Sam", 2)]
    second_result = window.session.my_result
    assert second_result is not None and second_result.time_s <= 3.0 + DT


def test_after_a_round_a_hint_then_back_to_the_lobby_to_chat(
    host: HostThread, window: PlayerWindow
) -> None:
    frames = Frames(window)
    join_lobby(window, frames, host.address, "Sam")
    host.call(host.host.start_round(seed=5))
    frames.until(lambda: isinstance(window.screen, ResultsView), 20, "the results screen")
    results = window.screen
    assert isinstance(results, ResultsView)
    frames.until(lambda: window.session.round_completed, 10, "the round to complete")
    frames.run_for(0.1)
    visible = {name: t.text for name, t in results.labels.visible().items()}
    # Sam never touched the engine: the hint says what to do, the board has no ASCII stars
    assert visible["hint"] == "Try this: Hold UP to fire the engine: its thrust slows your fall."
    assert not any("*" in text for name, text in visible.items() if name.startswith("room-"))

    results.on_key_press(keys.L, 0)  # the lobby, to chat between rounds
    lobby = window.screen
    assert isinstance(lobby, LobbyView)
    say(lobby, "that was hard")
    frames.until(lambda: any(c.text == "that was hard" for c in window.session.chat), 5, "chat")
    host.call(host.host.start_round(seed=6))
    frames.until(lambda: isinstance(window.screen, FlightView), 10, "the next flight")
