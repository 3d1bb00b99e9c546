"""Moonbase's games: one package per game (``game/lander/``, ...), pure and deterministic
(pymunk + numpy only), and the platform every game shares: the game API
(:mod:`game.api`), the registry (:mod:`game.registry`), what a spectator draws
(:mod:`game.scene`), time series (:mod:`game.series`), phases, modes and the fixed step.
"""

from __future__ import annotations

from game.api import (
    AI_SKILLS,
    AIPlayer,
    Channel,
    Discipline,
    Frame,
    Game,
    InputField,
    InputSpec,
    Knob,
    Level,
    PlayerFinished,
    PlayerResult,
    ResultColumn,
    RoundSetup,
    ScoreLine,
    Sim,
    SnapshotField,
    SnapshotSchema,
    Status,
)
from game.errors import (
    GameError,
    InvalidConfigError,
    InvalidInputError,
    InvalidKnobError,
    UnknownGameError,
)
from game.registry import DEFAULT_GAME, all_games, get_game
from game.scene import Scene
from game.series import Series
from game.timestep import DT, TICK_RATE

__all__ = [
    "AI_SKILLS",
    "DEFAULT_GAME",
    "DT",
    "TICK_RATE",
    "AIPlayer",
    "Channel",
    "Discipline",
    "Frame",
    "Game",
    "GameError",
    "InputField",
    "InputSpec",
    "InvalidConfigError",
    "InvalidInputError",
    "InvalidKnobError",
    "Knob",
    "Level",
    "PlayerFinished",
    "PlayerResult",
    "ResultColumn",
    "RoundSetup",
    "Scene",
    "ScoreLine",
    "Series",
    "Sim",
    "SnapshotField",
    "SnapshotSchema",
    "Status",
    "UnknownGameError",
    "all_games",
    "get_game",
]
