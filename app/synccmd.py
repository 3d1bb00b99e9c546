"""``moonbase sync`` and ``moonbase export``: the outbox and the results, from a terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from app.cloud.secretfile import load_or_create_secret
from app.cloud.timeutil import utc_now
from app.config import Settings
from app.demo import open_store
from app.errors import MoonbaseError
from app.store import StorageError
from app.sync.outbox import SyncClient

SECRET_FILE = "installation_secret"


class SyncCommandError(MoonbaseError):
    """Sync or export cannot run as asked."""


def installation_secret(data_dir: Path) -> bytes:
    """The 32 bytes that turn local student ids into the pseudonyms the cloud sees."""
    try:
        return load_or_create_secret(data_dir / SECRET_FILE)
    except (OSError, ValueError) as exc:
        raise SyncCommandError(f"cannot use {data_dir / SECRET_FILE}: {exc}") from None


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
            return 0
        if status_only:
            out.write(f"cloud: {settings.cloud_url}\n")
            return 0
        client = SyncClient(
            store,
            settings.cloud_url,
            settings.cloud_key,
            utc_now,
            installation_secret=installation_secret(settings.data_dir),
        )
        try:
            report = await client.sync_once()
        finally:
            await client.aclose()
        out.write(
            f"sent {report.batches} batch(es): {report.accepted} accepted, "
            f"{report.duplicates} duplicate, {report.rejected} rejected; "
            f"{report.pending} still pending\n"
        )
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
    store = await open_store(settings.data_dir)
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
