"""A teacher's real path through Mission Control, end to end over real sockets:
start a class from the UI, 8 bots join, the roster fills, a round runs and is watched live,
the results table matches the database, a student's plot opens, CSV is exported and read."""

from __future__ import annotations

import asyncio
import csv
import sqlite3
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from admin_gui.records import FlightPlot, HostInfo, RoomStatus, SpectatorFrame
from admin_gui.widgets.main_window import MainWindow
from app.store import Store, StoredFlight
from app.store.files import DB_NAME
from game.lander import get_world
from game.registry import get_game
from game.series import Series
from tests.admin_gui.swarm import BotSwarm

BOTS = 8


def start_class(
    qtbot: QtBot,
    window: MainWindow,
    level: str = "moon",
    *,
    game: str | None = None,
    seconds: int | None = None,
) -> HostInfo:
    """Host a class from the start page: ``game`` (its concept shown; the default game when
    None) on ``level``, rounds of ``seconds`` (the game's default when None)."""
    page = window.start_page
    if game is not None:
        page.game.setCurrentIndex(page.game.findData(game))
        assert page.concept.text() == get_game(game).concept
    page.world.setCurrentIndex(page.world.findData(level))
    if seconds is not None:
        page.seconds.setValue(seconds)
    with qtbot.waitSignal(window.bridge.hosting, timeout=10_000) as hosting:
        QTest.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    info = hosting.args[0]
    assert isinstance(info, HostInfo)
    return info


async def stored_telemetry(path: Path, flight_id: int) -> bytes:
    """The flight's telemetry read through a second, independent connection to the file."""
    async with await Store.open(path) as store:
        return await store.flight_telemetry(flight_id)


def seat_bots(qtbot: QtBot, window: MainWindow, info: HostInfo, count: int) -> BotSwarm:
    """``count`` bots join over real sockets; back once every one waits in room A."""
    swarm = BotSwarm(info.port, info.join_code, count, key=info.public_key).start()
    roster = window.roster_page.model

    def everyone_seated() -> bool:
        rows = roster.records()
        return len(rows) == count and all(e.room == "A" and e.phase == "waiting" for e in rows)

    qtbot.waitUntil(everyone_seated, timeout=20_000)
    return swarm


def room_phase(window: MainWindow, room: str = "A") -> str:
    return next((r.phase for r in window.bridge.rooms if r.room == room), "")


def db_rows(path: Path, round_id: int) -> list[tuple[str, str, int, int, str]]:
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT s.nickname, f.outcome, f.score, f.stars, f.reason FROM flights f "
            "JOIN students s ON s.id = f.student_id WHERE f.round_id = ? "
            "ORDER BY f.score DESC, f.created_at, f.id",
            (round_id,),
        ).fetchall()
    return [tuple(r) for r in rows]


