"""Organisations (a tenant seen from its teachers) and their members: owner, admin, member.

Who may do what: any member reads the organisation; owners and admins manage members, API
keys and billing; only an owner makes or removes an owner, and the last owner stays. A
teacher who is not a member gets 404 for the organisation, so ids cannot be probed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cloud.errors import ConflictError, ForbiddenError, NotEntitledError, NotFoundError
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
            role = (
                await conn.execute(
                    select(memberships.c.role).where(
                        memberships.c.tenant_id == tenant_id,
                        memberships.c.teacher_id == teacher_id,
                    )
                )
            ).scalar()
        if role is None:
            raise NotFoundError(f"organisation '{tenant_id}' does not exist or you are not in it")
        if manage and role not in MANAGERS:
            raise ForbiddenError(
                f"only an owner or admin of '{tenant_id}' may do this; you are a {role}",
                code="role_required",
            )
        found: Role = role
        return found

    async def invite(
        self,
        tenant_id: str,
        actor_role: Role,
        teacher_id: str,
        role: Role,
        *,
        max_teachers: int,
        plan: str,
        now: datetime,
    ) -> None:
        if role == "owner" and actor_role != "owner":
            raise ForbiddenError("only an owner may make another owner", code="role_required")
        async with self._engine.connect() as conn:
            count = (
                await conn.execute(select(func.count()).where(memberships.c.tenant_id == tenant_id))
            ).scalar_one()
        if int(count) >= max_teachers:
            raise NotEntitledError("teachers", plan)
        await self.add(tenant_id, teacher_id, role, now=now)

    async def _owners(self, tenant_id: str) -> int:
        async with self._engine.connect() as conn:
            return int(
                (
                    await conn.execute(
                        select(func.count()).where(
                            memberships.c.tenant_id == tenant_id, memberships.c.role == "owner"
                        )
                    )
                ).scalar_one()
            )

    async def _role(self, tenant_id: str, teacher_id: str) -> Role:
        async with self._engine.connect() as conn:
            role = (
                await conn.execute(
                    select(memberships.c.role).where(
                        memberships.c.tenant_id == tenant_id,
                        memberships.c.teacher_id == teacher_id,
                    )
                )
            ).scalar()
        if role is None:
            raise NotFoundError(f"teacher {teacher_id} is not a member of '{tenant_id}'")
        found: Role = role
        return found

    async def change_role(
        self, tenant_id: str, actor_role: Role, teacher_id: str, role: Role
    ) -> None:
        current = await self._role(tenant_id, teacher_id)
        if "owner" in (role, current) and actor_role != "owner":
            raise ForbiddenError(
                "only an owner may grant or take the owner role", code="role_required"
            )
        if current == "owner" and role != "owner" and await self._owners(tenant_id) <= 1:
            raise ConflictError(f"'{tenant_id}' must keep at least one owner")
        async with self._engine.begin() as conn:
            await conn.execute(
                update(memberships)
                .where(memberships.c.tenant_id == tenant_id, memberships.c.teacher_id == teacher_id)
                .values(role=role)
            )

    async def remove(self, tenant_id: str, actor_role: Role, teacher_id: str) -> None:
        current = await self._role(tenant_id, teacher_id)
        if current == "owner":
            if actor_role != "owner":
                raise ForbiddenError("only an owner may remove an owner", code="role_required")
            if await self._owners(tenant_id) <= 1:
                raise ConflictError(f"'{tenant_id}' must keep at least one owner")
        async with self._engine.begin() as conn:
            await conn.execute(
                delete(memberships).where(
                    memberships.c.tenant_id == tenant_id, memberships.c.teacher_id == teacher_id
                )
            )
