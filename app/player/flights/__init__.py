"""Each game's play screen: ``app/player/flights/<package>`` holds the View of the game whose
package is ``game/<package>/`` (its ``FlightView``); every other screen is shared."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from game.registry import package_of

if TYPE_CHECKING:
    from app.player.views.play import GameView


def view_class(game_key: str) -> type[GameView]:
    """The play View of the game ``game_key``."""
    module = importlib.import_module(f"app.player.flights.{package_of(game_key)}")
    view: type[GameView] = module.FlightView
    return view
