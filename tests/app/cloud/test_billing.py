"""Plans through Stripe: the official library against localstripe + the Checkout/Portal
stand-in, webhooks signed by localstripe delivered to a real uvicorn; and the signature
checks (forged, stale, redelivered) on every backend."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import anyio
import httpx
import pytest

from app.cloud.settings import CloudSettings
from tests.app.cloud.conftest import START, Cloud, ManualClock, open_cloud, result_item
from tests.app.cloud.live import live_server
from tests.app.cloud.localstripe_proc import (
    API_KEY,
    WEBHOOK_SECRET,
    local_stripe,
    register_webhook,
)

pytestmark = pytest.mark.anyio
WEBHOOK = "/v1/billing/stripe-webhook"
DELIVERY_DEADLINE_S = 20.0


@pytest.fixture(scope="module")
def stripe_url() -> Iterator[str]:
    with local_stripe() as url:
        yield url


@pytest.fixture
def billing_settings(settings: CloudSettings, stripe_url: str) -> CloudSettings:
    return replace(
        settings,
        stripe_api_key=API_KEY,
        stripe_webhook_secret=WEBHOOK_SECRET,
        stripe_api_base=stripe_url,
    )


@pytest.fixture
async def billing_cloud(billing_settings: CloudSettings) -> AsyncIterator[Cloud]:
    async with open_cloud(billing_settings) as running:
        yield running


def sign(payload: bytes, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    stamp = int(time.time()) if at is None else at
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={mac}"


def event(
    event_id: str,
    tenant_id: str,
    kind: str = "customer.subscription.deleted",
    *,
    customer: str = "cus_unknown",
    subscription: str = "sub_123",
    status: str = "canceled",
) -> bytes:
    """A Stripe event as the service receives it (signed separately with :func:`sign`)."""
    body = {
        "id": event_id,
        "object": "event",
        "type": kind,
        "created": int(time.time()),
        "data": {
            "object": {
                "id": subscription,
                "object": "subscription",
                "status": status,
                "customer": customer,
                "metadata": {"tenant_id": tenant_id},
                "items": {"data": [{"plan": {"id": "moonbase_pro_monthly"}}]},
            }
        },
    }
    return json.dumps(body).encode()


async def poll_plan(client: httpx.AsyncClient, key: str, plan: str) -> dict[str, Any]:
    deadline = time.monotonic() + DELIVERY_DEADLINE_S
    while True:
        found: dict[str, Any] = (
            await client.get("/v1/entitlements", headers={"X-API-Key": key})
        ).json()
        if found["plan"] == plan or time.monotonic() > deadline:
            return found
        await _tick()


async def _tick() -> None:
    await anyio.sleep(0.05)


async def test_a_subscription_bought_through_checkout_turns_on_a_pro_feature(
    billing_settings: CloudSettings, stripe_url: str
) -> None:
    clock = ManualClock(START)
    async with (
        live_server(billing_settings, clock=clock) as url,
        httpx.AsyncClient(base_url=url, timeout=20) as client,
    ):
        register_webhook(stripe_url, f"{url}{WEBHOOK}")
        cloud = Cloud(None, client, clock, billing_settings)
        owner = await cloud.teacher("owner@school.example")
        made = await cloud.as_teacher(
            "POST", owner, "/v1/orgs", {"tenant_id": "school_pro", "name": "Pro school"}
        )
        assert made.status_code == 201, made.text
        await cloud.sync(made.json()["api_key"]["api_key"], [result_item(student="s1", score=700)])
        reader = await cloud.as_teacher(
            "POST", owner, "/v1/orgs/school_pro/keys", {"label": "office", "scopes": ["boards"]}
        )
        key = reader.json()["api_key"]  # the class analytics need the 'boards' scope

        in_trial = (await cloud.get(key, "/v1/entitlements")).json()
        assert (in_trial["plan"], in_trial["source"]) == ("pro", "trial")
        clock.advance(timedelta(days=15).total_seconds())  # the trial is over
        outsider = await cloud.teacher("outsider@school.example")
        refused = await cloud.get(key, "/v1/analytics/lander")
        assert refused.status_code == 403, refused.text
        assert refused.json()["code"] == "not_entitled.class_analytics"
        expired = await cloud.as_teacher("GET", owner, "/v1/me")  # issued 15 days ago
        assert expired.status_code == 401
        # only an organisation's owner or admin buys; to others it does not exist
        stranger = await cloud.as_teacher(
            "POST", outsider, "/v1/orgs/school_pro/billing/checkout",
            {"plan": "pro", "success_url": "http://127.0.0.1/ok", "cancel_url": "http://127.0.0.1/no"},
        )  # fmt: skip
        assert stranger.status_code == 404
        tokens = await client.post(
            "/v1/auth/login",
            json={"email": "owner@school.example", "password": "correct horse battery"},
        )
        owner = tokens.json()["access_token"]

        checkout = await cloud.as_teacher(
            "POST", owner, "/v1/orgs/school_pro/billing/checkout",
            {"plan": "pro", "success_url": "http://127.0.0.1/ok", "cancel_url": "http://127.0.0.1/no"},
        )  # fmt: skip
        assert checkout.status_code == 200, checkout.text
        page = checkout.json()["url"]
        assert page.startswith(stripe_url)
        paid = httpx.post(page, timeout=10)
        assert paid.status_code == 200, paid.text
        assert paid.json()["redirect"] == "http://127.0.0.1/ok"

        found = await poll_plan(client, key, "pro")
        assert (found["plan"], found["source"]) == ("pro", "subscription")
        assert found["subscription_status"] == "active"
        analytics = await cloud.get(key, "/v1/analytics/lander")
        assert analytics.status_code == 200, analytics.text
        assert analytics.json()["classes"][0]["best_score"] == 700
        info = (await cloud.get(key, "/v1/tenant")).json()
        assert info["plan"] == "pro"

        portal = await cloud.as_teacher(
            "POST", owner, "/v1/orgs/school_pro/billing/portal",
            {"return_url": "http://127.0.0.1/back"},
        )  # fmt: skip
        assert portal.status_code == 200, portal.text
        canceled = httpx.post(portal.json()["url"] + "/cancel", timeout=10)
        assert len(canceled.json()["canceled"]) == 1
        found = await poll_plan(client, key, "free")
        assert (found["plan"], found["subscription_status"]) == ("free", "canceled")
        assert (await cloud.get(key, "/v1/analytics/lander")).status_code == 403


async def test_forged_and_stale_webhooks_are_refused(billing_cloud: Cloud) -> None:
    await billing_cloud.tenant("school_a")
    body = event("evt_forged1", "school_a")
    cases = {
        "missing": {},
        "forged": {"Stripe-Signature": sign(body, secret="whsec_attacker")},
        "stale": {"Stripe-Signature": sign(body, at=int(time.time()) - 3600)},
        "garbage": {"Stripe-Signature": "t=abc,v1=zz"},
    }
    for name, headers in cases.items():
        answer = await billing_cloud.client.post(WEBHOOK, content=body, headers=headers)
        assert answer.status_code == 400, name
        assert answer.json()["code"] == "webhook_signature", name
    tampered = body.replace(b"canceled", b"active")
    answer = await billing_cloud.client.post(
        WEBHOOK, content=tampered, headers={"Stripe-Signature": sign(body)}
    )
    assert answer.status_code == 400


CHECKOUT = {"success_url": "http://127.0.0.1/ok", "cancel_url": "http://127.0.0.1/no"}


async def org_with_customer(cloud: Cloud, tenant_id: str) -> tuple[str, str]:
    """An organisation whose owner opened a checkout (so it has a Stripe customer):
    (owner's access token, customer id)."""
    owner = await cloud.teacher(f"owner@{tenant_id}.example")
    made = await cloud.as_teacher("POST", owner, "/v1/orgs", {"tenant_id": tenant_id, "name": "S"})
    assert made.status_code == 201, made.text
    opened = await cloud.as_teacher(
        "POST", owner, f"/v1/orgs/{tenant_id}/billing/checkout", {"plan": "pro", **CHECKOUT}
    )
    assert opened.status_code == 200, opened.text
    customer = await cloud.service.billing.customer_of(tenant_id)
    assert customer is not None
    return owner, customer


async def test_a_redelivered_event_is_applied_once(billing_cloud: Cloud) -> None:
    _owner, customer = await org_with_customer(billing_cloud, "school_a")
    body = event("evt_once_1", "school_a", customer=customer)
    first = await billing_cloud.client.post(
        WEBHOOK, content=body, headers={"Stripe-Signature": sign(body)}
    )
    assert first.json() == {
        "event_id": "evt_once_1",
        "type": "customer.subscription.deleted",
        "status": "applied",
    }
    again = await billing_cloud.client.post(
        WEBHOOK, content=body, headers={"Stripe-Signature": sign(body)}
    )
    assert again.json()["status"] == "duplicate"
    other = event("evt_other_tenant", "school_a")  # a customer that is not ours
    ignored = await billing_cloud.client.post(
        WEBHOOK, content=other, headers={"Stripe-Signature": sign(other)}
    )
    assert ignored.json()["status"] == "ignored"


async def test_billing_without_stripe_configured_is_503(cloud: Cloud) -> None:
    token = await cloud.teacher("t@school.example")
    await cloud.as_teacher("POST", token, "/v1/orgs", {"tenant_id": "s1", "name": "S"})
    answer = await cloud.as_teacher(
        "POST", token, "/v1/orgs/s1/billing/checkout",
        {"plan": "pro", "success_url": "http://127.0.0.1/ok", "cancel_url": "http://127.0.0.1/no"},
    )  # fmt: skip
    assert answer.status_code == 503
    assert answer.json()["code"] == "billing_unavailable"
    hook = await cloud.client.post(WEBHOOK, content=b"{}", headers={"Stripe-Signature": "x"})
    assert hook.status_code == 503


def stripe_get(stripe_url: str, path: str, **params: str) -> dict[str, Any]:
    """Ask the local Stripe directly, as the Stripe dashboard would show it."""
    answer = httpx.get(
        f"{stripe_url}{path}",
        params=params,
        headers={"Authorization": f"Bearer {API_KEY}"},
        timeout=10,
    )
    answer.raise_for_status()
    found: dict[str, Any] = answer.json()
    return found


def live_subscriptions(stripe_url: str, customer: str) -> list[dict[str, Any]]:
    subs = stripe_get(stripe_url, "/v1/subscriptions", customer=customer, status="all")["data"]
    return [s for s in subs if s["status"] in ("active", "trialing", "past_due")]


async def poll_until(check: Any, what: str) -> None:
    deadline = time.monotonic() + DELIVERY_DEADLINE_S
    while not await check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await _tick()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
async def test_one_live_subscription_per_tenant(
    billing_settings: CloudSettings, stripe_url: str
) -> None:
    """Checkout twice, pay twice: one subscription; a subscribed tenant is sent to the portal;
    a second live subscription made behind the service's back is cancelled; a late event
    whose payload says "canceled" does not downgrade a tenant Stripe says is active."""
    clock = ManualClock(START)
    async with (
        live_server(billing_settings, clock=clock) as url,
        httpx.AsyncClient(base_url=url, timeout=20) as client,
    ):
        register_webhook(stripe_url, f"{url}{WEBHOOK}")
        cloud = Cloud(None, client, clock, billing_settings)
        org = f"twice_{uuid.uuid4().hex[:8]}"  # the local Stripe outlives one test
        owner = await cloud.teacher("owner@twice.example")
        made = await cloud.as_teacher("POST", owner, "/v1/orgs", {"tenant_id": org, "name": "T"})
        key = made.json()["api_key"]["api_key"]
        checkout = f"/v1/orgs/{org}/billing/checkout"

        # two checkouts opened one after the other: only the newer one can still be paid
        pro = await cloud.as_teacher("POST", owner, checkout, {"plan": "pro", **CHECKOUT})
        starter = await cloud.as_teacher("POST", owner, checkout, {"plan": "starter", **CHECKOUT})
        assert (pro.status_code, starter.status_code) == (200, 200), (pro.text, starter.text)
        assert httpx.post(pro.json()["url"], timeout=10).status_code == 400  # expired
        assert httpx.post(starter.json()["url"], timeout=10).status_code == 200
        found = await poll_plan(client, key, "starter")
        assert (found["plan"], found["source"]) == ("starter", "subscription")
        customers = stripe_get(stripe_url, "/v1/customers")["data"]
        customer = next(c["id"] for c in customers if c["metadata"]["tenant_id"] == org)
        assert len(live_subscriptions(stripe_url, customer)) == 1

        # subscribed: a new checkout is refused and points to the portal
        again = await cloud.as_teacher("POST", owner, checkout, {"plan": "pro", **CHECKOUT})
        assert again.status_code == 409, again.text
        assert again.json()["code"] == "already_subscribed"
        assert f"/v1/orgs/{org}/billing/portal" in again.json()["message"]

        # the plan changes in the portal: still one subscription
        portal = await cloud.as_teacher(
            "POST", owner, f"/v1/orgs/{org}/billing/portal",
            {"return_url": "http://127.0.0.1/back"},
        )  # fmt: skip
        switched = httpx.post(f"{portal.json()['url']}/switch/moonbase_pro_monthly", timeout=10)
        assert switched.status_code == 200, switched.text
        found = await poll_plan(client, key, "pro")
        assert found["plan"] == "pro"
        assert [s["id"] for s in live_subscriptions(stripe_url, customer)] == [
            switched.json()["subscription"]
        ]

        # a second live subscription made behind the service's back (the dashboard, a race
        # of two payments): the newer one is kept, the older one cancelled
        await anyio.sleep(1.1)  # Stripe's "created" counts seconds
        extra = httpx.post(
            f"{stripe_url}/v1/subscriptions",
            data={"customer": customer, "items[0][plan]": "moonbase_starter_monthly"},
            headers={"Authorization": f"Bearer {API_KEY}"},
            timeout=10,
        )
        assert extra.status_code == 200, extra.text

        async def reconciled() -> bool:
            live = live_subscriptions(stripe_url, customer)
            return [s["id"] for s in live] == [extra.json()["id"]]

        await poll_until(reconciled, "the older subscription to be cancelled")
        found = await poll_plan(client, key, "starter")
        assert (found["plan"], found["subscription_status"]) == ("starter", "active")

        # a late or replayed event claiming the live subscription was cancelled: Stripe says
        # it is active, and that is what counts
        late = event(f"evt_late_{org}", org, customer=customer, subscription=extra.json()["id"])
        answer = await client.post(WEBHOOK, content=late, headers={"Stripe-Signature": sign(late)})
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "applied"
        clock.advance(1)
        after = (await cloud.get(key, "/v1/entitlements")).json()
        assert (after["plan"], after["subscription_status"]) == ("starter", "active")


async def test_a_webhook_signed_in_the_future_is_refused(billing_cloud: Cloud) -> None:
    body = event("evt_future_1", "school_a")
    ahead = await billing_cloud.client.post(
        WEBHOOK, content=body, headers={"Stripe-Signature": sign(body, at=int(time.time()) + 3600)}
    )
    assert (ahead.status_code, ahead.json()["code"]) == (400, "webhook_signature")
    assert "future" in ahead.json()["message"]
    slightly = await billing_cloud.client.post(
        WEBHOOK, content=body, headers={"Stripe-Signature": sign(body, at=int(time.time()) + 60)}
    )
    assert slightly.status_code == 200  # within the 300 s tolerance (clock skew)
