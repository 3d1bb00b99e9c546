"""HostSocket over real ZeroMQ sockets on 127.0.0.1."""

from __future__ import annotations

import asyncio
import time

import msgpack
import pytest
import zmq

from netcode.codec import decode, encode
from netcode.errors import ProtocolError, TransportError
from netcode.messages import PROTOCOL_VERSION, Error, Event, Input, Ping, Pong
from netcode.server import HostSocket
from tests.netcode.conftest import DealerFactory, drain_host, recv_bytes
from tests.netcode.samples import SAMPLES


def test_every_client_message_arrives_and_every_host_message_goes_back(
    host: HostSocket, dealer: DealerFactory
) -> None:
    client = dealer(host)
    to_host = [m for m in SAMPLES.values() if type(m).DIRECTION == "client"]
    for msg in to_host:
        client.send(encode(msg))
    got = drain_host(host, len(to_host))
    assert [m for _, m in got] == to_host
    peer = got[0][0]
    assert {p for p, _ in got} == {peer}
    to_client = [m for m in SAMPLES.values() if type(m).DIRECTION == "host"]
    for msg in to_client:
        assert host.send(peer, msg)
    assert [decode(recv_bytes(client), local="client") for _ in to_client] == to_client
    stats = host.stats()
    assert (stats.received, stats.sent, stats.malformed, stats.dropped) == (
        len(to_host),
        len(to_client),
        0,
        0,
    )
    assert stats.bytes_sent == sum(len(encode(m)) for m in to_client)


def test_malformed_messages_are_returned_counted_and_answerable(
    host: HostSocket, dealer: DealerFactory
) -> None:
    good, bad = dealer(host), dealer(host)
    ping = Ping(client_time=1.0)
    bad.send(b"\xff\x00garbage")
    good.send(encode(ping))
    bad.send_multipart([b"two", b"frames"])
    bad.send(bytes([0x93, 0x09, 0x03, 0x01]))  # [9, 3, 1]: another version
    got = drain_host(host, 4)
    errors = [(p, m) for p, m in got if isinstance(m, ProtocolError)]
    assert [m.code for _, m in errors] == ["bad_message", "bad_message", "bad_version"]
    assert host.malformed == 3
    good_peer = next(p for p, m in got if m == ping)
    for peer, err in errors:
        assert host.send(peer, Error(code=err.code, message=str(err)))
    host.send(good_peer, Pong(client_time=1.0, server_time=2.0))
    assert decode(recv_bytes(good)) == Pong(client_time=1.0, server_time=2.0)
    answers = [decode(recv_bytes(bad)) for _ in errors]
    assert [a.code for a in answers if isinstance(a, Error)] == [
        "bad_message",
        "bad_message",
        "bad_version",
    ]
    assert isinstance(answers[2], Error)
    assert answers[2].message == (
        f"protocol version 9 not supported by this host (speaks {PROTOCOL_VERSION})"
    )


def test_port_in_use_is_one_clear_line(host: HostSocket) -> None:
    other = HostSocket("127.0.0.1", host.port)
    with pytest.raises(TransportError) as info:
        other.start()
    assert str(info.value) == f"port {host.port} on 127.0.0.1 is already in use"
    other.close()


@pytest.mark.parametrize(
    ("bind", "needle"),
    [
        ("moon.base", "cannot bind to 'moon.base': not an IP address"),
        ("192.0.2.77", "cannot bind to '192.0.2.77': not an address of this machine"),
    ],
)
def test_bad_bind_addresses_are_named(bind: str, needle: str) -> None:
    sock = HostSocket(bind, 0)
    with pytest.raises(TransportError) as info:
        sock.start()
    assert str(info.value) == needle
    sock.close()


def test_sending_to_a_vanished_peer_is_a_counted_drop(
    host: HostSocket, dealer: DealerFactory
) -> None:
    assert host.send(b"\x00nobody", Ping(client_time=0.0)) is False
    client = dealer(host)
    client.send(encode(Ping(client_time=0.0)))
    [(peer, _)] = drain_host(host, 1)
    client.close(linger=0)
    deadline = time.monotonic() + 3.0
    while host.send(peer, Pong(client_time=0.0, server_time=0.0)):
        assert time.monotonic() < deadline, "the vanished peer was never noticed"
        host.poll(0.01)  # let the I/O thread see the disconnect
    assert host.unroutable == 2
    assert host.dropped == 2


def test_a_peer_that_never_reads_cannot_stall_the_host(
    zctx: zmq.Context[zmq.Socket[bytes]], dealer: DealerFactory
) -> None:
    with HostSocket("127.0.0.1", 0, send_hwm=2, context=zctx) as small:
        client = dealer(small)
        client.setsockopt(zmq.RCVHWM, 1)
        client.send(encode(Ping(client_time=0.0)))
        [(peer, _)] = drain_host(small, 1)
        big = Event(tick=1, kind="blob", data={"x": "m" * 60_000})
        slowest = 0.0
        queued = 0
        for _ in range(400):  # 24 MB: far more than the kernel buffers
            t0 = time.perf_counter()
            queued += small.send(peer, big)
            slowest = max(slowest, time.perf_counter() - t0)
        assert small.dropped > 0
        assert small.dropped + queued == 400
        assert slowest < 0.05


