"""The host's tick figures: the last KEPT ticks, oldest first, kept without an object per
figure (long-lived floats churned every tick fragmented pymalloc's pools)."""

from __future__ import annotations

import sys

from app.host.tickstats import KEPT, TickStats


def test_the_last_kept_ticks_oldest_first_across_the_wrap() -> None:
    stats = TickStats()
    assert stats.durations_ms() == [] and stats.late_ms() == [] and stats.cpu_ms() == []
    for i in range(3):
        stats.add(i / 1000, -1.0, i / 2000)  # a tick early counts as 0 ms late
    assert stats.durations_ms() == [0.0, 1.0, 2.0]
    assert stats.late_ms() == [0.0, 0.0, 0.0]
    assert stats.cpu_ms() == [0.0, 0.5, 1.0]
    for i in range(3, KEPT + 5):
        stats.add(i / 1000, i / 1000)
    kept = stats.durations_ms()
    assert len(kept) == KEPT and stats.ticks == KEPT + 5
    assert kept[0] == 5.0 and kept[-1] == float(KEPT + 4)
    assert kept == sorted(kept) and stats.late_ms() == kept
    stats.clear()
    assert stats.durations_ms() == []
    stats.add(0.007, 0.0)
    assert stats.durations_ms() == [7.0]


def test_keeping_two_minutes_of_ticks_allocates_no_object_per_tick() -> None:
    stats = TickStats()
    before = sys.getallocatedblocks()
    for i in range(KEPT):
        stats.add(i * 1e-6, i * 1e-6, i * 1e-6)
    grown = sys.getallocatedblocks() - before
    assert grown < 100, f"{grown} Python blocks kept for {KEPT} ticks"
