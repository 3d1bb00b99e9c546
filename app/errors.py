"""The app layer's exception tree: messages are shown to people as they are."""

from __future__ import annotations


class MoonbaseError(Exception):
    """A problem a user can act on; the CLI prints it on one line and exits non-zero."""


class HostError(MoonbaseError):
    """The classroom host cannot do what was asked (bad port, unwritable data dir, ...)."""


class BotError(MoonbaseError):
    """A simulated student could not join or play."""
