"""Issue 8 in Mission Control, each against a real host on its thread and real students over
real sockets: the roster CSV, missing and barred students, hiding ranks, new rooms,
auto-grouping, moving by drag and drop, the class chat, solo rounds with AI pilots and the
cloud sync status."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from admin_gui.errors import LessonStateError
from admin_gui.i18n import install_language, remove_language
from admin_gui.records import BARRED, KICKED, MISSING, OFFLINE, ChatEntry, HostInfo, RoundView
from admin_gui.widgets.chat_page import ChatPage
from admin_gui.widgets.main_window import MainWindow
from admin_gui.widgets.rooms_page import RoomsPage
from admin_gui.widgets.roster_page import RosterPage
from admin_gui.widgets.start_page import StartPage
from app.config import Settings
from app.host.host import ClassHost
from app.sync.outbox import SyncStatus
from netcode.errors import JoinRefused
from tests.admin_gui.conftest import fast_settings, open_console
from tests.admin_gui.student import Student
from tests.admin_gui.swarm import BotSwarm

WAIT_MS = 15_000
T = TypeVar("T")


def start_class(qtbot: QtBot, window: MainWindow) -> HostInfo:
    with qtbot.waitSignal(window.bridge.hosting, timeout=10_000) as hosting:
        QTest.mouseClick(window.start_page.start_button, Qt.MouseButton.LeftButton)
    info = hosting.args[0]
    assert isinstance(info, HostInfo)
    return info


def on_host(window: MainWindow, fn: Callable[[ClassHost], T]) -> T:
    """``fn(host)`` evaluated on the host thread, where the host's state may be read."""
    return window.bridge.inspect(fn).result(10)


@pytest.fixture
def students() -> Iterator[list[Student]]:
    made: list[Student] = []
    yield made
    for s in made:
        s.close()


def student(made: list[Student], info: HostInfo, nickname: str) -> Student:
    s = Student(info.port, info.join_code, info.public_key, nickname)
    made.append(s)
    return s


def roster_rows(window: MainWindow) -> list[tuple[str, str]]:
    return [(e.nickname, e.presence) for e in window.roster_page.model.records()]


# -- roster -------------------------------------------------------------------------------


def test_a_roster_csv_with_bad_rows_is_refused_by_line_and_changes_nothing(
    qtbot: QtBot, console: MainWindow, tmp_path: Path, students: list[Student]
) -> None:
    window = console
    info = start_class(qtbot, window)
    page = window.roster_page
    bad = tmp_path / "bad.csv"
    bad.write_text("nickname\nAda\n\n\x07Bell\nada\n" + "x" * 20 + "\n", encoding="utf-8")
    page.choose_file = lambda _parent: str(bad)
    with qtbot.waitSignal(window.bridge.failed, timeout=WAIT_MS) as failed:
        QTest.mouseClick(page.load_button, Qt.MouseButton.LeftButton)
    message = failed.args[1]
    assert "line 4" in message and "line 5" in message and "line 6" in message
    assert "line 2:" not in message  # Ada's row is fine
    assert not page.message.isHidden() and "line 5" in page.message.text()
    assert on_host(window, lambda h: h.roster.allowed) is None  # nothing changed
    assert "anyone" in page.roster_state.text()
    # so anybody may still join
    student(students, info, "Zoe").join()
    qtbot.waitUntil(lambda: roster_rows(window) == [("Zoe", "joined")], timeout=WAIT_MS)


def test_a_good_roster_lists_who_has_not_joined_and_keeps_others_out(
    qtbot: QtBot, console: MainWindow, tmp_path: Path, students: list[Student]
) -> None:
    window = console
    info = start_class(qtbot, window)
    page = window.roster_page
    good = tmp_path / "7b.csv"
    good.write_text("nickname\nAda\nBuzz\n# a comment\nCosmo\n", encoding="utf-8")
    page.choose_file = lambda _parent: str(good)
    with qtbot.waitSignal(window.bridge.roster_loaded, timeout=WAIT_MS) as loaded:
        QTest.mouseClick(page.load_button, Qt.MouseButton.LeftButton)
    assert loaded.args == [3]
    qtbot.waitUntil(
        lambda: sorted(roster_rows(window)) == [(n, MISSING) for n in ("Ada", "Buzz", "Cosmo")],
        timeout=WAIT_MS,
    )
    assert "Not joined yet (3)" in page.missing_label.text()
    assert "3 nicknames" in page.roster_state.text()
    student(students, info, "buzz").join()  # the roster's spelling is kept
    qtbot.waitUntil(
        lambda: (
            sorted(roster_rows(window))
            == [("Ada", MISSING), ("Buzz", "joined"), ("Cosmo", MISSING)]
        ),
        timeout=WAIT_MS,
    )
    assert "Not joined yet (2): Ada, Cosmo" in page.missing_label.text()
    with pytest.raises(JoinRefused, match="not on this class's roster"):
        student(students, info, "Zed").join()
    # "Let anyone join" drops the roster: nobody is missing any more, and Zed gets in
    with qtbot.waitSignal(window.bridge.class_state_changed, timeout=WAIT_MS):
        QTest.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: roster_rows(window) == [("Buzz", "joined")], timeout=WAIT_MS)
    assert not page.missing_label.isVisible()
    student(students, info, "Zed").join()
    qtbot.waitUntil(lambda: len(roster_rows(window)) == 2, timeout=WAIT_MS)


