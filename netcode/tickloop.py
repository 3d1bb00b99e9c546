"""A fixed-rate ticker: how many simulation steps are owed now, without drift.

The time of tick ``n`` is ``start + n / rate``, computed from the integer tick count, never
by adding ``dt`` to a float each step, so an hour at 60 Hz ends on tick 216 000 exactly.
If the caller falls far behind (a paused laptop, a debugger), at most ``max_catch_up`` steps
are owed at once; the rest are skipped (counted in ``skipped``) and the schedule restarts
from the present, so a long pause never causes a catch-up spiral.
"""

from __future__ import annotations

import math
from collections.abc import Callable


class FixedTicker:
    """Accumulator for a fixed step. ``due(now)`` returns the steps to run now."""

    def __init__(
        self, rate_hz: float, clock: Callable[[], float], *, max_catch_up: int = 5
    ) -> None:
        if not (math.isfinite(rate_hz) and 0 < rate_hz <= 10_000):
            raise ValueError(f"rate_hz must be within (0, 10000], got {rate_hz}")
        if max_catch_up < 1:
            raise ValueError(f"max_catch_up must be at least 1, got {max_catch_up}")
        self.rate_hz = float(rate_hz)
        self.clock = clock
        self.max_catch_up = max_catch_up
        self._start = float(clock())
        self._base_tick = 0  # ticks counted from _start (moves only when ticks are skipped)
        self.ticks = 0  # steps handed out so far
        self.skipped = 0  # steps dropped after long pauses

    @property
    def period(self) -> float:
        return 1.0 / self.rate_hz

    def due(self, now: float | None = None) -> int:
        """Steps owed at ``now`` (default: the clock); they count as run once returned."""
        t = self.clock() if now is None else now
        # The tiny epsilon makes a clock reading of exactly next_deadline() count as due.
        target = self._base_tick + math.floor((t - self._start) * self.rate_hz + 1e-9)
        owed = target - self.ticks
        if owed <= 0:
            return 0
        if owed > self.max_catch_up:
            self.skipped += owed - self.max_catch_up
            # Restart the schedule at the present: the next step is one period from now.
            self._start = t
            self._base_tick = self.ticks + self.max_catch_up
            owed = self.max_catch_up
        self.ticks += owed
        return owed

    def next_deadline(self) -> float:
        """Clock time at which the next step becomes due."""
        return self._start + (self.ticks + 1 - self._base_tick) / self.rate_hz

    def time_of(self, tick: int) -> float:
        """Clock time at which step ``tick`` was (or will be) due, on the current schedule."""
        return self._start + (tick - self._base_tick) / self.rate_hz
