"""Hypothesis throws > 10 000 random and mutated messages at a live HostSocket.

Every batch goes over a real DEALER on 127.0.0.1: garbage bytes, envelopes with wrong types,
huge fields, unknown types, wrong versions, multi-frame messages and byte-level mutations
of every valid sample. The host must hand back exactly one item per message (a decoded
message or a ProtocolError, or count it as rate limited), answer the errors, never raise,
and a well-formed client on the same socket must get its answers throughout.
"""

from __future__ import annotations

import time
from typing import Any

import msgpack
import pytest
import zmq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcode.codec import MAX_MESSAGE_BYTES, PROTOCOL_VERSION, decode, encode
from netcode.errors import ProtocolError
from netcode.messages import BY_TYPE_ID, Error, Message, Ping, Pong, specs_of
from netcode.server import HostSocket
from tests.netcode.conftest import DealerFactory, recv_bytes
from tests.netcode.samples import SAMPLES

BATCH = 40
EXAMPLES = 260  # x 40 = 10 400 messages
DEADLINE_S = 3.0
SENTINEL = 1e9  # attacker ping times mark the end of each batch
VALID = [encode(msg) for msg in SAMPLES.values()]
TYPE_IDS = sorted(BY_TYPE_ID)

plain = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)
    | st.floats()
    | st.text(max_size=12)
    | st.binary(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=6) | st.integers(-5, 5), inner, max_size=4)
    ),
    max_leaves=8,
)


@pytest.fixture
def curve() -> bool:
    """The fuzz runs once, against the default (encrypted) host socket."""
    return True


def pack(value: object) -> bytes:
    data: bytes = msgpack.packb(value, use_bin_type=True)
    return data


@st.composite
def wrong_fields(draw: st.DrawFn) -> list[bytes]:
    """The right version and a real type, the right field count, random field values."""
    cls = BY_TYPE_ID[draw(st.sampled_from(TYPE_IDS))]
    fields = [draw(plain) for _ in specs_of(cls)]
    return [pack([PROTOCOL_VERSION, cls.TYPE_ID, *fields])]


