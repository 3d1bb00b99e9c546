"""The host's loop: it reads its socket in batches (not once per message), and a flood of
messages never keeps the rest of the program (database tasks, the console) from running."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
import time
from pathlib import Path

from app.host.constants import SERVICE_S
from netcode.messages import Ping, Pong
from tests.app.host.wire import connect, hosted, settings_for, until

TICK_RATE = 60


def test_messages_arriving_one_by_one_are_read_in_batches(tmp_path: Path) -> None:
    """About 1,000 pings a second, each arriving alone: the old loop woke once per
    message; now it wakes for the tick and at most every SERVICE_S in between, and every
    ping still gets its pong."""

    async def scenario() -> None:
        settings = settings_for(tmp_path, speed=1.0)
        async with hosted(tmp_path, settings=settings) as host:
            conn = await connect(host)
            sock = conn.zmq_socket
            stop = threading.Event()
            sent = [0]

            def pinger() -> None:  # its own thread, so the pings do not wait for the loop
                for _ in range(3000):
                    if stop.is_set():
                        break
                    sent[0] += conn.send(Ping(client_time=time.monotonic()))  # False: dropped
                    time.sleep(0.001)

            passes0 = host.tick_stats.passes
            thread = threading.Thread(target=pinger, daemon=True)
            t0 = time.monotonic()
            thread.start()
            await asyncio.sleep(1.5)
            stop.set()
            await asyncio.to_thread(thread.join, 5)
            took = time.monotonic() - t0
            passes = host.tick_stats.passes - passes0
            pongs = 0
            deadline = time.monotonic() + 10
            while pongs + host.transport_stats().dropped < sent[0] and time.monotonic() < deadline:
                await asyncio.sleep(0.01)  # the host runs in this event loop
                while sock.poll(0):
                    conn.read_socket()  # bounded; decoded at once (the inbox is bounded too)
                    pongs += sum(isinstance(m, Pong) for m in conn.poll())
            dropped = host.transport_stats().dropped  # pongs beyond the peer's send queue
            assert conn.inbox_overflow == 0
            conn.close()
        assert sent[0] > 600 * took / 1.5  # the pinger kept up (about 1 ms apart)
        most = (TICK_RATE + 1 / SERVICE_S) * took * 1.25
        assert passes <= most, f"{passes} loop passes for {sent[0]} pings in {took:.2f} s"
        assert pongs + dropped == sent[0] and dropped < sent[0] / 10

    asyncio.run(scenario())


FLOOD = """
import sys, time, zmq
port, key, seconds = int(sys.argv[1]), sys.argv[2].encode(), float(sys.argv[3])
ctx = zmq.Context()
sock = ctx.socket(zmq.DEALER)
public, secret = zmq.curve_keypair()
sock.curve_serverkey, sock.curve_publickey, sock.curve_secretkey = key, public, secret
sock.linger = 0
sock.connect(f"tcp://127.0.0.1:{port}")
end = time.monotonic() + seconds
sent = 0
while time.monotonic() < end and sent < 5_000_000:
    try:
        sock.send(b"\\xc1garbage", zmq.NOBLOCK)
        sent += 1
    except zmq.Again:
        time.sleep(0.0005)
sock.close()
ctx.term()
"""


def test_a_flood_of_messages_does_not_starve_the_other_tasks(tmp_path: Path) -> None:
    """Another process sends garbage as fast as it can: the host drains it, and the other
    tasks of its event loop (the database writes, the console) still get their turns: the
    loop sleeps once per pass, and a pass reads at most MAX_MESSAGES_PER_TICK."""

    async def scenario() -> None:
        settings = settings_for(tmp_path, speed=1.0)
        async with hosted(tmp_path, settings=settings) as host:
            assert host.public_key is not None
            flood = await asyncio.create_subprocess_exec(
                sys.executable, "-c", FLOOD, str(host.port), host.public_key.decode(), "4"
            )
            try:
                await until(lambda: host.malformed > 2000, "the flood to arrive")
                malformed0 = host.malformed
                # Between two runs of this task the host makes at most one pass: it
                # yields every pass. (The old loop went on while messages were waiting.)
                most, last, runs = 0, host.tick_stats.passes, 0
                t0 = time.monotonic()
                while time.monotonic() - t0 < 1.0:
                    await asyncio.sleep(0)
                    passes = host.tick_stats.passes
                    most, last, runs = max(most, passes - last), passes, runs + 1
                drained = host.malformed - malformed0
            finally:
                with contextlib.suppress(ProcessLookupError):
                    flood.kill()
                await flood.wait()
        assert drained > 1000, f"the host read only {drained} garbage messages in 1 s"
        assert most <= 1, f"the host made {most} passes without letting another task run"

    asyncio.run(scenario())
