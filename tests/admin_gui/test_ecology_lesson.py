"""A teacher runs a Predator and prey lesson from Mission Control, end to end over real
sockets: picks the game and a level on the start page, turns a knob (and sees the
feasibility warning of a band no equilibrium reaches), 6 bots join and steer their
habitats, Watch live draws every habitat by name, the results match the database, a
student's plots are the game's channels from the stored telemetry with the round's band."""

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
from game.ecology import GAME
from game.series import Series
from tests.admin_gui.swarm import BotSwarm

BOTS = 6


def start_ecology_class(qtbot: QtBot, window: MainWindow) -> HostInfo:
    page = window.start_page
    page.game.setCurrentIndex(page.game.findData("predator_prey"))
    assert page.concept.text() == GAME.concept
    page.world.setCurrentIndex(page.world.findData("seasons"))
    page.seconds.setValue(20)
    with qtbot.waitSignal(window.bridge.hosting, timeout=10_000) as hosting:
        QTest.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    info = hosting.args[0]
    assert isinstance(info, HostInfo)
    return info


async def stored_telemetry(path: Path, flight_id: int) -> bytes:
    async with await Store.open(path) as store:
        return await store.flight_telemetry(flight_id)


def test_a_predator_prey_lesson_from_the_console(qtbot: QtBot, console: MainWindow) -> None:
    window = console
    info = start_ecology_class(qtbot, window)
    knobs = window.knobs_page
    assert knobs.game.key == "predator_prey"
    # δ halved puts every reachable equilibrium above the band: said so in words
    knobs.set_knob("delta", 0.1)
    assert knobs.warnings and "no one can stay in it" in knobs.warnings[0]
    assert knobs.warning_label.isVisibleTo(knobs)
    knobs.set_knob("delta", 0.2)
    knobs.set_knob("band", 25.0)
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
    qtbot.waitUntil(lambda: sorted(view.names_shown()) == names, timeout=10_000)
    qtbot.waitUntil(lambda: view.frames_drawn > 0, timeout=5_000)
    scene = view.scene()
    assert scene is not None
    texts = [getattr(s, "text", "") for s in scene.shapes]
    assert "Time in the band" in texts and "target band" in texts
    assert "keep rabbits 488–812 and foxes 38–62" in scene.panel[0]

    with qtbot.waitSignal(window.bridge.round_completed, timeout=40_000):
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
    assert all(f.params["knobs"] == {"delta": 0.2, "band": 25.0} for f in results.shown_flights())
    assert {f.game for f in results.shown_flights()} == {"predator_prey"}
    assert any(f.outcome == "balanced" for f in results.shown_flights())

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
    rabbits = charts["Rabbits"].series()[0]
    np.testing.assert_allclose(rabbits.values, telemetry["rabbits"])
    band = charts["Rabbits"].bands()[0]
    assert (band.low, band.high) == (487.5, 812.5)  # the round's band, 650 ± 25 %
    assert charts["Foxes"].bands()[0].high == 62.5
    assert charts["Hunting"].bands() == []
    dialog.close()
    reports = swarm.join(timeout=30)
    assert not [r for r in reports if isinstance(r, BaseException)]
