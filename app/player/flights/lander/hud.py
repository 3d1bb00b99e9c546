"""The flight HUD: each reading with its level against the world's safe landing limits.

Levels are said in words as well as colour (OK / CAREFUL / TOO FAST...), so a student who
cannot tell the colours apart reads the same warning.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from app.player import palette
from app.player.i18n import game_number, tr
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
    arrow = tr("down") if state.vy < -0.05 else (tr("up") if state.vy > 0.05 else "")
    side_arrow = tr("right") if state.vx > 0.05 else (tr("left") if state.vx < -0.05 else "")
    return [
        Reading(
            "altitude",
            tr("Altitude"),
            game_number(altitude, "6.1f") + " m",
            a_level,
            _word(a_level, tr("LOW")),
        ),
        Reading(
            "vertical",
            tr("Vertical speed"),
            f"{game_number(abs(state.vy), '5.1f')} m/s {arrow}",
            v_level,
            _word(v_level, tr("TOO FAST")),
        ),
        Reading(
            "horizontal",
            tr("Sideways speed"),
            f"{game_number(side, '5.1f')} m/s {side_arrow}",
            h_level,
            _word(h_level, tr("TOO FAST")),
        ),
        Reading(
            "tilt",
            tr("Tilt"),
            game_number(tilt, "5.0f") + "°",
            t_level,
            _word(t_level, tr("TOO TILTED")),
        ),
    ]


def _word(level: Level, danger: str) -> str:
    return {Level.OK: tr("OK"), Level.CAUTION: tr("CAREFUL"), Level.DANGER: danger}[level]


def limits_line(limits: LandingLimits) -> str:
    return tr("Safe landing: down ≤ {0} m/s, sideways ≤ {1} m/s, tilt ≤ {2}°").format(
        game_number(limits.max_vertical_speed),
        game_number(limits.max_horizontal_speed),
        game_number(limits.max_tilt_deg),
    )
