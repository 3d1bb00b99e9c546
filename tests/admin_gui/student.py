"""One student's player over a real socket, driven step by step from a test: join, chat,
send garbage (the host flags it), read what the host sent. It lives on its own thread and
event loop, like a student's PC; each call waits (bounded) for that step only."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from admin_gui.host_thread import HostThread
from netcode.client import ClientConnection
from netcode.messages import Chat, ChatMessage, Error, Leave, Message

T = TypeVar("T")
STEP_TIMEOUT_S = 15.0
POLL_S = 0.05  # the player reads (and pings) this often, like the real one


class Student:
    def __init__(self, port: int, code: str, key: str | None, nickname: str) -> None:
        self.port, self.code, self.key, self.nickname = port, code, key, nickname
        self.received: list[Message] = []
        self._conn: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._thread = HostThread(name=f"student-{nickname}")
        self._thread.start()

    def _do(self, coro: Coroutine[Any, Any, T]) -> T:
        return self._thread.submit(coro).result(STEP_TIMEOUT_S)

    def join(self) -> None:
        """Connect and join; raises ``JoinRefused`` when the host says no."""

        async def join() -> None:
            if self._conn is not None:
                self._conn.close()
            conn = ClientConnection()
            await conn.connect("127.0.0.1", self.port, server_key=self.key)
            try:
                await conn.join(self.code, self.nickname, 1)
            except BaseException:
                conn.close()
                raise
            self._conn = conn
            if self._reader is None:
                self._reader = asyncio.create_task(self._read())

        self._do(join())

    async def _read(self) -> None:
        while True:
            if self._conn is not None:
                self.received.extend(self._conn.poll())
            await asyncio.sleep(POLL_S)

    def chat(self, text: str) -> None:
        async def send() -> None:
            assert self._conn is not None
            self._conn.send(Chat(text=text))

        self._do(send())

    def leave(self) -> None:
        """Leave the class (the player's Leave): the seat and the name are free again."""

        async def send() -> None:
            assert self._conn is not None
            self._conn.send(Leave())

        self._do(send())

    def send_garbage(self) -> None:
        """Bytes that are no message at all: the host drops them and raises a flag."""

        async def send() -> None:
            assert self._conn is not None
            self._conn._socket().send(b"\xc1 not a message")  # a broken client

        self._do(send())

    def chats(self) -> list[ChatMessage]:
        return [m for m in list(self.received) if isinstance(m, ChatMessage)]

    def errors(self) -> list[Error]:
        return [m for m in list(self.received) if isinstance(m, Error)]

    def close(self) -> None:
        async def close() -> None:
            if self._reader is not None:
                self._reader.cancel()
            if self._conn is not None:
                self._conn.close()
                self._conn = None

        if self._thread.running:
            self._do(close())
        self._thread.stop()
