"""What identifies this database, and checks that every instance on it shares its secrets."""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cloud.dialect import dialect_insert
from app.cloud.errors import ConfigurationError
from app.cloud.schema import instance_meta
from app.cloud.shared_secrets import ServiceSecrets

log = logging.getLogger(__name__)


async def ensure_value(engine: AsyncEngine, key: str, value: str) -> str:
    """The stored value of ``key``: ``value`` when there was none (first one wins)."""
    async with engine.begin() as conn:
        await conn.execute(
            dialect_insert(conn, instance_meta)
            .values(key=key, value=value)
            .on_conflict_do_nothing(index_elements=["key"])
        )
        stored = (
            await conn.execute(select(instance_meta.c.value).where(instance_meta.c.key == key))
        ).scalar_one()
    return str(stored)


async def database_id(engine: AsyncEngine) -> str:
    """This database's identity: 12 hex digits made the first time it is asked for."""
    return await ensure_value(engine, "database_id", uuid.uuid4().hex[:12])


async def check_secrets(engine: AsyncEngine, found: ServiceSecrets, *, accept_new: bool) -> None:
    """Refuse to start with secrets other than those the database's instances use.

    The first instance records a fingerprint of each secret; a later instance whose secret
    differs would refuse every API key (pepper), teacher token (JWT secret) or make tokens
    hosts reject (signing key), so it is stopped here, naming the secret and its source.
    ``accept_new`` records this instance's secrets instead (after a deliberate change).
    """
    for name, (mark, source) in found.fingerprints().items():
        key = f"secret:{name}"
        stored = await ensure_value(engine, key, mark)
        if stored == mark:
            continue
        if accept_new:
            async with engine.begin() as conn:
                await conn.execute(
                    update(instance_meta).where(instance_meta.c.key == key).values(value=mark)
                )
            log.warning("the %s changed (now from %s): recorded as the new one", name, source)
            continue
        raise ConfigurationError(
            f"this instance's {name} (from {source}) is not the one the other instances of "
            "this database use: every instance needs the same secrets, e.g. one secrets file "
            "for all (MOONBASE_CLOUD_SECRETS_FILE, see docs/cloud.md). After changing it on "
            "purpose, start once with MOONBASE_CLOUD_ACCEPT_NEW_SECRETS=1."
        )
