"""A student joins with what the teacher's screen shows: the six-character code alone when
the class is listed on the network, or the short address with it; a wrong code or a wrong
key is said in words; closing the player and opening it again gives the seat back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import zmq
from pyglet.window import key as keys

from app.player.lan import ZeroconfBrowser
from app.player.views.find_class import FindClassView
from app.player.views.pick_character import PickCharacterView
from app.player.window import PlayerWindow

from .harness import CODE, Frames, HostThread, join_as, join_lobby, open_window

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[3]
JOIN_GOAL_S = 20.0  # from opening the player to the lobby


def pick_first_character(window: PlayerWindow, frames: Frames) -> None:
    picker = window.screen
    assert isinstance(picker, PickCharacterView), window.screen
    picker.on_key_press(keys.ENTER, 0)
    frames.until(lambda: window.screen is not None and window.screen.name == "lobby", 15, "lobby")


def find_class_text(window: PlayerWindow, frames: Frames) -> str:
    frames.frame()
    assert window.screen is not None
    return window.screen.shown_text()


@pytest.fixture
def console(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Mission Control hosting in its own process: what its start page shows."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MOONBASE_LAN_DISCOVERY="false")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.app.player.console_host", str(tmp_path / "teacher")],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout or []), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while not lines and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert lines, f"the console showed nothing (exit {proc.poll()})"
        yield json.loads(lines[0])
    finally:
        proc.stdin.close()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        reader.join(5)
        proc.stdout.close()


def test_join_by_typing_exactly_what_the_console_shows(
    console: dict[str, str], window: PlayerWindow
) -> None:
    shown = console["address"]
    assert shown.startswith("Address: ")
    address = shown.removeprefix("Address: ")
    assert "/" not in address and len(address) <= len("255.255.255.255:65535")
    frames = Frames(window)
    started = time.monotonic()
    join_as(window, frames, address, console["code"], "Sam")
    pick_first_character(window, frames)
    elapsed = time.monotonic() - started
    assert elapsed < JOIN_GOAL_S
    assert "Room 12 Science" in window.screen.shown_text()  # type: ignore[union-attr]


@pytest.fixture
def listed_host(tmp_path: Path) -> Iterator[HostThread]:
    """A host announcing its class on loopback (as on a classroom's network)."""
    h = HostThread(
        tmp_path / "host",
        lan_discovery=True,
        bind="127.0.0.1",
        port=0,
        teacher_name="Ms Okafor",
    )
    try:
        yield h
    finally:
        h.close()


def test_join_with_the_code_alone(listed_host: HostThread, tmp_path: Path) -> None:
    started = time.monotonic()
    window = open_window(tmp_path / "student", browser=ZeroconfBrowser(["127.0.0.1"]))
    try:
        frames = Frames(window)
        view = window.screen
        assert isinstance(view, FindClassView)
        frames.until(
            lambda: any(f.name == "Room 12 Science" for f in view.found), 15, "the class listed"
        )
        text = find_class_text(window, frames)
        assert "Room 12 Science" in text and "Ms Okafor" in text
        join_as(window, frames, "", CODE.lower(), "Sam")  # no address typed, nothing picked
        pick_first_character(window, frames)
        elapsed = time.monotonic() - started
        print(f"opened the player to the lobby with the code alone: {elapsed:.1f} s")
        assert elapsed < JOIN_GOAL_S
        assert [p.nickname for p in listed_host.host.players()] == ["Sam"]
        # the class stays listed while it runs (no emptying every few seconds)
        for _ in range(3):
            frames.run_for(1.0)
            assert any(f.name == "Room 12 Science" for f in window.browser.found())
    finally:
        window.close()


def test_a_wrong_code_with_the_classes_found_says_so(
    listed_host: HostThread, tmp_path: Path
) -> None:
    window = open_window(tmp_path / "student", browser=ZeroconfBrowser(["127.0.0.1"]))
    try:
        frames = Frames(window)
        view = window.screen
        assert isinstance(view, FindClassView)
        frames.until(lambda: bool(view.found), 15, "the class listed")
        join_as(window, frames, "", "ZZZZ99", "Sam")
        pick_first_character_expecting_refusal(window, frames)
        text = find_class_text(window, frames)
        assert "No class on this network has the join code ZZZZ99" in text
        assert listed_host.host.players() == []
    finally:
        window.close()


def pick_first_character_expecting_refusal(window: PlayerWindow, frames: Frames) -> None:
    picker = window.screen
    assert isinstance(picker, PickCharacterView)
    picker.on_key_press(keys.ENTER, 0)
    frames.until(lambda: "join_failed" in window.signals, 15, "the refusal")
    frames.frame()
    assert isinstance(window.screen, FindClassView)


def test_nothing_listed_and_no_address_asks_for_the_address(window: PlayerWindow) -> None:
    frames = Frames(window)
    join_as(window, frames, "", CODE, "Sam")
    view = window.screen
    assert isinstance(view, FindClassView)  # still here: nothing to join
    text = find_class_text(window, frames)
    assert "No class was found on this network yet" in text
    assert view.fields[view.field_focus].name == "address"


def test_a_wrong_key_is_said_in_words(host: HostThread, window: PlayerWindow) -> None:
    other_key = zmq.curve_keypair()[0].decode("ascii")
    frames = Frames(window)
    join_as(window, frames, f"127.0.0.1:{host.host.port}/{other_key}", CODE, "Sam")
    pick_first_character_expecting_refusal(window, frames)
    text = find_class_text(window, frames)
    assert "does not accept the key" in text
    assert "not answering" not in text
    # just the address and the code: joined
    view = window.screen
    assert isinstance(view, FindClassView)
    assert view.fields[view.field_focus].name == "address"
    view.field("address").value = host.address
    view.submit()
    pick_first_character(window, frames)


def test_a_wrong_code_at_the_address_says_so(host: HostThread, window: PlayerWindow) -> None:
    frames = Frames(window)
    join_as(window, frames, host.address, "ZZZZ99", "Sam")
    pick_first_character_expecting_refusal(window, frames)
    text = find_class_text(window, frames)
    assert f"The class at {host.address} does not have the join code ZZZZ99" in text
    view = window.screen
    assert isinstance(view, FindClassView)
    assert view.fields[view.field_focus].name == "code"  # the cursor where the fix goes


def test_close_the_player_and_open_it_again_gives_the_seat_back(
    host: HostThread, tmp_path: Path
) -> None:
    folder = tmp_path / "student"
    first = open_window(folder)
    try:
        frames = Frames(first)
        join_lobby(first, frames, host.address, "Sam")
        sam = next(p for p in host.host.players() if p.nickname == "Sam")
        seat = (sam.player_id, sam.student_id, sam.room)
    finally:
        first.close()  # sends leave: the seat and the name are free meanwhile
    deadline = time.monotonic() + 10
    while host.host.players() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert host.host.players() == []
    assert [p.nickname for p in host.do(host.host.offline)] == ["Sam"]

    again = open_window(folder)  # the same computer: its rejoin token is on disk
    try:
        frames = Frames(again)
        join_lobby(again, frames, host.address, "sam")
        back = next(p for p in host.host.players() if p.nickname == "Sam")
        assert (back.player_id, back.student_id, back.room) == seat
        assert host.do(host.host.offline) == []
    finally:
        again.close()


def test_another_computer_with_the_same_name_is_a_new_seat_after_leaving(
    host: HostThread, tmp_path: Path
) -> None:
    first = open_window(tmp_path / "pc1")
    try:
        join_lobby(first, Frames(first), host.address, "Sam")
        sam = next(p for p in host.host.players() if p.nickname == "Sam")
    finally:
        first.close()
    deadline = time.monotonic() + 10
    while host.host.players() and time.monotonic() < deadline:
        time.sleep(0.05)
    other = open_window(tmp_path / "pc2")  # no token: the name is free, the student the same
    try:
        join_lobby(other, Frames(other), host.address, "Sam")
        back = next(p for p in host.host.players() if p.nickname == "Sam")
        assert back.player_id != sam.player_id
        assert back.student_id == sam.student_id  # the same student: history and rating
    finally:
        other.close()