def test_a_barred_student_is_shown_and_the_bar_can_be_lifted(
    qtbot: QtBot, console: MainWindow, students: list[Student]
) -> None:
    window = console
    info = start_class(qtbot, window)
    cheat = student(students, info, "Mallory")
    cheat.join()
    qtbot.waitUntil(lambda: roster_rows(window) == [("Mallory", "joined")], timeout=WAIT_MS)
    # malformed messages until barred: the host raises at most one flag of a kind a
    # second, and three flags in 24 hours bar the student from the lesson

    def barred() -> bool:
        if roster_rows(window) == [("Mallory", BARRED)]:
            return True
        cheat.send_garbage()
        return False

    qtbot.waitUntil(barred, timeout=WAIT_MS)
    kinds = [f.kind for _, f in window.flags_page.model.records()]
    assert kinds.count("malformed") == 3 and "barred" in kinds
    qtbot.waitUntil(lambda: any(e.code == "barred" for e in cheat.errors()), timeout=5_000)
    with pytest.raises(JoinRefused, match="barred"):
        cheat.join()
    page = window.roster_page
    page.select_nickname("Mallory")
    row = page.selected()
    assert row is not None and row.presence == BARRED
    assert page.lift_button.isEnabled() and not page.kick_button.isEnabled()
    assert page.model.data(page.model.index(0, 4)) == "barred from this lesson"
    QTest.mouseClick(page.lift_button, Qt.MouseButton.LeftButton)
    # no longer barred: listed as a student who is not in the class now
    qtbot.waitUntil(lambda: roster_rows(window) == [("Mallory", OFFLINE)], timeout=WAIT_MS)
    assert on_host(window, lambda h: h.barred()) == set()
    cheat.join()  # welcome back
    qtbot.waitUntil(lambda: roster_rows(window) == [("Mallory", "joined")], timeout=WAIT_MS)


def test_a_removed_student_is_listed_and_can_be_let_back_in(
    qtbot: QtBot, console: MainWindow, students: list[Student]
) -> None:
    window = console
    info = start_class(qtbot, window)
    sam = student(students, info, "Sam")
    sam.join()
    qtbot.waitUntil(lambda: roster_rows(window) == [("Sam", "joined")], timeout=WAIT_MS)
    page = window.roster_page
    page.select_nickname("Sam")
    page.confirm = lambda _parent, _title, _question: True  # the teacher answers Yes
    QTest.mouseClick(page.kick_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: roster_rows(window) == [("Sam", KICKED)], timeout=WAIT_MS)
    with pytest.raises(JoinRefused, match=r"removed|kicked"):
        sam.join()  # the teacher's removal holds for the lesson
    page.select_nickname("Sam")
    assert page.lift_button.isEnabled() and page.lift_button.text() == "Let back &in"
    assert page.model.data(page.model.index(0, 2)) == "removed"
    QTest.mouseClick(page.lift_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: roster_rows(window) == [("Sam", OFFLINE)], timeout=WAIT_MS)
    assert on_host(window, lambda h: h.kicked()) == []
    sam.join()  # welcome back, on a new seat
    qtbot.waitUntil(lambda: roster_rows(window) == [("Sam", "joined")], timeout=WAIT_MS)


