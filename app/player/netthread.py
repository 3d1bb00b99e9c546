"""The network off the render loop: a :class:`ClientConnection` on its own asyncio loop.

The window calls the ``NetworkThread`` methods (they only schedule work on the network
loop, thread-safely, and return at once) and drains :meth:`NetworkThread.events` with
``block=False`` once a frame. Everything that touches the ZeroMQ socket runs on the network
thread. When the host falls silent for ``host_timeout`` seconds the thread reconnects by
itself (new socket, the same seat through the join token), reporting each attempt so the
window can count them on screen.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import queue
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.player.address import ClassAddress, resolve
from app.player.errors import AddressError
from app.player.i18n import tr
from app.player.tokens import TokenStore
from game.api import Value
from netcode.client import (
    RECONNECT_DELAYS,
    ClientConnection,
    ClientError,
    HostUnreachable,
    JoinRefused,
)
from netcode.errors import KeyMismatch, RecvTimeout
from netcode.messages import Chat, Error, Event, Leave, Message, RequestState, Welcome
from netcode.pairing import PairingError, pair

log = logging.getLogger(__name__)

MAX_EVENTS = 8192  # events waiting for the window; the oldest snapshots are dropped beyond
RECV_SLICE = 0.25  # seconds a receive waits before the silence check runs again
START_TIMEOUT = 5.0


@dataclass(frozen=True)
class Joined:
    welcome: Welcome
    address: ClassAddress


@dataclass(frozen=True)
class JoinFailed:
    reason: str  # plain words for the student
    code: str  # wrong_code, class_full, nickname_taken, unreachable, not_found, ...


@dataclass(frozen=True)
class Received:
    message: Message
    at: float  # time.monotonic() when it was read off the socket


@dataclass(frozen=True)
class Reconnecting:
    attempt: int  # 1-based
    attempts: int


@dataclass(frozen=True)
class Reconnected:
    welcome: Welcome


@dataclass(frozen=True)
class Gone:
    reason: str


NetEvent = Joined | JoinFailed | Received | Reconnecting | Reconnected | Gone

_REFUSALS = {
    "wrong_code": "That join code is not right: check the code on the board.",
    "code_expired": "That class has ended. Ask your teacher for the new join code.",
    "reserved_nickname": "That nickname is kept for the teacher: pick another.",
    "reclaim_pending": (
        "Someone with that nickname is in the class on a computer that went quiet. "
        "Your teacher can let you go on as them from this computer: ask, then press Next again."
    ),
    "rate_limited": "Too many tries from this computer: wait a minute, then try again.",
    "kicked": "Your teacher took you out of this lesson. Ask your teacher to let you back in.",
    "barred": "You are barred from this lesson. Ask your teacher.",
    "class_full": "This class is full. Ask your teacher.",
    "nickname_taken": "Someone in the class already has that nickname: pick another.",
    "bad_nickname": "That nickname cannot be used: 1 to 16 letters or digits.",
}


def refusal_text(code: str, message: str) -> str:
    """A host's join refusal in plain words (the host's own text when the code is new)."""
    known = _REFUSALS.get(code)
    if known is not None:
        return tr(known)
    return tr("The class refused to let you in: {0}").format(message)


ENDING_ERRORS = ("kicked", "barred", "code_expired")


def _ends_the_lesson(msg: object) -> bool:
    """The class ended, or the teacher removed this student: the connection is over."""
    if isinstance(msg, Event):
        return msg.kind == "class_ended"
    return isinstance(msg, Error) and msg.code in ENDING_ERRORS


MAX_TRIED = 16  # classes on the network tried with a code, at most


class _JoinProblemError(Exception):
    """Why a join cannot go on, in the student's words."""

    def __init__(self, text: str, code: str) -> None:
        super().__init__(text)
        self.text = text
        self.code = code


