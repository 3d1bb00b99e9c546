"""Rounds in rooms, of any game: starting (solo with AI players, competitive, cooperative,
survival waves), pausing and ending them, the tick of each room and its snapshots, and
results: stored first, then announced, then rated.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from app.config import Settings
from app.errors import HostError
from app.host.constants import AI_ID_BASE, LOCKSTEP_MAX_WAIT_S
from app.host.publisher import Publisher
from app.host.rating import Rating, rate_round
from app.host.room import ROOM_CAPACITY, Room
from app.host.roster import Player, Roster
from app.host.round import Round, RoundPhase
from app.host.seating import ClassIds, Seating
from app.host.sender import Sender
from app.host.snapshots import SnapshotScheduler, updates_for
from app.host.writes import Writes
from app.store import FlightRecord, StorageError, Store, StoredFlight, StoredRating
from game.api import AI_SKILLS, AIPlayer, Game, PlayerResult, RoundSetup
from game.errors import GameError
from game.modes import MAX_WAVES, Mode, objective_met, team_score
from game.registry import check_mode
from netcode.history import SnapshotHistory
from netcode.server import HostSocket

log = logging.getLogger(__name__)

KEEP_ROUNDS_FLIGHTS = 2  # rounds per room whose stored flights stay in memory (this, last)


class NobodyToPlayError(HostError):
    """No room has a connected student who would play: wait for students to (re)join."""


class Rounds:
    """Starts, steps and finishes the rounds of every room."""

    def __init__(
        self,
        *,
        settings: Settings,
        store: Store,
        seating: Seating,
        roster: Roster,
        sender: Sender,
        socket: HostSocket,
        publisher: Publisher,
        writes: Writes,
        ids: ClassIds,
        rng: random.Random,
        clock: Callable[[], float],
        wall: Callable[[], float],
        hide_ranks: Callable[[], bool],
        on_results: Callable[[], None],
    ) -> None:
        self.settings = settings
        self.store = store
        self.seating = seating
        self.roster = roster
        self.sender = sender
        self.socket = socket
        self.publisher = publisher
        self.writes = writes
        self.ids = ids
        self.rng = rng
        self.clock = clock
        self.wall = wall
        self.hide_ranks = hide_ranks
        self.on_results = on_results
        self._updates: list[tuple[bytes, bytes]] = []  # this tick's, sent when it ends
        self.snapshots = SnapshotScheduler(
            settings.tick_rate, settings.snapshot_rate, lockstep=settings.lockstep
        )
        self.result_writes: set[asyncio.Task[None]] = set()
        self.host_tick = 0  # ticks of the host's loop so far (every room's rounds together)
        self.idle_tick = 0
        self.failure: BaseException | None = None

    @property
    def rooms(self) -> dict[str, Room]:
        return self.seating.rooms

    # -- starting ----------------------------------------------------------------------------
    async def start(
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
        """Start a round in ``room``; returns the round id stored in the database."""
        if self.ids.class_id is None:
            raise HostError("the host is not started")
        try:
            chosen, mode = check_mode(game or self.settings.game, mode)
        except (GameError, ValueError) as exc:
            raise HostError(str(exc)) from None
        if ai_players != "fill" and (
            isinstance(ai_players, bool)
            or not isinstance(ai_players, int)
            or not 0 <= ai_players <= ROOM_CAPACITY - 1
        ):
            raise HostError(
                f'ai_players must be "fill" or within 0..{ROOM_CAPACITY - 1}, got {ai_players!r}'
            )
        if ai_players and mode is not Mode.SOLO:
            raise HostError("AI players play in solo rounds only")
        if not 1 <= max_waves <= MAX_WAVES:
            raise HostError(f"max_waves must be within 1..{MAX_WAVES}, got {max_waves}")
        seating = self.seating
        if room is None and not self.rooms and seating.grouping == "fill":
            seating.seat_lobby()
        target = seating.default_room(room)
        if target is None:
            raise HostError("nobody has joined yet; share the join code first")
        if target.running:
            raise HostError(f"a round is already running in room {target.name}; end it first")
        members = [seating.player(pid) for pid in target.members]
        seated = [p for p in members if p.connected and not p.watching]
        if not seated:
            raise HostError(f"room {target.name} has nobody to play; share the join code first")
        ai_count = ROOM_CAPACITY - len(seated) if ai_players == "fill" else ai_players
        if len(seated) + ai_count > ROOM_CAPACITY:
            raise HostError(
                f"room {target.name} has {len(seated)} player(s): at most "
                f"{ROOM_CAPACITY - len(seated)} AI player(s) fit, not {ai_count}"
            )
        default_level = (self.settings.world or None) if chosen.key == self.settings.game else None
        try:
            setup = chosen.setup(
                level=level or default_level,
                seed=self.rng.randrange(2**31) if seed is None else seed,
                seconds=seconds or self.settings.round_seconds,
                knobs=knobs or {},
            )
        except GameError as exc:
            raise HostError(str(exc)) from None
        try:
            round_id = await self.store.create_round(
                self.ids.class_id,
                game=chosen.key,
                world=setup.level,
                mode=mode.value,
                seed=setup.seed,
                room=target.name,
                params=params_of(chosen, setup),
                lesson_id=self.ids.lesson_id,
            )
        except StorageError as exc:
            raise HostError(str(exc)) from None
        for player in members:  # late joiners watched the last round; now they play
            player.spectator = player.watching
        ai: dict[int, AIPlayer] = {
            AI_ID_BASE + i: chosen.new_ai(AI_SKILLS[i % len(AI_SKILLS)], i % 4, setup.seed + i)
            for i in range(ai_count)
        }
        target.ai_names = {pid: f"AI {i + 1}" for i, pid in enumerate(sorted(ai))}
        target.game = chosen.key
        target.mode = mode
        target.wave = 1 if mode is Mode.SURVIVAL else 0
        target.max_waves = max_waves if mode is Mode.SURVIVAL else 0
        target.end_state = "completed"
        target.flights[round_id] = []
        while len(target.flights) > KEEP_ROUNDS_FLIGHTS:  # a long lesson keeps no old rounds
            del target.flights[next(iter(target.flights))]
        target.done = asyncio.Event()
        target.completion = None
        # Slots by nickname, not join order, so a seeded round does not depend on who was faster.
        order = sorted(seated, key=lambda p: p.nickname.casefold())
        self._begin(target, round_id, chosen, setup, [p.player_id for p in order], ai)
        target.base_round = target.round
        seating.last_room = target.name
        self.publisher.publish(
            "round_started",
            round_id=round_id,
            room=target.name,
            game=chosen.key,
            world=setup.level,
            seed=setup.seed,
            mode=mode.value,
            players=[p.nickname for p in order],
        )
        return round_id

    def _begin(
        self,
        room: Room,
        round_id: int,
        game: Game,
        setup: RoundSetup,
        players: list[int],
        ai: dict[int, AIPlayer] | None = None,
    ) -> None:
        countdown = round(self.settings.countdown_seconds * self.settings.tick_rate)
        rnd = Round(round_id, game, setup, players, countdown_ticks=countdown, ai_players=ai)
        room.round = rnd
        room.history = SnapshotHistory(game.schema.predict_columns)
        room.acked.clear()
        room.last_snapshot_tick = None
        room.held_since = None
        room.ended_events.clear()
        room.completed_event = None
        room.last_active = self.clock()
        self.seating.room_event(
            room,
            "round_started" if room.wave <= 1 else "wave_started",
            {
                "round_id": round_id,
                "round": rnd.wire_map(),
                "countdown": self.settings.countdown_seconds,
                "players": [*players, *sorted(ai or {})],
                "mode": room.mode.value,
                "room": room.name,
                "wave": room.wave,
            },
        )
        for pid in room.members:
            player = self.seating.player(pid)
            if player.connected:
                self.seating.send_full_state(player)

    async def start_all(self, **kwargs: Any) -> dict[str, int]:
        """:meth:`start` in every room that has a student to play; returns room -> round
        id. A room whose students all left (or only watch) is skipped, never an error:
        what students do never stops a lesson."""
        if "room" in kwargs:
            raise HostError("start_all starts every room; use start_round(room=...) for one")
        if self.seating.grouping == "fill" and (not self.rooms or self.seating.lobby()):
            self.seating.seat_lobby()
        out: dict[str, int] = {}
        for name, room in list(self.rooms.items()):
            if room.running or not self.can_play(room):
                continue
            out[name] = await self.start(room=name, **kwargs)
        if not out:
            raise NobodyToPlayError("no room has students waiting for a round")
        return out

    def in_running_round(self, player_id: int) -> bool:
        """True while a round that ``player_id`` plays in has not completed."""
        return any(
            r.running and r.round.has_player(player_id) for r in self.rooms.values() if r.round
        )

    def can_play(self, room: Room) -> bool:
        """True when a connected student of ``room`` would play its next round."""
        return any(p.connected and not p.watching for p in self.seating.members(room))

    # -- teacher's controls ------------------------------------------------------------------
    def pause(self, room: str | None = None) -> list[str]:
        """Pause the round of ``room`` (None: every room); returns the rooms paused."""
        done = []
        for target in self.seating.targets(room):
            if target.round is not None and target.round.pause():
                self.seating.room_event(target, "phase", {"phase": "paused"})
                self.publisher.publish(
                    "round_paused", room=target.name, round_id=target.round.round_id
                )
                done.append(target.name)
        if room is not None and not done:
            raise HostError(f"room {room} has no round counting down or playing to pause")
        return done

    def resume(self, room: str | None = None) -> list[str]:
        """Resume paused rounds (``room`` None: every room); returns the rooms resumed."""
        done = []
        for target in self.seating.targets(room):
            if target.round is not None and target.round.resume():
                self.seating.room_event(target, "phase", {"phase": target.round.phase.value})
                self.publisher.publish(
                    "round_resumed", room=target.name, round_id=target.round.round_id
                )
                done.append(target.name)
        if room is not None and not done:
            raise HostError(f"room {room} has no paused round")
        return done

    def end(self, room: str | None = None) -> list[str]:
        """End rounds now (players still playing get no result); returns the rooms."""
        done = []
        for target in self.seating.targets(room):
            rnd = target.round
            if rnd is not None and rnd.end_now():
                target.end_state = "ended"
                target.max_waves = target.wave  # no further wave
                self.publisher.publish("round_ending", room=target.name, round_id=rnd.round_id)
                done.append(target.name)
        if room is not None and not done:
            raise HostError(f"room {room} has no round to end")
        return done

    async def wait(self, timeout: float, room: str | None = None) -> list[StoredFlight]:
        """Wait until the round of ``room`` (default: the last started; "*" all rooms)
        completed and its results are committed; returns its stored flights."""
        targets = (
            [r for r in self.rooms.values() if r.round is not None]
            if room == "*"
            else [t for t in [self.seating.default_room(room)] if t is not None]
        )
        if not targets or any(t.round is None for t in targets):
            raise HostError("no round has been started")
        try:
            async with asyncio.timeout(timeout):
                for target in targets:
                    await target.done.wait()
        except TimeoutError:
            raise HostError(f"the round did not finish within {timeout:.0f} s") from None
        if self.failure is not None:
            raise HostError(f"the host failed: {self.failure}") from self.failure
        out: list[StoredFlight] = []
        for target in targets:
            assert target.round is not None
            out.extend(target.flights[target.round.round_id])
        return out

    # -- ticking rooms -----------------------------------------------------------------------
    def tick(self) -> None:
        self.host_tick += 1
        busy = False
        updates = self._updates
        for room in self.rooms.values():
            if room.round is not None and room.round.phase is not RoundPhase.COMPLETED:
                busy = True
                self._tick_room(room, room.round)
        if updates:
            # Every room's updates in one go once all rooms stepped: ZeroMQ's I/O thread
            # wakes once per tick, not in the middle of the next room's step.
            self.socket.send_many(updates)
            updates.clear()
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
        now = self.wall()
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
        finished = rnd.advance()
        if was is RoundPhase.COUNTDOWN and rnd.phase is RoundPhase.ACTIVE:
            self.seating.room_event(room, "phase", {"phase": "active"})
            self.publisher.publish(
                "round_active", round_id=rnd.round_id, room=room.name, wave=room.wave
            )
        for event in finished:
            self._record(room, rnd, event.result)
        rounds = [r.round for r in self.rooms.values() if r.round is not None]
        if rnd.phase is RoundPhase.ACTIVE and self.snapshots.due(rnd, rounds, self.host_tick):
            self._updates.extend(updates_for(room, rnd, self.seating.members(room)))
        if rnd.phase is RoundPhase.FINISHING and room.completion is None:
            self._updates.extend(updates_for(room, rnd, self.seating.members(room)))  # the last
            room.completion = asyncio.create_task(self._complete(room, rnd))

    # -- results -----------------------------------------------------------------------------
    def _record(self, room: Room, rnd: Round, result: PlayerResult) -> None:
        if result.player_id in rnd.ai:
            return  # the host's own players are not students: nothing to store
        player = self.roster.get_any(result.player_id)  # one who left keeps their result
        if player is None or player.student_id is None:
            log.warning("result of unknown player %d not stored", result.player_id)
            return
        breakdown = result.to_dict()
        breakdown["mode"] = room.mode.value
        if room.mode is Mode.SURVIVAL:
            breakdown["wave"] = room.wave
        fuel = result.details.get("fuel_used")
        record = FlightRecord(
            round_id=rnd.round_id,
            student_id=player.student_id,
            game=rnd.game.key,
            world=rnd.setup.level,
            outcome=result.outcome,
            reason_code=result.reason_code,
            reason=result.reason,
            score=result.score,
            stars=result.stars,
            breakdown=breakdown,
            flight_time_s=result.time_s,
            fuel_used=float(fuel) if isinstance(fuel, int | float) else 0.0,
            params=params_of(rnd.game, rnd.setup),
            telemetry=rnd.sim.telemetry(result.player_id).to_bytes(),
            inputs=rnd.inputs_blob(result.player_id),
        )
        task = asyncio.create_task(self._write(room, rnd.round_id, player, record, result))
        self.result_writes.add(task)
        task.add_done_callback(self.result_writes.discard)

    async def _write(
        self, room: Room, round_id: int, player: Player, record: FlightRecord, result: PlayerResult
    ) -> None:
        try:
            stored = await self.store.record_flight(record)
        except StorageError as exc:
            log.error("result of %s NOT stored: %s", player.nickname, exc)
            self.publisher.publish("storage_error", nickname=player.nickname, message=str(exc))
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
            "game": record.game,
        }
        room.ended_events[player.player_id] = data
        if self.hide_ranks():
            if player.connected:  # only the player hears their result until the round ends
                self.sender.event([player], self._tick_of(room), "flight_ended", data)
        else:
            data["rank"] = 1 + sum(1 for f in flights if f.score > stored.score)
            self.seating.room_event(room, "flight_ended", data)
        self.publisher.publish("flight_recorded", flight=stored, **data)

    @staticmethod
    def _tick_of(room: Room) -> int:
        return room.round.tick if room.round is not None else 0

    async def _settle_results(self) -> None:
        while self.result_writes:
            pending = [t for t in self.result_writes if not t.done()]
            if not pending:
                return
            await asyncio.gather(*pending, return_exceptions=True)

    async def _complete(self, room: Room, rnd: Round) -> None:
        await self._settle_results()
        if room.mode is Mode.SURVIVAL and room.wave < room.max_waves and room.round is rnd:
            survivors = [
                pid
                for pid, res in rnd.results.items()
                if res.success
                and pid not in rnd.ai
                and (p := self.roster.get(pid)) is not None
                and p.connected
            ]
            if survivors:
                assert room.base_round is not None
                room.wave += 1
                setup = rnd.game.wave(room.base_round.setup, room.wave)
                room.completion = None
                self._begin(room, rnd.round_id, rnd.game, setup, sorted(survivors))
                self.publisher.publish(
                    "wave_started",
                    room=room.name,
                    round_id=rnd.round_id,
                    wave=room.wave,
                    players=[self.seating.player(pid).nickname for pid in sorted(survivors)],
                )
                return
        flights = sorted(room.flights[rnd.round_id], key=lambda f: (-f.score, f.nickname))
        team: int | None = None
        extra: dict[str, Any] = {}
        if room.mode is Mode.COOPERATIVE:
            team = team_score([f.score for f in flights])
            ok = sum(1 for f in flights if _succeeded(f))
            extra = {"team_score": team, "objective_met": objective_met(ok, len(flights))}
        rated = self._rate(rnd.game.key, flights) if room.mode.rated else None
        try:
            await self.store.finish_round(
                rnd.round_id,
                team_score=team,
                end_state=room.end_state,
                ratings=rated.rows if rated is not None else (),
            )
        except StorageError as exc:
            log.error("round %d end not stored: %s", rnd.round_id, exc)
            self.publisher.publish("storage_error", nickname=None, message=str(exc))
            rated = None  # nothing of it was stored: nobody's rating changes
        if room.mode.rated:
            extra["ratings"] = self._apply(room, rnd.game.key, rated)
        board = await self._lesson_board(rnd.game.key)
        room.completed_event = {
            "round_id": rnd.round_id,
            "room": room.name,
            "mode": room.mode.value,
            "game": rnd.game.key,
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
            **({"lesson_board": board} if board is not None else {}),
            **extra,
        }
        self.seating.room_event(room, "round_completed", room.completed_event)
        rnd.phase = RoundPhase.COMPLETED
        room.last_active = self.clock()
        self.publisher.publish(
            "round_completed",
            round_id=rnd.round_id,
            room=room.name,
            mode=room.mode.value,
            game=rnd.game.key,
            end_state=room.end_state,
            **extra,
        )
        self.on_results()
        room.done.set()

    def tell_missed(self, player: Player) -> None:
        """A student back after a lost connection hears what their room said meanwhile:
        their round's result and, when the round has completed, its results."""
        room = self.seating.room_of_player(player)
        if room is None or room.round is None:
            return
        ended = room.ended_events.get(player.player_id)
        tick = self._tick_of(room)
        if ended is not None:
            self.sender.event([player], tick, "flight_ended", ended)
        if room.completed_event is not None:
            self.sender.event([player], tick, "round_completed", room.completed_event)

    async def _lesson_board(self, game: str) -> list[dict[str, Any]] | None:
        """Every student's best result in ``game`` this lesson, over all rooms (read back
        from the database, so it holds only committed results); None when unreadable.
        Aggregated by the database: a round's end reads one row per student, not every
        flight of the lesson so far (which made each round end's memory peak grow)."""
        if self.ids.lesson_id is None:
            return None
        try:
            bests = await self.store.lesson_bests(self.ids.lesson_id, game)
        except StorageError as exc:
            log.error("lesson board not read: %s", exc)
            return None
        bests.sort(key=lambda b: (-b.score, b.nickname.casefold()))
        return [
            {"nickname": b.nickname, "best": b.score, "stars": b.stars, "flights": b.flights}
            for b in bests
        ]

    def _rate(self, game: str, flights: list[StoredFlight]) -> _Rated:
        """Glicko-2 after a competitive round, per game: every pair of students one game.
        Stored with the round's end in one transaction, before anyone is told."""
        by_student = {f.student_id: f for f in flights}
        players = {
            p.student_id: p
            for p in self.roster.players()
            if p.student_id is not None and p.student_id in by_student
        }
        current = {sid: p.ratings.get(game, p.rating) for sid, p in players.items()}
        new = rate_round(current, {sid: by_student[sid].score for sid in players})
        rows = [
            StoredRating(sid, game, r.rating, r.rd, r.volatility, r.matches)
            for sid, r in new.items()
        ]
        return _Rated(rows, {sid: (players[sid], r) for sid, r in new.items()})

    def _apply(self, room: Room, game: str, rated: _Rated | None) -> dict[str, int | None]:
        """The stored new ratings, now in force for the players; {} when none were stored."""
        if rated is None or not rated.rows:
            return {}
        shown: dict[str, int | None] = {}
        for player, rating in rated.players.values():
            player.ratings[game] = rating
            player.rating = rating
            shown[player.nickname] = rating.shown
        self.publisher.publish("ratings_updated", room=room.name, game=game, ratings=shown)
        return shown


@dataclass(frozen=True)
class _Rated:
    rows: list[StoredRating]
    players: dict[int, tuple[Player, Rating]]  # student id -> (player, new rating)


def _succeeded(flight: StoredFlight) -> bool:
    success = flight.breakdown.get("success")
    return bool(success) if isinstance(success, bool) else flight.outcome == "landed"


def params_of(game: Game, setup: RoundSetup) -> dict[str, Any]:
    """What a round and each of its results remember of its set-up: the setup, and every
    knob's value in force (the teacher's changes over the level's own values)."""
    effective = {**game.knob_defaults(setup.level), **setup.knobs}
    return {**setup.to_dict(), "effective": {k: float(v) for k, v in sorted(effective.items())}}
