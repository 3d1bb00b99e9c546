"""The classroom host's own cloud sync: a :class:`SyncClient` loop beside the tick loop.

It runs only when the settings name a cloud (``cloud_url``) and a tenant key
(``cloud_key``); without both, nothing is started and nothing leaves the classroom. After
every pass the state is saved to ``sync_state.json`` in the data directory (for
``moonbase sync --status``) and reported to ``on_status``. At start and after successful
passes (hourly) it fetches the tenant's signed offline entitlement token, keeps it in the
state file and checks it with the cloud key pinned in the config, so the host knows its plan
offline until the token expires (then: Free). Stopping may cut a pass in
flight: the outbox is at-least-once and the cloud deduplicates by ``result_uid``, so a
result whose answer was lost is sent again later and still counts once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from pathlib import Path

import httpx

from app.common.timeutil import utc_now
from app.config import Settings
from app.sync.outbox import INTERVAL_S, OutboxStore, SyncClient, SyncStatus
from app.sync.secret import installation_secret
from app.sync.state import SyncStateError, load_state, save_state, state_path

log = logging.getLogger(__name__)

STOP_GRACE_S = 1.0  # how long stop() lets a pass finish its batch before cutting it


def sync_enabled(settings: Settings) -> bool:
    """Cloud sync is on exactly when both the cloud address and the tenant key are set."""
    return bool(settings.cloud_url and settings.cloud_key)


def pinned_public_key(settings: Settings) -> str | None:
    """The cloud's Ed25519 public key pinned in the host config (``cloud_public_key``,
    base64url as ``GET /v1/entitlements/public-key`` shows it), or None when not set.

    Read by name so the sync works with a Settings that has no such field yet: then no key
    is pinned and the plan counts as Free.
    """
    value = getattr(settings, "cloud_public_key", None)
    return value.strip() or None if isinstance(value, str) else None


class BackgroundSync:
    """Start with :meth:`start`, ask for a pass with :meth:`nudge`, end with :meth:`stop`."""

    def __init__(
        self,
        client: SyncClient,
        state_file: Path,
        on_status: Callable[[SyncStatus], None] | None = None,
    ) -> None:
        self.client = client
        self.state_file = state_file
        self._on_status = on_status
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.passes = 0

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        store: OutboxStore,
        *,
        interval_s: float = INTERVAL_S,
        on_status: Callable[[SyncStatus], None] | None = None,
        http: httpx.AsyncClient | None = None,
        rng: random.Random | None = None,
    ) -> BackgroundSync | None:
        """The sync for these settings, or None when cloud sync is off.

        Raises ``ValueError`` for a malformed address or key and
        :class:`app.sync.secret.SyncCommandError` when the installation secret is unusable.
        """
        if not sync_enabled(settings):
            return None
        client = SyncClient(
            store,
            settings.cloud_url,
            settings.cloud_key,
            utc_now,
            installation_secret=installation_secret(settings.data_dir),
            http=http,
            interval_s=interval_s,
            rng=rng,
            public_key=pinned_public_key(settings),
        )
        return cls(client, state_path(settings.data_dir), on_status)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Carry on from the saved state (if readable) and start the loop; a pass runs now."""
        if self._task is not None:
            raise RuntimeError("the cloud sync is already started")
        try:
            saved = await asyncio.to_thread(load_state, self.state_file)
        except SyncStateError as exc:
            log.warning("starting the cloud sync afresh: %s", exc)
            saved = None
        if saved is not None:
            self.client.restore(saved)
        self._task = asyncio.create_task(
            self.client.run(self._stop, wake=self._wake, on_pass=self._after_pass),
            name="moonbase-cloud-sync",
        )

    def nudge(self) -> None:
        """Ask for a pass soon (new results are in the outbox)."""
        self._wake.set()

    async def status(self) -> SyncStatus:
        return await self.client.status()

    async def _after_pass(self) -> None:
        self.passes += 1
        try:
            await asyncio.to_thread(save_state, self.state_file, self.client.state())
        except SyncStateError as exc:
            log.warning("%s", exc)
        status = await self.client.status()
        if self._on_status is not None:
            self._on_status(status)

    async def stop(self, grace_s: float = STOP_GRACE_S) -> None:
        """End the loop: a pass gets ``grace_s`` to finish its batch, then it is cut."""
        self._stop.set()
        task, self._task = self._task, None
        try:
            if task is not None:
                done, _ = await asyncio.wait([task], timeout=grace_s)
                if not done:
                    task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        finally:
            await self.client.aclose()
