"""Interpolation of the other landers from a buffer of snapshots.

Other players' landers are drawn a little in the past, between the two snapshots around the
render tick ``arrived_tick(now) - delay * tick_rate`` (see :class:`HostTickClock`), so they
move smoothly although snapshots arrive 20-60 times a second with jitter. ``delay`` starts at
100 ms (:data:`DEFAULT_DELAY`); once :data:`MIN_SAMPLES` snapshots arrived it follows
``2 x snapshot interval + 4 x jitter`` within 50..300 ms, moving at most 1 ms per snapshot so
the picture never jumps. Past the newest snapshot a lander is extrapolated for at most
:data:`MAX_EXTRAPOLATION` seconds, then held.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import numpy.typing as npt

from game.lander import LanderArrays
from netcode.hostclock import HostTickClock
from netcode.snapshot import SCALES, LanderSnapshot

__all__ = ["DEFAULT_DELAY", "Interpolator"]

DEFAULT_DELAY = 0.100  # seconds
MIN_DELAY = 0.050
MAX_DELAY = 0.300
DELAY_STEP = 0.001  # seconds the delay may move per snapshot
MIN_SAMPLES = 8
MAX_EXTRAPOLATION = 0.25  # seconds
BUFFER = 64  # snapshots kept

_SCALE = np.asarray(SCALES, dtype=np.float64)


class Interpolator:
    """Push every snapshot (with its arrival time); ask ``sample(now)`` once a frame."""

    def __init__(
        self,
        tick_rate: float = 60.0,
        snapshot_rate: float = 30.0,
        *,
        delay: float = DEFAULT_DELAY,
        exclude: int | None = None,
    ) -> None:
        if not MIN_DELAY <= delay <= MAX_DELAY:
            raise ValueError(f"delay must be within {MIN_DELAY}..{MAX_DELAY} s, got {delay}")
        if not 0 < snapshot_rate <= tick_rate:
            raise ValueError(f"snapshot_rate must be within (0, {tick_rate}], got {snapshot_rate}")
        self.clock = HostTickClock(tick_rate)
        self.tick_rate = float(tick_rate)
        self.snapshot_interval = 1.0 / snapshot_rate
        self.delay = delay
        self.exclude = exclude  # the own lander (predicted instead)
        self._buffer: deque[tuple[int, LanderSnapshot]] = deque(maxlen=BUFFER)

    def push(self, tick: int, snapshot: LanderSnapshot, local_time: float) -> None:
        """A snapshot of ``tick`` arrived at ``local_time``. Older-than-newest ones are ignored."""
        if self._buffer and tick <= self._buffer[-1][0]:
            if tick < self._buffer[0][0] - BUFFER:  # the host restarted its tick count
                self._buffer.clear()
                self.clock.reset()
            else:
                return
        self._buffer.append((tick, snapshot))
        self.clock.observe(tick, local_time)
        if self.clock.samples >= MIN_SAMPLES:
            target = 2 * self.snapshot_interval + 4 * self.clock.jitter
            target = min(MAX_DELAY, max(MIN_DELAY, target))
            self.delay += max(-DELAY_STEP, min(DELAY_STEP, target - self.delay))

    def render_tick(self, now: float) -> float:
        return self.clock.arrived_tick(now) - self.delay * self.tick_rate

    def sample(self, now: float) -> LanderArrays | None:
        """Every lander (but ``exclude``) at the render time, interpolated; None if empty."""
        if not self._buffer:
            return None
        t = self.render_tick(now)
        older, newer = self._bracket(t)
        tick0, snap0 = older
        if newer is None:
            ahead = min(t - tick0, MAX_EXTRAPOLATION * self.tick_rate)
            values = snap0.values.astype(np.float64) / _SCALE
            if ahead > 0:
                values[:, 0:2] += values[:, 2:4] * (ahead / self.tick_rate)
            return self._arrays(snap0.ids, values)
        tick1, snap1 = newer
        u = 0.0 if tick1 == tick0 else min(1.0, max(0.0, (t - tick0) / (tick1 - tick0)))
        return self._blend(snap0, snap1, u)

    def _bracket(
        self, t: float
    ) -> tuple[tuple[int, LanderSnapshot], tuple[int, LanderSnapshot] | None]:
        items = self._buffer
        if t <= items[0][0]:
            return items[0], items[0]
        for i in range(len(items) - 1, -1, -1):
            if items[i][0] <= t:
                return items[i], (items[i + 1] if i + 1 < len(items) else None)
        return items[0], items[0]

    def _blend(self, a: LanderSnapshot, b: LanderSnapshot, u: float) -> LanderArrays:
        va = a.values.astype(np.float64) / _SCALE
        vb = b.values.astype(np.float64) / _SCALE
        # Landers in the newer snapshot; those new since the older one are shown as they are.
        index = {int(i): row for row, i in enumerate(a.ids.tolist())}
        out = vb.copy()
        for row, lander in enumerate(b.ids.tolist()):
            old = index.get(int(lander))
            if old is None:
                continue
            mix = va[old] + (vb[row] - va[old]) * u
            turn = np.remainder(vb[row, 4] - va[old, 4] + np.pi, 2 * np.pi) - np.pi
            mix[4] = va[old, 4] + turn * u
            mix[8] = vb[row, 8] if u >= 0.5 else va[old, 8]
            out[row] = mix
        return self._arrays(b.ids, out)

    def _arrays(self, ids: npt.NDArray[np.int64], values: npt.NDArray[np.float64]) -> LanderArrays:
        keep = ids != self.exclude if self.exclude is not None else np.ones(len(ids), bool)
        v = values[keep]
        return LanderArrays(
            ids=ids[keep].copy(),
            xy=np.ascontiguousarray(v[:, 0:2]),
            vxy=np.ascontiguousarray(v[:, 2:4]),
            angle=v[:, 4].copy(),
            angular_velocity=v[:, 5].copy(),
            fuel=v[:, 6].copy(),
            throttle=v[:, 7].copy(),
            status=np.rint(v[:, 8]).astype(np.int8),
        )
