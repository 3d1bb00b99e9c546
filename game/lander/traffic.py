"""What an AI pilot makes of the other landers: who is heading for which pad, who is in the way.

Everything here is computed from one snapshot (:class:`~game.lander.LanderArrays`, as a bot
receives it from the host), vectorised over the other landers. Only flying landers count:
an ended lander has left the physics space and can no longer be hit.

* **Claims.** Another lander is taken to be heading for the pad nearest to where it will be
  ``lead_s`` seconds from now (its position plus its velocity times ``lead_s``). A pad is
  *claimed* against me by every such lander that is nearer to the pad than I am, so of two
  landers wanting one pad, only the farther one sees it claimed.
* **Conflicts.** A lander is in my way if, at its present relative velocity, our horizontal
  distance drops below ``horizontal_sep`` within ``lookahead_s``. If it is below me, I must
  stay ``vertical_sep`` above it (and above where it climbs to within the look-ahead): the
  lower lander has the right of way. If it is beside me (less than ``vertical_sep`` apart
  in height, and I am the higher one), I also move sideways away from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from game.lander.body import LanderArrays, LanderState, LanderStatus
from game.lander.terrain import Pad

FloatArray = npt.NDArray[np.float64]
SELF_TOLERANCE = 1e-6  # m: a row this close to my own position is me


@dataclass(frozen=True, eq=False)
class Traffic:
    """The other flying landers: positions and velocities, shape (K, 2)."""

    xy: FloatArray
    vxy: FloatArray

    def __len__(self) -> int:
        return int(self.xy.shape[0])

    @classmethod
    def around(cls, me: LanderState, others: LanderArrays) -> Traffic:
        """The flying landers of ``others`` except ``me`` (recognised by its position)."""
        flying = others.status == int(LanderStatus.FLYING)
        here = np.hypot(others.xy[:, 0] - me.x, others.xy[:, 1] - me.y) <= SELF_TOLERANCE
        keep = flying & ~here
        return cls(
            xy=np.asarray(others.xy[keep], dtype=np.float64),
            vxy=np.asarray(others.vxy[keep], dtype=np.float64),
        )

    def claims(self, me: LanderState, pads: tuple[Pad, ...], lead_s: float) -> list[int]:
        """Per pad, how many landers nearer to it than me seem to be heading for it."""
        if not pads:
            return []
        if len(self) == 0:
            return [0] * len(pads)
        centre = np.array([p.centre for p in pads])
        pad_y = np.array([p.y for p in pads])
        ahead = self.xy[:, 0] + self.vxy[:, 0] * lead_s
        heading = np.argmin(np.abs(ahead[:, None] - centre[None, :]), axis=1)  # (K,)
        theirs = np.hypot(self.xy[:, 0] - centre[heading], self.xy[:, 1] - pad_y[heading])
        mine = np.hypot(me.x - centre, me.y - pad_y)  # (P,)
        nearer = theirs < mine[heading]
        counts = np.bincount(heading[nearer], minlength=len(pads))
        return [int(c) for c in counts]

    def conflicts(
        self, me: LanderState, horizontal_sep: float, lookahead_s: float
    ) -> npt.NDArray[np.bool_]:
        """A boolean mask of the landers whose horizontal gap to me closes within reach."""
        if len(self) == 0:
            return np.zeros(0, dtype=np.bool_)
        rx = self.xy[:, 0] - me.x
        rvx = self.vxy[:, 0] - me.vx
        end = rx + rvx * lookahead_s
        crosses = np.sign(rx) != np.sign(end)
        closest = np.where(crosses, 0.0, np.minimum(np.abs(rx), np.abs(end)))
        return np.asarray(closest < horizontal_sep)

    def floor_below(
        self,
        me: LanderState,
        horizontal_sep: float,
        vertical_sep: float,
        lookahead_s: float,
    ) -> float | None:
        """The lowest y my centre may go to, keeping above landers below me; None if free."""
        mask = self.conflicts(me, horizontal_sep, lookahead_s)
        below = mask & (self.xy[:, 1] < me.y)
        if not np.any(below):
            return None
        rise = np.maximum(self.vxy[below, 1], 0.0) * lookahead_s
        return float(np.max(self.xy[below, 1] + rise)) + vertical_sep

    def sidestep(
        self, me: LanderState, horizontal_sep: float, vertical_sep: float, speed: float
    ) -> float:
        """Sideways speed away from a lander right beside me (I being the higher), else 0."""
        if len(self) == 0:
            return 0.0
        rx = self.xy[:, 0] - me.x
        dy = me.y - self.xy[:, 1]
        beside = (np.abs(rx) < horizontal_sep) & (dy >= 0.0) & (dy < vertical_sep)
        if not np.any(beside):
            return 0.0
        nearest = int(np.argmin(np.where(beside, np.abs(rx), np.inf)))
        away = -1.0 if rx[nearest] > 0 else 1.0
        return away * speed
