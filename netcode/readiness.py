"""Await "a message is waiting on this ZeroMQ socket" with a deadline, from asyncio.

The socket itself stays a plain (blocking-API) pyzmq socket used only with ``NOBLOCK``; an
asyncio shadow of it is made on first wait, so the event loop can sleep on the socket's file
descriptor instead of polling.
"""

from __future__ import annotations

import zmq
import zmq.asyncio


class Readiness:
    """Waits for POLLIN on ``sock``. Close it before (or instead of) closing the socket."""

    def __init__(self, sock: zmq.Socket[bytes]) -> None:
        self._sock = sock
        self._shadow: zmq.asyncio.Socket | None = None
        self._poller: zmq.asyncio.Poller | None = None

    async def wait(self, timeout: float) -> bool:
        """True as soon as a message is waiting; False after ``timeout`` seconds without one."""
        if self._sock.poll(0, zmq.POLLIN):
            return True
        if timeout <= 0:
            return False
        if self._shadow is None or self._poller is None:
            self._shadow = zmq.asyncio.Socket.from_socket(self._sock)
            self._poller = zmq.asyncio.Poller()
            self._poller.register(self._shadow, zmq.POLLIN)
        ready = await self._poller.poll(max(1, round(timeout * 1000)))
        return bool(ready)

    def close(self) -> None:
        """Close the socket with linger 0 (through the shadow if one was made)."""
        if self._shadow is not None:
            self._shadow.close(linger=0)  # clears the event-loop hooks, closes the socket
            self._shadow = None
            self._poller = None
        if not self._sock.closed:
            self._sock.close(linger=0)
