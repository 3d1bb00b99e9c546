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
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import httpx

from app.store.records import OutboxItem
from app.sync.entitlement import (
    FREE_FEATURES,
    FREE_PLAN,
    OfflineEntitlement,
    offline_entitlement,
    tenant_of_key,
)
from app.sync.errors import SyncError
from app.sync.state import SyncState
from app.sync.wire import pseudonym, to_wire

log = logging.getLogger(__name__)

BATCH_SIZE = 20
INTERVAL_S = 30.0
MAX_BACKOFF_S = 600.0
MAX_BATCHES_PER_PASS = 50
REQUEST_TIMEOUT_S = 10.0
ENTITLEMENT_REFRESH_S = 3600.0  # after a successful pass, a token older than this is renewed
FREE_ENTITLEMENT = OfflineEntitlement(FREE_PLAN, FREE_FEATURES, None, "sync state not read yet")
FINAL_STATUSES = frozenset({"accepted", "duplicate", "rejected"})


class OutboxStore(Protocol):
    """The part of :class:`app.store.Store` the sync client uses."""

    async def outbox_pending(self, limit: int = 20) -> list[OutboxItem]: ...

    async def outbox_mark_sent(
        self, result_uids: Sequence[str], *, now: datetime | None = None
    ) -> None: ...

    async def outbox_mark_failed(self, result_uids: Sequence[str], error: str) -> None: ...

    async def outbox_counts(self) -> tuple[int, int]: ...

    async def erasures_pending(self, limit: int = 20) -> list[int]: ...

    async def erasures_mark_sent(
        self, student_ids: Sequence[int], *, now: datetime | None = None
    ) -> None: ...

    async def erasures_mark_failed(self, student_ids: Sequence[int], error: str) -> None: ...


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
    erased: int = 0  # students the cloud erased this pass (erased here before)

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
    # the plan from the cloud's signed offline token (Free when it is missing or not valid)
    entitlement: OfflineEntitlement = FREE_ENTITLEMENT
    entitlement_fetched_at: datetime | None = None
    entitlement_refresh_error: str | None = None  # why the last refresh failed, if it did

    @property
    def plan(self) -> str:
        return self.entitlement.plan

    @property
    def features(self) -> frozenset[str]:
        return self.entitlement.features

    @property
    def offline_until(self) -> datetime | None:
        return self.entitlement.valid_until


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
        public_key: str | None = None,
        entitlement_refresh_s: float = ENTITLEMENT_REFRESH_S,
    ) -> None:
        """``public_key`` is the cloud's Ed25519 key pinned in the host's config (base64url);
        without it the offline token is still fetched and kept, but the plan counts as Free.
        """
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"cloud address must start with http:// or https://, got {base_url!r}")
        if not api_key.startswith("tenant_"):
            raise ValueError("cloud API key must look like tenant_{id}_{secret}")
        if not 0 < interval_s <= 3600:
            raise ValueError(f"interval_s must be within (0, 3600], got {interval_s}")
        self._store = store
        self._url = base_url.rstrip("/") + "/v1/sync/results"
        self._erasures_url = base_url.rstrip("/") + "/v1/sync/erasures"
        self._token_url = base_url.rstrip("/") + "/v1/entitlements/token"
        self._tenant = tenant_of_key(api_key)
        self._public_key = public_key or None
        self._refresh_s = entitlement_refresh_s
        self._token: str | None = None
        self._token_fetched_at: datetime | None = None
        self._token_error: str | None = None
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

    async def _erase(self) -> int:
        """Tell the cloud about students erased here (oldest first, up to a batch); the
        number the cloud confirmed. Raises :class:`SyncError` when it could not."""
        pending = await self._store.erasures_pending(limit=BATCH_SIZE)
        if not pending:
            return 0
        body = {"student_ids": [pseudonym(self._secret, sid) for sid in pending]}
        try:
            answer = await self._http.post(self._erasures_url, json=body, headers=self._headers)
        except httpx.HTTPError as exc:
            error = f"cloud not reachable at {self._erasures_url}: {exc.__class__.__name__}"
            await self._store.erasures_mark_failed(pending, error)
            raise SyncError(error) from exc
        if answer.status_code == 429:
            retry = answer.headers.get("Retry-After", "")
            raise _RetryLaterError(float(retry) if retry.isdigit() else self._interval)
        if answer.status_code != 200:
            try:
                message = str(answer.json().get("message", answer.text))
            except ValueError:
                message = answer.text[:200]
            error = f"cloud refused to erase students ({answer.status_code}): {message}"
            await self._store.erasures_mark_failed(pending, error)
            raise SyncError(error)
        await self._store.erasures_mark_sent(pending, now=self._clock())
        return len(pending)

    async def sync_once(self, stop: asyncio.Event | None = None) -> SyncReport:
        """Send pending results until none are left, the first failure, or ``stop`` is set
        (checked between batches)."""
        counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
        batches = 0
        error: str | None = None
        wait_s = self._interval
        for _ in range(MAX_BATCHES_PER_PASS):
            if stop is not None and stop.is_set():
                break
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
        erased = 0
        if error is None and not (stop is not None and stop.is_set()):
            try:
                erased = await self._erase()
            except _RetryLaterError as later:
                error = f"cloud asked to slow down (retry after {later.seconds:g} s)"
                wait_s = max(later.seconds, self.backoff_s(self._failures + 1))
            except SyncError as exc:
                error = str(exc)
                wait_s = self.backoff_s(self._failures + 1)
        now = self._clock()
        if error is None:
            self._failures = 0
            if batches or erased:  # the cloud answered; an empty outbox reached nobody
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
            next_attempt_at=self._next_attempt, erased=erased,
        )  # fmt: skip

    async def status(self) -> SyncStatus:
        pending, _sent = await self._store.outbox_counts()
        return SyncStatus(
            enabled=True, pending=pending, last_success_at=self._last_success,
            last_error=self._last_error, last_error_at=self._last_error_at,
            consecutive_failures=self._failures, next_attempt_at=self._next_attempt,
            entitlement=self.entitlement(), entitlement_fetched_at=self._token_fetched_at,
            entitlement_refresh_error=self._token_error,
        )  # fmt: skip

    # -- the offline entitlement -------------------------------------------------------------
    def entitlement(self) -> OfflineEntitlement:
        """The plan the stored token grants now (checked with the pinned key on every call,
        so an expiring token falls back to Free on time, network or not)."""
        return offline_entitlement(
            self._token, self._public_key, now=self._clock(), tenant_id=self._tenant
        )

    async def fetch_entitlement(self) -> str | None:
        """Fetch the tenant's signed offline token; None when kept, else why not (also shown
        as ``SyncStatus.entitlement_refresh_error``). A token fetched counts as the cloud
        reached (the last success); the cloud unreachable or refusing, as the last error.

        A token that does not verify with the pinned key (forged, another tenant's, expired)
        is not kept: the one stored before stays. Without a pinned key the token is kept
        unverified (it only counts once a key is pinned).
        """
        self._token_error = await self._fetch_entitlement()
        now = self._clock()
        if self._token_error is None:
            self._last_success = now  # the cloud answered, with a token
        elif self._token_error.startswith(("cloud not reachable", "cloud refused")):
            self._last_error, self._last_error_at = self._token_error, now
        return self._token_error

    async def _fetch_entitlement(self) -> str | None:
        try:
            answer = await self._http.get(self._token_url, headers=self._headers)
        except httpx.HTTPError as exc:
            return f"cloud not reachable at {self._token_url}: {exc.__class__.__name__}"
        try:
            body = answer.json()
        except ValueError:
            body = None
        if answer.status_code != 200 or not isinstance(body, dict):
            message = body.get("message") if isinstance(body, dict) else answer.text[:200]
            return f"cloud refused the entitlement token ({answer.status_code}): {message}"
        token = body.get("token")
        if not isinstance(token, str):
            return "cloud answered without an entitlement token"
        if self._public_key is not None:
            checked = offline_entitlement(
                token, self._public_key, now=self._clock(), tenant_id=self._tenant
            )
            if checked.problem is not None:
                log.warning("cloud entitlement token refused: %s", checked.problem)
                return f"cloud entitlement token refused: {checked.problem}"
        self._token, self._token_fetched_at = token, self._clock()
        return None

    def _token_due(self, first_pass: bool) -> bool:
        """At start, and after a successful pass once the token is ``refresh_s`` old."""
        if first_pass:
            return True
        if self._failures:
            return False
        fetched = self._token_fetched_at
        return fetched is None or (self._clock() - fetched).total_seconds() >= self._refresh_s

    def state(self) -> SyncState:
        """What to persist after a pass (see :mod:`app.sync.state`)."""
        return SyncState(
            last_success_at=self._last_success, last_error=self._last_error,
            last_error_at=self._last_error_at, consecutive_failures=self._failures,
            next_attempt_at=self._next_attempt, entitlement_token=self._token,
            entitlement_fetched_at=self._token_fetched_at,
        )  # fmt: skip

    def restore(self, state: SyncState) -> None:
        """Carry on from a saved state: the last success and error, and the failure count
        (so the backoff continues). The next pass is due at once all the same."""
        self._last_success = state.last_success_at
        self._last_error, self._last_error_at = state.last_error, state.last_error_at
        self._failures = state.consecutive_failures
        self._token, self._token_fetched_at = state.entitlement_token, state.entitlement_fetched_at

    # -- the background loop ----------------------------------------------------------------
    async def run(
        self,
        stop: asyncio.Event,
        *,
        wake: asyncio.Event | None = None,
        on_pass: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """Sync now and then whenever due, until ``stop`` is set.

        Setting ``wake`` asks for a pass now (a round just completed); while passes are
        failing it is ignored and the backoff holds. ``on_pass`` runs after every pass.
        """
        first_pass = True
        while not stop.is_set():
            if wake is not None and wake.is_set():
                wake.clear()
                if self._failures == 0:
                    self._next_attempt = None
            due = self._next_attempt
            now = self._clock()
            if due is None or now >= due:
                try:
                    await self.sync_once(stop)
                except Exception as exc:  # a store error must not kill the host's loop
                    self._failures += 1
                    self._last_error, self._last_error_at = f"sync pass failed: {exc}", now
                    self._next_attempt = now + timedelta(seconds=self.backoff_s(self._failures))
                    log.exception("cloud sync pass failed")
                if not stop.is_set() and self._token_due(first_pass):
                    problem = await self.fetch_entitlement()
                    if problem is not None:
                        log.warning("offline entitlement not refreshed: %s", problem)
                first_pass = False
                if on_pass is not None:
                    try:
                        await on_pass()
                    except Exception:  # reporting must not end the syncing
                        log.exception("after a cloud sync pass")
                due = self._next_attempt
            assert due is not None
            wait = min(self._interval, max(0.01, (due - self._clock()).total_seconds()))
            await _first_of(stop, wake, timeout=wait)


async def _first_of(stop: asyncio.Event, wake: asyncio.Event | None, *, timeout: float) -> None:
    """Wait until ``stop`` or ``wake`` is set, or ``timeout`` seconds passed."""
    waits = [asyncio.ensure_future(stop.wait())]
    if wake is not None:
        waits.append(asyncio.ensure_future(wake.wait()))
    try:
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waits:
            waiter.cancel()
        await asyncio.gather(*waits, return_exceptions=True)


class _RetryLaterError(Exception):
    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds
