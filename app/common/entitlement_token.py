"""The offline entitlement token: signed by the cloud (Ed25519), verified by the host offline.

Form: ``mbe1.<payload>.<signature>``, both parts base64url without padding; the signature
covers ``mbe1.<payload>``. The payload is JSON::

    {"v": 1, "kid": "...", "tenant_id": "...", "plan": "pro", "features": [...],
     "max_teachers": 25, "iat": 1767225600, "exp": 1768435200}

A classroom host fetches a token while online and keeps it; while ``iat <= now < exp`` it may
use the plan's features without reaching the cloud. Only the cloud's public key (32 bytes,
pinned in the host's config) is needed to verify. The cloud signs (app/cloud/signing.py); the
host verifies (app/sync/entitlement.py); both use this module's format.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

PREFIX = "mbe1"
MAX_TOKEN_CHARS = 4096
CLOCK_SKEW_S = 300  # a host clock a little ahead of the cloud's is tolerated at issue time


class EntitlementTokenError(Exception):
    """The token cannot be trusted; the message says why."""


class MalformedTokenError(EntitlementTokenError):
    pass


class BadSignatureError(EntitlementTokenError):
    pass


class ExpiredTokenError(EntitlementTokenError):
    pass


@dataclass(frozen=True)
class EntitlementGrant:
    tenant_id: str
    plan: str
    features: frozenset[str]
    max_teachers: int
    issued_at: datetime
    expires_at: datetime
    key_id: str

    def allows(self, feature: str) -> bool:
        return feature in self.features


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MalformedTokenError(f"entitlement token part is not base64url: {exc}") from None


def key_id(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()[:16]


def public_key_from(raw: bytes | str) -> Ed25519PublicKey:
    """The key from its 32 raw bytes, or their base64url text (as the cloud publishes it)."""
    data = unb64url(raw) if isinstance(raw, str) else raw
    if len(data) != 32:
        raise MalformedTokenError(f"an Ed25519 public key has 32 bytes, got {len(data)}")
    return Ed25519PublicKey.from_public_bytes(data)


def _field(payload: dict[str, object], name: str, kind: type) -> object:
    value = payload.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise MalformedTokenError(f"entitlement token field {name!r} is missing or not {kind}")
    return value


def verify_entitlement_token(
    token: str, public_key: bytes | str, *, now: datetime, tenant_id: str | None = None
) -> EntitlementGrant:
    """Check signature, shape and validity window at ``now``; the grant it carries.

    ``tenant_id``, when given, must be the token's tenant (a host refuses another school's
    token). Raises a subclass of :class:`EntitlementTokenError` naming the problem.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if len(token) > MAX_TOKEN_CHARS:
        raise MalformedTokenError(f"entitlement token is {len(token)} characters, too long")
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise MalformedTokenError(f"entitlement token must look like {PREFIX}.<payload>.<sig>")
    key = public_key_from(public_key)
    signature = unb64url(parts[2])
    try:
        key.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except InvalidSignature:
        raise BadSignatureError("entitlement token signature does not verify") from None
    try:
        payload = json.loads(unb64url(parts[1]))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedTokenError(f"entitlement token payload is not JSON: {exc}") from None
    if not isinstance(payload, dict) or payload.get("v") != 1:
        raise MalformedTokenError("entitlement token payload is not version 1")
    features = payload.get("features")
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise MalformedTokenError("entitlement token field 'features' must be a list of text")
    iat = int(_field(payload, "iat", int))  # type: ignore[call-overload]
    exp = int(_field(payload, "exp", int))  # type: ignore[call-overload]
    grant = EntitlementGrant(
        tenant_id=str(_field(payload, "tenant_id", str)),
        plan=str(_field(payload, "plan", str)),
        features=frozenset(features),
        max_teachers=int(_field(payload, "max_teachers", int)),  # type: ignore[call-overload]
        issued_at=datetime.fromtimestamp(iat, UTC),
        expires_at=datetime.fromtimestamp(exp, UTC),
        key_id=str(_field(payload, "kid", str)),
    )
    stamp = now.timestamp()
    if stamp + CLOCK_SKEW_S < iat:
        raise ExpiredTokenError(f"entitlement token is issued in the future ({grant.issued_at})")
    if stamp >= exp:
        raise ExpiredTokenError(f"entitlement token expired at {grant.expires_at.isoformat()}")
    if tenant_id is not None and grant.tenant_id != tenant_id:
        raise BadSignatureError(
            f"entitlement token is for tenant {grant.tenant_id!r}, not {tenant_id!r}"
        )
    return grant


def check_public_key(raw: str) -> str | None:
    """Why ``raw`` (base64url text) is not an Ed25519 public key; None when it is one."""
    try:
        public_key_from(raw)
    except (MalformedTokenError, ValueError) as exc:
        return str(exc)
    return None
