"""The host's database writes in the background: the tick loop starts them and never waits;
a failed write is logged and published (``storage_error``), and :meth:`Writes.settle` lets
every write in flight finish (at a round's end, at stop)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from app.host.publisher import Publisher
from app.store import StorageError

log = logging.getLogger(__name__)


class Writes:
    def __init__(self, publisher: Publisher) -> None:
        self._publisher = publisher
        self._tasks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    def spawn(self, coro: Coroutine[Any, Any, Any], *, report: bool = True) -> None:
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if report:
            task.add_done_callback(self._report)

    def _report(self, task: asyncio.Task[Any]) -> None:
        if task.cancelled():
            return
        exc = task.exception()
        if isinstance(exc, StorageError):
            log.error("write failed: %s", exc)
            self._publisher.publish("storage_error", nickname=None, message=str(exc))
        elif exc is not None:
            log.error("host task failed: %r", exc)

    def pending(self) -> list[asyncio.Task[Any]]:
        return [t for t in self._tasks if not t.done()]

    async def settle(self) -> None:
        """Wait until no write is in flight (writes that start writes included)."""
        while True:
            pending = self.pending()
            if not pending:
                return
            await asyncio.gather(*pending, return_exceptions=True)
