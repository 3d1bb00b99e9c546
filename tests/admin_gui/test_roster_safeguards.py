"""The roster's safeguards (issue 14), against a real host on its thread and real students
over real sockets: Remove asks first and the selection stays where it was, Tab leaves the
table, students who left show as offline, and a name is reclaimed from another computer
when the teacher approves it in the console."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from admin_gui.records import KICKED, OFFLINE
from admin_gui.widgets.main_window import MainWindow
from tests.admin_gui.student import Student
from tests.admin_gui.test_console_gaps import on_host, roster_rows, start_class, student

WAIT_MS = 15_000


@pytest.fixture
def students() -> Iterator[list[Student]]:
    made: list[Student] = []
    yield made
    for s in made:
        s.close()


class Answers:
    """The teacher's answers to the console's questions, and the questions asked."""

    def __init__(self, *answers: bool) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def __call__(self, _parent: QWidget, title: str, question: str) -> bool:
        self.asked.append(f"{title}: {question}")
        return self.answers.pop(0)


def test_remove_asks_first_and_keeps_the_selection_where_it_was(
    qtbot: QtBot, console: MainWindow, students: list[Student]
) -> None:
    window = console
    info = start_class(qtbot, window)
    for name in ("Ada", "Bo", "Cy"):
        student(students, info, name).join()
    qtbot.waitUntil(lambda: len(roster_rows(window)) == 3, timeout=WAIT_MS)
    page = window.roster_page
    window.show_page(window.page_index(page))
    window.activateWindow()
    answers = Answers(False, True)
    page.confirm = answers
    page.select_nickname("Bo")
    QTest.mouseClick(page.kick_button, Qt.MouseButton.LeftButton)  # No: nothing happens
    assert len(answers.asked) == 1 and "Remove Bo from the class?" in answers.asked[0]
    qtbot.wait(300)
    assert ("Bo", "joined") in roster_rows(window)
    assert on_host(window, lambda h: h.kicked()) == []
    selected = page.selected()
    assert selected is not None and selected.nickname == "Bo"
    # the Delete key asks the same question; Yes removes, the row stays selected
    page.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table, timeout=5_000)
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(answers.asked) == 2
    qtbot.waitUntil(lambda: ("Bo", KICKED) in roster_rows(window), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.selected() is not None, timeout=WAIT_MS)
    selected = page.selected()
    assert selected is not None and (selected.nickname, selected.presence) == ("Bo", KICKED)
    assert page.lift_button.isEnabled()  # the next step is one key press away


def test_tab_leaves_the_roster_table(qtbot: QtBot, console: MainWindow) -> None:
    page = console.roster_page
    console.show_page(console.page_index(page))
    console.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table, timeout=5_000)
    QTest.keyClick(page.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not page.table


def test_a_student_who_left_shows_as_offline_and_back_when_they_return(
    qtbot: QtBot, console: MainWindow, students: list[Student]
) -> None:
    window = console
    info = start_class(qtbot, window)
    sam = student(students, info, "Sam")
    sam.join()
    qtbot.waitUntil(lambda: roster_rows(window) == [("Sam", "joined")], timeout=WAIT_MS)
    sam.leave()
    qtbot.waitUntil(lambda: roster_rows(window) == [("Sam", OFFLINE)], timeout=WAIT_MS)
    page = window.roster_page
    assert page.model.data(page.model.index(0, 2)) == "offline"
    assert "1 left the class (offline)" in page.summary.text()
    page.select_nickname("Sam")
    assert not page.kick_button.isEnabled() and not page.lift_button.isEnabled()
    sam.join()
    qtbot.waitUntil(lambda: roster_rows(window) == [("Sam", "joined")], timeout=WAIT_MS)


def test_the_teacher_lets_a_student_go_on_from_another_computer(
    qtbot: QtBot, console: MainWindow, students: list[Student]
) -> None:
    window = console
    info = start_class(qtbot, window)
    first = student(students, info, "Sam")
    first.join()
    qtbot.waitUntil(lambda: roster_rows(window) == [("Sam", "joined")], timeout=WAIT_MS)
    seat = on_host(window, lambda h: h.players()[0].player_id)

    def freeze(host: object) -> None:  # the computer froze: the host marks Sam quiet
        for player in host.players():  # type: ignore[attr-defined]
            player.connected = False

    on_host(window, freeze)
    other = student(students, info, "Sam")
    with pytest.raises(Exception, match="your teacher can let you go on"):
        other.join()
    page = window.roster_page
    qtbot.waitUntil(lambda: page.model.records()[0].reclaim, timeout=WAIT_MS)
    assert "Sam asks to go on from another computer" in page.summary.text()
    assert page.model.data(page.model.index(0, 4)) == "asks to go on from another computer"
    assert any(e.kind == "reclaim" for _n, e in window.flags_page.model.records())
    page.select_nickname("Sam")
    assert page.reclaim_button.isEnabled()
    QTest.mouseClick(page.reclaim_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: on_host(window, lambda h: bool(h.admission._approved)), timeout=WAIT_MS)
    other.join()
    qtbot.waitUntil(lambda: roster_rows(window) == [("Sam", "joined")], timeout=WAIT_MS)
    assert on_host(window, lambda h: h.players()[0].player_id) == seat
    qtbot.waitUntil(lambda: not page.model.records()[0].reclaim, timeout=WAIT_MS)
