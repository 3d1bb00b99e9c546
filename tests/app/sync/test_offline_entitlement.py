"""The host's offline entitlement: fetched from the real cloud (uvicorn on 127.0.0.1), kept in
the sync state file, checked with the pinned key, shown by the status; Free when it is
missing, expired or forged, and kept across a cloud that is down."""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.cloud.settings import CloudSettings
from app.config import Settings
from app.store import Store
from app.sync.background import BackgroundSync, pinned_public_key
from app.sync.entitlement import FREE_FEATURES, b64url, offline_entitlement
from app.sync.outbox import SyncClient, SyncStatus
from app.sync.state import SyncState, SyncStateError, load_state, save_state, state_path
from app.synccmd import run_sync
from tests.app.cloud.live import live_server
from tests.app.sync.test_background import new_tenant, until
from tests.app.sync.test_outbox import ADMIN, SECRET

pytestmark = pytest.mark.anyio
OFFLINE_DAYS = 14
PRO = frozenset({"cloud_sync", "class_leaderboards", "global_leaderboards", "class_analytics"})


@dataclass(frozen=True)
class PinnedSettings(Settings):
    """The host settings with the key setting this feature asks app/config.py to add."""

    cloud_public_key: str = ""


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


async def cloud_key(url: str) -> str:
    async with httpx.AsyncClient(base_url=url, timeout=10) as http:
        return str((await http.get("/v1/entitlements/public-key")).json()["public_key"])


def other_key() -> str:
    raw = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return b64url(raw)


def host(data_dir: Path, url: str, key: str, public_key: str) -> PinnedSettings:
    return PinnedSettings(
        data_dir=data_dir, cloud_url=url, cloud_key=key, cloud_public_key=public_key
    )


def until_text(day: datetime) -> str:
    return f"plan Pro, works offline until {day.astimezone(UTC):%Y-%m-%d}"


async def test_the_host_fetches_keeps_and_shows_its_plan_and_keeps_it_while_the_cloud_is_down(
    store: Store, tmp_path: Path
) -> None:
    cloud = CloudSettings(
        data_dir=tmp_path / "cloud", admin_token=ADMIN, offline_token_days=OFFLINE_DAYS
    )
    seen: list[SyncStatus] = []
    async with live_server(cloud) as url:
        key = await new_tenant(url)  # a new tenant is in its Pro trial
        settings = host(tmp_path / "host", url, key, await cloud_key(url))
        sync = BackgroundSync.from_settings(settings, store, interval_s=3600.0,
                                            on_status=seen.append)  # fmt: skip
        assert sync is not None
        started = datetime.now(UTC)
        await sync.start()
        try:
            await until(lambda: len(seen) == 1, "the first pass at start")
        finally:
            await sync.stop()
    first = seen[0]
    assert (first.last_error, first.entitlement_refresh_error) == (None, None)
    assert first.entitlement.problem is None, first.entitlement.problem
    assert (first.plan, first.features) == ("pro", PRO)
    assert first.offline_until is not None
    expected = started + timedelta(days=OFFLINE_DAYS)
    assert abs((first.offline_until - expected).total_seconds()) < 60
    assert first.entitlement.describe() == until_text(first.offline_until)
    saved = load_state(state_path(settings.data_dir))
    assert saved is not None and saved.entitlement_token is not None
    assert saved.entitlement_token.startswith("mbe1.")

    # the cloud is down now: a restarted host still knows its plan from the state file
    restarted = BackgroundSync.from_settings(settings, store, interval_s=3600.0,
                                             on_status=seen.append)  # fmt: skip
    assert restarted is not None
    await restarted.start()
    try:
        await until(lambda: len(seen) == 2, "the first pass of the restarted host")
        now = await restarted.status()
    finally:
        await restarted.stop()
    refresh = seen[1].entitlement_refresh_error
    assert refresh is not None and "not reachable" in refresh
    assert (now.plan, now.offline_until) == ("pro", first.offline_until)
    assert now.entitlement.problem is None
    after = load_state(state_path(settings.data_dir))
    assert after is not None and after.entitlement_token == saved.entitlement_token

    shown = io.StringIO()
    assert await run_sync(settings, status_only=True, out=shown) == 0
    assert f"entitlement: {until_text(first.offline_until)}" in shown.getvalue()


async def test_an_expired_token_falls_back_to_free_with_a_clear_message(
    store: Store, tmp_path: Path
) -> None:
    cloud = CloudSettings(
        data_dir=tmp_path / "cloud", admin_token=ADMIN, offline_token_days=OFFLINE_DAYS
    )
    async with live_server(cloud) as url:
        key = await new_tenant(url)
        clock = Clock(datetime.now(UTC))
        real = await cloud_key(url)
        client = SyncClient(store, url, key, clock, installation_secret=SECRET,
                            public_key=real)  # fmt: skip
        try:
            assert await client.fetch_entitlement() is None
        finally:
            await client.aclose()
    assert client.entitlement().plan == "pro"
    clock.now += timedelta(days=OFFLINE_DAYS, seconds=1)
    status = await client.status()
    assert status.plan == "free"
    assert status.features == FREE_FEATURES
    assert status.offline_until is None
    problem = status.entitlement.problem
    assert problem is not None and "expired at" in problem
    assert status.entitlement.describe().endswith("features fall back to Free")

    # `moonbase sync --status` says the same from the state file
    data_dir = tmp_path / "host"
    save_state(state_path(data_dir), client.state())
    settings = host(data_dir, "http://127.0.0.1:9", key, real)
    shown = io.StringIO()
    assert await run_sync(settings, status_only=True, out=shown) == 0
    assert "entitlement: plan Pro" in shown.getvalue()  # today the token is still valid
    state = load_state(state_path(data_dir))
    assert state is not None
    later = offline_entitlement(state.entitlement_token, settings.cloud_public_key,
                                now=clock.now, tenant_id="school")  # fmt: skip
    assert later.plan == "free" and later.problem is not None and "expired" in later.problem


