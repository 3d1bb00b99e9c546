"""One student's data from the console (COPPA/GDPR, issue 14), on a real database file read
and written on the host thread: History exports everything kept about the student of a
result as JSON (the save dialog opens in Documents) and erases the student after asking;
the erasure waits for the cloud's next sync; a student in the hosted class is not erased."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from admin_gui.dialogs.save_path import documents_folder, suggested_path
from admin_gui.widgets.main_window import MainWindow
from app.store.files import DB_NAME
from tests.admin_gui.student import Student
from tests.admin_gui.test_console_gaps import on_host, start_class, student
from tests.admin_gui.test_history import seed
from tests.admin_gui.test_roster_safeguards import Answers

WAIT_MS = 15_000


@pytest.fixture
def students() -> Iterator[list[Student]]:
    made: list[Student] = []
    yield made
    for s in made:
        s.close()


class Paths:
    def __init__(self, answer: Path) -> None:
        self.answer = answer
        self.suggested: list[str] = []

    def __call__(self, _parent: QWidget, suggested: str) -> str:
        self.suggested.append(suggested)
        return str(self.answer)


def test_save_dialogs_start_in_documents() -> None:
    assert suggested_path("round-3-results.csv") == documents_folder() / "round-3-results.csv"
    assert documents_folder().name == "Documents" or documents_folder() == Path.home()
    kept = Path("/somewhere/else.csv")
    assert suggested_path(str(kept)) == kept


def test_export_then_erase_a_student_from_history(
    qtbot: QtBot, console: MainWindow, tmp_path: Path
) -> None:
    database = tmp_path / "data" / DB_NAME
    database.parent.mkdir(parents=True, exist_ok=True)
    asyncio.run(seed(database))
    window = console
    page = window.history_page
    paths = Paths(tmp_path / "bo.json")
    answers = Answers(False, True)
    page.choose_path, page.confirm = paths, answers
    assert not page.export_student_button.isEnabled()  # nothing chosen yet
    window.show_page(window.page_index(page))
    qtbot.waitUntil(lambda: len(page.shown_lessons()) == 3, timeout=WAIT_MS)
    first = next(lesson for lesson in page.shown_lessons() if lesson.join_code == "K7M2QX")
    page.select_lesson(first.id)
    qtbot.waitUntil(lambda: len(page.shown_flights()) == 3, timeout=WAIT_MS)
    assert page.select_student("Bo")
    assert page.export_student_button.isEnabled() and page.erase_student_button.isEnabled()

    QTest.mouseClick(page.export_student_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "saved in" in page.status.text(), timeout=WAIT_MS)
    assert paths.suggested[0].endswith("-Bo.json")
    data = json.loads(paths.answer.read_text(encoding="utf-8"))
    assert data["student"]["nickname"] == "Bo"
    assert sorted(f["score"] for f in data["flights"]) == [0, 910]

    QTest.mouseClick(page.erase_student_button, Qt.MouseButton.LeftButton)  # No
    assert "Erase Bo and everything kept about them" in answers.asked[0]
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM students WHERE nickname = 'Bo'").fetchone()[0]
    page.select_student("Bo")
    QTest.mouseClick(page.erase_student_button, Qt.MouseButton.LeftButton)  # Yes
    qtbot.waitUntil(lambda: "erased here with 2 results" in page.status.text(), timeout=WAIT_MS)
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM students WHERE nickname = 'Bo'").fetchone()[0] == 0
        pending = db.execute("SELECT student_id FROM erasures WHERE sent_at IS NULL").fetchall()
    assert len(pending) == 1  # waits for the next cloud sync
    qtbot.waitUntil(
        lambda: sorted(f.nickname for f in page.shown_flights()) == ["Ada", "Cy"], timeout=WAIT_MS
    )


def test_a_student_in_the_hosted_class_is_not_erased(
    qtbot: QtBot, console: MainWindow, students: list[Student]
) -> None:
    window = console
    info = start_class(qtbot, window)
    student(students, info, "Ada").join()
    qtbot.waitUntil(lambda: len(window.roster_page.model.records()) == 1, timeout=WAIT_MS)
    ada = on_host(window, lambda h: h.players()[0].student_id)
    assert ada is not None
    with qtbot.waitSignal(window.bridge.failed, timeout=WAIT_MS) as failed:
        window.bridge.erase_student(ada, "Ada")
    assert failed.args[0] == "erase Ada"
    assert "in the class you are hosting" in failed.args[1]
    with sqlite3.connect(info.database) as db:
        assert db.execute("SELECT count(*) FROM students WHERE id = ?", (ada,)).fetchone()[0]
