"""The science check: the pressure measured from the wall impulses of the simulated
particles against the ideal gas law in 2D, P A = N k T (P in N per metre of wall, A the
cylinder's area in m²). The pressure is taken as the gauge takes it: each pair of walls'
impulse over its length and the time (the end and the piston; the two sides), the two
pairs' pressures averaged.

Tolerance: the wall pressure averaged over 20 s is within 1 % of N k T / A at every
temperature and volume tried (measured: -0.3 % to +0.1 %; the statistical scatter of
~50 000 wall hits is about 0.5 %); at a fixed volume it is proportional to T (P / T
constant within 2 %), at a fixed temperature inversely proportional to A (P A constant
within 2 %), and proportional to N (within 2 %).
"""

from __future__ import annotations

import numpy as np
import pytest

from game.gas.model import BORE, LENGTH_MAX, LENGTH_MIN, T_MAX, T_MIN, K, ideal_pressure
from game.gas.sim import GasSim, wall_pressure

from .conftest import hold, new_sim

TOLERANCE = 0.01
AVERAGE_S = 20.0


def settle(sim: GasSim, pid: int, temperature: float, length: float) -> None:
    """Drive the heater and the piston until T and the piston are where asked (within one
    step of the controls), then let go."""
    for _ in range(60 * 30):
        t = float(sim.temperature[sim.player(pid).index])
        x = float(sim.length[sim.player(pid).index])
        dt = (temperature - t) / (sim.plan.heater_power / 60.0)
        dx = (length - x) / (sim.plan.piston_speed / 60.0)
        if abs(dt) < 1e-9 and abs(dx) < 1e-9:
            return
        sim.step({pid: (max(-1.0, min(1.0, dt)), max(-1.0, min(1.0, dx)))})
    raise AssertionError("the controls did not reach the state")


def measured(temperature: float, length: float, particles: int = 96) -> tuple[float, float]:
    """(wall pressure over AVERAGE_S, N k T / A) for a gas held at T and the piston."""
    sim = new_sim(seconds=300.0, particles=particles)
    sim.add_player(1, 0)
    settle(sim, 1, temperature, length)
    hold(sim, {}, 1.0)  # let the gas settle
    i = sim.player(1).index
    j0, w0 = sim.impulse[i].copy(), sim.wall_time[i].copy()
    hold(sim, {}, AVERAGE_S)
    p = wall_pressure(sim.impulse[i] - j0, sim.wall_time[i] - w0)
    assert float(sim.temperature[i]) == pytest.approx(temperature)
    assert float(sim.length[i]) == pytest.approx(length)
    return p, ideal_pressure(particles, temperature, length)


@pytest.mark.parametrize(
    ("temperature", "length"),
    [(T_MIN, LENGTH_MAX), (300.0, 0.20), (450.0, 0.10), (T_MAX, LENGTH_MIN), (200.0, 0.15)],
)
def test_wall_pressure_is_n_k_t_over_a(temperature: float, length: float) -> None:
    p, ideal = measured(temperature, length)
    assert abs(p - ideal) / ideal < TOLERANCE, (p, ideal)
    assert ideal == pytest.approx(96 * K * temperature / (BORE * length))


def test_pressure_is_proportional_to_temperature_at_fixed_volume() -> None:
    temperatures = (150.0, 300.0, 600.0)
    pressures = [measured(t, 0.15)[0] for t in temperatures]
    ratios = np.array(pressures) / np.array(temperatures)
    assert ratios.max() / ratios.min() < 1.02, ratios
    assert pressures[2] / pressures[0] == pytest.approx(4.0, rel=0.02)


def test_pressure_is_inversely_proportional_to_volume_at_fixed_temperature() -> None:
    lengths = (0.06, 0.12, 0.24)
    pressures = [measured(300.0, x)[0] for x in lengths]
    pa = np.array(pressures) * BORE * np.array(lengths)
    assert pa.max() / pa.min() < 1.02, pa
    assert pa.mean() == pytest.approx(96 * K * 300.0, rel=TOLERANCE)


def test_pressure_is_proportional_to_the_number_of_particles() -> None:
    few, _ = measured(300.0, 0.2, particles=32)
    many, _ = measured(300.0, 0.2, particles=128)
    assert many / few == pytest.approx(4.0, rel=0.02)


def test_the_gauge_reads_the_wall_pressure_on_average() -> None:
    sim = new_sim(seconds=120.0)
    sim.add_player(1, 0)
    hold(sim, {}, 1.0)
    readings = []
    for _ in range(60 * 20):
        sim.step({})
        readings.append(float(sim.gauge[0]))
    ideal = sim.ideal(1)
    assert np.mean(readings) == pytest.approx(ideal, rel=TOLERANCE)
    assert np.std(readings) / ideal < 0.02  # the jitter the band must allow for (0.8 %)


def test_the_kinetic_energy_is_n_k_t() -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    hold(sim, {1: (1.0, 0.0)}, 2.0)
    from game.gas.model import MASS

    ke = 0.5 * MASS * float(np.sum(sim.vel[0] ** 2))
    assert ke == pytest.approx(96 * K * float(sim.temperature[0]), rel=1e-9)