def test_a_whole_lesson_from_the_console(qtbot: QtBot, console: MainWindow, tmp_path: Path) -> None:
    window = console
    info = start_class(qtbot, window)
    # the join code is shown large, with the address for manual entry
    assert window.start_page.code.text() == info.join_code
    assert len(info.join_code) == 6
    assert window.start_page.code.font().pointSize() >= 48
    # the short address students type with the code (the player pairs there for the key)
    assert window.start_page.address.text() == f"Address: {info.address}"
    assert info.address.startswith("127.0.0.1:") and "/" not in info.address
    assert not window.start_round_action.isEnabled()  # nobody joined yet

    swarm = seat_bots(qtbot, window, info, BOTS)
    roster = window.roster_page.model
    names = sorted(e.nickname for e in roster.records())
    assert names == sorted(s.nickname for s in swarm.specs)
    assert all(e.connected for e in roster.records())
    qtbot.waitUntil(window.start_round_action.isEnabled, timeout=5_000)

    # a round with a physics knob turned: the results must remember it
    window.knobs_page.set_override("gravity", 2.0)
    with qtbot.waitSignal(window.bridge.round_started, timeout=10_000) as started:
        window.start_round_action.trigger()
    round_id = started.args[0].round_id
    assert window.stack.currentWidget() is window.watch_page
    view = window.watch_page.view
    qtbot.waitUntil(lambda: len(view.names_shown()) == BOTS, timeout=10_000)
    assert sorted(view.names_shown()) == names
    qtbot.waitUntil(lambda: view.frames_drawn > 0, timeout=5_000)

    # pause from the rooms board: the spectator frames stand still; resume: they move on
    frames: list[SpectatorFrame] = []
    window.bridge.frame.connect(frames.append)
    card = window.rooms_page.cards["A"]
    qtbot.waitUntil(card.pause_button.isEnabled, timeout=5_000)
    card.pause_button.click()
    qtbot.waitUntil(lambda: room_phase(window) == "paused", timeout=5_000)
    qtbot.waitUntil(lambda: len(frames) >= 1 and frames[-1].phase == "paused", timeout=5_000)
    seen = len(frames)
    qtbot.waitUntil(lambda: len(frames) >= seen + 6, timeout=5_000)
    assert {f.tick for f in frames[seen:]} == {frames[seen].tick}
    assert card.resume_button.isEnabled()
    card.resume_button.click()
    qtbot.waitUntil(lambda: room_phase(window) in ("active", "countdown"), timeout=5_000)
    qtbot.waitUntil(lambda: frames[-1].tick > frames[seen].tick, timeout=5_000)

    with qtbot.waitSignal(window.bridge.round_completed, timeout=30_000):
        pass
    results = window.results_page
    window.show_page(window.page_index(results))
    flags = [f[1] for f in window.flags_page.model.records()]
    qtbot.waitUntil(lambda: results.model.rowCount() == BOTS, timeout=5_000)
    assert flags == [], flags
    shown = [(f.nickname, f.outcome, f.score, f.stars, f.reason) for f in results.shown_flights()]
    stored = db_rows(info.database, round_id)
    assert shown == stored
    assert all(f.params["knobs"] == {"gravity": 2.0} for f in results.shown_flights())
    effective = [f.params["effective"] for f in results.shown_flights()]
    assert all(isinstance(e, dict) and e["gravity"] == 2.0 for e in effective)
    knobs_col = results.model.index(0, 8)
    assert results.model.data(knobs_col) == "gravity 2 m/s²"

    # the class leaderboard for today, from the database
    with qtbot.waitSignal(window.bridge.leaderboard_ready, timeout=5_000):
        results.period.setCurrentIndex(results.period.findData("day"))
    board = results.board_model.records()
    assert len(board) == BOTS
    assert board[0].score == max(r[2] for r in stored)

    # click a student: the plots of their flight, with the safe bands
    first = results.flight_at(0)
    with qtbot.waitSignal(window.bridge.flight_plot_ready, timeout=5_000) as ready:
        results.table.selectRow(0)
        QTest.mouseClick(results.plot_button, Qt.MouseButton.LeftButton)
    plot = ready.args[0]
    assert isinstance(plot, FlightPlot)
    assert plot.flight.id == first.id
    dialog = window.dialogs[-1]
    telemetry = Series.from_bytes(asyncio.run(stored_telemetry(info.database, first.id)))
    charts = {c.title: c for c in dialog.plots.charts()}
    assert list(charts)[:2] == ["Altitude", "Vertical speed"]  # the game's channels, in order
    vertical = charts["Vertical speed"].series()[0]
    np.testing.assert_array_equal(vertical.values, telemetry["vy"])
    limits = get_world("moon").limits
    band = charts["Vertical speed"].bands()[0]
    assert band.low == -limits.max_vertical_speed  # the channel's safe band
    assert plot.effective["gravity"] == 2.0
    qtbot.waitUntil(dialog.isVisible, timeout=2_000)
    dialog.close()

    # export the round's results as CSV and read the file back
    target = tmp_path / "export" / "round.csv"
    results.choose_path = lambda _parent, _suggested: str(target)
    with qtbot.waitSignal(window.bridge.exported, timeout=5_000):
        QTest.mouseClick(results.export_button, Qt.MouseButton.LeftButton)
    with target.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["nickname"], r["outcome"], int(r["score"])) for r in rows] == [
        (s[0], s[1], s[2]) for s in stored
    ]

    reports = swarm.join(timeout=30)
    assert not [r for r in reports if isinstance(r, BaseException)]

    # closing after the round: no question, the lesson ends and the window goes
    asked: list[int] = []

    def confirm(_parent: QWidget, rooms: list[RoomStatus]) -> bool:
        asked.append(len(rooms))
        return True

    window.confirm_close = confirm
    window.close()
    qtbot.waitUntil(lambda: window.is_stopped and not window.isVisible(), timeout=15_000)
    assert asked == []
    assert (info.database.parent / DB_NAME).exists()
    assert isinstance(window, QWidget)


def test_closing_during_a_round_asks_ends_it_and_keeps_the_results(
    qtbot: QtBot, console: MainWindow
) -> None:
    window = console
    info = start_class(qtbot, window)
    swarm = BotSwarm(info.port, info.join_code, 3, key=info.public_key, timeout=8.0).start()
    qtbot.waitUntil(
        lambda: [e.room for e in window.roster_page.model.records()] == ["A"] * 3, timeout=20_000
    )
    with qtbot.waitSignal(window.bridge.round_started, timeout=10_000) as started:
        window.start_round_action.trigger()
    round_id = started.args[0].round_id
    qtbot.waitUntil(lambda: room_phase(window) == "active", timeout=5_000)

    refused: list[list[RoomStatus]] = []

    def say_no(_parent: QWidget, rooms: list[RoomStatus]) -> bool:
        refused.append(rooms)
        return False

    window.confirm_close = say_no
    window.close()
    assert len(refused) == 1 and refused[0][0].room == "A"
    assert window.isVisible() and not window.is_stopped  # the teacher said no

    recorded: list[StoredFlight] = []
    window.bridge.flight_recorded.connect(recorded.append)
    window.confirm_close = lambda _w, _rooms: True
    window.close()
    qtbot.waitUntil(lambda: window.is_stopped and not window.isVisible(), timeout=20_000)
    with sqlite3.connect(info.database) as db:
        stored = db.execute(
            "SELECT count(*) FROM flights WHERE round_id = ?", (round_id,)
        ).fetchone()[0]
        finished = db.execute(
            "SELECT finished_at FROM rounds WHERE id = ?", (round_id,)
        ).fetchone()[0]
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert finished is not None  # the round was ended cleanly
    assert stored >= len({f.id for f in recorded})  # every acknowledged result is kept
    swarm.cancel(timeout=10)
