"""The plain values going into and coming out of the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class FlightRecord:
    """One finished flight as the host hands it over to be stored."""

    round_id: int
    student_id: int
    game: str
    world: str
    outcome: str
    reason_code: str
    reason: str
    score: int
    stars: int
    breakdown: dict[str, object]
    flight_time_s: float
    fuel_used: float
    params: dict[str, object]
    telemetry: bytes
    inputs: bytes = b""  # the recorded input stream, so the flight can be replayed


@dataclass(frozen=True)
class StoredFlight:
    """A flight as committed: its row id and the uid the cloud deduplicates on."""

    id: int
    result_uid: str
    round_id: int
    student_id: int
    nickname: str
    outcome: str
    reason_code: str
    reason: str
    score: int
    stars: int
    breakdown: dict[str, object]
    flight_time_s: float
    fuel_used: float
    params: dict[str, object]
    created_at: datetime
    game: str
    world: str


@dataclass(frozen=True)
class LeaderboardRow:
    rank: int
    student_id: int
    nickname: str
    score: int
    stars: int
    flights: int


@dataclass(frozen=True)
class LessonBest:
    """A student's best result in one game of a lesson (its earliest, on a tie) and how
    many flights they flew in it."""

    nickname: str
    score: int
    stars: int
    flights: int


@dataclass(frozen=True)
class OutboxItem:
    """One result waiting to be sent to the cloud."""

    result_uid: str
    payload: dict[str, object]
    attempts: int
    created_at: datetime
    last_error: str | None = None


@dataclass(frozen=True)
class Progress:
    """A student's standing in one game: plays, best score (and its stars), most stars."""

    student_id: int
    game: str
    plays: int
    best_score: int
    best_stars: int
    max_stars: int
    best_flight_id: int
    best_at: datetime
    last_played_at: datetime


@dataclass(frozen=True)
class ScoreHistoryEntry:
    flight_id: int
    game: str
    score: int
    stars: int
    new_best: bool
    created_at: datetime


@dataclass(frozen=True)
class RoundInfo:
    id: int
    class_id: int
    game: str
    world: str
    mode: str
    seed: int
    room: str
    params: dict[str, object]
    started_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class StoredRating:
    """A student's Glicko-2 rating in one game, as stored (``matches`` rated rounds)."""

    student_id: int
    game: str
    rating: float
    rd: float
    volatility: float
    matches: int


@dataclass(frozen=True)
class Achievement:
    kind: str
    flight_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class ChatLine:
    id: int
    room: str
    student_id: int | None  # None: the teacher
    sender: str
    text: str
    filtered: bool
    delivered: bool
    created_at: datetime


@dataclass(frozen=True)
class FlagRecord:
    student_id: int
    kind: str
    detail: str
    created_at: datetime


@dataclass(frozen=True)
class LessonInfo:
    """One lesson for the history list: its class, code, times and how much was played.

    ``ended_at`` is None while the lesson is open (or when its host was killed). ``students``
    counts everyone seated in the lesson or with a flight in one of its rounds.
    """

    id: int
    class_id: int
    class_name: str
    join_code: str
    started_at: datetime
    ended_at: datetime | None
    rounds: int
    flights: int
    students: int


@dataclass(frozen=True)
class LessonRound:
    """One round of a lesson with its outcome: how it ended, flights, the best score."""

    id: int
    room: str
    game: str
    world: str
    mode: str
    params: dict[str, object]
    started_at: datetime
    finished_at: datetime | None
    end_state: str | None  # completed / ended / interrupted; None while it runs
    team_score: int | None
    flights: int
    best_score: int | None
