"""A teacher runs a Projectile range lesson from Mission Control, end to end over real
sockets: picks the game and a level on the start page, turns a knob (and sees the
feasibility warning of an impossible one), 6 bots join and fire, Watch live draws every
player's shot by name, the results match the database, a student's plots are the game's
channels from the stored telemetry."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from admin_gui.records import FlightPlot, HostInfo
from admin_gui.widgets.main_window import MainWindow
from app.store import Store
from game.projectile import GAME
from game.scene import Poly
from game.series import Series
from tests.admin_gui.swarm import BotSwarm

BOTS = 6


def start_projectile_class(qtbot: QtBot, window: MainWindow) -> HostInfo:
    page = window.start_page
    page.game.setCurrentIndex(page.game.findData("projectile_range"))
    assert page.concept.text() == GAME.concept
    page.world.setCurrentIndex(page.world.findData("earth_air"))
    page.seconds.setValue(45)
    with qtbot.waitSignal(window.bridge.hosting, timeout=10_000) as hosting:
        QTest.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    info = hosting.args[0]
    assert isinstance(info, HostInfo)
    return info


async def stored_telemetry(path: Path, flight_id: int) -> bytes:
    async with await Store.open(path) as store:
        return await store.flight_telemetry(flight_id)


def test_a_projectile_lesson_from_the_console(qtbot: QtBot, console: MainWindow) -> None:
    window = console
    info = start_projectile_class(qtbot, window)
    knobs = window.knobs_page
    assert knobs.game.key == "projectile_range"
    # an impossible knob is said so in words; a sensible one is not
    knobs.set_knob("distance", 400.0)
    assert knobs.warnings and "no one can hit it" in knobs.warnings[0]
    assert knobs.warning_label.isVisibleTo(knobs)
    knobs.set_knob("distance", 90.0)
    assert knobs.warnings == []

    swarm = BotSwarm(info.port, info.join_code, BOTS, key=info.public_key).start()
    roster = window.roster_page.model

    def everyone_seated() -> bool:
        rows = roster.records()
        return len(rows) == BOTS and all(e.room == "A" and e.phase == "waiting" for e in rows)

    qtbot.waitUntil(everyone_seated, timeout=20_000)
    qtbot.waitUntil(window.start_round_action.isEnabled, timeout=5_000)
    names = sorted(s.nickname for s in swarm.specs)

    with qtbot.waitSignal(window.bridge.round_started, timeout=10_000) as started:
        window.start_round_action.trigger()
    round_id = started.args[0].round_id
    view = window.watch_page.view

    def everyone_fired() -> bool:
        return sorted(view.names_shown()) == names

    qtbot.waitUntil(everyone_fired, timeout=30_000)
    qtbot.waitUntil(lambda: view.frames_drawn > 0, timeout=5_000)

    def arcs_drawn() -> int:  # every player's shot drawn as an arc (landed or flying)
        scene = view.scene()
        shapes = () if scene is None else scene.shapes
        return sum(1 for s in shapes if isinstance(s, Poly) and not s.closed and len(s.points) >= 3)

    qtbot.waitUntil(lambda: arcs_drawn() >= BOTS, timeout=30_000)

    with qtbot.waitSignal(window.bridge.round_completed, timeout=90_000):
        pass
    results = window.results_page
    window.show_page(window.page_index(results))
    qtbot.waitUntil(lambda: results.model.rowCount() == BOTS, timeout=5_000)
    shown = [(f.nickname, f.outcome, f.score, f.stars, f.reason) for f in results.shown_flights()]
    with sqlite3.connect(info.database) as db:
        stored = db.execute(
            "SELECT s.nickname, f.outcome, f.score, f.stars, f.reason FROM flights f "
            "JOIN students s ON s.id = f.student_id WHERE f.round_id = ? "
            "ORDER BY f.score DESC, f.created_at, f.id",
            (round_id,),
        ).fetchall()
    assert shown == [tuple(r) for r in stored]
    assert all(f.params["knobs"] == {"distance": 90.0} for f in results.shown_flights())
    assert {f.game for f in results.shown_flights()} == {"projectile_range"}
    assert any(f.outcome == "all_hit" for f in results.shown_flights())

    first = results.flight_at(0)
    with qtbot.waitSignal(window.bridge.flight_plot_ready, timeout=5_000) as ready:
        results.table.selectRow(0)
        QTest.mouseClick(results.plot_button, Qt.MouseButton.LeftButton)
    plot = ready.args[0]
    assert isinstance(plot, FlightPlot) and plot.flight.id == first.id
    dialog = window.dialogs[-1]
    charts = {c.title: c for c in dialog.plots.charts()}
    assert list(charts) == [c.label for c in GAME.channels]
    telemetry = Series.from_bytes(asyncio.run(stored_telemetry(info.database, first.id)))
    height = charts["Shell height"].series()[0]
    np.testing.assert_allclose(height.values, telemetry["y"])
    assert height.values.max() > 5.0
    assert (charts["Off target"].bands()[0].low, charts["Off target"].bands()[0].high) == (
        -100.0,
        100.0,
    )
    dialog.close()
    reports = swarm.join(timeout=30)
    assert not [r for r in reports if isinstance(r, BaseException)]
