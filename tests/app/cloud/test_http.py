"""Errors as JSON, rate limits with Retry-After, health, readiness and metrics."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.cloud.settings import CloudSettings
from game.lander.definition import KEY as GAME
from tests.app.cloud.conftest import ADMIN_TOKEN, Cloud, open_cloud, result_item

pytestmark = pytest.mark.anyio


async def test_unknown_route_and_wrong_method_are_json(cloud: Cloud) -> None:
    missing = await cloud.client.get("/v1/nowhere")
    assert missing.status_code == 404
    assert missing.json() == {"code": "not_found", "message": "no route /v1/nowhere"}
    wrong = await cloud.client.get("/v1/sync/results")
    assert wrong.status_code == 405
    assert wrong.json()["code"] == "method_not_allowed"
    key = await cloud.tenant("school_a")
    bad_json = await cloud.client.post(
        "/v1/sync/results",
        content=b"{not json",
        headers={"Content-Type": "application/json", "X-API-Key": key},
    )
    assert bad_json.status_code == 422
    assert bad_json.json()["code"] == "invalid_request"


async def test_duplicate_tenant_is_409(cloud: Cloud) -> None:
    await cloud.tenant("school_a")
    again = await cloud.client.post(
        "/v1/admin/tenants",
        json={"tenant_id": "school_a", "name": "again"},
        headers={"X-Admin-Token": ADMIN_TOKEN},
    )
    assert again.status_code == 409
    assert again.json() == {"code": "conflict", "message": "tenant 'school_a' already exists"}


async def test_default_tenant_exists_and_can_get_a_key(cloud: Cloud) -> None:
    answer = await cloud.client.post(
        "/v1/admin/tenants/stem_default/keys", headers={"X-Admin-Token": ADMIN_TOKEN}
    )
    assert answer.status_code == 201
    key = answer.json()["api_key"]
    assert key.startswith("tenant_stem_default_")
    assert (await cloud.get(key, "/v1/tenant")).json()["tenant_id"] == "stem_default"


async def test_request_limit_429_with_retry_after(settings: CloudSettings) -> None:
    async with open_cloud(replace(settings, requests_per_minute=5)) as cloud:
        key = await cloud.tenant("school_a")
        codes = [(await cloud.get(key, "/v1/tenant")).status_code for _ in range(6)]
        assert codes == [200] * 5 + [429]
        refused = await cloud.get(key, "/v1/tenant")
        assert refused.json()["code"] == "rate_limited"
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        cloud.clock.advance(60)
        assert (await cloud.get(key, "/v1/tenant")).status_code == 200


async def test_thirty_submissions_a_minute(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    codes = [(await cloud.sync(key, [result_item()])).status_code for _ in range(31)]
    assert codes == [200] * 30 + [429]
    cloud.clock.advance(60)
    assert (await cloud.sync(key, [result_item()])).status_code == 200


async def test_health_ready_metrics(cloud: Cloud) -> None:
    assert (await cloud.client.get("/healthz")).json()["status"] == "ok"
    ready = (await cloud.client.get("/readyz")).json()
    assert ready["checks"]["database"] == "ok"
    if cloud.settings.redis_url:
        assert ready["checks"]["redis"] == "ok"
    key = await cloud.tenant("school_a")
    await cloud.sync(key, [result_item(), result_item(score=10**9)])
    text = (await cloud.client.get("/metrics")).text
    assert 'moonbase_cloud_sync_items_total{status="accepted"} 1.0' in text
    assert 'moonbase_cloud_sync_items_total{status="rejected"} 1.0' in text
    assert 'route="/v1/sync/results",status="200"' in text


async def test_openapi_document_lists_the_result_item(cloud: Cloud) -> None:
    doc = (await cloud.client.get("/openapi.json")).json()
    assert "/v1/sync/results" in doc["paths"]
    props = doc["components"]["schemas"]["ResultItem"]["properties"]
    assert {"result_uid", "student_id", "score", "created_at"} <= set(props)
    # the lander's key, as the host sends it with its results, not a made-up one
    assert props["game"]["examples"] == [GAME]
    assert "'lander'" not in props["game"]["description"]
