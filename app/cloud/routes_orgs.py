"""Organisations for teachers: members and roles, API keys, entitlements, billing."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Response

from app.cloud.accounts import normalise_email
from app.cloud.deps import ServiceDep, TeacherDep
from app.cloud.gate import GatedRoute
from app.cloud.models import (
    ApiKeyInfo,
    CheckoutRequest,
    CheckoutResponse,
    CreatedOrg,
    EntitlementsResponse,
    ErrorBody,
    InviteAccepted,
    IssuedKey,
    KeyCreate,
    MemberInfo,
    MemberInvite,
    OrgCreate,
    OrgInfo,
    PortalRequest,
    PortalResponse,
    RoleChange,
)
from app.cloud.orgs import Membership
from app.cloud.routes_entitlements import entitlements_response
from app.common.plans import plan_named

router = APIRouter(prefix="/v1/orgs", tags=["organisations"], route_class=GatedRoute)
TenantPath = Annotated[str, Path(pattern=r"^[a-z0-9](?:[a-z0-9_]{0,38}[a-z0-9])?$")]
TeacherPath = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody},
    422: {"model": ErrorBody},
    429: {"model": ErrorBody},
    503: {"model": ErrorBody},
}


def _member(m: Membership) -> MemberInfo:
    return MemberInfo(teacher_id=m.teacher_id, email=m.email, name=m.name, role=m.role)


@router.post("", response_model=CreatedOrg, status_code=201, responses=_ERRORS)
async def create_org(body: OrgCreate, teacher_id: TeacherDep, service: ServiceDep) -> CreatedOrg:
    """A new organisation (tenant) with the caller as owner. A teacher's first organisation
    starts a 14-day Pro trial; later ones start on Free (one trial per teacher)."""
    now = service.clock()
    tenant = await service.tenants.create(body.tenant_id, body.name, now=now, trial_days=0)
    await service.orgs.add(tenant.id, teacher_id, "owner", now=now)
    if await service.accounts.claim_trial(teacher_id, now):
        trial_end = now + timedelta(days=service.settings.trial_days)
        tenant = await service.tenants.set_trial_end(tenant.id, trial_end)
    key = await service.tenants.issue_key(tenant.id, label="initial", now=now)
    return CreatedOrg(
        tenant_id=tenant.id,
        name=tenant.name,
        role="owner",
        api_key=key,
        trial_ends_at=(
            tenant.trial_ends_at if tenant.trial_ends_at and tenant.trial_ends_at > now else None
        ),
    )


@router.get("", response_model=list[OrgInfo], responses=_ERRORS)
async def my_orgs(teacher_id: TeacherDep, service: ServiceDep) -> list[OrgInfo]:
    return [
        OrgInfo(tenant_id=m.tenant_id, name=m.tenant_name, role=m.role)
        for m in await service.orgs.of_teacher(teacher_id)
    ]


@router.get("/{tenant_id}/members", response_model=list[MemberInfo], responses=_ERRORS)
async def members(
    tenant_id: TenantPath, teacher_id: TeacherDep, service: ServiceDep
) -> list[MemberInfo]:
    await service.orgs.require(tenant_id, teacher_id)
    return [_member(m) for m in await service.orgs.members(tenant_id)]


@router.post(
    "/{tenant_id}/members", response_model=InviteAccepted, status_code=202, responses=_ERRORS
)
async def invite(
    tenant_id: TenantPath, body: MemberInvite, teacher_id: TeacherDep, service: ServiceDep
) -> InviteAccepted:
    """Add a registered teacher by email (owner/admin); the plan bounds how many. The
    answer is the same whether the address is registered or not, so it reveals neither:
    the member list shows who joined. A teacher not registered yet registers first, then is
    invited again."""
    await service.orgs.require(tenant_id, teacher_id, manage=True)
    address = normalise_email(body.email)
    found = await service.entitlements.get(tenant_id)
    teacher = await service.accounts.find_by_email(address)
    await service.orgs.invite(
        tenant_id,
        teacher_id,
        None if teacher is None else teacher.id,
        body.role,
        max_teachers=found.max_teachers,
        plan=found.plan,
        now=service.clock(),
    )
    return InviteAccepted(email=address, role=body.role)


@router.patch("/{tenant_id}/members/{member_id}", status_code=204, responses=_ERRORS)
async def change_role(
    tenant_id: TenantPath,
    member_id: TeacherPath,
    body: RoleChange,
    teacher_id: TeacherDep,
    service: ServiceDep,
) -> Response:
    await service.orgs.change_role(tenant_id, teacher_id, member_id, body.role)
    return Response(status_code=204)


@router.delete("/{tenant_id}/members/{member_id}", status_code=204, responses=_ERRORS)
async def remove_member(
    tenant_id: TenantPath, member_id: TeacherPath, teacher_id: TeacherDep, service: ServiceDep
) -> Response:
    await service.orgs.remove(tenant_id, teacher_id, member_id)
    return Response(status_code=204)


@router.get("/{tenant_id}/keys", response_model=list[ApiKeyInfo], responses=_ERRORS)
async def list_keys(
    tenant_id: TenantPath, teacher_id: TeacherDep, service: ServiceDep
) -> list[ApiKeyInfo]:
    await service.orgs.require(tenant_id, teacher_id, manage=True)
    return await service.tenants.list_keys(tenant_id)


@router.post("/{tenant_id}/keys", response_model=IssuedKey, status_code=201, responses=_ERRORS)
async def add_key(
    tenant_id: TenantPath, body: KeyCreate, teacher_id: TeacherDep, service: ServiceDep
) -> IssuedKey:
    """A new API key for a classroom host; shown only in this answer."""
    await service.orgs.require(tenant_id, teacher_id, manage=True)
    return await service.tenants.issue_key(
        tenant_id, label=body.label, now=service.clock(), scopes=body.scopes
    )


@router.delete("/{tenant_id}/keys/{key_id}", response_model=ApiKeyInfo, responses=_ERRORS)
async def revoke_key(
    tenant_id: TenantPath,
    key_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    teacher_id: TeacherDep,
    service: ServiceDep,
) -> ApiKeyInfo:
    """Revoke a key: requests with it are refused (401) from now on."""
    await service.orgs.require(tenant_id, teacher_id, manage=True)
    return await service.tenants.revoke_key(tenant_id, key_id, now=service.clock())


@router.get("/{tenant_id}/entitlements", response_model=EntitlementsResponse, responses=_ERRORS)
async def org_entitlements(
    tenant_id: TenantPath, teacher_id: TeacherDep, service: ServiceDep
) -> EntitlementsResponse:
    await service.orgs.require(tenant_id, teacher_id)
    return entitlements_response(await service.entitlements.get(tenant_id))


@router.post("/{tenant_id}/billing/checkout", response_model=CheckoutResponse, responses=_ERRORS)
async def checkout(
    tenant_id: TenantPath, body: CheckoutRequest, teacher_id: TeacherDep, service: ServiceDep
) -> CheckoutResponse:
    """A Stripe Checkout Session for a monthly plan; send the teacher to its url."""
    await service.orgs.require(tenant_id, teacher_id, manage=True)
    link = await service.billing.checkout(
        tenant_id,
        plan_named(body.plan),
        success_url=body.success_url,
        cancel_url=body.cancel_url,
    )
    return CheckoutResponse(session_id=link.session_id, url=link.url)


@router.post("/{tenant_id}/billing/portal", response_model=PortalResponse, responses=_ERRORS)
async def portal(
    tenant_id: TenantPath, body: PortalRequest, teacher_id: TeacherDep, service: ServiceDep
) -> PortalResponse:
    """A Stripe Billing Portal session to change the card, the plan or cancel."""
    await service.orgs.require(tenant_id, teacher_id, manage=True)
    return PortalResponse(url=await service.billing.portal(tenant_id, return_url=body.return_url))
