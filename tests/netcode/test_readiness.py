"""Readiness: awaiting "a message is waiting" on a real ZeroMQ socket, and nothing between
waits (a message arriving while nobody waits must not wake the event loop: the host reads
its socket in batches, and a wake per message was most of its idle cost)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
import zmq

from netcode.readiness import Readiness

Pair = tuple[zmq.Socket[bytes], zmq.Socket[bytes]]


@pytest.fixture
def pair() -> Iterator[Pair]:
    ctx: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
    server = ctx.socket(zmq.ROUTER)
    port = server.bind_to_random_port("tcp://127.0.0.1")
    client = ctx.socket(zmq.DEALER)
    client.connect(f"tcp://127.0.0.1:{port}")
    try:
        yield server, client
    finally:
        client.close(linger=0)
        server.close(linger=0)
        ctx.term()


def _watched(loop: asyncio.AbstractEventLoop) -> set[int]:
    selector = loop._selector  # type: ignore[attr-defined]
    return set(selector.get_map().keys())


def test_wait_wakes_on_a_message_and_times_out_without_one(pair: Pair) -> None:
    asyncio.run(_wait_wakes_on_a_message_and_times_out_without_one(pair))


async def _wait_wakes_on_a_message_and_times_out_without_one(pair: Pair) -> None:
    server, client = pair
    ready = Readiness(server)
    t0 = time.monotonic()
    assert await ready.wait(0.05) is False
    assert time.monotonic() - t0 >= 0.045

    async def send_later() -> None:
        await asyncio.sleep(0.05)
        client.send(b"hello")

    sender = asyncio.create_task(send_later())
    t0 = time.monotonic()
    assert await ready.wait(5.0) is True
    assert time.monotonic() - t0 < 2.0  # woken by the message, not by the deadline
    await sender
    assert server.recv_multipart(zmq.NOBLOCK)[1] == b"hello"
    # nothing waiting again: a zero timeout answers at once
    assert await ready.wait(0) is False
    ready.close()
    assert server.closed


def test_a_message_already_queued_is_seen_without_waiting(pair: Pair) -> None:
    asyncio.run(_a_message_already_queued_is_seen_without_waiting(pair))


async def _a_message_already_queued_is_seen_without_waiting(pair: Pair) -> None:
    server, client = pair
    ready = Readiness(server)
    client.send(b"early")
    deadline = time.monotonic() + 5
    while not server.poll(10) and time.monotonic() < deadline:
        pass
    assert await ready.wait(0) is True
    ready.close()


def test_no_reader_is_left_on_the_loop_between_waits(pair: Pair) -> None:
    asyncio.run(_no_reader_is_left_on_the_loop_between_waits(pair))


async def _no_reader_is_left_on_the_loop_between_waits(pair: Pair) -> None:
    server, client = pair
    loop = asyncio.get_running_loop()
    fd = server.getsockopt(zmq.FD)
    ready = Readiness(server)
    before = _watched(loop)
    waiting = asyncio.create_task(ready.wait(5.0))
    await asyncio.sleep(0.01)
    assert fd in _watched(loop)  # watched while someone waits
    client.send(b"x")
    assert await waiting is True
    assert fd not in _watched(loop) and _watched(loop) == before
    # messages arriving while nobody waits cost the loop nothing: no callback runs
    server.recv_multipart(zmq.NOBLOCK)
    handles_before = len(loop._ready)  # type: ignore[attr-defined]
    for _ in range(20):
        client.send(b"y")
    await asyncio.sleep(0.05)
    assert fd not in _watched(loop)
    assert len(loop._ready) == handles_before  # type: ignore[attr-defined]
    assert await ready.wait(1.0) is True  # and they are all there for the next read
    ready.close()


def test_close_during_a_wait_ends_it(pair: Pair) -> None:
    asyncio.run(_close_during_a_wait_ends_it(pair))


async def _close_during_a_wait_ends_it(pair: Pair) -> None:
    server, _client = pair
    ready = Readiness(server)
    waiting = asyncio.create_task(ready.wait(10.0))
    await asyncio.sleep(0.01)
    ready.close()
    assert await asyncio.wait_for(waiting, 2.0) is False
    assert server.closed


def test_one_waiter_at_a_time(pair: Pair) -> None:
    asyncio.run(_one_waiter_at_a_time(pair))


async def _one_waiter_at_a_time(pair: Pair) -> None:
    server, _client = pair
    ready = Readiness(server)
    first = asyncio.create_task(ready.wait(0.2))
    await asyncio.sleep(0.01)
    with pytest.raises(RuntimeError, match="one task"):
        await ready.wait(0.1)
    assert await first is False
    ready.close()
