"""The physics against the textbook: without air the range is R = v² sin 2θ / g (and
longest at 45°), the flight time 2 v sin θ / g and the apex v² sin² θ / 2g; with air the
sim's range agrees with a reference integration written here (RK4 at a step 100 times
finer, the landing interpolated linearly), and drag makes the best angle less than 45°."""

from __future__ import annotations

import math

import pytest

from game.projectile.flight import Physics, fly, max_range

from .conftest import new_sim, shoot

VACUUM_TOLERANCE_M = 1e-6  # RK4 is exact for a constant acceleration
DRAG_TOLERANCE = 1e-6  # relative, against the fine reference integration (seen: 3e-10)


def reference_range(angle: float, speed: float, g: float, k: float, wind: float) -> float:
    """RK4 with dt = 1/6000 s, written out again independently of the game's code."""
    dt = 1.0 / 6000.0
    a = math.radians(angle)
    x, y, vx, vy = 0.0, 0.0, speed * math.cos(a), speed * math.sin(a)

    def acc(vx: float, vy: float) -> tuple[float, float]:
        rx = vx - wind
        s = math.hypot(rx, vy)
        return -k * s * rx, -g - k * s * vy

    for _ in range(10_000_000):
        k1 = (vx, vy, *acc(vx, vy))
        k2v = (vx + dt / 2 * k1[2], vy + dt / 2 * k1[3])
        k2 = (*k2v, *acc(*k2v))
        k3v = (vx + dt / 2 * k2[2], vy + dt / 2 * k2[3])
        k3 = (*k3v, *acc(*k3v))
        k4v = (vx + dt * k3[2], vy + dt * k3[3])
        k4 = (*k4v, *acc(*k4v))
        nx = x + dt / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
        ny = y + dt / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
        vx += dt / 6 * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2])
        vy += dt / 6 * (k1[3] + 2 * k2[3] + 2 * k3[3] + k4[3])
        if ny < 0.0:
            return x + (nx - x) * y / (y - ny)
        x, y = nx, ny
    raise AssertionError("the reference shell never landed")


@pytest.mark.parametrize(
    ("angle", "speed", "g"),
    [
        (15.0, 20.0, 9.81),
        (30.0, 25.0, 9.81),
        (45.0, 34.31, 9.81),
        (60.0, 25.0, 9.81),
        (75.0, 40.0, 9.81),
        (45.0, 18.0, 3.71),
        (20.0, 12.5, 1.62),
    ],
)
def test_vacuum_range_time_and_apex_are_the_textbooks(angle: float, speed: float, g: float) -> None:
    level = "earth" if g == 9.81 else "mars"
    sim = new_sim(level, seconds=300.0, gravity=g)
    sim.add_player(1, 0)
    shot = shoot(sim, 1, angle, speed)
    a = math.radians(angle)
    assert shot.landed_x == pytest.approx(speed**2 * math.sin(2 * a) / g, abs=VACUUM_TOLERANCE_M)
    assert shot.time == pytest.approx(2 * speed * math.sin(a) / g, abs=1e-9)
    apex = fly(angle, speed, Physics(g)).apex
    top = (speed * math.sin(a)) ** 2 / (2 * g)
    assert top - 0.02 * top <= apex <= top  # sampled every 1/60 s: at most 2 % under


def test_complementary_angles_land_together_and_45_is_farthest() -> None:
    ph = Physics(9.81)
    ranges = {a: fly(a, 30.0, ph).range for a in range(5, 90, 5)}
    assert max(ranges, key=lambda a: ranges[a]) == 45
    for a in range(5, 45, 5):
        assert ranges[a] == pytest.approx(ranges[90 - a], abs=1e-6)
    reach, angle = max_range(ph, 60.0)
    assert reach == pytest.approx(60.0**2 / 9.81) and angle == 45.0


@pytest.mark.parametrize(
    ("angle", "speed", "k", "wind"),
    [
        (45.0, 30.0, 0.002, 0.0),
        (30.0, 45.0, 0.002, 0.0),
        (60.0, 25.0, 0.005, 0.0),
        (40.0, 50.0, 0.01, 0.0),
        (35.0, 40.0, 0.002, -5.0),
        (50.0, 30.0, 0.004, 8.0),
    ],
)
def test_drag_range_against_a_fine_reference_integration(
    angle: float, speed: float, k: float, wind: float
) -> None:
    sim = new_sim("earth_air", drag=k, wind=wind)
    sim.add_player(1, 0)
    shot = shoot(sim, 1, angle, speed)
    reference = reference_range(angle, speed, 9.81, k, wind)
    assert shot.landed_x == pytest.approx(reference, rel=DRAG_TOLERANCE)
    assert shot.landed_x < speed**2 * math.sin(math.radians(2 * angle)) / 9.81 or wind > 0


def test_drag_lowers_the_best_angle_and_the_reach() -> None:
    reach, angle = max_range(Physics(9.81, 0.002), 60.0)
    assert angle < 45.0 and reach < 60.0**2 / 9.81
    best = max(range(36, 46), key=lambda a: reference_range(a, 60.0, 9.81, 0.002, 0.0))
    assert abs(best - angle) <= 1.0
    assert reach == pytest.approx(reference_range(angle, 60.0, 9.81, 0.002, 0.0), rel=1e-3)
