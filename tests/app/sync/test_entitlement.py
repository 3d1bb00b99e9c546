"""The offline entitlement token: issued by the real cloud app, verified with no network."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.cloud.settings import CloudSettings
from app.sync.entitlement import (
    BadSignatureError,
    ExpiredTokenError,
    MalformedTokenError,
    verify_entitlement_token,
)
from tests.app.cloud.conftest import ADMIN_TOKEN, START, ManualClock, open_cloud

pytestmark = pytest.mark.anyio


async def issued(
    tmp_path: Path, days_on: float = 0.0, tenant: str = "school_t"
) -> tuple[str, str, str]:
    """(token, public key, tenant api key) from a cloud whose clock is ``days_on`` past START."""
    settings = CloudSettings(data_dir=tmp_path / "cloud", admin_token=ADMIN_TOKEN)
    async with open_cloud(settings, ManualClock(START)) as cloud:
        key = await cloud.tenant(tenant)
        cloud.clock.advance(timedelta(days=days_on).total_seconds())
        token = (await cloud.get(key, "/v1/entitlements/token")).json()
        public = (await cloud.client.get("/v1/entitlements/public-key")).json()
        assert token["valid_days"] == 14
        assert token["key_id"] == public["key_id"]
        return token["token"], public["public_key"], key


async def test_a_token_verifies_offline_until_it_expires(tmp_path: Path) -> None:
    token, public, _ = await issued(tmp_path)
    grant = verify_entitlement_token(token, public, now=START, tenant_id="school_t")
    assert (grant.tenant_id, grant.plan) == ("school_t", "pro")  # in its trial
    assert grant.allows("class_analytics")
    assert grant.expires_at - grant.issued_at == timedelta(days=14)
    late = START + timedelta(days=14)
    verify_entitlement_token(token, public, now=late - timedelta(seconds=1))
    with pytest.raises(ExpiredTokenError, match="expired at"):
        verify_entitlement_token(token, public, now=late)
    with pytest.raises(BadSignatureError, match="not 'other'"):
        verify_entitlement_token(token, public, now=START, tenant_id="other")


async def test_after_the_trial_the_token_carries_free(tmp_path: Path) -> None:
    token, public, _ = await issued(tmp_path, days_on=15)
    grant = verify_entitlement_token(token, public, now=START + timedelta(days=15))
    assert grant.plan == "free"
    assert not grant.allows("class_analytics")


async def test_tampered_or_foreign_tokens_are_refused(tmp_path: Path) -> None:
    token, public, _ = await issued(tmp_path)
    prefix, body, sig = token.split(".")
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    payload["plan"] = "enterprise"
    forged_body = base64.urlsafe_b64encode(json.dumps(payload).encode()).rstrip(b"=").decode()
    with pytest.raises(BadSignatureError):
        verify_entitlement_token(f"{prefix}.{forged_body}.{sig}", public, now=START)
    other = Ed25519PrivateKey.generate().public_key()
    raw = other.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    with pytest.raises(BadSignatureError):
        verify_entitlement_token(token, raw, now=START)
    for bad in ("", "mbe1.x", "jwt.a.b", token + ".x", "mbe1.!!.??"):
        with pytest.raises(MalformedTokenError):
            verify_entitlement_token(bad, public, now=START)
    with pytest.raises(MalformedTokenError, match="32 bytes"):
        verify_entitlement_token(token, b"short", now=START)


async def test_the_signing_key_survives_a_restart(tmp_path: Path) -> None:
    _, first, _ = await issued(tmp_path)
    token, second, _ = await issued(tmp_path, tenant="school_u")
    assert first == second
    assert (tmp_path / "cloud" / "signing_key.pem").stat().st_mode & 0o777 == 0o600
    verify_entitlement_token(token, first, now=START)
