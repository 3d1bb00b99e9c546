"""Watch live: the spectator view of the room, with the round's Pause / Resume and a
projector (full-screen) switch. The view says PAUSED while the round is paused, names the
knobs the teacher changed, and shows the winner when the round is over."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from admin_gui.records import RoundView, SpectatorFrame
from admin_gui.widgets.spectator_view import SpectatorView
from app.store import StoredFlight

RUNNING = ("countdown", "active", "paused")


class WatchPage(QWidget):
    watching_changed = Signal(bool)
    fullscreen_requested = Signal()
    pause_requested = Signal(object)  # the room
    resume_requested = Signal(object)  # the room

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = SpectatorView()
        self.pause_button = QPushButton(self.tr("&Pause round"))
        self.pause_button.setToolTip(self.tr("Ctrl+P pauses or resumes, in the projector too"))
        self.pause_button.setEnabled(False)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.fullscreen_button = QPushButton(self.tr("Pro&jector view (F11)"))
        self.fullscreen_button.clicked.connect(self.fullscreen_requested)
        self.hint = QLabel(
            self.tr("Names are drawn over the players; Esc leaves the projector view.")
        )
        self.hint.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.hint, stretch=1)
        bar.addWidget(self.pause_button)
        bar.addWidget(self.fullscreen_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, stretch=1)
        self.controls = (self.hint, self.pause_button, self.fullscreen_button)
        self._phase = ""

    def set_projector(self, on: bool) -> None:
        for w in self.controls:
            w.setVisible(not on)

    @property
    def room(self) -> str | None:
        view = self.view.round_view
        return None if view is None else view.room

    @Slot()
    def toggle_pause(self) -> None:
        """Pause the watched room's round, or resume it when it is paused."""
        if self.room is None or self._phase not in RUNNING:
            return
        if self._phase == "paused":
            self.resume_requested.emit(self.room)
        else:
            self.pause_requested.emit(self.room)

    def _show_phase(self, phase: str) -> None:
        self._phase = phase
        self.pause_button.setEnabled(phase in RUNNING)
        self.pause_button.setText(
            self.tr("&Resume round") if phase == "paused" else self.tr("&Pause round")
        )

    @Slot(object)
    def on_round_started(self, view: RoundView) -> None:
        self.view.set_round(view)
        self._show_phase("countdown")

    @Slot(object)
    def on_frame(self, frame: SpectatorFrame) -> None:
        self.view.set_frame(frame)
        if self.view.frame is frame:
            self._show_phase(frame.phase)

    @Slot(int, object)
    def on_round_completed(self, round_id: int, flights: Sequence[StoredFlight]) -> None:
        self.view.set_winner(round_id, self.winner_text(flights))
        if self.view.round_view is not None and self.view.round_view.round_id == round_id:
            self._show_phase("completed")

    def winner_text(self, flights: Sequence[StoredFlight]) -> str:
        if not flights:
            return self.tr("Round over: no results")
        best = max(f.score for f in flights)
        names = [f.nickname for f in flights if f.score == best]
        if len(names) == 1:
            return self.tr("Winner: {0}, {1} points").format(names[0], best)
        return self.tr("Winners: {0}, {1} points").format(", ".join(names), best)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.watching_changed.emit(True)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        self.watching_changed.emit(False)
