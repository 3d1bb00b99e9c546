"""A round's results as stored in the database: rank, outcome, reason, score, stars."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject

from admin_gui.models.table import Column, RecordTableModel
from app.store import LeaderboardRow, StoredFlight

KNOB_LABELS = {
    "gravity": ("g", "m/s²"),
    "air_density": ("air", "kg/m³"),
    "wind": ("wind", "m/s"),
    "thrust_scale": ("thrust ×", ""),
    "fuel": ("fuel", "kg"),
}


@dataclass(frozen=True)
class ResultRow:
    rank: int
    flight: StoredFlight


def physics_summary(params: dict[str, object]) -> str:
    """The teacher's overrides a flight flew with, e.g. "g 3.24 m/s², wind -5 m/s"."""
    overrides = params.get("overrides")
    if not isinstance(overrides, dict) or not overrides:
        return QCoreApplication.translate("ResultsModel", "world default")
    parts = []
    for knob, value in sorted(overrides.items()):
        label, unit = KNOB_LABELS.get(str(knob), (str(knob), ""))
        parts.append(f"{label} {float(value):g} {unit}".strip())
    return ", ".join(parts)


def ranked(flights: list[StoredFlight]) -> list[ResultRow]:
    """Rows in the order given (the store ranks by score), ties sharing a rank."""
    rows: list[ResultRow] = []
    for i, flight in enumerate(flights):
        rank = rows[-1].rank if rows and rows[-1].flight.score == flight.score else i + 1
        rows.append(ResultRow(rank, flight))
    return rows


def results_model(parent: QObject | None = None) -> RecordTableModel[ResultRow]:
    t = QCoreApplication.translate
    columns: list[Column[ResultRow]] = [
        Column(t("ResultsModel", "#"), lambda r: str(r.rank), lambda r: r.rank, numeric=True),
        Column(t("ResultsModel", "Student"), lambda r: r.flight.nickname),
        Column(t("ResultsModel", "Outcome"), lambda r: r.flight.outcome),
        Column(t("ResultsModel", "Why"), lambda r: r.flight.reason),
        Column(
            t("ResultsModel", "Score"),
            lambda r: str(r.flight.score),
            lambda r: r.flight.score,
            numeric=True,
        ),
        Column(
            t("ResultsModel", "Stars"), lambda r: "★" * r.flight.stars, lambda r: r.flight.stars
        ),
        Column(
            t("ResultsModel", "Time (s)"),
            lambda r: f"{r.flight.flight_time_s:.1f}",
            lambda r: r.flight.flight_time_s,
            numeric=True,
        ),
        Column(
            t("ResultsModel", "Fuel used (kg)"),
            lambda r: f"{r.flight.fuel_used:.1f}",
            lambda r: r.flight.fuel_used,
            numeric=True,
        ),
        Column(t("ResultsModel", "Physics"), lambda r: physics_summary(r.flight.params)),
    ]
    return RecordTableModel(columns, key=lambda r: r.flight.id, parent=parent)


def leaderboard_model(parent: QObject | None = None) -> RecordTableModel[LeaderboardRow]:
    t = QCoreApplication.translate
    columns: list[Column[LeaderboardRow]] = [
        Column(
            t("LeaderboardModel", "Rank"), lambda r: str(r.rank), lambda r: r.rank, numeric=True
        ),
        Column(t("LeaderboardModel", "Student"), lambda r: r.nickname),
        Column(
            t("LeaderboardModel", "Best score"),
            lambda r: str(r.score),
            lambda r: r.score,
            numeric=True,
        ),
        Column(t("LeaderboardModel", "Stars"), lambda r: "★" * r.stars, lambda r: r.stars),
        Column(
            t("LeaderboardModel", "Flights"),
            lambda r: str(r.flights),
            lambda r: r.flights,
            numeric=True,
        ),
    ]
    return RecordTableModel(columns, key=lambda r: r.student_id, parent=parent)
