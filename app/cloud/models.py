"""The JSON shapes of the HTTP API (pydantic); the OpenAPI document is generated from them.

:class:`ResultItem` is the wire form of one entry of the classroom host's outbox.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from app.common.periods import Period

# Free text never holds control characters: PostgreSQL cannot store NUL in text (it answered
# 500), and tabs or newlines in a name only make trouble in reports and CSV.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


def _text(min_length: int, max_length: int, *, strip: bool = True) -> StringConstraints:
    return StringConstraints(
        strip_whitespace=strip, min_length=min_length, max_length=max_length, pattern=PRINTABLE
    )


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
Uid = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
StudentId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")]
Nickname = Annotated[str, _text(1, 32)]
ClassCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{1,16}$")]
Scope = Literal["class", "tenant", "global"]
ItemStatus = Literal["accepted", "duplicate", "rejected"]
MAX_BATCH = 20  # DESIGN: a sync pass sends batches of up to 20


class ErrorBody(BaseModel):
    """Every error the service returns."""

    code: str = Field(description="stable machine-readable code, e.g. 'not_found'")
    message: str = Field(description="what went wrong, naming the culprit")


class ResultItem(BaseModel):
    """One flight result as the classroom host's outbox holds it.

    ``student_id`` is pseudonymous (students never get cloud accounts): a uuid or hash the
    host chose, stable for the student within the tenant; only it and the nickname leave
    the classroom.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    result_uid: Uid = Field(description="unique id of the result; resending it is a no-op")
    game: Slug = Field(
        description="game key, e.g. 'lunar_lander' (what the classroom host sends)",
        examples=["lunar_lander"],
    )
    world: Slug = Field(description="world key, e.g. 'moon'")
    class_code: ClassCode | None = Field(default=None, description="the class join code")
    student_id: StudentId
    nickname: Nickname
    outcome: Slug = Field(description="'landed', 'crashed', 'out_of_bounds', 'out_of_fuel'…")
    score: int = Field(ge=0, le=2_000_000_000)
    stars: int = Field(ge=0, le=3)
    flight_time_s: float = Field(ge=0.0, le=86_400.0, allow_inf_nan=False)
    created_at: AwareDatetime = Field(description="when the flight ended (with time zone)")


class SyncBatch(BaseModel):
    """Up to 20 outbox entries; each is checked on its own (see :class:`ResultItem`)."""

    items: list[dict[str, Any]] = Field(
        max_length=MAX_BATCH, description="each object a ResultItem"
    )


class SyncItemResult(BaseModel):
    index: int = Field(description="position of the item in the batch")
    result_uid: str | None
    status: ItemStatus
    reason: str | None = Field(default=None, description="why a rejected item was refused")


class SyncResponse(BaseModel):
    accepted: int
    duplicates: int
    rejected: int
    items: list[SyncItemResult]


class LeaderboardEntry(BaseModel):
    rank: int
    tenant_id: str
    student_id: str
    nickname: str
    score: int
    achieved_at: datetime


class LeaderboardResponse(BaseModel):
    game: str
    scope: Scope
    period: Period
    period_start: datetime | None = Field(description="start of the day/week (UTC); null: all")
    approximate: bool = Field(description="true when ranks come from sharded Redis estimates")
    entries: list[LeaderboardEntry]


class AroundMeResponse(BaseModel):
    game: str
    scope: Scope
    period: Period
    student_id: str
    rank: int | None = Field(description="the student's rank, null when not on the board")
    approximate: bool
    entries: list[LeaderboardEntry]


KeyScope = Literal["sync", "boards", "compliance"]
Scopes = Annotated[
    list[KeyScope],
    Field(
        min_length=1,
        max_length=3,
        description="what the key may do: 'sync' uploads results; 'boards' reads leaderboards"
        " and analytics; 'compliance' exports and erases students. Every key reads its own"
        " tenant, plan and offline token.",
    ),
]


class TenantCreate(BaseModel):
    tenant_id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9_]{0,38}[a-z0-9])?$")]
    name: Annotated[str, _text(1, 100)]
    scopes: Scopes = ["sync"]


class IssuedKey(BaseModel):
    """A new API key: shown once, only its hash is stored."""

    tenant_id: str
    api_key: str
    label: str
    key_id: int = Field(description="id to list or revoke the key by")
    scopes: list[str]


class ApiKeyInfo(BaseModel):
    """An API key as listed: never its secret."""

    key_id: int
    label: str
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None


class TenantInfo(BaseModel):
    tenant_id: str
    name: str
    plan: str = Field(description="the plan in force now, as GET /v1/entitlements says")
    plan_source: Literal["subscription", "trial", "free"]
    trial_ends_at: datetime | None


class StudentExport(BaseModel):
    tenant_id: str
    student_id: str
    results: list[ResultItem]
    leaderboard_rows: int


