"""Anti-cheat flags and reports, newest last, with the action taken."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from admin_gui.models.table import Column, RecordTableModel
from admin_gui.records import FlagEntry


def flags_model(parent: QObject | None = None) -> RecordTableModel[tuple[int, FlagEntry]]:
    columns: list[Column[tuple[int, FlagEntry]]] = [
        Column(QCoreApplication.translate("FlagsModel", "Time"), lambda r: r[1].at),
        Column(QCoreApplication.translate("FlagsModel", "Student"), lambda r: r[1].nickname),
        Column(QCoreApplication.translate("FlagsModel", "Flag"), lambda r: r[1].kind),
        Column(QCoreApplication.translate("FlagsModel", "Detail"), lambda r: r[1].detail),
        Column(QCoreApplication.translate("FlagsModel", "Action taken"), lambda r: r[1].action),
    ]
    return RecordTableModel(columns, key=lambda r: r[0], parent=parent)
