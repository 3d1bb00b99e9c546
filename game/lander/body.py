"""The lander: its build, its status, and its state one at a time or all at once."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LanderSpec:
    """The lander's build; the engine's thrust is a per-world figure (see ``World``).

    The body is a trapezoid ``width`` wide at the feet and ``height`` tall, its centre of
    mass ``foot_depth`` above the feet. Drag uses one reference area for every direction
    (a 4 m x 4 m footprint) and one drag coefficient.
    """

    dry_mass: float = 1200.0  # kg
    fuel_capacity: float = 100.0  # kg
    burn_rate: float = 4.0  # kg/s at full throttle
    width: float = 4.0  # m, across the feet
    top_width: float = 2.4  # m
    height: float = 3.0  # m
    foot_depth: float = 1.5  # m from the centre of mass down to the feet
    drag_coefficient: float = 1.0
    reference_area: float = 16.0  # m^2
    max_turn_rate: float = 1.2  # rad/s at rotation input +-1
    max_angular_acceleration: float = 3.0  # rad/s^2 the RCS can give

    def vertices(self) -> list[tuple[float, float]]:
        """The body outline, counter-clockwise, relative to the centre of mass."""
        bottom = -self.foot_depth
        top = self.height - self.foot_depth
        half, top_half = self.width / 2, self.top_width / 2
        return [(-half, bottom), (half, bottom), (top_half, top), (-top_half, top)]


class LanderStatus(enum.IntEnum):
    FLYING = 0
    LANDED = 1
    CRASHED = 2
    OUT_OF_BOUNDS = 3
    OUT_OF_FUEL = 4
    TIMED_OUT = 5


@dataclass(frozen=True)
class LanderState:
    """One lander in plain floats. ``angle`` is in radians, counter-clockwise, 0 = upright."""

    x: float
    y: float
    vx: float
    vy: float
    angle: float
    angular_velocity: float
    fuel: float
    throttle: float
    status: LanderStatus


@dataclass(frozen=True, eq=False)
class LanderArrays:
    """Every lander at once, sorted by id; row ``i`` of each array belongs to ``ids[i]``."""

    ids: npt.NDArray[np.int64]
    xy: FloatArray
    vxy: FloatArray
    angle: FloatArray
    angular_velocity: FloatArray
    fuel: FloatArray
    throttle: FloatArray
    status: npt.NDArray[np.int8]

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def state(self, index: int) -> LanderState:
        """Row ``index`` as a :class:`LanderState`."""
        return LanderState(
            x=float(self.xy[index, 0]),
            y=float(self.xy[index, 1]),
            vx=float(self.vxy[index, 0]),
            vy=float(self.vxy[index, 1]),
            angle=float(self.angle[index]),
            angular_velocity=float(self.angular_velocity[index]),
            fuel=float(self.fuel[index]),
            throttle=float(self.throttle[index]),
            status=LanderStatus(int(self.status[index])),
        )
