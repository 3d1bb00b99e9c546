"""Mission Control's window: a list of screens on the left, the screen on the right."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from admin_gui.bridge import LOAD_ROSTER, HostBridge
from admin_gui.dialogs.close_lesson import ask_end_round
from admin_gui.dialogs.confirm import Confirm, ask_confirm
from admin_gui.dialogs.flight_dialog import FlightDialog, PathChooser, ask_save_path
from admin_gui.prefs import ConsolePrefs
from admin_gui.records import FlightPlot, HostInfo, RoomStatus, RoundView
from admin_gui.widgets.chat_page import ChatPage
from admin_gui.widgets.flags_page import FlagsPage
from admin_gui.widgets.history_page import HistoryPage
from admin_gui.widgets.knobs_page import KnobsPage
from admin_gui.widgets.plan_page import PlanPage
from admin_gui.widgets.results_page import ResultsPage
from admin_gui.widgets.rooms_page import RoomsPage
from admin_gui.widgets.roster_page import FileChooser, RosterPage, ask_roster_file
from admin_gui.widgets.settings_page import SettingsPage
from admin_gui.widgets.start_page import StartPage
from admin_gui.widgets.watch_page import WatchPage
from app.sync.outbox import SyncStatus

log = logging.getLogger(__name__)
CLOSE_MARGIN_S = 15.0
NAV_MIN_WIDTH = 170


class MainWindow(QMainWindow):
    def __init__(
        self,
        bridge: HostBridge,
        prefs: ConsolePrefs,
        config_file: Path,
        prefs_file: Path,
        choose_path: PathChooser = ask_save_path,
        confirm_close: Callable[[QWidget, list[RoomStatus]], bool] = ask_end_round,
        choose_roster: FileChooser = ask_roster_file,
        confirm: Confirm = ask_confirm,
    ) -> None:
        super().__init__()
        self.bridge = bridge
        self.confirm_close = confirm_close
        self.choose_path = choose_path
        self.confirm = confirm
        settings = bridge.settings
        self.setWindowTitle(self.tr("Moonbase Mission Control"))
        self.start_page = StartPage(settings)
        self.roster_page = RosterPage(choose_file=choose_roster, confirm=confirm)
        self.rooms_page = RoomsPage()
        self.watch_page = WatchPage()
        self.results_page = ResultsPage(choose_path=choose_path, game=settings.game)
        self.knobs_page = KnobsPage(settings.world, game=settings.game)
        self.flags_page = FlagsPage()
        self.chat_page = ChatPage()
        self.history_page = HistoryPage(choose_path=choose_path, confirm=confirm)
        self.settings_page = SettingsPage(settings, prefs, config_file, prefs_file)
        self.plan_page = PlanPage(knobs_for=self._knobs_for)
        self.pages: list[tuple[str, QWidget]] = [
            (self.tr("Start a class"), self.start_page),
            (self.tr("Lesson plan"), self.plan_page),
            (self.tr("Roster"), self.roster_page),
            (self.tr("Rooms"), self.rooms_page),
            (self.tr("Watch live"), self.watch_page),
            (self.tr("Results"), self.results_page),
            (self.tr("Knobs"), self.knobs_page),
            (self.tr("Flags"), self.flags_page),
            (self.tr("Chat"), self.chat_page),
            (self.tr("History"), self.history_page),
            (self.tr("Settings"), self.settings_page),
        ]
        self.nav = QListWidget()
        self.nav.setMinimumWidth(NAV_MIN_WIDTH)
        self.nav.setAccessibleName(self.tr("Screens"))
        self.stack = QStackedWidget()
        for number, (title, page) in enumerate(self.pages, start=1):
            # Ctrl+1..Ctrl+9, Ctrl+0 for the tenth screen; Settings is Ctrl+, as elsewhere
            key = "," if page is self.settings_page else str(number % 10)
            self.nav.addItem(f"{key}  {title}")
            self.stack.addWidget(page)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{key}"), self)
            shortcut.activated.connect(lambda n=number - 1: self.show_page(n))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.nav)
        row.addWidget(self.stack, stretch=1)
        self.setCentralWidget(central)

        self.start_round_action = QAction(self.tr("Start &round"), self)
        self.start_round_action.setShortcut(QKeySequence("Ctrl+R"))
        self.start_round_action.setEnabled(False)
        self.start_round_action.triggered.connect(self.start_round)
        self.projector_action = QAction(self.tr("&Projector view"), self)
        self.projector_action.setShortcut(QKeySequence("F11"))
        self.projector_action.setCheckable(True)
        self.projector_action.toggled.connect(self.set_projector)
        self.pause_action = QAction(self.tr("&Pause or resume the watched round"), self)
        self.pause_action.setShortcut(QKeySequence("Ctrl+P"))
        self.pause_action.triggered.connect(self.watch_page.toggle_pause)
        self.addAction(self.pause_action)  # on the window: works in the projector view too
        self.toolbar = QToolBar(self.tr("Lesson"))
        self.toolbar.setObjectName("lessonToolbar")
        self.toolbar.addAction(self.start_round_action)
        self.toolbar.addAction(self.projector_action)
        self.addToolBar(self.toolbar)
        leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        leave.activated.connect(lambda: self.projector_action.setChecked(False))
        self.lesson_label = QLabel(self.tr("No class yet"))
        self.sync_label = QLabel()
        self.sync_label.setObjectName("syncStatus")
        self.statusBar().addPermanentWidget(self.sync_label)
        self.statusBar().addPermanentWidget(self.lesson_label)

        self.errors: list[tuple[str, str]] = []
        self.dialogs: list[FlightDialog] = []
        self._close_when_stopped = False
        self._stopped = False
        self._wire()
        self.resize(1280, 720)

    # -- wiring ------------------------------------------------------------------------------
    def _wire(self) -> None:
        b = self.bridge
        self.start_page.start_requested.connect(b.start_class)
        self.start_page.game_changed.connect(self.knobs_page.set_game)
        b.hosting.connect(self.start_page.on_hosting)
        b.hosting.connect(self._on_hosting)
        b.failed.connect(self._on_failed)
        b.roster_changed.connect(self.roster_page.on_roster)
        b.roster_changed.connect(self._update_actions)
        b.rooms_changed.connect(self.rooms_page.on_rooms)
        b.rooms_changed.connect(self.roster_page.set_rooms)
        b.rooms_changed.connect(self._on_rooms)
        self.rooms_page.start_requested.connect(self.start_round_in)
        self.rooms_page.pause_requested.connect(b.pause)
        self.rooms_page.resume_requested.connect(b.resume)
        self.rooms_page.end_requested.connect(b.end_round)
        self.roster_page.mute_requested.connect(b.mute)
        self.roster_page.kick_requested.connect(b.kick)
        self.roster_page.move_requested.connect(b.move)
        self.roster_page.roster_file_chosen.connect(b.load_roster_file)
        self.roster_page.clear_roster_requested.connect(b.clear_roster)
        self.roster_page.lift_bar_requested.connect(b.lift_bar)
        self.roster_page.readmit_requested.connect(b.readmit)
        self.roster_page.reclaim_approved.connect(b.approve_reclaim)
        self.roster_page.hide_ranks_requested.connect(b.set_hide_ranks)
        b.class_state_changed.connect(self.roster_page.on_class_state)
        b.roster_loaded.connect(self.roster_page.on_roster_loaded)
        self.rooms_page.move_requested.connect(b.move)
        self.rooms_page.new_room_requested.connect(b.new_room)
        self.rooms_page.auto_group_requested.connect(b.auto_group)
        b.rooms_changed.connect(self.chat_page.on_rooms)
        b.chat_received.connect(self.chat_page.on_chat)
        self.chat_page.say_requested.connect(b.say)
        b.sync_changed.connect(self.show_sync)
        b.round_started.connect(self.watch_page.on_round_started)
        b.round_started.connect(self._on_round_started)
        b.frame.connect(self.watch_page.on_frame)
        self.watch_page.watching_changed.connect(b.set_watching)
        self.watch_page.pause_requested.connect(b.pause)
        self.watch_page.resume_requested.connect(b.resume)
        b.round_completed.connect(self.watch_page.on_round_completed)
        self.watch_page.fullscreen_requested.connect(lambda: self.projector_action.setChecked(True))
        b.flight_recorded.connect(self.results_page.on_flight_recorded)
        b.round_completed.connect(self.results_page.on_round_completed)
        b.results_ready.connect(self.results_page.on_results)
        b.leaderboard_ready.connect(self.results_page.on_leaderboard)
        b.exported.connect(self.results_page.on_exported)
        self.results_page.results_wanted.connect(b.load_results)
        self.results_page.leaderboard_wanted.connect(b.load_leaderboard)
        self.results_page.plot_wanted.connect(b.load_flight_plot)
        self.results_page.export_wanted.connect(b.export_round_csv)
        b.flight_plot_ready.connect(self.open_flight)
        b.flag_raised.connect(self.flags_page.on_flag)
        self.history_page.lessons_wanted.connect(b.load_lessons)
        self.history_page.lesson_wanted.connect(b.load_lesson)
        b.lessons_ready.connect(self.history_page.on_lessons)
        b.lesson_ready.connect(self.history_page.on_lesson)
        self.history_page.student_export_wanted.connect(b.export_student)
        self.history_page.student_erase_wanted.connect(b.erase_student)
        b.student_exported.connect(self.history_page.on_student_exported)
        b.student_erased.connect(self.history_page.on_student_erased)
        b.hosting.connect(self.history_page.mark_stale)
        b.round_completed.connect(self.history_page.mark_stale)
        b.stopped.connect(self._on_stopped)
        self.plan_page.next_requested.connect(b.start_planned)
        self.plan_page.report_requested.connect(lambda path: b.write_report(None, path))
        b.planned_started.connect(self.plan_page.on_planned_started)
        b.report_written.connect(self.plan_page.on_report_written)
        b.failed.connect(self.plan_page.on_failed)
        b.hosting.connect(self.plan_page.on_hosting)
        b.stopped.connect(self.plan_page.on_stopped)

    def _knobs_for(self, game: str) -> dict[str, float]:
        """The Knobs page's settings when it shows ``game`` (a planned round takes them)."""
        return self.knobs_page.knobs() if self.knobs_page.game.key == game else {}

    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    def page_index(self, page: QWidget) -> int:
        return self.stack.indexOf(page)

    # -- reactions ---------------------------------------------------------------------------
    @Slot(object)
    def _on_hosting(self, info: HostInfo) -> None:
        self.knobs_page.set_game(info.game, info.world)
        self.lesson_label.setText(
            self.tr("Hosting {0}: code {1} at {2}").format(
                info.class_name, info.join_code, info.address
            )
        )
        self.settings_page.show_hosting_key(info.public_key)
        self.roster_page.set_hosting(True)
        self.chat_page.set_hosting(True)
        self._update_actions()

    @Slot(str, str)
    def _on_failed(self, action: str, message: str) -> None:
        self.errors.append((action, message))
        log.warning("could not %s: %s", action, message)
        text = self.tr("Could not {0}: {1}").format(action, message)
        self.statusBar().showMessage(text, 15000)
        if action == "start the class":
            self.start_page.show_error(text)
        elif action == LOAD_ROSTER:
            self.roster_page.show_error(text)

    @Slot(object)
    def show_sync(self, status: SyncStatus | None) -> None:
        """The cloud sync in the status bar: what waits to be sent, the last success and
        the last error (refreshed on every pass of the host's sync)."""
        if status is None:
            self.sync_label.setText(self.tr("cloud sync off"))
            self.sync_label.setToolTip(
                self.tr("Set the cloud address and key in Settings to send results")
            )
            return
        if status.last_success_at is not None:
            last = status.last_success_at.astimezone().strftime("%H:%M:%S")
            done = self.tr("last sent {0}").format(last)
        else:
            done = self.tr("nothing sent yet")
        text = self.tr("Cloud sync: {0} waiting, {1}").format(status.pending, done)
        plan = status.entitlement
        text += self.tr("; plan {0}").format(plan.plan_name if plan.problem is None else "Free")
        tip = text + "\n" + plan.describe()
        if status.last_error and status.consecutive_failures:
            text += self.tr("; failing: {0}").format(_short(status.last_error))
            when = (
                status.last_error_at.astimezone().strftime("%H:%M:%S")
                if status.last_error_at is not None
                else "?"
            )
            tip = self.tr("Last error at {0}: {1}").format(when, status.last_error)
            tip += "\n" + plan.describe()
        self.sync_label.setText(text)
        self.sync_label.setToolTip(tip)

    @Slot(object)
    def _on_rooms(self, rooms: tuple[RoomStatus, ...]) -> None:
        self._update_actions()

    @Slot()
    def _update_actions(self) -> None:
        rooms = self.bridge.rooms
        can_start = self.bridge.hosting_now and any(not r.running and r.members for r in rooms)
        self.start_round_action.setEnabled(bool(can_start))

    @Slot(object)
    def _on_round_started(self, view: RoundView) -> None:
        self.results_page.add_round(view.round_id)
        self.show_page(self.page_index(self.watch_page))

    @Slot()
    def start_round(self) -> None:
        """A round in every room that has students waiting."""
        self.start_round_in(None)

    @Slot(object)
    def start_round_in(self, room: str | None) -> None:
        """Start the round; when a knob makes the goal impossible, ask first (No: nothing
        starts, the Knobs screen opens)."""
        warnings = self.knobs_page.warnings
        if warnings:
            question = self.tr("{0}\n\nStart the round with these knobs anyway?").format(
                "\n".join(f"⚠ {w}" for w in warnings)
            )
            if not self.confirm(self, self.tr("A knob makes the goal impossible"), question):
                self.show_page(self.page_index(self.knobs_page))
                return
        self.start_round_action.setEnabled(False)
        self.bridge.start_round(self.knobs_page.knobs(), None, room)

    @Slot(object)
    def open_flight(self, plot: FlightPlot) -> FlightDialog:
        dialog = FlightDialog(plot, self, choose_path=self.choose_path)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(
            lambda _r: self.dialogs.remove(dialog) if dialog in self.dialogs else None
        )
        self.dialogs.append(dialog)
        dialog.show()
        return dialog

    @Slot(bool)
    def set_projector(self, on: bool) -> None:
        self.nav.setVisible(not on)
        self.toolbar.setVisible(not on)
        self.statusBar().setVisible(not on)
        self.watch_page.set_projector(on)
        if on:
            self.show_page(self.page_index(self.watch_page))
            self.showFullScreen()
        else:
            self.showNormal()

    @property
    def is_stopped(self) -> bool:
        """True once the lesson ended and the host thread stopped."""
        return self._stopped

    # -- closing -------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._stopped or not self.bridge.hosting_now:
            if not self._stopped and self.bridge.info is None:
                self.bridge.shutdown()
                self._stopped = True
            event.accept()
            return
        running = self.bridge.running_rooms()
        if running and not self.confirm_close(self, running):
            event.ignore()
            return
        event.ignore()
        if self._close_when_stopped:
            return
        self._close_when_stopped = True
        self.statusBar().showMessage(self.tr("Ending the lesson: saving every result…"))
        self.setEnabled(False)
        self.bridge.close_lesson(settle_timeout=CLOSE_MARGIN_S)

    @Slot()
    def _on_stopped(self) -> None:
        self.roster_page.set_hosting(False)
        self.chat_page.set_hosting(False)
        self.bridge.shutdown()
        self._stopped = True
        if self._close_when_stopped:
            self.close()


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