def test_the_roster_shows_each_students_ping(
    qtbot: QtBot, console: MainWindow, students: list[Student]
) -> None:
    window = console
    info = start_class(qtbot, window)
    student(students, info, "Ada").join()
    page = window.roster_page

    def connection() -> str:
        rows = page.model.records()
        return str(page.model.data(page.model.index(0, 2))) if rows else ""

    # the player reports its RTT in its pings (one a second) once it has measured one
    qtbot.waitUntil(lambda: connection().startswith("ping "), timeout=WAIT_MS)
    reported = on_host(window, lambda h: h.ping_ms(h.players()[0].player_id))
    assert reported is not None and 0 <= reported < 1000
    assert connection().endswith(" ms")


def test_hide_ranks_toggle_reaches_the_host(qtbot: QtBot, console: MainWindow) -> None:
    window = console
    start_class(qtbot, window)
    box = window.roster_page.hide_ranks
    assert box.isEnabled() and not box.isChecked()
    with qtbot.waitSignal(
        window.bridge.class_state_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda state: state.hide_ranks,
    ):
        box.click()
    assert on_host(window, lambda h: h.hide_ranks) is True
    with qtbot.waitSignal(
        window.bridge.class_state_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda state: not state.hide_ranks,
    ):
        box.click()
    assert on_host(window, lambda h: h.hide_ranks) is False
    assert not box.isChecked()


# -- rooms --------------------------------------------------------------------------------


