"""The host-side sync loop (BackgroundSync), its state file and ``moonbase sync --status``,
against the real store (SQLite file) and the real cloud app served by uvicorn."""

from __future__ import annotations

import asyncio
import io
import json
import socket
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from app.cloud.server import create_app
from app.cloud.settings import CloudSettings
from app.config import Settings
from app.store import Store
from app.sync.background import BackgroundSync, sync_enabled
from app.sync.outbox import SyncStatus
from app.sync.state import SyncState, SyncStateError, load_state, save_state, state_path
from app.synccmd import run_sync
from tests.app.cloud.live import live_server
from tests.app.sync.test_outbox import ADMIN, _port_free, play_lesson
from tests.app.sync.test_sigkill import HoldOneBatch, served

pytestmark = pytest.mark.anyio
DEADLINE_S = 20.0
T0 = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


async def new_tenant(url: str) -> str:
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        made = await http.post(
            "/v1/admin/tenants",
            json={
                "tenant_id": "school",
                "name": "School",
                "scopes": ["sync", "boards", "compliance"],
            },
            headers={"X-Admin-Token": ADMIN},
        )
        return str(made.json()["api_key"])


async def board(url: str, key: str) -> list[tuple[str, int]]:
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        answer = await http.get(
            "/v1/leaderboards/lander", params={"limit": 100}, headers={"X-API-Key": key}
        )
    return [(e["nickname"], e["score"]) for e in answer.json()["entries"]]


async def until(predicate: object, what: str) -> None:
    assert callable(predicate)
    deadline = time.monotonic() + DEADLINE_S
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


def host_settings(data_dir: Path, url: str = "", key: str = "") -> Settings:
    return replace(Settings(), data_dir=data_dir, cloud_url=url, cloud_key=key)


# -- the state file ----------------------------------------------------------------------------
def test_state_round_trips_and_replaces_atomically(tmp_path: Path) -> None:
    path = state_path(tmp_path / "data")
    assert load_state(path) is None
    state = SyncState(
        last_success_at=T0, last_error="cloud not reachable", last_error_at=T0 + timedelta(1),
        consecutive_failures=2, next_attempt_at=T0 + timedelta(seconds=90),
    )  # fmt: skip
    save_state(path, state)
    assert load_state(path) == state
    save_state(path, SyncState(last_success_at=T0 + timedelta(2)))
    again = load_state(path)
    assert again is not None
    assert again.last_success_at == T0 + timedelta(2)
    assert again.last_error is None
    assert again.consecutive_failures == 0
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": 9}', "not a format 1"),
        ('{"format": 1, "consecutive_failures": -1}', "consecutive_failures"),
        ('{"format": 1, "last_success_at": "yesterday"}', "last_success_at"),
        ('{"format": 1, "last_error_at": "2026-01-01T00:00:00"}', "no time zone"),
    ],
)
def test_a_bad_state_file_is_named(tmp_path: Path, text: str, why: str) -> None:
    path = tmp_path / "sync_state.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SyncStateError, match=why) as caught:
        load_state(path)
    assert str(path) in str(caught.value)


def test_sync_is_on_only_with_both_address_and_key(tmp_path: Path) -> None:
    key = "tenant_school_" + "0" * 64
    assert not sync_enabled(host_settings(tmp_path))
    assert not sync_enabled(host_settings(tmp_path, url="http://127.0.0.1:9"))
    assert not sync_enabled(host_settings(tmp_path, key=key))
    assert sync_enabled(host_settings(tmp_path, "http://127.0.0.1:9", key))


async def test_without_cloud_settings_there_is_no_sync(store: Store, tmp_path: Path) -> None:
    made = BackgroundSync.from_settings(host_settings(tmp_path / "host"), store)
    assert made is None
    assert not (tmp_path / "host" / "installation_secret").exists()


# -- the loop ----------------------------------------------------------------------------------
async def test_a_nudge_sends_new_results_without_waiting_for_the_interval(
    store: Store, tmp_path: Path
) -> None:
    data_dir = tmp_path / "host"
    async with live_server(CloudSettings(data_dir=tmp_path / "cloud", admin_token=ADMIN)) as url:
        key = await new_tenant(url)
        seen: list[SyncStatus] = []
        sync = BackgroundSync.from_settings(
            host_settings(data_dir, url, key), store, interval_s=3600.0, on_status=seen.append
        )
        assert sync is not None
        await sync.start()
        try:
            await until(lambda: len(seen) == 1, "the first pass at start")
            assert (seen[0].pending, seen[0].last_error) == (0, None)
            uids = await play_lesson(store, students=5, flights_each=5)  # 25: two batches
            sync.nudge()
            await until(lambda: len(seen) == 2, "the nudged pass")
        finally:
            await sync.stop()
        assert (seen[1].pending, seen[1].last_error) == (0, None)
        assert seen[1].last_success_at is not None
        assert len(await board(url, key)) == 5
        saved = load_state(state_path(data_dir))
        assert saved is not None
        assert saved.last_success_at == seen[1].last_success_at
        assert saved.last_error is None
        assert (await store.outbox_counts()) == (0, len(uids))


