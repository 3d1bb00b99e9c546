"""Client-side prediction and reconciliation of the player's own lander.

The client runs the same :class:`game.Simulation` step as the host, for its own lander only.
Every input it sends is kept with the tick it is expected to take effect on (the host's rule,
:func:`netcode.schedule.apply_tick`). On each snapshot (tick ``S``, ``ack_sequence`` ``A``):

1. inputs up to ``A`` are dropped; ``A`` is the input in force at ``S``;
2. the local simulation restarts from the authoritative state at ``S`` (``set_lander``, with
   the simulation's tick set to ``S`` so wind and the time limit agree);
3. the remaining inputs are replayed, each from its tick, up to the tick shown before.

The difference between the prediction before and after (the error) is not shown as a jump
when it is small: a display offset absorbs it and decays with time constant
``Smoothing.blend_time`` (100 ms). A large error snaps (position error of ``snap_distance``
= 2 m or more, an angle error of ``snap_angle`` = 0.5 rad or more, or a status change).
Errors under ``ignore_distance`` (5 mm, below the 1 cm quantisation) are neither blended
nor counted. Other players' landers are not predicted; see :mod:`netcode.interpolation`.
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, replace

from game.lander import LanderState, LanderStatus, PlayerInput, RoundConfig, Simulation
from game.timestep import DT
from netcode.client import ClientConnection
from netcode.errors import NetcodeError
from netcode.hostclock import HostTickClock
from netcode.messages import FullState, Message, StateUpdate
from netcode.schedule import INPUT_DELAY_TICKS
from netcode.snapshot import LanderSnapshot

__all__ = [
    "Correction",
    "OwnLanderPrediction",
    "PredictionError",
    "Predictor",
    "Smoothing",
    "state_in",
]

MAX_PENDING = 256  # unacknowledged inputs kept (8 s at 30/s); the oldest go first
SHOWN_TICKS = 240  # first predictions kept by tick, to measure errors against the host
MAX_REPLAY_TICKS = 600  # a replay or advance longer than this (10 s) jumps instead of stepping


class PredictionError(NetcodeError):
    """Prediction was asked something impossible (an unknown lander, a bad setting)."""


@dataclass(frozen=True)
class Smoothing:
    """How reconciliation errors are shown. Distances in metres, angles in rad, times in s."""

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
    distance: float  # metres between the old and the corrected prediction
    angle: float  # rad
    snapped: bool
    replayed: int  # ticks stepped again


@dataclass(frozen=True)
class _Pending:
    sequence: int
    inp: PlayerInput
    at: int


def state_in(snapshot: LanderSnapshot, lander_id: int) -> LanderState | None:
    """One lander of a snapshot as a :class:`game.LanderState` (None if it is not there)."""
    hits = (snapshot.ids == lander_id).nonzero()[0]
    if hits.size == 0:
        return None
    row = int(hits[0])
    return _row_state(snapshot, row)


def _row_state(snapshot: LanderSnapshot, row: int) -> LanderState:
    values = snapshot.values[row]
    return LanderState(
        x=values[0] / 100,
        y=values[1] / 100,
        vx=values[2] / 100,
        vy=values[3] / 100,
        angle=values[4] / 1000,
        angular_velocity=values[5] / 1000,
        fuel=max(0.0, values[6] / 10),
        throttle=min(1.0, max(0.0, values[7] / 100)),
        status=LanderStatus(int(values[8])),
    )


class Predictor:
    """The own lander's predicted state; pure (no clock, no socket), driven by its caller."""

    def __init__(
        self,
        config: RoundConfig,
        lander_id: int,
        *,
        smoothing: Smoothing | None = None,
        max_pending: int = MAX_PENDING,
    ) -> None:
        self.lander_id = lander_id
        self.smoothing = smoothing or Smoothing()
        self._sim = Simulation(config)
        self._sim.add_lander(lander_id)
        self._pending: deque[_Pending] = deque(maxlen=max_pending)
        self._held = PlayerInput(0, 0.0, 0.0, False)  # in force at the authoritative tick
        self._acked_sequence = -1
        self._dx = self._dy = self._dangle = 0.0  # display offset
        self._synced = False
        self._auth_tick = -1
        self._shown: OrderedDict[int, LanderState] = OrderedDict()
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

    def add_input(self, sequence: int, inp: PlayerInput, at: int) -> None:
        """An input the client sent, expected to take effect on the step to tick ``at``."""
        if self._pending and sequence <= self._pending[-1].sequence:
            raise PredictionError(
                f"input sequence {sequence} is not after {self._pending[-1].sequence}"
            )
        if self._pending:
            at = max(at, self._pending[-1].at)  # the host applies them in order
        self._pending.append(_Pending(sequence, inp, at))

    def input_at(self, tick: int) -> PlayerInput:
        """The input the host will use on the step to ``tick`` (the newest one due)."""
        held = self._held
        for item in self._pending:
            if item.at > tick:
                break
            held = item.inp
        return held

    def advance(self, to_tick: int) -> LanderState:
        """Step the prediction forward to ``to_tick`` (no-op if already there)."""
        steps = to_tick - self._sim.tick
        if steps > MAX_REPLAY_TICKS:
            self._sim.tick = to_tick - MAX_REPLAY_TICKS
            steps = MAX_REPLAY_TICKS
        for _ in range(max(0, steps)):
            self._step()
        return self.state

    def _step(self) -> None:
        inp = self.input_at(self._sim.tick + 1)
        self._sim.step({self.lander_id: inp})
        tick = int(self._sim.tick)
        if tick not in self._shown:
            self._shown[tick] = self.state
            while len(self._shown) > SHOWN_TICKS:
                self._shown.popitem(last=False)
        decay = math.exp(-DT / self.smoothing.blend_time)
        self._dx *= decay
        self._dy *= decay
        self._dangle *= decay
        if math.hypot(self._dx, self._dy) < self.smoothing.ignore_distance / 10:
            self._dx = self._dy = 0.0

    # -- reconciliation ----------------------------------------------------------------------
    def reconcile(self, tick: int, ack_sequence: int, state: LanderState) -> Correction | None:
        """Restart from the authoritative ``state`` of ``tick`` and replay pending inputs.

        A state older than one already applied is ignored (None).
        """
        if tick < self._auth_tick:
            return None
        self._auth_tick = tick
        while self._pending and self._pending[0].sequence <= ack_sequence:
            self._held = self._pending.popleft().inp
        self._acked_sequence = max(self._acked_sequence, ack_sequence)
        before = self.state if self._synced else None
        target = max(self._sim.tick, tick)
        self._sim.tick = tick
        self._sim.set_lander(self.lander_id, state)
        replayed = min(target - tick, MAX_REPLAY_TICKS)
        self._sim.tick = target - replayed
        for _ in range(replayed):
            self._step_quiet()
        after = self.state
        self._synced = True
        return self._absorb(tick, target, before, after, replayed)

    def _step_quiet(self) -> None:
        """A replay step: the display offset does not decay (no time passes on screen)."""
        self._sim.step({self.lander_id: self.input_at(self._sim.tick + 1)})

    def _absorb(
        self,
        snapshot_tick: int,
        tick: int,
        before: LanderState | None,
        after: LanderState,
        replayed: int,
    ) -> Correction:
        if before is None:
            return Correction(snapshot_tick, tick, 0.0, 0.0, True, replayed)
        dx, dy = before.x - after.x, before.y - after.y
        dangle = math.remainder(before.angle - after.angle, math.tau)
        distance = math.hypot(dx, dy)
        s = self.smoothing
        snapped = (
            distance >= s.snap_distance
            or abs(dangle) >= s.snap_angle
            or before.status is not after.status
        )
        if snapped:
            self._dx = self._dy = self._dangle = 0.0
            self.snaps += 1
        elif distance >= s.ignore_distance or abs(dangle) >= s.ignore_distance:
            self._dx += dx
            self._dy += dy
            self._dangle += dangle
        if distance >= s.ignore_distance or snapped:
            self.corrections += 1
        return Correction(snapshot_tick, tick, distance, abs(dangle), snapped, replayed)

    # -- reading -----------------------------------------------------------------------------
    @property
    def state(self) -> LanderState:
        """The predicted (physics) state at :attr:`tick`."""
        return self._sim.lander(self.lander_id)

    def shown(self, tick: int) -> LanderState | None:
        """The first prediction made for ``tick`` when time reached it (None if not kept)."""
        return self._shown.get(tick)

    @property
    def offset(self) -> tuple[float, float, float]:
        """The display offset (dx, dy, dangle) still being blended away."""
        return (self._dx, self._dy, self._dangle)

    @property
    def display(self) -> LanderState:
        """What to draw: the predicted state plus the decaying display offset."""
        s = self.state
        return replace(s, x=s.x + self._dx, y=s.y + self._dy, angle=s.angle + self._dangle)


