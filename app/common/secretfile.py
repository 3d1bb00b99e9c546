"""Server-side secrets kept as small files in the data directory, created on first use."""

from __future__ import annotations

import secrets
from pathlib import Path

from app.common.files import write_atomic


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` atomically with mode 0600."""
    write_atomic(path, data, mode=0o600)


def load_or_create_secret(path: Path, size: int = 32) -> bytes:
    """The file's ``size`` random bytes; made (mode 0600) when the file does not exist."""
    if path.exists():
        data = path.read_bytes()
        if len(data) != size:
            raise ValueError(f"secret file {path} must hold {size} bytes, has {len(data)}")
        return data
    data = secrets.token_bytes(size)
    write_private(path, data)
    return data
