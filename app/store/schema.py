"""Applying the versioned migrations in ``app/store/migrations`` to a database file.

``PRAGMA user_version`` is the schema version and ``PRAGMA application_id`` marks the file as
Moonbase's. All pending migrations run in one ``BEGIN IMMEDIATE`` transaction, so a file is
either fully upgraded or untouched, and two programs opening it at once cannot both migrate.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import aiosqlite

from app.store.errors import NotADatabaseError, SchemaTooNewError

APPLICATION_ID = 0x4D4F4F4E  # "MOON"
_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
OPEN = "cannot open database"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The script split into single statements (``sqlite3.complete_statement`` decides)."""
        out: list[str] = []
        buf = ""
        for line in self.sql.splitlines(keepends=True):
            buf += line
            if sqlite3.complete_statement(buf):
                out.append(buf.strip())
                buf = ""
        rest = [ln for ln in buf.splitlines() if ln.strip() and not ln.strip().startswith("--")]
        if rest:
            raise ValueError(
                f"migration {self.version:04d}_{self.name} ends in an unfinished "
                f"statement: {rest[0]!r}"
            )
        return out


def bundled() -> list[Migration]:
    """The migrations shipped with this version of Moonbase, in order, checked for gaps."""
    found: list[Migration] = []
    for entry in resources.files("app.store.migrations").iterdir():
        match = _FILE_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise ValueError(
                f"migrations must be numbered 0001, 0002, ... without gaps; "
                f"found {migration.version:04d}_{migration.name} at place {expected}"
            )
    return found


async def rollback_quietly(conn: aiosqlite.Connection) -> None:
    """End a failed transaction; a failing ROLLBACK must not hide the error that caused it."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            await conn.execute("ROLLBACK")


async def _pragma_int(conn: aiosqlite.Connection, name: str) -> int:
    rows = list(await conn.execute_fetchall(f"PRAGMA {name}"))
    return int(rows[0][0])


async def _check_owner(conn: aiosqlite.Connection, path: Path) -> int:
    """The file's schema version, after checking the file is (or may become) Moonbase's."""
    app_id = await _pragma_int(conn, "application_id")
    version = await _pragma_int(conn, "user_version")
    if app_id not in (0, APPLICATION_ID):
        raise NotADatabaseError(
            OPEN,
            path,
            f"it is not a Moonbase database "
            f"(it belongs to another program, application id {app_id:#x})",
        )
    if app_id == 0:
        rows = list(await conn.execute_fetchall("SELECT count(*) FROM sqlite_schema"))
        if version != 0 or int(rows[0][0]) != 0:
            raise NotADatabaseError(
                OPEN,
                path,
                "it is not a Moonbase database (a SQLite file with another program's tables)",
            )
    return version


async def migrate(
    conn: aiosqlite.Connection, path: Path, migrations: Sequence[Migration] | None = None
) -> int:
    """Bring the database to the newest schema version; returns that version.

    Raises :class:`SchemaTooNewError` (and changes nothing) for a file written by a newer
    Moonbase, :class:`NotADatabaseError` for another program's SQLite file. SQLite errors
    (locked, disk full) propagate for the caller to translate.
    """
    steps = list(bundled() if migrations is None else migrations)
    latest = steps[-1].version if steps else 0
    await conn.execute("BEGIN IMMEDIATE")
    try:
        version = await _check_owner(conn, path)
        if version > latest:
            raise SchemaTooNewError(
                OPEN,
                path,
                f"it was written by a newer Moonbase (schema version {version}; this Moonbase "
                f"knows up to {latest}); update Moonbase or choose another data directory",
            )
        for step in steps:
            if step.version <= version:
                continue
            for statement in step.statements():
                await conn.execute(statement)
            # PRAGMA takes no bound parameters; both values are integers from this module.
            await conn.execute(f"PRAGMA user_version = {int(step.version)}")
            await conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            version = step.version
        await conn.execute("COMMIT")
    except BaseException:
        await rollback_quietly(conn)
        raise
    return version
