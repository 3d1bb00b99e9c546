"""Organisations (a tenant seen from its teachers) and their members: owner, admin, member.

Who may do what: any member reads the organisation; owners and admins manage members, API
keys and billing; only an owner makes or removes an owner, and the last owner stays. A
teacher who is not a member gets 404 for the organisation, so ids cannot be probed.

Rules that span several rows (the last owner, the plan's number of teachers) are checked
inside the transaction that writes, holding the organisation's write lock (see
:mod:`app.cloud.locks`), and the acting teacher's own role is read again there: a check made
before, in another transaction, may be stale by the time of the write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.cloud.errors import ConflictError, ForbiddenError, NotEntitledError, NotFoundError
from app.cloud.locks import tenant_write
from app.cloud.schema import memberships, teachers, tenants
from app.common.timeutil import to_us

Role = Literal["owner", "admin", "member"]
ROLES: tuple[Role, ...] = ("owner", "admin", "member")
MANAGERS: frozenset[str] = frozenset({"owner", "admin"})


@dataclass(frozen=True)
class Membership:
    tenant_id: str
    tenant_name: str
    teacher_id: str
    email: str
    name: str
    role: Role


def _membership(row: object) -> Membership:
    return Membership(
        row.tenant_id,  # type: ignore[attr-defined]
        row.tenant_name,  # type: ignore[attr-defined]
        row.teacher_id,  # type: ignore[attr-defined]
        row.email,  # type: ignore[attr-defined]
        row.name,  # type: ignore[attr-defined]
        row.role,  # type: ignore[attr-defined]
    )


_COLUMNS = (
    memberships.c.tenant_id,
    tenants.c.name.label("tenant_name"),
    memberships.c.teacher_id,
    teachers.c.email,
    teachers.c.name,
    memberships.c.role,
)
_JOINED = memberships.join(tenants, tenants.c.id == memberships.c.tenant_id).join(
    teachers, teachers.c.id == memberships.c.teacher_id
)


class Organisations:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def add(self, tenant_id: str, teacher_id: str, role: Role, *, now: datetime) -> None:
        try:
            async with self._engine.begin() as conn:
                await conn.execute(
                    insert(memberships).values(
                        tenant_id=tenant_id, teacher_id=teacher_id, role=role, created_at=to_us(now)
                    )
                )
        except IntegrityError:
            raise ConflictError(
                f"teacher {teacher_id} is already a member of '{tenant_id}'"
            ) from None

    async def of_teacher(self, teacher_id: str) -> list[Membership]:
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(*_COLUMNS)
                    .select_from(_JOINED)
                    .where(memberships.c.teacher_id == teacher_id)
                    .order_by(memberships.c.tenant_id)
                )
            ).all()
        return [_membership(r) for r in rows]

    async def members(self, tenant_id: str) -> list[Membership]:
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(*_COLUMNS)
                    .select_from(_JOINED)
                    .where(memberships.c.tenant_id == tenant_id)
                    .order_by(memberships.c.created_at, teachers.c.email)
                )
            ).all()
        return [_membership(r) for r in rows]

    async def require(self, tenant_id: str, teacher_id: str, *, manage: bool = False) -> Role:
        """The teacher's role; 404 for non-members, 403 when ``manage`` and only a member."""
        async with self._engine.connect() as conn:
            return await _require(conn, tenant_id, teacher_id, manage=manage)

    async def invite(
        self,
        tenant_id: str,
        actor_id: str,
        teacher_id: str | None,
        role: Role,
        *,
        max_teachers: int,
        plan: str,
        now: datetime,
    ) -> None:
        """Add a member; the count against the plan's limit and the insert hold the
        organisation's write lock, so two invites at once cannot pass the limit together.
        ``teacher_id`` None (an address nobody registered): the same checks, nobody added."""
        async with tenant_write(self._engine, tenant_id) as conn:
            actor_role = await _require(conn, tenant_id, actor_id, manage=True)
            if role == "owner" and actor_role != "owner":
                raise ForbiddenError("only an owner may make another owner", code="role_required")
            count = (
                await conn.execute(select(func.count()).where(memberships.c.tenant_id == tenant_id))
            ).scalar_one()
            if int(count) >= max_teachers:
                raise NotEntitledError("teachers", plan)
            if teacher_id is None:
                return
            if await _role_of(conn, tenant_id, teacher_id) is not None:
                raise ConflictError(f"teacher {teacher_id} is already a member of '{tenant_id}'")
            await conn.execute(
                insert(memberships).values(
                    tenant_id=tenant_id, teacher_id=teacher_id, role=role, created_at=to_us(now)
                )
            )

    async def change_role(self, tenant_id: str, actor_id: str, teacher_id: str, role: Role) -> None:
        """Give a member another role. The rules (only an owner touches the owner role, at
        least one owner stays) are checked and applied in ONE transaction holding the
        organisation's write lock (:func:`app.cloud.locks.tenant_write`): two owners demoting
        each other at once run one after the other, and the second is refused."""
        async with tenant_write(self._engine, tenant_id) as conn:
            actor_role = await _require(conn, tenant_id, actor_id, manage=True)
            current = await _member_role(conn, tenant_id, teacher_id)
            if "owner" in (role, current) and actor_role != "owner":
                raise ForbiddenError(
                    "only an owner may grant or take the owner role", code="role_required"
                )
            if current == "owner" and role != "owner" and await _owners(conn, tenant_id) <= 1:
                raise ConflictError(
                    f"'{tenant_id}' must keep at least one owner", code="last_owner"
                )
            await conn.execute(
                update(memberships)
                .where(memberships.c.tenant_id == tenant_id, memberships.c.teacher_id == teacher_id)
                .values(role=role)
            )

    async def remove(self, tenant_id: str, actor_id: str, teacher_id: str) -> None:
        """Remove a member, under the same lock and rules as :meth:`change_role`."""
        async with tenant_write(self._engine, tenant_id) as conn:
            actor_role = await _require(conn, tenant_id, actor_id, manage=True)
            current = await _member_role(conn, tenant_id, teacher_id)
            if current == "owner":
                if actor_role != "owner":
                    raise ForbiddenError("only an owner may remove an owner", code="role_required")
                if await _owners(conn, tenant_id) <= 1:
                    raise ConflictError(
                        f"'{tenant_id}' must keep at least one owner", code="last_owner"
                    )
            await conn.execute(
                delete(memberships).where(
                    memberships.c.tenant_id == tenant_id, memberships.c.teacher_id == teacher_id
                )
            )


