"""The classroom host: the one way to run a class, from the CLI or Mission Control.

``ClassHost`` owns the ZeroMQ socket, the roster, the rooms (each with its own round and
snapshot history, all stepped by one tick loop) and the store. The tick loop never waits on
the network or the database: messages are drained without blocking, and results are
written by tasks. A result is announced (to the student, the room and subscribers) only
after its transaction committed. ``docs/host-api.md`` lists every method and event.

The class is put together from parts (see :mod:`app.host.core`): rooms in
:mod:`app.host.seating`, rounds and results in :mod:`app.host.play`, students and
moderation in :mod:`app.host.people`; this module has the lifecycle, the tick loop,
cloud sync and the lesson's end and export.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.config import Settings
from app.errors import HostError
from app.host.core import (
    AI_ID_BASE,
    AI_SKILLS,
    CLASS_CAPACITY,
    GAME,
    GROUPINGS,
    HOUSEKEEPING_S,
    LOCKSTEP_MAX_WAIT_S,
    MAX_MESSAGES_PER_TICK,
    SILENT_AFTER_S,
    TEACHER,
    Grouping,
    HostEvent,
    RoundStatus,
)
from app.host.joincode import new_join_code, normalise_join_code
from app.host.lan import LanAnnouncer
from app.host.matchmaking import MatchQueue
from app.host.moderation import ChatFilter
from app.host.people import PeopleMixin
from app.host.room import IDLE_CLOSE_S, ROOM_CAPACITY, Room, RoomStatus
from app.host.roster import Roster
from app.store import StorageError, Store
from app.sync.background import BackgroundSync
from app.sync.outbox import INTERVAL_S as SYNC_INTERVAL_S
from app.sync.outbox import SyncStatus
from app.sync.secret import SyncCommandError
from game import DT
from netcode.codec import ProtocolError
from netcode.messages import Error
from netcode.server import HostSocket, TransportError
from netcode.tickloop import FixedTicker

log = logging.getLogger(__name__)


class ClassHost(PeopleMixin):
    """Host one class on one port. Use ``async with`` or call :meth:`start` / :meth:`stop`."""

    # -- lifecycle ---------------------------------------------------------------------------
    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        join_code: str | None = None,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.monotonic,
        grouping: Grouping = "fill",
        hide_ranks: bool = False,
        lesson_seconds: float | None = None,
        idle_close_s: float = IDLE_CLOSE_S,
        capacity: int = CLASS_CAPACITY,
        chat_filter: ChatFilter | None = None,
        curve: bool = True,
        key_dir: Path | None = None,
        sync_interval_s: float = SYNC_INTERVAL_S,
    ) -> None:
        if grouping not in GROUPINGS:
            raise HostError(f"grouping must be one of {', '.join(GROUPINGS)}, got {grouping!r}")
        if lesson_seconds is not None and not lesson_seconds > 0:
            raise HostError(f"lesson_seconds must be > 0, got {lesson_seconds!r}")
        if not 0 < sync_interval_s <= 3600:
            raise HostError(f"sync_interval_s must be within (0, 3600], got {sync_interval_s!r}")
        self.sync_interval_s = sync_interval_s
        self._sync: BackgroundSync | None = None
        self.settings = settings
        self.store = store
        self._rng = rng or random.Random()
        self.join_code = normalise_join_code(join_code) if join_code else new_join_code(rng)
        self._wall = clock
        self.roster = Roster(capacity=capacity)
        self.class_id: int | None = None
        self.lesson_id: int | None = None
        self.grouping: Grouping = grouping
        self.hide_ranks = hide_ranks
        self.idle_close_s = idle_close_s
        self._lesson_seconds = lesson_seconds
        self._lesson_ends_at: float | None = None
        self._lesson_over = False
        self.rooms: dict[str, Room] = {}
        self.queue = MatchQueue(room_size=ROOM_CAPACITY)
        self.chat_filter = chat_filter or ChatFilter()
        self._barred: set[int] = set()  # student ids barred from this lesson
        self._barred_names: dict[int, str] = {}  # barred student id -> nickname
        self._kicked: dict[str, str] = {}  # folded nickname -> nickname, kicked this lesson
        self.lan = LanAnnouncer()  # .state tells a console whether discovery works
        self._socket = HostSocket(
            settings.bind,
            settings.port,
            clock=self._clock,
            curve=curve,
            key_dir=(key_dir or settings.data_dir / "keys") if curve else None,
        )
        self._ticker: FixedTicker | None = None
        self._loop_task: asyncio.Task[None] | None = None
        self._writes: set[asyncio.Task[Any]] = set()
        self._subscribers: list[asyncio.Queue[HostEvent]] = []
        self._failure: BaseException | None = None
        self._last_housekeeping = 0.0
        self._last_room: str | None = None
        self.idle_tick = 0
        self.host_tick = 0
        self.malformed = 0

    async def start(self) -> None:
        self._sync = self._make_sync()
        try:
            self._socket.start()
        except TransportError as exc:
            raise HostError(str(exc)) from None
        try:
            self.class_id = await self.store.create_class(self.settings.class_name, self.join_code)
            self.lesson_id = await self.store.start_lesson(self.class_id, self.join_code)
        except StorageError as exc:
            self._socket.close()
            raise HostError(str(exc)) from None
        now = self._clock()
        self._last_housekeeping = now
        if self._lesson_seconds is not None:
            self._lesson_ends_at = now + self._lesson_seconds
        self._ticker = FixedTicker(self.settings.tick_rate, self._clock)
        self._loop_task = asyncio.create_task(self._run(), name="moonbase-host-tick")
        if self.settings.lan_discovery:
            self.lan.start(
                self.settings.class_name,
                self.port,
                self.public_key,
                self.settings.bind,
                self.settings.discovery_interfaces,
            )
        if self._sync is not None:
            await self._sync.start()
        log.info(
            "hosting class %r on %s:%d code %s",
            self.settings.class_name,
            self.settings.bind,
            self.port,
            self.join_code,
        )

    async def stop(self) -> None:
        """End the tick loop, let result writes commit, end the lesson, close the socket."""
        await self.lan.close()
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
            self._loop_task = None
        await self._settle()
        if self._sync is not None:
            await self._sync.stop()
        if self.lesson_id is not None and not self._lesson_over:
            self._lesson_over = True
            with contextlib.suppress(StorageError):
                await self.store.end_lesson(self.lesson_id)
        self._socket.close()

    def _make_sync(self) -> BackgroundSync | None:
        """The cloud sync when the settings name a cloud and a key; None (nothing sent)
        otherwise."""
        try:
            return BackgroundSync.from_settings(
                self.settings,
                self.store,
                interval_s=self.sync_interval_s,
                on_status=self._publish_sync,
            )
        except (ValueError, SyncCommandError) as exc:
            raise HostError(f"cloud sync: {exc}") from None

    def _publish_sync(self, status: SyncStatus) -> None:
        self._publish(
            "sync",
            pending=status.pending,
            last_success_at=status.last_success_at,
            last_error=status.last_error,
            last_error_at=status.last_error_at,
            consecutive_failures=status.consecutive_failures,
            next_attempt_at=status.next_attempt_at,
        )

    async def sync_status(self) -> SyncStatus | None:
        """The cloud sync's pending count, last success and last error; None when sync is
        off (no ``cloud_url`` / ``cloud_key`` in the settings)."""
        if self._sync is None:
            return None
        try:
            return await self._sync.status()
        except StorageError as exc:
            raise HostError(str(exc)) from None

    async def __aenter__(self) -> ClassHost:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        return int(self._socket.port)

    @property
    def public_key(self) -> bytes | None:
        """The host's CurveZMQ public key (Z85), which clients need to connect."""
        return self._socket.public_key

    def join_string(self, host: str | None = None) -> str:
        """``HOST:PORT/KEY``: everything a student's player needs besides the code."""
        return self._socket.join_string(host)

    # -- the lesson --------------------------------------------------------------------------
    async def end_lesson(self) -> None:
        """The lesson is over: the join code stops working, open rounds end."""
        self.end_round(None)
        await self._settle()
        self._lesson_over = True
        if self.lesson_id is not None:
            try:
                await self.store.end_lesson(self.lesson_id)
            except StorageError as exc:
                raise HostError(str(exc)) from None
        self._publish("lesson_ended", lesson_id=self.lesson_id)

    async def export_lesson_csv(self) -> str:
        """Every result of this lesson (all rooms and rounds) as CSV text."""
        if self.lesson_id is None:
            raise HostError("the host is not started")
        try:
            return await self.store.lesson_results_csv(self.lesson_id)
        except StorageError as exc:
            raise HostError(str(exc)) from None

    # -- tick loop ---------------------------------------------------------------------------
    async def _run(self) -> None:
        assert self._ticker is not None
        ticker = self._ticker
        try:
            while True:
                self._drain()
                for _ in range(ticker.due(self._clock())):
                    self._tick()
                self._housekeeping()
                delay = (ticker.next_deadline() - self._clock()) / self.settings.speed
                await self._socket.wait_readable(max(0.0, delay))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug in the loop must not hang the lesson silently
            log.exception("host tick loop failed")
            self._failure = exc
            for room in self.rooms.values():
                room.done.set()

    def _housekeeping(self) -> None:
        now = self._clock()
        if now - self._last_housekeeping < HOUSEKEEPING_S:
            return
        self._last_housekeeping = now
        if self.grouping == "rating" and len(self.queue):
            self.poll_matchmaking(now)
        self.close_idle_rooms(now)
        if (
            self._lesson_ends_at is not None
            and now >= self._lesson_ends_at
            and not self._lesson_over
        ):
            self._spawn(self.end_lesson())

    def _drain(self) -> None:
        for flag in self._socket.take_flags():
            flagged = self.roster.by_peer(flag.peer)
            if flagged is not None:
                self._flag(flagged, flag.kind, flag.detail)
            else:
                log.info("flag %s for an unknown connection: %s", flag.kind, flag.detail)
        for peer in self._socket.silent_peers(SILENT_AFTER_S * self.settings.speed):
            self._socket.forget(peer)
            gone = self.roster.disconnect(peer)
            if gone is not None:
                self._publish_left(gone)
        for peer, msg in self._socket.drain(MAX_MESSAGES_PER_TICK):
            if isinstance(msg, ProtocolError):
                self.malformed += 1
                self._socket.send(peer, Error(code=msg.code, message=str(msg)))
                continue
            self._handle(peer, msg)


__all__ = [
    "AI_ID_BASE",
    "AI_SKILLS",
    "CLASS_CAPACITY",
    "DT",
    "GAME",
    "GROUPINGS",
    "HOUSEKEEPING_S",
    "LOCKSTEP_MAX_WAIT_S",
    "MAX_MESSAGES_PER_TICK",
    "SILENT_AFTER_S",
    "TEACHER",
    "ClassHost",
    "Grouping",
    "HostEvent",
    "RoomStatus",
    "RoundStatus",
]
