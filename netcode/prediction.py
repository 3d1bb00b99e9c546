"""Client-side prediction and reconciliation of the player's own row, for any game whose
simulation is :class:`game.api.Predictable` (``Game.predicts``).

The client runs the same simulation step as the host, for its own player only. Every input
it sends is kept with the tick it is expected to take effect on (the host's rule,
:func:`netcode.schedule.apply_tick`). On each snapshot (tick ``S``, ``ack_sequence`` ``A``):

1. inputs up to ``A`` are dropped; ``A`` is the input in force at ``S``;
2. the local simulation restarts from the authoritative row at ``S`` (``set_row``, with the
   simulation's tick set to ``S`` so wind and the time limit agree);
3. the remaining inputs are replayed, each from its tick, up to the tick shown before.

The difference between the prediction before and after (the error) is not shown as a jump
when it is small: a display offset on the schema's predicted position columns and its angle
columns absorbs it and decays with time constant ``Smoothing.blend_time`` (100 ms). A large
error snaps (a position error of ``snap_distance`` = 2 m or more, an angle error of
``snap_angle`` = 0.5 rad or more, or a status change). Errors under ``ignore_distance``
(5 mm, below the 1 cm quantisation of the lander) are neither blended nor counted. Other
players are not predicted; see :mod:`netcode.interpolation`.
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from game.api import Game, RoundSetup, Value
from game.timestep import DT
from netcode.client import ClientConnection
from netcode.errors import NetcodeError
from netcode.hostclock import HostTickClock
from netcode.messages import FullState, Message, StateUpdate
from netcode.schedule import INPUT_DELAY_TICKS
from netcode.snapshot import Snapshot

__all__ = [
    "Correction",
    "OwnPrediction",
    "PredictionError",
    "Predictor",
    "Smoothing",
    "row_in",
]

MAX_PENDING = 256  # unacknowledged inputs kept (8 s at 30/s); the oldest go first
SHOWN_TICKS = 240  # first predictions kept by tick, to measure errors against the host
MAX_REPLAY_TICKS = 600  # a replay or advance longer than this (10 s) jumps instead of stepping

Row = npt.NDArray[np.float64]


class PredictionError(NetcodeError):
    """Prediction was asked something impossible (an unknown player, a bad setting)."""


@dataclass(frozen=True)
class Smoothing:
    """How reconciliation errors are shown. Distances in the game's position units (metres
    for the lander), angles in rad, times in s."""

    snap_distance: float = 2.0
    snap_angle: float = 0.5
    ignore_distance: float = 0.005
    blend_time: float = 0.1

    def __post_init__(self) -> None:
        for name in ("snap_distance", "snap_angle", "ignore_distance", "blend_time"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise PredictionError(f"{name} must be a positive number, got {value}")
        if self.ignore_distance >= self.snap_distance:
            raise PredictionError(
                f"ignore_distance {self.ignore_distance} must be below "
                f"snap_distance {self.snap_distance}"
            )


@dataclass(frozen=True)
class Correction:
    """What one snapshot changed: the prediction error at ``tick`` and how it was shown."""

    snapshot_tick: int
    tick: int
    distance: float  # position units between the old and the corrected prediction
    angle: float  # rad
    snapped: bool
    replayed: int  # ticks stepped again


@dataclass(frozen=True)
class _Pending:
    sequence: int
    values: tuple[Value, ...]
    at: int


def row_in(snapshot: Snapshot, player_id: int, scales: npt.ArrayLike) -> Row | None:
    """One player's row of a snapshot in the schema's units (None if it is not there)."""
    hits = (snapshot.ids == player_id).nonzero()[0]
    if hits.size == 0:
        return None
    out: Row = snapshot.values[int(hits[0])] / np.asarray(scales, dtype=np.float64)
    return out


class Predictor:
    """The own row's predicted state; pure (no clock, no socket), driven by its caller."""

    def __init__(
        self,
        game: Game,
        setup: RoundSetup,
        player_id: int,
        *,
        smoothing: Smoothing | None = None,
        max_pending: int = MAX_PENDING,
    ) -> None:
        if not game.predicts:
            raise PredictionError(f"{game.title} does not predict its players")
        self.game = game
        self.player_id = player_id
        self.smoothing = smoothing or Smoothing()
        self._sim: Any = game.new_sim(setup)
        self._sim.add_player(player_id, 0)
        schema = game.schema
        self._positions = [p for p, _ in schema.predict_columns]
        self._angles = [i for i, f in enumerate(schema.fields) if f.blend == "angle"]
        self._status = schema.index(schema.status)
        self._pending: deque[_Pending] = deque(maxlen=max_pending)
        self._held: tuple[Value, ...] = game.inputs.idle  # in force at the authoritative tick
        self._acked_sequence = -1
        self._offset = np.zeros(len(schema.fields))  # display offset, schema columns
        self._synced = False
        self._auth_tick = -1
        self._shown: OrderedDict[int, Row] = OrderedDict()
        self.corrections = 0
        self.snaps = 0

    # -- inputs and time ---------------------------------------------------------------------
    @property
    def tick(self) -> int:
        """The tick of the predicted state."""
        return int(self._sim.tick)

    @property
    def synced(self) -> bool:
        """True once an authoritative state was applied."""
        return self._synced

    @property
    def pending(self) -> int:
        return len(self._pending)

    @property
    def acked_sequence(self) -> int:
        """The newest input sequence the host reported applied (-1: none yet)."""
        return self._acked_sequence

    @property
    def authoritative_tick(self) -> int:
        """The tick of the newest authoritative state applied (-1: none yet)."""
        return self._auth_tick

    def add_input(self, sequence: int, values: tuple[Value, ...], at: int) -> None:
        """An input the client sent, expected to take effect on the step to tick ``at``."""
        if self._pending and sequence <= self._pending[-1].sequence:
            raise PredictionError(
                f"input sequence {sequence} is not after {self._pending[-1].sequence}"
            )
        if self._pending:
            at = max(at, self._pending[-1].at)  # the host applies them in order
        self._pending.append(_Pending(sequence, tuple(values), at))

    def input_at(self, tick: int) -> tuple[Value, ...]:
        """The input the host will use on the step to ``tick`` (the newest one due)."""
        held = self._held
        for item in self._pending:
            if item.at > tick:
                break
            held = item.values
        return held

    def advance(self, to_tick: int) -> Row:
        """Step the prediction forward to ``to_tick`` (no-op if already there)."""
        steps = to_tick - self.tick
        if steps > MAX_REPLAY_TICKS:
            self._jump(to_tick - MAX_REPLAY_TICKS)
            steps = MAX_REPLAY_TICKS
        for _ in range(max(0, steps)):
            self._step()
        return self.state

    def _jump(self, tick: int) -> None:
        self._sim.set_row(self.player_id, self.state, tick)

    def _step(self) -> None:
        self._sim.step({self.player_id: self.input_at(self.tick + 1)})
        tick = self.tick
        if tick not in self._shown:
            self._shown[tick] = self.state
            while len(self._shown) > SHOWN_TICKS:
                self._shown.popitem(last=False)
        self._offset *= math.exp(-DT / self.smoothing.blend_time)
        if self._distance(self._offset) < self.smoothing.ignore_distance / 10:
            self._offset[self._positions] = 0.0

    # -- reconciliation ----------------------------------------------------------------------
    def reconcile(self, tick: int, ack_sequence: int, row: Row) -> Correction | None:
        """Restart from the authoritative ``row`` of ``tick`` and replay pending inputs.

        A state older than one already applied is ignored (None).
        """
        if tick < self._auth_tick:
            return None
        self._auth_tick = tick
        while self._pending and self._pending[0].sequence <= ack_sequence:
            self._held = self._pending.popleft().values
        self._acked_sequence = max(self._acked_sequence, ack_sequence)
        before = self.state if self._synced else None
        target = max(self.tick, tick)
        if target > self.tick:  # the prediction was behind the snapshot: time moved on
            self._offset *= math.exp(-(target - self.tick) * DT / self.smoothing.blend_time)
        self._sim.set_row(self.player_id, np.asarray(row, dtype=np.float64), tick)
        replayed = min(target - tick, MAX_REPLAY_TICKS)
        if replayed < target - tick:
            self._jump(target - replayed)
        for _ in range(replayed):
            self._sim.step({self.player_id: self.input_at(self.tick + 1)})
        after = self.state
        self._synced = True
        return self._absorb(tick, target, before, after, replayed)

    def _distance(self, d: Row) -> float:
        return math.sqrt(sum(float(d[i]) ** 2 for i in self._positions))

    def _absorb(
        self, snapshot_tick: int, tick: int, before: Row | None, after: Row, replayed: int
    ) -> Correction:
        if before is None:
            return Correction(snapshot_tick, tick, 0.0, 0.0, True, replayed)
        d = before - after
        for i in self._angles:
            d[i] = math.remainder(float(d[i]), math.tau)
        distance = self._distance(d)
        dangle = max((abs(float(d[i])) for i in self._angles), default=0.0)
        s = self.smoothing
        snapped = (
            distance >= s.snap_distance
            or dangle >= s.snap_angle
            or round(before[self._status]) != round(after[self._status])
        )
        if snapped:
            self._offset[:] = 0.0
            self.snaps += 1
        elif distance >= s.ignore_distance or dangle >= s.ignore_distance:
            for i in (*self._positions, *self._angles):
                self._offset[i] += d[i]
        if distance >= s.ignore_distance or snapped:
            self.corrections += 1
        return Correction(snapshot_tick, tick, distance, dangle, snapped, replayed)

    # -- reading -----------------------------------------------------------------------------
    @property
    def state(self) -> Row:
        """The predicted (physics) row at :attr:`tick`, in schema order."""
        row: Row = self._sim.row(self.player_id)
        return row

    def shown(self, tick: int) -> Row | None:
        """The first prediction made for ``tick`` when time reached it (None if not kept)."""
        return self._shown.get(tick)

    @property
    def offset(self) -> Row:
        """The display offset still being blended away (schema columns; zero elsewhere)."""
        return self._offset.copy()

    @property
    def display(self) -> Row:
        """What to draw: the predicted row plus the decaying display offset."""
        return self.state + self._offset


