"""Projectile range, the game ``projectile_range`` (physics): set a cannon's angle and
speed to hit targets at several distances. Pure and deterministic: a shell flown with RK4
at the fixed step under gravity and, where there is air, quadratic drag against the wind
(:mod:`game.projectile.flight`); without air the range is R = v² sin 2θ / g.
"""

from __future__ import annotations

from game.projectile.ai import ProjectileAI
from game.projectile.definition import GAME, ProjectileRange
from game.projectile.flight import Physics, Trajectory, fly, max_range, vacuum_range
from game.projectile.results import ProjectileStatus
from game.projectile.sim import AIM, FIRE, NOTHING, ProjectileSim
from game.projectile.world import World, world

__all__ = [
    "AIM",
    "FIRE",
    "GAME",
    "NOTHING",
    "Physics",
    "ProjectileAI",
    "ProjectileRange",
    "ProjectileSim",
    "ProjectileStatus",
    "Trajectory",
    "World",
    "fly",
    "max_range",
    "vacuum_range",
    "world",
]
