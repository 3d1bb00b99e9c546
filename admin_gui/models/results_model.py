"""A round's results as stored in the database, for any game: rank, outcome, reason,
score, stars, the game's measured details and the knobs it was played with."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject

from admin_gui.i18n import game_label, game_number, game_text
from admin_gui.models.table import Column, RecordTableModel
from app.store import LeaderboardRow, StoredFlight
from game.errors import GameError
from game.registry import DEFAULT_GAME, get_game
from game.words import Words


@dataclass(frozen=True)
class ResultRow:
    rank: int
    flight: StoredFlight


def physics_summary(params: dict[str, object]) -> str:
    """The knobs the teacher changed for a round, e.g. "gravity 3.24 m/s², wind -5 m/s"
    (rounds stored before games declared knobs kept them as ``overrides``)."""
    knobs = params.get("knobs", params.get("overrides"))
    if not isinstance(knobs, dict) or not knobs:
        return QCoreApplication.translate("ResultsModel", "world default")
    try:
        declared = {k.key: k for k in get_game(str(params.get("game", DEFAULT_GAME))).knobs}
    except GameError:
        declared = {}
    parts = []
    for key, value in sorted(knobs.items()):
        knob = declared.get(str(key))
        label, unit = (game_label(knob.label), game_text(knob.unit)) if knob else (str(key), "")
        if isinstance(value, int | float):
            parts.append(f"{label} {game_number(float(value))} {unit}".strip())
    return ", ".join(parts)


def details_text(flight: StoredFlight) -> str:
    """The game's measured details of a result that have a unit ("fuel used 3.4 kg")."""
    try:
        game = get_game(flight.game)
    except GameError:
        return ""
    details = flight.breakdown.get("details")
    if not isinstance(details, dict):  # stored before games declared their details
        details = {"fuel_used": flight.fuel_used}
    parts = []
    for column in game.result_columns:
        value = details.get(column.key)
        if column.unit and isinstance(value, int | float):
            label, unit = game_label(column.label), game_text(column.unit)
            parts.append(f"{label} {game_number(value, '.1f')} {unit}")
    return ", ".join(parts)


def reason_text(flight: StoredFlight) -> str:
    """Why a stored round ended, in the console's language: the store keeps the English
    reason and, in its breakdown, the reason's template and values (``reason_words``)."""
    raw = flight.breakdown.get("reason_words")
    try:
        said = None if raw is None else Words.from_wire(raw)
    except GameError:
        said = None
    if said is None or str(said) != flight.reason:
        return game_text(flight.reason)
    return game_text(said)


def outcome_text(flight: StoredFlight) -> str:
    """The outcome in the game's words ("crashed"), in the console's language."""
    try:
        return game_text(get_game(flight.game).status_label(flight.outcome))
    except GameError:
        return flight.outcome


def ranked(flights: list[StoredFlight]) -> list[ResultRow]:
    """Rows in the order given (the store ranks by score), ties sharing a rank."""
    rows: list[ResultRow] = []
    for i, flight in enumerate(flights):
        rank = rows[-1].rank if rows and rows[-1].flight.score == flight.score else i + 1
        rows.append(ResultRow(rank, flight))
    return rows


def results_model(parent: QObject | None = None) -> RecordTableModel[ResultRow]:
    columns: list[Column[ResultRow]] = [
        Column(
            QCoreApplication.translate("ResultsModel", "#"),
            lambda r: str(r.rank),
            lambda r: r.rank,
            numeric=True,
        ),
        Column(QCoreApplication.translate("ResultsModel", "Student"), lambda r: r.flight.nickname),
        Column(
            QCoreApplication.translate("ResultsModel", "Outcome"), lambda r: outcome_text(r.flight)
        ),
        Column(QCoreApplication.translate("ResultsModel", "Why"), lambda r: reason_text(r.flight)),
        Column(
            QCoreApplication.translate("ResultsModel", "Score"),
            lambda r: str(r.flight.score),
            lambda r: r.flight.score,
            numeric=True,
        ),
        Column(
            QCoreApplication.translate("ResultsModel", "Stars"),
            lambda r: "★" * r.flight.stars,
            lambda r: r.flight.stars,
        ),
        Column(
            QCoreApplication.translate("ResultsModel", "Time (s)"),
            lambda r: f"{r.flight.flight_time_s:.1f}",
            lambda r: r.flight.flight_time_s,
            numeric=True,
        ),
        Column(
            QCoreApplication.translate("ResultsModel", "Details"), lambda r: details_text(r.flight)
        ),
        Column(
            QCoreApplication.translate("ResultsModel", "Knobs"),
            lambda r: physics_summary(r.flight.params),
        ),
    ]
    return RecordTableModel(columns, key=lambda r: r.flight.id, parent=parent)


def leaderboard_model(parent: QObject | None = None) -> RecordTableModel[LeaderboardRow]:
    columns: list[Column[LeaderboardRow]] = [
        Column(
            QCoreApplication.translate("LeaderboardModel", "Rank"),
            lambda r: str(r.rank),
            lambda r: r.rank,
            numeric=True,
        ),
        Column(QCoreApplication.translate("LeaderboardModel", "Student"), lambda r: r.nickname),
        Column(
            QCoreApplication.translate("LeaderboardModel", "Best score"),
            lambda r: str(r.score),
            lambda r: r.score,
            numeric=True,
        ),
        Column(
            QCoreApplication.translate("LeaderboardModel", "Stars"),
            lambda r: "★" * r.stars,
            lambda r: r.stars,
        ),
        Column(
            QCoreApplication.translate("LeaderboardModel", "Flights"),
            lambda r: str(r.flights),
            lambda r: r.flights,
            numeric=True,
        ),
    ]
    return RecordTableModel(columns, key=lambda r: r.student_id, parent=parent)
