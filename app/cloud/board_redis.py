"""Leaderboards on Redis sorted sets, sharded 8 ways per game (seed 003).

* A student's best goes to shard ``crc32(member) % 8`` of each board it belongs to (its
  tenant's and the global one) with ``ZADD GT``, so a shard only ever keeps the best.
* Top-K asks every shard for its K best, merges and sorts them (exact, since the global
  top K is inside the union of the shards' top K) and caches the answer for 30 s. The
  per-shard ZREVRANGEs and the merge run in one Lua script inside Redis: one round trip,
  and only K pairs come back to be parsed instead of 8 × K (parsing RESP in Python was
  most of the time: 8 × 100 pairs cost ~15 ms; see bench/cloud.py).
* A student's rank is estimated from one shard: ``rank_in_shard × total / shard_size``.
* Day and week boards expire from Redis a while after their period ends (``RETENTION``);
  questions about older periods are answered by SQL.

Score and time share one float: ``score × 2³² + (2³² − 1 − seconds)``, exact for scores
below 2²¹, so equal scores rank the earlier result first, as the SQL boards do. SQL stays
the source of truth; :meth:`RedisLeaderboards.rebuild` reloads Redis from it.
"""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cloud.board import BestScore, BoardKey, Leaderboards
from app.cloud.models import LeaderboardEntry, Period
from app.cloud.periods import period_end
from app.cloud.schema import leaderboard_best as lb
from app.common.timeutil import Clock, from_us

SHARDS = 8
_TIME_SPAN = 2**32
MAX_EXACT_SCORE = 2**21 - 1
READY_KEY = "moonbase:lb:ready"
_REBUILD_CHUNK = 5000


# KEYS: the shard keys of one board; ARGV[1]: K. Returns one text, "member\nscore\n..." of
# the K best across shards, scores as Redis wrote them (exact decimal text); one bulk reply
# parses far faster than 2K of them. Members never hold a newline (ids are [A-Za-z0-9_.:-]).
MERGE_TOP_K = r"""
local k = tonumber(ARGV[1])
local all = {}
for _, key in ipairs(KEYS) do
  local part = redis.call('ZREVRANGE', key, 0, k - 1, 'WITHSCORES')
  for j = 1, #part, 2 do
    all[#all + 1] = {part[j], tonumber(part[j + 1]), part[j + 1]}
  end
end
table.sort(all, function(a, b)
  if a[2] ~= b[2] then return a[2] > b[2] end
  return a[1] < b[1]
end)
local out = {}
for i = 1, math.min(k, #all) do
  out[#out + 1] = all[i][1]
  out[#out + 1] = all[i][3]
end
return table.concat(out, "\n")
"""


# Writes a batch's best scores in one call. KEYS: the shard keys, then the names hashes.
# ARGV[1]: one JSON text {"z": [[key index, ttl (-1: none), [score, member, ...]], ...],
# "h": [[key index, [field, value, ...]], ...]}, scores as exact decimal strings. One
# argument, not one per score and member: redis-py packs every argument in Python, and a
# batch of 20 results has ~400 of them (that packing was most of the cost of the Redis
# leaderboards on ingest); json.dumps and Lua's cjson do the same in C.
RECORD = r"""
local d = cjson.decode(ARGV[1])
local function each(key, verb, args, lead)
  for i = 1, #args, 1000 do  -- unpack() takes a few thousand values at most
    if lead then
      redis.call(verb, key, lead, unpack(args, i, math.min(i + 999, #args)))
    else
      redis.call(verb, key, unpack(args, i, math.min(i + 999, #args)))
    end
  end
end
for _, z in ipairs(d.z) do
  each(KEYS[z[1]], 'ZADD', z[3], 'GT')
  if z[2] >= 0 then redis.call('EXPIRE', KEYS[z[1]], z[2]) end
end
for _, h in ipairs(d.h) do
  each(KEYS[h[1]], 'HSET', h[2], nil)
end
return #d.z
"""


def encode(score: int, achieved_at_us: int) -> float:
    seconds = achieved_at_us // 1_000_000
    return float(score * _TIME_SPAN + (_TIME_SPAN - 1 - seconds))


def decode(value: float) -> tuple[int, int]:
    whole = int(value)
    score, rest = divmod(whole, _TIME_SPAN)
    return score, (_TIME_SPAN - 1 - rest) * 1_000_000


def member(tenant_id: str, student_id: str) -> str:
    return f"{tenant_id}/{student_id}"


def shard_of(name: str) -> int:
    return zlib.crc32(name.encode()) % SHARDS


