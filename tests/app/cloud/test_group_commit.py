"""Group commit of sync batches: concurrent batches share transactions, yet every item gets
its own answer, each uid counts once per tenant, and one failing batch fails no other."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from app.cloud.ingest import ingest
from tests.app.cloud.conftest import START, Cloud, result_item

pytestmark = pytest.mark.anyio
BATCHES = 8


def overlapping_batches() -> list[list[dict[str, Any]]]:
    """Batch i shares its last 5 results with batch i + 1 (a resend racing the original)."""
    uids = [uuid.uuid4().hex for _ in range(BATCHES * 15 + 5)]
    return [
        [
            result_item(uid, student=f"s{n % 7}", score=10 + n)
            for n, uid in enumerate(uids[i * 15 : i * 15 + 20], start=i * 15)
        ]
        for i in range(BATCHES)
    ]


async def test_concurrent_overlapping_batches_count_each_result_once_per_tenant(
    cloud: Cloud,
) -> None:
    keys = [await cloud.tenant("school_a"), await cloud.tenant("school_b")]
    batches = overlapping_batches()
    commits = 0

    def count(_conn: object) -> None:
        nonlocal commits
        commits += 1

    engine = cloud.service.engine.sync_engine
    event.listen(engine, "commit", count)
    try:
        # both tenants send the very same uids at once: tenants never share results
        answers = await asyncio.gather(
            *(cloud.sync(key, batch) for key in keys for batch in batches)
        )
    finally:
        event.remove(engine, "commit", count)
    assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
    distinct = {item["result_uid"] for batch in batches for item in batch}
    for t in range(2):
        bodies = [a.json() for a in answers[t * BATCHES : (t + 1) * BATCHES]]
        statuses = Counter(
            (item["result_uid"], item["status"]) for body in bodies for item in body["items"]
        )
        accepted = [uid for (uid, status), n in statuses.items() if status == "accepted"]
        assert sorted(accepted) == sorted(distinct)  # each uid accepted exactly once
        assert all(statuses[(uid, "accepted")] == 1 for uid in distinct)
        assert sum(b["accepted"] for b in bodies) == len(distinct)
        assert sum(b["duplicates"] for b in bodies) == BATCHES * 20 - len(distinct)
        for body, batch in zip(bodies, batches, strict=True):
            assert [i["result_uid"] for i in body["items"]] == [i["result_uid"] for i in batch]
    assert commits < 2 * BATCHES, "concurrent batches were not grouped"

    best = {f"s{k}": max(10 + n for n in range(len(distinct)) if n % 7 == k) for k in range(7)}
    for key in keys:
        board = (await cloud.get(key, "/v1/leaderboards/lander", scope="tenant", limit=10)).json()
        assert {e["student_id"]: e["score"] for e in board["entries"]} == best


async def test_a_failing_batch_in_a_group_fails_alone(cloud: Cloud) -> None:
    await cloud.tenant("school_a")
    service = cloud.service
    good = [[result_item(student=f"g{i}", score=100 + i)] for i in range(3)]

    async def send(tenant: str, items: list[dict[str, Any]]) -> Any:
        outcome = await ingest(service.engine, tenant, items, now=START, policy=service.policy)
        await service.boards.record(outcome.best_rows)  # as the route does
        return outcome

    # the first write starts alone; the other three wait and are grouped: the unknown tenant
    # breaks the group's transaction (foreign key), so each is written again on its own
    outcomes = await asyncio.gather(
        send("school_a", good[0]),
        send("school_a", good[1]),
        send("no_such_school", [result_item()]),
        send("school_a", good[2]),
        return_exceptions=True,
    )
    assert isinstance(outcomes[2], IntegrityError)
    for outcome in (outcomes[0], outcomes[1], outcomes[3]):
        assert not isinstance(outcome, BaseException), outcome
        assert [a.status for a in outcome.answers] == ["accepted"]
    key = cloud.keys["school_a"]
    board = (await cloud.get(key, "/v1/leaderboards/lander", scope="tenant", limit=10)).json()
    assert sorted(e["score"] for e in board["entries"]) == [100, 101, 102]


async def test_one_statement_text_per_table_whatever_the_batch_size(cloud: Cloud) -> None:
    """On PostgreSQL the ingest statements take whole columns as arrays (``unnest``), so
    their text, and the statement asyncpg prepares, is the same for 1, 7 or 20 results;
    a multi-row VALUES list made a new statement, parsed and planned anew, per row count."""
    if cloud.service.engine.dialect.name != "postgresql":
        pytest.skip("SQLite writes a multi-row VALUES list (no prepared statements to reuse)")
    key = await cloud.tenant("school_a")
    texts: dict[str, set[str]] = {"results": set(), "leaderboard_best": set()}

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        for table, seen in texts.items():
            if statement.startswith(f"INSERT INTO {table} "):
                seen.add(statement)

    engine = cloud.service.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        for size in (1, 7, 20, 3):
            items = [result_item(student=f"s{i}", score=10 + i) for i in range(size)]
            answer = await cloud.sync(key, items)
            assert answer.status_code == 200, answer.text
            assert answer.json()["accepted"] == size
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert [len(seen) for seen in texts.values()] == [1, 1], texts
    board = (await cloud.get(key, "/v1/leaderboards/lander", scope="tenant", limit=50)).json()
    assert {e["student_id"]: e["score"] for e in board["entries"]} == {
        f"s{i}": 10 + i for i in range(20)
    }
