"""The async engine for either embedded SQLite (aiosqlite) or PostgreSQL (asyncpg)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.cloud.errors import ConfigurationError


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def private_database_files(path: Path) -> None:
    """The database file made (or kept) readable by its owner only (0600), like the secret
    files; SQLite gives its -wal and -shm files the database file's mode. Files left by an
    older version with 0644 are narrowed."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm", f"{path.name}-journal"):
        found = path.with_name(name)
        if found.exists() and found.stat().st_mode & 0o077:
            found.chmod(0o600)


def create_engine(url: str) -> AsyncEngine:
    """An engine for ``url``; a SQLite file's directory is created if needed."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ConfigurationError("the cloud needs a SQLite file, not an in-memory database")
        path = Path(parsed.database)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            private_database_files(path)
        except OSError as exc:
            raise ConfigurationError(
                f"cannot create {path.parent} for the database: {exc}"
            ) from exc
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_async_engine(url, pool_size=5, max_overflow=45, pool_pre_ping=True)
    raise ConfigurationError(f"unsupported database {parsed.get_backend_name()!r} in {url!r}")
