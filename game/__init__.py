"""Moonbase's Lunar Lander simulation: pure and deterministic (pymunk + numpy only).

State and inputs in, state and events out; :class:`Simulation.step` is the one thing that
moves time, by exactly :data:`DT`.
"""

from __future__ import annotations

from game.ai import AIPilot, AIState, Personality, Skill
from game.config import FlightParams, PhysicsOverrides, RoundConfig
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
from game.events import (
    TERRAIN,
    Collision,
    Event,
    FlightEnded,
    FuelEmpty,
    Landing,
    OutOfBounds,
    Touchdown,
)
from game.inputs import PlayerInput, validate_input
from game.lander import LanderArrays, LanderSpec, LanderState, LanderStatus
from game.outcomes import FlightResult, Outcome
from game.replay import replay
from game.scoring import ScoreBreakdown, score_landing, stars_for
from game.sim import Simulation
from game.telemetry import Telemetry
from game.terrain import Pad, Terrain, generate_terrain
from game.timestep import DT, TICK_RATE
from game.worlds import WORLDS, LandingLimits, World, get_world

__all__ = [
    "DT",
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
    "LanderArrays",
    "LanderSpec",
    "LanderState",
    "LanderStatus",
    "Landing",
    "LandingLimits",
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
