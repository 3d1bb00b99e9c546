"""The computer player: a gunner who picks an angle, works out a speed, fires, watches
where the shell lands and corrects.

* The first shot at a target: Insane solves the range exactly by flying the shot with the
  game's own integrator (drag and wind included); the others use R = v² sin 2θ / g, which
  is right in a vacuum and too long in air.
* After a miss: the range grows as v², so the next speed is v·√(d / x) (with noise
  again); the two lower skills sometimes over- or under-correct.
* Skill sets the aim noise (a hand on the dials): the spread of the speed and the angle.

Personality sets the angle and the pace: cautious 45° (the most forgiving angle) and slow,
aggressive 30° and quick, balanced 40°, chaotic any angle from 25° to 65°, any pace. The
AI plays by the inputs a student sends: (fire, angle, speed).
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from game.api import Frame, RoundSetup, Value
from game.projectile.flight import Physics, speed_for, vacuum_speed
from game.projectile.sim import FIELDS, FIRE, NOTHING, ProjectileSim
from game.projectile.world import MAX_ANGLE, MAX_SPEED, MIN_ANGLE, MIN_SPEED, World, world

# (skill, relative spread of the speed): interpolated between these points
SPEED_NOISE = ((0.0, 0.09), (0.3, 0.062), (0.6, 0.038), (0.85, 0.012), (0.98, 0.002), (1.0, 0.0))
ANGLE_NOISE = 0.8  # degrees of angle spread at skill 0, shrinking with skill
EXACT_SKILL = 0.95  # at and above: solves the range with the drag integration
ANGLES = (45.0, 30.0, 40.0, None)  # cautious, aggressive, balanced, chaotic
PACE = (75, 25, 45, None)  # ticks of thinking before a shot
IDLE: tuple[Value, ...] = (NOTHING, 45.0, 20.0)
SCALES = {"last_x": 100.0, "shot_angle": 100.0, "shot_speed": 100.0}


def interpolate(points: tuple[tuple[float, float], ...], skill: float) -> float:
    s = max(0.0, min(1.0, skill))
    for (s0, p0), (s1, p1) in itertools.pairwise(points):
        if s <= s1:
            return p0 + (p1 - p0) * (s - s0) / (s1 - s0)
    return points[-1][1]


@dataclass(frozen=True)
class Seen:
    """What the gunner reads of its own row (the same on the host and over the network)."""

    tick: int
    flying: bool
    fired: int
    hits: int
    target: int
    last_x: float
    shot_angle: float
    shot_speed: float
    done: bool


class ProjectileAI:
    """:class:`game.api.AIPlayer` for Projectile range."""

    def __init__(self, skill: float, personality: int, seed: int) -> None:
        self.skill = skill
        self.personality = personality % 4
        self.rng = random.Random(seed)
        self.next_tick: int | None = None
        self.waiting_for = -1  # the shot count we fired at and wait to see land
        self._world: World | None = None
        self._setup: RoundSetup | None = None

    # -- the AIPlayer protocol -------------------------------------------------------------
    def decide(self, sim: Any, player_id: int) -> tuple[Value, ...]:
        game: ProjectileSim = sim
        row = game.row(player_id)
        return self._next(game.setup, game.tick, self._seen(game.tick, row))

    def decide_remote(
        self, setup: RoundSetup, info: Mapping[str, Any], frame: Frame, player_id: int
    ) -> tuple[Value, ...]:
        row = frame.row(player_id)
        if row is None:
            return IDLE
        return self._next(setup, frame.tick, self._seen(frame.tick, [float(v) for v in row]))

    @staticmethod
    def _seen(tick: int, row: list[float]) -> Seen:
        v = dict(zip(FIELDS, row, strict=True))
        for name, scale in SCALES.items():  # as the snapshot carries them
            v[name] = round(v[name] * scale) / scale
        return Seen(
            tick,
            v["flying"] > 0.5,
            round(v["shots"]),
            round(v["hits"]),
            round(v["target"]),
            v["last_x"],
            v["shot_angle"],
            v["shot_speed"],
            round(v["status"]) != 0,
        )

    # -- deciding -------------------------------------------------------------------------
    def _next(self, setup: RoundSetup, tick: int, seen: Seen) -> tuple[Value, ...]:
        if self._setup != setup:
            self._setup = setup
            self._world = world(setup.level, setup.knobs)
            self.next_tick = None
            self.waiting_for = -1
        w = self._world
        assert w is not None
        if seen.done or seen.flying or seen.fired >= w.shots or seen.hits >= len(w.targets):
            return IDLE
        if seen.fired <= self.waiting_for:
            return IDLE  # the shot is on its way to the host
        if self.next_tick is None:
            self.next_tick = tick + self._pace()
        if tick < self.next_tick:
            return IDLE
        self.next_tick = None
        self.waiting_for = seen.fired
        angle, speed = self.aim(w, seen)
        return (FIRE, angle, speed)

    def _pace(self) -> int:
        pace = PACE[self.personality]
        base = pace if pace is not None else self.rng.randint(15, 90)
        return base + self.rng.randint(0, 15)

    def aim(self, w: World, seen: Seen) -> tuple[float, float]:
        """The angle and speed of the next shot at target ``seen.hits``."""
        rng = self.rng
        distance = w.targets[seen.hits]
        chosen = ANGLES[self.personality]
        angle = chosen if chosen is not None else round(rng.uniform(25.0, 65.0), 1)
        retry = seen.fired > 0 and seen.target == seen.hits  # the last shot missed this one
        ph: Physics = w.physics
        if retry and seen.last_x > 0.5:
            angle = seen.shot_angle  # keep the angle, correct the speed
            gain = 1.0
            if self.skill < 0.7:
                gain = rng.uniform(0.55, 1.25) if self.skill < 0.45 else rng.uniform(0.8, 1.1)
            ratio = math.sqrt(distance / seen.last_x)
            speed = seen.shot_speed * (1.0 + gain * (ratio - 1.0))
        elif self.skill >= EXACT_SKILL:
            exact = speed_for(angle, distance, ph, MIN_SPEED, MAX_SPEED)
            speed = exact if exact is not None else MAX_SPEED
        else:
            speed = vacuum_speed(angle, distance, ph.gravity)
        spread = interpolate(SPEED_NOISE, self.skill)
        speed *= 1.0 + rng.gauss(0.0, spread)
        angle += rng.gauss(0.0, ANGLE_NOISE * (1.0 - self.skill))
        angle = min(MAX_ANGLE, max(MIN_ANGLE, angle))
        speed = min(MAX_SPEED, max(MIN_SPEED, speed))
        return round(angle, 2), round(speed, 2)
