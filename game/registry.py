"""Every game of the platform, one line each: key -> the package whose ``GAME`` it is.

Adding a game is one line here (plus its package ``game/<name>/`` and its flight View in
``app/player/flights/<name>.py``); nothing else in the stack names a game.
"""

from __future__ import annotations

import importlib

from game.api import Game
from game.errors import UnknownGameError, UnplayedModeError
from game.modes import Mode, parse_mode

GAMES: dict[str, str] = {
    "lunar_lander": "game.lander",
    "bridge_builder": "game.bridge",
    "rover_program": "game.rover",
    "predator_prey": "game.ecology",
    "gas_laws": "game.gas",
    "projectile_range": "game.projectile",
}
DEFAULT_GAME = "lunar_lander"

_loaded: dict[str, Game] = {}


def get_game(key: str) -> Game:
    """The game with ``key`` (its package is imported on first use)."""
    game = _loaded.get(key)
    if game is not None:
        return game
    module_name = GAMES.get(key) if isinstance(key, str) else None
    if module_name is None:
        raise UnknownGameError(str(key), tuple(GAMES))
    game = importlib.import_module(module_name).GAME
    if not isinstance(game, Game) or game.key != key:
        raise RuntimeError(f"{module_name}.GAME is not the game {key!r}")
    _loaded[key] = game
    return game


def check_mode(key: str, mode: Mode | str) -> tuple[Game, Mode]:
    """The game with ``key`` and ``mode`` (text is parsed) checked against it: the one check
    of a round's game and mode, for the host starting a round and a lesson plan alike.
    Raises :class:`UnknownGameError`, ``ValueError`` (an unknown mode) or
    :class:`UnplayedModeError` (the game is not played in it; its modes are listed)."""
    game = get_game(key)
    picked = parse_mode(mode) if isinstance(mode, str) else mode
    if picked not in game.modes:
        modes = ", ".join(sorted(m.value for m in game.modes))
        raise UnplayedModeError(f"{game.title} is not played {picked.value}; its modes: {modes}")
    return game, picked


def all_games() -> list[Game]:
    """Every game, in registry order."""
    return [get_game(key) for key in GAMES]


def package_of(key: str) -> str:
    """The last part of the game's package name (``lander`` for ``game.lander``): the
    name of its flight View module in the player."""
    get_game(key)
    return GAMES[key].rsplit(".", 1)[-1]
