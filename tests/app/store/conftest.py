"""Helpers for the store tests: real SQLite files in tmp_path, driven clocks, sample flights."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.store import FlightRecord

T0 = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)  # a Wednesday


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "data" / "moonbase.db"


def flight(
    round_id: int,
    student_id: int,
    score: int,
    *,
    stars: int = 1,
    game: str = "lander",
    telemetry: bytes = b"",
    inputs: bytes = b"",
) -> FlightRecord:
    record = FlightRecord(
        round_id=round_id,
        student_id=student_id,
        game=game,
        world="moon",
        outcome="landed" if score > 0 else "crashed",
        reason_code="ok" if score > 0 else "too_fast",
        reason="" if score > 0 else "touched down at 4.2 m/s (limit 2.0)",
        score=score,
        stars=stars,
        breakdown={"base": 100, "fuel_bonus": score - 100, "multiplier": 1.5},
        flight_time_s=42.25,
        fuel_used=31.5,
        params={"gravity": 1.62, "seed": 7},
        telemetry=telemetry,
        inputs=inputs,
    )
    return replace(record)
