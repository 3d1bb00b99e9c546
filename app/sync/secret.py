"""This installation's secret: the key that turns local student ids into cloud pseudonyms."""

from __future__ import annotations

from pathlib import Path

from app.common.secretfile import load_or_create_secret
from app.errors import MoonbaseError

SECRET_FILE = "installation_secret"


class SyncCommandError(MoonbaseError):
    """Sync or export cannot run as asked."""


def installation_secret(data_dir: Path) -> bytes:
    """The 32 bytes that turn local student ids into the pseudonyms the cloud sees."""
    try:
        return load_or_create_secret(data_dir / SECRET_FILE)
    except (OSError, ValueError) as exc:
        raise SyncCommandError(f"cannot use {data_dir / SECRET_FILE}: {exc}") from None
