"""One writer at a time per tenant, for changes whose rule spans several rows.

"An organisation keeps at least one owner" or "at most N teachers" are checked by reading
rows and then writing others; two transactions doing that at once would each see the state
before the other's write (both demote a different owner: none left). A transaction that
must keep such a rule opens with :func:`tenant_write`, which makes it wait for any other
such transaction of the same tenant:

* PostgreSQL: ``SELECT ... FROM tenants WHERE id = :tenant FOR NO KEY UPDATE`` locks the
  tenant's row until commit. Each later statement of the transaction (READ COMMITTED) reads
  what the previous holder committed. ``NO KEY`` leaves the foreign-key checks of concurrent
  result inserts (``FOR KEY SHARE``) unblocked.
* SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock before the first read, so the
  reads see the latest commit and no other writer runs until this one ends (waiting at most
  ``busy_timeout``, 5 s).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.cloud.errors import NotFoundError
from app.cloud.schema import tenants


@asynccontextmanager
async def tenant_write(engine: AsyncEngine, tenant_id: str) -> AsyncIterator[AsyncConnection]:
    """A transaction holding the tenant's write lock; NotFoundError when no such tenant."""
    async with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            # must be the transaction's first statement: pysqlite has not begun one yet
            await conn.exec_driver_sql("BEGIN IMMEDIATE")
            query = select(tenants.c.id).where(tenants.c.id == tenant_id)
        else:
            query = (
                select(tenants.c.id)
                .where(tenants.c.id == tenant_id)
                .with_for_update(key_share=True)
            )
        if (await conn.execute(query)).first() is None:
            raise NotFoundError(f"organisation '{tenant_id}' does not exist")
        yield conn
