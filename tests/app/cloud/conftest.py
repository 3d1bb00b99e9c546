"""Fixtures: the cloud app on embedded SQLite, PostgreSQL and SQLite+Redis, via httpx.

PostgreSQL (postgresql://postgres@127.0.0.1:5432/test) gets a uniquely named database per
test session, dropped at the end; Redis (127.0.0.1:6379) uses one db only, flushed per test:
``MOONBASE_TEST_REDIS_DB`` (default 7; the workers test uses the next one), so two people
running the suite on one machine give each a db of their own. Either backend's tests skip,
with the reason, when its server is not reachable.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from app.cloud.schema import metadata
from app.cloud.server import create_app
from app.cloud.service import CloudService
from app.cloud.settings import CloudSettings

PG_HOST, PG_PORT = "127.0.0.1", 5432
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def redis_test_db(offset: int = 0) -> int:
    """The Redis db number the tests may flush: ``MOONBASE_TEST_REDIS_DB`` (default 7) plus
    ``offset`` (a test needing a second db takes the next one)."""
    raw = os.environ.get("MOONBASE_TEST_REDIS_DB", "7")
    if not raw.isdigit() or not 0 <= int(raw) + offset <= 15:
        raise ValueError(f"MOONBASE_TEST_REDIS_DB={raw!r}: a Redis db number 0..{15 - offset}")
    return int(raw) + offset


REDIS_DB = redis_test_db()
ADMIN_TOKEN = "test-admin-token"
ALL_SCOPES = ("sync", "boards", "compliance")
START = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # a Wednesday
BACKENDS = ("sqlite", "postgresql", "redis")


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class ManualClock:
    """A clock the test drives."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def _pg_admin(sql: str) -> None:
    engine = create_async_engine(
        f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/test", isolation_level="AUTOCOMMIT"
    )
    try:
        async with engine.connect() as conn:
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    if not reachable(PG_HOST, PG_PORT):
        pytest.skip(f"PostgreSQL is not reachable at {PG_HOST}:{PG_PORT}")
    name = f"moonbase_cloud_{uuid.uuid4().hex[:12]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    yield f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _pg_truncate(url: str) -> None:
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            exists = (await conn.execute(text("SELECT to_regclass('tenants')"))).scalar()
            if exists is not None:
                tables = ", ".join(
                    t.name for t in metadata.sorted_tables if t.name != "schema_migrations"
                )
                await conn.execute(text(f"TRUNCATE {tables} CASCADE"))
    finally:
        await engine.dispose()


async def flush_redis() -> None:
    client = Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    try:
        await client.flushdb()
    finally:
        await client.aclose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if name == "redis" and not reachable(REDIS_HOST, REDIS_PORT):
        pytest.skip(f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT}")
    return name


@pytest.fixture
def backend_settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> CloudSettings:
    base = CloudSettings(
        data_dir=tmp_path / "cloud",
        admin_token=ADMIN_TOKEN,
        argon2_time_cost=1,  # cheap password hashing keeps the suite fast
        argon2_memory_kib=1024,
    )
    if backend == "postgresql":
        url: str = request.getfixturevalue("pg_url")
        return replace(base, database_url=url)
    if backend == "redis":
        return replace(base, redis_url=f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}")
    return base


async def reset_backend(settings: CloudSettings) -> CloudSettings:
    """Empty the PostgreSQL database and the Redis db of ``settings`` (SQLite starts empty)."""
    if settings.database_url is not None:
        await _pg_truncate(settings.database_url)
    if settings.redis_url is not None:
        await flush_redis()
    return settings


@pytest.fixture
async def settings(backend_settings: CloudSettings) -> CloudSettings:
    """Settings for a clean database (and a clean Redis db) of the backend under test."""
    return await reset_backend(backend_settings)


@pytest.fixture
def sync_settings(backend_settings: CloudSettings) -> CloudSettings:
    """:func:`settings` for tests that are not coroutines (threads, processes)."""
    return asyncio.run(reset_backend(backend_settings))


@dataclass
class Cloud:
    """A running app (None when served by uvicorn elsewhere) and a client for it."""

    app: FastAPI | None
    client: httpx.AsyncClient
    clock: ManualClock
    settings: CloudSettings
    keys: dict[str, str] = field(default_factory=dict)

    @property
    def service(self) -> CloudService:
        assert self.app is not None, "the app runs in another server"
        found: CloudService = self.app.state.service
        return found

    @property
    def redis(self) -> Redis:
        assert self.service.redis is not None, "this cloud runs without Redis"
        return self.service.redis

    async def tenant(
        self, tenant_id: str, name: str = "A school", scopes: tuple[str, ...] = ALL_SCOPES
    ) -> str:
        """Create a tenant through the admin route; its API key (with every scope unless
        ``scopes`` says otherwise)."""
        answer = await self.client.post(
            "/v1/admin/tenants",
            json={"tenant_id": tenant_id, "name": name, "scopes": list(scopes)},
            headers={"X-Admin-Token": ADMIN_TOKEN},
        )
        assert answer.status_code == 201, answer.text
        key: str = answer.json()["api_key"]
        self.keys[tenant_id] = key
        return key

    async def sync(self, key: str, items: list[dict[str, Any]]) -> httpx.Response:
        return await self.client.post(
            "/v1/sync/results", json={"items": items}, headers={"X-API-Key": key}
        )

    async def get(self, key: str, path: str, **params: Any) -> httpx.Response:
        return await self.client.get(path, params=params, headers={"X-API-Key": key})

    async def teacher(self, email: str, password: str = "correct horse battery") -> str:
        """Register a teacher and log in; the access token."""
        made = await self.client.post(
            "/v1/auth/register", json={"email": email, "password": password, "name": "T"}
        )
        assert made.status_code == 202, made.text
        tokens = await self.client.post(
            "/v1/auth/login", json={"email": email, "password": password}
        )
        assert tokens.status_code == 200, tokens.text
        access: str = tokens.json()["access_token"]
        return access

    async def as_teacher(
        self, method: str, token: str, path: str, json: Any = None
    ) -> httpx.Response:
        return await self.client.request(
            method, path, json=json, headers={"Authorization": f"Bearer {token}"}
        )


@asynccontextmanager
async def open_cloud(
    settings: CloudSettings, clock: ManualClock | None = None
) -> AsyncIterator[Cloud]:
    """The app with its lifespan entered and an httpx client over ASGI."""
    clock = clock or ManualClock()
    app = create_app(settings, clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://cloud.test") as client:
            yield Cloud(app, client, clock, settings)


@pytest.fixture
async def cloud(settings: CloudSettings) -> AsyncIterator[Cloud]:
    async with open_cloud(settings) as running:
        yield running


def result_item(
    uid: str | None = None,
    *,
    student: str = "stu-1",
    nickname: str = "Ada",
    score: int = 500,
    stars: int = 2,
    outcome: str = "landed",
    game: str = "lander",
    flight_time_s: float = 42.0,
    created_at: datetime | None = None,
) -> dict[str, Any]:
    """An outbox payload as the classroom host writes it."""
    return {
        "result_uid": uid or uuid.uuid4().hex,
        "game": game,
        "world": "moon",
        "class_code": "KXR4TZ",
        "student_id": student,
        "nickname": nickname,
        "outcome": outcome,
        "score": score,
        "stars": stars,
        "flight_time_s": flight_time_s,
        "created_at": (created_at or START - timedelta(minutes=5)).isoformat(),
    }
