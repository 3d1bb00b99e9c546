"""Leaderboards on Redis sorted sets, sharded 8 ways per game (seed 003).

* A student's best goes to shard ``crc32(member) % 8`` of each board it belongs to (its
  tenant's and the global one) with ``ZADD GT``, so a shard only ever keeps the best.
* Top-K asks every shard for its K best, merges and sorts them (exact, since the global
  top K is inside the union of the shards' top K) and caches the answer for 30 s. The
  per-shard ZREVRANGEs and the merge run in one Lua script inside Redis: one round trip,
  and only K pairs come back to be parsed instead of 8 × K (parsing RESP in Python was
  most of the time: 8 × 100 pairs cost ~15 ms; see bench/cloud.py).
* "Around me" is exact, in one Lua script (:data:`AROUND`): the student's rank is one plus
  the members ahead in every shard (``ZCOUNT`` above their value, and those with the same
  value and a smaller member), and the neighbours are the closest ones of every shard,
  merged. (An estimate from one shard, ``rank_in_shard × total / shard_size``, was wrong for
  every small board: everyone ranked 1st.)
* Day and week boards expire from Redis a while after their period ends (``RETENTION``);
  questions about older periods are answered by SQL.

Score and time share one float: ``score × 2³² + (2³² − 1 − seconds)``, exact for scores
below 2²¹, so equal scores rank the earlier result first, then by tenant and student id, as
the SQL boards do (their times are whole seconds too, see :func:`app.cloud.ingest.best_rows_for`).

Every key starts with ``mb:<database id>:`` (:mod:`app.cloud.instance_meta`): boards built
from one database are never read by a service on another one, e.g. a fresh database with
the same Redis; :meth:`RedisLeaderboards.rebuild` reloads Redis from SQL, the source of
truth, when its namespace has not been loaded yet.
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
from app.cloud.models import LeaderboardEntry
from app.cloud.periods import period_end
from app.cloud.schema import leaderboard_best as lb
from app.common.periods import Period
from app.common.timeutil import Clock, from_us

SHARDS = 8
_TIME_SPAN = 2**32
MAX_EXACT_SCORE = 2**21 - 1
_REBUILD_CHUNK = 5000


# Lua shared by the reading scripts. Redis orders equal scores by member, ascending, and
# a reverse range by member descending; the boards rank equal values by member ascending.
# So a range cut after n entries may hold the wrong ones of a tie at its edge: NEAREST takes
# every member tied with the last entry too, and the caller sorts and cuts again.
_LUA_COMMON = r"""
local function nearest(key, cmd, from, to, n)
  local out, seen = {}, {}
  if n <= 0 then return out end
  local got = redis.call(cmd, key, from, to, 'WITHSCORES', 'LIMIT', 0, n)
  for j = 1, #got, 2 do
    out[#out + 1] = {got[j], tonumber(got[j + 1]), got[j + 1]}
    seen[got[j]] = true
  end
  if #out == n then
    local edge = out[#out][3]
    for _, m in ipairs(redis.call('ZRANGEBYSCORE', key, edge, edge)) do
      if not seen[m] then out[#out + 1] = {m, tonumber(edge), edge} end
    end
  end
  return out
end
local function best_first(a, b)
  if a[2] ~= b[2] then return a[2] > b[2] end
  return a[1] < b[1]
end
local function text(list, n)
  local out = {}
  for i = 1, math.min(n, #list) do
    out[#out + 1] = list[i][1]
    out[#out + 1] = list[i][3]
  end
  return table.concat(out, "\n")
end
"""

# KEYS: the shard keys of one board; ARGV[1]: K. Returns one text, "member\nscore\n..." of
# the K best across shards, scores as Redis wrote them (exact decimal text); one bulk reply
# parses far faster than 2K of them. Members never hold a newline (ids are [A-Za-z0-9_.:-]).
MERGE_TOP_K = (
    _LUA_COMMON
    + r"""
local k = tonumber(ARGV[1])
local all = {}
for _, key in ipairs(KEYS) do
  for _, e in ipairs(nearest(key, 'ZREVRANGEBYSCORE', '+inf', '-inf', k)) do all[#all + 1] = e end
end
table.sort(all, best_first)
return text(all, k)
"""
)


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


# The student's exact rank and neighbours. KEYS: the board's shard keys. ARGV: the member,
# the 1-based index of its shard, n. Returns nil when the member is not on the board, else
# {members ahead, its score text, "member\nscore\n..." of the n just above (closest first),
# the same of the n just below}. Ahead: a higher value, or the same value and a smaller
# member (the order of MERGE_TOP_K).
AROUND = (
    _LUA_COMMON
    + r"""
local me, own, n = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local mine = redis.call('ZSCORE', KEYS[own], me)
if not mine then return nil end
local v = tonumber(mine)
local ahead = 0
local above, below = {}, {}
for _, key in ipairs(KEYS) do
  ahead = ahead + redis.call('ZCOUNT', key, '(' .. mine, '+inf')
  for _, m in ipairs(redis.call('ZRANGEBYSCORE', key, mine, mine)) do
    if m < me then
      ahead = ahead + 1
      above[#above + 1] = {m, v, mine}
    elseif m > me then
      below[#below + 1] = {m, v, mine}
    end
  end
  for _, e in ipairs(nearest(key, 'ZRANGEBYSCORE', '(' .. mine, '+inf', n)) do
    above[#above + 1] = e
  end
  for _, e in ipairs(nearest(key, 'ZREVRANGEBYSCORE', '(' .. mine, '-inf', n)) do
    below[#below + 1] = e
  end
end
table.sort(above, function(a, b) return best_first(b, a) end)  -- closest (lowest) first
table.sort(below, best_first)
return {ahead, mine, text(above, n), text(below, n)}
"""
)


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


def namespace(database_id: str) -> str:
    """The prefix of every leaderboard key of the database ``database_id``."""
    return f"mb:{database_id}:"


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


def _pairs(text: str) -> list[tuple[str, float]]:
    flat = text.split("\n") if text else []
    return [(flat[i], float(flat[i + 1])) for i in range(0, len(flat) - 1, 2)]


class RedisLeaderboards:
    approximate_rank = False

    def __init__(
        self,
        redis: Redis,
        sql: Leaderboards,
        *,
        cache_s: float,
        clock: Clock,
        database_id: str,
    ) -> None:
        """``database_id``: the identity of the SQL database the boards mirror; it prefixes
        every key (see :func:`namespace`)."""
        self._redis = redis
        self._sql = sql
        self._cache_s = cache_s
        self._clock = clock
        self._prefix = namespace(database_id)
        self._merge = redis.register_script(MERGE_TOP_K)
        self._record = redis.register_script(RECORD)
        self._around = redis.register_script(AROUND)

    @property
    def ready_key(self) -> str:
        """Set once the boards of this database were loaded from SQL."""
        return f"{self._prefix}lb:ready"

    def _board(self, key: BoardKey) -> str:
        return f"{self._prefix}lb:{_scope(key)}:{key.game}:{key.period}:{key.start_us}"

    def _names(self, tenant_id: str) -> str:
        return f"{self._prefix}lbn:{tenant_id}"

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
                    [self._board(key) for key in _keys_for(row)],
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
            names.setdefault(self._names(row.tenant_id), {})[row.student_id] = row.nickname
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
                pipe.zrem(f"{self._board(key)}:{shard_of(name)}", name)
            pipe.hdel(self._names(row.tenant_id), row.student_id)
        await pipe.execute()
        await self._drop_cache()

    async def _drop_cache(self) -> None:
        cursor = 0
        for _ in range(10_000):  # bounded scan
            cursor, keys = await self._redis.scan(
                cursor=cursor, match=f"{self._prefix}lbc:*", count=500
            )
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
            pipe.hmget(self._names(tenant_id), students)
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

    def _in_redis(self, key: BoardKey) -> bool:
        """Class boards (a class's few dozen students) and long-finished days and weeks
        are answered by SQL."""
        if key.scope == "class":
            return False
        ttl = _ttl_s(key.period, key.start_us, self._clock())
        return ttl is None or ttl > 0

    async def top(self, key: BoardKey, k: int) -> list[LeaderboardEntry]:
        if not self._in_redis(key):
            return await self._sql.top(key, k)
        cache_key = f"{self._prefix}lbc:{self._board(key)}:{k}"
        if self._cache_s > 0:
            cached = await self._redis.get(cache_key)
            if cached is not None:
                return [LeaderboardEntry.model_validate(e) for e in json.loads(cached)]
        shards = [f"{self._board(key)}:{shard}" for shard in range(SHARDS)]
        merged = _pairs(_text(await self._merge(keys=shards, args=[k])))
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
        shards = [f"{self._board(key)}:{shard}" for shard in range(SHARDS)]
        found = await self._around(keys=shards, args=[name, shard_of(name) + 1, n])
        if found is None:
            return None, []
        ahead, value, up, down = found
        above = list(reversed(_pairs(_text(up))))
        rank = int(ahead) + 1
        pairs = [*above, (name, float(_text(value))), *_pairs(_text(down))]
        return rank, await self._entries(pairs, rank - len(above))

    async def rebuild(self, engine: AsyncEngine, *, force: bool = False) -> int:
        """Load every best score of this database from SQL into Redis; skipped when its
        namespace was loaded already."""
        if not force and await self._redis.exists(self.ready_key):
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
        await self._redis.set(self.ready_key, "1")
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
