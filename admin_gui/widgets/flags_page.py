"""Flags: anti-cheat flags from the host, in one list, with the action taken."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from admin_gui.models.flags_model import flags_model
from admin_gui.records import FlagEntry


class FlagsPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = flags_model(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        note = QLabel(
            self.tr(
                "The host checks every message: too many inputs a second, values out of range "
                "or not numbers. Offending messages are dropped and listed here."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        self._count = 0

    @Slot(object)
    def on_flag(self, entry: FlagEntry) -> None:
        self._count += 1
        self.model.upsert((self._count, entry))
