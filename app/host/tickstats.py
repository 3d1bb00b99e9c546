"""How long the host's ticks take: the wall time of each tick's work (every room's step,
snapshots encoded and sent), the last :data:`KEPT` ticks, for the console and benchmarks."""

from __future__ import annotations

import time
from collections import deque

KEPT = 8192  # ticks kept: over two minutes at 60 Hz


class TickStats:
    def __init__(self) -> None:
        self._ms: deque[float] = deque(maxlen=KEPT)
        self._late_ms: deque[float] = deque(maxlen=KEPT)
        self._cpu_ms: deque[float] = deque(maxlen=KEPT)
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
        return list(self._cpu_ms)

    def durations_ms(self) -> list[float]:
        """The kept ticks' work, oldest first (ms)."""
        return list(self._ms)

    def late_ms(self) -> list[float]:
        """How late each kept tick started after it was due (ms of wall time)."""
        return list(self._late_ms)


now = time.perf_counter
cpu = time.thread_time
