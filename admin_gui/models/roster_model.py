"""The live roster as a table: one row per student who joined the class."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from admin_gui.models.table import Column, RecordTableModel
from admin_gui.records import RosterEntry


def _connection(entry: RosterEntry) -> str:
    if not entry.connected:
        return QCoreApplication.translate("RosterModel", "left")
    return QCoreApplication.translate("RosterModel", "heard {0} s ago").format(entry.heard_s_ago)


def roster_model(parent: QObject | None = None) -> RecordTableModel[RosterEntry]:
    t = QCoreApplication.translate
    columns: list[Column[RosterEntry]] = [
        Column(t("RosterModel", "Nickname"), lambda e: e.nickname, lambda e: e.nickname.casefold()),
        Column(t("RosterModel", "Character"), lambda e: str(e.character), lambda e: e.character),
        Column(
            t("RosterModel", "Connection"), _connection, lambda e: (not e.connected, e.heard_s_ago)
        ),
        Column(t("RosterModel", "Room"), lambda e: e.room or t("RosterModel", "lobby")),
        Column(t("RosterModel", "Now"), lambda e: e.phase),
        Column(t("RosterModel", "Last result"), lambda e: e.last_result),
        Column(t("RosterModel", "Chat"), lambda e: t("RosterModel", "muted") if e.muted else ""),
    ]
    return RecordTableModel(columns, key=lambda e: e.player_id, parent=parent)