class DeletionReport(BaseModel):
    tenant_id: str
    student_id: str
    results_deleted: int
    leaderboard_rows_deleted: int


class SyncErasures(BaseModel):
    """Students a classroom host erased on request (COPPA/GDPR), by the pseudonymous id its
    results were sent with: the cloud erases them too."""

    student_ids: list[StudentId] = Field(min_length=1, max_length=MAX_BATCH)


class SyncErasuresResponse(BaseModel):
    erased: list[DeletionReport]


class HealthResponse(BaseModel):
    status: str
    checks: dict[str, str] = Field(default_factory=dict)


# -- teachers, organisations, plans and billing -----------------------------------------------
Email = Annotated[str, _text(3, 254)]
Password = Annotated[str, _text(1, 256, strip=False)]
TeacherName = Annotated[str, _text(1, 100)]
RoleName = Literal["owner", "admin", "member"]
PlanName = Literal["free", "starter", "pro", "enterprise"]
HttpUrl = Annotated[str, StringConstraints(pattern=r"^https?://[^\s\x00-\x1f\x7f]{1,2000}$")]


class RegisterRequest(BaseModel):
    email: Email
    password: Password = Field(description="10 to 256 characters")
    name: TeacherName


class LoginRequest(BaseModel):
    email: Email
    password: Password


class RefreshRequest(BaseModel):
    refresh_token: Annotated[
        str, StringConstraints(min_length=1, max_length=4096, pattern=r"^[A-Za-z0-9_.=-]+$")
    ]


class RegistrationAccepted(BaseModel):
    """The same answer whether the address was new or not, so it reveals neither."""

    email: str
    message: str = Field(
        default="if this address had no account, it has one now: log in with it and the"
        " password; an address registered before keeps its account and password"
    )


class TeacherInfo(BaseModel):
    teacher_id: str
    email: str
    name: str


class TokenResponse(BaseModel):
    """A JWT pair: the access token lasts 1 hour, the refresh token 30 days (usable once)."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="seconds the access token is valid")
    refresh_expires_at: datetime


class OrgCreate(BaseModel):
    tenant_id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9_]{0,38}[a-z0-9])?$")]
    name: Annotated[str, _text(1, 100)]


class OrgInfo(BaseModel):
    tenant_id: str
    name: str
    role: RoleName


class CreatedOrg(BaseModel):
    """A new organisation (tenant) and its first API key, shown only here."""

    tenant_id: str
    name: str
    role: RoleName
    api_key: IssuedKey
    trial_ends_at: datetime | None = Field(
        description="the 14-day Pro trial: each teacher's first organisation only"
    )


class MemberInvite(BaseModel):
    email: Email
    role: RoleName = "member"


class InviteAccepted(BaseModel):
    """The same answer whether the address is registered or not: a registered teacher is
    a member now (see the member list); an unregistered one must register, then be invited
    again."""

    email: str
    role: RoleName


class RoleChange(BaseModel):
    role: RoleName


class MemberInfo(BaseModel):
    teacher_id: str
    email: str
    name: str
    role: RoleName


class KeyCreate(BaseModel):
    label: Annotated[str, _text(1, 100)]
    scopes: Scopes = ["sync"]


class PlanInfo(BaseModel):
    key: PlanName
    name: str
    monthly_price_usd: str
    features: list[str]
    max_teachers: int


class EntitlementsResponse(BaseModel):
    tenant_id: str
    plan: PlanName
    source: Literal["subscription", "trial", "free"]
    features: list[str]
    max_teachers: int
    trial_ends_at: datetime | None
    subscription_status: str | None


class OfflineToken(BaseModel):
    """An Ed25519-signed entitlement token a classroom host verifies without the internet."""

    token: str
    expires_at: datetime
    key_id: str
    valid_days: int


class PublicKeyResponse(BaseModel):
    algorithm: Literal["Ed25519"] = "Ed25519"
    key_id: str
    public_key: str = Field(description="the 32-byte raw public key, base64url without padding")


class CheckoutRequest(BaseModel):
    plan: Literal["starter", "pro", "enterprise"]
    success_url: HttpUrl
    cancel_url: HttpUrl


class CheckoutResponse(BaseModel):
    session_id: str
    url: str


class PortalRequest(BaseModel):
    return_url: HttpUrl


class PortalResponse(BaseModel):
    url: str


class WebhookResponse(BaseModel):
    event_id: str
    type: str
    status: Literal["applied", "duplicate", "stale", "ignored"] = Field(
        description="stale: a newer read of Stripe was applied already; ignored: not a"
        " billing event of a known customer"
    )


class GameAnalytics(BaseModel):
    """Per class: how a game went (the Pro plan's class analytics)."""

    class_code: str | None
    results: int
    students: int
    landed: int
    landing_rate: float
    mean_score: float
    best_score: int
    mean_flight_time_s: float


class AnalyticsResponse(BaseModel):
    game: str
    classes: list[GameAnalytics]
