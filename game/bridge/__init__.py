"""Bridge builder, the game ``bridge_builder`` (engineering): build a truss across a gap
within a budget, then send a truck over it. Pure and deterministic (numpy only): a
linear-elastic truss solved by the direct stiffness method (:mod:`game.bridge.truss`).
"""

from __future__ import annotations

from game.bridge.ai import BridgeAI
from game.bridge.definition import GAME, BridgeBuilder
from game.bridge.geometry import CANDIDATES, HEAVY, LIGHT, NONE, Geometry, geometry
from game.bridge.results import BridgeStatus
from game.bridge.sim import ADD_HEAVY, ADD_LIGHT, NO_ACTION, REMOVE, TEST, BridgeSim

__all__ = [
    "ADD_HEAVY",
    "ADD_LIGHT",
    "CANDIDATES",
    "GAME",
    "HEAVY",
    "LIGHT",
    "NONE",
    "NO_ACTION",
    "REMOVE",
    "TEST",
    "BridgeAI",
    "BridgeBuilder",
    "BridgeSim",
    "BridgeStatus",
    "Geometry",
    "geometry",
]
