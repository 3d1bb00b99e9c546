"""The cloud database's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Every tenant-owned table carries ``tenant_id`` and every query filters on it (seed 003's
isolation rule); timestamps are integer microseconds since the epoch, UTC.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(100), nullable=False),
    Column("applied_at", BigInteger, nullable=False),
)

tenants = Table(
    "tenants",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("plan", String(20), nullable=False),
    Column("trial_ends_at", BigInteger, nullable=True),
    Column("created_at", BigInteger, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant_id", String(40), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("label", String(100), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("revoked_at", BigInteger, nullable=True),
    # version 5: what the key may do (app/cloud/apikeys.py), e.g. "boards,sync"
    Column("scopes", String(100), nullable=True),
)

results = Table(
    "results",
    metadata,
    Column("tenant_id", String(40), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("result_uid", String(64), nullable=False),
    Column("game", String(32), nullable=False),
    Column("world", String(32), nullable=False),
    Column("class_code", String(16), nullable=True),
    Column("student_id", String(64), nullable=False),
    Column("nickname", String(32), nullable=False),
    Column("outcome", String(24), nullable=False),
    Column("score", Integer, nullable=False),
    Column("stars", SmallInteger, nullable=False),
    Column("flight_time_s", Float, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("received_at", BigInteger, nullable=False),
    PrimaryKeyConstraint("tenant_id", "result_uid", name="pk_results"),
    Index("ix_results_student", "tenant_id", "student_id"),
)

# The best result of each student per (game, period, period start): leaderboards read this.
leaderboard_best = Table(
    "leaderboard_best",
    metadata,
    Column("tenant_id", String(40), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("game", String(32), nullable=False),
    Column("period", String(8), nullable=False),
    Column("period_start", BigInteger, nullable=False),
    Column("student_id", String(64), nullable=False),
    Column("nickname", String(32), nullable=False),
    Column("score", Integer, nullable=False),
    Column("achieved_at", BigInteger, nullable=False),
    Column("result_uid", String(64), nullable=False),
    # version 6: the class (its join code) of the best result, for the class boards
    Column("class_code", String(16), nullable=True),
    PrimaryKeyConstraint(
        "tenant_id", "game", "period", "period_start", "student_id", name="pk_leaderboard_best"
    ),
    Index("ix_lb_global", "game", "period", "period_start", "score", "achieved_at"),
    Index("ix_lb_tenant", "tenant_id", "game", "period", "period_start", "score", "achieved_at"),
    Index("ix_lb_student", "tenant_id", "student_id"),
    Index(
        "ix_lb_class",
        "tenant_id",
        "class_code",
        "game",
        "period",
        "period_start",
        "score",
        "achieved_at",
    ),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant_id", String(40), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("action", String(40), nullable=False),
    Column("subject", String(100), nullable=False),
    Column("detail", Text, nullable=False),
    Column("at", BigInteger, nullable=False),
    Index("ix_audit_tenant", "tenant_id", "at"),
)

VERSION_1_TABLES = (tenants, api_keys, results, leaderboard_best, audit_log)

# -- version 2: teachers, organisations (a tenant's members), billing -------------------------
teachers = Table(
    "teachers",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    # version 7: when the teacher's one free trial began (a first organisation's); null: unused
    Column("trial_started_at", BigInteger, nullable=True),
)

# A teacher's role in an organisation; the organisation is the tenant (seed 003).
memberships = Table(
    "memberships",
    metadata,
    Column("tenant_id", String(40), ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("teacher_id", String(32), ForeignKey("teachers.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(10), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    PrimaryKeyConstraint("tenant_id", "teacher_id", name="pk_memberships"),
    Index("ix_memberships_teacher", "teacher_id"),
)

# Refresh tokens are rotated: each is usable once, its id (jti) recorded here.
refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("jti", String(32), primary_key=True),
    Column("teacher_id", String(32), ForeignKey("teachers.id", ondelete="CASCADE"), nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("used_at", BigInteger, nullable=True),
)

# The tenant's Stripe customer and subscription as the newest read of Stripe left them.
billing = Table(
    "billing",
    metadata,
    Column("tenant_id", String(40), ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True),
    Column("customer_id", String(64), nullable=False, unique=True),
    Column("subscription_id", String(64), nullable=True),
    Column("plan", String(20), nullable=True),
    Column("status", String(24), nullable=True),
    Column("period_end", BigInteger, nullable=True),
    Column("updated_at", BigInteger, nullable=False),
    # version 3: the open Checkout Session (a new one expires it), and when (wall clock, µs)
    # the state above was read from Stripe: an older read never overwrites a newer one
    Column("checkout_session_id", String(255), nullable=True),
    Column("observed_at", BigInteger, nullable=True),
)

# Every Stripe event applied, by id: a redelivered event changes nothing (idempotency).
stripe_events = Table(
    "stripe_events",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("type", String(64), nullable=False),
    Column("tenant_id", String(40), nullable=True),
    Column("received_at", BigInteger, nullable=False),
)

VERSION_2_TABLES = (teachers, memberships, refresh_tokens, billing, stripe_events)

# -- version 4: what identifies this database and its instances' shared secrets -------------
# ``database_id``: made once per database; Redis keys carry it, so boards built from another
# database are never read. ``secret:<name>``: a fingerprint of each shared secret, so an
# instance started with different secrets is refused with the reason.
instance_meta = Table(
    "instance_meta",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", String(200), nullable=False),
)
