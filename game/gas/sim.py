"""The round: every player has a cylinder of the same gas and follows the same moving band
with the heater and the piston.

The gas is simulated particle by particle, every cylinder of the room at once (numpy arrays
of shape (players, particles, 2)); one step at the fixed ``DT``:

1. the controls move the temperature (``heater`` -1..1 times the heater power, K/s) and
   the piston (``piston`` -1..1 times its top speed; - pushes in), within their limits;
2. collisions between particles, approximated: ``COLLISION_RATE * DT`` of the particles
   on average (a Poisson count, picked at random) are given a new velocity drawn from the
   Maxwell-Boltzmann distribution at the gas temperature (what a hit by another particle
   does on average; it keeps the speeds' distribution thermal and the directions mixed);
3. the cylinder walls hold the gas at the heater's temperature: the velocities are scaled
   so that the kinetic energy is exactly ``N k T`` (two degrees of freedom a particle);
4. every particle moves ``v DT`` and is folded back into the cylinder (elastic walls, the
   exact number of bounces however fast it goes); each bounce gives the wall the impulse
   ``2 m |v_n|``;
5. the pressure the gauge shows: the mean of the two pairs of walls' pressures (the end
   and the piston; the two sides), each pair's impulse over its length and the step (N/m),
   averaged with the time constant ``GAUGE_TAU`` (a real gauge averages the hits).

Point particles, elastic walls: an ideal gas. Measured wall pressure against P A = N k T:
tests/game/gas/test_science.py.

The outcome, for every player at the round's end: ``held`` when the gauge read inside the
band for at least the goal's share of the round, else ``drifted``.
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from game.api import FloatArray, IntArray, PlayerFinished, PlayerResult, RoundSetup, Value
from game.errors import InvalidInputError
from game.gas.model import (
    BORE,
    COLLISION_RATE,
    GAUGE_TAU,
    LENGTH_MAX,
    LENGTH_MIN,
    MASS,
    T_MAX,
    T_MIN,
    K,
    make_plan,
)
from game.gas.results import GasStatus, Tally, down, score
from game.series import Series
from game.timestep import DT

SAMPLE_EVERY = 2  # telemetry every 2 steps (30 Hz)
FIELDS = (
    "pressure",
    "temperature",
    "length",
    "heater",
    "piston",
    "in_band",
    "phase",
    "status",
)
IDLE: tuple[Value, ...] = (0.0, 0.0)


@dataclass
class Player:
    player_id: int
    slot: int
    index: int  # this player's row in the sim's arrays
    start_tick: int

    @property
    def start_s(self) -> float:
        return self.start_tick * DT

    result: PlayerResult | None = None
    status: GasStatus = GasStatus.PLAYING


class GasSim:
    """:class:`game.api.Sim` of a Gas laws round."""

    def __init__(self, setup: RoundSetup) -> None:
        self.setup = setup
        plan = self.plan = make_plan(setup.level, setup.seed, setup.time_limit_s, setup.knobs)
        self.n = n = plan.particles
        self.tick = 0
        self.limit_ticks = max(1, round(setup.time_limit_s / DT))
        start = np.random.default_rng(setup.seed)  # the same gas in every cylinder
        self._pos0 = start.random((n, 2)) * np.array([plan.length0, BORE])
        v = start.standard_normal((n, 2))
        v *= math.sqrt(n * K * plan.temperature0 / (0.5 * MASS * float(np.sum(v * v))))
        self._vel0 = v
        self._rng = np.random.default_rng([setup.seed, 1])
        self.players: dict[int, Player] = {}
        self.pos = np.zeros((0, n, 2))
        self.vel = np.zeros((0, n, 2))
        self.temperature = np.zeros(0)
        self.length = np.zeros(0)
        self.heater = np.zeros(0)
        self.piston = np.zeros(0)
        self.gauge = np.zeros(0)
        self.phase = np.zeros(0)
        self.impulse = np.zeros((0, 2))  # N s since the start: end and piston, sides
        self.wall_time = np.zeros((0, 2))  # m s: each pair's length times the time
        self.in_band = np.zeros(0, dtype=np.int64)
        self.above = np.zeros(0, dtype=np.int64)
        self.closeness = np.zeros(0)
        self.moved = np.zeros(0, dtype=bool)
        self.samples: list[tuple[float, FloatArray]] = []  # (t, every row) at 30 Hz
        self._live = np.zeros(0, dtype=bool)  # rows of players still playing
        self.status = np.zeros(0)  # each row's status, as the snapshot shows it

    # -- the Sim protocol ---------------------------------------------------------------
    @property
    def finished(self) -> bool:
        if self.tick >= self.limit_ticks:
            return True
        return bool(self.players) and all(p.result is not None for p in self.players.values())

    def add_player(self, player_id: int, slot: int) -> None:
        if player_id in self.players:
            raise ValueError(f"player {player_id} is already in the round")
        plan = self.plan
        index = self.pos.shape[0]
        self.players[player_id] = Player(player_id, slot, index, self.tick)
        self.pos = np.concatenate((self.pos, self._pos0[None]))
        self.vel = np.concatenate((self.vel, self._vel0[None]))
        grow = {
            "temperature": plan.temperature0,
            "length": plan.length0,
            "heater": 0.0,
            "piston": 0.0,
            "gauge": plan.pressure0,
            "phase": 0.0,
            "closeness": 0.0,
        }
        for name, value in grow.items():
            setattr(self, name, np.append(getattr(self, name), value))
        self.impulse = np.concatenate((self.impulse, np.zeros((1, 2))))
        self.wall_time = np.concatenate((self.wall_time, np.zeros((1, 2))))
        for name in ("in_band", "above"):
            setattr(self, name, np.append(getattr(self, name), np.int64(0)))
        self.moved = np.append(self.moved, False)
        self._live = np.append(self._live, True)
        self.status = np.append(self.status, float(GasStatus.PLAYING))
        self._sample()

    def remove_player(self, player_id: int) -> None:
        p = self.players.pop(player_id, None)  # its rows stay, unused
        if p is not None:
            self._live[p.index] = False

    def player(self, player_id: int) -> Player:
        p = self.players.get(player_id)
        if p is None:
            raise KeyError(f"no player {player_id} in this round")
        return p

    def step(self, inputs: Mapping[int, tuple[Value, ...]]) -> list[PlayerFinished]:
        """One step: every input is checked before anything changes."""
        controls: dict[int, tuple[float, float]] = {}
        for pid, values in inputs.items():
            if pid not in self.players:
                raise InvalidInputError("player", pid, "a player of this round")
            controls[pid] = check_controls(values)
        self.tick += 1
        self.heater[:] = 0.0
        self.piston[:] = 0.0
        rows, heats, pushes = [], [], []
        for pid, (heat, push) in controls.items():
            p = self.players[pid]
            if p.result is None and (heat or push):
                rows.append(p.index)
                heats.append(heat)
                pushes.append(push)
        if rows:
            self.heater[rows] = heats
            self.piston[rows] = pushes
            self.moved[rows] = True
        self._physics()
        self._judge()
        out: list[PlayerFinished] = []
        if self.tick >= self.limit_ticks:
            for pid, p in self.players.items():
                if p.result is None:
                    out.append(PlayerFinished(self.tick, pid, self._end(p)))
        elif self.tick % SAMPLE_EVERY == 0:
            self.samples.append((self.tick * DT, self._matrix()))
        return out

    def result(self, player_id: int) -> PlayerResult | None:
        p = self.players.get(player_id)
        return None if p is None else p.result

    def snapshot(self) -> tuple[IntArray, FloatArray]:
        ids = np.fromiter(self.players, dtype=np.int64, count=len(self.players))
        rows = [p.index for p in self.players.values()]
        return ids, self._matrix()[rows]

    def _matrix(self) -> FloatArray:
        """Every row of the sim's arrays (players by index), in schema order and units."""
        return np.column_stack(
            (
                self.gauge,
                self.temperature,
                100.0 * self.length,
                self.heater,
                self.piston,
                self.in_band * DT,
                self.phase,
                self.status,
            )
        )

    def row(self, player_id: int) -> list[float]:
        """The player's snapshot row, in schema order and units."""
        return self._row(self.player(player_id))

    def _row(self, p: Player) -> list[float]:
        i = p.index
        return [float(x) for x in self._matrix()[i]]

    def telemetry(self, player_id: int) -> Series:
        p = self.player(player_id)
        i = p.index
        rows = [[t, *m[i].tolist()] for t, m in self.samples if m.shape[0] > i and t >= p.start_s]
        return Series(
            ("t", *FIELDS), np.asarray(rows, dtype=np.float64).reshape(-1, 1 + len(FIELDS))
        )

    def state_hash(self) -> str:
        h = hashlib.sha256(struct.pack("<q", self.tick))
        for pid, p in self.players.items():
            h.update(struct.pack("<qqq", pid, p.index, int(p.status)))
        for a in (self.pos, self.vel, self.temperature, self.length, self.gauge, self.in_band):
            h.update(np.ascontiguousarray(a).tobytes())
        return h.hexdigest()

    # -- physics ------------------------------------------------------------------------
    def _physics(self) -> None:
        plan = self.plan
        players = self.pos.shape[0]
        if players == 0:
            return
        n = self.n
        t = self.temperature
        np.clip(t + self.heater * (plan.heater_power * DT), T_MIN, T_MAX, out=t)
        length = self.length
        np.clip(length + self.piston * (plan.piston_speed * DT), LENGTH_MIN, LENGTH_MAX, out=length)
        vel = self.vel
        flat_v = vel.reshape(-1, 2)
        # collisions (approximated): a few particles get a thermal velocity
        hits = int(self._rng.poisson(COLLISION_RATE * DT * players * n))
        if hits:
            flat_v[self._rng.integers(0, players * n, hits)] = self._rng.standard_normal((hits, 2))
        # the walls hold the temperature: kinetic energy = N k T exactly
        ke = 0.5 * MASS * np.einsum("pnd,pnd->p", vel, vel)
        vel *= np.sqrt(n * K * t / ke)[:, None, None]
        # move; fold what left the box back in (elastic walls), counting every bounce
        pos = self.pos
        pos += vel * DT
        inv = np.empty((players, 1, 2))
        inv[:, 0, 0] = 1.0 / length
        inv[:, 0, 1] = 1.0 / BORE
        q = np.floor(pos * inv).reshape(-1)
        out = np.flatnonzero(q)
        by_wall = np.zeros((players, 2))  # the end and piston (x), the sides (y)
        if out.size:
            fp, fv = pos.reshape(-1), vel.reshape(-1)
            who = out // (2 * n)
            axis = out % 2
            side = np.where(axis == 0, length[who], BORE)
            x = fp[out]
            twice = 2.0 * side
            u = x - twice * np.floor(x / twice)
            fp[out] = np.where(u > side, twice - u, u)
            k = q[out]
            v = fv[out]
            dp = np.abs(k) * np.abs(v) * (2.0 * MASS)
            counted = np.bincount(2 * who + axis, dp, minlength=2 * players)
            by_wall = counted.astype(np.float64).reshape(players, 2)
            fv[out] = np.where(k % 2.0 != 0.0, -v, v)
        self.impulse += by_wall
        self.wall_time[:, 0] += 2.0 * BORE * DT
        self.wall_time[:, 1] += 2.0 * length * DT
        # the gauge: the mean of the end-and-piston walls' pressure and the side walls'
        # (each pair's impulse over its length), so a moment's uneven share of the motion
        # between x and y does not move the needle
        now = 0.5 * (by_wall[:, 0] / (2.0 * BORE * DT) + by_wall[:, 1] / (2.0 * length * DT))
        self.gauge += (now - self.gauge) * (DT / GAUGE_TAU)
        self.phase += DT * np.sqrt(t / 300.0)

    def _judge(self) -> None:
        """Count the step for every live player: in the band, above it (below is the
        rest), and how near the centre while in it."""
        if self.pos.shape[0] == 0:
            return
        centre = self.plan.centre(self.tick * DT)
        off = (self.gauge - centre) * (1.0 / (centre * self.plan.half))  # -1..1: in
        near = 1.0 - np.abs(off)
        inside = (near >= 0.0) & self._live
        self.in_band += inside
        self.above += (off > 1.0) & self._live
        self.closeness += near * inside

    def ideal(self, player_id: int) -> float:
        """P = N k T / A (N/m) for the player's gas now."""
        i = self.player(player_id).index
        return self.n * K * float(self.temperature[i]) / (BORE * float(self.length[i]))

    def measured(self, player_id: int) -> float:
        """The wall pressure (N/m) over the whole round so far, as the gauge takes it: the
        mean of the two pairs of walls' pressures, each every bounce's impulse on the pair
        over the pair's length and the time."""
        i = self.player(player_id).index
        return wall_pressure(self.impulse[i], self.wall_time[i])

    # -- outcomes -----------------------------------------------------------------------
    def tally(self, p: Player) -> Tally:
        i = p.index
        return Tally(
            ticks=self.tick - p.start_tick,
            in_band=int(self.in_band[i]),
            above=int(self.above[i]),
            below=self.tick - p.start_tick - int(self.in_band[i]) - int(self.above[i]),
            closeness=float(self.closeness[i]),
            moved=bool(self.moved[i]),
        )

    def _end(self, p: Player) -> PlayerResult:
        tally = self.tally(p)
        i = p.index
        details: dict[str, float | int | str | None] = {
            "in_band_pct": down(tally.share),
            "above_pct": down(100.0 * tally.above / tally.ticks) if tally.ticks else 0.0,
            "below_pct": down(100.0 * tally.below / tally.ticks) if tally.ticks else 0.0,
            "temperature": round(float(self.temperature[i]), 1),
            "area": round(10_000.0 * BORE * float(self.length[i]), 1),
            "pressure": round(float(self.gauge[i]), 1),
        }
        p.result = score(
            p.player_id,
            tally,
            self.plan.goal,
            time_s=tally.ticks * DT,
            tick=self.tick,
            details=details,
        )
        p.status = GasStatus.HELD if p.result.success else GasStatus.DRIFTED
        self.status[i] = float(p.status)
        self._live[i] = False
        if all(q.result is not None for q in self.players.values()):
            self._sample()
        return p.result

    def _sample(self) -> None:
        t = self.tick * DT
        if self.samples and self.samples[-1][0] == t:
            self.samples.pop()
        self.samples.append((t, self._matrix()))


def wall_pressure(impulse: FloatArray, wall_time: FloatArray) -> float:
    """The mean of the pairs' pressures (N/m) from their impulses (N s) and their lengths
    times the time (m s)."""
    if not (wall_time > 0.0).all():
        return 0.0
    return float(0.5 * (impulse[0] / wall_time[0] + impulse[1] / wall_time[1]))


def check_controls(values: tuple[Value, ...]) -> tuple[float, float]:
    """(heater, piston) of an input, each range-checked (InvalidInputError names it)."""
    if len(values) == 2:  # the common case in one pass: two floats within range
        heat, push = values
        plain = type(heat) is float and type(push) is float
        if plain and -1.0 <= heat <= 1.0 and -1.0 <= push <= 1.0:  # NaN fails: see below
            return heat, push
    if len(values) != 2:
        raise InvalidInputError("controls", list(values), "2 values (heater, piston)")
    out = []
    for name, v in zip(("heater", "piston"), values, strict=True):
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise InvalidInputError(name, v, "a finite number within -1..1")
        if not -1.0 <= float(v) <= 1.0:
            raise InvalidInputError(name, v, "a finite number within -1..1")
        out.append(float(v))
    return out[0], out[1]
