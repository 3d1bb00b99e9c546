"""One round of Lunar Lander in the host: countdown, the simulation, scheduled inputs.

Inputs are applied on a tick the client can know: an input computed from the snapshot of
tick ``T`` (its ``ack_tick``) is applied on the step to ``T + input_delay`` when it arrives
before then, else on the next step. On a LAN every input arrives in time, so a round is a
pure function of the seed and the inputs — the demo's ``--seed`` reproduces it exactly.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

import msgpack

from game.lander import (
    DT,
    AIPilot,
    FlightResult,
    InvalidInputError,
    LanderArrays,
    PlayerInput,
    RoundConfig,
    Simulation,
    validate_input,
)
from game.lander.events import Event as SimEvent
from game.lander.events import FlightEnded

MAX_PENDING_INPUTS = 64


class RoundPhase(enum.StrEnum):
    COUNTDOWN = "countdown"
    ACTIVE = "active"
    PAUSED = "paused"  # by the teacher: nothing moves, inputs are ignored
    FINISHING = "finishing"  # every flight ended; results are being committed
    COMPLETED = "completed"


@dataclass
class _Pilot:
    player_id: int
    held: PlayerInput
    last_sequence: int = -1
    pending: list[tuple[int, PlayerInput]] = field(default_factory=list)
    log: list[tuple[int, int, float, float, bool]] = field(default_factory=list)
    dropped: int = 0
    answered_tick: int = -1  # newest snapshot tick an accepted input was computed from


class Round:
    """The state of one round; the host's tick loop calls :meth:`advance` once per tick."""

    def __init__(
        self,
        round_id: int,
        config: RoundConfig,
        player_ids: Iterable[int],
        *,
        countdown_ticks: int,
        input_delay: int = 2,
        ai_pilots: dict[int, AIPilot] | None = None,
    ) -> None:
        self.round_id = round_id
        self.config = config
        self.sim = Simulation(config)
        self.phase = RoundPhase.COUNTDOWN if countdown_ticks > 0 else RoundPhase.ACTIVE
        self.countdown_ticks = countdown_ticks
        self.input_delay = input_delay
        self._pilots: dict[int, _Pilot] = {}
        self.results: dict[int, FlightResult] = {}
        self._resume_to = self.phase
        # which host ticks this round's snapshots go out on: see ClassHost._snapshot_due
        self.snapshot_residue: int | None = None
        self.snapshot_offset = 0
        self.ai: dict[int, AIPilot] = dict(ai_pilots or {})
        ids = list(player_ids)
        for slot, pid in enumerate([*ids, *sorted(self.ai)]):
            self.sim.add_lander(pid, slot=slot)
            self._pilots[pid] = _Pilot(pid, PlayerInput(0, 0.0, 0.0, False))

    def pause(self) -> bool:
        """Freeze the round (countdown or flight); False if it cannot be paused now."""
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
            return self.config.time_limit_s
        return max(0.0, self.config.time_limit_s - self.sim.tick * DT)

    @property
    def countdown_left(self) -> float:
        counting = self.phase is RoundPhase.COUNTDOWN or (
            self.phase is RoundPhase.PAUSED and self._resume_to is RoundPhase.COUNTDOWN
        )
        return self.countdown_ticks * DT if counting else 0.0

    def end_now(self) -> bool:
        """The teacher ends the round: landers still flying get no result. False if over."""
        if self.phase in (RoundPhase.FINISHING, RoundPhase.COMPLETED):
            return False
        self.phase = RoundPhase.FINISHING
        return True

    def flying(self) -> list[int]:
        return [pid for pid in self._pilots if pid not in self.results]

    def has_lander(self, player_id: int) -> bool:
        return player_id in self._pilots

    def last_sequence(self, player_id: int) -> int:
        pilot = self._pilots.get(player_id)
        return -1 if pilot is None else pilot.last_sequence

    def submit(
        self,
        player_id: int,
        sequence: int,
        thrust: float,
        rotation: float,
        abort: bool,
        ack_tick: int,
    ) -> bool:
        """Queue a student's controls; False when stale, unknown or over the queue bound.

        Raises :class:`game.InvalidInputError` for out-of-range or non-finite values.
        """
        pilot = self._pilots.get(player_id)
        if pilot is None or player_id in self.results:
            return False
        inp = validate_input(PlayerInput(sequence, thrust, rotation, abort))
        if inp.sequence <= pilot.last_sequence or any(
            p.sequence >= inp.sequence for _, p in pilot.pending
        ):
            return False
        if len(pilot.pending) >= MAX_PENDING_INPUTS:
            pilot.dropped += 1
            return False
        apply_at = max(self.tick + 1, ack_tick + self.input_delay)
        pilot.pending.append((apply_at, inp))
        pilot.answered_tick = max(pilot.answered_tick, ack_tick)
        return True

    def unanswered(self, snapshot_tick: int, player_ids: Iterable[int]) -> list[int]:
        """Flying landers among ``player_ids`` whose input for ``snapshot_tick`` has not come.

        Lockstep mode (bots, demo, tests) holds the next step until this is empty, so a
        seeded round is reproducible even when a loaded machine delays an input.
        """
        return [
            pid
            for pid in player_ids
            if pid in self._pilots
            and pid not in self.results
            and self._pilots[pid].answered_tick < snapshot_tick
        ]

    def needs_inputs_of(self, snapshot_tick: int) -> bool:
        """Would the next step apply inputs computed from the snapshot of ``snapshot_tick``?"""
        return self.phase is RoundPhase.ACTIVE and self.tick + 1 >= snapshot_tick + self.input_delay

    def advance(self) -> list[SimEvent]:
        """One tick: count down, or step the simulation with the inputs due now."""
        if self.phase is RoundPhase.COUNTDOWN:
            self.countdown_ticks -= 1
            if self.countdown_ticks <= 0:
                self.phase = RoundPhase.ACTIVE
            return []
        if self.phase is not RoundPhase.ACTIVE:
            return []
        next_tick = self.tick + 1
        inputs: dict[int, PlayerInput] = {}
        others: LanderArrays | None = None  # every lander, read once per tick (AI only)
        for pid, pilot in self._pilots.items():
            if pid in self.results:
                continue
            ai = self.ai.get(pid)
            if ai is not None:  # flown by the host with the inputs a student could send
                if others is None:
                    others = self.sim.arrays()
                thrust, rotation, abort = ai.decide(
                    self.sim.lander(pid),
                    self.sim.terrain,
                    self.config,
                    self.tick,
                    others=others,
                )
                pilot.last_sequence += 1
                pilot.held = PlayerInput(pilot.last_sequence, thrust, rotation, abort)
                inputs[pid] = pilot.held
                continue
            due = [item for item in pilot.pending if item[0] <= next_tick]
            if due:
                pilot.pending = [item for item in pilot.pending if item[0] > next_tick]
                latest = max(due, key=lambda item: item[1].sequence)[1]
                pilot.held = latest
                pilot.last_sequence = latest.sequence
                pilot.log.append(
                    (self.tick, latest.sequence, latest.thrust, latest.rotation, latest.abort)
                )
            inputs[pid] = pilot.held
        events = self.sim.step(inputs)
        for event in events:
            if isinstance(event, FlightEnded):
                self.results[event.lander_id] = event.result
        if self.sim.finished and len(self.results) == len(self._pilots):
            self.phase = RoundPhase.FINISHING
        return events

    def inputs_blob(self, player_id: int) -> bytes:
        """The recorded input stream of one lander: msgpack [[tick, seq, thrust, rot, abort]...]."""
        pilot = self._pilots[player_id]
        return msgpack.packb([list(row) for row in pilot.log])

    def dropped_inputs(self, player_id: int) -> int:
        pilot = self._pilots.get(player_id)
        return 0 if pilot is None else pilot.dropped


__all__ = ["InvalidInputError", "Round", "RoundPhase"]
