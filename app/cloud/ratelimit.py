"""Fixed one-minute windows per client: in memory, or in Redis so every instance agrees.

Seed 003: 100 requests a minute per client, 30 score submissions a minute. A refused request
learns how many seconds remain in the window (``Retry-After``).
"""

from __future__ import annotations

import math
from typing import Protocol

from redis.asyncio import Redis

WINDOW_S = 60
_MAX_TRACKED = 100_000


class RateLimiter(Protocol):
    async def hit(self, bucket: str, limit: int, now_s: float) -> int | None:
        """Count one request; None when allowed, else the seconds to wait."""
        ...


def _retry_after(now_s: float) -> int:
    return max(1, math.ceil((math.floor(now_s / WINDOW_S) + 1) * WINDOW_S - now_s))


class MemoryRateLimiter:
    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._window = -1

    async def hit(self, bucket: str, limit: int, now_s: float) -> int | None:
        window = math.floor(now_s / WINDOW_S)
        if window != self._window or len(self._counts) > _MAX_TRACKED:
            self._counts = {k: v for k, v in self._counts.items() if k[1] >= window}
            self._window = window
        slot = (bucket, window)
        count = self._counts.get(slot, 0) + 1
        self._counts[slot] = count
        return None if count <= limit else _retry_after(now_s)


class RedisRateLimiter:
    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def hit(self, bucket: str, limit: int, now_s: float) -> int | None:
        window = math.floor(now_s / WINDOW_S)
        key = f"rl:{bucket}:{window}"
        pipe = self._redis.pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, WINDOW_S * 2)
        count, _ = await pipe.execute()
        return None if int(count) <= limit else _retry_after(now_s)
