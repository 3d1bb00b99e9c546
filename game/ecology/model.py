"""The Lotka–Volterra predator–prey model, batched over a room's habitats.

Rabbits ``x`` and foxes ``y`` (animals), time in weeks::

    dx/dt = a·x − β·x·y        a = α·(0.5 + food)·season(t)
    dy/dt = δ·x·y − c·y        c = γ·(1 + hunting)

With no controls (food 0.5, hunting 0, no season) ``a = α`` and ``c = γ``: the textbook
model, whose equilibrium is x* = γ/δ, y* = α/β, whose small oscillations about it last
2π/√(αγ), and along whose orbits V = δx − γ ln x + βy − α ln y stays constant. One step
is classical fourth-order Runge–Kutta at a fixed ``h`` weeks, on numpy arrays (one entry
per habitat) or on plain floats for one habitat.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Pop = TypeVar("Pop", float, FloatArray)  # one habitat's numbers, or an array of them
YEAR_WEEKS = 52.0


@dataclass(frozen=True)
class Rates:
    """The four rates of the model, per week: α rabbits' births, β foxes' catch (per fox),
    γ foxes' deaths, δ foxes' births from rabbits eaten (per rabbit)."""

    alpha: float
    beta: float
    gamma: float
    delta: float

    @property
    def equilibrium(self) -> tuple[float, float]:
        """(x*, y*) = (γ/δ, α/β): where both populations stand still."""
        return self.gamma / self.delta, self.alpha / self.beta

    @property
    def period(self) -> float:
        """Weeks of one small oscillation about the equilibrium: 2π/√(αγ)."""
        return 2.0 * math.pi / math.sqrt(self.alpha * self.gamma)

    def conserved(self, x: FloatArray | float, y: FloatArray | float) -> FloatArray:
        """V = δx − γ ln x + βy − α ln y (constant along an orbit of the uncontrolled model)."""
        xs = np.asarray(x, dtype=np.float64)
        ys = np.asarray(y, dtype=np.float64)
        return np.asarray(
            self.delta * xs - self.gamma * np.log(xs) + self.beta * ys - self.alpha * np.log(ys)
        )

    def controlled(self, food: float, hunting: float) -> tuple[float, float]:
        """(a, c): the rabbits' growth and the foxes' loss rates with these controls."""
        return self.alpha * (0.5 + food), self.gamma * (1.0 + hunting)

    def equilibrium_with(self, food: float, hunting: float) -> tuple[float, float]:
        """Where the populations stand still with these controls: (c/δ, a/β)."""
        a, c = self.controlled(food, hunting)
        return c / self.delta, a / self.beta


def season(t: float, amplitude: float) -> float:
    """The grass's growth this week of the year: 1 ± ``amplitude`` over a 52-week year."""
    if amplitude == 0.0:
        return 1.0
    return 1.0 + amplitude * math.sin(2.0 * math.pi * t / YEAR_WEEKS)


def rk4(
    x: Pop,
    y: Pop,
    a: Pop,
    c: Pop,
    beta: float,
    delta: float,
    h: float,
    t: float = 0.0,
    amplitude: float = 0.0,
) -> tuple[Pop, Pop]:
    """One RK4 step of ``h`` weeks from time ``t``: for one habitat (floats) or for many
    at once (arrays, one entry a habitat; new arrays). The simulation steps its few
    habitats as floats (faster than numpy below a few dozen); the tests use both.

    ``a`` is the rabbits' growth rate before the season's factor, ``c`` the foxes' loss.
    """
    s0 = season(t, amplitude)
    s1 = season(t + 0.5 * h, amplitude)
    s2 = season(t + h, amplitude)
    k1x = x * (a * s0 - beta * y)
    k1y = y * (delta * x - c)
    x2, y2 = x + 0.5 * h * k1x, y + 0.5 * h * k1y
    k2x = x2 * (a * s1 - beta * y2)
    k2y = y2 * (delta * x2 - c)
    x3, y3 = x + 0.5 * h * k2x, y + 0.5 * h * k2y
    k3x = x3 * (a * s1 - beta * y3)
    k3y = y3 * (delta * x3 - c)
    x4, y4 = x + h * k3x, y + h * k3y
    k4x = x4 * (a * s2 - beta * y4)
    k4y = y4 * (delta * x4 - c)
    sixth = h / 6.0
    return (
        x + sixth * (k1x + 2.0 * k2x + 2.0 * k3x + k4x),
        y + sixth * (k1y + 2.0 * k2y + 2.0 * k3y + k4y),
    )
