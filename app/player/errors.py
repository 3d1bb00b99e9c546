"""The player's exception tree; messages are for a student to read."""

from __future__ import annotations

from app.errors import MoonbaseError


class PlayerError(MoonbaseError):
    """Base of what the player raises on purpose."""


class AddressError(PlayerError):
    """A typed class address that cannot be used ("HOST:PORT" expected)."""


class KeyMapError(PlayerError):
    """A key binding file or a remap that cannot be used."""


class AssetError(PlayerError):
    """A sound or other asset is missing or broken."""
