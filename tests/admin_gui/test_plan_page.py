"""A teacher runs a lesson of several games from Mission Control: opens a saved lesson
plan, starts the class, presses Next round for each planned round while bots play (each
round its own game, level, mode and knobs), and saves the class report. Building a plan on
the page, saving and reopening it, a bad file, and a round whose knobs make the goal
impossible (Next asks first) are tried too. Real widgets, a real host, real sockets."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from admin_gui.records import LESSON_TOTAL, HostInfo
from admin_gui.widgets.main_window import MainWindow
from admin_gui.widgets.plan_page import PlanPage
from app.host.plan import load_plan
from tests.admin_gui.swarm import BotSwarm

BOTS = 3
PLAN = """
title = "Three games, four rounds"

[[round]]
game = "lunar_lander"
level = "moon"
seconds = 8

[[round]]
game = "bridge_builder"
level = "short_span"
seconds = 8

[[round]]
game = "rover_program"
level = "corner"
seconds = 12

[[round]]
game = "lunar_lander"
level = "mars"
mode = "cooperative"
seconds = 8
knobs = { fuel = 300 }
"""
ROUNDS = 4


def answer(path: Path | None) -> Callable[..., str | None]:
    """A file dialog's stand-in that picks ``path``."""
    return lambda *args: None if path is None else str(path)


def cell(page: PlanPage, row: int, column: int) -> str:
    item = page.table.item(row, column)
    assert item is not None
    return item.text()


def start_class(qtbot: QtBot, window: MainWindow) -> HostInfo:
    with qtbot.waitSignal(window.bridge.hosting, timeout=10_000) as hosting:
        QTest.mouseClick(window.start_page.start_button, Qt.MouseButton.LeftButton)
    info = hosting.args[0]
    assert isinstance(info, HostInfo)
    return info


def test_a_lesson_of_several_games_from_the_console(
    qtbot: QtBot, console: MainWindow, tmp_path: Path
) -> None:
    window = console
    page = window.plan_page
    window.show_page(window.page_index(page))
    assert window.nav.item(window.page_index(page)).text() == "2  Lesson plan"
    plan_file = tmp_path / "week3.toml"
    plan_file.write_text(PLAN, encoding="utf-8")
    page.ask_open = answer(plan_file)
    QTest.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == ROUNDS
    assert page.title_edit.text() == "Three games, four rounds"
    assert cell(page, 1, 1) == "Bridge builder"
    assert cell(page, 3, 5) == "fuel 300"
    assert not page.next_button.isEnabled()  # no class yet

    info = start_class(qtbot, window)
    assert page.next_button.isEnabled()
    swarm = BotSwarm(info.port, info.join_code, BOTS, key=info.public_key, rounds=ROUNDS).start()
    qtbot.waitUntil(lambda: len(window.roster_page.model.records()) == BOTS, timeout=20_000)
    round_ids = []
    for number in range(ROUNDS):
        qtbot.waitUntil(page.next_button.isEnabled, timeout=5_000)
        with qtbot.waitSignal(window.bridge.round_completed, timeout=40_000) as completed:
            with qtbot.waitSignal(window.bridge.planned_started, timeout=10_000) as started:
                QTest.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
            assert started.args[0] is page.rounds[number]
            assert cell(page, number, 6).startswith("played")
        round_ids.append(completed.args[0])
    assert "0 planned round(s) to go" in page.status.text()
    assert not page.next_button.isEnabled()
    reports = swarm.join(timeout=30)
    assert not [r for r in reports if isinstance(r, BaseException)]
    with sqlite3.connect(info.database) as db:
        played = db.execute("SELECT game, world, mode, params FROM rounds ORDER BY id").fetchall()
    assert [(g, w, m) for g, w, m, _ in played] == [
        ("lunar_lander", "moon", "competitive"),
        ("bridge_builder", "short_span", "competitive"),
        ("rover_program", "corner", "competitive"),
        ("lunar_lander", "mars", "cooperative"),
    ]
    assert json.loads(played[3][3])["knobs"] == {"fuel": 300.0}

    report = tmp_path / "reports" / "week3 report.html"
    page.ask_save = answer(report)
    with qtbot.waitSignal(window.bridge.report_written, timeout=10_000):
        QTest.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    assert "Class report saved" in page.status.text()
    rows = list(csv.DictReader(io.StringIO(report.with_suffix(".csv").read_text("utf-8"))))
    assert {r["game"] for r in rows} == {"lunar_lander", "bridge_builder", "rover_program"}
    assert len(rows) == 3 * BOTS
    assert "Bridge builder" in report.read_text(encoding="utf-8")

    # the class board, per game and as the lesson's total across games
    results = window.results_page
    window.show_page(window.page_index(results))
    with qtbot.waitSignal(window.bridge.leaderboard_ready, timeout=5_000):
        results.period.setCurrentIndex(results.period.findData("all"))
    with qtbot.waitSignal(window.bridge.leaderboard_ready, timeout=5_000):
        results.board_game.setCurrentIndex(results.board_game.findData("bridge_builder"))
    bridges = [r for r in rows if r["game"] == "bridge_builder"]
    bridge_best = {r["student"]: int(r["best_score"]) for r in bridges}
    assert {b.nickname: b.score for b in results.board_model.records()} == bridge_best
    with qtbot.waitSignal(window.bridge.leaderboard_ready, timeout=5_000):
        results.board_game.setCurrentIndex(results.board_game.findData(LESSON_TOTAL))
    assert not results.period.isEnabled()
    totals = {r["student"]: int(r["lesson_total"]) for r in rows}
    board = results.board_model.records()
    assert {b.nickname: b.score for b in board} == totals
    assert [b.score for b in board] == sorted(totals.values(), reverse=True)
    assert all(b.flights == ROUNDS for b in board)


