"""One round of any game in the host: countdown, the game's simulation, scheduled inputs.

Inputs are applied on a tick the client can know: an input computed from the snapshot of
tick ``T`` (its ``ack_tick``) is applied on the step to ``T + input_delay`` (one tick, the
next step: :data:`netcode.schedule.INPUT_DELAY_TICKS`) when it arrives before then, else on
the next step. With lockstep (the demo, bots only) the host waits for every input, so a
round is a pure function of the seed and the inputs — the demo's ``--seed`` reproduces it.

A game's inputs are either held (the lander's throttle: the newest input due stays in force)
or actions (each applied once, one per step, in sequence order; the game's idle values on
other steps): :class:`game.api.InputSpec` says which.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import msgpack

from game.api import AIPlayer, Game, PlayerFinished, PlayerResult, RoundSetup, Sim, Value
from game.errors import InvalidInputError
from game.timestep import DT
from netcode.schedule import INPUT_DELAY_TICKS

MAX_PENDING_INPUTS = 64


class RoundPhase(enum.StrEnum):
    COUNTDOWN = "countdown"
    ACTIVE = "active"
    PAUSED = "paused"  # by the teacher: nothing moves, inputs are ignored
    FINISHING = "finishing"  # every player finished; results are being committed
    COMPLETED = "completed"


@dataclass
class _Player:
    player_id: int
    held: tuple[Value, ...]
    last_sequence: int = -1
    pending: list[tuple[int, int, tuple[Value, ...]]] = field(default_factory=list)
    # The applied inputs, [tick, sequence, *values] each, already msgpack-packed one after
    # the other (the round's replay record): one growing buffer instead of a small list
    # and its numbers per input, 60 a second per player, all alive until the round is
    # stored (that churn fragmented pymalloc's arenas over a lesson: docs/performance.md).
    log: bytearray = field(default_factory=bytearray)
    logged: int = 0
    dropped: int = 0
    answered_tick: int = -1  # newest snapshot tick an accepted input was computed from


class Round:
    """The state of one round; the host's tick loop calls :meth:`advance` once per tick."""

    def __init__(
        self,
        round_id: int,
        game: Game,
        setup: RoundSetup,
        player_ids: Iterable[int],
        *,
        countdown_ticks: int,
        input_delay: int = INPUT_DELAY_TICKS,
        ai_players: dict[int, AIPlayer] | None = None,
    ) -> None:
        self.round_id = round_id
        self.game = game
        self.setup = setup
        self.sim: Sim = game.new_sim(setup)
        self.phase = RoundPhase.COUNTDOWN if countdown_ticks > 0 else RoundPhase.ACTIVE
        self.countdown_ticks = countdown_ticks
        self.input_delay = input_delay
        self._players: dict[int, _Player] = {}
        self.results: dict[int, PlayerResult] = {}
        self._resume_to = self.phase
        self._pack = msgpack.Packer().pack
        self._held = game.inputs.held
        self._idle = game.inputs.idle
        # which host ticks this round's snapshots go out on: see SnapshotScheduler
        self.snapshot_residue: int | None = None
        self.snapshot_offset = 0
        self.ai: dict[int, AIPlayer] = dict(ai_players or {})
        self._wire: dict[str, Any] | None = None
        ids = list(player_ids)
        for slot, pid in enumerate([*ids, *sorted(self.ai)]):
            self.sim.add_player(pid, slot)
            self._players[pid] = _Player(pid, self._idle)

    @property
    def config(self) -> RoundSetup:
        return self.setup

    def wire_map(self) -> dict[str, Any]:
        """:meth:`game.api.Game.round_wire` of this round, made once."""
        if self._wire is None:
            self._wire = self.game.round_wire(self.setup)
        return self._wire

    def pause(self) -> bool:
        """Freeze the round (countdown or play); False if it cannot be paused now."""
        if self.phase not in (RoundPhase.COUNTDOWN, RoundPhase.ACTIVE):
            return False
        self._resume_to = self.phase
        self.phase = RoundPhase.PAUSED
        return True

    def resume(self) -> bool:
        """Continue where :meth:`pause` stopped; False if the round was not paused."""
        if self.phase is not RoundPhase.PAUSED:
            return False
        self.phase = self._resume_to
        return True

    @property
    def tick(self) -> int:
        return int(self.sim.tick)

    @property
    def time_left(self) -> float:
        if self.phase is RoundPhase.COUNTDOWN or self.countdown_left > 0:
            return self.setup.time_limit_s
        return max(0.0, self.setup.time_limit_s - self.sim.tick * DT)

    @property
    def countdown_left(self) -> float:
        counting = self.phase is RoundPhase.COUNTDOWN or (
            self.phase is RoundPhase.PAUSED and self._resume_to is RoundPhase.COUNTDOWN
        )
        return self.countdown_ticks * DT if counting else 0.0

    def end_now(self) -> bool:
        """The teacher ends the round: players still playing get no result. False if over."""
        if self.phase in (RoundPhase.FINISHING, RoundPhase.COMPLETED):
            return False
        self.phase = RoundPhase.FINISHING
        return True

    def playing(self) -> list[int]:
        return [pid for pid in self._players if pid not in self.results]

    def flying(self) -> list[int]:  # the lander's word, kept for the console and tests
        return self.playing()

    def has_player(self, player_id: int) -> bool:
        return player_id in self._players

    def has_lander(self, player_id: int) -> bool:
        return self.has_player(player_id)

    def last_sequence(self, player_id: int) -> int:
        player = self._players.get(player_id)
        return -1 if player is None else player.last_sequence

    def submit(
        self, player_id: int, sequence: int, controls: Iterable[object], ack_tick: int
    ) -> bool:
        """Queue a student's input; False when stale, unknown or over the queue bound.

        Raises :class:`game.InvalidInputError` for values the game does not accept.
        """
        player = self._players.get(player_id)
        if player is None or player_id in self.results:
            return False
        values = self.game.check_input(list(controls))
        if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 0:
            raise InvalidInputError("sequence", sequence, "an integer >= 0")
        if sequence <= player.last_sequence or any(p[1] >= sequence for p in player.pending):
            return False
        if len(player.pending) >= MAX_PENDING_INPUTS:
            player.dropped += 1
            return False
        apply_at = max(self.tick + 1, ack_tick + self.input_delay)
        if player.pending:  # arrival order is sequence order: ticks never go back
            apply_at = max(apply_at, player.pending[-1][0])
        player.pending.append((apply_at, sequence, values))
        player.answered_tick = max(player.answered_tick, ack_tick)
        return True

    def unanswered(self, snapshot_tick: int, player_ids: Iterable[int]) -> list[int]:
        """Playing players among ``player_ids`` whose input for ``snapshot_tick`` has not come.

        Lockstep mode (bots, demo, tests) holds the next step until this is empty, so a
        seeded round is reproducible even when a loaded machine delays an input.
        """
        return [
            pid
            for pid in player_ids
            if pid in self._players
            and pid not in self.results
            and self._players[pid].answered_tick < snapshot_tick
        ]

    def needs_inputs_of(self, snapshot_tick: int) -> bool:
        """Would the next step apply inputs computed from the snapshot of ``snapshot_tick``?"""
        return self.phase is RoundPhase.ACTIVE and self.tick + 1 >= snapshot_tick + self.input_delay

    def advance(self) -> list[PlayerFinished]:
        """One tick: count down, or step the simulation with the inputs due now."""
        if self.phase is RoundPhase.COUNTDOWN:
            self.countdown_ticks -= 1
            if self.countdown_ticks <= 0:
                self.phase = RoundPhase.ACTIVE
            return []
        if self.phase is not RoundPhase.ACTIVE:
            return []
        next_tick = self.tick + 1
        inputs: dict[int, tuple[Value, ...]] = {}
        for pid, player in self._players.items():
            if pid in self.results:
                continue
            ai = self.ai.get(pid)
            if ai is not None:  # played by the host with the inputs a student could send
                player.last_sequence += 1
                player.held = ai.decide(self.sim, pid)
                inputs[pid] = player.held
                continue
            inputs[pid] = self._due(player, next_tick)
        finished = self.sim.step(inputs)
        for event in finished:
            self.results[event.player_id] = event.result
        if self.sim.finished and len(self.results) == len(self._players):
            self.phase = RoundPhase.FINISHING
        return finished

    def _due(self, player: _Player, next_tick: int) -> tuple[Value, ...]:
        pending = player.pending
        if not pending or pending[0][0] > next_tick:
            return player.held if self._held else self._idle
        if self._held:  # the newest input due wins and stays in force
            cut = 0
            while cut < len(pending) and pending[cut][0] <= next_tick:
                cut += 1
            _, sequence, values = pending[cut - 1]
            del pending[:cut]
            player.held = values
        else:  # one action per step, in order
            _, sequence, values = pending.pop(0)
        player.last_sequence = sequence
        player.log += self._pack([self.tick, sequence, *values])
        player.logged += 1
        return values

    def inputs_blob(self, player_id: int) -> bytes:
        """The recorded input stream of one player: msgpack [[tick, seq, *values]...]."""
        player = self._players[player_id]
        return msgpack.Packer().pack_array_header(player.logged) + bytes(player.log)

    def dropped_inputs(self, player_id: int) -> int:
        player = self._players.get(player_id)
        return 0 if player is None else player.dropped


__all__ = ["InvalidInputError", "Round", "RoundPhase"]
