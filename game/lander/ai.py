"""AI pilots that fly through the same three controls a student has.

The pilot is a small state machine (Orbiting -> SelectingTarget -> Descending -> Aborting /
Landed / Crashed) around a guidance law: a horizontal speed set-point towards the target,
a descent-speed profile ``v(h) = min(v_max, sqrt(2 a h)) + v_touch`` over the pad, a thrust
vector from the two, and an attitude loop to point the engine along it.

It is imperfect the way a person is, and less so with skill: per flight it misjudges its
height above the pad and where the pad's centre is, it reacts late (it steers by how its
lander moved a moment ago; at low skill late enough to over-correct, wobble and abort),
and every decision carries noise on thrust and rotation. All randomness comes from a
``numpy`` Generator seeded with ``seed``.
It is calibrated (``bench/ai_table.py``) for 30 decisions a second, each held two ticks,
one tick late: how a bot flies over the network.
"""

from __future__ import annotations

import enum
import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from game.errors import InvalidConfigError
from game.lander.body import LanderArrays, LanderState, LanderStatus
from game.lander.config import RoundConfig
from game.lander.terrain import Pad, Terrain
from game.lander.traffic import Traffic
from game.timestep import DT

AI_STREAM = 0xA1


class Skill(float, enum.Enum):
    EASY = 0.3
    MEDIUM = 0.6
    HARD = 0.85
    INSANE = 0.98


class Personality(enum.StrEnum):
    CAUTIOUS = "cautious"  # fuel-thrifty, near and wide pads, soft touchdowns
    AGGRESSIVE = "aggressive"  # fast descents, far high-multiplier pads
    BALANCED = "balanced"
    CHAOTIC = "chaotic"  # a different style every flight


class AIState(enum.StrEnum):
    ORBITING = "orbiting"
    SELECTING_TARGET = "selecting_target"
    DESCENDING = "descending"
    ABORTING = "aborting"
    LANDED = "landed"
    CRASHED = "crashed"


@dataclass(frozen=True)
class Style:
    """How a personality flies (the skill-free part)."""

    brake_fraction: float  # share of the spare thrust the descent profile plans to use
    max_descent: float  # m/s
    touch_speed: float  # m/s aimed for at touchdown
    max_cruise: float  # m/s sideways
    max_tilt_deg: float
    multiplier_weight: float  # how much pad multipliers outweigh distance
    hold_margin: float  # m kept above obstacles until over the pad


STYLES: dict[Personality, Style] = {
    Personality.CAUTIOUS: Style(0.7, 9.0, 0.5, 14.0, 35.0, 0.0, 10.0),
    Personality.BALANCED: Style(0.6, 10.0, 0.8, 18.0, 45.0, 0.6, 12.0),
    Personality.AGGRESSIVE: Style(0.55, 14.0, 1.1, 22.0, 50.0, 1.6, 14.0),
}

# Imperfection scales, multiplied by (1 - skill).
HEIGHT_ERROR = 4.0  # m standard deviation of the misjudged height above the pad
AIM_ERROR = 1.3  # pad half-widths of misjudged pad centre
THRUST_NOISE = 0.25
ROTATION_NOISE = 0.6
HESITATION_S = 4.0  # longest wait in orbit, at skill 0
REACTION_S = 0.4  # s the pilot acts on a stale view of its lander, at skill 0
OBSTACLE_MARGIN = 4.0  # m the feet keep above the rocks on the way
FINAL_TILT_DEG = 20.0  # tilt allowed over the pad
LOW_TILT_DEG = 5.0  # tilt allowed in the last 8 m
FLARE_RATE = 0.45  # 1/s: low down, the descent speed shrinks in proportion to height
APPROACH_GAIN = 0.5  # 1/s: sideways speed per metre still to go, near the aim
LOW_CRUISE = 0.4  # m/s sideways allowed low over the pad
BRAKE_TILT_DEG = 12.0  # tilt allowed low over the pad to kill sideways speed
HOVER_HEIGHT = 6.0  # m over the pad to climb back to while still drifting sideways
ABORT_MARGIN = (1.5, 3.0)  # m/s too fast low over the pad before aborting: base + x skill

