"""The round: every player has a cannon at x = 0 and the same three targets; they turn the
dials (angle, speed) and fire, one shell in the air at a time, at the nearest target not
yet hit. A shell that comes down inside the target hits it; the next shot goes for the
next target.

The outcome: ``all_hit`` when the last target is hit; ``out_of_shots`` when the last shell
has come down with a target left; ``timed_out`` at the round's end.
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from game.api import FloatArray, IntArray, PlayerFinished, PlayerResult, RoundSetup, Value
from game.errors import InvalidInputError
from game.projectile.flight import MAX_FLIGHT_S, Shell, landing, launch, rk4
from game.projectile.results import (
    ProjectileStatus,
    Shot,
    Verdict,
    live_points,
    score,
    verdict,
)
from game.projectile.world import MAX_ANGLE, MAX_SPEED, MIN_ANGLE, MIN_SPEED, world
from game.series import Series
from game.timestep import DT

NOTHING, AIM, FIRE = 0, 1, 2
ACTIONS = 2
SAMPLE_EVERY = 2  # telemetry every 2 steps (30 Hz)
START_ANGLE, START_SPEED = 45.0, 20.0  # the dials at the start
FIELDS = (
    "aim_angle",
    "aim_speed",
    "shot_angle",
    "shot_speed",
    "x",
    "y",
    "vx",
    "vy",
    "flying",
    "shots",
    "hits",
    "target",
    "last_x",
    "points",
    "status",
)


@dataclass
class Player:
    player_id: int
    slot: int
    aim_angle: float = START_ANGLE
    aim_speed: float = START_SPEED
    shot_angle: float = 0.0
    shot_speed: float = 0.0
    shell: Shell = (0.0, 0.0, 0.0, 0.0)
    flying: bool = False
    fired_tick: int = 0
    target: int = 0  # the target of the shell in the air (or the last one)
    last_x: float = 0.0
    shots: list[Shot] = field(default_factory=list)
    status: ProjectileStatus = ProjectileStatus.PLAYING
    samples: list[list[float]] = field(default_factory=list)
    result: PlayerResult | None = None

    @property
    def hits(self) -> int:
        return sum(s.hit for s in self.shots)

    @property
    def fired(self) -> int:
        return len(self.shots) + (1 if self.flying else 0)


class ProjectileSim:
    """:class:`game.api.Sim` of a Projectile range round."""

    def __init__(self, setup: RoundSetup) -> None:
        self.setup = setup
        self.world = w = world(setup.level, setup.knobs)
        self.physics = w.physics
        self.tick = 0
        self.limit_ticks = max(1, round(setup.time_limit_s / DT))
        self.players: dict[int, Player] = {}
        self._max_flight = math.ceil(MAX_FLIGHT_S / DT)

    # -- the Sim protocol ---------------------------------------------------------------
    @property
    def finished(self) -> bool:
        if self.tick >= self.limit_ticks:
            return True
        return bool(self.players) and all(p.result is not None for p in self.players.values())

    def add_player(self, player_id: int, slot: int) -> None:
        if player_id in self.players:
            raise ValueError(f"player {player_id} is already in the round")
        p = Player(player_id, slot)
        self.players[player_id] = p
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
        actions: dict[int, tuple[int, float, float]] = {}
        for pid, values in inputs.items():
            if pid not in self.players:
                raise InvalidInputError("player", pid, "a player of this round")
            actions[pid] = check_action(values)
        self.tick += 1
        ph = self.physics
        out: list[PlayerFinished] = []
        sample = self.tick % SAMPLE_EVERY == 0
        for pid, p in self.players.items():
            if p.result is None:
                action, angle, speed = actions.get(pid, (NOTHING, 0.0, 0.0))
                if action != NOTHING:
                    p.aim_angle, p.aim_speed = angle, speed
                if action == FIRE and not p.flying and len(p.shots) < self.world.shots:
                    self._fire(p)
                if p.flying:
                    before = p.shell
                    after = rk4(before, DT, ph)
                    if after[1] < 0.0:
                        x, s = landing(before, after, DT)
                        self._land(p, x, (self.tick - 1 - p.fired_tick + s) * DT)
                    elif self.tick - p.fired_tick >= self._max_flight:
                        self._land(p, after[0], self._max_flight * DT)
                    else:
                        p.shell = after
                if p.result is None:
                    if self.tick >= self.limit_ticks:
                        self._end(p, ProjectileStatus.TIMED_OUT)
                    elif sample:
                        self._sample(p)
            if p.result is not None and p.result.tick == self.tick:
                out.append(PlayerFinished(self.tick, pid, p.result))
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
        x, y, vx, vy = p.shell
        return [
            p.aim_angle,
            p.aim_speed,
            p.shot_angle,
            p.shot_speed,
            x,
            y,
            vx,
            vy,
            1.0 if p.flying else 0.0,
            float(p.fired),
            float(p.hits),
            float(p.target),
            p.last_x,
            float(live_points(p.shots, self.world.half_width)),
            float(int(p.status)),
        ]

    def telemetry(self, player_id: int) -> Series:
        p = self.player(player_id)
        return Series(("t", *FIELDS), np.asarray(p.samples, dtype=np.float64))

    def state_hash(self) -> str:
        h = hashlib.sha256(struct.pack("<q", self.tick))
        for pid, p in self.players.items():
            h.update(struct.pack("<qqqq", pid, p.fired, p.hits, int(p.status)))
            h.update(struct.pack("<dddddd", p.aim_angle, p.aim_speed, *p.shell))
            for s in p.shots:
                h.update(struct.pack("<ddd", s.angle, s.speed, s.landed_x))
        return h.hexdigest()

    # -- shots --------------------------------------------------------------------------
    def _fire(self, p: Player) -> None:
        # a shot is taken to the snapshot's steps, so every client can fly it again exactly
        p.shot_angle = round(p.aim_angle, 2)
        p.shot_speed = round(p.aim_speed, 2)
        p.shell = launch(p.shot_angle, p.shot_speed)
        p.flying = True
        p.fired_tick = self.tick - 1  # the shell flies this step too
        p.target = p.hits

    def _land(self, p: Player, x: float, time_s: float) -> None:
        w = self.world
        centre = w.targets[p.target]
        error = x - centre
        hit = abs(error) <= w.half_width
        p.shots.append(Shot(p.shot_angle, p.shot_speed, p.target, x, error, hit, time_s))
        p.flying = False
        p.shell = (x, 0.0, 0.0, 0.0)
        p.last_x = x
        if p.hits == len(w.targets):
            self._end(p, ProjectileStatus.ALL_HIT)
        elif len(p.shots) >= w.shots:
            self._end(p, ProjectileStatus.OUT_OF_SHOTS)

    # -- outcomes -----------------------------------------------------------------------
    def _end(self, p: Player, status: ProjectileStatus) -> None:
        w = self.world
        v: Verdict = verdict(status, p.shots, w.targets, w.half_width)
        p.status = status
        p.flying = False
        hits = [s for s in p.shots if s.hit]
        details: dict[str, float | int | str | None] = {
            "hits": len(hits),
            "shots": len(p.shots),
            "targets": len(w.targets),
            "best_error": round(min(abs(s.error) for s in hits), 2) if hits else None,
            "mean_error": (
                round(sum(abs(s.error) for s in p.shots) / len(p.shots), 2) if p.shots else None
            ),
            "last_angle": p.shots[-1].angle if p.shots else None,
            "last_speed": p.shots[-1].speed if p.shots else None,
        }
        p.result = score(
            p.player_id,
            v,
            shots=p.shots,
            max_shots=w.shots,
            half_width=w.half_width,
            time_s=self.tick * DT,
            time_limit_s=self.setup.time_limit_s,
            tick=self.tick,
            details=details,
        )
        self._sample(p)

    def _sample(self, p: Player) -> None:
        p.samples.append([self.tick * DT, *self._row(p)])


def check_action(values: tuple[Value, ...]) -> tuple[int, float, float]:
    """(action, angle, speed) of an input, each range-checked (InvalidInputError names it)."""
    if len(values) != 3:
        raise InvalidInputError("controls", list(values), "3 values (action, angle, speed)")
    action, angle, speed = values
    if isinstance(action, bool) or not isinstance(action, int) or not 0 <= action <= ACTIONS:
        raise InvalidInputError("action", action, f"an integer within 0..{ACTIONS}")
    for name, value, low, high in (
        ("angle", angle, MIN_ANGLE, MAX_ANGLE),
        ("speed", speed, MIN_SPEED, MAX_SPEED),
    ):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not low <= value <= high
        ):
            raise InvalidInputError(name, value, f"a number within {low:g}..{high:g}")
    return action, float(angle), float(speed)
