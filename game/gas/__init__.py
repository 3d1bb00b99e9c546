"""Gas laws, the game ``gas_laws`` (chemistry): keep the pressure of a gas inside a moving
target band with the heater and the piston. Pure and deterministic (numpy only): a 2D ideal
gas of point particles in a cylinder, stepped for every player of the room at once.
"""

from __future__ import annotations

from game.gas.definition import GAME, GasLaws
from game.gas.model import Plan, make_plan, plan_of
from game.gas.results import GasStatus
from game.gas.sim import GasSim

__all__ = ["GAME", "GasLaws", "GasSim", "GasStatus", "Plan", "make_plan", "plan_of"]
