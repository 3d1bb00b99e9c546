"""The cloud outbox: pending oldest first, marking sent or failed, nothing counted twice."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from app.store import InvalidRecordError, OutboxItem, Store
from tests.app.store.conftest import T0, flight


def test_pending_sent_and_failed(db_path: Path) -> None:
    async def scenario() -> None:
        async with await Store.open(db_path) as store:
            class_id = await store.create_class("7B", "K7M2QX")
            ana = await store.add_student(class_id, "ana")
            round_id = await store.create_round(
                class_id, game="lander", world="moon", mode="solo", seed=1, room="A", params={}
            )
            stored = [
                await store.record_flight(
                    flight(round_id, ana, 10 * i), now=T0 + timedelta(seconds=i)
                )
                for i in range(25)
            ]
            first: list[OutboxItem] = await store.outbox_pending()
            assert [i.result_uid for i in first] == [f.result_uid for f in stored[:20]]
            assert first[3].created_at == T0 + timedelta(seconds=3)
            assert await store.outbox_counts() == (25, 0)

            await store.outbox_mark_failed(
                [first[0].result_uid, first[1].result_uid], "cloud unreachable: timed out"
            )
            await store.outbox_mark_failed([first[0].result_uid], "HTTP 503")
            again = await store.outbox_pending(limit=2)
            assert [(i.attempts, i.last_error) for i in again] == [
                (2, "HTTP 503"),
                (1, "cloud unreachable: timed out"),
            ]

            await store.outbox_mark_sent([i.result_uid for i in first])
            await store.outbox_mark_sent([first[0].result_uid, "not-a-known-uid"])  # harmless
            rest = await store.outbox_pending()
            assert [i.result_uid for i in rest] == [f.result_uid for f in stored[20:]]
            assert await store.outbox_counts() == (5, 20)
            with pytest.raises(InvalidRecordError, match="a list of uids, not one string"):
                await store.outbox_mark_sent(rest[0].result_uid)
            with pytest.raises(InvalidRecordError, match=r"limit must be within 1\.\.1000"):
                await store.outbox_pending(limit=5000)

    asyncio.run(scenario())