async def _role_of(conn: AsyncConnection, tenant_id: str, teacher_id: str) -> Role | None:
    role = (
        await conn.execute(
            select(memberships.c.role).where(
                memberships.c.tenant_id == tenant_id, memberships.c.teacher_id == teacher_id
            )
        )
    ).scalar()
    found: Role | None = role
    return found


async def _require(conn: AsyncConnection, tenant_id: str, teacher_id: str, *, manage: bool) -> Role:
    role = await _role_of(conn, tenant_id, teacher_id)
    if role is None:
        raise NotFoundError(f"organisation '{tenant_id}' does not exist or you are not in it")
    if manage and role not in MANAGERS:
        raise ForbiddenError(
            f"only an owner or admin of '{tenant_id}' may do this; you are a {role}",
            code="role_required",
        )
    return role


async def _member_role(conn: AsyncConnection, tenant_id: str, teacher_id: str) -> Role:
    role = await _role_of(conn, tenant_id, teacher_id)
    if role is None:
        raise NotFoundError(f"teacher {teacher_id} is not a member of '{tenant_id}'")
    return role


async def _owners(conn: AsyncConnection, tenant_id: str) -> int:
    return int(
        (
            await conn.execute(
                select(func.count()).where(
                    memberships.c.tenant_id == tenant_id, memberships.c.role == "owner"
                )
            )
        ).scalar_one()
    )
