"""The History screen: past lessons read from the real database on the host thread, found
by class name, join code and date; a lesson's rounds and results. One test over a seeded
file, one after a real lesson flown by bots over real sockets."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from admin_gui.records import HistoryQuery
from admin_gui.widgets.history_page import HistoryPage
from admin_gui.widgets.main_window import MainWindow
from app.store import FlightRecord, LessonInfo, Store
from app.store.files import DB_NAME
from tests.admin_gui.swarm import BotSwarm
from tests.admin_gui.test_lesson import db_rows, start_class

NOON = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)  # noon UTC: the same day in most zones


def _flight(round_id: int, student_id: int, score: int) -> FlightRecord:
    return FlightRecord(
        round_id=round_id,
        student_id=student_id,
        game="lander",
        world="moon",
        outcome="landed" if score else "crashed",
        reason_code="ok" if score else "too_fast",
        reason="" if score else "touched down at 4.2 m/s (limit 2.0)",
        score=score,
        stars=2 if score else 0,
        breakdown={"base": 100},
        flight_time_s=30.5,
        fuel_used=12.0,
        params={"overrides": {"gravity": 3.24}},
        telemetry=b"",
    )


async def seed(path: Path) -> dict[str, int]:
    """Three lessons on three days; the first has two rounds flown by three students."""
    async with await Store.open(path) as store:
        physics = await store.create_class("Year 7 Physics", "K7M2QX", now=NOON)
        first = await store.start_lesson(physics, "K7M2QX", now=NOON)
        kids = [await store.add_student(physics, n) for n in ("Ada", "Bo", "Cy")]
        for n, scores in enumerate(([640, 910, 0], [700, 0, 820])):
            at = NOON + timedelta(minutes=15 * (n + 1))
            rid = await store.create_round(
                physics,
                game="lander",
                world="moon",
                mode="competitive",
                seed=n,
                room="A",
                params={"overrides": {"gravity": 3.24}},
                now=at,
                lesson_id=first,
            )
            await store.record_flights(
                [_flight(rid, k, s) for k, s in zip(kids, scores, strict=True)], now=at
            )
            await store.finish_round(rid, now=at + timedelta(minutes=5))
        await store.end_lesson(first, now=NOON + timedelta(hours=1))
        chem = await store.create_class("8C Chemistry", "ABC123", now=NOON)
        second = await store.start_lesson(chem, "ABC123", now=NOON + timedelta(days=2))
        await store.end_lesson(second, now=NOON + timedelta(days=2, minutes=45))
        third = await store.start_lesson(physics, "Q4W8ER", now=NOON + timedelta(days=4))
        await store.end_lesson(third, now=NOON + timedelta(days=4, minutes=50))
    return {"first": first, "second": second, "third": third}


def shown_ids(page: HistoryPage) -> list[int]:
    return [lesson.id for lesson in page.shown_lessons()]


def set_search(qtbot: QtBot, page: HistoryPage, text: str) -> None:
    page.search.clear()
    QTest.keyClicks(page.search, text)


def test_history_searches_and_filters_by_date(
    qtbot: QtBot, console: MainWindow, tmp_path: Path
) -> None:
    window = console
    ids = asyncio.run(seed(tmp_path / "data" / DB_NAME))
    page = window.history_page
    assert window.nav.item(window.page_index(page)).text().endswith("History")

    # the store is read on the host thread, never on the UI thread
    readers: list[int | None] = []
    original = window.bridge.archive.lessons

    async def spy(query: HistoryQuery) -> list[LessonInfo]:
        readers.append(threading.get_ident())
        return await original(query)

    window.bridge.archive.lessons = spy  # type: ignore[method-assign]
    window.show_page(window.page_index(page))
    qtbot.waitUntil(lambda: page.lessons.rowCount() == 3, timeout=5_000)
    assert shown_ids(page) == [ids["third"], ids["second"], ids["first"]]  # newest first
    assert readers and set(readers) == {window.bridge.host_thread.ident}
    assert threading.get_ident() not in readers

    set_search(qtbot, page, "physics")
    qtbot.waitUntil(lambda: shown_ids(page) == [ids["third"], ids["first"]], timeout=5_000)
    set_search(qtbot, page, "abc1")
    qtbot.waitUntil(lambda: shown_ids(page) == [ids["second"]], timeout=5_000)
    assert page.shown_lessons()[0].class_name == "8C Chemistry"

    # a date range: only the Wednesday lesson started between Tuesday and Thursday
    set_search(qtbot, page, "")
    page.since.setDate(QDate(2025, 3, 11))
    page.until.setDate(QDate(2025, 3, 13))
    page.since_box.setChecked(True)
    page.until_box.setChecked(True)
    assert page.query() == HistoryQuery("", date(2025, 3, 11), date(2025, 3, 13))
    qtbot.waitUntil(lambda: shown_ids(page) == [ids["second"]], timeout=5_000)
    set_search(qtbot, page, "physics")
    qtbot.waitUntil(lambda: page.lessons.rowCount() == 0, timeout=5_000)
    assert page.status.text() == "No lesson matches."
    page.until_box.setChecked(False)  # from Tuesday on
    qtbot.waitUntil(lambda: shown_ids(page) == [ids["third"]], timeout=5_000)

    # an answer to an older query is dropped
    page.on_lessons(HistoryQuery("physics"), [])
    assert shown_ids(page) == [ids["third"]]

    # choose the first lesson: its two rounds; each round's results, best first
    page.since_box.setChecked(False)
    set_search(qtbot, page, "K7M2")
    qtbot.waitUntil(lambda: shown_ids(page) == [ids["first"]], timeout=5_000)
    lesson = page.shown_lessons()[0]
    assert (lesson.rounds, lesson.flights, lesson.students) == (2, 6, 3)
    assert page.lessons.data(page.lessons.index(0, 3)) == "60 min"
    page.select_lesson(ids["first"])
    qtbot.waitUntil(lambda: page.rounds.rowCount() == 2, timeout=5_000)
    qtbot.waitUntil(lambda: len(page.shown_flights()) == 3, timeout=5_000)
    chosen = page.selected_round()
    assert chosen is not None and chosen.best_score == 910
    assert [(f.nickname, f.score) for f in page.shown_flights()] == [
        ("Bo", 910),
        ("Ada", 640),
        ("Cy", 0),
    ]
    assert page.rounds.data(page.rounds.index(0, 9)) == "gravity 3.24 m/s²"
    assert page.rounds.data(page.rounds.index(0, 3)) == "lander"  # a game this copy lacks
    page.rounds_table.selectRow(1)
    qtbot.waitUntil(lambda: page.shown_flights()[0].score == 820, timeout=2_000)
    assert [f.nickname for f in page.shown_flights()] == ["Cy", "Ada", "Bo"]


def test_a_lesson_with_bots_appears_in_history(qtbot: QtBot, console: MainWindow) -> None:
    window = console
    info = start_class(qtbot, window)
    swarm = BotSwarm(info.port, info.join_code, 3, key=info.public_key).start()
    qtbot.waitUntil(
        lambda: [e.room for e in window.roster_page.model.records()] == ["A"] * 3, timeout=20_000
    )
    with qtbot.waitSignal(window.bridge.round_started, timeout=10_000) as started:
        window.start_round_action.trigger()
    round_id = started.args[0].round_id
    with qtbot.waitSignal(window.bridge.round_completed, timeout=30_000):
        pass

    page = window.history_page
    window.show_page(window.page_index(page))

    def listed() -> bool:
        rows = page.shown_lessons()
        return len(rows) == 1 and (rows[0].rounds, rows[0].flights) == (1, 3)

    qtbot.waitUntil(listed, timeout=10_000)
    (lesson,) = page.shown_lessons()
    assert (lesson.class_name, lesson.join_code) == (info.class_name, info.join_code)
    assert lesson.students == 3 and lesson.ended_at is None  # the lesson is still open
    with sqlite3.connect(info.database) as db:
        assert db.execute("SELECT count(*) FROM lessons").fetchone()[0] == 1

    set_search(qtbot, page, info.join_code.lower())
    qtbot.waitUntil(lambda: shown_ids(page) == [lesson.id], timeout=5_000)
    set_search(qtbot, page, "no such class")
    qtbot.waitUntil(lambda: page.lessons.rowCount() == 0, timeout=5_000)
    set_search(qtbot, page, info.class_name[:5].upper())
    qtbot.waitUntil(lambda: shown_ids(page) == [lesson.id], timeout=5_000)

    page.select_lesson(lesson.id)
    qtbot.waitUntil(lambda: len(page.shown_flights()) == 3, timeout=5_000)
    chosen = page.selected_round()
    assert chosen is not None and chosen.id == round_id and chosen.end_state == "completed"
    shown = [(f.nickname, f.outcome, f.score, f.stars, f.reason) for f in page.shown_flights()]
    assert shown == db_rows(info.database, round_id)
    reports = swarm.join(timeout=30)
    assert not [r for r in reports if isinstance(r, BaseException)]
