"""The host-thread side of Mission Control: one lesson = one store + one ClassHost.

Everything here runs on the host thread's event loop (:mod:`admin_gui.host_thread`), so it
may read the host's state (roster, round, simulation arrays) between ticks without locks.
It talks to the UI only through a :class:`LessonListener` (the Qt bridge emits signals).

The spectator view samples the running round here, at :data:`FRAME_HZ`: it encodes the
simulation's rows with the same :func:`app.host.snapshots.encode_snapshot` that builds the
players' state updates and decodes them again, so the teacher sees exactly the quantised
values the students get, of any game, without taking a seat, a socket or a student id.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from pathlib import Path
from typing import Protocol

from admin_gui.address import is_loopback
from admin_gui.errors import LessonStateError
from admin_gui.records import (
    BARRED,
    KICKED,
    LESSON_TOTAL,
    MISSING,
    OFFLINE,
    ChatEntry,
    ClassPlan,
    ClassState,
    FlagEntry,
    FlightPlot,
    HostInfo,
    RoomStatus,
    RosterEntry,
    RoundView,
    SpectatorFrame,
)
from app.config import Settings
from app.host.constants import TEACHER
from app.host.host import ClassHost, HostEvent
from app.host.plan import PlannedRound
from app.host.roster import RosterFile, parse_roster_csv
from app.host.round import Round, RoundPhase
from app.host.snapshots import encode_snapshot
from app.report import lesson_totals
from app.store import LeaderboardRow, Period, Store, StoredFlight
from app.store.files import DB_NAME, open_host_store
from app.sync.outbox import SyncStatus
from game.api import Frame
from game.errors import GameError
from game.modes import Mode
from game.registry import get_game
from game.series import Series

log = logging.getLogger(__name__)

FRAME_HZ = 30.0
ROSTER_EVERY = 3  # frames between roster/room refreshes (10 a second)
DISCOVERY_OFF = "off"  # the host does not announce on the LAN: students type the address
MODES = tuple(m.value for m in Mode)
LOBBY = ""  # the pseudo-room of students not seated yet
RUNNING = (RoundPhase.COUNTDOWN, RoundPhase.ACTIVE, RoundPhase.PAUSED, RoundPhase.FINISHING)
MAX_ROSTER_BYTES = 1_000_000  # a class list, not a database dump
TEACHER_ALL = "*"  # the chat "room" of a teacher's line to everyone


class LessonListener(Protocol):
    """What the lesson tells the UI. Called on the host thread; implementations must only
    emit signals (or queue), never touch widgets."""

    def hosting(self, info: HostInfo) -> None: ...
    def failed(self, action: str, message: str) -> None: ...
    def roster(self, entries: tuple[RosterEntry, ...]) -> None: ...
    def rooms(self, statuses: tuple[RoomStatus, ...]) -> None: ...
    def round_started(self, view: RoundView) -> None: ...
    def flight_recorded(self, flight: StoredFlight) -> None: ...
    def round_completed(self, round_id: int, flights: list[StoredFlight]) -> None: ...
    def frame(self, frame: SpectatorFrame) -> None: ...
    def flag(self, entry: FlagEntry) -> None: ...
    def class_state(self, state: ClassState) -> None: ...
    def chat(self, entry: ChatEntry) -> None: ...
    def sync(self, status: SyncStatus | None) -> None: ...
    def roster_loaded(self, nicknames: int) -> None: ...


class Lesson:
    """A hosted class. Create on the host thread, then ``await open(plan)``."""

    def __init__(self, settings: Settings, listener: LessonListener) -> None:
        self.settings = settings
        self._listener = listener
        self.store: Store | None = None
        self.host: ClassHost | None = None
        self.info: HostInfo | None = None
        self.watching = False
        self._tasks: list[asyncio.Task[None]] = []
        self._last_result: dict[int, str] = {}
        self._last_roster: tuple[RosterEntry, ...] | None = None
        self._last_rooms: tuple[RoomStatus, ...] | None = None
        self._frame_round: int | None = None
        self.watched_room: str | None = None
        self.mode = Mode.COMPETITIVE
        self.ai_pilots = 0
        self._barred_names: dict[int, str] = {}  # student id -> nickname, barred this lesson
        self._reclaims: set[str] = set()  # folded nicknames asked for from another computer
        self._last_state: ClassState | None = None

    # -- lifecycle -----------------------------------------------------------------------
    async def open(self, plan: ClassPlan) -> HostInfo:
        if self.host is not None:
            raise LessonStateError("a class is already being hosted; end it first")
        if plan.mode not in MODES:
            raise LessonStateError(
                f"mode {plan.mode!r} is not available; the host plays {', '.join(MODES)}"
            )
        if plan.ai_pilots and plan.mode != Mode.SOLO.value:
            raise LessonStateError("AI players play in solo mode only")
        settings = dataclasses.replace(
            self.settings,
            class_name=plan.class_name,
            game=plan.game,
            world=plan.world,
            round_seconds=plan.round_seconds,
            bind=plan.bind or self.settings.bind,
        ).validate()
        store, _ = await open_host_store(settings.data_dir, "Mission Control")
        host = ClassHost(settings, store)
        try:
            await host.start()
        except BaseException:
            await store.close()
            raise
        self.settings, self.store, self.host = settings, store, host
        self.mode = Mode(plan.mode)
        self.ai_pilots = plan.ai_pilots if self.mode is Mode.SOLO else 0
        assert host.class_id is not None
        address = host.address()
        key = host.public_key
        info = HostInfo(
            class_name=settings.class_name,
            class_id=host.class_id,
            join_code=host.join_code,
            bind=settings.bind,
            port=host.port,
            address=address,
            join_string=host.join_string(address.rsplit(":", 1)[0]),
            public_key=key.decode("ascii") if key is not None else None,
            # announced on loopback only is no discovery a student could use
            discovery=(
                "on"
                if host.lan.state in ("starting", "on") and not is_loopback(settings.bind)
                else DISCOVERY_OFF
            ),
            database=settings.data_dir / DB_NAME,
            game=plan.game,
            world=plan.world,
            mode=plan.mode,
            round_seconds=plan.round_seconds,
        )
        self.info = info
        events = host.subscribe()
        self._tasks = [
            asyncio.create_task(self._pump(events), name="console-events"),
            asyncio.create_task(self._sample(), name="console-sampler"),
        ]
        self._listener.hosting(info)
        self._publish_state(force=True)
        await self._publish_sync()
        return info

    async def close(self, settle_timeout: float) -> None:
        """End the lesson: open rounds end now, every committed result is kept, the join
        code stops working; then the host stops and the database closes."""
        host = self.host
        if host is not None:
            try:
                await asyncio.wait_for(host.end_lesson(), settle_timeout)
            except TimeoutError:
                log.error(
                    "the lesson did not settle within %.0f s; stopping anyway", settle_timeout
                )
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        if host is not None:
            await host.stop()
        if self.store is not None:
            await self.store.close()
        self.host = None
        self.store = None

    # -- teacher actions -----------------------------------------------------------------
    def _need_host(self) -> tuple[ClassHost, Store]:
        if self.host is None or self.store is None:
            raise LessonStateError("no class is being hosted; start a class first")
        return self.host, self.store

    def refuse_if_present(self, student_id: int, nickname: str) -> None:
        """A student in the class being hosted (seated, or left this lesson) is not erased
        under the host's feet: :class:`LessonStateError` says what to do instead."""
        host = self.host
        if host is None:
            return
        present = [*host.players(), *host.roster.departed.values()]
        if any(p.student_id == student_id for p in present):
            raise LessonStateError(
                f"{nickname} is in the class you are hosting; end the lesson first, then "
                "erase them from History"
            )

    def round_running(self) -> bool:
        host = self.host
        if host is None:
            return False
        return any(r.round is not None and r.round.phase in RUNNING for r in host.rooms.values())

    async def start_round(
        self, knobs: dict[str, float], seconds: float | None, room: str | None = None
    ) -> list[int]:
        """Start a round of the class's game in ``room``, or in every room with students
        (None), with the teacher's ``knobs``."""
        host, _ = self._need_host()
        limit = seconds or self.settings.round_seconds
        common = {
            "game": self.settings.game,
            "level": self.settings.world or None,
            "seconds": limit,
            "knobs": knobs,
            "mode": self.mode,
            "ai_players": self.ai_pilots,
        }
        if room is not None:
            ids = [await host.start_round(room=room, **common)]  # type: ignore[arg-type]
        else:
            started = await host.start_all(**common)
            ids = list(started.values())
        self._publish_state(force=True)
        return ids

    async def start_planned(self, planned: PlannedRound) -> list[int]:
        """The next round of the lesson plan, in every room with students."""
        host, _ = self._need_host()
        started = await host.start_all(
            game=planned.game,
            level=planned.level,
            seconds=planned.seconds,
            knobs=dict(planned.knobs),
            mode=planned.mode,
            ai_players=self.ai_pilots if planned.mode is Mode.SOLO else 0,
        )
        self._publish_state(force=True)
        return list(started.values())

    def pause(self, room: str | None) -> list[str]:
        host, _ = self._need_host()
        done = host.pause(room)
        self._publish_state(force=True)
        return done

    def resume(self, room: str | None) -> list[str]:
        host, _ = self._need_host()
        done = host.resume(room)
        self._publish_state(force=True)
        return done

    def end_round(self, room: str | None) -> list[str]:
        host, _ = self._need_host()
        done = host.end_round(room)
        self._publish_state(force=True)
        return done

    def mute(self, player_id: int, on: bool) -> None:
        host, _ = self._need_host()
        if on:
            host.mute(player_id)
        else:
            host.unmute(player_id)
        self._publish_state(force=True)

    def kick(self, player_id: int) -> None:
        host, _ = self._need_host()
        host.kick(player_id)
        self._publish_state(force=True)

    def move(self, player_id: int, room: str) -> None:
        """Put a student in ``room`` (created when it does not exist yet), or back in the
        lobby (:data:`LOBBY`)."""
        host, _ = self._need_host()
        if room == LOBBY:
            player = next((p for p in host.players() if p.player_id == player_id), None)
            if player is None:
                raise LessonStateError(f"no student {player_id} in this class")
            seat = host.rooms.get(player.room) if player.room is not None else None
            rnd = seat.round if seat is not None and seat.running else None
            if rnd is not None and rnd.has_lander(player_id):
                raise LessonStateError(
                    f"{player.nickname} is flying in room {player.room}; move them after the round"
                )
            host.unassign(player_id)
        else:
            if room not in host.rooms:
                host.create_room(room)
            host.assign(player_id, room)
        self._publish_state(force=True)

    def new_room(self) -> str:
        """An empty room the teacher can move students into; returns its name."""
        host, _ = self._need_host()
        name = host.create_room()
        self._publish_state(force=True)
        return name

    def auto_group(self) -> dict[str, list[str]]:
        """Regroup by rating everyone not flying: the students of rooms without a running
        round go back to the lobby (those rooms close), then the lobby is grouped into new
        rooms of up to eight. Rooms flying a round keep their students."""
        host, _ = self._need_host()
        idle = [name for name, r in host.rooms.items() if not r.running]
        waiting = len(host.lobby()) + sum(len(host.rooms[n].members) for n in idle)
        if waiting == 0:
            raise LessonStateError("nobody is waiting to be grouped (every student is flying)")
        for name in idle:
            host.close_room(name)
        groups = host.auto_group()
        self._publish_state(force=True)
        return groups

    async def load_roster_file(self, path: Path) -> RosterFile:
        """Only the nicknames in the CSV at ``path`` may join from now on. A file with any
        bad row is refused as a whole (every bad row named by its line); nothing changes."""
        host, _ = self._need_host()
        text = await asyncio.to_thread(_read_roster, path)
        parsed = parse_roster_csv(text)
        if parsed.problems:
            lines = "; ".join(str(p) for p in parsed.problems)
            raise LessonStateError(f"{path.name} was not loaded; fix these rows: {lines}")
        if not parsed.entries:
            raise LessonStateError(f"{path.name} was not loaded: it has no nicknames")
        loaded = await host.load_roster(text)
        self._publish_state(force=True)
        self._listener.roster_loaded(len(loaded.entries))
        return loaded

    def clear_roster(self) -> None:
        host, _ = self._need_host()
        host.clear_roster()
        self._publish_state(force=True)

    def readmit(self, nickname: str) -> None:
        """Let a student the teacher removed join this lesson again."""
        host, _ = self._need_host()
        host.readmit(nickname)
        self._publish_state(force=True)

    def approve_reclaim(self, nickname: str) -> None:
        """Let the student who asked go on as ``nickname`` from another computer (their
        seat, round and history; the old computer's token stops working)."""
        host, _ = self._need_host()
        host.approve_reclaim(nickname)
        self._reclaims.discard(nickname.strip().casefold())
        self._publish_state(force=True)

    async def lift_bar(self, nickname: str) -> None:
        host, _ = self._need_host()
        await host.lift_bar(nickname)
        folded = nickname.casefold()
        for sid in [s for s, n in self._barred_names.items() if n.casefold() == folded]:
            del self._barred_names[sid]
        self._publish_state(force=True)

    def set_hide_ranks(self, hide: bool) -> None:
        host, _ = self._need_host()
        host.set_hide_ranks(hide)
        self._publish_state(force=True)

    async def say(self, text: str, room: str | None) -> None:
        """A chat line from the teacher to ``room`` (None: every student)."""
        host, _ = self._need_host()
        if room == LOBBY:
            raise LessonStateError("the lobby has no chat of its own; write to everyone")
        await host.say(text, room)
        shown, filtered = host.moderation.chat_filter.clean(text)
        self._listener.chat(
            ChatEntry(
                at=time.strftime("%H:%M:%S"),
                room=room if room is not None else TEACHER_ALL,
                sender=TEACHER,
                text=shown,
                filtered=filtered,
                teacher=True,
            )
        )

    async def _publish_sync(self) -> None:
        host = self.host
        if host is not None:
            self._listener.sync(await host.sync_status())

    def _round_view(self, room: str) -> RoundView | None:
        host = self.host
        target = host.rooms.get(room) if host is not None else None
        rnd: Round | None = target.round if target is not None else None
        if host is None or rnd is None:
            return None
        names = {p.player_id: p.nickname for p in host.players()}
        if target is not None:
            names.update(target.ai_names)
        wire = rnd.wire_map()
        return RoundView(
            round_id=rnd.round_id,
            room=room,
            setup=rnd.setup,
            info=dict(wire["info"]),
            names=names,
            effective=dict(wire["effective"]),
        )

    async def results(self, round_id: int) -> list[StoredFlight]:
        _, store = self._need_host()
        return await store.round_results(round_id)

    async def leaderboard(self, game: str, period: Period) -> list[LeaderboardRow]:
        """The class's board of ``game`` over ``period``; game :data:`LESSON_TOTAL`: this
        lesson's total (each student's best score in every game, added)."""
        host, store = self._need_host()
        assert host.class_id is not None
        if game != LESSON_TOTAL:
            return await store.leaderboard(host.class_id, game, period, limit=50)
        if host.lesson_id is None:
            return []
        flights = await store.lesson_results(host.lesson_id)
        stars: dict[tuple[int, str], int] = {}
        for f in flights:
            stars[(f.student_id, f.game)] = max(stars.get((f.student_id, f.game), 0), f.stars)
        return [
            LeaderboardRow(
                row.rank,
                row.student_id,
                row.nickname,
                row.total,
                sum(stars[(row.student_id, g)] for g in row.best),
                sum(1 for f in flights if f.student_id == row.student_id),
            )
            for row in lesson_totals(flights)
        ]

    async def flight_plot(self, flight: StoredFlight) -> FlightPlot:
        _, store = self._need_host()
        blob = await store.flight_telemetry(flight.id)
        return flight_plot_of(flight, blob)

    async def export_round_csv(self, round_id: int, path: Path) -> int:
        """Write the round's results (from the database) to ``path``; returns the row count."""
        _, store = self._need_host()
        text = await store.round_results_csv(round_id)
        await asyncio.to_thread(write_text, path, text)
        return max(0, text.count("\n") - 1)

    def set_watching(self, on: bool, room: str | None = None) -> None:
        self.watching = on
        if room is not None:
            self.watched_room = room
        self._frame_round = None

    # -- feeds to the UI -----------------------------------------------------------------
    async def _pump(self, events: asyncio.Queue[HostEvent]) -> None:
        while True:
            event = await events.get()
            try:
                await self._on_event(event)
            except Exception as exc:  # one bad event must not stop the feed
                log.exception("console could not handle host event %s", event.kind)
                self._listener.failed("show a host event", str(exc))

    async def _on_event(self, event: HostEvent) -> None:
        data = event.data
        if event.kind in ("round_started", "wave_started"):
            room = str(data.get("room", ""))
            view = self._round_view(room)
            if view is not None:
                self.watched_room = room
                self._frame_round = None
                self._listener.round_started(view)
        elif event.kind == "flight_recorded":
            flight = data["flight"]
            if isinstance(flight, StoredFlight):
                self._last_result[int(data["player_id"])] = f"{flight.outcome} {flight.score}"
                self._listener.flight_recorded(flight)
        elif event.kind == "round_completed":
            round_id = int(data["round_id"])
            assert self.store is not None
            flights = await self.store.round_results(round_id)
            self._listener.round_completed(round_id, flights)
        elif event.kind == "flag":
            self._listener.flag(
                FlagEntry(
                    at=time.strftime("%H:%M:%S"),
                    nickname=str(data.get("nickname", "")),
                    kind=str(data.get("flag", "")),
                    detail=str(data.get("detail", "")),
                    action="logged; 3 flags in 24 h bar the student from this lesson",
                )
            )
        elif event.kind in ("player_kicked", "player_muted", "player_unmuted", "bar_lifted"):
            actions = {
                "player_kicked": "removed from the class by the teacher",
                "player_muted": "muted by the teacher",
                "player_unmuted": "unmuted by the teacher",
                "bar_lifted": "bar lifted by the teacher",
            }
            self._listener.flag(
                FlagEntry(
                    at=time.strftime("%H:%M:%S"),
                    nickname=str(data.get("nickname", "")),
                    kind="teacher",
                    detail="",
                    action=actions[event.kind],
                )
            )
        elif event.kind == "student_barred":
            nickname = str(data.get("nickname", ""))
            self._barred_names[int(data["student_id"])] = nickname
            self._listener.flag(
                FlagEntry(
                    at=time.strftime("%H:%M:%S"),
                    nickname=nickname,
                    kind="barred",
                    detail=f"{data.get('flags', '?')} flags in 24 h",
                    action="barred from this lesson until the teacher lifts the bar",
                )
            )
        elif event.kind == "chat":
            self._listener.chat(
                ChatEntry(
                    at=time.strftime("%H:%M:%S"),
                    room=str(data.get("room", "")),
                    sender=str(data.get("nickname", "")),
                    text=str(data.get("text", "")),
                    filtered=bool(data.get("filtered", False)),
                    delivered=bool(data.get("delivered", True)),
                )
            )
            if data.get("filtered"):  # a chat report for the flags list
                self._listener.flag(
                    FlagEntry(
                        at=time.strftime("%H:%M:%S"),
                        nickname=str(data.get("nickname", "")),
                        kind="chat",
                        detail=str(data.get("text", "")),
                        action="rude words hidden by the chat filter; the line is kept in "
                        "the lesson's chat log",
                    )
                )
        elif event.kind == "reclaim_requested":
            nickname = str(data.get("nickname", ""))
            self._reclaims.add(nickname.casefold())
            self._listener.flag(
                FlagEntry(
                    at=time.strftime("%H:%M:%S"),
                    nickname=nickname,
                    kind="reclaim",
                    detail="asks to go on from another computer",
                    action="waiting for you: Roster, select the student, Let go on from "
                    "another computer",
                )
            )
        elif event.kind in ("player_reclaimed", "player_returned") or (
            event.kind == "player_left" and data.get("left")
        ):
            self._reclaims.discard(str(data.get("nickname", "")).casefold())
        elif event.kind == "sync":
            await self._publish_sync()
        elif event.kind == "storage_error":
            self._listener.failed(
                f"save the result of {data.get('nickname', '?')}", str(data.get("message", ""))
            )
        self._publish_state(force=True)

    async def _sample(self) -> None:
        period = 1.0 / FRAME_HZ
        count = 0
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        while True:
            next_at += period
            count += 1
            try:
                if self.watching:
                    self._publish_frame()
                if count % ROSTER_EVERY == 0:
                    self._publish_state(force=False)
            except Exception as exc:  # keep sampling; say what broke once per kind
                log.exception("console sampler failed")
                self._listener.failed("refresh the screens", str(exc))
            await asyncio.sleep(max(0.0, next_at - loop.time()))
            if loop.time() - next_at > 1.0:  # the loop was busy: skip, never catch up
                next_at = loop.time()

    def _publish_frame(self) -> None:
        host = self.host
        if host is None or self.watched_room is None:
            return
        target = host.rooms.get(self.watched_room)
        rnd = target.round if target is not None else None
        if rnd is None:
            return
        if rnd.phase is RoundPhase.COMPLETED and self._frame_round == rnd.round_id:
            return  # the last frame of a finished round was sent already
        snapshot = encode_snapshot(rnd)
        schema = rnd.game.schema
        frame = Frame(rnd.tick, snapshot.ids, snapshot.to_floats(schema.scales), schema)
        names = {p.player_id: p.nickname for p in host.players()}
        if target is not None:
            names.update(target.ai_names)
        self._listener.frame(
            SpectatorFrame(
                round_id=rnd.round_id,
                tick=rnd.tick,
                phase=rnd.phase.value,
                time_left=rnd.time_left,
                countdown_left=rnd.countdown_left,
                frame=frame,
                names=names,
            )
        )
        self._frame_round = rnd.round_id

    def _publish_state(self, *, force: bool) -> None:
        host = self.host
        if host is None:
            return
        allowed = host.roster.allowed
        state = ClassState(
            hide_ranks=host.hide_ranks, roster_size=None if allowed is None else len(allowed)
        )
        if force or state != self._last_state:
            self._last_state = state
            self._listener.class_state(state)
        roster = self._roster(host)
        if force or roster != self._last_roster:
            self._last_roster = roster
            self._listener.roster(roster)
        rooms = self._rooms(host)
        if force or rooms != self._last_rooms:
            self._last_rooms = rooms
            self._listener.rooms(rooms)

    def _roster(self, host: ClassHost) -> tuple[RosterEntry, ...]:
        now = time.monotonic()
        rows: list[RosterEntry] = []
        for p in host.players():
            target = host.rooms.get(p.room) if p.room is not None else None
            rnd = target.round if target is not None else None
            rows.append(
                RosterEntry(
                    player_id=p.player_id,
                    nickname=p.nickname,
                    character=p.character,
                    connected=p.connected,
                    heard_s_ago=max(0, int(now - p.last_seen)),
                    room=p.room or "",
                    phase=(
                        "joining"
                        if p.student_id is None
                        else _phase_of(p.player_id, p.connected, p.spectator, rnd)
                    ),
                    last_result=self._last_result.get(p.player_id, ""),
                    muted=p.muted,
                    ping_ms=host.ping_ms(p.player_id),
                    reclaim=not p.connected and p.nickname.casefold() in self._reclaims,
                )
            )
        seated = {p.nickname.casefold() for p in host.players()}
        barred = host.barred()
        names = {sid: n for sid, n in self._barred_names.items() if sid in barred}
        for sid, nickname in sorted(names.items(), key=lambda item: item[1].casefold()):
            if nickname.casefold() not in seated:
                rows.append(_absent(nickname, BARRED, sid))
        skip = seated | {n.casefold() for n in names.values()}
        for nickname in host.kicked():
            if nickname.casefold() not in skip:
                rows.append(_absent(nickname, KICKED, 0))
                skip.add(nickname.casefold())
        for player in host.offline():
            if player.nickname.casefold() not in skip:
                rows.append(_absent(player.nickname, OFFLINE, player.student_id or 0))
                skip.add(player.nickname.casefold())
        allowed = host.roster.allowed or {}
        for folded, nickname in sorted(allowed.items()):
            if folded not in skip:
                rows.append(_absent(nickname, MISSING, 0))
        return tuple(rows)

    def _rooms(self, host: ClassHost) -> tuple[RoomStatus, ...]:
        out: list[RoomStatus] = []
        for status in host.room_statuses():
            target = host.rooms.get(status.name)
            rnd = target.round if target is not None else None
            out.append(
                RoomStatus(
                    room=status.name,
                    players=len(status.members),
                    members=status.members,
                    mode=status.mode,
                    round_id=status.round_id,
                    phase=status.phase,
                    countdown_left=rnd.countdown_left if rnd is not None else 0.0,
                    time_left=status.time_left,
                    time_limit=rnd.config.time_limit_s if rnd is not None else 0.0,
                    flying=status.flying,
                    ended=status.ended,
                    wave=status.wave,
                    member_ids=tuple(target.members) if target is not None else (),
                )
            )
        lobby = host.lobby()
        # always listed: the lobby's card is where students are dragged out of a room
        out.append(
            RoomStatus(
                room=LOBBY,
                players=len([p for p in lobby if p.connected]),
                members=tuple(p.nickname for p in lobby),
                mode=self.mode.value,
                round_id=None,
                phase="lobby",
                countdown_left=0.0,
                time_left=0.0,
                time_limit=0.0,
                flying=0,
                ended=0,
                wave=0,
                member_ids=tuple(p.player_id for p in lobby),
            )
        )
        return tuple(out)