@st.composite
def huge_field(draw: st.DrawFn) -> list[bytes]:
    """A valid message with one field replaced by a big string, list or binary."""
    cls = BY_TYPE_ID[draw(st.sampled_from(TYPE_IDS))]
    envelope = msgpack.unpackb(encode(SAMPLES[cls.TAG]), raw=False)
    if len(envelope) <= 2:
        envelope.append(None)
    size = draw(st.integers(1_000, 30_000))
    big = draw(st.sampled_from(["x" * size, b"\0" * size, list(range(size // 4))]))
    envelope[draw(st.integers(2, len(envelope) - 1))] = big
    return [pack(envelope)]


@st.composite
def unknown_or_wrong_version(draw: st.DrawFn) -> list[bytes]:
    version = draw(st.integers(-(2**63), 2**63 - 1) | st.just(PROTOCOL_VERSION) | plain)
    type_id = draw(st.integers(-1000, 1000) | plain)
    rest = draw(st.lists(plain, max_size=6))
    return [pack([version, type_id, *rest])]


@st.composite
def mutated(draw: st.DrawFn) -> list[bytes]:
    """A valid message with bytes flipped, cut, inserted or duplicated."""
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "repeat"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif op == "cut":
            del data[at:]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            data += data[at:]
    return [bytes(data[:MAX_MESSAGE_BYTES])]


garbage = st.binary(max_size=300).map(lambda b: [b])
multi_frame = st.lists(st.sampled_from(VALID) | st.binary(max_size=40), min_size=2, max_size=3)
valid = st.sampled_from(VALID).map(lambda b: [b])

message = st.one_of(
    garbage,
    wrong_fields(),
    huge_field(),
    unknown_or_wrong_version(),
    mutated(),
    multi_frame,
    valid,
)


def drain_until(host: HostSocket, *times: float) -> list[tuple[bytes, Any]]:
    """Everything the host has until Pings with all of ``times`` arrived; answers as a host."""
    got: list[tuple[bytes, Any]] = []
    waiting = set(times)
    deadline = time.monotonic() + DEADLINE_S
    while waiting:
        for peer, item in host.drain(1000):
            got.append((peer, item))
            if isinstance(item, ProtocolError):
                host.send(peer, Error(code=item.code, message=item.message))
            elif isinstance(item, Ping):
                waiting.discard(item.client_time)
                host.send(peer, Pong(client_time=item.client_time, server_time=1.0))
        remaining = deadline - time.monotonic()
        if waiting and remaining <= 0:
            pytest.fail(f"pings {sorted(waiting)} did not arrive within {DEADLINE_S} s")
        if waiting:
            host.poll(remaining)
    return got


def empty(sock: zmq.Socket[bytes]) -> int:
    n = 0
    while True:
        try:
            sock.recv(zmq.NOBLOCK)
        except zmq.Again:
            return n
        n += 1


def test_ten_thousand_bad_messages_leave_the_host_working(
    host: HostSocket, dealer: DealerFactory
) -> None:
    attacker = dealer(host)
    good = dealer(host)
    sent = {"messages": 0, "batches": 0, "errors_back": 0, "good_pongs": 0}

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(batch=st.lists(message, min_size=BATCH, max_size=BATCH))
    def throw(batch: list[list[bytes]]) -> None:
        rate_limited_before = host.rate_limited
        for frames in batch:
            attacker.send_multipart(frames)
        sentinel = SENTINEL + sent["batches"]
        mark = -1.0 - sent["batches"]
        attacker.send(encode(Ping(client_time=sentinel)))
        good.send(encode(Ping(client_time=mark)))
        got = drain_until(host, sentinel, mark)
        sentinels = [i for i, (_, item) in enumerate(got) if item == Ping(client_time=sentinel)]
        assert len(sentinels) == 1
        # Everything from the attacker before its sentinel is the batch, in order.
        mine = [item for _, item in got[: sentinels[0]] if item != Ping(client_time=mark)]
        dropped = host.rate_limited - rate_limited_before
        assert len(mine) + dropped == len(batch)
        for item in mine:
            assert isinstance(item, (ProtocolError, *_MESSAGE_CLASSES))
        # The well-formed client is answered (its ping may come before or after the sentinel).
        pong = decode(recv_bytes(good), local="client")
        assert pong == Pong(client_time=mark, server_time=1.0)
        sent["good_pongs"] += 1
        sent["messages"] += len(batch)
        sent["batches"] += 1
        sent["errors_back"] += empty(attacker)

    throw()
    assert sent["messages"] >= 10_000
    assert sent["good_pongs"] == sent["batches"]
    assert host.malformed > sent["messages"] // 2  # most of it really was bad
    assert sent["errors_back"] > 0
    # Still a working socket: one more round trip.
    good.send(encode(Ping(client_time=-0.5)))
    (peer, item), *_ = _wait_one(host)
    assert item == Ping(client_time=-0.5)
    assert host.send(peer, Pong(client_time=-0.5, server_time=2.0))
    assert decode(recv_bytes(good), local="client") == Pong(client_time=-0.5, server_time=2.0)


_MESSAGE_CLASSES = tuple(BY_TYPE_ID.values())


def _wait_one(host: HostSocket) -> list[tuple[bytes, Message | ProtocolError]]:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if host.poll(deadline - time.monotonic()):
            got = host.drain(10)
            if got:
                return got
    pytest.fail("nothing arrived")


def test_an_oversized_message_costs_only_its_sender_the_connection(
    host: HostSocket, dealer: DealerFactory
) -> None:
    """Over MAXMSGSIZE ZeroMQ drops the sender's connection; others are not affected."""
    big = dealer(host)
    good = dealer(host)
    good.send(encode(Ping(client_time=1.0)))
    assert [item for _, item in _wait_one(host)] == [Ping(client_time=1.0)]
    big.send(b"\x93" + b"x" * (MAX_MESSAGE_BYTES + 10))
    good.send(encode(Ping(client_time=2.0)))
    got = _wait_one(host)
    assert [item for _, item in got] == [Ping(client_time=2.0)]
    assert host.send(got[0][0], Pong(client_time=2.0, server_time=0.0))
    assert decode(recv_bytes(good), local="client") == Pong(client_time=2.0, server_time=0.0)
    with pytest.raises(ProtocolError, match="at most 65536"):
        decode(b"\x93" + b"x" * MAX_MESSAGE_BYTES)
