"""The console's exceptions: what the teacher is told when something cannot be done."""

from __future__ import annotations


class ConsoleError(Exception):
    """Mission Control could not do what was asked; the message names what and why."""


class HostThreadError(ConsoleError):
    """The host thread is not running (not started yet, or already stopped)."""


class LessonStateError(ConsoleError):
    """The action does not fit the lesson's state ("no class is being hosted", ...)."""


class PrefsError(ConsoleError):
    """A console preference is malformed or cannot be saved; the message names the file."""
