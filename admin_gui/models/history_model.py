"""Past lessons and a lesson's rounds as tables (times shown in this computer's zone)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject

from admin_gui.i18n import game_text
from admin_gui.models.results_model import physics_summary
from admin_gui.models.table import Column, RecordTableModel
from app.store import LessonInfo, LessonRound
from game.errors import GameError
from game.registry import get_game

WHEN = "%a %d %b %Y, %H:%M"


def local_time(at: datetime, fmt: str = WHEN) -> str:
    return at.astimezone().strftime(fmt)


def lesson_length(lesson: LessonInfo) -> str:
    """ "50 min", or "still open" for a lesson that has not ended."""
    if lesson.ended_at is None:
        return QCoreApplication.translate("HistoryModel", "still open")
    minutes = max(0, round((lesson.ended_at - lesson.started_at).total_seconds() / 60))
    return QCoreApplication.translate("HistoryModel", "{0} min").format(minutes)


def round_end(r: LessonRound) -> str:
    if r.end_state is None:
        return QCoreApplication.translate("HistoryModel", "running")
    labels = {
        "completed": QCoreApplication.translate("HistoryModel", "completed"),
        "ended": QCoreApplication.translate("HistoryModel", "ended by teacher"),
        "interrupted": QCoreApplication.translate("HistoryModel", "interrupted"),
    }
    return labels.get(r.end_state, r.end_state)


def lessons_model(parent: QObject | None = None) -> RecordTableModel[LessonInfo]:
    columns: list[Column[LessonInfo]] = [
        Column(
            QCoreApplication.translate("HistoryModel", "Started"),
            lambda r: local_time(r.started_at),
            lambda r: r.started_at.timestamp(),
        ),
        Column(
            QCoreApplication.translate("HistoryModel", "Class"),
            lambda r: r.class_name,
            lambda r: r.class_name.casefold(),
        ),
        Column(QCoreApplication.translate("HistoryModel", "Join code"), lambda r: r.join_code),
        Column(
            QCoreApplication.translate("HistoryModel", "Length"),
            lesson_length,
            lambda r: -1.0 if r.ended_at is None else (r.ended_at - r.started_at).total_seconds(),
        ),
        Column(
            QCoreApplication.translate("HistoryModel", "Rounds"),
            lambda r: str(r.rounds),
            lambda r: r.rounds,
            True,
        ),
        Column(
            QCoreApplication.translate("HistoryModel", "Flights"),
            lambda r: str(r.flights),
            lambda r: r.flights,
            True,
        ),
        Column(
            QCoreApplication.translate("HistoryModel", "Students"),
            lambda r: str(r.students),
            lambda r: r.students,
            True,
        ),
    ]
    return RecordTableModel(columns, key=lambda r: r.id, parent=parent)


def game_title(key: str) -> str:
    """The game's title, or its key for a game this console does not know."""
    try:
        return game_text(get_game(key).title)
    except GameError:
        return key


def rounds_model(parent: QObject | None = None) -> RecordTableModel[LessonRound]:
    columns: list[Column[LessonRound]] = [
        Column(
            QCoreApplication.translate("HistoryModel", "Round"),
            lambda r: str(r.id),
            lambda r: r.id,
            True,
        ),
        Column(
            QCoreApplication.translate("HistoryModel", "Time"),
            lambda r: local_time(r.started_at, "%H:%M"),
        ),
        Column(QCoreApplication.translate("HistoryModel", "Room"), lambda r: r.room),
        Column(QCoreApplication.translate("HistoryModel", "Game"), lambda r: game_title(r.game)),
        Column(QCoreApplication.translate("HistoryModel", "World"), lambda r: r.world),
        Column(QCoreApplication.translate("HistoryModel", "Mode"), lambda r: r.mode),
        Column(QCoreApplication.translate("HistoryModel", "End"), round_end),
        Column(
            QCoreApplication.translate("HistoryModel", "Flights"),
            lambda r: str(r.flights),
            lambda r: r.flights,
            True,
        ),
        Column(
            QCoreApplication.translate("HistoryModel", "Best"),
            lambda r: "" if r.best_score is None else str(r.best_score),
            lambda r: -1 if r.best_score is None else r.best_score,
            True,
        ),
        Column(
            QCoreApplication.translate("HistoryModel", "Knobs"), lambda r: physics_summary(r.params)
        ),
    ]
    return RecordTableModel(columns, key=lambda r: r.id, parent=parent)
