"""Grouping a class into rooms by rating (seed 003: start at ±100, widen by 50 every 5 s, up
to ±500).

:class:`MatchQueue` is pure: the host hands it the time (its own clock, which tests drive).
A waiting student's window grows with their wait; a group forms around the student who has
waited longest once enough students fit in that window, or once the window is as wide as it
gets. :func:`group_by_rating` splits everybody at once (the teacher's "group now").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

START_WINDOW = 100.0
WIDEN_BY = 50.0
WIDEN_EVERY_S = 5.0
MAX_WINDOW = 500.0
ROOM_SIZE = 8


class MatchmakingError(ValueError):
    """A bad argument to the matchmaker (a room size, a rating, a player queued twice)."""


def window(waited_s: float) -> float:
    """The rating distance a student accepts after waiting ``waited_s`` seconds."""
    steps = math.floor(max(0.0, waited_s) / WIDEN_EVERY_S)
    return min(MAX_WINDOW, START_WINDOW + WIDEN_BY * steps)


@dataclass(frozen=True)
class Waiting:
    player_id: int
    rating: float
    since: float


class MatchQueue:
    """Students waiting for a room. Call :meth:`poll` with the time; it returns new groups."""

    def __init__(self, room_size: int = ROOM_SIZE, min_size: int = 2) -> None:
        if not 1 <= min_size <= room_size <= ROOM_SIZE:
            raise MatchmakingError(
                f"need 1 <= min_size <= room_size <= {ROOM_SIZE}, got {min_size}, {room_size}"
            )
        self.room_size = room_size
        self.min_size = min_size
        self._waiting: dict[int, Waiting] = {}

    def __len__(self) -> int:
        return len(self._waiting)

    def __contains__(self, player_id: object) -> bool:
        return player_id in self._waiting

    def add(self, player_id: int, rating: float, now: float) -> None:
        if player_id in self._waiting:
            raise MatchmakingError(f"player {player_id} is already waiting for a room")
        if not math.isfinite(rating):
            raise MatchmakingError(f"rating must be finite, got {rating!r}")
        self._waiting[player_id] = Waiting(player_id, float(rating), now)

    def remove(self, player_id: int) -> None:
        self._waiting.pop(player_id, None)

    def waiting(self) -> list[Waiting]:
        return sorted(self._waiting.values(), key=lambda w: (w.since, w.player_id))

    def poll(self, now: float) -> list[list[int]]:
        """Form every group that can form at ``now``; grouped students leave the queue."""
        groups: list[list[int]] = []
        progress = True
        while progress and self._waiting:
            progress = False
            for anchor in self.waiting():
                group = self._group_around(anchor, now)
                if group is not None:
                    for pid in group:
                        del self._waiting[pid]
                    groups.append(group)
                    progress = True
                    break
        return groups

    def _group_around(self, anchor: Waiting, now: float) -> list[int] | None:
        reach = window(now - anchor.since)
        fits = [
            w
            for w in self._waiting.values()
            if abs(w.rating - anchor.rating) <= min(reach, window(now - w.since))
            or w.player_id == anchor.player_id
        ]
        fits.sort(key=lambda w: (abs(w.rating - anchor.rating), w.since, w.player_id))
        chosen = fits[: self.room_size]
        if len(chosen) >= self.room_size or (reach >= MAX_WINDOW and len(chosen) >= self.min_size):
            return sorted(w.player_id for w in chosen)
        return None

    def flush(self) -> list[list[int]]:
        """Everyone still waiting, grouped now by rating (the teacher did not want to wait)."""
        ratings = {w.player_id: w.rating for w in self._waiting.values()}
        self._waiting.clear()
        return group_by_rating(ratings, self.room_size)


def group_by_rating(ratings: Mapping[int, float], room_size: int = ROOM_SIZE) -> list[list[int]]:
    """Split students into as few rooms as fit, of even sizes, neighbours by rating together."""
    if not 1 <= room_size <= ROOM_SIZE:
        raise MatchmakingError(f"room_size must be within 1..{ROOM_SIZE}, got {room_size}")
    ordered = sorted(ratings, key=lambda pid: (ratings[pid], pid))
    if not ordered:
        return []
    rooms = math.ceil(len(ordered) / room_size)
    base, extra = divmod(len(ordered), rooms)
    groups: list[list[int]] = []
    start = 0
    for i in range(rooms):
        size = base + (1 if i < extra else 0)
        groups.append(sorted(ordered[start : start + size]))
        start += size
    return groups
