"""The sync client: every 30 s, send the outbox in batches of up to 20 (DESIGN, seed 003).

Delivery is at-least-once from here and exactly-once in effect: an item is marked sent only
after the cloud answered it (accepted, duplicate or rejected, all final), and the cloud
deduplicates by ``result_uid``, so a batch resent after a crash or a lost answer counts once.
On failure the next attempt waits ``interval × 2^(failures-1)`` (capped) times a random
factor in [0.5, 1) (jitter, so a school's hosts don't retry in lockstep); a 429 waits at
least its ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import httpx

from app.store.records import OutboxItem
from app.sync.errors import SyncError
from app.sync.wire import to_wire

log = logging.getLogger(__name__)

BATCH_SIZE = 20
INTERVAL_S = 30.0
MAX_BACKOFF_S = 600.0
MAX_BATCHES_PER_PASS = 50
REQUEST_TIMEOUT_S = 10.0
FINAL_STATUSES = frozenset({"accepted", "duplicate", "rejected"})


class OutboxStore(Protocol):
    """The part of :class:`app.store.Store` the sync client uses."""

    async def outbox_pending(self, limit: int = 20) -> list[OutboxItem]: ...

    async def outbox_mark_sent(
        self, result_uids: Sequence[str], *, now: datetime | None = None
    ) -> None: ...

    async def outbox_mark_failed(self, result_uids: Sequence[str], error: str) -> None: ...

    async def outbox_counts(self) -> tuple[int, int]: ...


@dataclass(frozen=True)
class SyncReport:
    """What one pass did."""

    batches: int
    accepted: int
    duplicates: int
    rejected: int
    pending: int
    error: str | None
    next_attempt_at: datetime

    @property
    def sent(self) -> int:
        return self.accepted + self.duplicates + self.rejected


@dataclass(frozen=True)
class SyncStatus:
    """For ``moonbase sync --status`` and the console."""

    enabled: bool
    pending: int
    last_success_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    consecutive_failures: int
    next_attempt_at: datetime | None


class SyncClient:
    """Sends the store's outbox to ``base_url`` with the tenant ``api_key``."""

    def __init__(
        self,
        store: OutboxStore,
        base_url: str,
        api_key: str,
        clock: Callable[[], datetime],
        *,
        installation_secret: bytes,
        http: httpx.AsyncClient | None = None,
        interval_s: float = INTERVAL_S,
        max_backoff_s: float = MAX_BACKOFF_S,
        rng: random.Random | None = None,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"cloud address must start with http:// or https://, got {base_url!r}")
        if not api_key.startswith("tenant_"):
            raise ValueError("cloud API key must look like tenant_{id}_{secret}")
        if not 0 < interval_s <= 3600:
            raise ValueError(f"interval_s must be within (0, 3600], got {interval_s}")
        self._store = store
        self._url = base_url.rstrip("/") + "/v1/sync/results"
        self._headers = {"X-API-Key": api_key}
        self._clock = clock
        self._secret = installation_secret
        self._own_http = http is None
        self._http = http or httpx.AsyncClient(timeout=REQUEST_TIMEOUT_S)
        self._interval = interval_s
        self._max_backoff = max_backoff_s
        self._rng = rng or random.Random()
        self._failures = 0
        self._last_success: datetime | None = None
        self._last_error: str | None = None
        self._last_error_at: datetime | None = None
        self._next_attempt: datetime | None = None

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    # -- one pass --------------------------------------------------------------------------
    def backoff_s(self, failures: int) -> float:
        """The wait after ``failures`` consecutive failures (with jitter)."""
        base = min(self._max_backoff, self._interval * 2.0 ** max(0, failures - 1))
        return base * self._rng.uniform(0.5, 1.0)

    async def _send(self, batch: list[OutboxItem]) -> dict[str, str]:
        body = {"items": [to_wire(item.payload, self._secret) for item in batch]}
        try:
            answer = await self._http.post(self._url, json=body, headers=self._headers)
        except httpx.HTTPError as exc:
            raise SyncError(
                f"cloud not reachable at {self._url}: {exc.__class__.__name__}"
            ) from exc
        if answer.status_code == 429:
            retry = answer.headers.get("Retry-After", "")
            raise _RetryLaterError(float(retry) if retry.isdigit() else self._interval)
        if answer.status_code != 200:
            try:
                message = str(answer.json().get("message", answer.text))
            except ValueError:
                message = answer.text[:200]
            raise SyncError(f"cloud refused the batch ({answer.status_code}): {message}")
        statuses: dict[str, str] = {}
        for entry in answer.json().get("items", []):
            uid, status = entry.get("result_uid"), entry.get("status")
            if isinstance(uid, str) and status in FINAL_STATUSES:
                statuses[uid] = status
                if status == "rejected":
                    log.warning("cloud rejected result %s: %s", uid, entry.get("reason"))
        return statuses

    async def sync_once(self) -> SyncReport:
        """Send pending results until none are left, or the first failure."""
        counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
        batches = 0
        error: str | None = None
        wait_s = self._interval
        for _ in range(MAX_BATCHES_PER_PASS):
            batch = await self._store.outbox_pending(limit=BATCH_SIZE)
            if not batch:
                break
            uids = [item.result_uid for item in batch]
            try:
                statuses = await self._send(batch)
            except _RetryLaterError as later:
                error = f"cloud asked to slow down (retry after {later.seconds:g} s)"
                wait_s = max(later.seconds, self.backoff_s(self._failures + 1))
                break
            except SyncError as exc:
                error = str(exc)
                await self._store.outbox_mark_failed(uids, error)
                wait_s = self.backoff_s(self._failures + 1)
                break
            done = [uid for uid in uids if uid in statuses]
            if done:
                await self._store.outbox_mark_sent(done, now=self._clock())
            for status in statuses.values():
                counts[status] += 1
            batches += 1
            if len(done) < len(uids):
                error = f"cloud left {len(uids) - len(done)} results unanswered"
                wait_s = self.backoff_s(self._failures + 1)
                break
        now = self._clock()
        if error is None:
            self._failures = 0
            self._last_success = now
        else:
            self._failures += 1
            self._last_error, self._last_error_at = error, now
            log.warning("cloud sync failed (%d in a row): %s", self._failures, error)
        self._next_attempt = now + timedelta(seconds=wait_s)
        pending, _sent = await self._store.outbox_counts()
        return SyncReport(
            batches=batches, accepted=counts["accepted"], duplicates=counts["duplicate"],
            rejected=counts["rejected"], pending=pending, error=error,
            next_attempt_at=self._next_attempt,
        )  # fmt: skip

    async def status(self) -> SyncStatus:
        pending, _sent = await self._store.outbox_counts()
        return SyncStatus(
            enabled=True, pending=pending, last_success_at=self._last_success,
            last_error=self._last_error, last_error_at=self._last_error_at,
            consecutive_failures=self._failures, next_attempt_at=self._next_attempt,
        )  # fmt: skip

    # -- the background loop ----------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> None:
        """Sync now and then whenever due, until ``stop`` is set."""
        while not stop.is_set():
            due = self._next_attempt
            now = self._clock()
            if due is None or now >= due:
                try:
                    await self.sync_once()
                except Exception as exc:  # a store error must not kill the host's loop
                    self._failures += 1
                    self._last_error, self._last_error_at = f"sync pass failed: {exc}", now
                    self._next_attempt = now + timedelta(seconds=self.backoff_s(self._failures))
                    log.exception("cloud sync pass failed")
                due = self._next_attempt
            assert due is not None
            wait = min(self._interval, max(0.01, (due - self._clock()).total_seconds()))
            try:
                await asyncio.wait_for(stop.wait(), timeout=wait)
            except TimeoutError:
                continue


class _RetryLaterError(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds
