"""The service through a real uvicorn on 127.0.0.1, on every backend."""

from __future__ import annotations

import httpx
import pytest

from app.cloud.settings import CloudSettings
from tests.app.cloud.conftest import ADMIN_TOKEN, START, ManualClock, result_item
from tests.app.cloud.live import live_server

pytestmark = pytest.mark.anyio


async def test_sync_and_leaderboard_over_real_http(settings: CloudSettings) -> None:
    async with (
        live_server(settings, clock=ManualClock(START)) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as client,
    ):
        created = await client.post(
            "/v1/admin/tenants",
            json={"tenant_id": "school_live", "name": "Live school", "scopes": ["sync", "boards"]},
            headers={"X-Admin-Token": ADMIN_TOKEN},
        )
        key = created.json()["api_key"]
        items = [result_item(student=f"s{i}", score=100 + i) for i in range(20)]
        answer = await client.post(
            "/v1/sync/results", json={"items": items}, headers={"X-API-Key": key}
        )
        assert answer.json()["accepted"] == 20
        board = await client.get("/v1/leaderboards/lander", headers={"X-API-Key": key})
        assert board.json()["entries"][0]["score"] == 119
        missing = await client.get("/nope")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/json"
