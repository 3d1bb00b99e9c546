"""The sync client against the real store (SQLite file) and the real cloud app."""

from __future__ import annotations

import random
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import pytest

from app.cloud.server import create_app
from app.cloud.settings import CloudSettings
from app.common.timeutil import utc_now
from app.store import FlightRecord, Store
from app.sync.outbox import SyncClient
from app.sync.wire import pseudonym, to_wire
from tests.app.cloud.live import live_server

pytestmark = pytest.mark.anyio
ADMIN = "sync-admin"
SECRET = b"installation-secret-for-tests-00"


@pytest.fixture
def cloud_settings(tmp_path: Path) -> CloudSettings:
    return CloudSettings(data_dir=tmp_path / "cloud", admin_token=ADMIN)


async def play_lesson(store: Store, students: int, flights_each: int) -> list[str]:
    """Record a lesson's flights as the host does; the result uids."""
    class_id = await store.create_class("7B", "KXR4TZ")
    round_id = await store.create_round(
        class_id, game="lander", world="moon", mode="solo", seed=7, room="A", params={}
    )
    uids = []
    for s in range(students):
        student = await store.add_student(class_id, f"kid{s}")
        for f in range(flights_each):
            landed = f % 3 != 2
            stored = await store.record_flight(
                FlightRecord(
                    round_id=round_id, student_id=student, game="lander", world="moon",
                    outcome="landed" if landed else "crashed", reason_code="ok",
                    reason="", score=(100 + 10 * s + f) if landed else 0,
                    stars=2 if landed else 0, breakdown={}, flight_time_s=30.0 + f,
                    fuel_used=5.0, params={}, telemetry=b"",
                )
            )  # fmt: skip
            uids.append(stored.result_uid)
    return uids


@dataclass
class InProcess:
    http: httpx.AsyncClient
    key: str


@asynccontextmanager
async def in_process_cloud(settings: CloudSettings) -> AsyncIterator[InProcess]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://cloud.test") as http:
            created = await http.post(
                "/v1/admin/tenants",
                json={
                    "tenant_id": "school",
                    "name": "School",
                    "scopes": ["sync", "boards", "compliance"],
                },
                headers={"X-Admin-Token": ADMIN},
            )
            yield InProcess(http, created.json()["api_key"])


