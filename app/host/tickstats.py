"""How long the host's ticks take: the wall time of each tick's work (every room's step,
snapshots encoded and sent), the last :data:`KEPT` ticks, for the console and benchmarks.

The figures live in fixed ``array('d')`` rings, not deques of floats: a float object per
figure per tick, each living two minutes among the tick's short-lived objects, left
pymalloc pools part-used for good (the 30-minute soak's slow RSS creep)."""

from __future__ import annotations

import time
from array import array

KEPT = 8192  # ticks kept: over two minutes at 60 Hz


class _Ring:
    """The last :data:`KEPT` floats appended, in unboxed storage."""

    __slots__ = ("_count", "_next", "_values")

    def __init__(self) -> None:
        self._values = array("d", bytes(8 * KEPT))
        self._next = 0
        self._count = 0

    def append(self, value: float) -> None:
        self._values[self._next] = value
        self._next = (self._next + 1) % KEPT
        if self._count < KEPT:
            self._count += 1

    def clear(self) -> None:
        self._next = self._count = 0

    def oldest_first(self) -> list[float]:
        if self._count < KEPT:
            return self._values[: self._count].tolist()
        return self._values[self._next :].tolist() + self._values[: self._next].tolist()


class TickStats:
    def __init__(self) -> None:
        self._ms = _Ring()
        self._late_ms = _Ring()
        self._cpu_ms = _Ring()
        self.ticks = 0
        self.passes = 0  # passes of the host loop: each reads the socket once

    def add(self, took_s: float, late_s: float, cpu_s: float = 0.0) -> None:
        self._ms.append(took_s * 1000.0)
        self._late_ms.append(max(0.0, late_s) * 1000.0)
        self._cpu_ms.append(cpu_s * 1000.0)
        self.ticks += 1

    def clear(self) -> None:
        self._ms.clear()
        self._late_ms.clear()
        self._cpu_ms.clear()

    def cpu_ms(self) -> list[float]:
        """The host thread's CPU time in each kept tick (ms): the tick's own work, without
        the time other programs held the core (wall minus this)."""
        return self._cpu_ms.oldest_first()

    def durations_ms(self) -> list[float]:
        """The kept ticks' work, oldest first (ms)."""
        return self._ms.oldest_first()

    def late_ms(self) -> list[float]:
        """How late each kept tick started after it was due (ms of wall time)."""
        return self._late_ms.oldest_first()


now = time.perf_counter
cpu = time.thread_time
