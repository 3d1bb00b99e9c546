"""The simulation against the textbook Lotka–Volterra solution.

* Equilibrium: started at x* = γ/δ, y* = α/β with no controls, the populations stay there
  (tolerance: 1e-9 of each, over a whole 60 s round = 240 weeks). With constant controls,
  at (γ(1 + hunting)/δ, α(0.5 + food)/β) likewise.
* Period: started 1 % off the equilibrium, the time between upward crossings of x* by the
  rabbits (interpolated linearly between steps) is 2π/√(αγ) (tolerance: 0.5 %; the
  amplitude's own correction at 1 % is about 1e-4, the crossing interpolation far less).
* Conserved quantity: with no controls, V = δx − γ ln x + βy − α ln y is constant along
  the orbit (tolerance: drift below 1e-7 of V's swing from the equilibrium, V − V*,
  over a round; RK4's error at h = 1/15 week is far below it).
* The controller the AI uses makes V relative to its aim a Lyapunov function: it never
  rises (tolerance 1e-9 per step) and the populations settle at the aim.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.ecology.ai import controller
from game.ecology.model import Rates, rk4

from .conftest import new_sim, place, run

EQUILIBRIUM_TOL = 1e-9
PERIOD_TOL = 0.005
V_DRIFT_TOL = 1e-7
RATES = [
    {},  # the meadow's own: α = γ = 0.1 /wk, β = 0.2 /100 foxes/wk, δ = 0.2 /1000 rabbits/wk
    {"alpha": 0.2, "gamma": 0.08, "beta": 0.4, "delta": 0.1},
    {"alpha": 0.05, "gamma": 0.3, "beta": 0.1, "delta": 0.5, "speed": 8.0},
]


def upward_crossings(t: np.ndarray, v: np.ndarray) -> np.ndarray:
    """The times ``v`` crosses 0 going up, interpolated between samples."""
    i = np.flatnonzero((v[:-1] < 0.0) & (v[1:] >= 0.0))
    return np.asarray(t[i] + (t[i + 1] - t[i]) * (-v[i]) / (v[i + 1] - v[i]))


@pytest.mark.parametrize("knobs", RATES)
def test_started_at_the_equilibrium_it_stays(knobs: dict[str, float]) -> None:
    sim = new_sim(knobs=knobs)
    sim.add_player(1, 0)
    x_star, y_star = sim.habitat.rates.equilibrium
    place(sim, 1, x_star, y_star)
    path = np.array(run(sim, 1, sim.limit_ticks - 1))
    assert np.max(np.abs(path[:, 0] / x_star - 1.0)) < EQUILIBRIUM_TOL
    assert np.max(np.abs(path[:, 1] / y_star - 1.0)) < EQUILIBRIUM_TOL


@pytest.mark.parametrize(("hunting", "food"), [(0.3, 0.5), (0.8, 0.2), (0.0, 1.0)])
def test_with_constant_controls_the_equilibrium_moves_as_the_formula_says(
    hunting: float, food: float
) -> None:
    sim = new_sim()
    sim.add_player(1, 0)
    r = sim.habitat.rates
    x_eq = r.gamma * (1.0 + hunting) / r.delta
    y_eq = r.alpha * (0.5 + food) / r.beta
    assert r.equilibrium_with(food, hunting) == pytest.approx((x_eq, y_eq))
    place(sim, 1, x_eq, y_eq)
    path = np.array(run(sim, 1, 1800, (hunting, food)))
    assert np.max(np.abs(path[:, 0] / x_eq - 1.0)) < EQUILIBRIUM_TOL
    assert np.max(np.abs(path[:, 1] / y_eq - 1.0)) < EQUILIBRIUM_TOL


@pytest.mark.parametrize("knobs", RATES)
def test_small_oscillations_last_two_pi_over_root_alpha_gamma(knobs: dict[str, float]) -> None:
    sim = new_sim(seconds=600.0, knobs=knobs)
    sim.add_player(1, 0)
    r = sim.habitat.rates
    x_star, y_star = r.equilibrium
    place(sim, 1, 1.01 * x_star, y_star)
    expected = 2.0 * math.pi / math.sqrt(r.alpha * r.gamma)  # weeks
    ticks = math.ceil(4.5 * expected / sim.h_weeks)
    path = np.array(run(sim, 1, ticks))
    weeks = sim.h_weeks * np.arange(1, ticks + 1)
    ups = upward_crossings(weeks, path[:, 0] - x_star)
    assert len(ups) >= 4
    measured = float(np.mean(np.diff(ups)))
    assert abs(measured / expected - 1.0) < PERIOD_TOL, (measured, expected)
    assert r.period == pytest.approx(expected)


@pytest.mark.parametrize("knobs", RATES)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_with_no_controls_v_is_conserved(knobs: dict[str, float], seed: int) -> None:
    sim = new_sim(seed=seed, knobs=knobs)
    sim.add_player(1, 0)
    r = sim.habitat.rates
    path = np.array(run(sim, 1, sim.limit_ticks - 1))
    h = sim.habitat
    v0 = float(r.conserved(h.start_rabbits, h.start_foxes))
    v_star = float(r.conserved(*r.equilibrium))
    v = r.conserved(path[:, 0], path[:, 1])
    drift = float(np.max(np.abs(v - v0)))
    assert v0 - v_star > 0.0  # an orbit, not the equilibrium
    assert drift < V_DRIFT_TOL * (v0 - v_star), (drift, v0 - v_star)
    # and it does move: the rabbits swing by more than the band
    assert np.ptp(path[:, 0]) > 0.3 * h.target_rabbits


def test_rk4_is_fourth_order() -> None:
    """Halving the step cuts the error of one orbit segment about 16 times."""
    r = Rates(0.1, 0.002, 0.1, 0.0002)
    a, c = np.array([r.alpha]), np.array([r.gamma])

    def end(h: float, weeks: float = 20.0) -> float:
        x, y = np.array([400.0]), np.array([80.0])
        for _ in range(round(weeks / h)):
            x, y = rk4(x, y, a, c, r.beta, r.delta, h)
        return float(x[0])

    exact = end(0.01)
    e1, e2 = abs(end(1.0) - exact), abs(end(0.5) - exact)
    assert 12.0 < e1 / e2 < 20.0, e1 / e2


def test_the_ai_controller_never_raises_v_and_settles_at_its_aim() -> None:
    sim = new_sim(seconds=120.0)
    sim.add_player(1, 0)
    h = sim.habitat
    r = h.rates
    aim = (h.target_rabbits, h.target_foxes)

    def v(x: float, y: float) -> float:
        return r.delta * (x - aim[0] * math.log(x)) + r.beta * (y - aim[1] * math.log(y))

    p = sim.player(1)
    last = v(h.start_rabbits, h.start_foxes)
    for _ in range(sim.limit_ticks - 1):
        x, y = p.x, p.y
        sim.step({1: controller(h, x, y, aim, 1.5)})
        now = v(p.x, p.y)
        assert now <= last + 1e-9
        last = now
    assert p.x == pytest.approx(aim[0], rel=1e-3)
    assert p.y == pytest.approx(aim[1], rel=1e-3)
