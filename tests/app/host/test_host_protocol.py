"""What the host answers a connection that has no seat (docs/protocol.md)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from netcode.messages import Error, Input, Pong
from tests.app.host.wire import connect, hosted


def test_a_ping_before_joining_gets_its_pong_and_anything_else_not_joined(
    tmp_path: Path,
) -> None:
    async def scenario() -> None:
        async with hosted(tmp_path) as host:
            conn = await connect(host)
            try:
                conn.ping()
                pong = await conn.recv(timeout=10)
                assert isinstance(pong, Pong) and conn.rtt is not None
                conn.send(Input(sequence=0, controls=(0.5, 0.0, False), ack_tick=-1))
                error = await conn.recv(timeout=10)
                assert isinstance(error, Error)
                assert (error.code, error.message) == ("not_joined", "join the class first")
            finally:
                conn.close()

    asyncio.run(scenario())
