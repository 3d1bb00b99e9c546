"""Rover program, the game ``rover_program`` (computer science): write a short program from
blocks (move, turn, repeat, if-sensor, while) that takes a rover to the goal on a grid.
Pure and deterministic: an interpreter runs each program step by step
(:mod:`game.rover.interpreter`); a search over programs finds each level's shortest
(:mod:`game.rover.search`).
"""

from __future__ import annotations

from game.rover.ai import RoverAI
from game.rover.definition import GAME, RoverProgram
from game.rover.grid import Grid, grid
from game.rover.interpreter import Run, run
from game.rover.program import parse, source
from game.rover.results import RoverStatus
from game.rover.sim import CLEAR, DELETE, INSERT, NOTHING, RUN, SET, STOP, RoverSim

__all__ = [
    "CLEAR",
    "DELETE",
    "GAME",
    "INSERT",
    "NOTHING",
    "RUN",
    "SET",
    "STOP",
    "Grid",
    "RoverAI",
    "RoverProgram",
    "RoverSim",
    "RoverStatus",
    "Run",
    "grid",
    "parse",
    "run",
    "source",
]
