"""The live roster as a table: one row per student who joined the class, then the students
barred from this lesson, then those on the loaded roster who have not joined yet."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from admin_gui.i18n import game_text
from admin_gui.models.table import Column, RecordTableModel
from admin_gui.records import BARRED, KICKED, MISSING, OFFLINE, RosterEntry
from game.registry import all_games

PING_FRESH_S = 2  # players ping every second; older than this, say when it was last heard
# joined students first (sort keys are str or int: Qt compares those, not tuples)
ORDER = {BARRED: 1, KICKED: 1, OFFLINE: 1, MISSING: 2}


def _connection(entry: RosterEntry) -> str:
    if entry.presence == MISSING:
        return QCoreApplication.translate("RosterModel", "not joined yet")
    if entry.presence == BARRED:
        return QCoreApplication.translate("RosterModel", "barred")
    if entry.presence == KICKED:
        return QCoreApplication.translate("RosterModel", "removed")
    if entry.presence == OFFLINE:
        return QCoreApplication.translate("RosterModel", "offline")
    if not entry.connected:
        return QCoreApplication.translate("RosterModel", "not answering")
    if entry.ping_ms is not None and entry.heard_s_ago <= PING_FRESH_S:
        return QCoreApplication.translate("RosterModel", "ping {0} ms").format(entry.ping_ms)
    return QCoreApplication.translate("RosterModel", "heard {0} s ago").format(entry.heard_s_ago)


def phase_text(phase: str) -> str:
    """What a student is doing in the console's language: the console's own word (flying,
    waiting...) or, after a round, the game's word for the outcome ("crashed")."""
    words = {
        "gone": QCoreApplication.translate("RosterModel", "gone"),
        "waiting": QCoreApplication.translate("RosterModel", "waiting"),
        "ready": QCoreApplication.translate("RosterModel", "ready"),
        "paused": QCoreApplication.translate("RosterModel", "paused"),
        "flying": QCoreApplication.translate("RosterModel", "flying"),
        "watching": QCoreApplication.translate("RosterModel", "watching"),
        "lobby": QCoreApplication.translate("RosterModel", "lobby"),
    }
    if phase in words:
        return words[phase]
    for game in all_games():  # an outcome code: the first game that has it says it
        for status in game.statuses.values():
            if status.code == phase:
                return game_text(status.label)
    return phase


def _last_result(entry: RosterEntry) -> str:
    """ "crashed 0": the last round's outcome (in words) and score."""
    outcome, _, score = entry.last_result.rpartition(" ")
    return f"{phase_text(outcome)} {score}" if outcome else entry.last_result


def _now(entry: RosterEntry) -> str:
    if entry.presence == MISSING:
        return QCoreApplication.translate("RosterModel", "on the roster")
    if entry.presence == BARRED:
        return QCoreApplication.translate("RosterModel", "barred from this lesson")
    if entry.presence == KICKED:
        return QCoreApplication.translate("RosterModel", "removed by you")
    if entry.presence == OFFLINE:
        return QCoreApplication.translate("RosterModel", "left the class")
    if entry.reclaim:
        return QCoreApplication.translate("RosterModel", "asks to go on from another computer")
    return phase_text(entry.phase)


def _room(entry: RosterEntry) -> str:
    if not entry.joined:
        return ""
    return entry.room or QCoreApplication.translate("RosterModel", "lobby")


def roster_model(parent: QObject | None = None) -> RecordTableModel[RosterEntry]:
    columns: list[Column[RosterEntry]] = [
        Column(
            QCoreApplication.translate("RosterModel", "Nickname"),
            lambda e: e.nickname,
            lambda e: f"{ORDER.get(e.presence, 0)}{e.nickname.casefold()}",
        ),
        Column(
            QCoreApplication.translate("RosterModel", "Character"),
            lambda e: str(e.character) if e.joined else "",
            lambda e: ORDER.get(e.presence, 0) * 1000 + e.character,
        ),
        Column(
            QCoreApplication.translate("RosterModel", "Connection"),
            _connection,
            lambda e: (
                ORDER.get(e.presence, 0) * 10**7
                + (0 if e.connected else 10**6)
                + min(e.heard_s_ago, 10**6 - 1)
            ),
        ),
        Column(QCoreApplication.translate("RosterModel", "Room"), _room),
        Column(QCoreApplication.translate("RosterModel", "Now"), _now),
        Column(QCoreApplication.translate("RosterModel", "Last result"), _last_result),
        Column(
            QCoreApplication.translate("RosterModel", "Chat"),
            lambda e: QCoreApplication.translate("RosterModel", "muted") if e.muted else "",
        ),
    ]
    return RecordTableModel(columns, key=lambda e: e.key, parent=parent)
