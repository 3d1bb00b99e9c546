"""A damaged database is refused at start, and a good copy is kept to come back to.

* :func:`check_database` runs ``PRAGMA quick_check`` on the file before a host opens it
  (nothing is written: the check reads every page). A damaged file is refused with one line
  that says what is wrong and the way out: the newest automatic backup.
* :func:`write_backup` copies the open database with SQLite's online backup API (a
  consistent copy while the host runs) into ``backups/`` next to it, at the end of each
  lesson; the newest :data:`KEEP_BACKUPS` are kept, older ones deleted.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import time
from pathlib import Path

from app.store.errors import DatabaseCorruptError, StorageError

BACKUP_DIR = "backups"
KEEP_BACKUPS = 5
CHECK = "cannot open database"
BACKUP = "cannot back up database"
_MAX_SHOWN = 200  # characters of SQLite's report in the refusal


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / BACKUP_DIR


def backups(db_path: Path) -> list[Path]:
    """The automatic backups of ``db_path``, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    stem = db_path.stem
    found = [p for p in folder.glob(f"{stem}-*.db") if p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def _quick_check(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5.0)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    finally:
        conn.close()
    problems = [str(r[0]) for r in rows]
    if problems == ["ok"]:
        return "ok"
    lines = (line.strip() for p in problems for line in p.splitlines())
    return "; ".join(line for line in lines if line and not line.startswith("***"))


def way_out(db_path: Path) -> str:
    """What a teacher can do about a damaged ``db_path``: restore the newest backup."""
    found = backups(db_path)
    aside = db_path.with_name(db_path.name + ".damaged")
    if not found:
        return (
            f"there is no automatic backup yet: rename it to {aside.name} to start with an "
            "empty database (its results stay in the renamed file)"
        )
    return (
        f"rename it to {aside.name} and copy the last automatic backup {found[0]} to "
        f"{db_path} (results stored after that backup stay only in the renamed file)"
    )


async def check_database(db_path: Path) -> None:
    """Raise :class:`DatabaseCorruptError` with the way out when ``PRAGMA quick_check``
    finds ``db_path`` damaged; a missing file (a new folder) is fine."""
    if not db_path.is_file():
        return
    try:
        report = await asyncio.to_thread(_quick_check, db_path)
    except sqlite3.DatabaseError as exc:  # damaged beyond reading its header or schema
        report = " ".join(str(exc).split())
    if report == "ok":
        return
    shown = report if len(report) <= _MAX_SHOWN else report[: _MAX_SHOWN - 1] + "…"
    raise DatabaseCorruptError(
        CHECK,
        db_path,
        f"it is damaged (quick_check: {shown}); nothing was changed. The way out: "
        + way_out(db_path),
    )


def backup_name(db_path: Path, now: float | None = None) -> Path:
    """``backups/moonbase-YYYYmmdd-HHMMSS-ffffff.db``: names sort as the backups were made."""
    t = time.time() if now is None else now
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(t)) + f"-{int(t % 1 * 1e6):06d}"
    target = backup_dir(db_path) / f"{db_path.stem}-{stamp}.db"
    n = 1
    while target.exists():  # two lessons ended in the same second
        n += 1
        target = backup_dir(db_path) / f"{db_path.stem}-{stamp}-{n}.db"
    return target


def rotate(db_path: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns what was deleted."""
    old = backups(db_path)[keep:]
    for path in old:
        with contextlib.suppress(OSError):
            path.unlink()
    return old


def open_part(target: Path) -> tuple[Path, sqlite3.Connection]:
    """A fresh ``.part`` file beside ``target`` to copy into (usable from another thread)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    with contextlib.suppress(FileNotFoundError):
        part.unlink()
    return part, sqlite3.connect(part, check_same_thread=False)


def finish_part(part: Path, dest: sqlite3.Connection, target: Path) -> None:
    """Make the copied ``part`` one self-contained file, on disk, then name it ``target``
    (a crash never leaves a half backup under a backup's name)."""
    try:
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    with open(part, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(part, target)


def backup_error(db_path: Path, exc: BaseException) -> StorageError:
    return StorageError(BACKUP, db_path, str(exc) or type(exc).__name__)
