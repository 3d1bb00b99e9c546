"""The host's snapshot history (60 ticks) and the choice full-or-delta per client."""

from __future__ import annotations

from collections import OrderedDict

from netcode.messages import DeltaUpdate, StateUpdate
from netcode.snapshot import LanderSnapshot, delta_between

HISTORY_TICKS = 60


class SnapshotHistory:
    """Snapshots by tick, the newest ``capacity`` kept. One per room."""

    def __init__(self, capacity: int = HISTORY_TICKS) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.capacity = capacity
        self._by_tick: OrderedDict[int, LanderSnapshot] = OrderedDict()

    def add(self, tick: int, snapshot: LanderSnapshot) -> None:
        if self._by_tick and tick <= next(reversed(self._by_tick)):
            raise ValueError(f"tick {tick} is not after the newest kept snapshot")
        self._by_tick[tick] = snapshot
        while len(self._by_tick) > self.capacity:
            self._by_tick.popitem(last=False)

    def get(self, tick: int) -> LanderSnapshot | None:
        return self._by_tick.get(tick)

    def ticks(self) -> list[int]:
        return list(self._by_tick)

    def update_for(
        self, tick: int, ack_sequence: int, acked_tick: int
    ) -> StateUpdate | DeltaUpdate:
        """What to send a client that holds ``acked_tick``: a delta if that baseline is still
        kept and has the same landers, else the full snapshot of ``tick``."""
        current = self._by_tick.get(tick)
        if current is None:
            raise KeyError(f"no snapshot of tick {tick} in the history")
        base = self._by_tick.get(acked_tick) if acked_tick < tick else None
        if base is not None and len(base) == len(current) and (base.ids == current.ids).all():
            delta = delta_between(base, acked_tick, current, tick)
            return DeltaUpdate(tick=tick, ack_sequence=ack_sequence, delta=delta)
        return StateUpdate(tick=tick, ack_sequence=ack_sequence, landers=current)
