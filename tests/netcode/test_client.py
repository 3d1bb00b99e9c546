"""ClientConnection against a real HostSocket loop on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Awaitable, Callable

import pytest
import zmq

from game.lander import GAME
from netcode.client import ClientConnection, HostUnreachable, JoinRefused, RecvTimeout
from netcode.errors import KeyMismatch, TransportError
from netcode.keys import HostKeys
from netcode.messages import DeltaUpdate, FullState, Ping, StateUpdate, Welcome
from netcode.server import HostSocket
from netcode.snapshot import delta_between
from tests.netcode.minihost import MiniHost
from tests.netcode.samples import BASE, LATER, PREDICT

Ctx = zmq.Context[zmq.Socket[bytes]]


def run_with_host(
    ctx: Ctx, body: Callable[[MiniHost, int], Awaitable[None]], curve: bool = True
) -> None:
    async def main() -> None:
        sock = HostSocket("127.0.0.1", 0, context=ctx, curve=curve)
        sock.start()
        async with MiniHost(sock) as host:
            await asyncio.wait_for(body(host, sock.port), timeout=20)

    asyncio.run(main())


async def until(check: Callable[[], bool], timeout: float = 3.0) -> None:
    """Poll ``check`` with a deadline (yielding to the loop in between)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        await asyncio.sleep(0.005)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_join_then_messages_in_order(zctx: Ctx, curve: bool) -> None:
    async def body(host: MiniHost, port: int) -> None:
        conn = ClientConnection(context=zctx)
        await conn.connect("127.0.0.1", port, server_key=host.sock.public_key)
        welcome = await conn.join("MOON42", "Ada", 3, timeout=3.0)
        assert welcome == Welcome(
            player_id=1,
            token="token-1",
            tick_rate=60,
            snapshot_rate=30,
            class_name="7B",
            game=GAME.wire(),
        )
        first = await conn.recv(timeout=3.0)
        assert isinstance(first, FullState) and first.phase == "lobby"
        conn.close()

    run_with_host(zctx, body, curve)


def test_refusals_carry_the_host_code(zctx: Ctx, curve: bool) -> None:
    async def body(host: MiniHost, port: int) -> None:
        for code, nick, expected in (
            ("MARS", "Ada", "wrong_code"),
            ("MOON42", "Bob", "nickname_taken"),
        ):
            conn = ClientConnection(context=zctx)
            await conn.connect("127.0.0.1", port, server_key=host.sock.public_key)
            with pytest.raises(JoinRefused) as info:
                await conn.join(code, nick, 0, timeout=3.0)
            assert info.value.code == expected
            conn.close()

    run_with_host(zctx, body, curve)


def test_a_wrong_key_is_a_key_mismatch_not_silence(zctx: Ctx) -> None:
    """An encrypted host given a key that is not its own: the handshake fails, and the
    client says that the key is wrong, not that nothing answers."""

    async def body(host: MiniHost, port: int) -> None:
        other = zmq.curve_keypair()[0]
        conn = ClientConnection(context=zctx)
        await conn.connect("127.0.0.1", port, server_key=other)
        with pytest.raises(KeyMismatch, match="does not accept this encryption key"):
            await conn.join("MOON42", "Ada", 0, timeout=0.5)
        conn.close()
        # the right key on the same host: joined
        conn = ClientConnection(context=zctx)
        await conn.connect("127.0.0.1", port, server_key=host.sock.public_key)
        await conn.join("MOON42", "Ada", 0, timeout=3.0)
        conn.close()

    run_with_host(zctx, body, curve=True)


def test_no_host_is_host_unreachable_with_the_address(zctx: Ctx) -> None:
    port = free_port()

    async def body() -> None:
        conn = ClientConnection(context=zctx)
        await conn.connect("127.0.0.1", port)
        t0 = time.perf_counter()
        with pytest.raises(HostUnreachable) as info:
            await conn.join("MOON42", "Ada", 0, timeout=0.3)
        assert str(info.value) == f"nothing answers at 127.0.0.1:{port} within 0.3 s"
        assert not isinstance(info.value, KeyMismatch)
        assert 0.25 < time.perf_counter() - t0 < 2.0
        conn.close()

    asyncio.run(body())