async def test_stop_cuts_a_pass_in_flight_and_nothing_is_lost_or_doubled(
    store: Store, tmp_path: Path
) -> None:
    uids = await play_lesson(store, students=5, flights_each=5)  # 25 results
    app = create_app(CloudSettings(data_dir=tmp_path / "cloud", admin_token=ADMIN))
    gate = HoldOneBatch(app, nth=1, where="response")  # stored by the cloud, answer held
    async with served(gate) as url:
        key = await new_tenant(url)
        settings = host_settings(tmp_path / "host", url, key)
        sync = BackgroundSync.from_settings(settings, store, interval_s=0.2)
        assert sync is not None
        await sync.start()
        await asyncio.wait_for(gate.holding.wait(), DEADLINE_S)
        started = time.monotonic()
        await sync.stop(grace_s=0.2)
        took = time.monotonic() - started
        assert not sync.running
        assert sync.passes == 0  # the only pass was cut
        assert took < 5.0, f"stop took {took:.1f} s"
        assert (await store.outbox_counts()) == (25, 0)  # the answer never arrived
        gate.release.set()
        await asyncio.wait_for(gate.finished.wait(), DEADLINE_S)

        out = io.StringIO()
        assert await run_sync(settings, status_only=False, out=out) == 0
        assert "5 accepted, 20 duplicate, 0 rejected; 0 still pending" in out.getvalue()
        top = await board(url, key)
        assert len(top) == 5
        assert top[0] == ("kid4", 144)  # kid4's best: 100 + 40 + 4, counted once
        assert (await store.outbox_counts()) == (0, len(uids))


async def test_status_command_shows_last_success_and_last_error(
    store: Store, tmp_path: Path
) -> None:
    await play_lesson(store, students=2, flights_each=2)
    cloud = CloudSettings(data_dir=tmp_path / "cloud", admin_token=ADMIN)
    async with live_server(cloud) as url:
        key = await new_tenant(url)
    settings = host_settings(tmp_path / "host", url, key)  # the cloud is stopped now

    failed = io.StringIO()
    assert await run_sync(settings, status_only=False, out=failed) == 1
    shown = io.StringIO()
    assert await run_sync(settings, status_only=True, out=shown) == 0
    text = shown.getvalue()
    assert "outbox: 4 pending, 0 sent" in text
    assert "last success: never" in text
    assert "last error: " in text
    assert "not reachable" in text
    assert "failing: 1 pass(es) in a row" in text
    body = json.loads(state_path(settings.data_dir).read_text(encoding="utf-8"))
    assert body["consecutive_failures"] == 1

    port = int(url.rsplit(":", 1)[1])
    if not _port_free(port):
        pytest.skip(f"port {port} was taken by another program meanwhile")
    async with live_server(cloud, port=port) as url_again:
        assert url_again == url
        assert await run_sync(settings, status_only=False, out=io.StringIO()) == 0
    shown = io.StringIO()
    assert await run_sync(settings, status_only=True, out=shown) == 0
    text = shown.getvalue()
    assert "outbox: 0 pending, 4 sent" in text
    assert "last success: 20" in text  # a date, not "never"
    assert "not reachable" in text  # the last error is still shown, with its time
    assert "failing" not in text


async def test_a_host_that_never_reached_the_cloud_shows_no_last_success(
    store: Store, tmp_path: Path
) -> None:
    """Nothing to send and no cloud at the address: no success is claimed, and the status
    says the cloud was not reachable."""
    await store.close()  # an empty outbox
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"  # nothing listens here
    settings = host_settings(tmp_path / "host", closed, "tenant_school_" + "0" * 64)
    await run_sync(settings, status_only=False, out=io.StringIO())
    shown = io.StringIO()
    assert await run_sync(settings, status_only=True, out=shown) == 0
    text = shown.getvalue()
    assert "outbox: 0 pending, 0 sent" in text
    assert "last success: never" in text, text
    assert "not reachable" in text, text


async def test_status_without_cloud_settings_says_sync_is_off(tmp_path: Path) -> None:
    out = io.StringIO()
    assert await run_sync(host_settings(tmp_path / "host"), status_only=True, out=out) == 0
    assert "cloud sync is off" in out.getvalue()
    assert "last success" not in out.getvalue()