def _scope(key: BoardKey) -> str:
    return f"t:{key.tenant_id}" if key.scope == "tenant" else "g"


def _board(key: BoardKey) -> str:
    return f"lb:{_scope(key)}:{key.game}:{key.period}:{key.start_us}"


def _names(tenant_id: str) -> str:
    return f"lbn:{tenant_id}"


def _keys_for(row: BestScore) -> list[BoardKey]:
    return [
        BoardKey(scope, row.tenant_id, row.game, row.period, row.start_us)
        for scope in ("tenant", "global")
    ]


# How long after its period ends a day/week board stays in Redis; older ones come from SQL.
RETENTION = {"day": timedelta(days=7), "week": timedelta(days=35)}


def _ttl_s(period: Period, start_us: int, now: datetime) -> int | None:
    """Seconds a board should live from ``now``: None forever, <= 0 not in Redis at all."""
    end = period_end(period, from_us(start_us))
    if end is None:
        return None
    return math.floor((end + RETENTION[period] - now).total_seconds())


class RedisLeaderboards:
    approximate_rank = True

    def __init__(self, redis: Redis, sql: Leaderboards, *, cache_s: float, clock: Clock) -> None:
        self._redis = redis
        self._sql = sql
        self._cache_s = cache_s
        self._clock = clock
        self._merge = redis.register_script(MERGE_TOP_K)
        self._record = redis.register_script(RECORD)

    def _in_redis(self, key: BoardKey) -> bool:
        ttl = _ttl_s(key.period, key.start_us, self._clock())
        return ttl is None or ttl > 0

    async def record(self, rows: Sequence[BestScore]) -> None:
        if not rows:
            return
        now = self._clock()
        # One ZADD per shard key with all its members, one EXPIRE per key, one HSET per
        # tenant, all in one script call (see RECORD). A batch's rows share a few boards:
        # their TTLs and key names are worked out once per board.
        shards: dict[str, dict[str, float]] = {}
        ttls: dict[str, int] = {}
        names: dict[str, dict[str, str]] = {}
        boards: dict[tuple[str, str, Period, int], tuple[int | None, list[str]]] = {}
        for row in rows:
            slot = (row.tenant_id, row.game, row.period, row.start_us)
            board = boards.get(slot)
            if board is None:
                board = boards[slot] = (
                    _ttl_s(row.period, row.start_us, now),
                    [_board(key) for key in _keys_for(row)],
                )
            ttl, prefixes = board
            if ttl is not None and ttl <= 0:
                continue  # a long-finished day or week: SQL answers for it
            name = member(row.tenant_id, row.student_id)
            value = encode(min(row.score, MAX_EXACT_SCORE), row.achieved_at_us)
            shard = shard_of(name)
            for prefix in prefixes:
                zkey = f"{prefix}:{shard}"
                members = shards.setdefault(zkey, {})
                members[name] = max(value, members.get(name, value))
                if ttl is not None:
                    ttls[zkey] = ttl
            names.setdefault(_names(row.tenant_id), {})[row.student_id] = row.nickname
        if not shards:
            return
        keys = [*shards, *names]
        payload = {
            "z": [
                [i, ttls.get(zkey, -1), [x for n, v in members.items() for x in (repr(v), n)]]
                for i, (zkey, members) in enumerate(shards.items(), start=1)
            ],
            "h": [
                [i, [x for pair in mapping.items() for x in pair]]
                for i, mapping in enumerate(names.values(), start=len(shards) + 1)
            ],
        }
        await self._record(keys=keys, args=[json.dumps(payload, separators=(",", ":"))])

    async def forget(self, rows: Sequence[BestScore]) -> None:
        if not rows:
            return
        pipe = self._redis.pipeline(transaction=False)
        for row in rows:
            name = member(row.tenant_id, row.student_id)
            for key in _keys_for(row):
                pipe.zrem(f"{_board(key)}:{shard_of(name)}", name)
            pipe.hdel(_names(row.tenant_id), row.student_id)
        await pipe.execute()
        await self._drop_cache()

    async def _drop_cache(self) -> None:
        cursor = 0
        for _ in range(10_000):  # bounded scan
            cursor, keys = await self._redis.scan(cursor=cursor, match="lbc:*", count=500)
            if keys:
                await self._redis.delete(*keys)
            if cursor == 0:
                break

    async def _entries(
        self, pairs: list[tuple[str, float]], first_rank: int
    ) -> list[LeaderboardEntry]:
        by_tenant: dict[str, list[str]] = {}
        for name, _ in pairs:
            tenant_id, _, student_id = name.partition("/")
            by_tenant.setdefault(tenant_id, []).append(student_id)
        nicknames: dict[str, str] = {}
        pipe = self._redis.pipeline(transaction=False)
        for tenant_id, students in by_tenant.items():
            pipe.hmget(_names(tenant_id), students)
        found_all = await pipe.execute() if by_tenant else []
        for (tenant_id, students), found in zip(by_tenant.items(), found_all, strict=True):
            for student_id, nick in zip(students, found, strict=True):
                nicknames[member(tenant_id, student_id)] = _text(nick) if nick else "?"
        entries = []
        for offset, (name, value) in enumerate(pairs):
            tenant_id, _, student_id = name.partition("/")
            score, at_us = decode(value)
            best = BestScore(tenant_id, student_id, nicknames[name], score, at_us)
            entries.append(best.entry(first_rank + offset))
        return entries

    async def top(self, key: BoardKey, k: int) -> list[LeaderboardEntry]:
        if not self._in_redis(key):
            return await self._sql.top(key, k)
        cache_key = f"lbc:{_board(key)}:{k}"
        if self._cache_s > 0:
            cached = await self._redis.get(cache_key)
            if cached is not None:
                return [LeaderboardEntry.model_validate(e) for e in json.loads(cached)]
        shards = [f"{_board(key)}:{shard}" for shard in range(SHARDS)]
        reply = _text(await self._merge(keys=shards, args=[k]))
        flat = reply.split("\n") if reply else []
        merged = [(flat[i], float(flat[i + 1])) for i in range(0, len(flat) - 1, 2)]
        entries = await self._entries(merged, 1)
        if self._cache_s > 0:
            payload = json.dumps([e.model_dump(mode="json") for e in entries])
            await self._redis.set(cache_key, payload, px=max(1, int(self._cache_s * 1000)))
        return entries

    async def around(
        self, key: BoardKey, student_id: str, n: int
    ) -> tuple[int | None, list[LeaderboardEntry]]:
        if not self._in_redis(key):
            return await self._sql.around(key, student_id, n)
        name = member(key.tenant_id, student_id)
        board = _board(key)
        own = f"{board}:{shard_of(name)}"
        pipe = self._redis.pipeline(transaction=False)
        pipe.zrevrank(own, name)
        pipe.zscore(own, name)
        pipe.zcard(own)
        for shard in range(SHARDS):
            pipe.zcard(f"{board}:{shard}")
        found = await pipe.execute()
        shard_rank, value, shard_size = found[0], found[1], found[2]
        if shard_rank is None or value is None:
            return None, []
        total = sum(int(c) for c in found[3:])
        rank = int(shard_rank * total / max(1, int(shard_size))) + 1
        pipe = self._redis.pipeline(transaction=False)
        for shard in range(SHARDS):
            zkey = f"{board}:{shard}"
            pipe.zrangebyscore(zkey, f"({value}", "+inf", start=0, num=n, withscores=True)
            pipe.zrevrangebyscore(zkey, f"({value}", "-inf", start=0, num=n, withscores=True)
        parts = await pipe.execute()
        above: list[tuple[str, float]] = []
        below: list[tuple[str, float]] = []
        for i, part in enumerate(parts):
            target = above if i % 2 == 0 else below
            target.extend((_text(m), float(v)) for m, v in part)
        above.sort(key=lambda p: (p[1], p[0]))
        below.sort(key=lambda p: (-p[1], p[0]))
        above_n = list(reversed(above[:n]))
        start_rank = max(1, rank - len(above_n))
        pairs = [*above_n, (name, float(value)), *below[:n]]
        return rank, await self._entries(pairs, start_rank)

    async def rebuild(self, engine: AsyncEngine, *, force: bool = False) -> int:
        """Load every best score from SQL into Redis; skipped when already loaded."""
        if not force and await self._redis.exists(READY_KEY):
            return 0
        loaded = 0
        query = select(
            lb.c.tenant_id,
            lb.c.student_id,
            lb.c.nickname,
            lb.c.score,
            lb.c.achieved_at,
            lb.c.game,
            lb.c.period,
            lb.c.period_start,
        )
        async with engine.connect() as conn:
            result = await conn.stream(query)
            async for chunk in result.partitions(_REBUILD_CHUNK):
                await self.record([_best(row) for row in chunk])
                loaded += len(chunk)
        await self._redis.set(READY_KEY, "1")
        return loaded


def _best(row: Any) -> BestScore:
    return BestScore(
        row.tenant_id,
        row.student_id,
        row.nickname,
        row.score,
        row.achieved_at,
        row.game,
        row.period,
        row.period_start,
    )


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
