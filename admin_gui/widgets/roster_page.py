"""The live roster: who joined, whether they are connected, what they are doing; move a
student to another room (on the Rooms screen they can be dragged between rooms), mute or
remove them. A roster CSV limits who may join; its students who have not joined yet, and
students barred from this lesson, are listed below the others."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from admin_gui.dialogs.confirm import Confirm, ask_confirm
from admin_gui.models.roster_model import roster_model
from admin_gui.models.table import SORT_ROLE
from admin_gui.records import (
    BARRED,
    KICKED,
    MISSING,
    OFFLINE,
    ClassState,
    RoomStatus,
    RosterEntry,
)

NEW_ROOM = "\x00new"
MISSING_SHOWN = 12  # names listed in the summary line; the table has them all

FileChooser = Callable[[QWidget], str | None]


def ask_roster_file(parent: QWidget) -> str | None:
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("RosterPage", "Load roster CSV"),
        "",
        QCoreApplication.translate("RosterPage", "CSV files (*.csv *.txt);;All files (*)"),
    )
    return path or None


class RosterPage(QWidget):
    mute_requested = Signal(int, bool)
    kick_requested = Signal(int)
    move_requested = Signal(int, str)
    roster_file_chosen = Signal(str)
    clear_roster_requested = Signal()
    lift_bar_requested = Signal(str)
    readmit_requested = Signal(str)
    hide_ranks_requested = Signal(bool)
    reclaim_approved = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        choose_file: FileChooser = ask_roster_file,
        confirm: Confirm = ask_confirm,
    ) -> None:
        super().__init__(parent)
        self.choose_file = choose_file
        self.confirm = confirm
        self._reselect: tuple[str, int] | None = None  # nickname, row: after a removal
        self.model = roster_model(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setAccessibleName(self.tr("Students in the class"))
        remove_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self._kick)
        self.summary = QLabel(self.tr("Nobody has joined yet. Share the join code."))
        self.summary.setWordWrap(True)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.hide()
        self.roster_state = QLabel(self.tr("No roster loaded: anyone with the join code may join."))
        self.load_button = QPushButton(self.tr("&Load roster CSV…"))
        self.clear_button = QPushButton(self.tr("Let &anyone join"))
        self.hide_ranks = QCheckBox(self.tr("&Hide ranks until the round ends"))
        self.hide_ranks.setToolTip(
            self.tr("Students see only their own score while a round runs; all scores after it")
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.load_button.clicked.connect(self._load)
        self.clear_button.clicked.connect(self.clear_roster_requested)
        self.hide_ranks.toggled.connect(self.hide_ranks_requested)
        self.room_box = QComboBox()
        self.move_button = QPushButton(self.tr("Mo&ve to room"))
        self.mute_button = QPushButton(self.tr("&Mute / unmute"))
        self.kick_button = QPushButton(self.tr("&Remove from class…"))
        self.kick_button.setToolTip(self.tr("Asks first; the Delete key does the same"))
        self.lift_button = QPushButton(self.tr("Lift &bar"))
        self.lift_button.setToolTip(self.tr("Let a barred student join this lesson again"))
        self.reclaim_button = QPushButton(self.tr("Let &go on from another computer"))
        self.reclaim_button.setToolTip(
            self.tr(
                "The student's computer went quiet and they ask to go on from another one: "
                "their next join there takes the seat, round and history"
            )
        )
        self.reclaim_button.clicked.connect(self._approve_reclaim)
        self.move_button.clicked.connect(self._move)
        self.mute_button.clicked.connect(self._mute)
        self.kick_button.clicked.connect(self._kick)
        self.lift_button.clicked.connect(self._lift)
        top = QHBoxLayout()
        top.addWidget(self.load_button)
        top.addWidget(self.clear_button)
        top.addWidget(self.roster_state, stretch=1)
        top.addWidget(self.hide_ranks)
        actions = QHBoxLayout()
        actions.addWidget(self.room_box)
        actions.addWidget(self.move_button)
        actions.addWidget(self.mute_button)
        actions.addWidget(self.kick_button)
        actions.addWidget(self.lift_button)
        actions.addWidget(self.reclaim_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.missing_label)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.set_rooms(())
        self.set_hosting(False)
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

    def set_hosting(self, on: bool) -> None:
        """The roster controls work once a class is hosted."""
        for w in (self.load_button, self.clear_button, self.hide_ranks):
            w.setEnabled(on)

    def show_error(self, text: str) -> None:
        self.message.setStyleSheet("color: #c62828;")
        self.message.setText(text)
        self.message.show()

    @Slot(int)
    def on_roster_loaded(self, nicknames: int) -> None:
        self.message.setStyleSheet("")
        self.message.setText(
            self.tr("Roster loaded: {0} nicknames may join; nobody else can.").format(nicknames)
        )
        self.message.show()

    @Slot()
    def _update_buttons(self) -> None:
        entry = self.selected()
        live = entry is not None and entry.joined and entry.connected
        for b in (self.move_button, self.mute_button, self.kick_button):
            b.setEnabled(live)
        self.lift_button.setEnabled(entry is not None and entry.presence in (BARRED, KICKED))
        self.reclaim_button.setEnabled(entry is not None and entry.joined and entry.reclaim)
        if entry is not None and entry.presence == KICKED:
            self.lift_button.setText(self.tr("Let back &in"))
            self.lift_button.setToolTip(self.tr("Let a student you removed join this lesson again"))
        else:
            self.lift_button.setText(self.tr("Lift &bar"))
            self.lift_button.setToolTip(self.tr("Let a barred student join this lesson again"))

    @Slot(object)
    def on_roster(self, entries: tuple[RosterEntry, ...]) -> None:
        self.model.replace(entries)
        if self._reselect is not None:
            # after a removal the selection stays on the removed student's row (Qt would
            # move it to the next student, where a second Remove would hit someone else)
            nickname, row = self._reselect
            still = [e for e in entries if e.joined and e.nickname == nickname]
            if not still:
                self._reselect = None
                self.table.clearSelection()
                self.select_nickname(nickname)
                if self.selected() is None and self.proxy.rowCount():
                    self.table.selectRow(min(row, self.proxy.rowCount() - 1))
        joined = [e for e in entries if e.joined]
        connected = sum(1 for e in joined if e.connected)
        barred = sum(1 for e in entries if e.presence == BARRED)
        if joined:
            text = self.tr("{0} students joined, {1} connected.").format(len(joined), connected)
        else:
            text = self.tr("Nobody has joined yet. Share the join code.")
        if barred:
            text += " " + self.tr("{0} barred from this lesson.").format(barred)
        offline = sum(1 for e in entries if e.presence == OFFLINE)
        if offline:
            text += " " + self.tr("{0} left the class (offline).").format(offline)
        for e in entries:
            if e.reclaim:
                text += " " + self.tr(
                    "{0} asks to go on from another computer: select them and press "
                    "Let go on from another computer."
                ).format(e.nickname)
        self.summary.setText(text)
        missing = [e.nickname for e in entries if e.presence == MISSING]
        if missing:
            shown = ", ".join(missing[:MISSING_SHOWN])
            if len(missing) > MISSING_SHOWN:
                shown += self.tr(" and {0} more").format(len(missing) - MISSING_SHOWN)
            self.missing_label.setText(
                self.tr("Not joined yet ({0}): {1}").format(len(missing), shown)
            )
        self.missing_label.setVisible(bool(missing))
        self._update_buttons()

    @Slot(object)
    def on_class_state(self, state: ClassState) -> None:
        blocked = self.hide_ranks.blockSignals(True)
        self.hide_ranks.setChecked(state.hide_ranks)
        self.hide_ranks.blockSignals(blocked)
        if state.roster_size is None:
            self.roster_state.setText(
                self.tr("No roster loaded: anyone with the join code may join.")
            )
        else:
            self.roster_state.setText(
                self.tr("Roster: {0} nicknames; only they may join.").format(state.roster_size)
            )
        self.clear_button.setEnabled(self.load_button.isEnabled() and state.roster_size is not None)

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
    def _load(self) -> None:
        path = self.choose_file(self)
        if path:
            self.message.hide()
            self.roster_file_chosen.emit(path)

    @Slot()
    def _move(self) -> None:
        entry = self.selected()
        if entry is not None and entry.joined:
            self.move_requested.emit(entry.player_id, str(self.room_box.currentData()))

    @Slot()
    def _mute(self) -> None:
        entry = self.selected()
        if entry is not None and entry.joined:
            self.mute_requested.emit(entry.player_id, not entry.muted)

    @Slot()
    def _kick(self) -> None:
        entry = self.selected()
        if entry is None or not entry.joined:
            return
        question = self.tr(
            "Remove {0} from the class? They cannot join this lesson again until you let "
            "them back in; their results are kept."
        ).format(entry.nickname)
        if not self.confirm(self, self.tr("Remove a student"), question):
            return
        rows = self.table.selectionModel().selectedRows()
        self._reselect = (entry.nickname, rows[0].row() if rows else 0)
        self.kick_requested.emit(entry.player_id)

    @Slot()
    def _approve_reclaim(self) -> None:
        entry = self.selected()
        if entry is not None and entry.reclaim:
            self.reclaim_approved.emit(entry.nickname)

    @Slot()
    def _lift(self) -> None:
        entry = self.selected()
        if entry is not None and entry.presence == BARRED:
            self.lift_bar_requested.emit(entry.nickname)
        elif entry is not None and entry.presence == KICKED:
            self.readmit_requested.emit(entry.nickname)