class OwnLanderPrediction:
    """Prediction wired to a connection's messages and a clock (what a player or bot uses).

    ``on_message`` every message the connection hands out, ``send_input`` instead of the
    connection's, ``advance(now)`` once a frame; read ``display``.
    """

    def __init__(
        self,
        config: RoundConfig,
        lander_id: int,
        *,
        tick_rate: int = 60,
        clock: Callable[[], float],
        smoothing: Smoothing | None = None,
        input_delay: int = INPUT_DELAY_TICKS,
    ) -> None:
        self.predictor = Predictor(config, lander_id, smoothing=smoothing)
        self.host_clock = HostTickClock(tick_rate)
        self.input_delay = input_delay
        self._clock = clock
        self.latest_tick = -1
        self.last_correction: Correction | None = None

    @property
    def lander_id(self) -> int:
        return self.predictor.lander_id

    def present_tick(self, now: float, rtt: float | None) -> int:
        """The tick shown at ``now``: the one an input sent now takes effect on."""
        if self.latest_tick < 0:
            return max(0, self.predictor.tick)
        return self.host_clock.apply_tick(now, self.latest_tick, rtt, self.input_delay)

    def send_input(
        self, conn: ClientConnection, thrust: float, rotation: float, abort: bool = False
    ) -> int:
        """Send the controls on ``conn`` (acking its newest tick) and predict them; the sequence."""
        ack_tick = conn.latest_tick
        sequence = conn.send_input(thrust, rotation, abort, ack_tick=ack_tick)
        self.record_input(sequence, thrust, rotation, abort, ack_tick, conn.rtt)
        return sequence

    def record_input(
        self,
        sequence: int,
        thrust: float,
        rotation: float,
        abort: bool,
        ack_tick: int,
        rtt: float | None,
    ) -> int:
        """Keep an input just sent; returns the tick it is expected to take effect on."""
        at = self.host_clock.apply_tick(self._clock(), ack_tick, rtt, self.input_delay)
        self.predictor.add_input(sequence, PlayerInput(sequence, thrust, rotation, abort), at)
        return at

    def on_message(self, msg: Message, rtt: float | None = None) -> Correction | None:
        """Feed every message; snapshots with the own lander reconcile the prediction."""
        if isinstance(msg, StateUpdate):
            snapshot, ack = msg.landers, msg.ack_sequence
        elif isinstance(msg, FullState) and msg.landers is not None:
            snapshot, ack = msg.landers, -1
        else:
            return None
        now = self._clock()
        self.host_clock.observe(msg.tick, now)
        self.latest_tick = max(self.latest_tick, msg.tick)
        state = state_in(snapshot, self.lander_id)
        if state is None:
            return None
        if isinstance(msg, FullState):  # carries no ack: keep the newest known
            ack = self.predictor.acked_sequence
        correction = self.predictor.reconcile(msg.tick, ack, state)
        if correction is None:
            return None
        self.predictor.advance(self.present_tick(now, rtt))
        self.last_correction = correction
        return correction

    def advance(self, now: float, rtt: float | None = None) -> LanderState:
        """Move the prediction to the present (call once a frame); returns the display state."""
        self.predictor.advance(self.present_tick(now, rtt))
        return self.predictor.display

    @property
    def display(self) -> LanderState:
        return self.predictor.display