def client_for(store: Store, cloud: InProcess, **kwargs: object) -> SyncClient:
    return SyncClient(
        store, "http://cloud.test", cloud.key, utc_now, installation_secret=SECRET,
        http=cloud.http, rng=random.Random(1), **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


async def board(cloud: InProcess) -> list[tuple[str, int]]:
    answer = await cloud.http.get(
        "/v1/leaderboards/lander", params={"limit": 100}, headers={"X-API-Key": cloud.key}
    )
    return [(e["nickname"], e["score"]) for e in answer.json()["entries"]]


async def test_a_lesson_syncs_in_batches_of_twenty_exactly_once(
    store: Store, cloud_settings: CloudSettings
) -> None:
    uids = await play_lesson(store, students=9, flights_each=5)  # 45 results
    async with in_process_cloud(cloud_settings) as cloud:
        client = client_for(store, cloud)
        report = await client.sync_once()
        assert (report.batches, report.accepted, report.pending, report.error) == (3, 45, 0, None)
        again = await client.sync_once()
        assert (again.batches, again.sent) == (0, 0)
        status = await client.status()
        assert status.pending == 0
        assert status.last_success_at is not None
        assert status.last_error is None
        top = await board(cloud)
        assert len(top) == 9
        assert top[0] == ("kid8", 184)  # kid8 landed flights 0, 1, 3, 4: best 100 + 80 + 4
        for uid in uids[:3]:
            await store.outbox_mark_sent([uid])  # harmless: already sent
        export = await cloud.http.get(
            f"/v1/compliance/students/{pseudonym(SECRET, 1)}", headers={"X-API-Key": cloud.key}
        )
        assert len(export.json()["results"]) == 5  # kid0's five flights, once each


async def test_results_carry_their_class_code_to_the_class_board(
    store: Store, cloud_settings: CloudSettings
) -> None:
    await play_lesson(store, students=3, flights_each=2)
    other = await store.create_class("7C", "M4N5P6")
    round_id = await store.create_round(
        other, game="lander", world="moon", mode="solo", seed=8, room="A", params={}
    )
    kid = await store.add_student(other, "kidc")
    await store.record_flight(
        FlightRecord(
            round_id=round_id, student_id=kid, game="lander", world="moon", outcome="landed",
            reason_code="ok", reason="", score=999, stars=3, breakdown={}, flight_time_s=30.0,
            fuel_used=5.0, params={}, telemetry=b"",
        )
    )  # fmt: skip
    async with in_process_cloud(cloud_settings) as cloud:
        assert (await client_for(store, cloud).sync_once()).accepted == 7
        export = await cloud.http.get(
            f"/v1/compliance/students/{pseudonym(SECRET, 1)}", headers={"X-API-Key": cloud.key}
        )
        assert {r["class_code"] for r in export.json()["results"]} == {"KXR4TZ"}
        board = await cloud.http.get(
            "/v1/leaderboards/lander",
            params={"scope": "class", "class_code": "KXR4TZ"},
            headers={"X-API-Key": cloud.key},
        )
        assert board.status_code == 200, board.text
        assert sorted(e["nickname"] for e in board.json()["entries"]) == ["kid0", "kid1", "kid2"]
        analytics = await cloud.http.get("/v1/analytics/lander", headers={"X-API-Key": cloud.key})
        assert [c["class_code"] for c in analytics.json()["classes"]] == ["KXR4TZ", "M4N5P6"]


async def test_cloud_down_then_back_loses_nothing(
    store: Store, cloud_settings: CloudSettings
) -> None:
    async with live_server(cloud_settings) as url, httpx.AsyncClient(base_url=url) as http:
        created = await http.post(
            "/v1/admin/tenants",
            json={
                "tenant_id": "school",
                "name": "School",
                "scopes": ["sync", "boards", "compliance"],
            },
            headers={"X-Admin-Token": ADMIN},
        )
        key = created.json()["api_key"]
    port = int(url.rsplit(":", 1)[1])
    # the cloud is now stopped while a lesson's results pile up
    await play_lesson(store, students=6, flights_each=5)
    client = SyncClient(store, url, key, utc_now, installation_secret=SECRET, rng=random.Random(2))
    try:
        down = await client.sync_once()
        assert down.error is not None
        assert "not reachable" in down.error
        assert down.pending == 30
        pending = await store.outbox_pending(limit=20)
        assert all(item.attempts == 1 for item in pending)
        status = await client.status()
        assert status.consecutive_failures == 1
        assert status.next_attempt_at is not None
        if not _port_free(port):
            pytest.skip(f"port {port} was taken by another program meanwhile")
        async with live_server(cloud_settings, port=port):
            back = await client.sync_once()
            assert (back.accepted, back.pending, back.error) == (30, 0, None)
            assert (await client.status()).consecutive_failures == 0
    finally:
        await client.aclose()


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


async def test_a_batch_resent_after_a_lost_answer_counts_once(
    store: Store, cloud_settings: CloudSettings
) -> None:
    await play_lesson(store, students=4, flights_each=5)  # 20 results
    async with in_process_cloud(cloud_settings) as cloud:
        # the host sent the batch, then died before marking it sent
        pending = await store.outbox_pending(limit=20)
        items = [to_wire(item.payload, SECRET) for item in pending]
        first = await cloud.http.post(
            "/v1/sync/results", json={"items": items}, headers={"X-API-Key": cloud.key}
        )
        assert first.json()["accepted"] == 20
        before = await board(cloud)
        report = await client_for(store, cloud).sync_once()
        assert (report.accepted, report.duplicates, report.pending) == (0, 20, 0)
        assert await board(cloud) == before


async def test_rate_limited_pass_waits_for_retry_after(
    store: Store, cloud_settings: CloudSettings
) -> None:
    await play_lesson(store, students=5, flights_each=5)  # 25 results: two batches
    settings = replace(cloud_settings, submissions_per_minute=1)
    async with in_process_cloud(settings) as cloud:
        client = client_for(store, cloud)
        report = await client.sync_once()
        assert (report.accepted, report.pending) == (20, 5)
        assert report.error is not None
        assert "slow down" in report.error
        wait = (report.next_attempt_at - utc_now()).total_seconds()
        assert wait >= 1.0


async def test_rejected_results_are_final_and_not_resent(
    store: Store, cloud_settings: CloudSettings
) -> None:
    class_id = await store.create_class("7B", "KXR4TZ")
    round_id = await store.create_round(
        class_id, game="lander", world="moon", mode="solo", seed=1, room="A", params={}
    )
    kid = await store.add_student(class_id, "kid")
    await store.record_flight(
        FlightRecord(
            round_id=round_id, student_id=kid, game="lander", world="moon",
            outcome="landed", reason_code="ok", reason="", score=90_000, stars=3,
            breakdown={}, flight_time_s=1.0, fuel_used=1.0, params={}, telemetry=b"",
        )
    )  # fmt: skip
    async with in_process_cloud(cloud_settings) as cloud:
        client = client_for(store, cloud)
        report = await client.sync_once()
        assert (report.rejected, report.pending, report.error) == (1, 0, None)
        assert await board(cloud) == []


async def test_wrong_key_is_a_failure_that_keeps_the_results(
    store: Store, cloud_settings: CloudSettings
) -> None:
    await play_lesson(store, students=1, flights_each=2)
    async with in_process_cloud(cloud_settings) as cloud:
        client = SyncClient(
            store, "http://cloud.test", "tenant_school_" + "0" * 64, utc_now,
            installation_secret=SECRET, http=cloud.http,
        )  # fmt: skip
        report = await client.sync_once()
        assert report.error is not None
        assert "401" in report.error
        assert report.pending == 2


async def test_backoff_doubles_with_jitter_and_is_capped(store: Store) -> None:
    client = SyncClient(
        store, "http://cloud.test", "tenant_x_" + "0" * 64, utc_now,
        installation_secret=SECRET, rng=random.Random(3), interval_s=30, max_backoff_s=600,
    )  # fmt: skip
    for failures, base in ((1, 30.0), (2, 60.0), (3, 120.0), (5, 480.0), (9, 600.0)):
        waits = [client.backoff_s(failures) for _ in range(50)]
        assert all(base * 0.5 <= w < base for w in waits)
        assert max(waits) - min(waits) > base * 0.2  # jittered, not constant


async def test_pseudonyms_are_stable_and_not_the_local_id() -> None:
    assert pseudonym(SECRET, 7) == pseudonym(SECRET, 7)
    assert pseudonym(SECRET, 7) != pseudonym(SECRET, 8)
    assert pseudonym(b"another-installation-secret-0000", 7) != pseudonym(SECRET, 7)
    wire = to_wire({"result_uid": "u" * 32, "student_id": 7, "telemetry": "x"}, SECRET)
    assert wire == {"result_uid": "u" * 32, "student_id": pseudonym(SECRET, 7)}


@pytest.mark.parametrize(
    ("url", "key"), [("ftp://x", "tenant_a_" + "0" * 64), ("http://x", "secret")]
)
async def test_bad_configuration_is_refused(store: Store, url: str, key: str) -> None:
    with pytest.raises(ValueError, match="cloud"):
        SyncClient(store, url, key, utc_now, installation_secret=SECRET)
