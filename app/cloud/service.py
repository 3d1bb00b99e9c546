"""One running cloud service: database, optional Redis, keys, limits, leaderboards, metrics."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from argon2 import PasswordHasher
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cloud.accounts import TeacherAccounts
from app.cloud.anticheat import ScorePolicy
from app.cloud.billing import Billing
from app.cloud.board import Leaderboards
from app.cloud.board_redis import MAX_EXACT_SCORE, RedisLeaderboards
from app.cloud.board_sql import SqlLeaderboards
from app.cloud.database import create_engine
from app.cloud.entitlements import EntitlementCache
from app.cloud.errors import ConfigurationError
from app.cloud.instance_meta import check_secrets, database_id
from app.cloud.metrics import Metrics
from app.cloud.migrations import migrate
from app.cloud.orgs import Organisations
from app.cloud.ratelimit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from app.cloud.settings import DEFAULT_TENANT, CloudSettings
from app.cloud.shared_secrets import load_secrets
from app.cloud.signing import TokenSigner
from app.cloud.stripe_client import connect
from app.cloud.tenants import TenantDirectory
from app.common.timeutil import Clock, utc_now

log = logging.getLogger(__name__)


@dataclass
class CloudService:
    settings: CloudSettings
    clock: Clock
    engine: AsyncEngine
    redis: Redis | None
    tenants: TenantDirectory
    boards: Leaderboards
    limiter: RateLimiter
    metrics: Metrics
    policy: ScorePolicy
    accounts: TeacherAccounts
    orgs: Organisations
    entitlements: EntitlementCache
    billing: Billing
    signer: TokenSigner
    database_id: str

    def now_s(self) -> float:
        return self.clock().timestamp()


def _embedded(settings: CloudSettings) -> bool:
    """The default: a SQLite file in the data folder, which no other folder's instance uses."""
    return settings.database_url is None


@asynccontextmanager
async def open_service(
    settings: CloudSettings, clock: Clock = utc_now, *, metrics: Metrics | None = None
) -> AsyncIterator[CloudService]:
    """Connect, migrate, make sure the default tenant exists; close everything on exit."""
    engine = create_engine(settings.effective_database_url)
    redis: Redis | None = None
    billing: Billing | None = None
    try:
        applied = await migrate(engine)
        if applied:
            log.info("cloud database migrated to version %d", applied[-1])
        secrets = load_secrets(settings)
        await check_secrets(engine, secrets, accept_new=settings.accept_new_secrets)
        if not secrets.all_shared and not _embedded(settings):
            log.warning(
                "the API-key pepper, JWT secret or signing key come from the data folder %s: "
                "another instance on this database must use the same ones (set "
                "MOONBASE_CLOUD_SECRETS_FILE on every instance; see docs/cloud.md)",
                settings.data_dir,
            )
        db_id = await database_id(engine)
        tenants = TenantDirectory(engine, secrets.pepper.value, cache_s=settings.api_key_cache_s)
        await tenants.ensure(
            DEFAULT_TENANT, "Default school", now=clock(), trial_days=settings.trial_days
        )
        boards: Leaderboards
        limiter: RateLimiter
        if settings.redis_url:
            redis = Redis.from_url(settings.redis_url, socket_timeout=5, socket_connect_timeout=5)
            if settings.max_score > MAX_EXACT_SCORE:
                raise ConfigurationError(
                    f"max_score {settings.max_score} is above {MAX_EXACT_SCORE}, the highest "
                    "score the Redis leaderboards keep exactly"
                )
            redis_boards = RedisLeaderboards(
                redis,
                SqlLeaderboards(engine),
                cache_s=settings.leaderboard_cache_s,
                clock=clock,
                database_id=db_id,
            )
            loaded = await redis_boards.rebuild(engine)
            if loaded:
                log.info("loaded %d best scores into Redis", loaded)
            boards = redis_boards
            limiter = RedisRateLimiter(redis)
        else:
            boards = SqlLeaderboards(engine)
            limiter = MemoryRateLimiter()
        entitlements = EntitlementCache(engine, clock, cache_s=settings.entitlement_cache_s)
        billing = Billing(
            engine,
            connect(settings.stripe_api_key, settings.stripe_api_base)
            if settings.stripe_api_key
            else None,
            settings.stripe_webhook_secret,
            entitlements,
            clock,
        )
        hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib
        )
        yield CloudService(
            settings=settings,
            clock=clock,
            engine=engine,
            redis=redis,
            tenants=tenants,
            boards=boards,
            limiter=limiter,
            metrics=metrics or Metrics(),
            policy=ScorePolicy(max_score=settings.max_score),
            accounts=TeacherAccounts(engine, secrets.jwt_secret.value, clock, hasher),
            orgs=Organisations(engine),
            entitlements=entitlements,
            billing=billing,
            signer=secrets.signer,
            database_id=db_id,
        )
    finally:
        if billing is not None:
            await billing.aclose()
        if redis is not None:
            await redis.aclose()
        await engine.dispose()
