"""Everything the cloud service can be told, in one frozen value.

:meth:`CloudSettings.from_env` reads ``DATABASE_URL``, ``REDIS_URL``, ``STRIPE_API_KEY``,
``STRIPE_WEBHOOK_SECRET``, ``STRIPE_API_BASE`` and ``MOONBASE_CLOUD_<FIELD>`` for every other
field (``MOONBASE_CLOUD_API_KEY_CACHE_S``, ``MOONBASE_CLOUD_TRUSTED_PROXIES``...); a bad
value raises :class:`~app.cloud.errors.ConfigurationError` naming the variable. Secrets are
never shown by ``repr``.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from app.cloud.errors import ConfigurationError

DEFAULT_TENANT = "stem_default"
SECRET_BYTES = 32
_PREFIX = "MOONBASE_CLOUD_"
# variables that are not MOONBASE_CLOUD_<FIELD>
_PLAIN = {
    "database_url": "DATABASE_URL",
    "redis_url": "REDIS_URL",
    "stripe_api_key": "STRIPE_API_KEY",
    "stripe_webhook_secret": "STRIPE_WEBHOOK_SECRET",
    "stripe_api_base": "STRIPE_API_BASE",
    "signing_key_path": "MOONBASE_CLOUD_SIGNING_KEY",
}
_SECRETS = ("api_key_pepper", "jwt_secret", "signing_seed")


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("moonbase-cloud", appauthor=False))


def normalise_database_url(url: str) -> str:
    """Give a plain ``postgresql://`` or ``sqlite:///`` URL its async driver."""
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + url.split("://", 1)[1]
    if url.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://")):
        return url
    raise ConfigurationError(
        f"database url {url!r} is not supported: use sqlite:///PATH or postgresql://HOST/DB"
    )


