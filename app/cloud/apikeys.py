"""Tenant API keys ``tenant_{tenant_id}_{secret}``: made, parsed and hashed.

The secret is 32 random bytes (64 hex digits), so a key cannot be guessed; what a leaked
table must not give away is a usable key. Keys are stored as HMAC-SHA256 under a server-side
pepper: a fast hash is enough for 256-bit secrets (no dictionary to try), keeps per-request
authentication cheap (argon2 would cost tens of milliseconds a request and hand attackers a
denial-of-service lever), and the pepper means the table alone cannot even check a guess.
Every instance on one database needs the same pepper (see :mod:`app.cloud.shared_secrets`).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Literal, get_args

from app.cloud.errors import UnauthorizedError

TENANT_ID = re.compile(r"^[a-z0-9](?:[a-z0-9_]{0,38}[a-z0-9])?$")
_SECRET = re.compile(r"^[0-9a-f]{64}$")
PREFIX = "tenant_"
# What a key may do, least privilege by default: "sync" uploads results (and reads its
# tenant's plan and offline token, as every key may); "boards" reads leaderboards and class
# analytics; "compliance" exports and erases students and reads the audit log.
Scope = Literal["sync", "boards", "compliance"]
SCOPES: tuple[Scope, ...] = get_args(Scope)
DEFAULT_SCOPES: tuple[Scope, ...] = ("sync",)
LEGACY_SCOPES: tuple[Scope, ...] = ("sync", "boards")  # keys made before scopes existed


def scopes_text(scopes: frozenset[str] | tuple[str, ...] | list[str]) -> str:
    """Scopes as stored: sorted, comma separated; ValueError naming an unknown one."""
    for scope in scopes:
        if scope not in SCOPES:
            raise ValueError(f"unknown API key scope {scope!r}: choose from {', '.join(SCOPES)}")
    return ",".join(sorted(set(scopes)))


def scopes_of(text: str | None) -> frozenset[str]:
    return frozenset(LEGACY_SCOPES if text is None else (s for s in text.split(",") if s))


@dataclass(frozen=True)
class ParsedKey:
    tenant_id: str
    secret: str


def valid_tenant_id(tenant_id: str) -> bool:
    return bool(TENANT_ID.fullmatch(tenant_id))


def make_key(tenant_id: str) -> str:
    if not valid_tenant_id(tenant_id):
        raise ValueError(f"tenant id {tenant_id!r} must be 1-40 of a-z, 0-9 and inner '_'")
    return f"{PREFIX}{tenant_id}_{secrets.token_hex(32)}"


def parse_key(key: str) -> ParsedKey:
    """Split a key; a malformed one is refused without saying which part is wrong."""
    if not key.startswith(PREFIX) or len(key) > 120:
        raise UnauthorizedError("API key is malformed: expected tenant_{id}_{secret}")
    tenant_id, _, secret = key[len(PREFIX) :].rpartition("_")
    if not valid_tenant_id(tenant_id) or not _SECRET.fullmatch(secret):
        raise UnauthorizedError("API key is malformed: expected tenant_{id}_{secret}")
    return ParsedKey(tenant_id, secret)


def hash_key(key: str, pepper: bytes) -> str:
    return hmac.new(pepper, key.encode("ascii"), hashlib.sha256).hexdigest()