class OwnPrediction:
    """Prediction wired to a connection's messages and a clock (what a player or bot uses).

    ``on_message`` every message the connection hands out, ``send_input`` instead of the
    connection's, ``advance(now)`` once a frame; read ``display``.
    """

    def __init__(
        self,
        game: Game,
        setup: RoundSetup,
        player_id: int,
        *,
        tick_rate: int = 60,
        clock: Callable[[], float],
        smoothing: Smoothing | None = None,
        input_delay: int = INPUT_DELAY_TICKS,
    ) -> None:
        self.predictor = Predictor(game, setup, player_id, smoothing=smoothing)
        self.scales = np.asarray(game.schema.scales, dtype=np.float64)
        self.host_clock = HostTickClock(tick_rate)
        self.input_delay = input_delay
        self._clock = clock
        self.latest_tick = -1
        self.last_correction: Correction | None = None

    @property
    def player_id(self) -> int:
        return self.predictor.player_id

    def present_tick(self, now: float, rtt: float | None) -> int:
        """The tick shown at ``now``: the one an input sent now takes effect on."""
        if self.latest_tick < 0:
            return max(0, self.predictor.tick)
        return self.host_clock.apply_tick(now, self.latest_tick, rtt, self.input_delay)

    def send_input(self, conn: ClientConnection, values: tuple[Value, ...]) -> int:
        """Send the input on ``conn`` (acking its newest tick) and predict it; the sequence."""
        ack_tick = conn.latest_tick
        sequence = conn.send_input(values, ack_tick=ack_tick)
        self.record_input(sequence, values, ack_tick, conn.rtt)
        return sequence

    def record_input(
        self, sequence: int, values: tuple[Value, ...], ack_tick: int, rtt: float | None
    ) -> int:
        """Keep an input just sent; returns the tick it is expected to take effect on."""
        at = self.host_clock.apply_tick(self._clock(), ack_tick, rtt, self.input_delay)
        self.predictor.add_input(sequence, values, at)
        return at

    def on_message(self, msg: Message, rtt: float | None = None) -> Correction | None:
        """Feed every message; snapshots with the own row reconcile the prediction."""
        if isinstance(msg, StateUpdate):
            snapshot, ack = msg.snapshot, msg.ack_sequence
        elif isinstance(msg, FullState) and msg.snapshot is not None:
            snapshot, ack = msg.snapshot, -1
        else:
            return None
        now = self._clock()
        self.host_clock.observe(msg.tick, now)
        self.latest_tick = max(self.latest_tick, msg.tick)
        if snapshot.columns != self.scales.shape[0]:
            return None  # a snapshot of another game (a round change under way)
        row = row_in(snapshot, self.player_id, self.scales)
        if row is None:
            return None
        if isinstance(msg, FullState):  # carries no ack: keep the newest known
            ack = self.predictor.acked_sequence
        correction = self.predictor.reconcile(msg.tick, ack, row)
        if correction is None:
            return None
        self.predictor.advance(self.present_tick(now, rtt))
        self.last_correction = correction
        return correction

    def advance(self, now: float, rtt: float | None = None) -> Row:
        """Move the prediction to the present (call once a frame); returns the display row."""
        self.predictor.advance(self.present_tick(now, rtt))
        return self.predictor.display

    @property
    def display(self) -> Row:
        return self.predictor.display
