"""Anti-cheat flags and reports, newest last, with the action taken."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from admin_gui.models.table import Column, RecordTableModel
from admin_gui.records import FlagEntry


def flags_model(parent: QObject | None = None) -> RecordTableModel[tuple[int, FlagEntry]]:
    t = QCoreApplication.translate
    columns: list[Column[tuple[int, FlagEntry]]] = [
        Column(t("FlagsModel", "Time"), lambda r: r[1].at),
        Column(t("FlagsModel", "Student"), lambda r: r[1].nickname),
        Column(t("FlagsModel", "Flag"), lambda r: r[1].kind),
        Column(t("FlagsModel", "Detail"), lambda r: r[1].detail),
        Column(t("FlagsModel", "Action taken"), lambda r: r[1].action),
    ]
    return RecordTableModel(columns, key=lambda r: r[0], parent=parent)
