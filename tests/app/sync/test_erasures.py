"""A student erased on the classroom host (COPPA/GDPR) is erased in the cloud on the next
sync, with the sync key alone: the real store (SQLite file), the real cloud app."""

from __future__ import annotations

import httpx
import pytest

from app.cloud.settings import CloudSettings
from app.store import Store
from app.sync.wire import pseudonym
from tests.app.sync.test_outbox import (
    ADMIN,
    SECRET,
    board,
    client_for,
    cloud_settings,  # noqa: F401 - a fixture
    in_process_cloud,
    play_lesson,
)

pytestmark = pytest.mark.anyio


async def cloud_results(cloud_http: httpx.AsyncClient, key: str, student_id: int) -> int:
    answer = await cloud_http.get(
        f"/v1/compliance/students/{pseudonym(SECRET, student_id)}", headers={"X-API-Key": key}
    )
    assert answer.status_code == 200, answer.text
    return len(answer.json()["results"])


async def test_an_erased_student_is_erased_in_the_cloud_on_the_next_sync(
    store: Store,
    cloud_settings: CloudSettings,  # noqa: F811 - the fixture imported above
) -> None:
    await play_lesson(store, students=3, flights_each=2)
    async with in_process_cloud(cloud_settings) as cloud:
        # the host syncs with a key that may only sync: the erasure needs nothing more
        made = await cloud.http.post(
            "/v1/admin/tenants/school/keys",
            json={"label": "host", "scopes": ["sync"]},
            headers={"X-Admin-Token": ADMIN},
        )
        assert made.status_code in (200, 201), made.text
        host = type(cloud)(cloud.http, made.json()["api_key"])
        client = client_for(store, host)
        assert (await client.sync_once()).accepted == 6
        assert await cloud_results(cloud.http, cloud.key, 2) == 2
        assert ("kid1", 111) in await board(cloud)

        assert await store.delete_student(2) == 2
        assert await store.erasures_pending() == [2]
        report = await client.sync_once()
        assert (report.error, report.erased) == (None, 1)
        assert await store.erasures_pending() == []
        assert await cloud_results(cloud.http, cloud.key, 2) == 0
        assert "kid1" not in [name for name, _ in await board(cloud)]
        assert await cloud_results(cloud.http, cloud.key, 1) == 2  # the others stay
        assert (await client.sync_once()).erased == 0  # told once

        # an erased id is never given to the next new student
        class_id = await store.create_class("7D", "Q7R8S9")
        assert await store.add_student(class_id, "newkid") == 4
        await store.delete_student(3)
        assert await store.add_student(class_id, "newer") == 5


async def test_an_erasure_the_cloud_did_not_take_waits_for_the_next_pass(
    store: Store,
    cloud_settings: CloudSettings,  # noqa: F811 - the fixture imported above
) -> None:
    await play_lesson(store, students=2, flights_each=1)
    await store.delete_student(1)
    async with in_process_cloud(cloud_settings) as cloud:
        offline = client_for(store, type(cloud)(cloud.http, "tenant_nobody_x"))
        report = await offline.sync_once()
        assert report.error is not None
        assert await store.erasures_pending() == [1]
        report = await client_for(store, cloud).sync_once()
        assert (report.error, report.erased) == (None, 1)
        assert await store.erasures_pending() == []
