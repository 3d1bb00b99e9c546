"""What happens before a handler runs: body size, credentials before the body is parsed,
one rate-limit bucket per route class, forwarded addresses only from trusted proxies, and
the scopes of API keys."""

from __future__ import annotations

import json
from dataclasses import replace

import httpx
import pytest
from fastapi.routing import APIRoute

from app.cloud.deps import AdminCheck, ApiKeyCheck, TeacherCheck
from app.cloud.gate import GatedRoute, before_body_checks
from app.cloud.server import ROUTERS, create_app
from app.cloud.settings import CloudSettings
from tests.app.cloud.conftest import Cloud, ManualClock, open_cloud, result_item
from tests.app.cloud.live import live_server
from tests.app.cloud.localstripe_proc import WEBHOOK_SECRET
from tests.app.cloud.test_billing import WEBHOOK, event, sign

pytestmark = pytest.mark.anyio
JUNK_KEY = "tenant_school_a_" + "0" * 64


async def test_an_oversized_body_is_413_before_it_is_read(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    big = b'{"items": [' + b" " * 200_000 + b"]}"
    for headers in ({}, {"X-API-Key": key}):
        answer = await cloud.client.post(
            "/v1/sync/results", content=big, headers={"Content-Type": "application/json", **headers}
        )
        assert answer.status_code == 413, answer.text
        assert answer.json()["code"] == "too_large"
        assert "65536 bytes" in answer.json()["message"]
    # a whole batch of twenty results is far below the limit
    batch = [result_item(student=f"s{i}") for i in range(20)]
    assert len(json.dumps({"items": batch})) < 65_536 // 8
    assert (await cloud.sync(key, batch)).json()["accepted"] == 20


async def test_credentials_are_checked_before_the_body_is_parsed(cloud: Cloud) -> None:
    """Without a valid key the body is never read: a malformed one is 401, not 422."""
    await cloud.tenant("school_a")
    for headers in ({}, {"X-API-Key": JUNK_KEY}):
        answer = await cloud.client.post(
            "/v1/sync/results",
            content=b"{this is not json",
            headers={"Content-Type": "application/json", **headers},
        )
        assert (answer.status_code, answer.json()["code"]) == (401, "unauthorized")
    teacher = await cloud.client.post(
        "/v1/orgs", content=b"[[[", headers={"Content-Type": "application/json"}
    )
    assert teacher.status_code == 401
    admin = await cloud.client.post(
        "/v1/admin/tenants", content=b"[[[", headers={"Content-Type": "application/json"}
    )
    assert admin.status_code == 401


def test_every_route_checks_credentials_and_limits_before_its_body() -> None:
    routes = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    documented = create_app(CloudSettings()).openapi()["paths"]
    assert sum(len(ops) for ops in documented.values()) == len(routes)
    public = {
        "/healthz", "/readyz", "/metrics", "/v1/plans", "/v1/entitlements/public-key",
    }  # fmt: skip
    for route in routes:
        assert isinstance(route, GatedRoute), route.path
        checks = before_body_checks(route.dependant)
        credentials = [c for c in checks if isinstance(c, ApiKeyCheck | TeacherCheck | AdminCheck)]
        if route.path in public:
            assert not checks, route.path
        elif route.path.startswith(("/v1/auth/", "/v1/billing/stripe-webhook")):
            assert checks and not credentials, route.path  # a per-address limit
        else:
            assert credentials, f"{route.path} has no credential check before its body"


async def test_junk_traffic_does_not_use_up_login_or_webhooks(settings: CloudSettings) -> None:
    tight = replace(
        settings,
        requests_per_minute=5,
        failed_auth_per_minute=5,
        auth_per_minute=5,
        webhook_per_minute=5,
        stripe_webhook_secret=WEBHOOK_SECRET,
    )
    async with open_cloud(tight) as cloud:
        await cloud.tenant("school_a")
        account = {"email": "t@school.example", "password": "correct horse battery"}
        made = await cloud.client.post("/v1/auth/register", json={**account, "name": "T"})
        assert made.status_code in (201, 202)
        junk = [(await cloud.get(JUNK_KEY, "/v1/tenant")).status_code for _ in range(8)]
        assert junk == [401] * 5 + [429] * 3  # wrong credentials have their own bucket
        login = await cloud.client.post("/v1/auth/login", json=account)
        assert login.status_code == 200, login.text
        body = event("evt_after_junk", "school_a")
        hook = await cloud.client.post(
            WEBHOOK, content=body, headers={"Stripe-Signature": sign(body)}
        )
        assert hook.status_code == 200, hook.text
        # each class is still limited on its own
        logins = [
            (await cloud.client.post("/v1/auth/login", json=account)).status_code for _ in range(5)
        ]
        assert logins[-1] == 429


async def test_forwarded_for_is_believed_only_from_trusted_proxies(
    settings: CloudSettings,
) -> None:
    tight = replace(settings, requests_per_minute=3, failed_auth_per_minute=3)
    async with (
        live_server(tight, clock=ManualClock()) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as client,
    ):
        codes = [
            (
                await client.get(
                    "/v1/tenant",
                    headers={"X-API-Key": JUNK_KEY, "X-Forwarded-For": f"203.0.113.{i}"},
                )
            ).status_code
            for i in range(5)
        ]
        assert codes == [401, 401, 401, 429, 429]  # rotating the header changes nothing
    proxied = replace(tight, trusted_proxies=("127.0.0.1",))
    async with (
        live_server(proxied, clock=ManualClock()) as url,
        httpx.AsyncClient(base_url=url, timeout=10) as client,
    ):

        async def junk(forwarded: str) -> int:
            answer = await client.get(
                "/v1/tenant", headers={"X-API-Key": JUNK_KEY, "X-Forwarded-For": forwarded}
            )
            return answer.status_code

        # behind a trusted proxy each client has its own allowance, by its forwarded address
        assert [await junk(f"198.51.100.{i}") for i in range(5)] == [401] * 5
        assert [await junk("10.1.2.3, 127.0.0.1") for _ in range(4)] == [401, 401, 401, 429]


async def test_keys_do_only_what_their_scopes_allow(cloud: Cloud) -> None:
    admin_headers = {"X-Admin-Token": "test-admin-token"}
    made = await cloud.client.post(
        "/v1/admin/tenants", json={"tenant_id": "school_a", "name": "A"}, headers=admin_headers
    )
    assert made.json()["scopes"] == ["sync"]  # least privilege unless asked
    host_key = made.json()["api_key"]
    assert (await cloud.sync(host_key, [result_item(student="ada")])).json()["accepted"] == 1
    assert (await cloud.get(host_key, "/v1/tenant")).status_code == 200
    assert (await cloud.get(host_key, "/v1/entitlements/token")).status_code == 200
    for method, path in (
        ("GET", "/v1/leaderboards/lander"),
        ("GET", "/v1/analytics/lander"),
        ("GET", "/v1/compliance/students/ada"),
        ("DELETE", "/v1/compliance/students/ada"),
        ("GET", "/v1/compliance/audit"),
    ):
        refused = await cloud.client.request(method, path, headers={"X-API-Key": host_key})
        assert refused.status_code == 403, (path, refused.text)
        assert refused.json()["code"] == "scope_required"
    office = await cloud.client.post(
        "/v1/admin/tenants/school_a/keys",
        json={"label": "office", "scopes": ["compliance"]},
        headers=admin_headers,
    )
    office_key = office.json()["api_key"]
    assert (await cloud.sync(office_key, [result_item()])).json()["code"] == "scope_required"
    erased = await cloud.client.delete(
        "/v1/compliance/students/ada", headers={"X-API-Key": office_key}
    )
    assert erased.json()["results_deleted"] == 1
    unknown = await cloud.client.post(
        "/v1/admin/tenants/school_a/keys",
        json={"label": "x", "scopes": ["everything"]},
        headers=admin_headers,
    )
    assert unknown.status_code == 422