def test_wait_readable_wakes_on_arrival_and_times_out(
    host: HostSocket, dealer: DealerFactory
) -> None:
    client = dealer(host)

    async def scenario() -> tuple[bool, float, bool, float]:
        t0 = time.perf_counter()
        idle = await host.wait_readable(0.05)
        idle_s = time.perf_counter() - t0
        loop = asyncio.get_running_loop()
        loop.call_later(0.02, client.send, encode(Ping(client_time=3.0)))
        t1 = time.perf_counter()
        woke = await host.wait_readable(5.0)
        return idle, idle_s, woke, time.perf_counter() - t1

    idle, idle_s, woke, woke_s = asyncio.run(scenario())
    assert idle is False and 0.04 <= idle_s < 1.0
    assert woke is True and woke_s < 1.0
    assert [m for _, m in host.drain(10)] == [Ping(client_time=3.0)]
    host.close()


def test_silent_peers_use_the_host_clock(
    zctx: zmq.Context[zmq.Socket[bytes]], dealer: DealerFactory
) -> None:
    now = [100.0]
    with HostSocket("127.0.0.1", 0, context=zctx, clock=lambda: now[0]) as sock:
        a, b = dealer(sock), dealer(sock)
        a.send(encode(Input(sequence=0, controls=(0.0, 0.0, False), ack_tick=-1)))
        [(peer_a, _)] = drain_host(sock, 1)
        now[0] = 104.0
        b.send(encode(Ping(client_time=0.0)))
        [(peer_b, _)] = drain_host(sock, 1)
        now[0] = 106.0
        assert sock.silent_peers(3.0) == [peer_a]
        assert sock.last_heard(peer_b) == 104.0
        sock.forget(peer_a)
        assert sock.silent_peers(1.0) == [peer_b]


def test_using_a_closed_socket_is_a_transport_error() -> None:
    sock = HostSocket()
    with pytest.raises(TransportError, match=r"not started"):
        sock.drain(1)
    sock.start()
    sock.close()
    sock.close()
    with pytest.raises(TransportError, match=r"not started"):
        sock.send(b"x", Ping(client_time=0.0))


def test_the_rtt_a_peer_reports_is_kept_per_peer(
    zctx: zmq.Context[zmq.Socket[bytes]], dealer: DealerFactory
) -> None:
    now = [10.0]
    with HostSocket("127.0.0.1", 0, context=zctx, clock=lambda: now[0]) as sock:
        old, new = dealer(sock), dealer(sock)
        old.send(bytes([0x93, PROTOCOL_VERSION, 0x06]) + bytes.fromhex("cb4029000000000000"))
        [(peer_old, ping)] = drain_host(sock, 1)
        assert ping == Ping(client_time=12.5, rtt_ms=None)
        now[0] = 11.0
        new.send(encode(Ping(client_time=1.0, rtt_ms=42.5)))
        [(peer_new, _)] = drain_host(sock, 1)
        info = sock.peer_info(peer_new)
        assert info is not None and (info.rtt_ms, info.rtt_reported_at) == (42.5, 11.0)
        old_info = sock.peer_info(peer_old)
        assert old_info is not None and old_info.rtt_ms is None and old_info.last_heard == 10.0
        now[0] = 12.0
        new.send(encode(Ping(client_time=2.0)))  # no estimate this time: the last one stays
        new.send(msgpack.packb([PROTOCOL_VERSION, Ping.TYPE_ID, 3.0, -5.0]))
        drain_host(sock, 2)
        info = sock.peer_info(peer_new)
        assert info is not None and (info.rtt_ms, info.last_heard) == (42.5, 12.0)
        assert sock.malformed == 1  # the negative rtt was refused and changed nothing
        sock.forget(peer_new)
        assert sock.peer_info(peer_new) is None


def test_send_many_queues_each_and_counts_what_was_dropped(
    host: HostSocket, dealer: DealerFactory
) -> None:
    a, b = dealer(host), dealer(host)
    a.send(encode(Ping(client_time=1.0)))
    [(peer_a, _)] = drain_host(host, 1)
    b.send(encode(Ping(client_time=2.0)))
    [(peer_b, _)] = drain_host(host, 1)
    pong_a, pong_b = Pong(1.0, 10.0), Pong(2.0, 20.0)
    batch = [(peer_a, encode(pong_a)), (b"\x00nobody", encode(pong_a)), (peer_b, encode(pong_b))]
    assert host.send_many(batch) == 2
    assert decode(recv_bytes(a), local="client") == pong_a
    assert decode(recv_bytes(b), local="client") == pong_b
    assert (host.sent, host.dropped, host.unroutable) == (2, 1, 1)