# Traffic (used when the pilot is given the other landers); "x skill" = scaled by skill.
CLAIM_LEAD_S = 3.0  # s: another lander heads for the pad nearest where it will be by then
CLAIM_PENALTY = 4.0  # x skill: a pad's value is divided by 1 + this per claim on it
RESELECT_EVERY_S = 1.0  # s between second thoughts about the pad while on the way
RESELECT_GAIN = 1.3  # another pad must look this much better to switch to it
SEP_VERTICAL = (5.0, 7.0)  # m kept above a lander below: base + x skill
SEP_HORIZONTAL = (5.0, 4.0)  # m between centres that counts as "in the way": base + x skill
LOOKAHEAD_S = (0.5, 2.5)  # s ahead a conflict is foreseen: base + x skill
SIDESTEP_SPEED = 2.5  # m/s away from a lander right beside


class AIPilot:
    """One computer pilot; call :meth:`decide` with what it sees, get its controls."""

    def __init__(self, skill: float, personality: Personality, seed: int) -> None:
        skill = float(skill)
        if not math.isfinite(skill) or not 0.0 <= skill <= 1.0:
            raise InvalidConfigError(f"AI skill must be within 0..1, got {skill!r}")
        self.skill = skill
        self.personality = Personality(personality)
        self.state = AIState.ORBITING
        self.target_pad: int | None = None
        self._seed = int(seed) % 2**64
        self._rng = np.random.default_rng([AI_STREAM, self._seed])
        self._tick = 0
        flaw = 1.0 - skill
        if self.personality is Personality.CHAOTIC:
            a, b = STYLES[Personality.CAUTIOUS], STYLES[Personality.AGGRESSIVE]
            u = float(self._rng.uniform())
            self.style = Style(
                *(x + (y - x) * u for x, y in zip(_fields(a), _fields(b), strict=True))
            )
            flaw = min(1.0, flaw * 1.15)
        else:
            self.style = STYLES[self.personality]
        self._flaw = flaw
        self._height_error = float(self._rng.normal(0.0, HEIGHT_ERROR * flaw))
        self._aim_error = float(self._rng.normal(0.0, AIM_ERROR * flaw))
        self._wait_ticks = round(float(self._rng.uniform(0.2, 1.0)) * HESITATION_S * flaw / DT)
        self._lag_ticks = round(REACTION_S * flaw / DT)
        self._seen: deque[tuple[int, LanderState]] = deque(maxlen=self._lag_ticks + 2)
        self._start_tick: int | None = None
        self._final = False
        self._chosen_tick = 0

    def decide(
        self,
        me: LanderState,
        terrain: Terrain,
        config: RoundConfig,
        tick: int,
        *,
        others: LanderArrays | None = None,
    ) -> tuple[float, float, bool]:
        """(thrust 0..1, rotation -1..1, abort) for the lander state ``me`` at ``tick``.

        ``others`` is every lander as the pilot sees them in its snapshot (its own row may
        be among them; it is recognised by its position). With it, the pilot avoids pads a
        nearer lander is heading for and keeps clear of landers below and beside it, the
        better the higher its skill; without it, it flies as if alone.
        """
        if me.status is not LanderStatus.FLYING:
            self.state = AIState.LANDED if me.status is LanderStatus.LANDED else AIState.CRASHED
            return 0.0, 0.0, False
        if self._start_tick is None:
            self._start_tick = tick
        self._tick = tick
        traffic = None if others is None else Traffic.around(me, others)
        me = self._perceive(me, tick)
        if self.state is AIState.ORBITING:
            if tick - self._start_tick >= self._wait_ticks:
                self.state = AIState.SELECTING_TARGET
            else:
                return self._steer(me, config, 0.0, -1.0, self.style.max_tilt_deg)
        if self.state is AIState.SELECTING_TARGET or self.target_pad is None:
            self.target_pad = self._choose_pad(me, terrain, traffic).id
            self._chosen_tick = tick
            self.state = AIState.DESCENDING
        elif (
            traffic is not None
            and self.state is AIState.DESCENDING
            and not self._final
            and tick - self._chosen_tick >= round(RESELECT_EVERY_S / DT)
        ):
            self._chosen_tick = tick
            self._reconsider(me, terrain, traffic)
        pad = terrain.pads[self.target_pad]
        if self.state is AIState.ABORTING:
            if me.vy > 1.0:
                self.state = AIState.DESCENDING
                self._final = False
            else:
                return 1.0, 0.0, True
        return self._descend(me, terrain, config, pad, traffic)

    def _perceive(self, me: LanderState, tick: int) -> LanderState:
        """The lander as the pilot has taken it in: ``REACTION_S x (1 - skill)`` late."""
        self._seen.append((tick, me))
        while len(self._seen) > 1 and self._seen[1][0] <= tick - self._lag_ticks:
            self._seen.popleft()
        return self._seen[0][1]

    # ------------------------------------------------------------------ targets

    def _pad_values(
        self, me: LanderState, terrain: Terrain, traffic: Traffic | None
    ) -> list[float]:
        """How much the pilot wants each pad: multiplier against distance and traffic."""
        claims = (
            [0] * len(terrain.pads)
            if traffic is None
            else traffic.claims(me, terrain.pads, CLAIM_LEAD_S)
        )
        values: list[float] = []
        for pad, claimed in zip(terrain.pads, claims, strict=True):
            weight: float = pad.multiplier**self.style.multiplier_weight
            value = weight / (1.0 + abs(pad.centre - me.x) / 80.0)
            values.append(value / (1.0 + CLAIM_PENALTY * self.skill * claimed))
        return values

    def _choose_pad(self, me: LanderState, terrain: Terrain, traffic: Traffic | None) -> Pad:
        if self.personality is Personality.CHAOTIC and self._rng.uniform() < 0.3:
            return terrain.pads[int(self._rng.integers(len(terrain.pads)))]
        values = self._pad_values(me, terrain, traffic)
        best = max(range(len(values)), key=lambda i: (values[i], -terrain.pads[i].id))
        return terrain.pads[best]

    def _reconsider(self, me: LanderState, terrain: Terrain, traffic: Traffic) -> None:
        """Switch pads when a nearer lander turned out to be heading for mine."""
        if self.target_pad is None:
            return
        values = self._pad_values(me, terrain, traffic)
        best = max(range(len(values)), key=lambda i: (values[i], -terrain.pads[i].id))
        if best != self.target_pad and values[best] > RESELECT_GAIN * values[self.target_pad]:
            self.target_pad = terrain.pads[best].id

    # ------------------------------------------------------------------ guidance

    def _descend(
        self,
        me: LanderState,
        terrain: Terrain,
        config: RoundConfig,
        pad: Pad,
        traffic: Traffic | None,
    ) -> tuple[float, float, bool]:
        spec = config.world.lander
        half = pad.width / 2
        aim = pad.centre + self._aim_error * half
        dx = aim - me.x
        if self._final and abs(dx) > half + 1.0:
            self._final = False
        elif not self._final and abs(dx) < 0.5 * half and abs(me.vx) < 1.5:
            self._final = True
        offset = self._height_error - spec.foot_depth - pad.y  # perceived height - y
        height = me.y + offset
        floor = -math.inf  # the perceived height the pilot must climb back above
        if not self._final:
            lo, hi = sorted((me.x, aim))
            path = terrain.height_at(np.linspace(lo - 10.0, hi + 10.0, 24))
            floor = float(path.max()) - pad.y + OBSTACLE_MARGIN
            goal = max(floor, 0.0) + self.style.hold_margin
        else:
            goal = 0.0
        side = 0.0
        if traffic is not None and len(traffic):
            hsep = SEP_HORIZONTAL[0] + SEP_HORIZONTAL[1] * self.skill
            vsep = SEP_VERTICAL[0] + SEP_VERTICAL[1] * self.skill
            look = LOOKAHEAD_S[0] + LOOKAHEAD_S[1] * self.skill
            above = traffic.floor_below(me, hsep, vsep, look)
            if above is not None:
                floor = max(floor, above + offset)
                goal = max(goal, floor)
            side = traffic.sidestep(me, hsep, vsep, SIDESTEP_SPEED)
        p = config.params
        accel_max = p.max_thrust / (p.dry_mass + me.fuel)
        spare = max(0.2, accel_max - p.gravity)
        brake = self.style.brake_fraction * spare
        dh = height - goal
        misaligned = max(abs(dx) / (0.5 * half), abs(me.vx) / 0.8)
        if dh >= 0:
            # brake on sqrt(2 a h); the last metres shrink linearly to the touchdown speed
            vy_want = -min(self.style.max_descent, math.sqrt(2 * brake * dh), FLARE_RATE * dh)
            if self._final:
                vy_want -= self.style.touch_speed
            if self._final and misaligned > 1.0:
                # wait over the pad until lined up; low down, climb back to hover height
                vy_want = max(vy_want, -0.5, min(1.5, 0.5 * (HOVER_HEIGHT - height)))
        elif height < floor:
            vy_want = min(4.0, 0.8 * (floor - height))  # climb over the rocks or a lander
        elif self._final:
            vy_want = -self.style.touch_speed  # thinks it is down already: keep settling
        else:
            vy_want = 0.0
        nerve = ABORT_MARGIN[0] + ABORT_MARGIN[1] * self.skill
        if self._final and height < 12.0 and me.vy < vy_want - nerve:
            self.state = AIState.ABORTING
            return 1.0, 0.0, True
        if not self._final:
            tilt = self.style.max_tilt_deg
        elif height > 8.0:
            tilt = FINAL_TILT_DEG
        elif misaligned > 1.0 and height > 2.0:
            tilt = BRAKE_TILT_DEG
        else:
            tilt = LOW_TILT_DEG
        return self._steer(me, config, dx, vy_want, tilt, side)

    def _steer(
        self,
        me: LanderState,
        config: RoundConfig,
        dx: float,
        vy_want: float,
        tilt_deg: float,
        side: float = 0.0,
    ) -> tuple[float, float, bool]:
        spec = config.world.lander
        p = config.params
        mass = p.dry_mass + me.fuel
        accel_max = p.max_thrust / mass
        cruise = LOW_CRUISE if tilt_deg <= BRAKE_TILT_DEG else self.style.max_cruise
        tilt_max = math.radians(tilt_deg)
        # brake sideways with what the tilt gives while holding height: g tan(tilt)
        side_brake = 0.8 * p.gravity * math.tan(tilt_max)
        speed = min(cruise, math.sqrt(2 * side_brake * abs(dx)), APPROACH_GAIN * abs(dx))
        vx_want = math.copysign(speed, dx) + side
        ax = 1.0 * (vx_want - me.vx)
        ay = 2.0 * (vy_want - me.vy) + p.gravity
        want_angle = max(-tilt_max, min(tilt_max, math.atan2(-ax, max(ay, p.gravity))))
        axis = (-math.sin(me.angle), math.cos(me.angle))
        thrust = (ax * axis[0] + ay * axis[1]) / accel_max
        turn = 3.0 * (want_angle - me.angle) - 0.3 * me.angular_velocity
        rotation = -turn / spec.max_turn_rate
        # noise keyed by the tick, so a skipped or repeated decision does not shift it
        noise = np.random.default_rng([AI_STREAM, self._seed, self._tick]).normal(size=2)
        thrust += float(noise[0]) * THRUST_NOISE * self._flaw
        rotation += float(noise[1]) * ROTATION_NOISE * self._flaw
        return _clip(thrust, 0.0, 1.0), _clip(rotation, -1.0, 1.0), False


def _clip(value: float, low: float, high: float) -> float:
    return low if value < low else high if value > high else value


def _fields(style: Style) -> tuple[float, ...]:
    return (
        style.brake_fraction,
        style.max_descent,
        style.touch_speed,
        style.max_cruise,
        style.max_tilt_deg,
        style.multiplier_weight,
        style.hold_margin,
    )
