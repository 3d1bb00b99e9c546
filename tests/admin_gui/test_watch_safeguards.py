"""Watch live and the knobs (issue 14), against a real host with bots over real sockets: a
knob that makes the goal impossible is asked about before the round starts, the knobs in
force are named over the live view (the projector draws the same widget), Pause is on Watch
live (button and Ctrl+P) with a PAUSED banner, the round's winner is shown when it ends, the
Knobs screen resets to the world's values, and names never overlap."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from admin_gui.records import HostInfo
from admin_gui.widgets.main_window import MainWindow
from admin_gui.widgets.spectator_view import ScenePainter
from game.scene import Label, Scene
from tests.admin_gui.swarm import BotSwarm

BOTS = 3
WAIT_MS = 15_000


class Answers:
    def __init__(self, *answers: bool) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def __call__(self, _parent: QWidget, title: str, question: str) -> bool:
        self.asked.append(f"{title}: {question}")
        return self.answers.pop(0)


def start_on_the_moon(qtbot: QtBot, window: MainWindow) -> HostInfo:
    page = window.start_page
    page.world.setCurrentIndex(page.world.findData("moon"))
    with qtbot.waitSignal(window.bridge.hosting, timeout=10_000) as hosting:
        QTest.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    info = hosting.args[0]
    assert isinstance(info, HostInfo)
    return info


def room_phase(window: MainWindow) -> str:
    return next((r.phase for r in window.bridge.rooms if r.room == "A"), "")


def test_knob_warning_pause_banner_and_winner_on_watch_live(
    qtbot: QtBot, console: MainWindow
) -> None:
    window = console
    answers = Answers(False)
    window.confirm = answers
    info = start_on_the_moon(qtbot, window)
    swarm = BotSwarm(info.port, info.join_code, BOTS, key=info.public_key).start()
    try:
        qtbot.waitUntil(window.start_round_action.isEnabled, timeout=20_000)
        knobs = window.knobs_page
        knobs.set_knob("gravity", 5.0)  # the Moon lander cannot hold itself up
        assert knobs.warnings and "below the lander's weight" in knobs.warnings[0]
        assert knobs.warning_label.isVisibleTo(knobs)
        window.start_round_action.trigger()
        assert (
            len(answers.asked) == 1
            and "Start the round with these knobs anyway?" in (answers.asked[0])
        )
        assert window.stack.currentWidget() is knobs  # No: back to the knobs, nothing starts
        qtbot.wait(300)
        assert room_phase(window) not in ("countdown", "active")
        # the world's values back in one press, then a round with gravity doubled
        QTest.mouseClick(knobs.reset_button, Qt.MouseButton.LeftButton)
        assert knobs.knobs() == {} and knobs.warnings == []
        knobs.set_knob("gravity", 3.24)
        assert knobs.warnings == []
        with qtbot.waitSignal(window.bridge.round_started, timeout=10_000) as started:
            window.start_round_action.trigger()
        assert len(answers.asked) == 1  # nothing to warn about: not asked
        round_id = started.args[0].round_id
        watch = window.watch_page
        assert window.stack.currentWidget() is watch
        assert watch.view.knobs_text() == "Changed: Gravity 3.24 m/s²"

        # Pause on Watch live: the host pauses, the view says so
        qtbot.waitUntil(watch.pause_button.isEnabled, timeout=WAIT_MS)
        QTest.mouseClick(watch.pause_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: room_phase(window) == "paused", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: watch.view.paused, timeout=WAIT_MS)
        assert watch.view.banner() == "PAUSED"
        assert watch.pause_button.text() == "&Resume round"
        # Ctrl+P resumes (it works in the projector view, where the buttons are hidden)
        window.set_projector(True)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
        QTest.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: room_phase(window) in ("active", "countdown"), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not watch.view.paused, timeout=WAIT_MS)
        assert watch.view.banner() == ""

        with qtbot.waitSignal(window.bridge.round_completed, timeout=30_000):
            pass
        qtbot.waitUntil(lambda: watch.view.winner != "", timeout=WAIT_MS)
        with sqlite3.connect(info.database) as db:
            best, score = db.execute(
                "SELECT s.nickname, f.score FROM flights f JOIN students s ON s.id = "
                "f.student_id WHERE f.round_id = ? ORDER BY f.score DESC LIMIT 1",
                (round_id,),
            ).fetchone()
        assert best in watch.view.winner and f"{score} points" in watch.view.winner
        assert watch.view.banner() == watch.view.winner
        window.set_projector(False)
    finally:
        swarm.cancel(10)


def test_names_of_players_close_together_never_overlap(qtbot: QtBot) -> None:
    names = [Label(x=50.0 + i * 0.3, y=50.0, text=f"Student {i}", name=True) for i in range(6)]
    scene = Scene(view=(0.0, 0.0, 100.0, 100.0), background="#000000", shapes=tuple(names))
    image = QImage(800, 450, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        placer = ScenePainter(scene, 800, 450)
        shown = placer.paint(painter, QFont())
    finally:
        painter.end()
    assert shown == [n.text for n in names]
    boxes = placer.name_boxes
    assert len(boxes) == len(names)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.intersects(b), (a, b)