async def test_a_token_that_does_not_verify_is_refused_and_the_old_one_kept(
    store: Store, tmp_path: Path
) -> None:
    async with live_server(CloudSettings(data_dir=tmp_path / "cloud", admin_token=ADMIN)) as url:
        key = await new_tenant(url)
        real = await cloud_key(url)
        honest = SyncClient(store, url, key, Clock(datetime.now(UTC)),
                            installation_secret=SECRET, public_key=real)  # fmt: skip
        assert await honest.fetch_entitlement() is None
        await honest.aclose()
        token = honest.state().entitlement_token
        assert token is not None

        # a host pinned to another key (an impostor cloud's token): refused, nothing stored
        pinned_elsewhere = SyncClient(store, url, key, Clock(datetime.now(UTC)),
                                      installation_secret=SECRET,
                                      public_key=other_key())  # fmt: skip
        pinned_elsewhere.restore(honest.state())
        problem = await pinned_elsewhere.fetch_entitlement()
        await pinned_elsewhere.aclose()
    assert problem is not None and "signature does not verify" in problem
    assert pinned_elsewhere.state().entitlement_token == token  # the stored one stays
    assert pinned_elsewhere.entitlement().plan == "free"

    # a payload edited to claim Enterprise keeps the old signature: forged
    prefix, payload, signature = token.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    body["plan"] = "enterprise"
    forged = f"{prefix}.{b64url(json.dumps(body).encode())}.{signature}"
    found = offline_entitlement(forged, real, now=datetime.now(UTC), tenant_id="school")
    assert (found.plan, found.features) == ("free", FREE_FEATURES)
    assert found.problem == "entitlement token signature does not verify"
    # another school's genuine token is refused too
    elsewhere = offline_entitlement(token, real, now=datetime.now(UTC), tenant_id="other")
    assert elsewhere.plan == "free" and "not 'other'" in str(elsewhere.problem)


async def test_without_a_pinned_key_the_plan_is_free_and_says_why(
    store: Store, tmp_path: Path
) -> None:
    async with live_server(CloudSettings(data_dir=tmp_path / "cloud", admin_token=ADMIN)) as url:
        key = await new_tenant(url)
        settings = replace(Settings(), data_dir=tmp_path / "host", cloud_url=url, cloud_key=key)
        assert pinned_public_key(settings) is None
        out = io.StringIO()
        assert await run_sync(settings, status_only=False, out=out) == 0
    text = out.getvalue()
    assert "entitlement: plan Free: no cloud public key is pinned" in text
    saved = load_state(state_path(settings.data_dir))
    assert saved is not None and saved.entitlement_token is not None  # kept for later

    bad = host(tmp_path / "host", url, key, "not-a-key")
    shown = io.StringIO()
    assert await run_sync(bad, status_only=True, out=shown) == 0
    assert "the pinned cloud public key is not usable" in shown.getvalue()


async def test_a_cloud_that_is_down_at_first_start_leaves_the_host_on_free(
    store: Store, tmp_path: Path
) -> None:
    async with live_server(CloudSettings(data_dir=tmp_path / "cloud", admin_token=ADMIN)) as url:
        key = await new_tenant(url)
        real = await cloud_key(url)
    client = SyncClient(store, url, key, Clock(datetime.now(UTC)), installation_secret=SECRET,
                        public_key=real)  # fmt: skip
    try:
        problem = await client.fetch_entitlement()
    finally:
        await client.aclose()
    assert problem is not None and "not reachable" in problem
    found = client.entitlement()
    assert (found.plan, found.features) == ("free", FREE_FEATURES)
    assert found.problem == "no entitlement token fetched from the cloud yet"


def test_the_token_round_trips_in_the_state_file_and_a_bad_one_is_named(
    tmp_path: Path,
) -> None:
    path = state_path(tmp_path)
    fetched = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    state = load_state(path)
    assert state is None
    save_state(path, SyncState(entitlement_token="mbe1.a.b", entitlement_fetched_at=fetched))
    again = load_state(path)
    assert again is not None
    assert (again.entitlement_token, again.entitlement_fetched_at) == ("mbe1.a.b", fetched)
    path.write_text('{"format": 1, "entitlement_token": 5}', encoding="utf-8")
    with pytest.raises(SyncStateError, match="entitlement_token"):
        load_state(path)
