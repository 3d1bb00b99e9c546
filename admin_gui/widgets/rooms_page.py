"""The rooms board: every room's round, its countdown and clock, and the round controls.
Students are moved by dragging them from one room's list (or from the roster) onto another
room's card; the lobby's card takes students back out of their room."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMimeData, Qt, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from admin_gui.records import RoomStatus
from admin_gui.widgets.dnd import PLAYER_MIME, player_from_mime, player_mime

ID_ROLE = Qt.ItemDataRole.UserRole + 1
LIST_ROWS = 2  # member rows a card shows before it scrolls


class MemberList(QListWidget):
    """A room's students; each can be dragged onto another room's card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAcceptDrops(False)  # drops go to the card around it
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(True)
        self.setSpacing(2)
        self.setFixedHeight((self.fontMetrics().height() + 8) * LIST_ROWS + 8)

    def show_members(self, names: tuple[str, ...], ids: tuple[int, ...]) -> None:
        pairs = list(zip(ids, names, strict=False))
        if [(self.item(i).data(ID_ROLE), self.item(i).text()) for i in range(self.count())] == [
            (pid, name) for pid, name in pairs
        ]:
            return
        self.clear()
        for pid, name in pairs:
            item = QListWidgetItem(name)
            item.setData(ID_ROLE, pid)
            self.addItem(item)

    def nicknames(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [PLAYER_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # noqa: N802
        item = items[0]
        return player_mime(int(item.data(ID_ROLE)), item.text())


class RoomCard(QGroupBox):
    """One room: phase, clock, who is in it, and start / pause / resume / end for it."""

    start_requested = Signal(object)  # the room's name
    pause_requested = Signal(object)
    resume_requested = Signal(object)
    end_requested = Signal(object)
    move_requested = Signal(int, str)  # player id, this room ("" is the lobby)

    def __init__(self, room: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.room = room
        self.setAcceptDrops(True)
        self.members = MemberList()
        self.members.setAccessibleName(
            self.tr("Students in room {0}").format(room) if room else self.tr("Students waiting")
        )
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
        self._member_ids: set[int] = set()
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
        grid.addWidget(self.members, 2, 0, 1, 2)
        grid.addWidget(self.progress, 3, 0, 1, 2)
        grid.addLayout(buttons, 4, 0, 1, 2)

    # -- dropping a student here ---------------------------------------------------------
    def _takes(self, mime: QMimeData) -> bool:
        pid = player_from_mime(mime)
        return pid is not None and pid not in self._member_ids

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if self._takes(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if self._takes(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        pid = player_from_mime(event.mimeData())
        if pid is None or pid in self._member_ids:
            event.ignore()
            return
        event.acceptProposedAction()
        self.move_requested.emit(pid, self.room)

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
        self._member_ids = set(status.member_ids)
        self.members.show_members(status.members, status.member_ids)
        if status.members:
            self.players.setText(self.tr("Students: {0}").format(len(status.members)))
        elif status.room:
            self.players.setText(self.tr("nobody yet: drag students here"))
        else:
            self.players.setText(self.tr("nobody waiting"))
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
    move_requested = Signal(int, str)  # player id, room ("" is the lobby)
    new_room_requested = Signal()
    auto_group_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: dict[str, RoomCard] = {}
        self.new_room_button = QPushButton(self.tr("&New room"))
        self.group_button = QPushButton(self.tr("Auto-&group by rating"))
        self.group_button.setToolTip(
            self.tr(
                "Every student not flying goes into new rooms of up to eight, "
                "neighbours by rating together"
            )
        )
        self.new_room_button.clicked.connect(self.new_room_requested)
        self.group_button.clicked.connect(self.auto_group_requested)
        self.new_room_button.setEnabled(False)
        self.group_button.setEnabled(False)
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
                "every result already saved; flights still in the air get none. "
                "Drag a student onto another room to move them."
            )
        )
        self.note.setWordWrap(True)
        holder = QWidget()
        self._cards = QVBoxLayout(holder)
        self._cards.setContentsMargins(0, 0, 0, 0)
        self._cards.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(holder)
        rooms_row = QHBoxLayout()
        rooms_row.addWidget(self.new_room_button)
        rooms_row.addWidget(self.group_button)
        rooms_row.addStretch(1)
        all_row = QHBoxLayout()
        for b in (self.start_button, self.pause_button, self.resume_button, self.end_button):
            all_row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(rooms_row)
        layout.addWidget(scroll, stretch=1)
        layout.addLayout(all_row)
        layout.addWidget(self.note)

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
                card.move_requested.connect(self.move_requested)
                self.cards[status.room] = card
                self._cards.insertWidget(self._cards.count() - 1, card)
            card.show_status(status)
        waiting = any(not r.running and r.members for r in rooms)
        self.start_button.setEnabled(waiting)
        self.pause_button.setEnabled(any(r.phase in ("countdown", "active") for r in rooms))
        self.resume_button.setEnabled(any(r.phase == "paused" for r in rooms))
        self.end_button.setEnabled(any(r.phase in ("countdown", "active", "paused") for r in rooms))
        self.new_room_button.setEnabled(True)
        self.group_button.setEnabled(any(r.members and not r.running for r in rooms))
