"""What the host tells its console, the demo and `serve`: :class:`HostEvent` s to every
subscriber's bounded queue (the oldest dropped when nobody reads)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import Any

MAX_QUEUED = 1000


@dataclass(frozen=True)
class HostEvent:
    """Something a console or the demo may want to show. ``data`` holds plain values."""

    kind: str
    data: dict[str, Any] = field(default_factory=dict)


class Publisher:
    def __init__(self) -> None:
        self._subscribers: list[asyncio.Queue[HostEvent]] = []

    def subscribe(self) -> asyncio.Queue[HostEvent]:
        queue: asyncio.Queue[HostEvent] = asyncio.Queue(maxsize=MAX_QUEUED)
        self._subscribers.append(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[HostEvent]) -> None:
        with contextlib.suppress(ValueError):
            self._subscribers.remove(queue)

    def publish(self, kind: str, **data: Any) -> None:
        event = HostEvent(kind, data)
        for queue in self._subscribers:
            if queue.full():
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(event)
