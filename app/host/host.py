"""The classroom host: the one way to run a class, from the CLI or Mission Control.

``ClassHost`` owns the ZeroMQ socket, the roster, the rooms (each with its own round and
snapshot history, all stepped by one tick loop) and the store. The tick loop never waits on
the network or the database: messages are drained without blocking, and results are
written by tasks. A result is announced (to the student, the room and subscribers) only
after its transaction committed. ``docs/host-api.md`` lists every method and event.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from app.config import Settings
from app.errors import HostError
from app.host.joincode import JoinCodeError, new_join_code, normalise_join_code
from app.host.lan import LanAnnouncer
from app.host.matchmaking import MatchQueue, group_by_rating
from app.host.moderation import FLAG_WINDOW, MAX_CHAT, ChatFilter, should_bar
from app.host.modes import MAX_WAVES, Mode, objective_met, parse_mode, team_score, wave_config
from app.host.rating import Rating, rate_round
from app.host.room import IDLE_CLOSE_S, ROOM_CAPACITY, Room, RoomStatus, next_room_name
from app.host.roster import JoinRefusedError, Player, Roster, RosterFile, parse_roster_csv
from app.host.round import Round, RoundPhase
from app.store import (
    ChatLine,
    FlightRecord,
    StorageError,
    Store,
    StoredFlight,
    StoredRating,
)
from game import (
    DT,
    AIPilot,
    FlightResult,
    InvalidInputError,
    Outcome,
    Personality,
    PhysicsOverrides,
    RoundConfig,
    UnknownWorldError,
    get_world,
)
from game.events import FlightEnded
from netcode.codec import ProtocolError
from netcode.history import SnapshotHistory
from netcode.messages import (
    Ack,
    Chat,
    ChatMessage,
    Error,
    Event,
    FullState,
    Input,
    Join,
    Leave,
    Ping,
    Pong,
    RequestState,
    Welcome,
)
from netcode.server import HostSocket, TransportError
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
_UNSET_TIME = datetime(1970, 1, 1, tzinfo=UTC)  # ChatLine.created_at before it is stored
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
    ) -> None:
        if grouping not in GROUPINGS:
            raise HostError(f"grouping must be one of {', '.join(GROUPINGS)}, got {grouping!r}")
        if lesson_seconds is not None and not lesson_seconds > 0:
            raise HostError(f"lesson_seconds must be > 0, got {lesson_seconds!r}")
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
        self.malformed = 0

    # -- lifecycle ---------------------------------------------------------------------
    async def start(self) -> None:
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
            self.lan.start(self.settings.class_name, self.port, self.public_key, self.settings.bind)
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
        if self.lesson_id is not None and not self._lesson_over:
            self._lesson_over = True
            with contextlib.suppress(StorageError):
                await self.store.end_lesson(self.lesson_id)
        self._socket.close()

    async def _settle(self) -> None:
        for _ in range(10):  # completions may start writes; a few passes settle them all
            pending = [*self._writes]
            pending += [r.completion for r in self.rooms.values() if r.completion is not None]
            pending = [t for t in pending if not t.done()]
            if not pending:
                return
            await asyncio.gather(*pending, return_exceptions=True)

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

    def _clock(self) -> float:
        return self._wall() * self.settings.speed

    def now(self) -> float:
        """The host clock (seconds, ``settings.speed`` times the wall clock)."""
        return self._clock()

    # -- the API a console drives: seeing --------------------------------------------------
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

    @property
    def round(self) -> Round | None:
        """The round of the room that started one last (the only room in a small class)."""
        room = self._default_room(None, quiet=True)
        return None if room is None else room.round

    def status(self, room: str | None = None) -> RoundStatus | None:
        target = self._default_room(room, quiet=room is None)
        if target is None or target.round is None:
            return None
        rnd = target.round
        return RoundStatus(
            round_id=rnd.round_id,
            phase=rnd.phase.value,
            tick=rnd.tick,
            time_left=rnd.time_left,
            countdown_left=rnd.countdown_left,
            flying=len(rnd.flying()),
            ended=len(rnd.results),
            room=target.name,
            mode=target.mode.value,
            wave=target.wave,
        )

    def room_statuses(self) -> list[RoomStatus]:
        out = []
        for room in self.rooms.values():
            rnd = room.round
            names = tuple(
                p.nickname for pid in room.members if (p := self.roster.get(pid)) is not None
            )
            out.append(
                RoomStatus(
                    name=room.name,
                    members=names,
                    mode=room.mode.value,
                    round_id=None if rnd is None else rnd.round_id,
                    phase="lobby" if rnd is None else rnd.phase.value,
                    wave=room.wave,
                    tick=0 if rnd is None else rnd.tick,
                    time_left=0.0 if rnd is None else rnd.time_left,
                    flying=0 if rnd is None else len(rnd.flying()),
                    ended=0 if rnd is None else len(rnd.results),
                )
            )
        return out

    def room_of(self, player_id: int) -> str | None:
        player = self.roster.get(player_id)
        return None if player is None else player.room

    def lobby(self) -> list[Player]:
        """Students not in a room yet (waiting for the teacher or for matchmaking)."""
        return [p for p in self.roster.players() if p.room is None]

    # -- the API a console drives: rooms ----------------------------------------------------
    def create_room(self, name: str | None = None) -> str:
        """A new empty room; returns its name ("A", "B", ... unless ``name`` is given)."""
        if name is None:
            name = next_room_name(set(self.rooms))
        name = name.strip()
        if not name or len(name) > 16:
            raise HostError(f"a room name has 1 to 16 characters, got {name!r}")
        if name in self.rooms:
            raise HostError(f"room {name} already exists")
        self.rooms[name] = Room(name, created_at=self._clock())
        self._publish("room_opened", room=name)
        return name

    def assign(self, player_id: int, room: str) -> None:
        """Put a student in a room (moving them out of their old one). Refused while either
        room is flying a round in which the student has a lander."""
        player = self._player(player_id)
        target = self._room(room)
        if player.room == room:
            return
        if target.full:
            raise HostError(f"room {room} is full ({ROOM_CAPACITY} players)")
        if player.room is not None:
            old = self.rooms[player.room]
            if old.running and old.round is not None and old.round.has_lander(player_id):
                raise HostError(
                    f"{player.nickname} is flying in room {old.name}; move them after the round"
                )
            old.members.remove(player_id)
            old.last_active = self._clock()
        self.queue.remove(player_id)
        previous = player.room
        player.room = room
        target.members.append(player_id)
        target.last_active = self._clock()
        player.spectator = target.running
        self._seat_in_store(player)
        if player.connected:
            self._send(player, Event(tick=0, kind="room_assigned", data={"room": room}))
            self._send_full_state(player)
        kind = "player_moved" if previous is not None else "player_assigned"
        self._publish(
            kind, player_id=player_id, nickname=player.nickname, room=room, previous=previous
        )

    def unassign(self, player_id: int) -> None:
        """Send a student back to the lobby (out of every room)."""
        player = self._player(player_id)
        if player.room is None:
            return
        self.rooms[player.room].members.remove(player_id)
        player.room = None
        if player.connected:
            self._send_full_state(player)

    def auto_group(self) -> dict[str, list[str]]:
        """Group every student in the lobby by rating now, into new rooms of up to eight
        (neighbours by Glicko-2 rating together). Returns room -> nicknames."""
        waiting = [p for p in self.roster.players() if p.room is None]
        for player in waiting:
            self.queue.remove(player.player_id)
        groups = group_by_rating({p.player_id: p.rating.rating for p in waiting})
        return self._open_groups(groups)

    def _open_groups(self, groups: Iterable[list[int]]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for group in groups:
            name = self.create_room()
            for pid in group:
                self.assign(pid, name)
            out[name] = [self._player(pid).nickname for pid in group]
            self._publish("room_grouped", room=name, nicknames=out[name])
        return out

    def close_room(self, room: str) -> None:
        """Close a room; its students go back to the lobby. Refused while it runs a round."""
        target = self._room(room)
        if target.running:
            raise HostError(f"room {room} is running a round; end it first")
        for pid in list(target.members):
            self.unassign(pid)
        del self.rooms[room]
        if self._last_room == room:
            self._last_room = None
        self._publish("room_closed", room=room)

    def close_idle_rooms(self, now: float | None = None) -> list[str]:
        """Close rooms idle (no round) for ``idle_close_s`` on the host clock."""
        t = self._clock() if now is None else now
        closing = [r.name for r in self.rooms.values() if r.idle_for(t) >= self.idle_close_s]
        for name in closing:
            self.close_room(name)
        return closing

    def poll_matchmaking(self, now: float | None = None) -> dict[str, list[str]]:
        """Form the rooms matchmaking can form now (grouping "rating")."""
        t = self._clock() if now is None else now
        return self._open_groups(self.queue.poll(t))

    # -- the API a console drives: rounds ---------------------------------------------------
    async def start_round(
        self,
        *,
        room: str | None = None,
        world: str | None = None,
        seed: int | None = None,
        seconds: float | None = None,
        overrides: PhysicsOverrides | None = None,
        mode: Mode | str = Mode.COMPETITIVE,
        ai_pilots: int = 0,
        max_waves: int = 3,
    ) -> int:
        """Start a round in ``room`` (default: the only room; with "fill" grouping the lobby
        is seated first); returns the round id stored in the database."""
        if self.class_id is None:
            raise HostError("the host is not started")
        try:
            mode = parse_mode(mode) if isinstance(mode, str) else mode
        except ValueError as exc:
            raise HostError(str(exc)) from None
        if not 0 <= ai_pilots <= ROOM_CAPACITY - 1:
            raise HostError(f"ai_pilots must be within 0..{ROOM_CAPACITY - 1}, got {ai_pilots}")
        if ai_pilots and mode is not Mode.SOLO:
            raise HostError("AI pilots fly in solo rounds only")
        if not 1 <= max_waves <= MAX_WAVES:
            raise HostError(f"max_waves must be within 1..{MAX_WAVES}, got {max_waves}")
        if room is None and not self.rooms and self.grouping == "fill":
            self._seat_lobby()
        target = self._default_room(room)
        if target is None:
            raise HostError("nobody has joined yet; share the join code first")
        if target.running:
            raise HostError(f"a round is already running in room {target.name}; end it first")
        for pid in target.members:  # everyone in the room flies; late joiners watched before
            self._player(pid).spectator = False
        seated = [
            p for pid in target.members if (p := self._player(pid)).connected and not p.spectator
        ]
        if not seated:
            raise HostError(f"room {target.name} has nobody to fly; share the join code first")
        try:
            world_obj = get_world(world or self.settings.world)
        except UnknownWorldError as exc:
            raise HostError(str(exc)) from None
        config = RoundConfig(
            world=world_obj,
            seed=self._rng.randrange(2**31) if seed is None else seed,
            time_limit_s=seconds or self.settings.round_seconds,
            overrides=overrides or PhysicsOverrides(),
        )
        try:
            round_id = await self.store.create_round(
                self.class_id,
                game=GAME,
                world=world_obj.key,
                mode=mode.value,
                seed=config.seed,
                room=target.name,
                params=config.to_dict(),
                lesson_id=self.lesson_id,
            )
        except StorageError as exc:
            raise HostError(str(exc)) from None
        ai = {
            AI_ID_BASE + i: AIPilot(
                AI_SKILLS[i % len(AI_SKILLS)], list(Personality)[i % 4], config.seed + i
            )
            for i in range(ai_pilots)
        }
        target.ai_names = {pid: f"AI {i + 1}" for i, pid in enumerate(sorted(ai))}
        target.mode = mode
        target.wave = 1 if mode is Mode.SURVIVAL else 0
        target.max_waves = max_waves if mode is Mode.SURVIVAL else 0
        target.end_state = "completed"
        target.flights[round_id] = []
        target.done = asyncio.Event()
        target.completion = None
        # Slots by nickname, not join order, so a seeded round does not depend on who was faster.
        order = sorted(seated, key=lambda p: p.nickname.casefold())
        self._begin(target, round_id, config, [p.player_id for p in order], ai)
        target.base_round = target.round
        self._last_room = target.name
        self._publish(
            "round_started",
            round_id=round_id,
            room=target.name,
            world=world_obj.key,
            seed=config.seed,
            mode=mode.value,
            players=[p.nickname for p in order],
        )
        return round_id

    def _begin(
        self,
        room: Room,
        round_id: int,
        config: RoundConfig,
        pilots: list[int],
        ai: dict[int, AIPilot] | None = None,
    ) -> None:
        countdown = round(self.settings.countdown_seconds * self.settings.tick_rate)
        room.round = Round(round_id, config, pilots, countdown_ticks=countdown, ai_pilots=ai)
        room.history = SnapshotHistory()
        room.acked.clear()
        room.last_snapshot_tick = None
        room.held_since = None
        room.last_active = self._clock()
        self._room_event(
            room,
            "round_started" if room.wave <= 1 else "wave_started",
            {
                "round_id": round_id,
                "round": config.to_dict(),
                "countdown": self.settings.countdown_seconds,
                "landers": [*pilots, *sorted(ai or {})],
                "mode": room.mode.value,
                "room": room.name,
                "wave": room.wave,
            },
        )
        for pid in room.members:
            player = self._player(pid)
            if player.connected:
                self._send_full_state(player)

    async def start_all(self, **kwargs: Any) -> dict[str, int]:
        """:meth:`start_round` in every room that has students; returns room -> round id."""
        if "room" in kwargs:
            raise HostError("start_all starts every room; use start_round(room=...) for one")
        if not self.rooms and self.grouping == "fill":
            self._seat_lobby()
        out: dict[str, int] = {}
        for name, room in list(self.rooms.items()):
            if room.members and not room.running:
                out[name] = await self.start_round(room=name, **kwargs)
        if not out:
            raise HostError("no room has students waiting for a round")
        return out

    def pause(self, room: str | None = None) -> list[str]:
        """Pause the round of ``room`` (None: every room); returns the rooms paused."""
        done = []
        for target in self._targets(room):
            if target.round is not None and target.round.pause():
                self._room_event(target, "phase", {"phase": "paused"})
                self._publish("round_paused", room=target.name, round_id=target.round.round_id)
                done.append(target.name)
        if room is not None and not done:
            raise HostError(f"room {room} has no round counting down or flying to pause")
        return done

    def resume(self, room: str | None = None) -> list[str]:
        """Resume paused rounds (``room`` None: every room); returns the rooms resumed."""
        done = []
        for target in self._targets(room):
            if target.round is not None and target.round.resume():
                self._room_event(target, "phase", {"phase": target.round.phase.value})
                self._publish("round_resumed", room=target.name, round_id=target.round.round_id)
                done.append(target.name)
        if room is not None and not done:
            raise HostError(f"room {room} has no paused round")
        return done

    def end_round(self, room: str | None = None) -> list[str]:
        """End rounds now (flights still in the air get no result); returns the rooms."""
        done = []
        for target in self._targets(room):
            rnd = target.round
            if rnd is not None and rnd.end_now():
                target.end_state = "ended"
                target.max_waves = target.wave  # no further wave
                self._publish("round_ending", room=target.name, round_id=rnd.round_id)
                done.append(target.name)
        if room is not None and not done:
            raise HostError(f"room {room} has no round to end")
        return done

    async def wait_round(self, timeout: float, room: str | None = None) -> list[StoredFlight]:
        """Wait until the round of ``room`` (default: the last started; "*" all rooms)
        completed and its results are committed; returns its stored flights."""
        targets = (
            [r for r in self.rooms.values() if r.round is not None]
            if room == "*"
            else [t for t in [self._default_room(room)] if t is not None]
        )
        if not targets or any(t.round is None for t in targets):
            raise HostError("no round has been started")
        try:
            async with asyncio.timeout(timeout):
                for target in targets:
                    await target.done.wait()
        except TimeoutError:
            raise HostError(f"the round did not finish within {timeout:.0f} s") from None
        if self._failure is not None:
            raise HostError(f"the host failed: {self._failure}") from self._failure
        out: list[StoredFlight] = []
        for target in targets:
            assert target.round is not None
            out.extend(target.flights[target.round.round_id])
        return out

    # -- the API a console drives: people --------------------------------------------------
    async def load_roster(self, csv_text: str) -> RosterFile:
        """Only the roster's nicknames may join from now on; bad rows are reported (with
        line numbers) in the result and skipped; the good rows are stored with the class."""
        parsed = parse_roster_csv(csv_text)
        if not parsed.entries:
            problems = "; ".join(str(p) for p in parsed.problems) or "it has no nicknames"
            raise HostError(f"roster not loaded: {problems}")
        if self.class_id is not None:
            try:
                await self.store.save_roster(self.class_id, list(parsed.entries))
            except StorageError as exc:
                raise HostError(str(exc)) from None
        self.roster.set_allowed(parsed.nicknames)
        self._publish(
            "roster_loaded",
            nicknames=parsed.nicknames,
            problems=[str(p) for p in parsed.problems],
        )
        return parsed

    def clear_roster(self) -> None:
        self.roster.set_allowed(None)

    def set_spectator(self, player_id: int, spectator: bool = True) -> None:
        """Watch without a lander from the next round on (or fly again)."""
        self._player(player_id).spectator = spectator

    def mute(self, player_id: int) -> None:
        player = self._player(player_id)
        player.muted = True
        self._publish("player_muted", player_id=player_id, nickname=player.nickname)

    def unmute(self, player_id: int) -> None:
        player = self._player(player_id)
        player.muted = False
        self._publish("player_unmuted", player_id=player_id, nickname=player.nickname)

    def kick(self, player_id: int, reason: str = "removed by the teacher") -> None:
        """Remove a student from the class now (they may rejoin unless barred)."""
        player = self._player(player_id)
        self._remove(player, "kicked", reason)
        self._publish("player_kicked", player_id=player_id, nickname=player.nickname)

    async def lift_bar(self, nickname: str) -> None:
        """Let a barred student join this lesson again."""
        if self.class_id is None or self.lesson_id is None:
            raise HostError("the host is not started")
        try:
            student_id = await self.store.add_student(self.class_id, nickname)
            await self.store.set_barred(self.lesson_id, student_id, False)
        except StorageError as exc:
            raise HostError(str(exc)) from None
        self._barred.discard(student_id)
        self._publish("bar_lifted", nickname=nickname, student_id=student_id)

    def barred(self) -> set[int]:
        return set(self._barred)

    def set_hide_ranks(self, hide: bool) -> None:
        """Hide others' scores from students until each round ends."""
        self.hide_ranks = hide
        self._publish("ranks_hidden" if hide else "ranks_shown")

    async def say(self, text: str, room: str | None = None) -> None:
        """A chat line from the teacher to one room (None: everyone)."""
        shown, _ = self.chat_filter.clean(text)
        if not shown:
            raise HostError("say what? the chat line is empty")
        targets = self.roster.players() if room is None else self._members(self._room(room))
        for player in targets:
            if player.connected:
                self._send(player, ChatMessage(sender=TEACHER, text=shown))
        await self._log_chat(room or "*", None, TEACHER, shown, False, True)

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

    # -- helpers for the API -----------------------------------------------------------------
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

    def _seat_lobby(self) -> None:
        for player in self.roster.players():
            if player.room is None:
                self._place(player)

    def _place(self, player: Player) -> None:
        """Where a new student goes: the matchmaking queue, the lobby, or a room with space."""
        if self.grouping == "rating":
            if player.player_id not in self.queue:
                self.queue.add(player.player_id, player.rating.rating, self._clock())
            return
        if self.grouping == "manual":
            return
        room = next((r for r in self.rooms.values() if not r.full), None)
        name = room.name if room is not None else self.create_room()
        self.assign(player.player_id, name)

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

    # -- tick loop -----------------------------------------------------------------------
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

    def _tick(self) -> None:
        busy = False
        for room in self.rooms.values():
            if room.round is not None and room.round.phase is not RoundPhase.COMPLETED:
                busy = True
                self._tick_room(room, room.round)
        if not busy:
            self.idle_tick += 1

    def _held_for_inputs(self, room: Room, rnd: Round) -> bool:
        """Lockstep (bots only: demo, tests): hold the room's next step until every connected
        member answered the last snapshot, so a seeded round is reproducible on a busy
        machine. Never longer than LOCKSTEP_MAX_WAIT_S for a silent member."""
        snap = room.last_snapshot_tick
        if snap is None or not rnd.needs_inputs_of(snap):
            room.held_since = None
            return False
        connected = [pid for pid in room.members if (p := self.roster.get(pid)) and p.connected]
        missing = rnd.unanswered(snap, connected)
        if not missing:
            room.held_since = None
            return False
        now = self._wall()
        if room.held_since is None:
            room.held_since = now
        if now - room.held_since < LOCKSTEP_MAX_WAIT_S:
            return True
        log.warning("lockstep: room %s had no input from %s for tick %d", room.name, missing, snap)
        room.held_since = None
        return False

    def _tick_room(self, room: Room, rnd: Round) -> None:
        if self.settings.lockstep and self._held_for_inputs(room, rnd):
            return
        was = rnd.phase
        events = rnd.advance()
        if was is RoundPhase.COUNTDOWN and rnd.phase is RoundPhase.ACTIVE:
            self._room_event(room, "phase", {"phase": "active"})
            self._publish("round_active", round_id=rnd.round_id, room=room.name, wave=room.wave)
        for event in events:
            if isinstance(event, FlightEnded):
                self._record(room, rnd, event.result)
        every = max(1, self.settings.tick_rate // self.settings.snapshot_rate)
        if rnd.phase is RoundPhase.ACTIVE and rnd.tick % every == 0:
            self._send_snapshots(room, rnd)
        if rnd.phase is RoundPhase.FINISHING and room.completion is None:
            self._send_snapshots(room, rnd)  # the final positions, once
            room.completion = asyncio.create_task(self._complete(room, rnd))

    def _send_snapshots(self, room: Room, rnd: Round) -> None:
        """A state update for every connected member: a delta against the newest snapshot
        they acknowledged when it is still in the 60-tick history, else the full snapshot."""
        room.history.add(rnd.tick, encode_landers(rnd.sim.arrays()))
        room.last_snapshot_tick = rnd.tick
        for player in self._members(room):
            if not player.connected:
                continue
            update = room.history.update_for(
                rnd.tick,
                rnd.last_sequence(player.player_id),
                room.acked.get(player.player_id, -1),
            )
            self._socket.send(player.peer, update)

    # -- results -------------------------------------------------------------------------
    def _record(self, room: Room, rnd: Round, result: FlightResult) -> None:
        if result.lander_id in rnd.ai:
            return  # the host's own pilots are not students: nothing to store
        player = self.roster.get(result.lander_id)
        if player is None or player.student_id is None:
            log.warning("flight of unknown lander %d not stored", result.lander_id)
            return
        telemetry = rnd.sim.telemetry(result.lander_id).to_bytes()
        breakdown = result.to_dict()
        breakdown["mode"] = room.mode.value
        if room.mode is Mode.SURVIVAL:
            breakdown["wave"] = room.wave
        record = FlightRecord(
            round_id=rnd.round_id,
            student_id=player.student_id,
            game=GAME,
            world=rnd.config.world.key,
            outcome=str(result.outcome),
            reason_code=result.reason_code,
            reason=result.reason,
            score=result.total,
            stars=result.stars,
            breakdown=breakdown,
            flight_time_s=result.flight_time_s,
            fuel_used=result.fuel_used,
            params=rnd.config.to_dict(),
            telemetry=telemetry,
            inputs=rnd.inputs_blob(result.lander_id),
        )
        task = asyncio.create_task(self._write(room, rnd.round_id, player, record, result))
        self._writes.add(task)
        task.add_done_callback(self._writes.discard)

    async def _write(
        self, room: Room, round_id: int, player: Player, record: FlightRecord, result: FlightResult
    ) -> None:
        try:
            stored = await self.store.record_flight(record)
        except StorageError as exc:
            log.error("result of %s NOT stored: %s", player.nickname, exc)
            self._publish("storage_error", nickname=player.nickname, message=str(exc))
            return
        flights = room.flights[round_id]
        flights.append(stored)
        data = {
            "player_id": player.player_id,
            "nickname": player.nickname,
            "result": result.to_dict(),
            "flight_id": stored.id,
            "room": room.name,
            "wave": room.wave,
        }
        if self.hide_ranks:
            if player.connected:  # only the pilot hears their result until the round ends
                self._send(player, self._event(room, "flight_ended", data))
        else:
            data["rank"] = 1 + sum(1 for f in flights if f.score > stored.score)
            self._room_event(room, "flight_ended", data)
        self._publish("flight_recorded", flight=stored, **data)

    async def _complete(self, room: Room, rnd: Round) -> None:
        await self._settle_writes()
        if room.mode is Mode.SURVIVAL and room.wave < room.max_waves and room.round is rnd:
            survivors = [
                pid
                for pid, res in rnd.results.items()
                if res.outcome is Outcome.LANDED
                and pid not in rnd.ai
                and (p := self.roster.get(pid)) is not None
                and p.connected
            ]
            if survivors:
                assert room.base_round is not None
                room.wave += 1
                config = wave_config(room.base_round.config, room.wave)
                room.completion = None
                self._begin(room, rnd.round_id, config, sorted(survivors))
                self._publish(
                    "wave_started",
                    room=room.name,
                    round_id=rnd.round_id,
                    wave=room.wave,
                    players=[self._player(pid).nickname for pid in sorted(survivors)],
                )
                return
        flights = sorted(room.flights[rnd.round_id], key=lambda f: (-f.score, f.nickname))
        team: int | None = None
        extra: dict[str, Any] = {}
        if room.mode is Mode.COOPERATIVE:
            team = team_score([f.score for f in flights])
            landed = sum(1 for f in flights if f.outcome == Outcome.LANDED.value)
            extra = {"team_score": team, "objective_met": objective_met(landed, len(flights))}
        try:
            await self.store.finish_round(rnd.round_id, team_score=team, end_state=room.end_state)
        except StorageError as exc:
            log.error("round %d end not stored: %s", rnd.round_id, exc)
            self._publish("storage_error", nickname=None, message=str(exc))
        if room.mode.rated:
            extra["ratings"] = await self._rate(room, flights)
        self._room_event(
            room,
            "round_completed",
            {
                "round_id": rnd.round_id,
                "room": room.name,
                "mode": room.mode.value,
                "results": [
                    {
                        "rank": rank,
                        "nickname": f.nickname,
                        "outcome": f.outcome,
                        "reason": f.reason,
                        "score": f.score,
                        "stars": f.stars,
                    }
                    for rank, f in enumerate(flights, start=1)
                ],
                **extra,
            },
        )
        rnd.phase = RoundPhase.COMPLETED
        room.last_active = self._clock()
        self._publish(
            "round_completed",
            round_id=rnd.round_id,
            room=room.name,
            mode=room.mode.value,
            end_state=room.end_state,
            **extra,
        )
        room.done.set()

    async def _settle_writes(self) -> None:
        while self._writes:
            pending = [t for t in self._writes if not t.done()]
            if not pending:
                return
            await asyncio.gather(*pending, return_exceptions=True)

    async def _rate(self, room: Room, flights: list[StoredFlight]) -> dict[str, int | None]:
        """Glicko-2 after a competitive round; stored before anyone is told."""
        by_student = {f.student_id: f for f in flights}
        players = {
            p.student_id: p
            for p in self.roster.players()
            if p.student_id is not None and p.student_id in by_student
        }
        new = rate_round(
            {sid: p.rating for sid, p in players.items()},
            {sid: by_student[sid].score for sid in players},
        )
        if not new:
            return {}
        rows = [
            StoredRating(sid, GAME, r.rating, r.rd, r.volatility, r.matches)
            for sid, r in new.items()
        ]
        try:
            await self.store.save_ratings(rows)
        except StorageError as exc:
            self._publish("storage_error", nickname=None, message=str(exc))
            return {}
        shown: dict[str, int | None] = {}
        for sid, rating in new.items():
            players[sid].rating = rating
            shown[players[sid].nickname] = rating.shown
        self._publish("ratings_updated", room=room.name, ratings=shown)
        return shown

    # -- messages ------------------------------------------------------------------------
    def _handle(self, peer: bytes, msg: object) -> None:
        now = self._wall()
        if isinstance(msg, Join):
            self._join(peer, msg, now)
            return
        player = self.roster.by_peer(peer)
        if player is None:
            self._socket.send(peer, Error(code="not_joined", message="join the class first"))
            return
        player.last_seen = now
        room = self.rooms.get(player.room) if player.room is not None else None
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
            self._send_full_state(player)
        elif isinstance(msg, Chat):
            self._chat(player, room, msg.text)
        elif isinstance(msg, Leave):
            self.roster.disconnect(peer)
            self._publish_left(player)
        else:
            self._socket.send(peer, Error(code="unexpected", message="the host does not take that"))

    def _chat(self, player: Player, room: Room | None, raw: str) -> None:
        text, filtered = self.chat_filter.clean(raw[: MAX_CHAT * 2])
        if not text:
            return
        where = room.name if room is not None else "lobby"
        if player.muted:
            self._send(player, Error(code="muted", message="your teacher muted your chat"))
        else:
            audience = self._members(room) if room is not None else self.lobby()
            for other in audience:
                if other.connected:
                    self._send(other, ChatMessage(sender=player.nickname, text=text))
        self._spawn(
            self._log_chat(
                where, player.student_id, player.nickname, text, filtered, not player.muted
            )
        )
        self._publish(
            "chat",
            nickname=player.nickname,
            text=text,
            room=where,
            filtered=filtered,
            delivered=not player.muted,
        )

    async def _log_chat(
        self,
        room: str,
        student_id: int | None,
        sender: str,
        text: str,
        filtered: bool,
        delivered: bool,
    ) -> None:
        if self.lesson_id is None:
            return
        line = ChatLine(0, room, student_id, sender, text, filtered, delivered, _UNSET_TIME)
        await self.store.log_chat(self.lesson_id, line)

    def _flag(self, player: Player, kind: str, detail: str) -> None:
        log.info("flag %s for %s: %s", kind, player.nickname, detail)
        self._publish("flag", flag=kind, nickname=player.nickname, detail=detail)
        if player.student_id is not None:
            self._spawn(self._store_flag(player, player.student_id, kind, detail))

    async def _store_flag(self, player: Player, student_id: int, kind: str, detail: str) -> None:
        count = await self.store.add_flag(
            student_id, kind, detail, lesson_id=self.lesson_id, window=FLAG_WINDOW
        )
        if should_bar(count) and student_id not in self._barred:
            self._barred.add(student_id)
            if self.lesson_id is not None:
                await self.store.set_barred(self.lesson_id, student_id, True)
            if self.roster.get(player.player_id) is player:
                self._remove(
                    player,
                    "barred",
                    f"{count} anti-cheat flags in 24 hours: barred from this lesson "
                    "until your teacher lifts it",
                )
            self._publish(
                "student_barred", nickname=player.nickname, student_id=student_id, flags=count
            )

    def _note_ack(self, room: Room, player: Player, tick: int) -> None:
        rnd = room.round
        if rnd is not None and tick <= rnd.tick:
            room.acked[player.player_id] = max(tick, room.acked.get(player.player_id, -1))

    def _input(self, room: Room, player: Player, msg: Input) -> None:
        rnd = room.round
        if rnd is None or rnd.phase is not RoundPhase.ACTIVE:
            return
        try:
            rnd.submit(
                player.player_id, msg.sequence, msg.thrust, msg.rotation, msg.abort, msg.ack_tick
            )
        except InvalidInputError as exc:
            self._socket.send(player.peer, Error(code="bad_input", message=str(exc)))
            self._flag(player, "range", str(exc))

    def _refuse(self, peer: bytes, code: str, message: str) -> None:
        self._socket.send(peer, Error(code=code, message=message))

    def _join(self, peer: bytes, msg: Join, now: float) -> None:
        try:
            code = normalise_join_code(msg.code)
        except JoinCodeError as exc:
            self._refuse(peer, "wrong_code", str(exc))
            return
        if code != self.join_code:
            self._refuse(
                peer, "wrong_code", f"{code} is not this class's join code; check the board"
            )
            return
        if self._lesson_over:
            self._refuse(
                peer, "code_expired", f"the lesson with code {code} has ended; ask for a new code"
            )
            return
        if msg.token:
            returning = self.roster.by_token(msg.token)
            if returning is not None:
                self.roster.reseat(returning, peer, now)
                self._welcome(returning)
                return
        try:
            player = self.roster.seat(peer, msg.nickname, msg.character, now)
        except JoinRefusedError as exc:
            self._refuse(peer, exc.code, exc.message)
            return
        self._spawn(self._admit(player))

    async def _admit(self, player: Player) -> None:
        assert self.class_id is not None
        try:
            player.student_id = await self.store.add_student(self.class_id, player.nickname)
            stored = await self.store.ratings([player.student_id], GAME)
        except StorageError as exc:
            self.roster.remove(player.player_id)
            self._socket.send(player.peer, Error(code="host_error", message=str(exc)))
            return
        if player.student_id in self._barred:
            self.roster.remove(player.player_id)
            self._refuse(
                player.peer,
                "barred",
                f"{player.nickname} is barred from this lesson; ask your teacher",
            )
            return
        if player.student_id in stored:
            r = stored[player.student_id]
            player.rating = Rating(r.rating, r.rd, r.volatility, r.matches)
        self._welcome(player)
        self._broadcast_all(
            "player_joined",
            {
                "player_id": player.player_id,
                "nickname": player.nickname,
                "character": player.character,
            },
        )
        self._publish(
            "player_joined",
            player_id=player.player_id,
            nickname=player.nickname,
            rating=player.rating.shown,
        )
        self._place(player)
        if player.room is None:
            self._seat_in_store(player)

    def _welcome(self, player: Player) -> None:
        self._socket.send(
            player.peer,
            Welcome(
                player_id=player.player_id,
                token=player.token,
                tick_rate=self.settings.tick_rate,
                snapshot_rate=self.settings.snapshot_rate,
                class_name=self.settings.class_name,
            ),
        )
        self._send_full_state(player)

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


__all__ = ["DT", "GAME", "ClassHost", "HostEvent", "RoomStatus", "RoundStatus"]