@dataclass(frozen=True)
class CloudSettings:
    """Settings of ``moonbase cloud``. Limits default to seed 003's numbers."""

    host: str = "127.0.0.1"
    port: int = 8080
    data_dir: Path = field(default_factory=default_data_dir)
    database_url: str | None = None  # None: embedded SQLite file data_dir/cloud.db
    redis_url: str | None = None
    stripe_api_key: str | None = field(default=None, repr=False)
    stripe_webhook_secret: str | None = field(default=None, repr=False)
    stripe_api_base: str | None = None  # a local Stripe stand-in in tests
    signing_key_path: Path | None = None  # None: data_dir/signing_key.pem, created on first start
    admin_token: str | None = field(default=None, repr=False)  # enables /v1/admin routes
    # The secrets every instance on one database must share (see app/cloud/shared_secrets.py):
    # each from its variable (64 hex digits), else from the secrets file, else from a file
    # in data_dir made on first start (fine for one instance only).
    secrets_file: Path | None = None
    api_key_pepper: bytes | None = field(default=None, repr=False)
    jwt_secret: bytes | None = field(default=None, repr=False)
    signing_seed: bytes | None = field(default=None, repr=False)  # Ed25519 private key seed
    accept_new_secrets: bool = False  # once, after changing the secrets on purpose
    # Rate limits per minute, one bucket per route class: any request per client (API key,
    # teacher, or address), result uploads per key, log-in/register/refresh per address,
    # requests with missing or wrong credentials per address, Stripe webhooks per address.
    requests_per_minute: int = 100
    submissions_per_minute: int = 30
    auth_per_minute: int = 20
    failed_auth_per_minute: int = 60
    webhook_per_minute: int = 600
    # Addresses (or networks) of reverse proxies whose X-Forwarded-For is believed; from
    # anyone else the header is ignored and the peer address counts.
    trusted_proxies: tuple[str, ...] = ()
    max_body_bytes: int = 65_536  # larger request bodies: 413 before they are read
    max_webhook_bytes: int = 524_288
    leaderboard_cache_s: float = 30.0
    entitlement_cache_s: float = 120.0
    api_key_cache_s: float = 60.0
    trial_days: int = 14
    offline_token_days: int = 14
    max_score: int = 100_000
    argon2_time_cost: int = 3  # argon2-cffi's RFC 9106 low-memory profile
    argon2_memory_kib: int = 65_536
    log_level: str = "INFO"

    def __post_init__(self) -> None:
        try:
            ipaddress.ip_address(self.host)
        except ValueError:
            if self.host != "localhost":
                raise ConfigurationError(
                    f"cloud host must be an IP address, got {self.host!r}"
                ) from None
        if not 0 <= self.port <= 65535:
            raise ConfigurationError(f"cloud port must be within 0..65535, got {self.port}")
        for name in (
            "requests_per_minute",
            "submissions_per_minute",
            "auth_per_minute",
            "failed_auth_per_minute",
            "webhook_per_minute",
            "max_body_bytes",
            "max_webhook_bytes",
            "trial_days",
            "offline_token_days",
            "max_score",
            "argon2_time_cost",
        ):
            if getattr(self, name) < 1:
                raise ConfigurationError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("leaderboard_cache_s", "entitlement_cache_s", "api_key_cache_s"):
            if not 0.0 <= getattr(self, name) <= 3600.0:
                raise ConfigurationError(
                    f"{name} must be within 0..3600 seconds, got {getattr(self, name)}"
                )
        if not 8 <= self.argon2_memory_kib <= 4_194_304:
            raise ConfigurationError(
                f"argon2_memory_kib must be within 8..4194304, got {self.argon2_memory_kib}"
            )
        if self.database_url is not None:
            object.__setattr__(self, "database_url", normalise_database_url(self.database_url))
        networks = []
        for proxy in self.trusted_proxies:
            try:
                networks.append(str(ipaddress.ip_network(proxy.strip(), strict=False)))
            except ValueError:
                raise ConfigurationError(
                    f"trusted proxy {proxy!r} is not an IP address or network (e.g. 10.0.0.0/8)"
                ) from None
        object.__setattr__(self, "trusted_proxies", tuple(networks))
        for name in ("api_key_pepper", "jwt_secret", "signing_seed"):
            value = getattr(self, name)
            if value is not None and len(value) != SECRET_BYTES:
                raise ConfigurationError(
                    f"{name} must be {SECRET_BYTES} bytes ({2 * SECRET_BYTES} hex digits), "
                    f"got {len(value)}"
                )
        if self.redis_url is not None and not self.redis_url.startswith(
            ("redis://", "rediss://", "unix://")
        ):
            raise ConfigurationError(f"REDIS_URL must start with redis://, got {self.redis_url!r}")

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'cloud.db'}"

    @property
    def effective_signing_key_path(self) -> Path:
        return self.signing_key_path or self.data_dir / "signing_key.pem"

    @property
    def jwt_secret_path(self) -> Path:
        return self.data_dir / "jwt_secret.bin"

    @property
    def pepper_path(self) -> Path:
        return self.data_dir / "api_key_pepper.bin"

    @staticmethod
    def variable(name: str) -> str:
        """The environment variable of the field ``name``."""
        return _PLAIN.get(name, _PREFIX + name.upper())

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> CloudSettings:
        """Settings from environment variables over the defaults (an empty one is unset)."""
        source = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            var = cls.variable(f.name)
            raw = source.get(var)
            if not raw:
                continue
            values[f.name] = _parse(var, str(f.type), raw, secret=f.name in _SECRETS)
        return cls(**values)  # type: ignore[arg-type]


def _parse(var: str, kind: str, raw: str, *, secret: bool) -> object:
    """``raw`` as the field's type; ConfigurationError naming ``var`` when it is not one."""
    if secret:
        try:
            return bytes.fromhex(raw.strip())
        except ValueError:
            raise ConfigurationError(f"{var} must be hex digits (64 of them)") from None
    if kind in ("int", "float"):
        try:
            return int(raw) if kind == "int" else float(raw)
        except ValueError:
            raise ConfigurationError(f"{var}={raw!r} is not a number") from None
    if kind == "bool":
        if raw.lower() not in ("1", "true", "yes", "0", "false", "no"):
            raise ConfigurationError(f"{var}={raw!r} must be 1 or 0")
        return raw.lower() in ("1", "true", "yes")
    if kind.startswith("tuple"):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    if "Path" in kind:
        return Path(raw)
    return raw
