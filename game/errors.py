"""The exception tree of the simulation layer; every message names the culprit."""

from __future__ import annotations


class GameError(Exception):
    """Base class of every error raised by :mod:`game`."""


class InvalidInputError(GameError, ValueError):
    """A player input field is of the wrong type, not finite, or out of its range."""

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(f"{field} must be {allowed}, got {value!r}")


class InvalidOverrideError(GameError, ValueError):
    """A teacher's physics override is outside its validated range."""

    def __init__(self, knob: str, value: object, allowed: str) -> None:
        self.knob = knob
        self.value = value
        self.allowed = allowed
        super().__init__(f"override {knob} must be {allowed}, got {value!r}")


class InvalidKnobError(GameError, ValueError):
    """A teacher's knob value is unknown, of the wrong type, or outside its range."""

    def __init__(self, knob: str, value: object, allowed: str) -> None:
        self.knob = knob
        self.value = value
        self.allowed = allowed
        super().__init__(f"knob {knob} must be {allowed}, got {value!r}")


class UnplayedModeError(GameError, ValueError):
    """A round mode the game is not played in; the message lists the modes it is."""


class UnknownGameError(GameError, KeyError):
    """No game has the requested key."""

    def __init__(self, key: str, known: tuple[str, ...]) -> None:
        self.key = key
        super().__init__(f"unknown game {key!r}; choose one of {', '.join(known)}")

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InvalidConfigError(GameError, ValueError):
    """A round configuration (usually decoded from the wire) is malformed."""


class InvalidTelemetryError(GameError, ValueError):
    """A telemetry blob cannot be decoded."""


class _KeyMessageError(GameError, KeyError):
    """A KeyError whose ``str()`` is the plain message, not its repr."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownWorldError(_KeyMessageError):
    """No world has the requested key."""

    def __init__(self, key: str, known: tuple[str, ...]) -> None:
        self.key = key
        super().__init__(f"unknown world {key!r}; choose one of {', '.join(known)}")


class UnknownLanderError(_KeyMessageError):
    """The simulation has no lander with this id."""

    def __init__(self, lander_id: int) -> None:
        self.lander_id = lander_id
        super().__init__(f"no lander with id {lander_id} in this simulation")


class DuplicateLanderError(GameError, ValueError):
    """A lander id or spawn slot is already taken."""
