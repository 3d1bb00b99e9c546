"""Input rate limit and flags (fake clock), and the host's full-or-delta choice."""

from __future__ import annotations

import time

import numpy as np
import pytest
import zmq

from netcode.codec import decode, encode
from netcode.history import SnapshotHistory
from netcode.messages import DeltaUpdate, Error, Input, Ping, StateUpdate
from netcode.ratelimit import TokenBucket
from netcode.server import HostSocket
from netcode.snapshot import Snapshot
from tests.netcode.conftest import DealerFactory
from tests.netcode.samples import BASE, LATER, PREDICT


def test_token_bucket_allows_the_rate_and_a_burst() -> None:
    bucket = TokenBucket(rate=30, burst=10, now=0.0)
    assert sum(bucket.take(0.0) for _ in range(50)) == 10
    allowed = sum(bucket.take(i / 120) for i in range(1, 241))  # 2 s at 120 tries/s
    assert allowed == 60
    with pytest.raises(ValueError, match=r"burst must be at least 1"):
        TokenBucket(rate=30, burst=0.5, now=0.0)


Got = tuple[bytes, object]


def frames(sock: zmq.Socket[bytes], settle: float = 0.2) -> list[bytes]:
    """Everything the host sent to a dealer, waiting ``settle`` s for stragglers."""
    out = []
    while sock.poll(round(settle * 1000)):
        out.append(sock.recv())
    return out


def drain_until(
    sock: HostSocket, received: int, timeout: float = 5.0
) -> list[tuple[bytes, object]]:
    """What the host passes on until it has read ``received`` messages in all (the ones it
    drops for the rate limit count as read but are not passed on)."""
    deadline = time.monotonic() + timeout
    got: list[Got] = []
    while sock.received < received:
        if time.monotonic() > deadline:
            pytest.fail(f"the host read {sock.received} of {received} messages in {timeout} s")
        if sock.poll(0.05):
            got.extend(sock.drain(1000))
    return got


def test_host_drops_inputs_beyond_30_a_second_tells_and_flags_abuse_once(
    zctx: zmq.Context[zmq.Socket[bytes]], dealer: DealerFactory
) -> None:
    now = [50.0]
    with HostSocket("127.0.0.1", 0, context=zctx, clock=lambda: now[0], input_rate=30.0) as sock:
        spammer, calm = dealer(sock), dealer(sock)
        for seq in range(100):
            spammer.send(encode(Input(seq, (0.5, 0.0, False), -1)))
        calm.send(encode(Input(0, (0.5, 0.0, False), -1)))
        calm.send(encode(Ping(client_time=1.0)))
        got = drain_until(sock, 102)
        inputs_by_peer: dict[bytes, int] = {}
        for peer, msg in got:
            if isinstance(msg, Input):
                inputs_by_peer[peer] = inputs_by_peer.get(peer, 0) + 1
        assert sorted(inputs_by_peer.values()) == [1, 10]  # the burst, then nothing at t=50
        assert sock.rate_limited == 90
        flags = sock.take_flags()
        assert [(f.kind, f.detail) for f in flags] == [
            ("rate_limited", "more than twice the 30 inputs/s allowed")
        ]
        told = [decode(m) for m in frames(spammer)]
        assert [(e.code, e.message) for e in told if isinstance(e, Error)] == [
            ("rate_limited", "more than 30 inputs a second: the excess was dropped")
        ]  # once, not 90 times
        assert frames(calm) == []
        assert sock.take_flags() == []
        now[0] = 51.0  # a second later: 30 more allowed
        for seq in range(100, 140):
            spammer.send(encode(Input(seq, (0.5, 0.0, False), -1)))
        later = drain_until(sock, 142)
        assert sum(isinstance(m, Input) for _, m in later) == 10  # bucket capped at the burst
        assert sock.rate_limited == 120


def test_history_sends_deltas_against_the_acked_tick_only() -> None:
    history = SnapshotHistory(PREDICT, capacity=3)
    history.add(120, BASE)
    history.add(124, LATER)
    assert isinstance(history.update_for(124, 5, acked_tick=-1), StateUpdate)
    update = history.update_for(124, 5, acked_tick=120)
    assert isinstance(update, DeltaUpdate)
    assert update.delta.span == 4 and update.delta.apply(BASE, PREDICT) == LATER
    others = Snapshot(ids=np.array([1, 2]), values=BASE.values[:2])
    history.add(126, others)
    history.add(128, others)  # 120 falls out of the 3-tick history
    assert history.ticks() == [124, 126, 128]
    assert isinstance(history.update_for(128, 6, acked_tick=120), StateUpdate)
    assert isinstance(history.update_for(126, 6, acked_tick=124), StateUpdate)  # ids differ
    with pytest.raises(ValueError, match=r"not after the newest"):
        history.add(127, BASE)


def test_a_client_a_little_too_fast_is_told_but_never_flagged(
    zctx: zmq.Context[zmq.Socket[bytes]], dealer: DealerFactory
) -> None:
    """40 inputs a second (a buggy but honest client) for 10 s: the excess is dropped and
    the client told once a second; no flag, so no bar."""
    now = [10.0]
    with HostSocket("127.0.0.1", 0, context=zctx, clock=lambda: now[0], input_rate=30.0) as sock:
        client = dealer(sock)
        seq = 0
        for _ in range(10):
            for _ in range(40):
                client.send(encode(Input(seq, (0.5, 0.0, False), -1)))
                seq += 1
            drain_until(sock, seq)
            now[0] += 1.0
        assert sock.rate_limited > 0 and sock.take_flags() == []
        told = [decode(m) for m in frames(client)]
        assert 5 <= sum(isinstance(e, Error) and e.code == "rate_limited" for e in told) <= 10
