"""Everything the cloud service can be told, in one frozen value.

:meth:`CloudSettings.from_env` reads ``DATABASE_URL``, ``REDIS_URL``, ``STRIPE_API_KEY``,
``STRIPE_WEBHOOK_SECRET``, ``STRIPE_API_BASE`` and ``MOONBASE_CLOUD_*`` variables; a bad value
raises :class:`~app.cloud.errors.ConfigurationError` naming the variable.
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
    stripe_api_key: str | None = None
    stripe_webhook_secret: str | None = None
    stripe_api_base: str | None = None  # a local Stripe stand-in in tests
    signing_key_path: Path | None = None  # None: data_dir/signing_key.pem, created on first start
    admin_token: str | None = None  # enables /v1/admin routes when set
    requests_per_minute: int = 100
    submissions_per_minute: int = 30
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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> CloudSettings:
        """Settings from environment variables over the defaults."""
        source = os.environ if env is None else env
        plain = {
            "database_url": "DATABASE_URL",
            "redis_url": "REDIS_URL",
            "stripe_api_key": "STRIPE_API_KEY",
            "stripe_webhook_secret": "STRIPE_WEBHOOK_SECRET",
            "stripe_api_base": "STRIPE_API_BASE",
            "admin_token": "MOONBASE_CLOUD_ADMIN_TOKEN",
            "host": "MOONBASE_CLOUD_HOST",
            "log_level": "MOONBASE_CLOUD_LOG_LEVEL",
        }
        values: dict[str, object] = {}
        for key, var in plain.items():
            if source.get(var):
                values[key] = source[var]
        for key, var in (
            ("data_dir", "MOONBASE_CLOUD_DATA_DIR"),
            ("signing_key_path", "MOONBASE_CLOUD_SIGNING_KEY"),
        ):
            if source.get(var):
                values[key] = Path(source[var])
        types = {f.name: f.type for f in dataclasses.fields(cls)}
        for key in (
            "port",
            "requests_per_minute",
            "submissions_per_minute",
            "trial_days",
            "offline_token_days",
            "max_score",
            "leaderboard_cache_s",
            "entitlement_cache_s",
        ):
            var = f"MOONBASE_CLOUD_{key.upper()}"
            raw = source.get(var)
            if not raw:
                continue
            try:
                values[key] = int(raw) if types[key] == "int" else float(raw)
            except ValueError:
                raise ConfigurationError(f"{var}={raw!r} is not a number") from None
        return cls(**values)  # type: ignore[arg-type]
