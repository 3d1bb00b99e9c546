"""The round: every player runs a habitat of their own, all from the same start with the
same weather, racing to keep rabbits and foxes inside the band for longest.

Each step advances every habitat by ``speed × DT`` weeks with one RK4 step of the
Lotka–Volterra model (:mod:`game.ecology.model`), the player's two controls setting the
rates: food (0..1) sets the rabbits' births α·(0.5 + food), hunting (0..1) adds a removal
of up to γ to the foxes' deaths, γ·(1 + hunting). A hard winter (seeded, the same for
everyone) kills a share of the rabbits at once.

A player's round ends early when the foxes or the rabbits die out (fewer than one left) or
the rabbits overrun the habitat (ten times the band's middle); everyone else plays to the
time limit. The result: ``balanced`` with at least half the round in the band.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from game.api import FloatArray, IntArray, PlayerFinished, PlayerResult, RoundSetup, Value
from game.ecology.habitat import habitat
from game.ecology.model import rk4
from game.ecology.results import EcologyStatus, down, score, verdict
from game.errors import InvalidInputError
from game.series import Series
from game.timestep import DT

SAMPLE_EVERY = 2  # telemetry every 2 steps (30 Hz)
GONE = 1.0  # fewer animals than this: died out
OVERRUN = 10.0  # rabbits above this many times the band's middle: overrun
IDLE: tuple[Value, ...] = (0.0, 0.5)  # no hunting, the meadow's own grass
FIELDS = ("rabbits", "foxes", "hunting", "food", "in_band", "inside", "status")


@dataclass
class Player:
    player_id: int
    slot: int
    index: int  # the order it joined in
    join_tick: int
    x: float  # rabbits
    y: float  # foxes
    hunting: float = 0.0
    food: float = 0.5
    ticks_in: int = 0
    first_in_tick: int = -1
    inside: bool = False
    status: EcologyStatus = EcologyStatus.PLAYING
    low_rabbits: float = 0.0
    low_foxes: float = 0.0
    samples: list[list[float]] = field(default_factory=list)
    result: PlayerResult | None = None


class EcologySim:
    """:class:`game.api.Sim` of a Predator and prey round."""

    def __init__(self, setup: RoundSetup) -> None:
        self.setup = setup
        h = self.habitat = habitat(setup.level, setup.knobs, setup.seed, setup.time_limit_s)
        self.tick = 0
        self.limit_ticks = max(1, round(setup.time_limit_s / DT))
        self.h_weeks = h.speed * DT
        self.players: dict[int, Player] = {}
        self._next_winter = 0
        # plain floats for the per-step arithmetic
        r = h.rates
        self._alpha, self._beta, self._gamma, self._delta = r.alpha, r.beta, r.gamma, r.delta
        self._r0, self._r1 = h.rabbits_band
        self._f0, self._f1 = h.foxes_band
        self._overrun = OVERRUN * h.target_rabbits

    @property
    def weeks(self) -> float:
        return self.tick * self.h_weeks

    # -- the Sim protocol ---------------------------------------------------------------
    @property
    def finished(self) -> bool:
        if self.tick >= self.limit_ticks:
            return True
        return bool(self.players) and all(p.result is not None for p in self.players.values())

    def add_player(self, player_id: int, slot: int) -> None:
        if player_id in self.players:
            raise ValueError(f"player {player_id} is already in the round")
        h = self.habitat
        p = Player(player_id, slot, len(self.players), self.tick, h.start_rabbits, h.start_foxes)
        p.low_rabbits, p.low_foxes = h.start_rabbits, h.start_foxes
        self.players[player_id] = p
        p.inside = h.inside(h.start_rabbits, h.start_foxes)
        self._sample(p)

    def remove_player(self, player_id: int) -> None:
        self.players.pop(player_id, None)

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
        alpha, gamma, beta, delta = self._alpha, self._gamma, self._beta, self._delta
        t, hw, amplitude = self.weeks, self.h_weeks, self.habitat.season
        self.tick += 1
        winters = self.habitat.winters
        survive = 1.0
        while self._next_winter < len(winters) and winters[self._next_winter].week <= self.weeks:
            survive *= winters[self._next_winter].survive
            self._next_winter += 1
        r0, r1, f0, f1 = self._r0, self._r1, self._f0, self._f1
        out: list[PlayerFinished] = []
        sample = self.tick % SAMPLE_EVERY == 0
        for pid, p in self.players.items():
            if p.result is not None:
                continue
            p.hunting, p.food = controls.get(pid, (0.0, 0.5))
            a = alpha * (0.5 + p.food)
            c = gamma * (1.0 + p.hunting)
            x, y = rk4(p.x, p.y, a, c, beta, delta, hw, t, amplitude)
            x *= survive
            p.x, p.y = x, y
            p.low_rabbits = min(p.low_rabbits, x)
            p.low_foxes = min(p.low_foxes, y)
            p.inside = r0 <= x <= r1 and f0 <= y <= f1
            if p.inside:
                p.ticks_in += 1
                if p.first_in_tick < 0:
                    p.first_in_tick = self.tick
            status = EcologyStatus.PLAYING
            if y < GONE:
                status = EcologyStatus.FOXES_GONE
            elif x < GONE:
                status = EcologyStatus.RABBITS_GONE
            elif x > self._overrun:
                status = EcologyStatus.OVERRUN
            if status is not EcologyStatus.PLAYING or self.tick >= self.limit_ticks:
                result = self._end(p, status, x, y)
                out.append(PlayerFinished(self.tick, pid, result))
            elif sample:
                self._sample(p)
        return out

    def result(self, player_id: int) -> PlayerResult | None:
        p = self.players.get(player_id)
        return None if p is None else p.result

    def snapshot(self) -> tuple[IntArray, FloatArray]:
        ids = np.fromiter(self.players, dtype=np.int64, count=len(self.players))
        values = np.array([self._row(p) for p in self.players.values()], dtype=np.float64)
        return ids, values.reshape(len(self.players), len(FIELDS))

    def row(self, player_id: int) -> list[float]:
        """The player's snapshot row, in schema order and units."""
        return self._row(self.player(player_id))

    def _row(self, p: Player) -> list[float]:
        return [
            p.x,
            p.y,
            p.hunting,
            p.food,
            p.ticks_in * DT,
            1.0 if p.inside else 0.0,
            float(int(p.status)),
        ]

    def telemetry(self, player_id: int) -> Series:
        p = self.player(player_id)
        return Series(("t", *FIELDS), np.asarray(p.samples, dtype=np.float64))

    def state_hash(self) -> str:
        h = hashlib.sha256(struct.pack("<qq", self.tick, self._next_winter))
        for pid, p in self.players.items():
            h.update(struct.pack("<qqqq", pid, p.ticks_in, p.first_in_tick, int(p.status)))
            h.update(struct.pack("<dddd", p.x, p.y, p.hunting, p.food))
        return h.hexdigest()

    # -- outcomes -----------------------------------------------------------------------
    def share(self, p: Player) -> float:
        """The player's share of the round in the band so far (of the whole round)."""
        return p.ticks_in / max(1, self.limit_ticks - p.join_tick)

    def _end(self, p: Player, status: EcologyStatus, x: float, y: float) -> PlayerResult:
        share = self.share(p)
        v = verdict(status, share, self.weeks, x, y)
        p.status = v.status
        details: dict[str, float | int | str | None] = {
            "in_band_pct": down(100.0 * share),
            "in_band_s": down(p.ticks_in * DT),
            "first_in_s": None if p.first_in_tick < 0 else round(p.first_in_tick * DT, 2),
            "rabbits": round(x),
            "foxes": round(y, 1),
            "low_rabbits": round(p.low_rabbits),
            "low_foxes": round(p.low_foxes, 1),
            "weeks": round(self.weeks, 1),
        }
        p.result = score(
            p.player_id,
            v,
            share=share,
            inside_at_end=p.inside,
            time_s=(self.tick - p.join_tick) * DT,
            tick=self.tick,
            details=details,
        )
        self._sample(p)
        return p.result

    def _sample(self, p: Player) -> None:
        p.samples.append([(self.tick - p.join_tick) * DT, *self._row(p)])


def check_controls(values: tuple[Value, ...]) -> tuple[float, float]:
    """(hunting, food) of an input, each range-checked (InvalidInputError names it)."""
    if len(values) != 2:
        raise InvalidInputError("controls", list(values), "2 values (hunting, food)")
    out = []
    for name, value in zip(("hunting", "food"), values, strict=True):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInputError(name, value, "a finite number within 0..1")
        number = float(value)
        if not 0.0 <= number <= 1.0:  # NaN fails this too
            raise InvalidInputError(name, value, "a finite number within 0..1")
        out.append(number)
    return out[0], out[1]