def test_inputs_are_sequenced_and_carry_the_newest_tick(zctx: Ctx, curve: bool) -> None:
    async def body(host: MiniHost, port: int) -> None:
        conn = ClientConnection(context=zctx)
        await conn.connect("127.0.0.1", port, server_key=host.sock.public_key)
        welcome = await conn.join("MOON42", "Ada", 0)
        peer = host.peer_of(welcome.player_id)
        host.sock.send(peer, StateUpdate(tick=40, ack_sequence=-1, snapshot=BASE))
        await until(lambda: any(isinstance(m, StateUpdate) for m in conn.poll()))
        assert conn.latest_tick == 40
        sent = [conn.send_input((0.5, 0.1, False)), conn.send_input((1.0, -1.0, True))]
        assert sent == [0, 1]
        assert conn.send_input((0.0, 0.0, False), ack_tick=7) == 2
        await until(lambda: len(host.inputs) == 3)
        assert [(i.sequence, i.ack_tick, i.controls[2]) for i in host.inputs] == [
            (0, 40, False),
            (1, 40, True),
            (2, 7, False),
        ]
        conn.close()

    run_with_host(zctx, body, curve)


def test_read_socket_stamps_arrival_before_decoding(zctx: Ctx, curve: bool) -> None:
    """A program serving many connections reads every ready socket first: the stamp is the
    time the bytes were taken off the socket, not when the message was decoded later."""

    async def body(host: MiniHost, port: int) -> None:
        conn = ClientConnection(context=zctx, ping_interval=3600.0)
        await conn.connect("127.0.0.1", port, server_key=host.sock.public_key)
        welcome = await conn.join("MOON42", "Ada", 0)
        peer = host.peer_of(welcome.player_id)
        poller = zmq.Poller()
        poller.register(conn.zmq_socket, zmq.POLLIN)
        host.sock.send(peer, StateUpdate(tick=40, ack_sequence=-1, snapshot=BASE))
        host.sock.send(peer, StateUpdate(tick=42, ack_sequence=3, snapshot=LATER))
        read = 0
        deadline = time.monotonic() + 3.0
        while read < 2 and time.monotonic() < deadline:
            if poller.poll(50):
                before = time.monotonic()
                read += conn.read_socket()
                after = time.monotonic()
        assert read == 2 and conn.unread == 2
        assert conn.latest_tick == -1  # read, not decoded yet
        await asyncio.sleep(0.05)  # other connections' work, say
        stamped = [(m, t) for m, t in conn.poll_stamped() if isinstance(m, StateUpdate)]
        assert [m.tick for m, _ in stamped] == [40, 42]
        assert all(t <= after for _, t in stamped)
        assert before <= stamped[-1][1]
        assert conn.last_read_at == stamped[-1][1]
        assert conn.unread == 0 and conn.latest_tick == 42 and conn.ack_sequence == 3
        # recv stamps the same way (the one ping's pong is out of the way first).
        await asyncio.sleep(0.1)
        conn.poll()
        host.sock.send(peer, StateUpdate(tick=44, ack_sequence=4, snapshot=LATER))
        while not conn.read_socket():
            await asyncio.sleep(0.002)
        read_by = time.monotonic()
        await asyncio.sleep(0.05)
        msg = await conn.recv(timeout=1.0)
        while not isinstance(msg, StateUpdate):
            msg = await conn.recv(timeout=1.0)
        assert msg.tick == 44
        assert conn.last_read_at is not None and conn.last_read_at <= read_by
        conn.close()

    run_with_host(zctx, body, curve)


def test_deltas_are_rebuilt_and_a_missing_baseline_asks_for_state(zctx: Ctx, curve: bool) -> None:
    async def body(host: MiniHost, port: int) -> None:
        conn = ClientConnection(context=zctx, send_acks=True)
        await conn.connect("127.0.0.1", port, server_key=host.sock.public_key)
        welcome = await conn.join("MOON42", "Ada", 0)
        peer = host.peer_of(welcome.player_id)
        host.sock.send(peer, StateUpdate(tick=120, ack_sequence=3, snapshot=BASE))
        delta = delta_between(BASE, 120, LATER, 124, PREDICT)
        host.sock.send(peer, DeltaUpdate(tick=124, ack_sequence=4, delta=delta))
        late = delta_between(BASE, 120, LATER, 130, PREDICT)  # 10 ticks on: base 120, held
        host.sock.send(peer, DeltaUpdate(tick=130, ack_sequence=5, delta=late))
        orphan = delta_between(BASE, 99, LATER, 124, PREDICT)
        host.sock.send(peer, DeltaUpdate(tick=124, ack_sequence=5, delta=orphan))
        updates: list[StateUpdate] = []
        while len(updates) < 3:
            msg = await conn.recv(timeout=3.0)
            if isinstance(msg, StateUpdate):
                updates.append(msg)
        assert [(u.tick, u.ack_sequence) for u in updates] == [(120, 3), (124, 4), (130, 5)]
        assert updates[1].snapshot == LATER
        assert updates[2].snapshot == late.apply(BASE, PREDICT)
        await until(lambda: host.requests == 1 or bool(conn.poll() and False))
        assert conn.delta_misses == 1
        assert conn.history_ticks() == [120, 124, 130]
        assert conn.latest_tick == 130 and conn.snapshot == updates[2].snapshot
        await until(lambda: 130 in host.acks or bool(conn.poll() and False))
        conn.close()

    run_with_host(zctx, body, curve)


