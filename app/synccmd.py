"""``moonbase sync`` and ``moonbase export``: the outbox and the results, from a terminal."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from app.common.timeutil import utc_now
from app.config import Settings
from app.store import StorageError
from app.store.files import open_existing_store, open_store
from app.sync.background import pinned_public_key
from app.sync.entitlement import offline_entitlement, tenant_of_key
from app.sync.outbox import SyncClient
from app.sync.secret import SECRET_FILE, SyncCommandError, installation_secret
from app.sync.state import SyncState, SyncStateError, load_state, save_state, state_path

__all__ = [
    "SECRET_FILE",
    "SyncCommandError",
    "installation_secret",
    "print_sync_state",
    "run_export",
    "run_sync",
]


def _when(value: datetime | None) -> str:
    if value is None:
        return "never"
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def print_sync_state(
    out: TextIO,
    data_dir: Path,
    *,
    public_key: str | None = None,
    tenant_id: str | None = None,
    now: datetime | None = None,
) -> None:
    """The last success and last error of the sync (the host's or this command's), and the
    plan the stored offline entitlement token grants at ``now`` (checked with the pinned
    ``public_key``)."""
    path = state_path(data_dir)
    try:
        state = load_state(path)
    except SyncStateError as exc:
        out.write(f"sync state unreadable: {exc}\n")
        return
    if state is None:
        out.write("last success: never (no sync pass yet)\n")
        return
    out.write(f"last success: {_when(state.last_success_at)}\n")
    if state.last_error is None:
        out.write("last error: none\n")
    else:
        out.write(f"last error: {_when(state.last_error_at)}: {state.last_error}\n")
    if state.consecutive_failures:
        out.write(
            f"failing: {state.consecutive_failures} pass(es) in a row, "
            f"next attempt {_when(state.next_attempt_at)}\n"
        )
    grant = offline_entitlement(
        state.entitlement_token, public_key, now=now or utc_now(), tenant_id=tenant_id
    )
    fetched = state.entitlement_fetched_at
    note = "" if fetched is None else f" (token fetched {_when(fetched)})"
    out.write(f"entitlement: {grant.describe()}{note}\n")


def _load_quietly(data_dir: Path) -> SyncState | None:
    try:
        return load_state(state_path(data_dir))
    except SyncStateError:
        return None


async def run_sync(settings: Settings, *, status_only: bool, out: TextIO | None = None) -> int:
    """Push the outbox now (or only show its state with ``status_only``)."""
    out = out or sys.stdout
    store = await open_store(settings.data_dir)
    try:
        pending, sent = await store.outbox_counts()
        enabled = bool(settings.cloud_url and settings.cloud_key)
        out.write(f"outbox: {pending} pending, {sent} sent ({store.path})\n")
        if not enabled:
            out.write(
                "cloud sync is off: set cloud_url and cloud_key in the config to turn it on\n"
            )
            if status_only and state_path(settings.data_dir).exists():
                print_sync_state(out, settings.data_dir)
            return 0
        if status_only:
            out.write(f"cloud: {settings.cloud_url}\n")
            print_sync_state(
                out,
                settings.data_dir,
                public_key=pinned_public_key(settings),
                tenant_id=tenant_of_key(settings.cloud_key),
            )
            return 0
        client = SyncClient(
            store,
            settings.cloud_url,
            settings.cloud_key,
            utc_now,
            installation_secret=installation_secret(settings.data_dir),
            public_key=pinned_public_key(settings),
        )
        saved = _load_quietly(settings.data_dir)
        if saved is not None:
            client.restore(saved)
        try:
            report = await client.sync_once()
            problem = await client.fetch_entitlement() if report.error is None else None
        finally:
            await client.aclose()
        try:
            save_state(state_path(settings.data_dir), client.state())
        except SyncStateError as exc:
            out.write(f"warning: {exc}\n")
        out.write(
            f"sent {report.batches} batch(es): {report.accepted} accepted, "
            f"{report.duplicates} duplicate, {report.rejected} rejected; "
            f"{report.pending} still pending\n"
        )
        if problem is not None:
            out.write(f"warning: entitlement not refreshed: {problem}\n")
        out.write(f"entitlement: {client.entitlement().describe()}\n")
        if report.error:
            out.write(f"last error: {report.error}\n")
            return 1
        return 0
    finally:
        await store.close()


async def run_export(
    settings: Settings,
    *,
    round_id: int | None,
    student_id: int | None,
    output: Path | None,
    out: TextIO | None = None,
) -> int:
    """Write a round's results or a student's flights (with telemetry) as CSV."""
    out = out or sys.stdout
    if (round_id is None) == (student_id is None):
        raise SyncCommandError("give exactly one of --round ID or --student ID")
    store = await open_existing_store(settings.data_dir)
    try:
        try:
            if round_id is not None:
                text = await store.round_results_csv(round_id)
            else:
                assert student_id is not None
                text = await store.student_flights_csv(student_id)
        except StorageError as exc:
            raise SyncCommandError(str(exc)) from None
    finally:
        await store.close()
    if output is None:
        out.write(text)
        return 0
    try:
        tmp = output.with_name(output.name + ".part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)
    except OSError as exc:
        raise SyncCommandError(f"cannot write {output}: {exc.strerror}") from None
    out.write(f"wrote {output}\n")
    return 0