def _absent(nickname: str, presence: str, student_id: int) -> RosterEntry:
    """A roster row for a student who is not in the class now (barred, or not joined)."""
    return RosterEntry(
        player_id=-student_id,
        nickname=nickname,
        character=0,
        connected=False,
        heard_s_ago=0,
        room="",
        phase=presence,
        last_result="",
        presence=presence,
    )


def _read_roster(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_ROSTER_BYTES:
            raise LessonStateError(
                f"{path.name} is {size} bytes; a roster CSV has at most {MAX_ROSTER_BYTES}"
            )
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LessonStateError(
            f"{path.name} is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8"
        ) from None
    except OSError as exc:
        raise LessonStateError(f"cannot read {path}: {exc.strerror or exc}") from None


def _phase_of(player_id: int, connected: bool, spectator: bool, rnd: Round | None) -> str:
    if not connected:
        return "gone"
    if rnd is not None and rnd.has_lander(player_id):
        result = rnd.results.get(player_id)
        if result is not None:
            return str(result.outcome)
        if rnd.phase is RoundPhase.COMPLETED:
            return "waiting"
        if rnd.phase is RoundPhase.COUNTDOWN:
            return "ready"
        if rnd.phase is RoundPhase.PAUSED:
            return "paused"
        return "flying"
    if spectator and rnd is not None and rnd.phase in RUNNING:
        return "watching"
    return "waiting"


def flight_plot_of(flight: StoredFlight, telemetry: bytes) -> FlightPlot:
    """A stored result with its telemetry, the setup it was played with and the game's
    round info (to compute the game's channels)."""
    try:
        game = get_game(flight.game)
        setup = game.setup_from_dict(flight.params)
        series = Series.from_bytes(telemetry)
    except GameError as exc:
        raise LessonStateError(
            f"the result of {flight.nickname} cannot be plotted: {exc}"
        ) from None
    effective = flight.params.get("effective")
    knobs = (
        {str(k): float(v) for k, v in effective.items() if isinstance(v, int | float)}
        if isinstance(effective, dict)
        else {**game.knob_defaults(setup.level), **setup.knobs}
    )
    return FlightPlot(
        flight=flight, telemetry=series, setup=setup, info=game.round_info(setup), effective=knobs
    )


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
