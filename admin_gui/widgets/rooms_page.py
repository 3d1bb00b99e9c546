"""The rooms board: every room's round, its countdown and clock, and the round controls."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from admin_gui.records import RoomStatus


class RoomCard(QGroupBox):
    """One room: phase, clock, who is in it, and start / pause / resume / end for it."""

    start_requested = Signal(object)  # the room's name
    pause_requested = Signal(object)
    resume_requested = Signal(object)
    end_requested = Signal(object)

    def __init__(self, room: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.room = room
        self.setTitle(self.tr("Room {0}").format(room) if room else self.tr("Lobby"))
        self.phase = QLabel()
        big = QFont(self.font())
        big.setPointSizeF(self.font().pointSizeF() * 1.6)
        big.setBold(True)
        self.phase.setFont(big)
        self.clock = QLabel()
        self.clock.setFont(big)
        self.players = QLabel()
        self.players.setWordWrap(True)
        self.flights = QLabel()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.start_button = QPushButton(self.tr("Start"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.end_button = QPushButton(self.tr("End now"))
        self.start_button.clicked.connect(lambda: self.start_requested.emit(self.room))
        self.pause_button.clicked.connect(lambda: self.pause_requested.emit(self.room))
        self.resume_button.clicked.connect(lambda: self.resume_requested.emit(self.room))
        self.end_button.clicked.connect(lambda: self.end_requested.emit(self.room))
        buttons = QHBoxLayout()
        for b in (self.start_button, self.pause_button, self.resume_button, self.end_button):
            buttons.addWidget(b)
            b.setVisible(bool(room))  # the lobby has no round of its own
        buttons.addStretch(1)
        grid = QGridLayout(self)
        grid.addWidget(self.phase, 0, 0)
        grid.addWidget(self.clock, 0, 1)
        grid.addWidget(self.players, 1, 0)
        grid.addWidget(self.flights, 1, 1)
        grid.addWidget(self.progress, 2, 0, 1, 2)
        grid.addLayout(buttons, 3, 0, 1, 2)

    def show_status(self, status: RoomStatus) -> None:
        names = {
            "lobby": self.tr("Waiting"),
            "countdown": self.tr("Countdown"),
            "active": self.tr("Flying"),
            "paused": self.tr("Paused"),
            "finishing": self.tr("Saving results"),
            "completed": self.tr("Round over"),
        }
        phase = names.get(status.phase, status.phase)
        if status.wave > 1:
            phase = self.tr("{0}, wave {1}").format(phase, status.wave)
        self.phase.setText(phase)
        if status.phase == "countdown":
            self.clock.setText(self.tr("starts in {0:.0f} s").format(status.countdown_left + 0.49))
        elif status.phase in ("active", "paused", "finishing"):
            self.clock.setText(self.tr("{0:.0f} s left").format(status.time_left))
        else:
            self.clock.setText("")
        who = ", ".join(status.members) if status.members else self.tr("nobody")
        self.players.setText(self.tr("{0} students: {1}").format(len(status.members), who))
        if status.round_id is None:
            self.flights.setText(self.tr("no round yet") if status.room else "")
        else:
            self.flights.setText(
                self.tr("round {0} ({1}): {2} flying, {3} finished").format(
                    status.round_id, status.mode, status.flying, status.ended
                )
            )
        total = max(1, round(status.time_limit))
        self.progress.setRange(0, total)
        running = status.phase in ("active", "paused", "finishing")
        done = total - round(status.time_left) if running else 0
        self.progress.setValue(total if status.phase == "completed" else max(0, done))
        self.progress.setVisible(bool(status.room))
        self.start_button.setEnabled(not status.running and bool(status.members))
        self.pause_button.setEnabled(status.phase in ("countdown", "active"))
        self.resume_button.setEnabled(status.phase == "paused")
        self.end_button.setEnabled(status.phase in ("countdown", "active", "paused"))


class RoomsPage(QWidget):
    """Cards for every room; the buttons below act on all rooms at once."""

    start_requested = Signal(object)  # room name, or None for every room
    pause_requested = Signal(object)
    resume_requested = Signal(object)
    end_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[str, RoomCard] = {}
        self.start_button = QPushButton(self.tr("Start a &round in every room"))
        self.pause_button = QPushButton(self.tr("&Pause all"))
        self.resume_button = QPushButton(self.tr("Res&ume all"))
        self.end_button = QPushButton(self.tr("&End all now"))
        self.start_button.clicked.connect(lambda: self.start_requested.emit(None))
        self.pause_button.clicked.connect(lambda: self.pause_requested.emit(None))
        self.resume_button.clicked.connect(lambda: self.resume_requested.emit(None))
        self.end_button.clicked.connect(lambda: self.end_requested.emit(None))
        for b in (self.start_button, self.pause_button, self.resume_button, self.end_button):
            b.setEnabled(False)
        self.note = QLabel(
            self.tr(
                "Students who join during a round watch it and fly in the next one. "
                "The physics knobs apply to the next round. Ending a round now keeps "
                "every result already saved; flights still in the air get none."
            )
        )
        self.note.setWordWrap(True)
        self._cards = QVBoxLayout()
        all_row = QHBoxLayout()
        for b in (self.start_button, self.pause_button, self.resume_button, self.end_button):
            all_row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(self._cards)
        layout.addLayout(all_row)
        layout.addWidget(self.note)
        layout.addStretch(1)

    @Slot(object)
    def on_rooms(self, rooms: tuple[RoomStatus, ...]) -> None:
        names = {r.room for r in rooms}
        for gone in [n for n in self.cards if n not in names]:
            self.cards.pop(gone).deleteLater()
        for status in rooms:
            card = self.cards.get(status.room)
            if card is None:
                card = RoomCard(status.room)
                card.start_requested.connect(self.start_requested)
                card.pause_requested.connect(self.pause_requested)
                card.resume_requested.connect(self.resume_requested)
                card.end_requested.connect(self.end_requested)
                self.cards[status.room] = card
                self._cards.addWidget(card)
            card.show_status(status)
        waiting = any(not r.running and r.members for r in rooms)
        self.start_button.setEnabled(waiting)
        self.pause_button.setEnabled(any(r.phase in ("countdown", "active") for r in rooms))
        self.resume_button.setEnabled(any(r.phase == "paused" for r in rooms))
        self.end_button.setEnabled(any(r.phase in ("countdown", "active", "paused") for r in rooms))
