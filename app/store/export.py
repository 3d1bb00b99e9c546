"""Exports: flights as CSV a student can read and a teacher can grade, and a student's whole
data as one JSON-ready dict (the COPPA/GDPR "give me my data" request)."""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Sequence

from app.store.records import StoredFlight

CSV_COLUMNS = (
    "flight_id",
    "result_uid",
    "round_id",
    "student_id",
    "nickname",
    "game",
    "world",
    "outcome",
    "reason_code",
    "reason",
    "score",
    "stars",
    "flight_time_s",
    "fuel_used",
    "created_at_utc",
    "breakdown",
    "params",
)
TELEMETRY_COLUMNS = ("telemetry_base64", "inputs_base64")


def flight_row(flight: StoredFlight) -> list[object]:
    return [
        flight.id,
        flight.result_uid,
        flight.round_id,
        flight.student_id,
        flight.nickname,
        flight.game,
        flight.world,
        flight.outcome,
        flight.reason_code,
        flight.reason,
        flight.score,
        flight.stars,
        f"{flight.flight_time_s:.3f}",
        f"{flight.fuel_used:.3f}",
        flight.created_at.isoformat(),
        json.dumps(flight.breakdown, sort_keys=True),
        json.dumps(flight.params, sort_keys=True),
    ]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def flights_csv(
    flights: Sequence[StoredFlight], blobs: Sequence[tuple[bytes, bytes]] | None = None
) -> str:
    """CSV text (header first); with ``blobs`` each row also carries telemetry and inputs."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *(TELEMETRY_COLUMNS if blobs is not None else ())])
    for index, flight in enumerate(flights):
        row = flight_row(flight)
        if blobs is not None:
            telemetry, inputs = blobs[index]
            row += [b64(telemetry), b64(inputs)]
        writer.writerow(row)
    return out.getvalue()


def flight_dict(flight: StoredFlight, telemetry: bytes, inputs: bytes) -> dict[str, object]:
    return {
        "id": flight.id,
        "result_uid": flight.result_uid,
        "round_id": flight.round_id,
        "game": flight.game,
        "world": flight.world,
        "outcome": flight.outcome,
        "reason_code": flight.reason_code,
        "reason": flight.reason,
        "score": flight.score,
        "stars": flight.stars,
        "breakdown": flight.breakdown,
        "flight_time_s": flight.flight_time_s,
        "fuel_used": flight.fuel_used,
        "params": flight.params,
        "created_at": flight.created_at.isoformat(),
        "telemetry_base64": b64(telemetry),
        "inputs_base64": b64(inputs),
    }
