"""The sync client's last outcome, kept in a small JSON file in the data directory.

The classroom host writes it after every pass (atomically: a temporary file in the same
directory, flushed to disk, then renamed over the old one), so ``moonbase sync --status``,
a separate process, can show the last success and the last error. It also keeps the cloud's
signed offline entitlement token, so a host that starts without network still knows its plan.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

STATE_FILE = "sync_state.json"
FORMAT = 1


class SyncStateError(Exception):
    """The state file exists but cannot be read or written; the message names it."""


@dataclass(frozen=True)
class SyncState:
    """What survives between passes and processes (the pending count is the store's)."""

    last_success_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    consecutive_failures: int = 0
    next_attempt_at: datetime | None = None
    entitlement_token: str | None = None  # the cloud's signed offline token (verified on use)
    entitlement_fetched_at: datetime | None = None


def state_path(data_dir: Path) -> Path:
    return data_dir / STATE_FILE


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_time(path: Path, key: str, raw: object) -> datetime | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise SyncStateError(f"{path}: '{key}' must be a time or null, got {raw!r}")
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise SyncStateError(f"{path}: '{key}' is not an ISO time: {raw!r}") from None
    if value.tzinfo is None:
        raise SyncStateError(f"{path}: '{key}' has no time zone: {raw!r}")
    return value


def save_state(path: Path, state: SyncState) -> None:
    """Replace ``path`` with ``state`` atomically (readers see the old or the new file)."""
    body: dict[str, Any] = {
        "format": FORMAT,
        "last_success_at": _time(state.last_success_at),
        "last_error": state.last_error,
        "last_error_at": _time(state.last_error_at),
        "consecutive_failures": state.consecutive_failures,
        "next_attempt_at": _time(state.next_attempt_at),
        "entitlement_token": state.entitlement_token,
        "entitlement_fetched_at": _time(state.entitlement_fetched_at),
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8") as handle:
            json.dump(body, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SyncStateError(f"cannot write sync state {path}: {exc.strerror or exc}") from None


def load_state(path: Path) -> SyncState | None:
    """The saved state, or None when no pass has been saved yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SyncStateError(f"cannot read sync state {path}: {exc.strerror or exc}") from None
    try:
        body = json.loads(text)
    except ValueError:
        raise SyncStateError(f"sync state {path} is not valid JSON") from None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise SyncStateError(f"sync state {path} is not a format {FORMAT} state file")
    error = body.get("last_error")
    if error is not None and not isinstance(error, str):
        raise SyncStateError(f"{path}: 'last_error' must be text or null, got {error!r}")
    failures = body.get("consecutive_failures", 0)
    if isinstance(failures, bool) or not isinstance(failures, int) or failures < 0:
        raise SyncStateError(f"{path}: 'consecutive_failures' must be >= 0, got {failures!r}")
    token = body.get("entitlement_token")
    if token is not None and not isinstance(token, str):
        raise SyncStateError(f"{path}: 'entitlement_token' must be text or null, got {token!r}")
    return SyncState(
        last_success_at=_parse_time(path, "last_success_at", body.get("last_success_at")),
        last_error=error,
        last_error_at=_parse_time(path, "last_error_at", body.get("last_error_at")),
        consecutive_failures=failures,
        next_attempt_at=_parse_time(path, "next_attempt_at", body.get("next_attempt_at")),
        entitlement_token=token,
        entitlement_fetched_at=_parse_time(
            path, "entitlement_fetched_at", body.get("entitlement_fetched_at")
        ),
    )