def test_rtt_from_ping_and_recv_timeout(zctx: Ctx, curve: bool) -> None:
    async def body(host: MiniHost, port: int) -> None:
        conn = ClientConnection(context=zctx, ping_interval=0.05)
        await conn.connect("127.0.0.1", port, server_key=host.sock.public_key)
        await conn.join("MOON42", "Ada", 0)
        await until(lambda: conn.poll() is not None and conn.rtt is not None)
        assert conn.rtt is not None and 0 < conn.rtt < 0.5
        assert conn.clock_offset is not None
        conn.poll()
        with pytest.raises(RecvTimeout, match=r"no message from 127\.0\.0\.1:\d+ within 0\.1 s"):
            conn2 = ClientConnection(context=zctx)
            await conn2.connect("127.0.0.1", port, server_key=host.sock.public_key)
            try:
                await conn2.recv(timeout=0.1)
            finally:
                conn2.close()
        conn.close()

    run_with_host(zctx, body, curve)


def test_reconnects_into_the_same_seat_after_the_host_restarts(zctx: Ctx, curve: bool) -> None:
    async def main() -> None:
        keys = HostKeys.generate() if curve else None
        sock = HostSocket("127.0.0.1", 0, context=zctx, curve=curve, keys=keys)
        sock.start()
        port = sock.port
        first = MiniHost(sock)
        await first.__aenter__()
        conn = ClientConnection(
            context=zctx,
            host_timeout=0.3,
            reconnect_delays=(0.05, 0.1, 0.2, 0.4, 0.8),
            join_timeout=0.5,
        )
        await conn.connect("127.0.0.1", port, server_key=sock.public_key)
        welcome = await conn.join("MOON42", "Ada", 2)
        await first.stop()  # the host goes away (its socket closed)
        again = HostSocket("127.0.0.1", port, context=zctx, curve=curve, keys=keys)

        def rebound() -> bool:  # ZeroMQ unbinds in its I/O thread, a moment after close
            try:
                again.start()
            except TransportError:
                return False
            return True

        await until(rebound)
        second = MiniHost(again, seats=dict(first.seats))
        async with second:
            t0 = time.monotonic()
            while conn.reconnects == 0:
                with pytest.raises(RecvTimeout):
                    await conn.recv(timeout=0.2)
                    raise RecvTimeout("a message is fine too")
                assert time.monotonic() - t0 < 5.0
            assert conn.welcome is not None
            assert conn.welcome.player_id == welcome.player_id
            assert conn.welcome.token == welcome.token
            rejoin = [
                m for m in second.got if not isinstance(m, Exception) and type(m).__name__ == "Join"
            ]
            assert len(rejoin) >= 1
        conn.close()

    asyncio.run(main())


def test_the_client_reports_its_rtt_and_the_host_keeps_it(zctx: Ctx, curve: bool) -> None:
    async def body(host: MiniHost, port: int) -> None:
        conn = ClientConnection(context=zctx, ping_interval=0.05)
        await conn.connect("127.0.0.1", port, server_key=host.sock.public_key)
        welcome = await conn.join("MOON42", "Ada", 0)
        peer = host.peer_of(welcome.player_id)

        def reported() -> bool:
            conn.poll()
            info = host.sock.peer_info(peer)
            return info is not None and info.rtt_ms is not None

        await until(reported)
        pings = [m for m in host.got if isinstance(m, Ping)]
        assert pings[0].rtt_ms is None  # the first ping goes out before any pong came back
        info = host.sock.peer_info(peer)
        assert info is not None and info.rtt_ms is not None
        assert conn.rtt is not None and 0 < info.rtt_ms < 500
        sent = [m.rtt_ms for m in pings if m.rtt_ms is not None]
        assert sent and info.rtt_ms == sent[-1]
        conn.close()

    run_with_host(zctx, body, curve)
