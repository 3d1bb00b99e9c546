"""Exports: results of any game as CSV a student can read and a teacher can grade, and a
student's whole data as one JSON-ready dict (the COPPA/GDPR "give me my data" request)."""

from __future__ import annotations

import base64
import contextlib
import csv
import io
from collections.abc import Sequence

from app.store.records import StoredFlight
from game.errors import GameError
from game.registry import get_game

CSV_COLUMNS = (
    "rank",
    "nickname",
    "game",
    "world",
    "mode",
    "outcome",
    "reason",
    "score",
    "stars",
    "time_s",
)
TAIL_COLUMNS = (
    "reason_code",
    "round_id",
    "flight_id",
    "student_id",
    "created_at_utc",
    "result_uid",
)
TELEMETRY_COLUMNS = ("telemetry_base64", "inputs_base64")


def result_values(flight: StoredFlight) -> dict[str, object]:
    """A result's breakdown items and measured details by key, whatever the shape it was
    stored in (every game's ``PlayerResult``, or the lander's result before games had one)."""
    out: dict[str, object] = {}
    b = flight.breakdown
    lines = b.get("breakdown")
    if isinstance(lines, list):  # game.api.PlayerResult.to_dict()
        for line in lines:
            if isinstance(line, list) and len(line) in (4, 5) and isinstance(line[0], str):
                out[line[0]] = line[2]
        details = b.get("details")
        if isinstance(details, dict):
            out.update({str(k): v for k, v in details.items()})
        return out
    legacy = b.get("score")
    if isinstance(legacy, dict):  # the lander's FlightResult of version 1
        out.update({str(k): v for k, v in legacy.items() if k != "total"})
    else:
        out.update({k: v for k, v in b.items() if isinstance(v, int | float | str)})
    out["fuel_used"] = flight.fuel_used
    return out


def _knobs(flight: StoredFlight) -> dict[str, object]:
    effective = flight.params.get("effective")
    return dict(effective) if isinstance(effective, dict) else {}


def _ranks(flights: Sequence[StoredFlight]) -> dict[int, int]:
    """Rank by score within each round, ties sharing a rank."""
    out: dict[int, int] = {}
    by_round: dict[int, list[StoredFlight]] = {}
    for f in flights:
        by_round.setdefault(f.round_id, []).append(f)
    for rows in by_round.values():
        ordered = sorted(rows, key=lambda f: -f.score)
        for i, f in enumerate(ordered):
            same = i > 0 and ordered[i - 1].score == f.score
            out[f.id] = out[ordered[i - 1].id] if same else i + 1
    return out


def _cell(value: object) -> object:
    if isinstance(value, float):
        return f"{value:.6g}"
    return "" if value is None else value


def flights_csv(
    flights: Sequence[StoredFlight], blobs: Sequence[tuple[bytes, bytes]] | None = None
) -> str:
    """CSV text a spreadsheet reads as it is: a rank, the student, the outcome in words, the
    score, then one column per breakdown item and measured detail of the game (in the order
    the game declares them), then one column per knob the round was played with
    (``knob_<name>``), then the identifiers. No JSON blobs. With ``blobs`` each row also
    carries telemetry and inputs (base64)."""
    values = [result_values(f) for f in flights]
    declared: list[str] = []
    for f in flights:
        with contextlib.suppress(GameError):  # a game this copy does not know: its own keys
            declared += [c.key for c in get_game(f.game).result_columns]
    result_keys = list(dict.fromkeys([*declared, *(k for v in values for k in v)]))
    knob_keys = list(dict.fromkeys(k for f in flights for k in _knobs(f)))
    ranks = _ranks(flights)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            *CSV_COLUMNS,
            *result_keys,
            *(f"knob_{k}" for k in knob_keys),
            *TAIL_COLUMNS,
            *(TELEMETRY_COLUMNS if blobs is not None else ()),
        ]
    )
    for index, (flight, result) in enumerate(zip(flights, values, strict=True)):
        knobs = _knobs(flight)
        mode = flight.breakdown.get("mode", "")
        row: list[object] = [
            ranks[flight.id],
            flight.nickname,
            flight.game,
            flight.world,
            mode,
            flight.outcome,
            flight.reason,
            flight.score,
            flight.stars,
            f"{flight.flight_time_s:.3f}",
            *(_cell(result.get(k)) for k in result_keys),
            *(_cell(knobs.get(k)) for k in knob_keys),
            flight.reason_code,
            flight.round_id,
            flight.id,
            flight.student_id,
            flight.created_at.isoformat(),
            flight.result_uid,
        ]
        if blobs is not None:
            telemetry, inputs = blobs[index]
            row += [b64(telemetry), b64(inputs)]
        writer.writerow(row)
    return out.getvalue()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


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
