"""Helpers for host tests over real sockets: a hosted class and students with real clients."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import msgpack

from app.config import Settings
from app.host.host import ClassHost, HostEvent
from app.store import Store
from netcode.client import ClientConnection, JoinRefused, RecvTimeout
from netcode.messages import PROTOCOL_VERSION, Error, Event, Input, Message, Welcome

CODE = "K7M2QX"
WAIT_S = 20.0  # bound of every wait; a healthy run needs a small part of it


def settings_for(data_dir: Path, **changes: Any) -> Settings:
    base: dict[str, Any] = {
        "data_dir": data_dir,
        "speed": 5.0,
        "countdown_seconds": 1.0,
        "round_seconds": 20.0,
        "lan_discovery": False,
    }
    base.update(changes)
    return dataclasses.replace(Settings(), **base)


@contextlib.asynccontextmanager
async def hosted(data_dir: Path, **host_kw: Any) -> AsyncIterator[ClassHost]:
    """A started host on 127.0.0.1 (CurveZMQ on) with its own SQLite file; stopped after."""
    settings = host_kw.pop("settings", None) or settings_for(data_dir)
    store = await Store.open(data_dir / "moonbase.db")
    host = ClassHost(settings, store, join_code=CODE, **host_kw)
    await host.start()
    try:
        yield host
    finally:
        await host.stop()
        await store.close()


async def until(predicate: Callable[[], object], what: str, timeout: float = WAIT_S) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def host_event(
    events: asyncio.Queue[HostEvent],
    kind: str,
    match: Callable[[HostEvent], bool] = lambda _: True,
    timeout: float = WAIT_S,
) -> HostEvent:
    """The next host event of ``kind`` that ``match`` accepts (others are skipped)."""
    async with asyncio.timeout(timeout):
        while True:
            event = await events.get()
            if event.kind == kind and match(event):
                return event


class Student:
    """One student's player: a real ClientConnection read all the time by a task (so it
    pings the host like a player does), with everything it received kept until matched."""

    def __init__(self, conn: ClientConnection, welcome: Welcome, nickname: str) -> None:
        self.conn = conn
        self.welcome = welcome
        self.nickname = nickname
        self._inbox: list[Message] = []
        self._arrived = asyncio.Event()
        self._reader = asyncio.create_task(self._read(), name=f"student-{nickname}")

    @property
    def player_id(self) -> int:
        return self.welcome.player_id

    @classmethod
    async def join(
        cls, host: ClassHost, nickname: str, *, token: str | None = None, character: int = 0
    ) -> Student:
        conn = await connect(host)
        try:
            welcome = await conn.join(CODE, nickname, character, token=token)
        except BaseException:
            conn.close()
            raise
        return cls(conn, welcome, nickname)

    async def _read(self) -> None:
        while True:
            try:
                msg = await self.conn.recv(timeout=1.0)
            except RecvTimeout:
                continue
            self._inbox.append(msg)
            self._arrived.set()

    async def expect(
        self, match: Callable[[Message], bool], what: str, timeout: float = WAIT_S
    ) -> Message:
        """The first message received that ``match`` accepts (waiting for it if need be);
        it is taken out, the others stay."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        checked = 0
        while True:
            for i in range(checked, len(self._inbox)):
                if match(self._inbox[i]):
                    return self._inbox.pop(i)
            checked = len(self._inbox)
            if self._reader.done():
                raise AssertionError(f"{self.nickname}: the connection failed before {what}")
            self._arrived.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(f"{self.nickname}: timed out waiting for {what}")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(remaining):
                    await self._arrived.wait()

    async def expect_event(
        self, kind: str, match: Callable[[Event], bool] = lambda _: True
    ) -> Event:
        msg = await self.expect(
            lambda m: isinstance(m, Event) and m.kind == kind and match(m), f"event {kind}"
        )
        assert isinstance(msg, Event)
        return msg

    async def expect_error(self, code: str) -> Error:
        msg = await self.expect(lambda m: isinstance(m, Error) and m.code == code, code)
        assert isinstance(msg, Error)
        return msg

    def take(self) -> list[Message]:
        """Everything received and not matched yet; forgotten after."""
        out = list(self._inbox)
        self._inbox.clear()
        return out

    def close(self) -> None:
        self._reader.cancel()
        self.conn.close()


async def connect(host: ClassHost) -> ClientConnection:
    # A short host_timeout would make a lobby student reconnect; the host pongs every ping.
    conn = ClientConnection()
    await conn.connect("127.0.0.1", host.port, server_key=host.public_key)
    return conn


async def refused(host: ClassHost, nickname: str, *, token: str | None = None) -> JoinRefused:
    """The refusal a join gets (AssertionError when it is admitted)."""
    conn = await connect(host)
    try:
        await conn.join(CODE, nickname, 0, token=token)
    except JoinRefused as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError(f"{nickname} was admitted")


def out_of_range_input(sequence: int) -> bytes:
    """The bytes a cheating client sends: an Input with its controls as loose fields and
    thrust 5. The codec refuses to encode it, so it is packed by hand; the host's decode
    refuses it (``bad_field``) and flags the connection ``malformed``, in a round or not."""
    return bytes(msgpack.packb([PROTOCOL_VERSION, Input.TYPE_ID, sequence, 5.0, 0.0, False, -1]))
