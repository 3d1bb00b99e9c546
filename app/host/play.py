"""Round driving for :class:`app.host.host.ClassHost`: starting, pausing and ending rounds
(solo with AI pilots, competitive, cooperative, survival waves), the tick of each room
and its snapshots, and results: stored first, then announced, then rated.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Literal

from app.errors import HostError
from app.host.core import AI_ID_BASE, AI_SKILLS, GAME, LOCKSTEP_MAX_WAIT_S
from app.host.rating import rate_round
from app.host.room import ROOM_CAPACITY, Room
from app.host.roster import Player
from app.host.round import Round, RoundPhase
from app.host.seating import SeatingMixin
from app.store import FlightRecord, StorageError, StoredFlight, StoredRating
from game.lander import (
    AIPilot,
    FlightResult,
    Outcome,
    Personality,
    PhysicsOverrides,
    RoundConfig,
    UnknownWorldError,
    get_world,
)
from game.lander.events import FlightEnded
from game.lander.waves import wave_config
from game.modes import MAX_WAVES, Mode, objective_met, parse_mode, team_score
from netcode.history import SnapshotHistory
from netcode.snapshot import encode_landers

log = logging.getLogger(__name__)


class PlayMixin(SeatingMixin):
    """Rounds in rooms, from start to committed results."""

    # -- rounds ------------------------------------------------------------------------------
    async def start_round(
        self,
        *,
        room: str | None = None,
        world: str | None = None,
        seed: int | None = None,
        seconds: float | None = None,
        overrides: PhysicsOverrides | None = None,
        mode: Mode | str = Mode.COMPETITIVE,
        ai_pilots: int | Literal["fill"] = 0,
        max_waves: int = 3,
    ) -> int:
        """Start a round in ``room`` (default: the only room; with "fill" grouping the lobby
        is seated first); returns the round id stored in the database.

        ``ai_pilots`` (solo rounds only): how many host-flown AI landers join the students,
        or "fill" for one per free seat of the room (students and AI at most 8)."""
        if self.class_id is None:
            raise HostError("the host is not started")
        try:
            mode = parse_mode(mode) if isinstance(mode, str) else mode
        except ValueError as exc:
            raise HostError(str(exc)) from None
        if ai_pilots != "fill" and (
            isinstance(ai_pilots, bool)
            or not isinstance(ai_pilots, int)
            or not 0 <= ai_pilots <= ROOM_CAPACITY - 1
        ):
            raise HostError(
                f'ai_pilots must be "fill" or within 0..{ROOM_CAPACITY - 1}, got {ai_pilots!r}'
            )
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
        members = [self._player(pid) for pid in target.members]
        seated = [p for p in members if p.connected and not p.watching]
        if not seated:
            raise HostError(f"room {target.name} has nobody to fly; share the join code first")
        ai_count = ROOM_CAPACITY - len(seated) if ai_pilots == "fill" else ai_pilots
        if len(seated) + ai_count > ROOM_CAPACITY:
            raise HostError(
                f"room {target.name} has {len(seated)} pilot(s): at most "
                f"{ROOM_CAPACITY - len(seated)} AI pilot(s) fit, not {ai_count}"
            )
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
        for player in members:  # late joiners watched the last round; now they fly
            player.spectator = player.watching
        ai = {
            AI_ID_BASE + i: AIPilot(
                AI_SKILLS[i % len(AI_SKILLS)], list(Personality)[i % 4], config.seed + i
            )
            for i in range(ai_count)
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
        room.ended_events.clear()
        room.completed_event = None
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

    # -- ticking rooms -----------------------------------------------------------------------
    def _tick(self) -> None:
        self.host_tick += 1
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
        if rnd.phase is RoundPhase.ACTIVE and self._snapshot_due(room, rnd):
            self._send_snapshots(room, rnd)
        if rnd.phase is RoundPhase.FINISHING and room.completion is None:
            self._send_snapshots(room, rnd)  # the final positions, once
            room.completion = asyncio.create_task(self._complete(room, rnd))

    def _snapshot_due(self, room: Room, rnd: Round) -> bool:
        """Every ``tick_rate / snapshot_rate``-th tick of the round. Rooms whose rounds
        started together would all encode and send their snapshots on the same host tick and
        none on the others, so a round, at its first active tick, takes the phase of the
        host's ticks that the fewest other running rooms send on (in the order the rooms
        started; a tie goes to every ``every``-th round tick, as a room alone has it); its
        snapshots then go out on the round ticks that fall there. Lockstep rounds (seeded,
        reproducible) keep every ``every``-th round tick whatever the others do. A round's
        phase never changes (pauses and lockstep holds may shift it against the host's
        ticks: the spread is best effort, the snapshot ticks of a round are not)."""
        every = max(1, self.settings.tick_rate // self.settings.snapshot_rate)
        if every == 1:
            return True
        if rnd.snapshot_residue is None and self.settings.lockstep:
            # reproducible rounds: the snapshot ticks must not depend on when it started
            rnd.snapshot_residue = (self.host_tick - rnd.tick) % every
            rnd.snapshot_offset = 0
        if rnd.snapshot_residue is None:
            used = [0] * every
            for other in self.rooms.values():
                o = other.round
                if (
                    other is not room
                    and o is not None
                    and o.snapshot_residue is not None
                    and o.phase in (RoundPhase.ACTIVE, RoundPhase.PAUSED)
                ):
                    used[o.snapshot_residue % every] += 1
            plain = (self.host_tick - rnd.tick) % every  # the residue of offset 0
            rnd.snapshot_residue = min(range(every), key=lambda r: (used[r], (r - plain) % every))
            # due on host ticks g = residue (mod every), when the round's tick is
            # rnd.tick + g - host_tick
            rnd.snapshot_offset = (self.host_tick - rnd.tick - rnd.snapshot_residue) % every
        return (rnd.tick + rnd.snapshot_offset) % every == 0

    def _send_snapshots(self, room: Room, rnd: Round) -> None:
        """A state update for every connected member: a delta against the newest snapshot
        they acknowledged when it is still in the 60-tick history, else the full snapshot.
        A round ended by the teacher right after a snapshot sends that tick's snapshot again
        as its final positions (the simulation did not move)."""
        if room.last_snapshot_tick != rnd.tick:
            room.history.add(rnd.tick, encode_landers(rnd.sim.arrays()))
            room.last_snapshot_tick = rnd.tick
        # The landers part is packed once per baseline and shared by every member.
        self._socket.send_many(
            (
                player.peer,
                room.history.encoded_update_for(
                    rnd.tick,
                    rnd.last_sequence(player.player_id),
                    room.acked.get(player.player_id, -1),
                ),
            )
            for player in self._members(room)
            if player.connected
        )

    # -- results -----------------------------------------------------------------------------
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
        room.ended_events[player.player_id] = data
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
        board = await self._lesson_board()
        room.completed_event = {
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
            **({"lesson_board": board} if board is not None else {}),
            **extra,
        }
        self._room_event(room, "round_completed", room.completed_event)
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
        if self._sync is not None:
            self._sync.nudge()  # the round's results are committed: send them soon
        room.done.set()

    def _tell_missed(self, player: Player) -> None:
        """A student back after a lost connection hears what their room said meanwhile:
        their flight's result and, when the round has completed, its results."""
        room = self.rooms.get(player.room) if player.room is not None else None
        if room is None or room.round is None:
            return
        ended = room.ended_events.get(player.player_id)
        if ended is not None:
            self._send(player, self._event(room, "flight_ended", ended))
        if room.completed_event is not None:
            self._send(player, self._event(room, "round_completed", room.completed_event))

    async def _lesson_board(self) -> list[dict[str, Any]] | None:
        """Every student's best flight of this lesson, over all rooms (read back from the
        database, so it holds only committed results); None when it cannot be read."""
        if self.lesson_id is None:
            return None
        try:
            stored = await self.store.lesson_results(self.lesson_id)
        except StorageError as exc:
            log.error("lesson board not read: %s", exc)
            return None
        best: dict[str, tuple[int, int]] = {}
        count: dict[str, int] = {}
        for f in stored:
            count[f.nickname] = count.get(f.nickname, 0) + 1
            if f.nickname not in best or f.score > best[f.nickname][0]:
                best[f.nickname] = (f.score, f.stars)
        ordered = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0].casefold()))
        return [
            {"nickname": name, "best": score, "stars": stars, "flights": count[name]}
            for name, (score, stars) in ordered
        ]

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
