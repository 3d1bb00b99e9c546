"""Migrations, settings and key handling."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import insert

from app.cloud.apikeys import hash_key, make_key, parse_key
from app.cloud.database import create_engine
from app.cloud.errors import ConfigurationError, MigrationError, UnauthorizedError
from app.cloud.migrations import MIGRATIONS, Migration, migrate, schema_version
from app.cloud.schema import schema_migrations
from app.cloud.settings import CloudSettings
from tests.app.cloud.conftest import open_cloud, result_item

pytestmark = pytest.mark.anyio


async def test_migrations_apply_once_and_refuse_a_newer_database(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'c.db'}")
    try:
        assert await migrate(engine) == [m.version for m in MIGRATIONS]
        assert await migrate(engine) == []
        extra = Migration(len(MIGRATIONS) + 1, "test only", lambda conn: None)
        assert await migrate(engine, (*MIGRATIONS, extra)) == [extra.version]
        assert await schema_version(engine) == extra.version
        async with engine.begin() as conn:
            await conn.execute(insert(schema_migrations).values(version=99, name="x", applied_at=0))
        with pytest.raises(MigrationError, match="version 99, newer than"):
            await migrate(engine)
    finally:
        await engine.dispose()


def test_settings_from_env() -> None:
    env = {
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/test",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
        "MOONBASE_CLOUD_PORT": "9000",
        "MOONBASE_CLOUD_SUBMISSIONS_PER_MINUTE": "10",
    }
    settings = CloudSettings.from_env(
        {
            **env,
            "MOONBASE_CLOUD_API_KEY_CACHE_S": "5",  # documented, and read
            "MOONBASE_CLOUD_TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16",
            "MOONBASE_CLOUD_JWT_SECRET": "ab" * 32,
        }
    )
    assert settings.api_key_cache_s == 5.0
    assert settings.trusted_proxies == ("10.0.0.1/32", "192.168.0.0/16")
    assert settings.jwt_secret == bytes.fromhex("ab" * 32)
    assert "abab" not in repr(settings)  # secrets never shown
    assert settings.database_url == "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
    assert settings.redis_url == "redis://127.0.0.1:6379/3"
    assert (settings.port, settings.submissions_per_minute) == (9000, 10)
    default = CloudSettings.from_env({})
    assert default.effective_database_url.startswith("sqlite+aiosqlite:///")
    assert default.requests_per_minute == 100


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MOONBASE_CLOUD_PORT": "eighty"}, "MOONBASE_CLOUD_PORT='eighty' is not a number"),
        ({"MOONBASE_CLOUD_PORT": "70000"}, "port must be within 0..65535, got 70000"),
        ({"DATABASE_URL": "mysql://x/y"}, "database url 'mysql://x/y' is not supported"),
        ({"REDIS_URL": "http://x"}, "REDIS_URL must start with redis://"),
        ({"MOONBASE_CLOUD_API_KEY_CACHE_S": "soon"}, "MOONBASE_CLOUD_API_KEY_CACHE_S='soon'"),
        ({"MOONBASE_CLOUD_TRUSTED_PROXIES": "proxy.lan"}, "trusted proxy 'proxy.lan' is not"),
        ({"MOONBASE_CLOUD_JWT_SECRET": "zz"}, "MOONBASE_CLOUD_JWT_SECRET must be hex"),
        ({"MOONBASE_CLOUD_JWT_SECRET": "abcd"}, "jwt_secret must be 32 bytes"),
    ],
)
def test_bad_settings_name_the_culprit(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message.replace("(", r"\(")):
        CloudSettings.from_env(env)


def test_keys_round_trip_and_hash_with_pepper() -> None:
    key = make_key("stem_default")
    parsed = parse_key(key)
    assert (parsed.tenant_id, len(parsed.secret)) == ("stem_default", 64)
    assert hash_key(key, b"a" * 32) != hash_key(key, b"b" * 32)
    assert make_key("stem_default") != key
    for bad in (
        "tenant__" + "0" * 64,
        "tenant_x_short",
        "key_x_" + "0" * 64,
        "tenant_X_" + "0" * 64,
    ):
        with pytest.raises(UnauthorizedError):
            parse_key(bad)


async def test_an_older_database_gets_the_new_columns(tmp_path: Path) -> None:
    """Migrations 1-2 create tables from today's definitions; a database made by the code of
    that time lacks the later columns, and the later migrations add them."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    later = {
        "billing": ("checkout_session_id", "observed_at"),
        "api_keys": ("scopes",),
        "leaderboard_best": ("class_code",),
    }
    try:
        await migrate(engine)
        async with engine.begin() as conn:
            await conn.exec_driver_sql("DROP INDEX ix_lb_class")
            for table, columns in later.items():
                for column in columns:
                    await conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN {column}")
            await conn.exec_driver_sql("DROP TABLE instance_meta")
            await conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version > 2")
            await conn.exec_driver_sql(
                "INSERT INTO tenants (id, name, plan, created_at) VALUES ('old', 'Old', 'free', 0)"
            )
            await conn.exec_driver_sql(
                "INSERT INTO api_keys (tenant_id, key_hash, label, created_at) "
                "VALUES ('old', 'h', 'from before scopes', 0)"
            )
        assert await migrate(engine) == [m.version for m in MIGRATIONS if m.version > 2]
        async with engine.connect() as conn:
            for table, columns in later.items():
                rows = await conn.exec_driver_sql(f"PRAGMA table_info({table})")
                assert set(columns) <= {r._mapping["name"] for r in rows}, table
            scopes = await conn.exec_driver_sql("SELECT scopes FROM api_keys")
            # a key from before keeps uploading and reading boards, but may not erase students
            assert scopes.scalar_one() == "boards,sync"
            indexes = await conn.exec_driver_sql("PRAGMA index_list(leaderboard_best)")
            assert "ix_lb_class" in {r._mapping["name"] for r in indexes}
    finally:
        await engine.dispose()


@pytest.mark.anyio
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_the_sqlite_files_are_private(settings: CloudSettings) -> None:
    """cloud.db and its -wal and -shm files: readable by the service's user only, as the
    secret files are; a database made by an older version (0644) is narrowed at start."""
    data = settings.data_dir
    data.mkdir(parents=True)
    (data / "cloud.db").touch(mode=0o644)
    async with open_cloud(settings) as cloud:
        key = await cloud.tenant("school_a")
        assert (await cloud.sync(key, [result_item()])).status_code == 200
        files = sorted(data.glob("cloud.db*"))
        assert [f.name for f in files] == ["cloud.db", "cloud.db-shm", "cloud.db-wal"]
        modes = {f.name: oct(f.stat().st_mode & 0o777) for f in files}
    assert set(modes.values()) == {"0o600"}, modes
