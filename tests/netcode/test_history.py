"""The host's fast path: one packed snapshot body per tick and baseline, shared by clients."""

from __future__ import annotations

import pytest

from netcode.codec import decode, encode
from netcode.errors import ProtocolError
from netcode.history import SnapshotHistory
from netcode.messages import DeltaUpdate, StateUpdate
from tests.netcode.samples import PREDICT, arrays, moved
from tests.netcode.samples import encode as encode_rows


def flight(history: SnapshotHistory, ticks: int, n: int = 8) -> list[int]:
    """Snapshots of ``n`` landers flying, every 2 ticks; returns the ticks added."""
    start = arrays(n, seed=5)
    added = []
    for tick in range(2, ticks + 1, 2):
        history.add(tick, encode_rows(moved(start, tick / 60)))
        added.append(tick)
    return added


def test_encoded_updates_are_the_bytes_of_encode() -> None:
    history = SnapshotHistory(PREDICT)
    ticks = flight(history, 80)
    now = ticks[-1]
    # Every kind of client: never acked, acked a kept tick, acked one dropped, acked the future.
    for acked in (-1, ticks[0], ticks[-2], ticks[-5], now, now + 2, 1):
        for ack_sequence in (-1, 0, 77):
            want = encode(history.update_for(now, ack_sequence, acked))
            assert history.encoded_update_for(now, ack_sequence, acked) == want


def test_one_body_per_baseline_however_many_clients() -> None:
    history = SnapshotHistory(PREDICT)
    ticks = flight(history, 40)
    now = ticks[-1]
    acked = [ticks[-2]] * 6 + [ticks[-3]] * 2 + [-1] * 3  # 11 clients, 3 distinct baselines
    sent = [history.encoded_update_for(now, seq, a) for seq, a in enumerate(acked)]
    assert history.bodies_packed == 3
    kinds = [type(decode(data, local="client")) for data in sent]
    assert kinds == [DeltaUpdate] * 8 + [StateUpdate] * 3
    assert [decode(d, local="client").ack_sequence for d in sent] == list(range(11))  # type: ignore[union-attr]
    history.add(now + 2, history.get(now))  # type: ignore[arg-type]
    history.encoded_update_for(now + 2, 0, now)
    assert history.bodies_packed == 4  # a new tick packs afresh


def test_bad_requests_change_nothing() -> None:
    history = SnapshotHistory(PREDICT)
    ticks = flight(history, 10)
    with pytest.raises(KeyError, match=r"no snapshot of tick 999"):
        history.encoded_update_for(999, 0, ticks[0])
    with pytest.raises(ProtocolError, match=r"state_update.ack_sequence must be within"):
        history.encoded_update_for(ticks[-1], -7, -1)
    assert history.ticks() == ticks


def test_encoded_updates_of_an_older_tick_after_a_newer_one() -> None:
    # The per-tick caches never serve one tick's header or body for another.
    history = SnapshotHistory(PREDICT)
    ticks = flight(history, 40)
    now, older = ticks[-1], ticks[-3]
    for tick, acked in ((now, ticks[-2]), (older, ticks[-5]), (now, -1), (older, -1)):
        want = encode(history.update_for(tick, 9, acked))
        assert history.encoded_update_for(tick, 9, acked) == want


@pytest.mark.parametrize("n", [1, 8, 200])
def test_encoded_updates_match_encode_for_small_and_large_rooms(n: int) -> None:
    history = SnapshotHistory(PREDICT)
    ticks = flight(history, 20, n=n)
    now = ticks[-1]
    for acked in (ticks[-2], ticks[0], -1):
        want = encode(history.update_for(now, 3, acked))
        got = history.encoded_update_for(now, 3, acked)
        assert got == want
        assert decode(got, local="client") == decode(want, local="client")
