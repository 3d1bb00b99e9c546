"""The shared part of :class:`app.host.host.ClassHost`: its state, the constants, events to
subscribers, and the helpers every other part uses (players and rooms by id, sending,
result-write tasks, removing a player).

ClassHost is put together from parts, each a class that extends the one before:
:class:`HostCore` (here) <- :class:`app.host.seating.SeatingMixin` (rooms, grouping)
<- :class:`app.host.play.PlayMixin` (rounds, the tick of each room, results)
<- :class:`app.host.people.PeopleMixin` (joining, moderation, chat, messages)
<- :class:`app.host.host.ClassHost` (lifecycle, the tick loop, cloud sync, exports).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from app.config import Settings
from app.errors import HostError
from app.host.lan import LanAnnouncer
from app.host.matchmaking import MatchQueue
from app.host.moderation import ChatFilter
from app.host.room import Room
from app.host.roster import Player, Roster
from app.store import StorageError, Store
from app.sync.background import BackgroundSync
from netcode.messages import Error, Event, FullState
from netcode.server import HostSocket
from netcode.snapshot import encode_landers
from netcode.tickloop import FixedTicker

log = logging.getLogger(__name__)

GAME = "lunar_lander"
MAX_MESSAGES_PER_TICK = 512
LOCKSTEP_MAX_WAIT_S = 2.0  # lockstep never waits longer than this for a silent member
SILENT_AFTER_S = 10.0  # clients ping every second; this long without a word means gone
CLASS_CAPACITY = 64  # eight rooms of eight
HOUSEKEEPING_S = 0.5  # host seconds between matchmaking / idle-room passes
AI_ID_BASE = 1_000_000  # lander ids of the host's own AI pilots
AI_SKILLS = (0.3, 0.6, 0.85, 0.98)
TEACHER = "Teacher"
Grouping = Literal["fill", "rating", "manual"]
GROUPINGS: tuple[Grouping, ...] = ("fill", "rating", "manual")


@dataclass(frozen=True)
class HostEvent:
    """Something a console or the demo may want to show. ``data`` holds plain values."""

    kind: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RoundStatus:
    round_id: int
    phase: str
    tick: int
    time_left: float
    countdown_left: float
    flying: int
    ended: int
    room: str = "A"
    mode: str = "competitive"
    wave: int = 0


class HostCore:
    """State and shared helpers of a class host (see the module docstring)."""

    # Set up by ClassHost.__init__ (app/host/host.py); declared here for the parts.
    settings: Settings
    store: Store
    sync_interval_s: float
    _sync: BackgroundSync | None
    _rng: random.Random
    join_code: str
    _wall: Callable[[], float]
    roster: Roster
    class_id: int | None
    lesson_id: int | None
    grouping: Grouping
    hide_ranks: bool
    idle_close_s: float
    _lesson_seconds: float | None
    _lesson_ends_at: float | None
    _lesson_over: bool
    rooms: dict[str, Room]
    queue: MatchQueue
    chat_filter: ChatFilter
    _barred: set[int]
    _barred_names: dict[int, str]
    _kicked: dict[str, str]
    lan: LanAnnouncer
    _socket: HostSocket
    _ticker: FixedTicker | None
    _loop_task: asyncio.Task[None] | None
    _writes: set[asyncio.Task[Any]]
    _subscribers: list[asyncio.Queue[HostEvent]]
    _failure: BaseException | None
    _last_housekeeping: float
    _last_room: str | None
    idle_tick: int
    host_tick: int  # ticks of the host's loop so far (every room's rounds together)
    malformed: int

    # -- clock and subscribers ---------------------------------------------------------------
    def _clock(self) -> float:
        return self._wall() * self.settings.speed

    def now(self) -> float:
        """The host clock (seconds, ``settings.speed`` times the wall clock)."""
        return self._clock()

    def subscribe(self) -> asyncio.Queue[HostEvent]:
        """A queue of :class:`HostEvent`; bounded, oldest events dropped if nobody reads."""
        queue: asyncio.Queue[HostEvent] = asyncio.Queue(maxsize=1000)
        self._subscribers.append(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[HostEvent]) -> None:
        with contextlib.suppress(ValueError):
            self._subscribers.remove(queue)

    def players(self) -> list[Player]:
        return self.roster.players()

    def lobby(self) -> list[Player]:
        """Students not in a room yet (waiting for the teacher or for matchmaking)."""
        return [p for p in self.roster.players() if p.room is None]

    def room_of(self, player_id: int) -> str | None:
        player = self.roster.get(player_id)
        return None if player is None else player.room

    # -- lookups -----------------------------------------------------------------------------
    def _player(self, player_id: int) -> Player:
        player = self.roster.get(player_id)
        if player is None:
            raise HostError(f"no player {player_id} in this class")
        return player

    def _room(self, name: str) -> Room:
        room = self.rooms.get(name)
        if room is None:
            known = ", ".join(sorted(self.rooms)) or "none yet"
            raise HostError(f"no room {name!r} (rooms: {known})")
        return room

    def _members(self, room: Room) -> list[Player]:
        return [p for pid in room.members if (p := self.roster.get(pid)) is not None]

    def _targets(self, room: str | None) -> list[Room]:
        return list(self.rooms.values()) if room is None else [self._room(room)]

    def _default_room(self, name: str | None, *, quiet: bool = False) -> Room | None:
        if name is not None:
            return self._room(name)
        if self._last_room is not None and self._last_room in self.rooms:
            return self.rooms[self._last_room]
        if len(self.rooms) == 1:
            return next(iter(self.rooms.values()))
        if not self.rooms or quiet:
            return None
        raise HostError(
            f"this class has {len(self.rooms)} rooms ({', '.join(sorted(self.rooms))}); name one"
        )

    # -- writes and removal ------------------------------------------------------------------
    def _seat_in_store(self, player: Player) -> None:
        if self.lesson_id is None or player.student_id is None:
            return
        self._spawn(self.store.seat_student(self.lesson_id, player.student_id, player.room))

    def _spawn(self, coro: Any) -> None:
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)
        task.add_done_callback(self._report_failed_write)

    def _report_failed_write(self, task: asyncio.Task[Any]) -> None:
        if task.cancelled():
            return
        exc = task.exception()
        if isinstance(exc, StorageError):
            log.error("write failed: %s", exc)
            self._publish("storage_error", nickname=None, message=str(exc))
        elif exc is not None:
            log.error("host task failed: %r", exc)

    async def _settle(self) -> None:
        for _ in range(10):  # completions may start writes; a few passes settle them all
            pending = [*self._writes]
            pending += [r.completion for r in self.rooms.values() if r.completion is not None]
            pending = [t for t in pending if not t.done()]
            if not pending:
                return
            await asyncio.gather(*pending, return_exceptions=True)

    def _remove(self, player: Player, code: str, message: str) -> None:
        if player.connected:
            self._send(player, Error(code=code, message=message))
        if player.room is not None:
            room = self.rooms.get(player.room)
            if room is not None and player.player_id in room.members:
                room.members.remove(player.player_id)
        self.queue.remove(player.player_id)
        self._socket.forget(player.peer)
        self.roster.remove(player.player_id)
        self._publish_left(player)

    # -- sending -----------------------------------------------------------------------------
    def _send_full_state(self, player: Player) -> None:
        room = self.rooms.get(player.room) if player.room is not None else None
        rnd = None if room is None else room.round
        if room is None or rnd is None:
            people = self._members(room) if room is not None else self.lobby()
            self._send(
                player,
                FullState(
                    tick=0,
                    phase="lobby",
                    round=None,
                    time_left=0.0,
                    players=[(p.player_id, p.nickname, p.character) for p in people],
                    landers=None,
                ),
            )
            return
        listed = [(p.player_id, p.nickname, p.character) for p in self._members(room)]
        listed += [(pid, name, 0) for pid, name in room.ai_names.items()]
        self._send(
            player,
            FullState(
                tick=rnd.tick,
                phase=rnd.phase.value,
                round=rnd.config.to_dict(),
                time_left=rnd.time_left,
                players=listed,
                landers=encode_landers(rnd.sim.arrays()),
            ),
        )

    def _send(self, player: Player, msg: Any) -> None:
        self._socket.send(player.peer, msg)

    def _event(self, room: Room, kind: str, data: dict[str, Any]) -> Event:
        return Event(tick=room.round.tick if room.round is not None else 0, kind=kind, data=data)

    def _room_event(self, room: Room, kind: str, data: dict[str, Any]) -> None:
        event = self._event(room, kind, data)
        self._socket.broadcast([p.peer for p in self._members(room) if p.connected], event)

    def _broadcast_all(self, kind: str, data: dict[str, Any]) -> None:
        event = Event(tick=0, kind=kind, data=data)
        self._socket.broadcast([p.peer for p in self.roster.players() if p.connected], event)

    def _publish_left(self, player: Player) -> None:
        self._broadcast_all("player_left", {"player_id": player.player_id})
        self._publish("player_left", player_id=player.player_id, nickname=player.nickname)

    def _publish(self, kind: str, **data: Any) -> None:
        event = HostEvent(kind, data)
        for queue in self._subscribers:
            if queue.full():
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(event)