def drop_on(card: QWidget, mime: QMimeData) -> None:
    """Deliver a drag of ``mime`` onto ``card`` the way Qt does: enter, then drop."""
    centre = card.rect().center()
    actions = Qt.DropAction.MoveAction
    enter = QDragEnterEvent(
        QPoint(centre), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(card, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(centre),
        actions,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(card, drop)
    assert drop.isAccepted()


def room_of(window: MainWindow, nickname: str) -> str | None:
    rows = window.roster_page.model.records()
    return next((e.room for e in rows if e.nickname == nickname), None)


def test_new_room_drag_and_drop_and_auto_group(
    qtbot: QtBot, console: MainWindow, students: list[Student]
) -> None:
    window = console
    info = start_class(qtbot, window)
    for name in ("Ada", "Buzz", "Cosmo"):
        student(students, info, name).join()
    qtbot.waitUntil(
        lambda: [room_of(window, n) for n in ("Ada", "Buzz", "Cosmo")] == ["A"] * 3,
        timeout=WAIT_MS,
    )
    page = window.rooms_page
    assert page.new_room_button.isEnabled() and page.group_button.isEnabled()
    QTest.mouseClick(page.new_room_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "B" in page.cards, timeout=WAIT_MS)
    assert on_host(window, lambda h: sorted(h.rooms)) == ["A", "B"]
    room_a, room_b = page.cards["A"], page.cards["B"]
    assert sorted(room_a.members.nicknames()) == ["Ada", "Buzz", "Cosmo"]

    # drag Buzz from room A's list onto room B's card
    item = next(
        room_a.members.item(i)
        for i in range(room_a.members.count())
        if room_a.members.item(i).text() == "Buzz"
    )
    drop_on(room_b, room_a.members.mimeData([item]))
    qtbot.waitUntil(lambda: room_of(window, "Buzz") == "B", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: room_b.members.nicknames() == ["Buzz"], timeout=WAIT_MS)
    buzz = next(e.player_id for e in window.roster_page.model.records() if e.nickname == "Buzz")
    assert on_host(window, lambda h: h.room_of(buzz)) == "B"
    # a card does not take its own member back
    own = room_b.members.mimeData([room_b.members.item(0)])  # held: the event only points to it
    again = QDragEnterEvent(
        QPoint(1, 1),
        Qt.DropAction.MoveAction,
        own,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(room_b, again)
    assert not again.isAccepted()

    # drag Ada back to the lobby
    ada_item = next(
        room_a.members.item(i)
        for i in range(room_a.members.count())
        if room_a.members.item(i).text() == "Ada"
    )
    drop_on(page.cards[""], room_a.members.mimeData([ada_item]))
    qtbot.waitUntil(lambda: room_of(window, "Ada") == "", timeout=WAIT_MS)
    assert page.cards[""].members.nicknames() == ["Ada"]

    # auto-group: everyone not flying is regrouped by rating into new rooms
    with qtbot.waitSignal(window.bridge.grouped, timeout=WAIT_MS) as grouped:
        QTest.mouseClick(page.group_button, Qt.MouseButton.LeftButton)
    groups = grouped.args[0]
    assert sorted(n for names in groups.values() for n in names) == ["Ada", "Buzz", "Cosmo"]
    assert list(groups) == ["A"]  # three students fit one room
    qtbot.waitUntil(
        lambda: [room_of(window, n) for n in ("Ada", "Buzz", "Cosmo")] == ["A"] * 3,
        timeout=WAIT_MS,
    )
    assert on_host(window, lambda h: sorted(h.rooms)) == ["A"]
    qtbot.waitUntil(lambda: "B" not in page.cards, timeout=WAIT_MS)


# -- chat ---------------------------------------------------------------------------------


def test_the_teacher_reads_each_rooms_chat_and_writes_to_a_room(
    qtbot: QtBot, console: MainWindow, students: list[Student]
) -> None:
    window = console
    info = start_class(qtbot, window)
    ada, buzz = student(students, info, "Ada"), student(students, info, "Buzz")
    ada.join()
    buzz.join()
    qtbot.waitUntil(lambda: room_of(window, "Buzz") == "A", timeout=WAIT_MS)
    page = window.chat_page
    buzz_id = next(e.player_id for e in window.roster_page.model.records() if e.nickname == "Buzz")
    window.bridge.move(buzz_id, "B")
    qtbot.waitUntil(lambda: page.to_box.findData("B") >= 0, timeout=WAIT_MS)

    heard: list[ChatEntry] = []
    window.bridge.chat_received.connect(heard.append)
    ada.chat("hello from A")
    buzz.chat("hi from B")
    qtbot.waitUntil(lambda: len(heard) == 2, timeout=WAIT_MS)
    assert {(e.room, e.sender, e.text) for e in heard} == {
        ("A", "Ada", "hello from A"),
        ("B", "Buzz", "hi from B"),
    }
    assert any("[room A]  Ada: hello from A" in line for line in page.shown_lines())
    page.show_box.setCurrentIndex(page.show_box.findData("B"))
    assert [line.split("  ", 1)[1] for line in page.shown_lines()] == ["[room B]  Buzz: hi from B"]

    # the teacher writes to room A only
    page.to_box.setCurrentIndex(page.to_box.findData("A"))
    QTest.keyClicks(page.line, "Land gently, please")
    assert page.send_button.isEnabled()
    with qtbot.waitSignal(
        window.bridge.chat_received, timeout=WAIT_MS, check_params_cb=lambda e: e.teacher
    ):
        QTest.mouseClick(page.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            [(m.sender, m.text) for m in ada.chats()][-1:] == [("Teacher", "Land gently, please")]
        ),
        timeout=WAIT_MS,
    )
    assert page.line.text() == ""
    assert not [m for m in buzz.chats() if m.sender == "Teacher"]  # room B did not get it
    page.show_box.setCurrentIndex(page.show_box.findData("A"))
    assert page.shown_lines()[-1].endswith("[room A]  Teacher: Land gently, please")


def test_a_filtered_chat_line_is_reported_in_the_flags_list(
    qtbot: QtBot, console: MainWindow, students: list[Student]
) -> None:
    window = console
    info = start_class(qtbot, window)
    ada = student(students, info, "Ada")
    ada.join()
    qtbot.waitUntil(lambda: room_of(window, "Ada") == "A", timeout=WAIT_MS)
    ada.chat("nice landing")  # a clean line is no report
    ada.chat("you shit pilots")
    flags = window.flags_page.model

    def reports() -> list[tuple[str, str, str]]:
        return [(f.nickname, f.kind, f.action) for _, f in flags.records() if f.kind == "chat"]

    qtbot.waitUntil(lambda: len(reports()) == 1, timeout=WAIT_MS)
    nickname, _, action = reports()[0]
    assert nickname == "Ada" and "chat filter" in action
    detail = next(f.detail for _, f in flags.records() if f.kind == "chat")
    assert "shit" not in detail and detail.startswith("you ")


# -- start page ---------------------------------------------------------------------------


def test_a_solo_class_with_ai_pilots(qtbot: QtBot, console: MainWindow) -> None:
    window = console
    page = window.start_page
    assert not page.ai_pilots.isEnabled()  # competitive is the default
    page.mode.setCurrentIndex(page.mode.findData("solo"))
    assert page.ai_pilots.isEnabled()
    page.ai_pilots.setValue(2)
    info = start_class(qtbot, window)
    assert info.mode == "solo"
    assert not page.ai_pilots.isEnabled()
    swarm = BotSwarm(info.port, info.join_code, 1, key=info.public_key, timeout=30.0).start()
    qtbot.waitUntil(window.start_round_action.isEnabled, timeout=WAIT_MS)
    with qtbot.waitSignal(window.bridge.round_started, timeout=WAIT_MS) as started:
        window.start_round_action.trigger()
    view = started.args[0]
    assert isinstance(view, RoundView)
    assert sorted(view.names.values()) == ["AI 1", "AI 2", "Ada"]
    watch = window.watch_page.view
    qtbot.waitUntil(lambda: sorted(watch.names_shown()) == ["AI 1", "AI 2", "Ada"], timeout=WAIT_MS)
    rid = view.round_id
    assert on_host(window, lambda h: sorted(h.rooms["A"].ai_names.values())) == ["AI 1", "AI 2"]
    with qtbot.waitSignal(window.bridge.round_completed, timeout=30_000) as done:
        pass
    assert done.args[0] == rid
    swarm.join(timeout=30)


# -- status bar ---------------------------------------------------------------------------


def test_status_bar_says_cloud_sync_is_off(qtbot: QtBot, console: MainWindow) -> None:
    window = console
    assert window.sync_label.text() == ""
    with qtbot.waitSignal(window.bridge.sync_changed, timeout=WAIT_MS) as changed:
        start_class(qtbot, window)
    assert changed.args == [None]
    assert window.sync_label.text() == "cloud sync off"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_status_bar_shows_pending_results_and_the_last_sync_error(
    qtbot: QtBot, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{closed_port()}"  # nothing listens: every send fails
    settings = dataclasses.replace(
        fast_settings(tmp_path / "data"), cloud_url=url, cloud_key="tenant_1_secret"
    )
    statuses: list[SyncStatus | None] = []
    with open_console(qtbot, settings, tmp_path / "moonbase.toml") as window:
        window.bridge.sync_changed.connect(statuses.append)
        info = start_class(qtbot, window)
        qtbot.waitUntil(lambda: bool(statuses), timeout=WAIT_MS)
        first = statuses[0]
        assert first is not None and first.enabled and first.pending == 0
        qtbot.waitUntil(lambda: "Cloud sync: 0 waiting" in window.sync_label.text(), timeout=5_000)
        swarm = BotSwarm(info.port, info.join_code, 1, key=info.public_key, timeout=30.0).start()
        qtbot.waitUntil(window.start_round_action.isEnabled, timeout=WAIT_MS)
        window.start_round_action.trigger()
        # the round's result goes to the outbox; the host's sync pass fails and says so
        # (the first pass, with nothing to send, already found the cloud unreachable)
        qtbot.waitUntil(
            lambda: any(s is not None and s.last_error and s.pending for s in statuses),
            timeout=40_000,
        )
        failing = next(s for s in statuses if s is not None and s.last_error and s.pending)
        assert failing.pending == 1 and failing.consecutive_failures >= 1
        assert "cloud not reachable" in (failing.last_error or "")
        qtbot.waitUntil(lambda: "failing" in window.sync_label.text(), timeout=5_000)
        assert "Cloud sync: 1 waiting" in window.sync_label.text()
        assert "cloud not reachable" in window.sync_label.toolTip()
        # no token from the cloud yet (and no key pinned to check one): the Free plan, and why
        assert "; plan Free" in window.sync_label.text()
        assert "features fall back to Free" in window.sync_label.toolTip()
        swarm.join(timeout=30)


def test_inspect_without_a_class_says_so(qtbot: QtBot, console: MainWindow) -> None:
    future = console.bridge.inspect(lambda h: isinstance(h, ClassHost))
    with pytest.raises(LessonStateError, match="no class"):
        future.result(5)


def test_the_new_controls_are_translated_to_german(qtbot: QtBot, qapp: QApplication) -> None:
    translators = install_language(qapp, "de")
    try:
        roster = RosterPage()
        chat = ChatPage()
        rooms = RoomsPage()
        start = StartPage(Settings())
        for w in (roster, chat, rooms, start):
            qtbot.addWidget(w)
        assert roster.load_button.text() == "Teilnehmerliste (CSV) &laden…"
        assert roster.hide_ranks.text() == "Ränge bis Rundenende &verbergen"
        assert roster.lift_button.text() == "Sperre auf&heben"
        assert chat.send_button.text() == "&Senden"
        assert rooms.group_button.text() == "Nach Wertung &gruppieren"
        assert start.ai_pilots.accessibleName() == "KI-Piloten"
    finally:
        remove_language(qapp, translators)
