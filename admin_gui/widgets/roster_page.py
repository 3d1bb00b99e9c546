"""The live roster: who joined, whether they are connected, what they are doing; move a
student to another room, mute or remove them."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from admin_gui.models.roster_model import roster_model
from admin_gui.models.table import SORT_ROLE
from admin_gui.records import RoomStatus, RosterEntry

NEW_ROOM = "\x00new"


class RosterPage(QWidget):
    mute_requested = Signal(int, bool)
    kick_requested = Signal(int)
    move_requested = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = roster_model(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.summary = QLabel(self.tr("Nobody has joined yet. Share the join code."))
        self.room_box = QComboBox()
        self.move_button = QPushButton(self.tr("Mo&ve to room"))
        self.mute_button = QPushButton(self.tr("&Mute / unmute"))
        self.kick_button = QPushButton(self.tr("Re&move from class"))
        self.move_button.clicked.connect(self._move)
        self.mute_button.clicked.connect(self._mute)
        self.kick_button.clicked.connect(self._kick)
        actions = QHBoxLayout()
        actions.addWidget(self.room_box)
        actions.addWidget(self.move_button)
        actions.addWidget(self.mute_button)
        actions.addWidget(self.kick_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.set_rooms(())
        self._update_buttons()

    def selected(self) -> RosterEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.record(self.proxy.mapToSource(rows[0]).row())

    def select_nickname(self, nickname: str) -> None:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            if self.model.record(source.row()).nickname == nickname:
                self.table.selectRow(row)
                return

    @Slot()
    def _update_buttons(self) -> None:
        entry = self.selected()
        for b in (self.move_button, self.mute_button, self.kick_button):
            b.setEnabled(entry is not None and entry.connected)

    @Slot(object)
    def on_roster(self, entries: tuple[RosterEntry, ...]) -> None:
        self.model.replace(entries)
        connected = sum(1 for e in entries if e.connected)
        if entries:
            self.summary.setText(
                self.tr("{0} students joined, {1} connected.").format(len(entries), connected)
            )
        self._update_buttons()

    @Slot(object)
    def set_rooms(self, rooms: tuple[RoomStatus, ...]) -> None:
        names = sorted(r.room for r in rooms if r.room)
        current = self.room_box.currentData()
        self.room_box.clear()
        for name in names:
            self.room_box.addItem(self.tr("Room {0}").format(name), name)
        taken = set(names)
        fresh = next((c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in taken), "Z")
        self.room_box.addItem(self.tr("New room {0}").format(fresh), fresh)
        index = self.room_box.findData(current)
        self.room_box.setCurrentIndex(max(0, index))

    @Slot()
    def _move(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.move_requested.emit(entry.player_id, str(self.room_box.currentData()))

    @Slot()
    def _mute(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.mute_requested.emit(entry.player_id, not entry.muted)

    @Slot()
    def _kick(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.kick_requested.emit(entry.player_id)
