"""The service's Ed25519 key and the offline entitlement tokens it signs.

The private key lives in ``signing_key.pem`` (PKCS#8, mode 0600) in the data directory,
made on first start; hosts verify with the public key (``GET /v1/entitlements/public-key``)
through :func:`app.common.entitlement_token.verify_entitlement_token`.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.cloud.entitlements import Entitlements
from app.cloud.errors import ConfigurationError
from app.common.entitlement_token import PREFIX, b64url, key_id
from app.common.secretfile import write_private


class TokenSigner:
    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_key = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.key_id = key_id(self.public_key)

    @classmethod
    def load_or_create(cls, path: Path) -> TokenSigner:
        if path.exists():
            try:
                key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            except ValueError as exc:
                raise ConfigurationError(f"signing key {path} is not a PEM key: {exc}") from None
            if not isinstance(key, Ed25519PrivateKey):
                raise ConfigurationError(f"signing key {path} is not an Ed25519 key")
            return cls(key)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_private(path, pem)
        return cls(key)

    def sign(self, entitlements: Entitlements, *, now: datetime, days: int) -> tuple[str, datetime]:
        """A token for ``entitlements`` valid ``days`` days from ``now``, and its expiry."""
        expires = now + timedelta(days=days)
        payload = {
            "v": 1,
            "kid": self.key_id,
            "tenant_id": entitlements.tenant_id,
            "plan": entitlements.plan,
            "features": sorted(entitlements.features),
            "max_teachers": entitlements.max_teachers,
            "iat": int(now.timestamp()),
            "exp": int(expires.timestamp()),
        }
        body = b64url(json.dumps(payload, separators=(",", ":"), sort_keys=True).encode())
        signed = f"{PREFIX}.{body}"
        return f"{signed}.{b64url(self._key.sign(signed.encode('ascii')))}", expires
