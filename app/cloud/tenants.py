"""Tenants and their API keys: create, issue a key (shown once), authenticate a key."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cloud.apikeys import (
    DEFAULT_SCOPES,
    Scope,
    hash_key,
    make_key,
    parse_key,
    scopes_of,
    scopes_text,
    valid_tenant_id,
)
from app.cloud.errors import ConflictError, InvalidRequestError, NotFoundError, UnauthorizedError
from app.cloud.models import ApiKeyInfo, IssuedKey
from app.cloud.schema import api_keys, tenants
from app.common.timeutil import from_us, to_us

_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Tenant:
    id: str
    name: str
    plan: str
    trial_ends_at: datetime | None


@dataclass(frozen=True)
class KeyHolder:
    """Who a valid key belongs to and what it may do."""

    tenant_id: str
    scopes: frozenset[str]


def _key_info(row: object) -> ApiKeyInfo:
    return ApiKeyInfo(
        key_id=row.id,  # type: ignore[attr-defined]
        label=row.label,  # type: ignore[attr-defined]
        scopes=sorted(scopes_of(row.scopes)),  # type: ignore[attr-defined]
        created_at=from_us(row.created_at),  # type: ignore[attr-defined]
        revoked_at=(
            None if row.revoked_at is None else from_us(row.revoked_at)  # type: ignore[attr-defined]
        ),
    )


class TenantDirectory:
    """Tenant rows and key checks, with a small time-bounded cache of verified keys."""

    def __init__(self, engine: AsyncEngine, pepper: bytes, *, cache_s: float) -> None:
        self._engine = engine
        self._pepper = pepper
        self._cache_s = cache_s
        self._cache: OrderedDict[str, tuple[float, KeyHolder, int]] = OrderedDict()

    async def create(
        self, tenant_id: str, name: str, *, now: datetime, trial_days: int, plan: str = "free"
    ) -> Tenant:
        if not valid_tenant_id(tenant_id):
            raise InvalidRequestError(
                f"tenant id {tenant_id!r} must be 1-40 of a-z, 0-9 and inner '_'"
            )
        trial_end = now + timedelta(days=trial_days)
        try:
            async with self._engine.begin() as conn:
                await conn.execute(
                    insert(tenants).values(
                        id=tenant_id,
                        name=name,
                        plan=plan,
                        trial_ends_at=to_us(trial_end),
                        created_at=to_us(now),
                    )
                )
        except IntegrityError:
            raise ConflictError(f"tenant '{tenant_id}' already exists") from None
        return Tenant(tenant_id, name, plan, trial_end)

    async def ensure(self, tenant_id: str, name: str, *, now: datetime, trial_days: int) -> bool:
        """Create the tenant unless it exists; True when created now."""
        if await self.find(tenant_id) is not None:
            return False
        try:
            await self.create(tenant_id, name, now=now, trial_days=trial_days)
        except ConflictError:
            return False
        return True

    async def set_trial_end(self, tenant_id: str, end: datetime) -> Tenant:
        """Move the end of the tenant's trial (``end`` = now ends it)."""
        async with self._engine.begin() as conn:
            changed = await conn.execute(
                update(tenants).where(tenants.c.id == tenant_id).values(trial_ends_at=to_us(end))
            )
        if changed.rowcount != 1:
            raise NotFoundError(f"tenant '{tenant_id}' does not exist")
        return await self.get(tenant_id)

    async def find(self, tenant_id: str) -> Tenant | None:
        async with self._engine.connect() as conn:
            row = (await conn.execute(select(tenants).where(tenants.c.id == tenant_id))).first()
        if row is None:
            return None
        trial = from_us(row.trial_ends_at) if row.trial_ends_at is not None else None
        return Tenant(row.id, row.name, row.plan, trial)

    async def get(self, tenant_id: str) -> Tenant:
        tenant = await self.find(tenant_id)
        if tenant is None:
            raise NotFoundError(f"tenant '{tenant_id}' does not exist")
        return tenant

    async def issue_key(
        self,
        tenant_id: str,
        *,
        label: str,
        now: datetime,
        scopes: tuple[Scope, ...] | list[Scope] = DEFAULT_SCOPES,
    ) -> IssuedKey:
        """A new key with ``scopes`` (only uploading results, by default)."""
        await self.get(tenant_id)
        try:
            stored_scopes = scopes_text(list(scopes))
        except ValueError as exc:
            raise InvalidRequestError(str(exc)) from None
        if not stored_scopes:
            raise InvalidRequestError("an API key needs at least one scope")
        key = make_key(tenant_id)
        async with self._engine.begin() as conn:
            made = await conn.execute(
                insert(api_keys)
                .values(
                    tenant_id=tenant_id,
                    key_hash=hash_key(key, self._pepper),
                    label=label,
                    created_at=to_us(now),
                    scopes=stored_scopes,
                )
                .returning(api_keys.c.id)
            )
            key_id = int(made.scalar_one())
        return IssuedKey(
            tenant_id=tenant_id,
            api_key=key,
            label=label,
            key_id=key_id,
            scopes=sorted(scopes_of(stored_scopes)),
        )

    async def list_keys(self, tenant_id: str) -> list[ApiKeyInfo]:
        """The tenant's keys (never their secrets), oldest first."""
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(api_keys)
                    .where(api_keys.c.tenant_id == tenant_id)
                    .order_by(api_keys.c.id)
                )
            ).all()
        return [_key_info(r) for r in rows]

    async def revoke_key(self, tenant_id: str, key_id: int, *, now: datetime) -> ApiKeyInfo:
        """Revoke one of the tenant's keys; it stops working at once on this instance.

        Other instances forget a cached key within ``cache_s`` seconds.
        """
        async with self._engine.begin() as conn:
            await conn.execute(
                update(api_keys)
                .where(
                    api_keys.c.tenant_id == tenant_id,
                    api_keys.c.id == key_id,
                    api_keys.c.revoked_at.is_(None),
                )
                .values(revoked_at=to_us(now))
            )
            row = (
                await conn.execute(
                    select(api_keys).where(
                        api_keys.c.tenant_id == tenant_id, api_keys.c.id == key_id
                    )
                )
            ).first()
        if row is None:
            raise NotFoundError(f"tenant '{tenant_id}' has no API key {key_id}")
        for digest in [d for d, hit in self._cache.items() if hit[2] == key_id]:
            del self._cache[digest]
        return _key_info(row)

    async def authenticate(self, key: str) -> KeyHolder:
        """The tenant a valid, unrevoked key belongs to and its scopes; UnauthorizedError
        otherwise."""
        parsed = parse_key(key)
        digest = hash_key(key, self._pepper)
        hit = self._cache.get(digest)
        clock = time.monotonic()
        if hit is not None and hit[0] > clock:
            self._cache.move_to_end(digest)
            return hit[1]
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(
                        api_keys.c.id,
                        api_keys.c.tenant_id,
                        api_keys.c.revoked_at,
                        api_keys.c.scopes,
                    ).where(api_keys.c.key_hash == digest)
                )
            ).first()
        if row is None or row.revoked_at is not None or row.tenant_id != parsed.tenant_id:
            self._cache.pop(digest, None)
            raise UnauthorizedError("API key is not valid")
        holder = KeyHolder(str(row.tenant_id), scopes_of(row.scopes))
        if self._cache_s > 0:
            self._cache[digest] = (clock + self._cache_s, holder, row.id)
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return holder
