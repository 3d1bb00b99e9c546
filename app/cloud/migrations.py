"""A small versioned migration runner, run at start-up, the same on SQLite and PostgreSQL.

Why not Alembic: its command API is synchronous and drives a script directory with an
``env.py`` that would have to re-enter our async engine through ``run_sync``; our migrations
are a handful of Core DDL steps, so an ordered list of ``(version, name, step)`` applied in
one transaction each, recorded in ``schema_migrations``, gives the same guarantees (ordered,
recorded, never re-applied, a database newer than the code refused) with one code path.
On PostgreSQL a transaction-scoped advisory lock keeps two starting services from racing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Table, func, insert, inspect, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cloud import schema
from app.cloud.apikeys import LEGACY_SCOPES, scopes_text
from app.cloud.errors import MigrationError
from app.common.timeutil import to_us, utc_now

_LOCK_ID = 0x4D6F6F6E  # "Moon"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _v1_core(conn: Connection) -> None:
    for table in schema.VERSION_1_TABLES:
        table.create(conn)


def _v2_accounts_billing(conn: Connection) -> None:
    for table in schema.VERSION_2_TABLES:
        table.create(conn)


def ensure_tables(conn: Connection, tables: Sequence[Table]) -> None:
    """Bring ``tables`` to their definition in :mod:`app.cloud.schema`: create a missing
    table; add the missing (nullable) columns and indexes of an existing one.

    Migrations 1 and 2 create tables from the current definitions, so on a new database a
    later migration finds its columns there already; on an older one it adds them.
    """
    found = inspect(conn)
    for table in tables:
        if not found.has_table(table.name):
            table.create(conn)
            continue
        have = {c["name"] for c in found.get_columns(table.name)}
        for column in table.columns:
            if column.name in have:
                continue
            if not column.nullable:
                raise MigrationError(f"cannot add NOT NULL column {table.name}.{column.name}")
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))
        indexes = {i["name"] for i in found.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in indexes:
                index.create(conn)


def _v3_one_subscription(conn: Connection) -> None:
    ensure_tables(conn, [schema.billing])


def _v4_instance_meta(conn: Connection) -> None:
    ensure_tables(conn, [schema.instance_meta])


def _v5_key_scopes(conn: Connection) -> None:
    """Keys get scopes; the keys made before keep what they did, but not erasing students."""
    ensure_tables(conn, [schema.api_keys])
    conn.execute(
        update(schema.api_keys)
        .where(schema.api_keys.c.scopes.is_(None))
        .values(scopes=scopes_text(LEGACY_SCOPES))
    )


def _v6_class_boards(conn: Connection) -> None:
    """Best scores know their class; the boards written before have none (no class board
    shows them until the student's next result)."""
    ensure_tables(conn, [schema.leaderboard_best])


def _v7_one_trial_per_teacher(conn: Connection) -> None:
    """Teachers who own an organisation already had their trial."""
    ensure_tables(conn, [schema.teachers])
    owned = (
        select(func.min(schema.memberships.c.created_at))
        .where(
            schema.memberships.c.teacher_id == schema.teachers.c.id,
            schema.memberships.c.role == "owner",
        )
        .scalar_subquery()
    )
    conn.execute(
        update(schema.teachers)
        .where(schema.teachers.c.trial_started_at.is_(None))
        .values(trial_started_at=owned)
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core tables", _v1_core),
    Migration(2, "teachers, organisations, billing", _v2_accounts_billing),
    Migration(
        3, "one subscription per tenant: checkout session, observation time", _v3_one_subscription
    ),
    Migration(4, "database identity and shared-secret fingerprints", _v4_instance_meta),
    Migration(5, "API key scopes", _v5_key_scopes),
    Migration(6, "class boards", _v6_class_boards),
    Migration(7, "one trial per teacher", _v7_one_trial_per_teacher),
)


def _current(conn: Connection) -> int:
    schema.schema_migrations.create(conn, checkfirst=True)
    found = conn.execute(select(func.max(schema.schema_migrations.c.version))).scalar()
    return int(found or 0)


def _upgrade(conn: Connection, migrations: Sequence[Migration]) -> list[int]:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
    current = _current(conn)
    newest = max((m.version for m in migrations), default=0)
    if current > newest:
        raise MigrationError(
            f"database schema is version {current}, newer than this program's {newest}: "
            "upgrade Moonbase"
        )
    applied: list[int] = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version <= current:
            continue
        migration.apply(conn)
        conn.execute(
            insert(schema.schema_migrations).values(
                version=migration.version, name=migration.name, applied_at=to_us(utc_now())
            )
        )
        applied.append(migration.version)
    return applied


async def migrate(engine: AsyncEngine, migrations: Sequence[Migration] = MIGRATIONS) -> list[int]:
    """Bring the schema up to date; returns the versions applied now (empty if none)."""
    async with engine.begin() as conn:
        return await conn.run_sync(_upgrade, migrations)


async def schema_version(engine: AsyncEngine) -> int:
    async with engine.begin() as conn:
        return await conn.run_sync(_current)
