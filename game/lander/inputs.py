"""What a pilot (student or AI) sends each tick, and its validation."""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.errors import InvalidInputError


@dataclass(frozen=True)
class PlayerInput:
    """One control frame: throttle 0..1, rotation -1 (turn left) .. 1 (turn right)."""

    sequence: int
    thrust: float
    rotation: float
    abort: bool = False


def _check_number(field: str, value: object, low: float, high: float) -> float:
    allowed = f"a finite number within {low:g}..{high:g}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInputError(field, value, allowed)
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise InvalidInputError(field, value, allowed)
    return number


def validate_input(inp: PlayerInput) -> PlayerInput:
    """Return ``inp`` with plain-float fields, or raise :class:`InvalidInputError`."""
    if not isinstance(inp, PlayerInput):
        raise InvalidInputError("input", inp, "a PlayerInput")
    seq = inp.sequence
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 0:
        raise InvalidInputError("sequence", seq, "an integer >= 0")
    thrust = _check_number("thrust", inp.thrust, 0.0, 1.0)
    rotation = _check_number("rotation", inp.rotation, -1.0, 1.0)
    if not isinstance(inp.abort, bool):
        raise InvalidInputError("abort", inp.abort, "True or False")
    if type(inp.thrust) is float and type(inp.rotation) is float:
        return inp
    return PlayerInput(seq, thrust, rotation, inp.abort)
