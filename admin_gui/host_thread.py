"""The host's own thread: one asyncio event loop that runs the classroom host and the store.

The UI thread never waits on it: :meth:`HostThread.submit` schedules a coroutine with
``asyncio.run_coroutine_threadsafe`` and returns at once; results come back as Qt signals
(see :mod:`admin_gui.bridge`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from admin_gui.errors import HostThreadError

log = logging.getLogger(__name__)
T = TypeVar("T")
CANCEL_GRACE_S = 2.0


class HostThread:
    """A daemon thread running an asyncio loop until :meth:`stop`."""

    def __init__(self, name: str = "moonbase-host") -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._main, name=name, daemon=True)
        self._ready = threading.Event()

    def start(self, timeout: float = 5.0) -> None:
        self._thread.start()
        if not self._ready.wait(timeout):
            raise HostThreadError(f"the host thread did not start within {timeout:.0f} s")

    @property
    def running(self) -> bool:
        return self._thread.is_alive() and self._loop.is_running()

    @property
    def ident(self) -> int | None:
        return self._thread.ident

    def _main(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.call_soon(self._ready.set)
        try:
            self._loop.run_forever()
        finally:
            self._cancel_leftovers()
            self._loop.close()

    def _cancel_leftovers(self) -> None:
        tasks = [t for t in asyncio.all_tasks(self._loop) if not t.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            gathered = asyncio.gather(*tasks, return_exceptions=True)
            with contextlib.suppress(Exception):
                self._loop.run_until_complete(asyncio.wait_for(gathered, CANCEL_GRACE_S))
        with contextlib.suppress(Exception):
            self._loop.run_until_complete(self._loop.shutdown_asyncgens())

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Schedule ``coro`` on the host loop; never blocks."""
        if not self.running:
            coro.close()
            raise HostThreadError("the host thread is not running")
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def call_soon(self, fn: Callable[..., object], *args: object) -> None:
        """Run a plain function on the host loop (for state only that thread may touch)."""
        if not self.running:
            raise HostThreadError("the host thread is not running")
        self._loop.call_soon_threadsafe(fn, *args)

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop the loop (tasks still running are cancelled) and join; True when joined."""
        if self._thread.is_alive():
            with contextlib.suppress(RuntimeError):  # the loop may be closing already
                self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout)
        alive = self._thread.is_alive()
        if alive:
            log.warning("the host thread did not stop within %.1f s", timeout)
        return not alive
