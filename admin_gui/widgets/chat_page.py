"""The class chat: read what each room writes (muted students' lines too, marked: only the
teacher sees them) and write to one room or to everyone."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from admin_gui.records import ChatEntry, RoomStatus
from app.host.moderation import MAX_CHAT

ALL = "\x00all"  # the "show" filter: every room
LOBBY_CHAT = "lobby"  # the host's room name for lines written in the lobby
TO_ALL = "*"  # the teacher's lines to everyone
MAX_LINES = 2000  # oldest lines drop off the screen (the database keeps them all)
HELD = QColor("#9e9e9e")
TEACHER_COLOUR = QColor("#1565c0")


class ChatPage(QWidget):
    say_requested = Signal(str, object)  # text, room (None: everyone)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[ChatEntry] = []
        self._pending: str | None = None
        self.show_box = QComboBox()
        self.show_box.addItem(self.tr("All rooms"), ALL)
        self.show_box.addItem(self.tr("Lobby"), LOBBY_CHAT)
        self.show_box.currentIndexChanged.connect(self._refilter)
        self.log = QListWidget()
        self.log.setAccessibleName(self.tr("Chat lines"))
        self.log.setWordWrap(True)
        self.to_box = QComboBox()
        self.to_box.addItem(self.tr("Everyone"), None)
        self.line = QLineEdit()
        self.line.setMaxLength(MAX_CHAT)
        self.line.setPlaceholderText(self.tr("Write to the students…"))
        self.send_button = QPushButton(self.tr("&Send"))
        self.send_button.setEnabled(False)
        self.line.returnPressed.connect(self._send)
        self.send_button.clicked.connect(self._send)
        self.line.textChanged.connect(self._update_send)
        self.note = QLabel(
            self.tr(
                "Lines of muted students reach nobody; they are shown here in grey. "
                "Every line is kept with the lesson."
            )
        )
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show")))
        top.addWidget(self.show_box)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(self.tr("To")))
        bottom.addWidget(self.to_box)
        bottom.addWidget(self.line, stretch=1)
        bottom.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.log, stretch=1)
        layout.addLayout(bottom)
        layout.addWidget(self.note)
        self._hosting = False

    def set_hosting(self, on: bool) -> None:
        self._hosting = on
        self._update_send()

    @Slot()
    def _update_send(self) -> None:
        self.send_button.setEnabled(self._hosting and bool(self.line.text().strip()))

    @Slot(object)
    def on_rooms(self, rooms: tuple[RoomStatus, ...]) -> None:
        names = sorted(r.room for r in rooms if r.room)
        _sync_rooms(self.show_box, names, first=2, label=self.tr("Room {0}"))
        _sync_rooms(self.to_box, names, first=1, label=self.tr("Room {0}"))

    @Slot(object)
    def on_chat(self, entry: ChatEntry) -> None:
        self.entries.append(entry)
        if len(self.entries) > MAX_LINES:
            del self.entries[0]
        if entry.teacher and self._pending is not None:
            self._pending = None
            self.line.clear()
        if self._wanted(entry):
            self.log.addItem(self._item(entry))
            while self.log.count() > MAX_LINES:
                self.log.takeItem(0)
            self.log.scrollToBottom()

    def shown_lines(self) -> list[str]:
        return [self.log.item(i).text() for i in range(self.log.count())]

    def _wanted(self, entry: ChatEntry) -> bool:
        shown = self.show_box.currentData()
        return shown == ALL or entry.room in (shown, TO_ALL)

    def _item(self, entry: ChatEntry) -> QListWidgetItem:
        if entry.room == TO_ALL:
            where = self.tr("everyone")
        elif entry.room == LOBBY_CHAT:
            where = self.tr("lobby")
        else:
            where = self.tr("room {0}").format(entry.room)
        text = f"{entry.at}  [{where}]  {entry.sender}: {entry.text}"
        if not entry.delivered:
            text += "  " + self.tr("(muted: not delivered)")
        elif entry.filtered:
            text += "  " + self.tr("(filtered)")
        item = QListWidgetItem(text)
        if not entry.delivered:
            item.setForeground(QBrush(HELD))
        elif entry.teacher:
            item.setForeground(QBrush(TEACHER_COLOUR))
        return item

    @Slot()
    def _refilter(self) -> None:
        self.log.clear()
        for entry in self.entries:
            if self._wanted(entry):
                self.log.addItem(self._item(entry))
        self.log.scrollToBottom()

    @Slot()
    def _send(self) -> None:
        text = self.line.text().strip()
        if not text or not self._hosting:
            return
        self._pending = text
        self.say_requested.emit(text, self.to_box.currentData())


def _sync_rooms(box: QComboBox, names: list[str], *, first: int, label: str) -> None:
    """Make the room entries of ``box`` (after its ``first`` fixed ones) equal ``names``,
    keeping the current choice when its room still exists."""
    have = [box.itemData(i) for i in range(first, box.count())]
    if have == names:
        return
    current = box.currentData()
    blocked = box.blockSignals(True)
    while box.count() > first:
        box.removeItem(first)
    for name in names:
        box.addItem(label.format(name), name)
    index = box.findData(current)
    box.setCurrentIndex(index if index >= 0 else 0)
    box.blockSignals(blocked)
    if box.currentData() != current:
        box.currentIndexChanged.emit(box.currentIndex())
