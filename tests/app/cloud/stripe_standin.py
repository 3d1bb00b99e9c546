"""A local Stripe for tests: localstripe, bound to 127.0.0.1, plus Checkout and Billing Portal.

localstripe (PyPI) implements customers, plans, payment methods, subscriptions, invoices and
signed webhooks, but not Checkout Sessions nor Billing Portal sessions. This module runs
localstripe's aiohttp app and adds those two, following Stripe's API reference:

* ``POST /v1/checkout/sessions`` (mode ``subscription``; ``customer``; ``line_items`` of one
  ``price`` — a localstripe Plan id; ``success_url``; ``cancel_url``; ``client_reference_id``;
  ``metadata``; ``subscription_data[metadata]``) and ``GET /v1/checkout/sessions/{id}``:
  a ``checkout.session`` object whose ``url`` is the hosted payment page;
  ``POST /v1/checkout/sessions/{id}/expire`` expires an open one (it can no longer be paid).
* The hosted page, ``POST /pay/{session_id}``, does what a customer paying with the test
  card 4242… does: a card PaymentMethod becomes the customer's default, the subscription is
  created (localstripe invoices and charges it, and sends ``customer.subscription.created``),
  the session becomes ``complete``/``paid``, and ``checkout.session.completed`` is sent to the
  registered webhooks, signed by localstripe like every other event.
* ``POST /v1/billing_portal/sessions`` (``customer``, ``return_url``): a
  ``billing_portal.session`` whose ``url`` is the portal; ``POST /portal/{id}/cancel`` cancels
  the customer's subscriptions there (``customer.subscription.deleted`` follows) and
  ``POST /portal/{id}/switch/{plan}`` moves the live subscription to another plan
  (``customer.subscription.updated`` follows), as the portal's "update plan" does.

Run as ``python -m tests.app.cloud.stripe_standin``: it binds 127.0.0.1 on a free port,
prints the port on its first stdout line and serves until terminated. localstripe's habit of
pickling its state to /tmp after every write is switched off (each run starts empty).
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from localstripe import resources  # type: ignore[import-untyped]

resources.Store.dump_to_disk = lambda _self: None  # no /tmp/localstripe.pickle

from localstripe import server  # noqa: E402
from localstripe.errors import UserError  # type: ignore[import-untyped]  # noqa: E402
from localstripe.webhooks import schedule_webhook  # type: ignore[import-untyped]  # noqa: E402

TEST_CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2034, "cvc": "123"}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _json(body: dict[str, Any]) -> web.Response:
    response: web.Response = server.json_response(body)
    return response


def _base(request: web.Request) -> str:
    return f"http://{request.host}"


class CheckoutSession(resources.StripeObject):  # type: ignore[misc]
    object = "checkout.session"
    _id_prefix = "cs_test_"

    def __init__(self, base: str, **data: Any) -> None:
        mode = data.pop("mode", None)
        customer = data.pop("customer", None)
        line_items = data.pop("line_items", None)
        success_url = data.pop("success_url", None)
        cancel_url = data.pop("cancel_url", None)
        reference = data.pop("client_reference_id", None)
        metadata = data.pop("metadata", None) or {}
        subscription_data = data.pop("subscription_data", None) or {}
        if data:
            raise UserError(400, "Unexpected " + ", ".join(data))
        if mode != "subscription":
            raise UserError(400, "Only mode=subscription is supported by this stand-in")
        if not isinstance(success_url, str) or not isinstance(cancel_url, str):
            raise UserError(400, "success_url and cancel_url are required")
        if not isinstance(line_items, list) or len(line_items) != 1:
            raise UserError(400, "line_items must hold exactly one item")
        price = line_items[0].get("price")
        plan = resources.Plan._api_retrieve(price)  # 404 when unknown
        resources.Customer._api_retrieve(customer)  # 404 when unknown
        super().__init__()
        self.mode = mode
        self.customer = customer
        self.client_reference_id = reference
        self.metadata = metadata
        self.success_url = success_url
        self.cancel_url = cancel_url
        self.status = "open"
        self.payment_status = "unpaid"
        self.subscription = None
        self.amount_total = plan.amount * int(line_items[0].get("quantity", 1))
        self.currency = plan.currency
        self.url = f"{base}/pay/{self.id}"
        self._price = price
        self._quantity = int(line_items[0].get("quantity", 1))
        self._subscription_metadata = subscription_data.get("metadata") or {}

    def _complete(self) -> None:
        """What the hosted page does when the customer pays with the test card."""
        if self.status != "open":
            raise UserError(400, f"Checkout Session {self.id} is {self.status}")
        method = resources.PaymentMethod._api_create(type="card", card=dict(TEST_CARD))
        resources.PaymentMethod._api_attach(method.id, customer=self.customer)
        resources.Customer._api_update(
            self.customer, invoice_settings={"default_payment_method": method.id}
        )
        subscription = resources.Subscription._api_create(
            customer=self.customer,
            items=[{"plan": self._price, "quantity": self._quantity}],
            metadata=self._subscription_metadata,
        )
        self.subscription = subscription.id
        self.status = "complete"
        self.payment_status = "paid"
        schedule_webhook(resources.Event("checkout.session.completed", self))

    def _expire(self) -> None:
        if self.status != "open":
            raise UserError(
                400, f"Only Checkout Sessions with a status of open can be expired ({self.status})"
            )
        self.status = "expired"


class PortalSession(resources.StripeObject):  # type: ignore[misc]
    object = "billing_portal.session"
    _id_prefix = "bps_"

    def __init__(self, base: str, customer: Any = None, return_url: Any = None) -> None:
        if not isinstance(return_url, str):
            raise UserError(400, "return_url is required")
        resources.Customer._api_retrieve(customer)
        super().__init__()
        self.customer = customer
        self.return_url = return_url
        self.url = f"{base}/portal/{self.id}"


async def create_checkout(request: web.Request) -> web.Response:
    data = await server.get_post_data(request) or {}
    session = CheckoutSession(_base(request), **data)
    return _json(session._export())


async def get_checkout(request: web.Request) -> web.Response:
    found = CheckoutSession._api_retrieve(request.match_info["id"])
    return _json(found._export())


async def expire_checkout(request: web.Request) -> web.Response:
    found = CheckoutSession._api_retrieve(request.match_info["id"])
    found._expire()
    return _json(found._export())


async def create_portal(request: web.Request) -> web.Response:
    data = await server.get_post_data(request) or {}
    session = PortalSession(_base(request), **data)
    return _json(session._export())


def _live_subscriptions(customer: str) -> list[Any]:
    subs = resources.Subscription._api_list_all(None, customer=customer)._list
    return [sub for sub in subs if sub.status not in ("canceled", "incomplete_expired")]


def pay_page(session_id: str) -> web.Response:
    session = CheckoutSession._api_retrieve(session_id)
    session._complete()
    return _json({"redirect": session.success_url, "id": session.id})


def portal_cancel(portal_id: str) -> web.Response:
    portal = PortalSession._api_retrieve(portal_id)
    canceled = []
    for sub in _live_subscriptions(portal.customer):
        resources.Subscription._api_delete(sub.id)
        canceled.append(sub.id)
    return _json({"redirect": portal.return_url, "canceled": canceled})


def portal_switch(portal_id: str, plan: str) -> web.Response:
    portal = PortalSession._api_retrieve(portal_id)
    live = _live_subscriptions(portal.customer)
    if len(live) != 1:
        raise UserError(400, f"the portal switches one live subscription; there are {len(live)}")
    sub = live[0]
    resources.Subscription._api_update(sub.id, items=[{"id": sub.items._list[0].id, "plan": plan}])
    schedule_webhook(resources.Event("customer.subscription.updated", sub))
    return _json({"redirect": portal.return_url, "subscription": sub.id, "plan": plan})


def _page(parts: list[str]) -> Callable[[], web.Response] | None:
    """The hosted page at ``parts`` of the path, or None for localstripe's API."""
    match parts:
        case ["pay", session_id]:
            return lambda: pay_page(session_id)
        case ["portal", portal_id, "cancel"]:
            return lambda: portal_cancel(portal_id)
        case ["portal", portal_id, "switch", plan]:
            return lambda: portal_switch(portal_id, plan)
    return None


@web.middleware
async def hosted_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The customer-facing pages need no API key: answer them before localstripe's auth."""
    page = _page(request.path.strip("/").split("/")) if request.method == "POST" else None
    if page is None:
        return await handler(request)
    try:
        return page()
    except UserError as exc:
        response: web.StreamResponse = exc.to_response()
        return response


def build_app() -> web.Application:
    app: web.Application = server.app
    app.middlewares.insert(0, hosted_pages)
    app.router.add_post("/v1/checkout/sessions", create_checkout)
    app.router.add_get("/v1/checkout/sessions/{id}", get_checkout)
    app.router.add_post("/v1/checkout/sessions/{id}/expire", expire_checkout)
    app.router.add_post("/v1/billing_portal/sessions", create_portal)
    return app


def main() -> int:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    print(sock.getsockname()[1], flush=True)
    web.run_app(build_app(), sock=sock, print=None, access_log=None, handle_signals=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
