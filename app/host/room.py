"""A room: up to eight students who play together, with their own round and snapshot
history. Each round of a room may be of any game (``game`` is the last one started).

A room is plain state; the host's :class:`app.host.rounds.Rounds` steps every room from the
one tick loop and does the talking. Members who joined during a round watch it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from app.host.round import Round, RoundPhase
from app.store import StoredFlight
from game.modes import Mode
from game.registry import DEFAULT_GAME
from netcode.history import SnapshotHistory

ROOM_CAPACITY = 8
ROOM_NAMES = "ABCDEFGHJKLMNPQRSTUVWXYZ"
IDLE_CLOSE_S = 3600.0  # the seed: idle rooms end after one hour


@dataclass
class Room:
    name: str
    created_at: float
    members: list[int] = field(default_factory=list)  # player ids, in arrival order
    round: Round | None = None
    game: str = DEFAULT_GAME
    mode: Mode = Mode.COMPETITIVE
    wave: int = 0
    max_waves: int = 0
    base_round: Round | None = None  # survival: the first wave's round (its config)
    history: SnapshotHistory = field(default_factory=SnapshotHistory)
    acked: dict[int, int] = field(default_factory=dict)
    flights: dict[int, list[StoredFlight]] = field(default_factory=dict)
    ai_names: dict[int, str] = field(default_factory=dict)
    done: asyncio.Event = field(default_factory=asyncio.Event)
    completion: asyncio.Task[None] | None = None
    last_active: float = 0.0
    end_state: str = "completed"
    last_snapshot_tick: int | None = None  # of the current round
    held_since: float | None = None  # lockstep: when this room began waiting for inputs
    # Of the current round, to tell a student who reconnects what they missed meanwhile:
    # their flight_ended (by player id) and the round_completed.
    ended_events: dict[int, dict[str, Any]] = field(default_factory=dict)
    completed_event: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self.last_active = self.created_at

    @property
    def full(self) -> bool:
        return len(self.members) >= ROOM_CAPACITY

    @property
    def running(self) -> bool:
        """A round is under way (counting down, flying, paused or committing results)."""
        return self.round is not None and self.round.phase is not RoundPhase.COMPLETED

    def idle_for(self, now: float) -> float:
        return 0.0 if self.running else max(0.0, now - self.last_active)


@dataclass(frozen=True)
class RoomStatus:
    """What a console shows for one room."""

    name: str
    members: tuple[str, ...]
    mode: str
    round_id: int | None
    phase: str
    wave: int
    tick: int
    time_left: float
    flying: int
    ended: int
    game: str = DEFAULT_GAME


def next_room_name(taken: set[str]) -> str:
    for letter in ROOM_NAMES:
        if letter not in taken:
            return letter
    for n in range(1, 10_000):
        if f"R{n}" not in taken:
            return f"R{n}"
    raise RuntimeError("no room name left")  # 10 000 rooms in one class cannot happen
