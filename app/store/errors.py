"""The storage layer's exception tree: every message names the database file and the problem.

A :class:`StorageError` is meant to be shown to a teacher as it is, for example
``cannot open database /x/moonbase.db: it is locked by another program``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StorageError(Exception):
    """The local database cannot do what was asked; ``str()`` is a complete sentence."""

    def __init__(self, action: str, path: Path, problem: str) -> None:
        super().__init__(f"{action} {path}: {problem}")
        self.action = action
        self.path = path
        self.problem = problem


class DatabaseLockedError(StorageError):
    """Another program holds the database's write lock for longer than the busy timeout."""


class DiskFullError(StorageError):
    """The disk (or the database's size limit) is full; the failed write was rolled back."""


class NotADatabaseError(StorageError):
    """The file is not SQLite, or is a SQLite file of another program."""


class SchemaTooNewError(StorageError):
    """The file was written by a newer Moonbase; this version refuses to touch it."""


class DatabaseCorruptError(StorageError):
    """SQLite reports the file as damaged."""


class InvalidRecordError(StorageError):
    """A value handed to the store is out of range or of the wrong shape."""


class UnknownRecordError(StorageError):
    """An id handed to the store names no row (an unknown round, student, flight...)."""


# SQLite primary result codes -> (exception class, problem text). Extended codes such as
# SQLITE_IOERR_WRITE are matched on their primary name (the part before the second "_").
_BY_CODE: dict[str, tuple[type[StorageError], str]] = {
    "SQLITE_FULL": (
        DiskFullError,
        "disk is full (the last change was not saved; nothing stored before it was lost)",
    ),
    "SQLITE_BUSY": (DatabaseLockedError, "it is locked by another program"),
    "SQLITE_LOCKED": (DatabaseLockedError, "it is locked by another program"),
    "SQLITE_NOTADB": (NotADatabaseError, "it is not a Moonbase database (file is not a database)"),
    "SQLITE_CORRUPT": (
        DatabaseCorruptError,
        "it is damaged (database disk image is malformed); move it aside or restore a backup",
    ),
    "SQLITE_READONLY": (StorageError, "it is read-only"),
    "SQLITE_CANTOPEN": (StorageError, "the file cannot be opened or created"),
    "SQLITE_PERM": (StorageError, "permission denied"),
    "SQLITE_IOERR": (StorageError, "input/output error reading or writing the disk"),
}


def _primary_name(exc: sqlite3.Error) -> str:
    name = getattr(exc, "sqlite_errorname", None)
    if not isinstance(name, str):
        return ""
    parts = name.split("_")
    return "_".join(parts[:2])


def translate(action: str, path: Path, exc: sqlite3.Error) -> StorageError:
    """The :class:`StorageError` a teacher should see for a low-level SQLite error."""
    name = _primary_name(exc)
    if not name and "file is not a database" in str(exc):
        name = "SQLITE_NOTADB"
    kind, problem = _BY_CODE.get(name, (StorageError, str(exc)))
    if kind is StorageError and name in _BY_CODE:
        problem = f"{problem} ({exc})"
    return kind(action, path, problem)
