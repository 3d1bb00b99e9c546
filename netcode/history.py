"""The host's snapshot history (60 ticks) and the choice full-or-delta per client.

:meth:`SnapshotHistory.encoded_update_for` is the host's fast path: the snapshot part of an
update (the full snapshot, or the delta against one baseline) is computed and packed once
per tick and baseline, however many clients share it (a delta straight to its wire form,
:func:`netcode.snapshot.delta_wire`, in plain Python for a small room); the envelope start
with the tick is packed once per tick and message type, so only ``ack_sequence`` is packed
per client. Its bytes are exactly those of ``codec.encode(update_for(...))``.
"""

from __future__ import annotations

from collections import OrderedDict

import msgpack

from netcode.codec import envelope_start, join_envelope, pack_field
from netcode.messages import DeltaUpdate, StateUpdate
from netcode.snapshot import Predict, Snapshot, delta_between, delta_wire

UpdateType = type[StateUpdate | DeltaUpdate]

HISTORY_TICKS = 60


class SnapshotHistory:
    """Snapshots by tick, the newest ``capacity`` kept. One per room and round; ``predict``
    is the (position, velocity) column pairs of the round's schema."""

    def __init__(self, predict: Predict = (), capacity: int = HISTORY_TICKS) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.capacity = capacity
        self.predict = tuple(predict)
        self._by_tick: OrderedDict[int, Snapshot] = OrderedDict()
        # (tick, acked tick) -> the message type and its packed snapshot field.
        self._packed: dict[tuple[int, int], tuple[UpdateType, bytes]] = {}
        # (message type, tick) -> the envelope start up to the tick; cleared as _packed is.
        self._starts: dict[tuple[UpdateType, int], bytes] = {}
        self.bodies_packed = 0  # snapshot fields computed and packed (not taken from the cache)

    def add(self, tick: int, snapshot: Snapshot) -> None:
        if self._by_tick and tick <= next(reversed(self._by_tick)):
            raise ValueError(f"tick {tick} is not after the newest kept snapshot")
        self._by_tick[tick] = snapshot
        self._packed.clear()  # bodies are only reused for the newest tick
        self._starts.clear()
        while len(self._by_tick) > self.capacity:
            self._by_tick.popitem(last=False)

    def get(self, tick: int) -> Snapshot | None:
        return self._by_tick.get(tick)

    def ticks(self) -> list[int]:
        return list(self._by_tick)

    def _baseline(self, tick: int, current: Snapshot, acked_tick: int) -> int:
        """The tick to delta against (-1: none, send the full snapshot)."""
        base = self._by_tick.get(acked_tick) if acked_tick < tick else None
        if base is not None and len(base) == len(current) and (base.ids == current.ids).all():
            return acked_tick
        return -1

    def _current(self, tick: int) -> Snapshot:
        current = self._by_tick.get(tick)
        if current is None:
            raise KeyError(f"no snapshot of tick {tick} in the history")
        return current

    def update_for(
        self, tick: int, ack_sequence: int, acked_tick: int
    ) -> StateUpdate | DeltaUpdate:
        """What to send a client that holds ``acked_tick``: a delta if that baseline is still
        kept and has the same rows, else the full snapshot of ``tick``."""
        current = self._current(tick)
        base_tick = self._baseline(tick, current, acked_tick)
        if base_tick >= 0:
            delta = delta_between(self._by_tick[base_tick], base_tick, current, tick, self.predict)
            return DeltaUpdate(tick=tick, ack_sequence=ack_sequence, delta=delta)
        return StateUpdate(tick=tick, ack_sequence=ack_sequence, snapshot=current)

    def encoded_update_for(self, tick: int, ack_sequence: int, acked_tick: int) -> bytes:
        """``codec.encode(self.update_for(tick, ack_sequence, acked_tick))``, made cheaply:
        the snapshot part is packed once per (tick, baseline) and reused for every client."""
        packed = self._packed.get((tick, acked_tick))
        if packed is None:
            packed = self._pack(tick, acked_tick)
            self._packed[(tick, acked_tick)] = packed
        cls, body = packed
        start = self._starts.get((cls, tick))
        if start is None:
            start = self._starts[(cls, tick)] = envelope_start(cls, (tick,))
        return join_envelope(cls, start, (pack_field(cls, "ack_sequence", ack_sequence), body))

    def _pack(self, tick: int, acked_tick: int) -> tuple[UpdateType, bytes]:
        current = self._current(tick)
        base_tick = self._baseline(tick, current, acked_tick)
        known = self._packed.get((tick, base_tick))  # another acked tick, same baseline
        if known is not None:
            return known
        self.bodies_packed += 1
        if base_tick >= 0:
            # The delta's wire form, as pack_field(DeltaUpdate, "delta", delta_between(...))
            # packs it, without building the Delta.
            wire = delta_wire(self._by_tick[base_tick], base_tick, current, tick, self.predict)
            packed: bytes = msgpack.packb(wire, use_bin_type=True)
            return DeltaUpdate, packed
        return StateUpdate, pack_field(StateUpdate, "snapshot", current)