def test_a_plan_built_on_the_page_saves_and_opens_again(qtbot: QtBot, tmp_path: Path) -> None:
    page = PlanPage(knobs_for=lambda game: {"gravity": 3.0} if game == "lunar_lander" else {})
    qtbot.addWidget(page)
    page.title_edit.setText("Week 3: forces")
    page.game_box.setCurrentIndex(page.game_box.findData("bridge_builder"))
    page.level_box.setCurrentIndex(page.level_box.findData("long_span"))
    QTest.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    page.game_box.setCurrentIndex(page.game_box.findData("lunar_lander"))
    page.seconds.setValue(50)
    QTest.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.table.rowCount() == 2
    page.table.selectRow(1)
    QTest.mouseClick(page.up_button, Qt.MouseButton.LeftButton)  # the lander goes first
    assert [r.game for r in page.rounds] == ["lunar_lander", "bridge_builder"]
    saved = tmp_path / "plans" / "week3"
    page.ask_save = answer(saved)
    QTest.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    plan = load_plan(saved.with_suffix(".toml"))
    assert plan.title == "Week 3: forces"
    assert plan.rounds[0].knobs == {"gravity": 3.0} and plan.rounds[0].seconds == 50
    assert plan.rounds[1].level == "long_span"
    page.table.selectRow(0)
    QTest.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert [r.game for r in page.rounds] == ["bridge_builder"]
    assert page.table.selectionModel().selectedRows()[0].row() == 0  # selection kept in place


def test_a_bad_plan_file_says_why_and_keeps_the_plan_shown(qtbot: QtBot, tmp_path: Path) -> None:
    page = PlanPage()
    qtbot.addWidget(page)
    QTest.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    bad = tmp_path / "bad.toml"
    bad.write_text("[[round]]\ngame = 'chess'\n", encoding="utf-8")
    page.ask_open = answer(bad)
    QTest.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert "round 1: unknown game 'chess'" in page.status.text()
    assert page.table.rowCount() == 1


def test_next_asks_before_a_round_no_one_can_win(qtbot: QtBot) -> None:
    page = PlanPage(knobs_for=lambda game: {"thrust_scale": 0.3})
    qtbot.addWidget(page)
    page.game_box.setCurrentIndex(page.game_box.findData("lunar_lander"))
    QTest.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert "no one can land" in cell(page, 0, 6)
    asked: list[str] = []

    def refuse(parent: object, text: str) -> bool:
        asked.append(text)
        return False

    page.confirm = refuse
    page.on_hosting(object())
    requested: list[object] = []
    page.next_requested.connect(requested.append)
    QTest.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert asked and "no one can land" in asked[0]
    assert requested == [] and page.played == 0
    page.confirm = lambda parent, text: True
    QTest.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert requested == [page.rounds[0]]
