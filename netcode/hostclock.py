"""The host's tick as seen from a client: from snapshot arrival times and the RTT.

Every snapshot of tick ``S`` arriving at local time ``r`` is a sample of the mapping
"local time -> host tick": ``base = r - S / rate``. Network delay only ever makes ``r`` later,
so the smallest ``base`` of the recent samples (a sliding window) is the least-delayed
arrival; :meth:`HostTickClock.arrived_tick` is the freshest tick that can have arrived by
``now``. An input sent now reaches the host about one RTT after that tick left it, so the host
will then be at ``arrived_tick(now) + rtt * rate`` (:meth:`input_arrival_tick`).

Jitter is the smoothed absolute deviation of snapshot inter-arrival times from their tick
spacing (the interpolation buffer adapts to it).
"""

from __future__ import annotations

import math
from collections import deque

from netcode.schedule import INPUT_DELAY_TICKS, apply_tick

WINDOW = 90  # snapshots kept for the min filter (3 s at 30 Hz)
JITTER_ALPHA = 1 / 16  # weight of a new jitter sample (as RFC 3550's interarrival jitter)
RESET_AFTER_S = 1.0  # a sample this far off the window's base means the host's clock moved


class HostTickClock:
    """Maps local time to the host's tick. ``observe`` each snapshot; ask with local times."""

    def __init__(self, tick_rate: float = 60.0, window: int = WINDOW) -> None:
        if not (math.isfinite(tick_rate) and tick_rate > 0):
            raise ValueError(f"tick_rate must be a positive number, got {tick_rate}")
        if window < 1:
            raise ValueError(f"window must be at least 1, got {window}")
        self.tick_rate = float(tick_rate)
        self._bases: deque[float] = deque(maxlen=window)
        self._base = math.inf
        self._last: tuple[int, float] | None = None
        self._held = False  # the last snapshots repeated one tick
        self.jitter = 0.0  # seconds
        self.samples = 0
        self.resets = 0

    @property
    def synced(self) -> bool:
        return bool(self._bases)

    def reset(self) -> None:
        """Forget everything (a new round restarts the host's tick count)."""
        self._bases.clear()
        self._base = math.inf
        self._last = None
        self._held = False
        self.jitter = 0.0
        self.samples = 0

    def observe(self, tick: int, local_time: float) -> None:
        """A snapshot of ``tick`` arrived at ``local_time`` (seconds, the client's clock)."""
        base = local_time - tick / self.tick_rate
        if self._bases and abs(base - self._base) > RESET_AFTER_S:
            self.reset()
            self.resets += 1
        elif self._last is not None and tick == self._last[0]:
            # The host is holding this tick (a countdown, a pause, a lockstep wait): its
            # ticks stopped, so earlier samples, which say the tick came long ago, no
            # longer map time to ticks. Keep only the newest arrival while it holds, and
            # drop that too when the ticks move on (the held tick's last snapshot left a
            # tick before the next step). Without this a countdown under RESET_AFTER_S
            # put the clock, and the prediction, up to a second ahead once the round ran.
            self._bases.clear()
            self._base = math.inf
            self._held = True
            self._last = (tick, local_time)  # the jitter compares the next tick with this
        elif self._held and self._last is not None and tick > self._last[0]:
            self._bases.clear()
            self._base = math.inf
            self._held = False
        if self._last is not None and tick > self._last[0]:
            spacing = (tick - self._last[0]) / self.tick_rate
            deviation = abs((local_time - self._last[1]) - spacing)
            self.jitter += JITTER_ALPHA * (deviation - self.jitter)
        if self._last is None or tick > self._last[0]:
            self._last = (tick, local_time)
        self._bases.append(base)
        self.samples += 1
        self._base = min(self._bases)  # at most WINDOW floats

    def arrived_tick(self, now: float) -> float:
        """The newest host tick whose snapshot can have arrived by ``now`` (fractional)."""
        if not self._bases:
            raise ValueError("no snapshot observed yet")
        return (now - self._base) * self.tick_rate

    def input_arrival_tick(self, now: float, rtt: float | None) -> float:
        """The host's tick when an input sent at ``now`` reaches it (fractional)."""
        return self.arrived_tick(now) + (rtt or 0.0) * self.tick_rate

    def apply_tick(
        self,
        now: float,
        ack_tick: int,
        rtt: float | None,
        input_delay: int = INPUT_DELAY_TICKS,
    ) -> int:
        """The tick on which an input sent at ``now`` with ``ack_tick`` should take effect."""
        if not self._bases:
            return ack_tick + input_delay
        host_tick = math.floor(self.input_arrival_tick(now, rtt))
        return apply_tick(host_tick, ack_tick, input_delay)
