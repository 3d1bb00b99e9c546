"""Predator and prey, the game ``predator_prey`` (biology): keep a habitat's rabbits and
foxes inside a target band with two controls, grass and fox hunting. Pure and
deterministic (numpy only): the Lotka–Volterra model stepped by RK4
(:mod:`game.ecology.model`).
"""

from __future__ import annotations

from game.ecology.ai import EcologyAI
from game.ecology.definition import GAME, PredatorPrey
from game.ecology.habitat import Habitat, habitat, habitat_of_info
from game.ecology.model import Rates, rk4
from game.ecology.results import EcologyStatus
from game.ecology.sim import FIELDS, IDLE, EcologySim

__all__ = [
    "FIELDS",
    "GAME",
    "IDLE",
    "EcologyAI",
    "EcologySim",
    "EcologyStatus",
    "Habitat",
    "PredatorPrey",
    "Rates",
    "habitat",
    "habitat_of_info",
    "rk4",
]
