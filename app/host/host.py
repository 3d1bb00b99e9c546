"""The classroom host: the one way to run a class, from the CLI or Mission Control.

``ClassHost`` is put together from small parts, each with the few things it needs:

* :class:`~app.host.roster.Roster` — seats, nicknames, connections, reconnect tokens;
* :class:`~app.host.seating.Seating` — rooms, who sits where, grouping, full states;
* :class:`~app.host.rounds.Rounds` — rounds of any game in each room, their tick, results;
* :class:`~app.host.snapshots.SnapshotScheduler` (inside Rounds) — when snapshots go out;
* :class:`~app.host.moderation.Moderation` — chat, mute, kick, flags and the bar;
* :class:`~app.host.admission.Admission` — joining and leaving;
* :class:`~app.host.sender.Sender`, :class:`~app.host.publisher.Publisher`,
  :class:`~app.host.writes.Writes` — talking to students, to the console, to the database.

This module owns the socket and the lifecycle, runs the tick loop (which never waits on
the network or the database: messages are drained without blocking, results are written by
tasks), hands each student message to its part, and keeps the public API Mission Control
drives (``docs/host-api.md``). A result is announced only after its transaction committed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from app.config import Settings
from app.errors import HostError
from app.host.admission import Admission
from app.host.constants import (
    CLASS_CAPACITY,
    GROUPINGS,
    HOUSEKEEPING_S,
    MAX_MESSAGES_PER_TICK,
    SERVICE_S,
    SILENCE_CHECK_S,
    SILENT_AFTER_S,
    Grouping,
)
from app.host.joincode import JoinCodeError, new_join_code, normalise_join_code
from app.host.lan import LanAnnouncer, lan_ipv4
from app.host.matchmaking import MatchQueue
from app.host.moderation import FLAG_WINDOW, ChatFilter, Moderation
from app.host.publisher import HostEvent, Publisher
from app.host.room import IDLE_CLOSE_S, Room, RoomStatus
from app.host.roster import Player, Roster, RosterFile
from app.host.round import Round, RoundPhase
from app.host.rounds import Rounds
from app.host.seating import ClassIds, Seating
from app.host.sender import Sender
from app.host.tickstats import TickStats
from app.host.tickstats import cpu as tick_cpu
from app.host.tickstats import now as tick_clock
from app.host.writes import Writes
from app.store import StorageError, Store, StoredFlight
from app.sync.background import BackgroundSync
from app.sync.outbox import INTERVAL_S as SYNC_INTERVAL_S
from app.sync.outbox import SyncStatus
from app.sync.secret import SyncCommandError
from game.modes import Mode
from netcode.codec import ProtocolError
from netcode.messages import (
    Ack,
    Chat,
    Error,
    Input,
    Join,
    Leave,
    Ping,
    Pong,
    RequestState,
)
from netcode.pairing import HostCard, PairingServer
from netcode.server import HostSocket, TransportError, TransportStats
from netcode.tickloop import FixedTicker

log = logging.getLogger(__name__)

MAX_FORGOTTEN = 1024  # dropped connections remembered, to tell them to rejoin
ERROR_EVERY_S = 1.0  # a connection is told about its malformed messages at most this often
CLASS_ENDED_FLUSH_S = 0.2  # time for the last "class_ended" to leave before the socket closes


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
    game: str = "lunar_lander"


class ClassHost:
    """Host one class on one port. Use ``async with`` or call :meth:`start` / :meth:`stop`."""

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
        silent_after_s: float = SILENT_AFTER_S,
    ) -> None:
        if grouping not in GROUPINGS:
            raise HostError(f"grouping must be one of {', '.join(GROUPINGS)}, got {grouping!r}")
        if lesson_seconds is not None and not lesson_seconds > 0:
            raise HostError(f"lesson_seconds must be > 0, got {lesson_seconds!r}")
        if not 0 < sync_interval_s <= 3600:
            raise HostError(f"sync_interval_s must be within (0, 3600], got {sync_interval_s!r}")
        if not 0 < silent_after_s <= 3600:
            raise HostError(f"silent_after_s must be within (0, 3600], got {silent_after_s!r}")
        self.settings = settings
        self.store = store
        self.silent_after_s = silent_after_s
        self.sync_interval_s = sync_interval_s
        self._sync: BackgroundSync | None = None
        self._wall = clock
        self._lesson_seconds = lesson_seconds
        self._lesson_ends_at: float | None = None
        rng = rng or random.Random()
        try:
            code = normalise_join_code(join_code) if join_code else new_join_code(rng)
        except JoinCodeError as exc:  # a mistyped --code: one line, not a traceback
            raise HostError(f"--code: {exc}") from None
        self.ids = ClassIds(join_code=code)
        self.lan = LanAnnouncer()  # .state tells a console whether discovery works
        self.curve = curve
        self._socket = HostSocket(
            settings.bind,
            settings.port,
            clock=self._clock,
            curve=curve,
            key_dir=(key_dir or settings.data_dir / "keys") if curve else None,
        )
        self.pairing = PairingServer(
            settings.bind,
            settings.port + 1 if settings.port else 0,
            card=self._card,
            code=lambda: None if self.ids.over else self.ids.join_code,
            clock=self._clock,
        )
        self._pairing_task: asyncio.Task[None] | None = None
        self.roster = Roster(capacity=capacity)
        self.publisher = Publisher()
        self.writes = Writes(self.publisher)
        self.sender = Sender(self._socket, self.roster)
        self.seating = Seating(
            roster=self.roster,
            sender=self.sender,
            publisher=self.publisher,
            writes=self.writes,
            store=store,
            ids=self.ids,
            clock=self._clock,
            grouping=grouping,
            idle_close_s=idle_close_s,
        )
        self.moderation = Moderation(
            roster=self.roster,
            seating=self.seating,
            sender=self.sender,
            publisher=self.publisher,
            writes=self.writes,
            store=store,
            ids=self.ids,
            chat_filter=chat_filter or ChatFilter(),
            remove=self._remove,
            hide_ranks=hide_ranks,
            clock=self._wall,
        )
        self.rounds = Rounds(
            settings=settings,
            store=store,
            seating=self.seating,
            roster=self.roster,
            sender=self.sender,
            socket=self._socket,
            publisher=self.publisher,
            writes=self.writes,
            ids=self.ids,
            rng=rng,
            clock=self._clock,
            wall=self._wall,
            hide_ranks=lambda: self.moderation.hide_ranks,
            on_results=self._results_committed,
        )
        self.admission = Admission(
            settings=settings,
            store=store,
            roster=self.roster,
            seating=self.seating,
            rounds=self.rounds,
            moderation=self.moderation,
            sender=self.sender,
            socket=self._socket,
            publisher=self.publisher,
            writes=self.writes,
            ids=self.ids,
            wall=self._wall,
        )
        self._ticker: FixedTicker | None = None
        self.tick_stats = TickStats()  # how long each tick's work took (console, benches)
        self._loop_task: asyncio.Task[None] | None = None
        self._last_housekeeping = 0.0
        self._last_silence_check = 0.0
        self.malformed = 0
        self.continued = False  # True when this lesson continues a class of an earlier one
        self._told_ended = False
        # connections of students dropped for silence (newest last, at most MAX_FORGOTTEN)
        self._forgotten: OrderedDict[bytes, None] = OrderedDict()
        self._errors_told: OrderedDict[bytes, float] = OrderedDict()  # peer -> last told
        self.backup_path: Path | None = None  # the backup written at the end of the lesson

    def _tell_class_ended(self) -> None:
        self._told_ended = True
        self.sender.everyone("class_ended", {"message": "Your teacher ended the class."})

    def _remove(self, player: Player, code: str, message: str) -> None:
        self.admission.remove(player, code, message)

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        self._sync = self._make_sync()
        try:
            self._socket.start()
        except TransportError as exc:
            raise HostError(str(exc)) from None
        if self.curve:
            try:
                self.pairing.start()
            except TransportError as exc:
                self._socket.close()
                raise HostError(str(exc)) from None
            self._pairing_task = asyncio.create_task(self.pairing.run(), name="moonbase-pairing")
        try:
            self.ids.class_id, self.continued = await self.store.open_class(
                self.settings.class_name, self.ids.join_code
            )
            self.ids.lesson_id = await self.store.start_lesson(
                self.ids.class_id, self.ids.join_code
            )
            # nicknames kept only by flags that no longer count (a lesson killed before
            # its end did not sweep them)
            await self.store.prune_students(flags_count_for=FLAG_WINDOW)
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
                self._card(),
                self.pair_port,
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
        if self._pairing_task is not None:
            self._pairing_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pairing_task
            self._pairing_task = None
        self.pairing.close()
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
            self._loop_task = None
        await self._settle()
        if self._sync is not None:
            await self._sync.stop()
        if self.ids.lesson_id is not None and not self.ids.over:
            self.ids.over = True
            with contextlib.suppress(StorageError):
                await self.store.end_lesson(self.ids.lesson_id)
                await self.store.prune_students(
                    lesson_id=self.ids.lesson_id, flags_count_for=FLAG_WINDOW
                )
                await self._back_up()
        if not self._told_ended and any(p.connected for p in self.roster.players()):
            self._tell_class_ended()
            await asyncio.sleep(CLASS_ENDED_FLUSH_S)  # the socket closes with linger 0
        self._socket.close()

    async def _settle(self) -> None:
        for _ in range(10):  # completions may start writes; a few passes settle them all
            pending = self.writes.pending()
            pending += [r.completion for r in self.rooms.values() if r.completion is not None]
            pending += [t for t in self.rounds.result_writes if not t.done()]
            pending = [t for t in pending if not t.done()]
            if not pending:
                return
            await asyncio.gather(*pending, return_exceptions=True)

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
        self.publisher.publish(
            "sync",
            pending=status.pending,
            last_success_at=status.last_success_at,
            last_error=status.last_error,
            last_error_at=status.last_error_at,
            consecutive_failures=status.consecutive_failures,
            next_attempt_at=status.next_attempt_at,
        )

    def _results_committed(self) -> None:
        if self._sync is not None:
            self._sync.nudge()  # a round's results are committed: send them soon

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

    # -- identity ----------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return int(self._socket.port)

    @property
    def public_key(self) -> bytes | None:
        """The host's CurveZMQ public key (Z85), which clients need to connect."""
        return self._socket.public_key

    def join_string(self, host: str | None = None) -> str:
        """``HOST:PORT/KEY`` of the game socket: what bots and scripts connect with."""
        return self._socket.join_string(host)

    def transport_stats(self) -> TransportStats:
        """Messages and bytes through the game socket so far (sent, received, dropped...)."""
        return self._socket.stats()

    @property
    def pair_port(self) -> int:
        """The class's address port: students pair there with the join code alone (the
        game port + 1 when the port is set; any free port otherwise)."""
        return self.pairing.port

    def address(self, host: str | None = None) -> str:
        """``HOST:PORT`` students type with the join code when the class is not listed:
        ``host``, or the bind address, or (bound to every address) this computer's LAN
        address (127.0.0.1 when it has none)."""
        bind = self.settings.bind
        if host is not None:
            literal = host
        elif bind in ("0.0.0.0", "*", "::"):
            literal = lan_ipv4() or "127.0.0.1"
        elif bind == "localhost":
            literal = "127.0.0.1"
        else:
            literal = bind
        return f"[{literal}]:{self.pair_port}" if ":" in literal else f"{literal}:{self.pair_port}"

    def _card(self) -> HostCard:
        key = self.public_key
        assert key is not None  # pairing runs only on an encrypted host
        return HostCard(key, self.port, self.settings.class_name, self.settings.teacher_name)

    @property
    def join_code(self) -> str:
        return self.ids.join_code

    @property
    def class_id(self) -> int | None:
        return self.ids.class_id

    @property
    def lesson_id(self) -> int | None:
        return self.ids.lesson_id

    def _clock(self) -> float:
        return self._wall() * self.settings.speed

    def now(self) -> float:
        """The host clock (seconds, ``settings.speed`` times the wall clock)."""
        return self._clock()

    # -- seeing ------------------------------------------------------------------------------
    def subscribe(self) -> asyncio.Queue[HostEvent]:
        """A queue of :class:`HostEvent`; bounded, oldest events dropped if nobody reads."""
        return self.publisher.subscribe()

    def unsubscribe(self, queue: asyncio.Queue[HostEvent]) -> None:
        self.publisher.unsubscribe(queue)

    def players(self) -> list[Player]:
        return self.roster.players()

    def lobby(self) -> list[Player]:
        """Students not in a room yet (waiting for the teacher or for matchmaking)."""
        return self.seating.lobby()

    def room_of(self, player_id: int) -> str | None:
        player = self.roster.get(player_id)
        return None if player is None else player.room

    @property
    def rooms(self) -> dict[str, Room]:
        return self.seating.rooms

    @property
    def queue(self) -> MatchQueue:
        return self.seating.queue

    @property
    def grouping(self) -> Grouping:
        return self.seating.grouping

    @property
    def hide_ranks(self) -> bool:
        return self.moderation.hide_ranks

    @property
    def idle_close_s(self) -> float:
        return self.seating.idle_close_s

    @property
    def host_tick(self) -> int:
        return self.rounds.host_tick

    @property
    def idle_tick(self) -> int:
        return self.rounds.idle_tick

    @property
    def round(self) -> Round | None:
        """The round of the room that started one last (the only room in a small class)."""
        room = self.seating.default_room(None, quiet=True)
        return None if room is None else room.round

    def status(self, room: str | None = None) -> RoundStatus | None:
        target = self.seating.default_room(room, quiet=room is None)
        if target is None or target.round is None:
            return None
        rnd = target.round
        return RoundStatus(
            round_id=rnd.round_id,
            phase=rnd.phase.value,
            tick=rnd.tick,
            time_left=rnd.time_left,
            countdown_left=rnd.countdown_left,
            flying=len(rnd.playing()),
            ended=len(rnd.results),
            room=target.name,
            mode=target.mode.value,
            wave=target.wave,
            game=rnd.game.key,
        )

    def room_statuses(self) -> list[RoomStatus]:
        return self.seating.statuses()

    # -- rooms -------------------------------------------------------------------------------
    def create_room(self, name: str | None = None) -> str:
        return self.seating.create(name)

    def assign(self, player_id: int, room: str) -> None:
        self.seating.assign(player_id, room)

    def unassign(self, player_id: int) -> None:
        self.seating.unassign(player_id)

    def auto_group(self) -> dict[str, list[str]]:
        return self.seating.auto_group()

    def close_room(self, room: str) -> None:
        self.seating.close(room)

    def close_idle_rooms(self, now: float | None = None) -> list[str]:
        return self.seating.close_idle(now)

    def poll_matchmaking(self, now: float | None = None) -> dict[str, list[str]]:
        return self.seating.poll_matchmaking(now)

    # -- rounds ------------------------------------------------------------------------------
    async def start_round(
        self,
        *,
        room: str | None = None,
        game: str | None = None,
        level: str | None = None,
        seed: int | None = None,
        seconds: float | None = None,
        knobs: Mapping[str, object] | None = None,
        mode: Mode | str = Mode.COMPETITIVE,
        ai_players: int | Literal["fill"] = 0,
        max_waves: int = 3,
    ) -> int:
        """Start a round of ``game`` (default: the settings' game) on ``level`` in ``room``
        (default: the only room; with "fill" grouping the lobby is seated first); returns
        the round id stored in the database. ``knobs`` are the teacher's changes (checked
        by the game); ``ai_players`` (solo rounds only): how many host-played AI players
        join the students, or "fill" for one per free seat (students and AI at most 8)."""
        return await self.rounds.start(
            room=room,
            game=game,
            level=level,
            seed=seed,
            seconds=seconds,
            knobs=knobs,
            mode=mode,
            ai_players=ai_players,
            max_waves=max_waves,
        )

    async def start_all(self, **kwargs: Any) -> dict[str, int]:
        return await self.rounds.start_all(**kwargs)

    def pause(self, room: str | None = None) -> list[str]:
        return self.rounds.pause(room)

    def resume(self, room: str | None = None) -> list[str]:
        return self.rounds.resume(room)

    def end_round(self, room: str | None = None) -> list[str]:
        return self.rounds.end(room)

    async def wait_round(self, timeout: float, room: str | None = None) -> list[StoredFlight]:
        return await self.rounds.wait(timeout, room)

    # -- people ------------------------------------------------------------------------------
    async def load_roster(self, csv_text: str) -> RosterFile:
        return await self.admission.load_roster(csv_text)

    def clear_roster(self) -> None:
        self.roster.set_allowed(None)

    def set_spectator(self, player_id: int, spectator: bool = True) -> None:
        """Watch without playing from the next round on (or play again); the choice holds
        for every later round until it is changed."""
        player = self.seating.player(player_id)
        player.watching = spectator
        player.spectator = spectator

    def ping_ms(self, player_id: int) -> int | None:
        return self.admission.ping_ms(player_id)

    def mute(self, player_id: int) -> None:
        self.moderation.mute(player_id, True)

    def unmute(self, player_id: int) -> None:
        self.moderation.mute(player_id, False)

    def kick(
        self, player_id: int, reason: str = "removed by the teacher", *, allow_rejoin: bool = False
    ) -> None:
        self.moderation.kick(player_id, reason, allow_rejoin=allow_rejoin)

    def readmit(self, nickname: str) -> None:
        self.moderation.readmit(nickname)

    def approve_reclaim(self, nickname: str) -> None:
        """Let a student whose computer went quiet go on as ``nickname`` from another one."""
        self.admission.approve_reclaim(nickname)

    def offline(self) -> list[Player]:
        """Students who left this lesson and have not come back."""
        return self.roster.offline()

    def kicked(self) -> list[str]:
        return self.moderation.kicked()

    async def lift_bar(self, nickname: str) -> None:
        await self.moderation.lift_bar(nickname)

    def barred(self) -> set[int]:
        return self.moderation.barred()

    def set_hide_ranks(self, hide: bool) -> None:
        self.moderation.set_hide_ranks(hide)

    async def say(self, text: str, room: str | None = None) -> None:
        await self.moderation.say(text, room)

    # -- the lesson --------------------------------------------------------------------------
    async def end_lesson(self) -> None:
        """The lesson is over: the join code stops working, open rounds end, and every
        student is told (``class_ended``) so their player says so and offers to find a
        class, instead of trying to reconnect."""
        self.rounds.end(None)
        await self._settle()
        self.ids.over = True
        self._tell_class_ended()
        if self.ids.lesson_id is not None:
            try:
                await self.store.end_lesson(self.ids.lesson_id)
                await self.store.prune_students(
                    lesson_id=self.ids.lesson_id, flags_count_for=FLAG_WINDOW
                )
            except StorageError as exc:
                raise HostError(str(exc)) from None
            await self._back_up()
        self.publisher.publish("lesson_ended", lesson_id=self.ids.lesson_id)

    async def _back_up(self) -> None:
        """The rotating backup at the end of each lesson (the way out when the database
        is ever found damaged at a start); a failure is told, never fatal."""
        try:
            path = await self.store.backup()
        except StorageError as exc:
            log.error("backup failed: %s", exc)
            self.publisher.publish("storage_error", nickname=None, message=str(exc))
            return
        self.backup_path = path
        self.publisher.publish("backup_written", path=str(path))

    async def export_lesson_csv(self) -> str:
        """Every result of this lesson (all rooms and rounds) as CSV text."""
        if self.ids.lesson_id is None:
            raise HostError("the host is not started")
        try:
            return await self.store.lesson_results_csv(self.ids.lesson_id)
        except StorageError as exc:
            raise HostError(str(exc)) from None

    # -- tick loop ---------------------------------------------------------------------------
    async def _run(self) -> None:
        """Read what arrived, run the ticks that are due, sleep; repeat.

        Between ticks the loop reads the socket at most every :data:`SERVICE_S` (a ping
        waits that long at most), not once per message: an input is applied on the next
        step anyway, and each wake of the event loop costs more than the message it
        reads. Right before a tick everything that arrived is read, so the step has every
        input that came in time. Every pass sleeps at least once: under a flood the loop
        still lets the database tasks and the console's calls run."""
        assert self._ticker is not None
        ticker = self._ticker
        stats = self.tick_stats
        speed = self.settings.speed
        clock = self._clock
        try:
            while True:
                stats.passes += 1
                self._drain()
                owed = ticker.due(clock())
                for i in range(owed):
                    due = ticker.time_of(ticker.ticks - owed + 1 + i)
                    start, cpu0 = tick_clock(), tick_cpu()
                    late = (clock() - due) / speed
                    self.rounds.tick()
                    stats.add(tick_clock() - start, late, tick_cpu() - cpu0)
                self._housekeeping()
                delay = (ticker.next_deadline() - clock()) / speed
                if delay <= SERVICE_S:
                    await asyncio.sleep(max(0.0, delay))  # to the tick
                    continue
                await asyncio.sleep(SERVICE_S)  # let messages gather
                delay = (ticker.next_deadline() - clock()) / speed
                if delay > 0:  # at once if something waits; else until a message or the tick
                    await self._socket.wait_readable(delay)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug in the loop must not hang the lesson silently
            log.exception("host tick loop failed")
            self.rounds.failure = exc
            for room in self.rooms.values():
                room.done.set()

    def _housekeeping(self) -> None:
        now = self._clock()
        if now - self._last_housekeeping < HOUSEKEEPING_S:
            return
        self._last_housekeeping = now
        if self.grouping == "rating" and len(self.queue):
            self.seating.poll_matchmaking(now)
        self.seating.close_idle(now)
        if self._lesson_ends_at is not None and now >= self._lesson_ends_at and not self.ids.over:
            self.writes.spawn(self.end_lesson())

    def _drain(self) -> None:
        for flag in self._socket.take_flags():
            flagged = self.roster.by_peer(flag.peer)
            if flagged is not None:
                self.moderation.flag(flagged, flag.kind, flag.detail)
            else:
                log.info("flag %s for an unknown connection: %s", flag.kind, flag.detail)
        clock_now = self._clock()
        if clock_now - self._last_silence_check >= SILENCE_CHECK_S * self.settings.speed:
            self._last_silence_check = clock_now
            self._drop_silent()
        now = self._wall()
        by_peer = self.roster.by_peer
        rooms = self.seating.rooms
        for peer, msg in self._socket.drain(MAX_MESSAGES_PER_TICK):
            if type(msg) is Input:  # the common case, inline: 60 a second per student
                player = by_peer(peer)
                if player is not None:
                    player.last_seen = now
                    room = rooms.get(player.room) if player.room is not None else None
                    if room is not None:
                        self._note_ack(room, player, msg.ack_tick)
                        self._input(room, player, msg)
                    continue
            if isinstance(msg, ProtocolError):
                self.malformed += 1
                self._answer_error(peer, msg, now)
                continue
            self._handle(peer, msg)

    def _drop_silent(self) -> None:
        for peer in self._socket.silent_peers(self.silent_after_s * self.settings.speed):
            self._socket.forget(peer)
            gone = self.roster.disconnect(peer)
            if gone is not None:
                self._forgotten[peer] = None
                while len(self._forgotten) > MAX_FORGOTTEN:
                    self._forgotten.popitem(last=False)
                self.admission.left(gone)

    def _answer_error(self, peer: bytes, error: ProtocolError, now: float) -> None:
        """Tell a connection what was wrong with its message, at most once a second: a
        flood of garbage costs the host a decode per message, not an answer too."""
        if now - self._errors_told.get(peer, -ERROR_EVERY_S) < ERROR_EVERY_S:
            return
        self._errors_told[peer] = now
        self._errors_told.move_to_end(peer)
        while len(self._errors_told) > MAX_FORGOTTEN:
            self._errors_told.popitem(last=False)
        self._socket.send(peer, Error(code=error.code, message=str(error)))

    def _handle(self, peer: bytes, msg: object) -> None:
        if isinstance(msg, Join):
            self._forgotten.pop(peer, None)
            self.admission.join(peer, msg)
            return
        player = self.roster.by_peer(peer)
        if player is None:
            self._not_joined(peer, msg)
            return
        now = self._wall()
        player.last_seen = now
        room = self.seating.room_of_player(player)
        if isinstance(msg, Input):
            if room is not None:
                self._note_ack(room, player, msg.ack_tick)
                self._input(room, player, msg)
        elif isinstance(msg, Ack):
            if room is not None:
                self._note_ack(room, player, msg.tick)
        elif isinstance(msg, Ping):
            self._socket.send(peer, Pong(client_time=msg.client_time, server_time=now))
        elif isinstance(msg, RequestState):
            self.seating.send_full_state(player)
        elif isinstance(msg, Chat):
            self.moderation.chat(player, room, msg.text)
        elif isinstance(msg, Leave):
            self.admission.leave(player)
        else:
            self._socket.send(peer, Error(code="unexpected", message="the host does not take that"))

    def _not_joined(self, peer: bytes, msg: object) -> None:
        """A message from a connection without a seat: a ping gets its pong (a client may
        measure the host before joining), anything else ``not_joined``. A connection the
        host dropped for silence (a frozen computer that woke up) gets ``not_joined`` for
        its pings too: that is what makes its client rejoin its seat with the token."""
        if isinstance(msg, Ping) and peer not in self._forgotten:
            self._socket.send(peer, Pong(client_time=msg.client_time, server_time=self._wall()))
            return
        message = (
            f"the class lost this connection (no word for {self.silent_after_s:g} s); "
            "join again with your token"
            if peer in self._forgotten
            else "join the class first"
        )
        self._socket.send(peer, Error(code="not_joined", message=message))

    @staticmethod
    def _note_ack(room: Room, player: Player, tick: int) -> None:
        rnd = room.round
        if rnd is not None and tick <= rnd.tick:
            room.acked[player.player_id] = max(tick, room.acked.get(player.player_id, -1))

    def _input(self, room: Room, player: Player, msg: Input) -> None:
        rnd = room.round
        if rnd is None or rnd.phase is not RoundPhase.ACTIVE:
            return
        try:
            rnd.submit(player.player_id, msg.sequence, msg.controls, msg.ack_tick)
        except ValueError as exc:  # game.InvalidInputError: a value the game refuses
            self._socket.send(player.peer, Error(code="bad_input", message=str(exc)))
            self.moderation.flag(player, "range", str(exc))


__all__ = ["ClassHost", "HostEvent", "RoomStatus", "RoundStatus"]
