"""Interpolation of the other players from a buffer of snapshots, for any game's schema.

Other players are drawn a little in the past, between the two snapshots around the
render tick ``arrived_tick(now) - delay * tick_rate`` (see :class:`HostTickClock`), so they
move smoothly although snapshots arrive 20-60 times a second with jitter. ``delay`` starts at
100 ms (:data:`DEFAULT_DELAY`); once :data:`MIN_SAMPLES` snapshots arrived it follows
``2 x snapshot interval + 4 x jitter`` within 50..300 ms, moving at most 1 ms per snapshot so
the picture never jumps. Columns blend as their schema field says: ``linear``, ``angle``
(the short way round) or ``step`` (the older value until halfway, then the newer). Past the
newest snapshot the schema's predicted positions are extrapolated by their velocities for
at most :data:`MAX_EXTRAPOLATION` seconds, then held.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import numpy.typing as npt

from game.api import Frame, SnapshotSchema
from netcode.hostclock import HostTickClock
from netcode.snapshot import Snapshot

__all__ = ["DEFAULT_DELAY", "Interpolator"]

DEFAULT_DELAY = 0.100  # seconds
MIN_DELAY = 0.050
MAX_DELAY = 0.300
DELAY_STEP = 0.001  # seconds the delay may move per snapshot
MIN_SAMPLES = 8
MAX_EXTRAPOLATION = 0.25  # seconds
BUFFER = 64  # snapshots kept


class Interpolator:
    """Push every snapshot (with its arrival time); ask ``sample(now)`` once a frame."""

    def __init__(
        self,
        schema: SnapshotSchema,
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
        self.exclude = exclude  # the own player (predicted instead)
        self.schema = schema
        self._scale = np.asarray(schema.scales, dtype=np.float64)
        self._angles = [i for i, f in enumerate(schema.fields) if f.blend == "angle"]
        self._steps = [i for i, f in enumerate(schema.fields) if f.blend == "step"]
        self._predict = schema.predict_columns
        self._buffer: deque[tuple[int, Snapshot]] = deque(maxlen=BUFFER)

    def push(self, tick: int, snapshot: Snapshot, local_time: float) -> None:
        """A snapshot of ``tick`` arrived at ``local_time``. Older-than-newest ones are ignored;
        so is a snapshot whose columns are not the schema's."""
        if snapshot.columns != self._scale.shape[0]:
            return
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

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    @property
    def newest(self) -> tuple[int, Snapshot]:
        """The newest snapshot pushed, with its tick (IndexError when none)."""
        return self._buffer[-1]

    def render_tick(self, now: float) -> float:
        return self.clock.arrived_tick(now) - self.delay * self.tick_rate

    def sample(self, now: float) -> Frame | None:
        """Every player (but ``exclude``) at the render time, interpolated; None if empty."""
        if not self._buffer:
            return None
        t = self.render_tick(now)
        older, newer = self._bracket(t)
        tick0, snap0 = older
        if newer is None:
            ahead = min(t - tick0, MAX_EXTRAPOLATION * self.tick_rate)
            values = snap0.values.astype(np.float64) / self._scale
            if ahead > 0:
                for pos, vel in self._predict:
                    values[:, pos] += values[:, vel] * (ahead / self.tick_rate)
            return self._frame(tick0, snap0.ids, values)
        tick1, snap1 = newer
        u = 0.0 if tick1 == tick0 else min(1.0, max(0.0, (t - tick0) / (tick1 - tick0)))
        return self._frame(
            round(tick0 + (tick1 - tick0) * u), snap1.ids, self._blend(snap0, snap1, u)
        )

    def _bracket(self, t: float) -> tuple[tuple[int, Snapshot], tuple[int, Snapshot] | None]:
        items = self._buffer
        if t <= items[0][0]:
            return items[0], items[0]
        for i in range(len(items) - 1, -1, -1):
            if items[i][0] <= t:
                return items[i], (items[i + 1] if i + 1 < len(items) else None)
        return items[0], items[0]

    def _blend(self, a: Snapshot, b: Snapshot, u: float) -> npt.NDArray[np.float64]:
        va = a.values.astype(np.float64) / self._scale
        vb = b.values.astype(np.float64) / self._scale
        # Players in the newer snapshot; those new since the older one are shown as they are.
        index = {int(i): row for row, i in enumerate(a.ids.tolist())}
        out = vb.copy()
        for row, player in enumerate(b.ids.tolist()):
            old = index.get(int(player))
            if old is None:
                continue
            mix = va[old] + (vb[row] - va[old]) * u
            for j in self._angles:
                turn = np.remainder(vb[row, j] - va[old, j] + np.pi, 2 * np.pi) - np.pi
                mix[j] = va[old, j] + turn * u
            for j in self._steps:
                mix[j] = vb[row, j] if u >= 0.5 else va[old, j]
            out[row] = mix
        return out

    def _frame(
        self, tick: int, ids: npt.NDArray[np.int64], values: npt.NDArray[np.float64]
    ) -> Frame:
        keep = ids != self.exclude if self.exclude is not None else np.ones(len(ids), bool)
        return Frame(tick, ids[keep].astype(np.int64), values[keep], self.schema)
