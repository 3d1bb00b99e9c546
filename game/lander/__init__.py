"""Lunar Lander, the game ``lunar_lander``: pure and deterministic (pymunk + numpy only).

State and inputs in, state and events out; :class:`Simulation.step` is the one thing that
moves time, by exactly :data:`DT`.
"""

from __future__ import annotations

from game.errors import (
    DuplicateLanderError,
    GameError,
    InvalidConfigError,
    InvalidInputError,
    InvalidOverrideError,
    InvalidTelemetryError,
    UnknownLanderError,
    UnknownWorldError,
)
from game.lander.ai import AIPilot, AIState, Personality, Skill
from game.lander.body import LanderArrays, LanderSpec, LanderState, LanderStatus
from game.lander.config import FlightParams, PhysicsOverrides, RoundConfig
from game.lander.definition import GAME, LanderAI, LanderSim, LunarLander
from game.lander.events import (
    TERRAIN,
    Collision,
    Event,
    FlightEnded,
    FuelEmpty,
    Landing,
    OutOfBounds,
    Touchdown,
)
from game.lander.inputs import PlayerInput, validate_input
from game.lander.outcomes import FlightResult, Outcome
from game.lander.replay import replay
from game.lander.scoring import ScoreBreakdown, score_landing, stars_for
from game.lander.sim import Simulation
from game.lander.telemetry import Telemetry
from game.lander.terrain import Pad, Terrain, generate_terrain
from game.lander.worlds import WORLDS, LandingLimits, World, get_world
from game.timestep import DT, TICK_RATE

__all__ = [
    "DT",
    "GAME",
    "TERRAIN",
    "TICK_RATE",
    "WORLDS",
    "AIPilot",
    "AIState",
    "Collision",
    "DuplicateLanderError",
    "Event",
    "FlightEnded",
    "FlightParams",
    "FlightResult",
    "FuelEmpty",
    "GameError",
    "InvalidConfigError",
    "InvalidInputError",
    "InvalidOverrideError",
    "InvalidTelemetryError",
    "LanderAI",
    "LanderArrays",
    "LanderSim",
    "LanderSpec",
    "LanderState",
    "LanderStatus",
    "Landing",
    "LandingLimits",
    "LunarLander",
    "OutOfBounds",
    "Outcome",
    "Pad",
    "Personality",
    "PhysicsOverrides",
    "PlayerInput",
    "RoundConfig",
    "ScoreBreakdown",
    "Simulation",
    "Skill",
    "Telemetry",
    "Terrain",
    "Touchdown",
    "UnknownLanderError",
    "UnknownWorldError",
    "World",
    "generate_terrain",
    "get_world",
    "replay",
    "score_landing",
    "stars_for",
    "validate_input",
]
