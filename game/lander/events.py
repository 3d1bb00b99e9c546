"""What a step reports. Every lander gets exactly one :class:`FlightEnded`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from game.lander.outcomes import FlightResult

TERRAIN = -1  # the "other body" of a Collision with the ground


@dataclass(frozen=True)
class Collision:
    """Two bodies touched; ``b`` is :data:`TERRAIN` for the ground. Speed along the normal."""

    kind: ClassVar[str] = "collision"
    tick: int
    a: int
    b: int
    impact_speed: float


@dataclass(frozen=True)
class Landing:
    """A touchdown on the ground, on a pad (``pad_id``) or not; ``result`` says how it went."""

    kind: ClassVar[str] = "landing"
    tick: int
    lander_id: int
    pad_id: int | None
    result: FlightResult


Touchdown = Landing


@dataclass(frozen=True)
class OutOfBounds:
    kind: ClassVar[str] = "out_of_bounds"
    tick: int
    lander_id: int


@dataclass(frozen=True)
class FuelEmpty:
    kind: ClassVar[str] = "fuel_empty"
    tick: int
    lander_id: int


@dataclass(frozen=True)
class FlightEnded:
    kind: ClassVar[str] = "flight_ended"
    tick: int
    lander_id: int
    result: FlightResult


Event = Collision | Landing | OutOfBounds | FuelEmpty | FlightEnded
