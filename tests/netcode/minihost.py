"""A tiny real host for client tests: a HostSocket and a loop that answers like a class host."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

from game.lander import GAME
from netcode.errors import ProtocolError
from netcode.messages import (
    Ack,
    Error,
    FullState,
    Input,
    Join,
    Message,
    Ping,
    Pong,
    RequestState,
    Welcome,
)
from netcode.server import HostSocket


@dataclass
class MiniHost:
    """Seats joiners with code "MOON42"; refuses "Bob"; answers pings and state requests."""

    sock: HostSocket
    seats: dict[str, int] = field(default_factory=dict)  # token -> player id
    peers: dict[bytes, int] = field(default_factory=dict)
    inputs: list[Input] = field(default_factory=list)
    acks: list[int] = field(default_factory=list)
    requests: int = 0
    got: list[Message | ProtocolError] = field(default_factory=list)
    answer_joins: bool = True
    _task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> MiniHost:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self.sock.close()

    async def _run(self) -> None:
        while True:
            for peer, msg in self.sock.drain(256):
                self.got.append(msg)
                self.handle(peer, msg)
            await self.sock.wait_readable(0.5)

    def handle(self, peer: bytes, msg: Message | ProtocolError) -> None:
        if isinstance(msg, ProtocolError):
            self.sock.send(peer, Error(code=msg.code, message=msg.message))
        elif isinstance(msg, Join):
            self._join(peer, msg)
        elif isinstance(msg, Ping):
            self.sock.send(peer, Pong(client_time=msg.client_time, server_time=500.0))
        elif isinstance(msg, Input):
            self.inputs.append(msg)
        elif isinstance(msg, Ack):
            self.acks.append(msg.tick)
        elif isinstance(msg, RequestState):
            self.requests += 1

    def _join(self, peer: bytes, msg: Join) -> None:
        if not self.answer_joins:
            return
        if msg.code != "MOON42":
            self.sock.send(peer, Error(code="wrong_code", message=f"{msg.code} is not this class"))
            return
        if msg.nickname == "Bob":
            self.sock.send(peer, Error(code="nickname_taken", message="Bob is taken"))
            return
        if msg.token in self.seats:
            player_id = self.seats[msg.token]
        else:
            player_id = len(self.seats) + 1
            msg_token = f"token-{player_id}"
            self.seats[msg_token] = player_id
        token = next(t for t, p in self.seats.items() if p == player_id)
        self.peers[peer] = player_id
        self.sock.send(
            peer,
            Welcome(
                player_id=player_id,
                token=token,
                tick_rate=60,
                snapshot_rate=30,
                class_name="7B",
                game=GAME.wire(),
            ),
        )
        self.sock.send(
            peer,
            FullState(tick=0, phase="lobby", round=None, time_left=0.0, players=[], snapshot=None),
        )

    def peer_of(self, player_id: int) -> bytes:
        return next(p for p, pid in reversed(self.peers.items()) if pid == player_id)
