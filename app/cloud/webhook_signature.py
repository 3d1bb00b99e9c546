"""The ``Stripe-Signature`` check: an HMAC-SHA256 of ``timestamp.payload`` under the
endpoint's secret, made at most ``tolerance`` seconds before or AFTER now.

``stripe.WebhookSignature.verify_header`` only refuses old timestamps; a delivery stamped in
the future (a signature made ahead of time, to be replayed later) passed it. This check
applies the tolerance both ways, then leaves the HMAC to the official library.
"""

from __future__ import annotations

import stripe

from app.cloud.errors import CloudError

TOLERANCE_S = 300


class WebhookSignatureError(CloudError):
    status = 400
    code = "webhook_signature"


def signed_at(header: str) -> int:
    """The ``t=`` timestamp of a ``Stripe-Signature`` header."""
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            try:
                return int(value)
            except ValueError:
                break
    raise WebhookSignatureError("webhook refused: the Stripe-Signature header has no timestamp")


def verify_signature(
    payload: bytes, header: str | None, secret: str, *, now_s: float, tolerance_s: int = TOLERANCE_S
) -> None:
    """Raise :class:`WebhookSignatureError` unless ``header`` signs ``payload`` within
    ``tolerance_s`` seconds of ``now_s`` (wall-clock seconds)."""
    if not header:
        raise WebhookSignatureError("the Stripe-Signature header is missing")
    stamp = signed_at(header)
    skew = stamp - now_s
    if skew > tolerance_s:
        raise WebhookSignatureError(
            f"webhook refused: signed {skew:.0f} s in the future (tolerance {tolerance_s} s)"
        )
    if -skew > tolerance_s:
        raise WebhookSignatureError(
            f"webhook refused: signed {-skew:.0f} s ago (tolerance {tolerance_s} s)"
        )
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError:
        raise WebhookSignatureError("webhook payload is not UTF-8") from None
    try:
        # the window was checked above, against the caller's clock
        stripe.WebhookSignature.verify_header(text, header, secret, tolerance=None)
    except stripe.SignatureVerificationError as exc:
        raise WebhookSignatureError(f"webhook refused: {exc.user_message or exc}") from None
