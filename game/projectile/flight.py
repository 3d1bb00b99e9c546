"""A shell's flight: launched from the ground at (0, 0) with an angle and a speed, pulled
down by gravity and, where there is air, slowed by quadratic drag against the wind:

    a = (0, -g) - k·|v - w|·(v - w),   w = (wind, 0)

Integrated with classical Runge-Kutta (RK4) at the game's fixed step. Without drag the
acceleration is constant, so RK4 is exact and the range is R = v² sin 2θ / g. The landing
point is found inside the step that crosses y = 0 on the cubic Hermite curve through the
step's two states (exact for the vacuum parabola).

Everything a client needs to redraw a shot is its angle and speed (taken to 0.01° and
0.01 m/s when fired) and the :class:`Physics`: the same code gives the same arc anywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from game.timestep import DT

MAX_FLIGHT_S = 600.0  # a shell is given up after this long (tiny gravity, great speed)
Shell = tuple[float, float, float, float]  # x, y, vx, vy (m, m/s)


@dataclass(frozen=True)
class Physics:
    """The world a shell flies in: ``gravity`` m/s², ``drag`` k in 1/m, ``wind`` m/s
    (positive: blowing towards the targets)."""

    gravity: float
    drag: float = 0.0
    wind: float = 0.0


def launch(angle_deg: float, speed: float) -> Shell:
    """The shell at the muzzle: at the origin with the launch velocity."""
    a = math.radians(angle_deg)
    return (0.0, 0.0, speed * math.cos(a), speed * math.sin(a))


def _accel(vx: float, vy: float, g: float, k: float, wind: float) -> tuple[float, float]:
    if k == 0.0:
        return 0.0, -g
    rx = vx - wind
    s = k * math.sqrt(rx * rx + vy * vy)
    return -s * rx, -g - s * vy


def rk4(shell: Shell, dt: float, ph: Physics) -> Shell:
    """One RK4 step of ``dt`` seconds."""
    x, y, vx, vy = shell
    g, k, w = ph.gravity, ph.drag, ph.wind
    ax1, ay1 = _accel(vx, vy, g, k, w)
    vx2, vy2 = vx + 0.5 * dt * ax1, vy + 0.5 * dt * ay1
    ax2, ay2 = _accel(vx2, vy2, g, k, w)
    vx3, vy3 = vx + 0.5 * dt * ax2, vy + 0.5 * dt * ay2
    ax3, ay3 = _accel(vx3, vy3, g, k, w)
    vx4, vy4 = vx + dt * ax3, vy + dt * ay3
    ax4, ay4 = _accel(vx4, vy4, g, k, w)
    h = dt / 6.0
    return (
        x + h * (vx + 2.0 * vx2 + 2.0 * vx3 + vx4),
        y + h * (vy + 2.0 * vy2 + 2.0 * vy3 + vy4),
        vx + h * (ax1 + 2.0 * ax2 + 2.0 * ax3 + ax4),
        vy + h * (ay1 + 2.0 * ay2 + 2.0 * ay3 + ay4),
    )


def landing(before: Shell, after: Shell, dt: float) -> tuple[float, float]:
    """(x, fraction of the step) where the shell crosses y = 0 between ``before`` (y >= 0)
    and ``after`` (y < 0), on the cubic Hermite curve through both states."""
    x0, y0, vx0, vy0 = before
    x1, y1, vx1, vy1 = after

    def hermite(p0: float, v0: float, p1: float, v1: float, s: float) -> float:
        s2, s3 = s * s, s * s * s
        return (
            (2 * s3 - 3 * s2 + 1) * p0
            + (s3 - 2 * s2 + s) * dt * v0
            + (-2 * s3 + 3 * s2) * p1
            + (s3 - s2) * dt * v1
        )

    lo, hi = 0.0, 1.0
    for _ in range(52):  # bisection to double precision: y(lo) >= 0 > y(hi)
        mid = 0.5 * (lo + hi)
        if hermite(y0, vy0, y1, vy1, mid) >= 0.0:
            lo = mid
        else:
            hi = mid
    s = 0.5 * (lo + hi)
    return hermite(x0, vx0, x1, vx1, s), s


@dataclass(frozen=True)
class Trajectory:
    """A whole shot: the points at every step (m), where it landed and when."""

    points: tuple[tuple[float, float], ...]
    range: float  # m, x where it came down (y = 0)
    time: float  # s in the air
    apex: float  # m, highest point


def fly(angle_deg: float, speed: float, ph: Physics, dt: float = DT) -> Trajectory:
    """The shot flown step by step exactly as the simulation flies it."""
    return _fly(round(angle_deg, 2), round(speed, 2), ph, dt)


@lru_cache(maxsize=4096)
def _fly(angle_deg: float, speed: float, ph: Physics, dt: float) -> Trajectory:
    shell = launch(angle_deg, speed)
    points = [(0.0, 0.0)]
    apex = 0.0
    steps = math.ceil(MAX_FLIGHT_S / dt)
    for i in range(steps):
        nxt = rk4(shell, dt, ph)
        if nxt[1] < 0.0:
            x, s = landing(shell, nxt, dt)
            points.append((x, 0.0))
            return Trajectory(tuple(points), x, (i + s) * dt, apex)
        shell = nxt
        apex = max(apex, shell[1])
        points.append((shell[0], shell[1]))
    return Trajectory(tuple(points), shell[0], steps * dt, apex)


def vacuum_range(angle_deg: float, speed: float, gravity: float) -> float:
    """R = v² sin 2θ / g."""
    return speed * speed * math.sin(math.radians(2.0 * angle_deg)) / gravity


def vacuum_speed(angle_deg: float, distance: float, gravity: float) -> float:
    """The launch speed whose vacuum range at ``angle_deg`` is ``distance``."""
    s = math.sin(math.radians(2.0 * angle_deg))
    return math.sqrt(max(0.0, distance) * gravity / max(s, 1e-9))


def speed_for(
    angle_deg: float, distance: float, ph: Physics, low: float, high: float
) -> float | None:
    """The launch speed within ``low..high`` whose flown range at ``angle_deg`` is
    ``distance`` (bisection on the flown range, which grows with speed), to 0.01 m/s;
    None when even ``high`` falls short."""
    if fly(angle_deg, high, ph).range < distance:
        return None
    lo, hi = low, high
    for _ in range(40):
        if hi - lo < 0.002:
            break
        mid = 0.5 * (lo + hi)
        if fly(angle_deg, mid, ph).range < distance:
            lo = mid
        else:
            hi = mid
    best = min(
        (round(lo, 2), round(hi, 2)), key=lambda v: abs(fly(angle_deg, v, ph).range - distance)
    )
    return best


@lru_cache(maxsize=256)
def max_range(ph: Physics, speed: float) -> tuple[float, float]:
    """(longest range in m, at which angle in degrees) at launch speed ``speed``: v²/g at
    45° without drag; with drag, searched over the angle (golden section)."""
    if ph.drag == 0.0 and ph.wind == 0.0:
        return speed * speed / ph.gravity, 45.0
    lo, hi = 5.0, 85.0
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    a = hi - ratio * (hi - lo)
    b = lo + ratio * (hi - lo)
    fa, fb = _fly(a, speed, ph, DT).range, _fly(b, speed, ph, DT).range
    for _ in range(40):
        if hi - lo < 0.01:
            break
        if fa < fb:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = _fly(b, speed, ph, DT).range
        else:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = _fly(a, speed, ph, DT).range
    angle = round(0.5 * (lo + hi), 2)
    return _fly(angle, speed, ph, DT).range, angle
