"""Await "a message is waiting on this ZeroMQ socket" with a deadline, from asyncio.

The socket itself stays a plain (blocking-API) pyzmq socket used only with ``NOBLOCK``. To
wait, the event loop watches the socket's file descriptor (``zmq.FD``) for as long as one
:meth:`Readiness.wait` lasts, and no longer: between waits a message arriving costs the
event loop nothing (the host reads its socket in batches, so a wake per message would be
wasted). This is ZeroMQ's documented pattern: ``zmq.FD`` only signals that the socket's
state may have changed, so every wake reads ``zmq.EVENTS`` (which also re-arms the
descriptor) before saying a message is there. It replaces a ``zmq.asyncio`` shadow socket
and poller, which kept a reader on the descriptor for good (a wake of the event loop for
every message, even while the host sleeps between reads) and made a future and a
registration per poll.
"""

from __future__ import annotations

import asyncio

import zmq


class Readiness:
    """Waits for POLLIN on ``sock``. Close it before (or instead of) closing the socket."""

    def __init__(self, sock: zmq.Socket[bytes]) -> None:
        self._sock = sock
        self._fd: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiter: asyncio.Future[bool] | None = None

    def _readable(self) -> bool:
        # reading EVENTS is also what re-arms zmq.FD for the next change
        events = self._sock.getsockopt(zmq.EVENTS)
        return isinstance(events, int) and bool(events & zmq.POLLIN)

    async def wait(self, timeout: float) -> bool:
        """True as soon as a message is waiting; False after ``timeout`` seconds without one."""
        if self._readable():
            return True
        if timeout <= 0:
            return False
        if self._waiter is not None:
            raise RuntimeError("only one task may wait on a socket at a time")
        loop = asyncio.get_running_loop()
        if self._fd is None:
            self._fd = int(self._sock.getsockopt(zmq.FD))
        fd = self._fd
        waiter: asyncio.Future[bool] = loop.create_future()
        self._waiter, self._loop = waiter, loop
        # A message that came after the check above has signalled the descriptor already:
        # the loop sees it readable at once (level-triggered) and _on_fd reads EVENTS.
        loop.add_reader(fd, self._on_fd)
        timer = loop.call_later(timeout, self._on_timeout)
        try:
            return await waiter
        finally:
            timer.cancel()
            self._waiter = None
            if not self._sock.closed:
                loop.remove_reader(fd)

    def _on_fd(self) -> None:
        waiter = self._waiter
        if waiter is None or waiter.done():
            return
        if self._sock.closed:
            waiter.set_result(False)
        elif self._readable():
            waiter.set_result(True)

    def _on_timeout(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(False)

    def close(self) -> None:
        """Stop watching the socket and close it with linger 0 (a pending :meth:`wait`
        returns False)."""
        waiter, loop = self._waiter, self._loop
        if waiter is not None and loop is not None and self._fd is not None:
            if not loop.is_closed():
                loop.remove_reader(self._fd)
            if not waiter.done():
                waiter.set_result(False)
        if not self._sock.closed:
            self._sock.close(linger=0)
