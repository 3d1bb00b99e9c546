"""The official ``stripe`` library's client for async calls over httpx, and its errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import stripe

from app.cloud.errors import CloudError, UnavailableError


class BillingUnavailableError(UnavailableError):
    code = "billing_unavailable"


class StripeUpstreamError(CloudError):
    """Stripe refused or failed a call; its own message is passed on."""

    status = 502
    code = "stripe_error"


class _HTTPXClient(stripe.HTTPXClient):
    """stripe 16 hands httpx its encoded form as ``data=``, which httpx 0.28 deprecates for
    raw text (a DeprecationWarning each request); pass it as ``content=`` instead."""

    def _get_request_args_kwargs(  # type: ignore[no-untyped-def]
        self, method: str, url: str, headers: Any, post_data: Any
    ):
        args, kwargs = super()._get_request_args_kwargs(method, url, headers, post_data)
        data = kwargs.pop("data", None)
        if isinstance(data, str | bytes):
            kwargs["content"] = data
        elif data:
            kwargs["data"] = data
        return args, kwargs


@dataclass(frozen=True)
class StripeConnection:
    client: stripe.StripeClient
    http: stripe.HTTPXClient

    async def aclose(self) -> None:
        await self.http.close_async()  # type: ignore[no-untyped-call]


def connect(api_key: str, api_base: str | None) -> StripeConnection:
    """A Stripe client for async calls; ``api_base`` points it at a local stand-in."""
    http = _HTTPXClient(timeout=20)
    client = stripe.StripeClient(
        api_key,
        base_addresses={"api": api_base} if api_base else None,
        http_client=http,
        max_network_retries=2,
    )
    return StripeConnection(client, http)
