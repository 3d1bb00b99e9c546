"""Issue 9: the classroom host syncs on its own. A host with cloud settings plays rounds with
bots over real ZeroMQ sockets; the real cloud app (uvicorn on 127.0.0.1) then holds every
result exactly once. Without cloud settings, nothing is sent."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import socket
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from app.bots import BotReport, bot_specs, run_bot
from app.cloud.settings import CloudSettings
from app.common.timeutil import utc_now
from app.config import Settings
from app.errors import HostError
from app.host.host import ClassHost, HostEvent
from app.serve import sync_line
from app.store import Store, StoredFlight
from app.sync.state import load_state, state_path
from app.sync.wire import pseudonym
from app.synccmd import installation_secret, run_sync
from game.registry import DEFAULT_GAME as GAME
from tests.app.cloud.live import live_server
from tests.app.sync.test_outbox import play_lesson

ADMIN = "host-sync-admin"
DEADLINE_S = 30.0
BOTS = 4


def host_settings(data_dir: Path, url: str = "", key: str = "") -> Settings:
    return dataclasses.replace(
        Settings(), data_dir=data_dir, speed=20.0, countdown_seconds=1.0, round_seconds=45.0,
        lan_discovery=False, lockstep=True, cloud_url=url, cloud_key=key,
    )  # fmt: skip


async def new_tenant(http: httpx.AsyncClient) -> str:
    made = await http.post(
        "/v1/admin/tenants",
        json={"tenant_id": "school", "name": "School", "scopes": ["sync", "boards", "compliance"]},
        headers={"X-Admin-Token": ADMIN},
    )
    return str(made.json()["api_key"])


async def cloud_board(http: httpx.AsyncClient, key: str) -> list[tuple[str, int]]:
    answer = await http.get(
        f"/v1/leaderboards/{GAME}", params={"limit": 100}, headers={"X-API-Key": key}
    )
    assert answer.status_code == 200, answer.text
    return [(e["nickname"], e["score"]) for e in answer.json()["entries"]]


async def play(host: ClassHost, rounds: int) -> list[StoredFlight]:
    """``BOTS`` bots join and fly ``rounds`` rounds; every stored flight."""
    events = host.subscribe()
    tasks = [
        asyncio.create_task(
            run_bot(
                "127.0.0.1", host.port, host.join_code, spec, server_key=host.public_key,
                rounds=rounds, timeout=DEADLINE_S * rounds,
            )
        )
        for spec in bot_specs(BOTS, 9)
    ]  # fmt: skip
    try:
        async with asyncio.timeout(DEADLINE_S):
            joined = 0
            while joined < BOTS:
                if (await events.get()).kind == "player_joined":
                    joined += 1
        flights: list[StoredFlight] = []
        for number in range(rounds):
            await host.start_round(seed=100 + number, mode="solo")
            flights += await host.wait_round(DEADLINE_S)
        reports: list[BotReport] = await asyncio.gather(*tasks)
        assert len(reports) == BOTS
        return flights
    finally:
        host.unsubscribe(events)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def synced_after(events: asyncio.Queue[HostEvent], after: datetime) -> HostEvent:
    """The first "sync" event of a pass that succeeded after ``after`` with nothing left
    pending (the count is read at the end of the pass, so it covers every earlier result)."""
    async with asyncio.timeout(DEADLINE_S):
        while True:
            event = await events.get()
            if event.kind != "sync" or event.data["pending"] != 0:
                continue
            success = event.data["last_success_at"]
            if success is not None and success > after:
                return event


async def host_with_cloud_syncs_every_result_exactly_once(
    tmp_path: Path, interval_s: float, rounds: int
) -> None:
    cloud = CloudSettings(data_dir=tmp_path / "cloud", admin_token=ADMIN)
    async with live_server(cloud) as url, httpx.AsyncClient(base_url=url, timeout=10) as http:
        key = await new_tenant(http)
        settings = host_settings(tmp_path / "host", url, key)
        store = await Store.open(settings.data_dir / "moonbase.db")
        try:
            host = ClassHost(settings, store, sync_interval_s=interval_s)
            events = host.subscribe()
            await host.start()
            try:
                flights = await play(host, rounds=rounds)
                assert len(flights) == rounds * BOTS
                last = await synced_after(events, utc_now())
                assert last.data["last_error"] is None
                status = await host.sync_status()
                assert status is not None
                assert (status.enabled, status.pending, status.last_error) == (True, 0, None)
            finally:
                await host.stop()
            assert (await store.outbox_counts()) == (0, rounds * BOTS)
        finally:
            await store.close()

        # The tenant leaderboard: each student who flew, once, with their best result (a
        # student whose flights all scored 0 is on it with 0, as on the host's board).
        best: dict[str, int] = {}
        for flight in flights:
            best[flight.nickname] = max(best.get(flight.nickname, 0), flight.score)
        shown = await cloud_board(http, key)
        assert sorted(shown) == sorted(best.items())
        # Every result is in the cloud exactly once, under the student's pseudonym.
        secret = installation_secret(settings.data_dir)
        for student_id in {f.student_id for f in flights}:
            export = await http.get(
                f"/v1/compliance/students/{pseudonym(secret, student_id)}",
                headers={"X-API-Key": key},
            )
            held = [r["result_uid"] for r in export.json()["results"]]
            mine = [f.result_uid for f in flights if f.student_id == student_id]
            assert sorted(held) == sorted(mine)

        # A separate `moonbase sync --status` sees what the host's last pass did.
        out = io.StringIO()
        assert await run_sync(settings, status_only=True, out=out) == 0
        assert f"outbox: 0 pending, {rounds * BOTS} sent" in out.getvalue()
        assert "last success: never" not in out.getvalue()
        assert "last error: none" in out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("interval_s", "rounds"),
    [
        (0.5, 2),  # the loop's own passes (a fast interval for the test)
        (3600.0, 1),  # no timed pass after the first: the round's end nudges one
    ],
)
def test_a_host_with_cloud_settings_syncs_every_result_exactly_once(
    tmp_path: Path, interval_s: float, rounds: int
) -> None:
    asyncio.run(host_with_cloud_syncs_every_result_exactly_once(tmp_path, interval_s, rounds))


async def host_without_cloud_sends_nothing(tmp_path: Path) -> None:
    cloud = CloudSettings(data_dir=tmp_path / "cloud", admin_token=ADMIN)
    async with live_server(cloud) as url, httpx.AsyncClient(base_url=url, timeout=10) as http:
        key = await new_tenant(http)
        settings = host_settings(tmp_path / "host")  # no cloud_url, no cloud_key
        store = await Store.open(settings.data_dir / "moonbase.db")
        try:
            host = ClassHost(settings, store, sync_interval_s=0.1)
            events = host.subscribe()
            await host.start()
            try:
                flights = await play(host, rounds=1)
                assert await host.sync_status() is None
            finally:
                await host.stop()
            assert (await store.outbox_counts()) == (len(flights), 0)
        finally:
            await store.close()
        kinds = set()
        while not events.empty():
            kinds.add(events.get_nowait().kind)
        assert "round_completed" in kinds
        assert "sync" not in kinds
        assert await cloud_board(http, key) == []
        assert load_state(state_path(settings.data_dir)) is None
        assert not (settings.data_dir / "installation_secret").exists()


@pytest.mark.slow
def test_a_host_without_cloud_settings_sends_nothing(tmp_path: Path) -> None:
    asyncio.run(host_without_cloud_sends_nothing(tmp_path))


def test_a_bad_sync_interval_is_refused(tmp_path: Path) -> None:
    async def build() -> None:
        store = await Store.open(tmp_path / "moonbase.db")
        try:
            with pytest.raises(HostError, match="sync_interval_s must be within"):
                ClassHost(host_settings(tmp_path), store, sync_interval_s=0.0)
        finally:
            await store.close()

    asyncio.run(build())


async def host_with_cloud_down_reports_the_error(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = host_settings(
        tmp_path / "host", f"http://127.0.0.1:{port}", "tenant_school_" + "0" * 64
    )
    store = await Store.open(settings.data_dir / "moonbase.db")
    try:
        await play_lesson(store, students=1, flights_each=3)  # results of an earlier lesson
        host = ClassHost(settings, store, sync_interval_s=60.0)
        events = host.subscribe()
        await host.start()
        try:
            async with asyncio.timeout(DEADLINE_S):
                event = await events.get()
                while event.kind != "sync":
                    event = await events.get()
            assert event.data["pending"] == 3
            assert event.data["last_success_at"] is None
            assert "not reachable" in event.data["last_error"]
            assert event.data["consecutive_failures"] == 1
            status = await host.sync_status()
            assert status is not None
            assert (status.pending, status.consecutive_failures) == (3, 1)
            assert status.last_error == event.data["last_error"]
            line = sync_line(status)
            assert line.startswith("Cloud sync: 3 result(s) pending, last success never")
            assert "not reachable" in line
        finally:
            await host.stop()
        saved = load_state(state_path(settings.data_dir))
        assert saved is not None
        assert saved.consecutive_failures == 1
        assert saved.last_error is not None and "not reachable" in saved.last_error
        assert (await store.outbox_counts()) == (3, 0)
    finally:
        await store.close()


def test_a_host_whose_cloud_is_down_reports_the_error(tmp_path: Path) -> None:
    asyncio.run(host_with_cloud_down_reports_the_error(tmp_path))