class NetworkThread:
    """One student's connection, run in a daemon thread. ``start`` first, ``stop`` at exit."""

    def __init__(
        self,
        *,
        host_timeout: float = 5.0,
        reconnect_delays: tuple[float, ...] = RECONNECT_DELAYS,
        join_timeout: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
        token_folder: Path | None = None,
    ) -> None:
        if not (math.isfinite(host_timeout) and host_timeout > 0):
            raise ValueError(f"host_timeout must be a positive number, got {host_timeout}")
        self.host_timeout = host_timeout
        self.reconnect_delays = reconnect_delays
        self.join_timeout = join_timeout
        self._clock = clock
        self._events: queue.Queue[NetEvent] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._conn: ClientConnection | None = None
        self._pump_task: asyncio.Task[None] | None = None
        self.sequence_mismatches = 0
        self.dropped_events = 0
        self.rtt: float | None = None  # seconds, written by the network thread
        self.tokens = TokenStore(token_folder)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="moonbase-player-net", daemon=True)
        self._thread.start()
        if not self._ready.wait(START_TIMEOUT):
            raise RuntimeError("the network thread did not start within 5 s")

    def stop(self, timeout: float = 3.0) -> None:
        """Leave the class (if joined), close the socket, end the thread."""
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._leave_and_stop)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            if self._pump_task is not None:
                self._pump_task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await self._pump_task
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _leave_and_stop(self) -> None:
        conn = self._conn
        if conn is not None and conn.connected and conn.welcome is not None:
            with contextlib.suppress(ClientError):
                conn.send(Leave())
        if self._stop is not None:
            self._stop.set()

    # -- from the window (any thread) --------------------------------------------------------
    def events(self, limit: int = MAX_EVENTS) -> list[NetEvent]:
        """What happened since the last call, oldest first; never waits."""
        out: list[NetEvent] = []
        for _ in range(limit):
            try:
                out.append(self._events.get(block=False))
            except queue.Empty:
                break
        return out

    def join_class(
        self,
        address: ClassAddress | None,
        code: str,
        nickname: str,
        character: int,
        *,
        candidates: list[ClassAddress] | None = None,
    ) -> None:
        """Connect and join; a :class:`Joined` or :class:`JoinFailed` event follows.

        ``address`` without a key is a class's address: the player pairs there with the
        join code to get the key. With no ``address`` the classes found on the network
        (``candidates``) are tried with the code, and the one that knows it is joined."""
        self._submit(self._join(address, code, nickname, character, candidates or []))

    def send_input(self, sequence: int, values: tuple[Value, ...], ack_tick: int) -> None:
        """Send the input; ``sequence`` is the one the window predicted it with."""
        self._call(self._send_input, sequence, values, ack_tick)

    def send_chat(self, text: str) -> None:
        self._call(self._send, Chat(text=text[:500]))

    def request_state(self) -> None:
        self._call(self._send, RequestState())

    @property
    def joined(self) -> bool:
        conn = self._conn
        return conn is not None and conn.welcome is not None

    def _call(self, fn: Callable[..., None], *args: Any) -> None:
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nothing to send
            loop.call_soon_threadsafe(fn, *args)

    def _submit(self, coro: Coroutine[Any, Any, None]) -> None:
        loop = self._loop
        if loop is None:
            coro.close()
            raise RuntimeError("start() the network thread first")
        asyncio.run_coroutine_threadsafe(coro, loop)

    def _post(self, event: NetEvent) -> None:
        if self._events.qsize() >= MAX_EVENTS:
            self.dropped_events += 1
            return
        self._events.put(event)

    # -- on the network thread ---------------------------------------------------------------
    def _send(self, msg: Message) -> None:
        conn = self._conn
        if conn is None or not conn.connected:
            return
        with contextlib.suppress(ClientError):
            conn.send(msg)

    def _send_input(self, sequence: int, values: tuple[Value, ...], ack_tick: int) -> None:
        conn = self._conn
        if conn is None or not conn.connected or conn.welcome is None:
            return
        if conn.next_sequence != sequence:
            self.sequence_mismatches += 1
            log.warning("input sequence %d predicted as %d", conn.next_sequence, sequence)
        with contextlib.suppress(ClientError):
            conn.send_input(values, ack_tick=ack_tick)

    async def _join(
        self,
        address: ClassAddress | None,
        code: str,
        nickname: str,
        character: int,
        candidates: list[ClassAddress],
    ) -> None:
        if self._pump_task is not None:
            self._pump_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._pump_task
            self._pump_task = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        try:
            target = await self._game_address(address, code, candidates)
        except _JoinProblemError as exc:
            self._post(JoinFailed(exc.text, exc.code))
            return
        conn = ClientConnection(
            clock=self._clock,
            host_timeout=math.inf,  # this thread watches the silence and counts the attempts
            join_timeout=self.join_timeout,
            send_acks=True,  # a game played by clicks acknowledges snapshots with no input
        )
        shown = address.host_port if address is not None else target.host_port
        assert target.server_key is not None or address is not None
        token = None if target.server_key is None else self.tokens.get(target.server_key, nickname)
        try:
            await conn.connect(target.host, target.port, server_key=target.server_key)
            welcome = await conn.join(
                code, nickname, character, token=token, timeout=self.join_timeout
            )
        except JoinRefused as exc:
            conn.close()
            self._post(JoinFailed(refusal_text(exc.code, exc.message), exc.code))
            return
        except KeyMismatch:
            conn.close()
            self._post(
                JoinFailed(
                    tr(
                        "The class at {0} does not accept the key after the '/': it is "
                        "mistyped or from an earlier lesson. Type just the address and the code."
                    ).format(shown),
                    "wrong_key",
                )
            )
            return
        except HostUnreachable:
            conn.close()
            self._post(
                JoinFailed(
                    tr(
                        "The teacher's computer at {0} is not answering. "
                        "Check the address and that the class has started."
                    ).format(shown),
                    "unreachable",
                )
            )
            return
        except ClientError as exc:
            conn.close()
            self._post(JoinFailed(tr("Could not reach the class: {0}").format(exc), "unreachable"))
            return
        if target.server_key is not None:
            self.tokens.put(target.server_key, nickname, welcome.token)
        self._conn = conn
        self._post(Joined(welcome, target))
        self._pump_task = asyncio.create_task(self._pump(conn))

    async def _game_address(
        self, address: ClassAddress | None, code: str, candidates: list[ClassAddress]
    ) -> ClassAddress:
        """Where to connect, with the key: as given (``HOST:PORT/KEY``), or by pairing with
        the join code at the class's address, or with whichever found class knows it."""
        if address is not None:
            try:
                target = await asyncio.to_thread(resolve, address)
            except AddressError as exc:
                raise _JoinProblemError(str(exc), "not_found") from None
            if target.server_key is not None:
                return target
            return await self._paired(target, code)
        if not candidates:
            raise _JoinProblemError(
                tr(
                    "No class was found on this network. Type the address your teacher shows "
                    "(like 192.168.1.20:5556) with the code."
                ),
                "not_found",
            )
        tries = [asyncio.create_task(self._paired(c, code)) for c in candidates[:MAX_TRIED]]
        problems: list[_JoinProblemError] = []
        for done in asyncio.as_completed(tries):
            try:
                found = await done
            except _JoinProblemError as exc:
                problems.append(exc)
                continue
            for task in tries:
                task.cancel()
            return found
        limited = [p for p in problems if p.code == "rate_limited"]
        if limited:
            raise limited[0]
        raise _JoinProblemError(
            tr(
                "No class on this network has the join code {0}. Check the "
                "code on the board, or type your teacher's address with it."
            ).format(code.strip().upper()),
            "wrong_code",
        )

    async def _paired(self, address: ClassAddress, code: str) -> ClassAddress:
        try:
            card = await pair(address.host, address.port, code, timeout=self.join_timeout)
        except PairingError as exc:
            if exc.code == "wrong_code":
                raise _JoinProblemError(
                    tr(
                        "The class at {0} does not have the join code {1}. Check the code "
                        "on the board."
                    ).format(address.host_port, code.strip().upper()),
                    "wrong_code",
                ) from None
            raise _JoinProblemError(refusal_text(exc.code, exc.message), exc.code) from None
        except HostUnreachable:
            raise _JoinProblemError(
                tr(
                    "Nothing answers at {0}. Check the address your teacher "
                    "shows, and that the class has started."
                ).format(address.host_port),
                "unreachable",
            ) from None
        except ClientError as exc:
            raise _JoinProblemError(
                tr("Could not reach the class: {0}").format(exc), "unreachable"
            ) from None
        return ClassAddress(address.host, card.port, card.public_key)

    async def _pump(self, conn: ClientConnection) -> None:
        last_heard = self._clock()
        while True:
            try:
                msg = await conn.recv(timeout=RECV_SLICE)
            except RecvTimeout:
                if self._clock() - last_heard > self.host_timeout:
                    if not await self._reconnect(conn):
                        return
                    last_heard = self._clock()
                continue
            except ClientError as exc:
                self._post(Gone(tr("The connection to the class broke: {0}").format(exc)))
                return
            last_heard = self._clock()
            self.rtt = conn.rtt
            self._post(Received(msg, self._clock()))
            if _ends_the_lesson(msg):  # no reconnecting to a class that is over for us
                conn.close()
                if self._conn is conn:
                    self._conn = None
                return

    async def _reconnect(self, conn: ClientConnection) -> bool:
        attempts = len(self.reconnect_delays)
        for number, delay in enumerate(self.reconnect_delays, start=1):
            self._post(Reconnecting(number, attempts))
            conn.reconnect_delays = (delay,)
            try:
                welcome = await conn.reconnect()
            except HostUnreachable:
                continue
            except ClientError as exc:
                self._post(Gone(tr("The connection to the class broke: {0}").format(exc)))
                return False
            self._post(Reconnected(welcome))
            return True
        self._post(
            Gone(
                tr("Lost the teacher's computer at {0}: {1} tries to reconnect failed.").format(
                    conn.address, attempts
                )
            )
        )
        return False
