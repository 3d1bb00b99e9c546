"""The flight HUD: each reading with its level against the world's safe landing limits.

Levels are said in words as well as colour (OK / CAREFUL / TOO FAST...), so a student who
cannot tell the colours apart reads the same warning.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from app.player import palette
from app.player.palette import RGB
from game.lander import LanderState, LandingLimits

CAUTION_RATIO = 0.75  # of the limit: from here on a reading is "careful"
LOW_ALTITUDE = 30.0  # m: below this, the descent rate decides the altitude's level


class Level(enum.Enum):
    OK = "ok"
    CAUTION = "caution"
    DANGER = "danger"

    @property
    def colour(self) -> RGB:
        return {Level.OK: palette.OK, Level.CAUTION: palette.CAUTION, Level.DANGER: palette.DANGER}[
            self
        ]


def level_for(value: float, limit: float) -> Level:
    """OK up to 75 % of ``limit``, CAUTION up to the limit, DANGER beyond."""
    if limit <= 0:
        return Level.DANGER if value > 0 else Level.OK
    if value > limit:
        return Level.DANGER
    if value > CAUTION_RATIO * limit:
        return Level.CAUTION
    return Level.OK


@dataclass(frozen=True)
class Reading:
    key: str
    label: str
    value: str
    level: Level
    word: str  # the level in words


def tilt_degrees(angle: float) -> float:
    return abs(math.degrees(math.remainder(angle, math.tau)))


def readings(state: LanderState, altitude: float, limits: LandingLimits) -> list[Reading]:
    """Altitude, vertical speed, horizontal speed and tilt, each judged against ``limits``."""
    down = -state.vy
    side = abs(state.vx)
    tilt = tilt_degrees(state.angle)
    v_level = level_for(max(0.0, down), limits.max_vertical_speed)
    h_level = level_for(side, limits.max_horizontal_speed)
    t_level = level_for(tilt, limits.max_tilt_deg)
    if altitude < LOW_ALTITUDE and v_level is Level.DANGER:
        a_level = Level.DANGER if altitude < LOW_ALTITUDE / 3 else Level.CAUTION
    else:
        a_level = Level.OK
    arrow = "down" if state.vy < -0.05 else ("up" if state.vy > 0.05 else "")
    side_arrow = "right" if state.vx > 0.05 else ("left" if state.vx < -0.05 else "")
    return [
        Reading("altitude", "Altitude", f"{altitude:6.1f} m", a_level, _word(a_level, "LOW")),
        Reading(
            "vertical",
            "Vertical speed",
            f"{abs(state.vy):5.1f} m/s {arrow}",
            v_level,
            _word(v_level, "TOO FAST"),
        ),
        Reading(
            "horizontal",
            "Sideways speed",
            f"{side:5.1f} m/s {side_arrow}",
            h_level,
            _word(h_level, "TOO FAST"),
        ),
        Reading("tilt", "Tilt", f"{tilt:5.0f}°", t_level, _word(t_level, "TOO TILTED")),
    ]


def _word(level: Level, danger: str) -> str:
    return {Level.OK: "OK", Level.CAUTION: "CAREFUL", Level.DANGER: danger}[level]


def limits_line(limits: LandingLimits) -> str:
    return (
        f"Safe landing: down ≤ {limits.max_vertical_speed:g} m/s, "
        f"sideways ≤ {limits.max_horizontal_speed:g} m/s, tilt ≤ {limits.max_tilt_deg:g}°"
    )
