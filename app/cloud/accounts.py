"""Teacher accounts: register, log in, refresh (seed 003: access 1 h, refresh 30 d).

Passwords are hashed with argon2id (argon2-cffi) off the event loop. Tokens are JWTs (PyJWT,
HS256 under a server secret); a refresh token is usable once: refreshing records its id as
used and issues a new pair, and presenting a used one again is refused. Expiry is checked
against the service clock. Students never get accounts (COPPA).
"""

from __future__ import annotations

import asyncio
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from app.cloud.errors import InvalidRequestError, UnauthorizedError
from app.cloud.schema import refresh_tokens, teachers
from app.common.timeutil import Clock, to_us

ACCESS_TTL = timedelta(hours=1)
REFRESH_TTL = timedelta(days=30)
ISSUER = "moonbase-cloud"
_ALGORITHM = "HS256"
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,185}\.[^@\s]{2,}$")
MIN_PASSWORD = 10


@dataclass(frozen=True)
class Teacher:
    id: str
    email: str
    name: str


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    access_expires_at: datetime
    refresh_expires_at: datetime


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    if not _EMAIL.fullmatch(cleaned) or len(cleaned) > 254:
        raise InvalidRequestError(f"email {email!r} is not a valid address")
    return cleaned


class TeacherAccounts:
    def __init__(
        self, engine: AsyncEngine, secret: bytes, clock: Clock, hasher: PasswordHasher
    ) -> None:
        self._engine = engine
        self._secret = secret
        self._clock = clock
        self._hasher = hasher
        self._dummy_hash: str | None = None

    async def _hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def _verify(self, stored: str, password: str) -> bool:
        try:
            return await asyncio.to_thread(self._hasher.verify, stored, password)
        except (VerificationError, InvalidHashError):
            return False

    async def register(self, email: str, password: str, name: str) -> str:
        """Make the account unless the address has one; either way the same answer (the
        normalised address) after the same work (one password hash), so registering cannot
        tell anyone whether an address is registered. An existing account is left as it is."""
        address = normalise_email(email)
        if len(password) < MIN_PASSWORD or len(password) > 256:
            raise InvalidRequestError(
                f"password must be {MIN_PASSWORD} to 256 characters, got {len(password)}"
            )
        teacher = Teacher(uuid.uuid4().hex, address, name.strip())
        hashed = await self._hash(password)
        try:
            async with self._engine.begin() as conn:
                await conn.execute(
                    insert(teachers).values(
                        id=teacher.id,
                        email=address,
                        name=teacher.name,
                        password_hash=hashed,
                        created_at=to_us(self._clock()),
                    )
                )
        except IntegrityError:
            pass  # registered already: nothing changes, and nothing says so
        return address

    async def claim_trial(self, teacher_id: str, now: datetime) -> bool:
        """True once per teacher: the first organisation they make gets the trial."""
        async with self._engine.begin() as conn:
            claimed = await conn.execute(
                update(teachers)
                .where(teachers.c.id == teacher_id, teachers.c.trial_started_at.is_(None))
                .values(trial_started_at=to_us(now))
            )
        return claimed.rowcount == 1

    async def find_by_email(self, email: str) -> Teacher | None:
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(teachers.c.id, teachers.c.email, teachers.c.name).where(
                        teachers.c.email == email.strip().lower()
                    )
                )
            ).first()
        return None if row is None else Teacher(row.id, row.email, row.name)

    async def get(self, teacher_id: str) -> Teacher:
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(teachers.c.id, teachers.c.email, teachers.c.name).where(
                        teachers.c.id == teacher_id
                    )
                )
            ).first()
        if row is None:
            raise UnauthorizedError("the account of this token no longer exists")
        return Teacher(row.id, row.email, row.name)

    async def login(self, email: str, password: str) -> TokenPair:
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(
                    select(teachers.c.id, teachers.c.password_hash).where(
                        teachers.c.email == email.strip().lower()
                    )
                )
            ).first()
        if row is None:
            # Spend the same time as a real check, so the answer does not reveal the address.
            if self._dummy_hash is None:
                self._dummy_hash = await self._hash(uuid.uuid4().hex)
            await self._verify(self._dummy_hash, password)
            raise UnauthorizedError("email or password is wrong")
        if not await self._verify(row.password_hash, password):
            raise UnauthorizedError("email or password is wrong")
        return await self._issue(str(row.id))

    async def _issue(self, teacher_id: str) -> TokenPair:
        now = self._clock()
        jti = uuid.uuid4().hex
        access_exp, refresh_exp = now + ACCESS_TTL, now + REFRESH_TTL
        async with self._engine.begin() as conn:
            await conn.execute(
                insert(refresh_tokens).values(
                    jti=jti, teacher_id=teacher_id, expires_at=to_us(refresh_exp), used_at=None
                )
            )
        return TokenPair(
            access_token=self._encode(teacher_id, "access", now, access_exp, uuid.uuid4().hex),
            refresh_token=self._encode(teacher_id, "refresh", now, refresh_exp, jti),
            access_expires_at=access_exp,
            refresh_expires_at=refresh_exp,
        )

    def _encode(self, sub: str, kind: str, now: datetime, exp: datetime, jti: str) -> str:
        claims = {
            "iss": ISSUER,
            "sub": sub,
            "typ": kind,
            "iat": int(now.timestamp()),
            "exp": int(exp.timestamp()),
            "jti": jti,
        }
        return jwt.encode(claims, self._secret, algorithm=_ALGORITHM)

    def _decode(self, token: str, kind: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._secret,
                algorithms=[_ALGORITHM],
                issuer=ISSUER,
                options={"verify_exp": False, "require": ["sub", "typ", "exp", "jti", "iss"]},
            )
        except jwt.PyJWTError as exc:
            raise UnauthorizedError(f"{kind} token is not valid: {exc}") from None
        if claims.get("typ") != kind:
            raise UnauthorizedError(f"expected a {kind} token, got a {claims.get('typ')} token")
        exp = claims["exp"]
        if not isinstance(exp, int) or self._clock().timestamp() >= exp:
            raise UnauthorizedError(f"{kind} token has expired")
        return claims

    def authenticate(self, access_token: str) -> str:
        """The teacher id of a valid access token; UnauthorizedError otherwise."""
        return str(self._decode(access_token, "access")["sub"])

    async def refresh(self, refresh_token: str) -> TokenPair:
        """Exchange a refresh token (once) for a new pair."""
        claims = self._decode(refresh_token, "refresh")
        now = to_us(self._clock())
        async with self._engine.begin() as conn:
            used = await conn.execute(
                update(refresh_tokens)
                .where(
                    refresh_tokens.c.jti == claims["jti"],
                    refresh_tokens.c.teacher_id == claims["sub"],
                    refresh_tokens.c.used_at.is_(None),
                )
                .values(used_at=now)
            )
        if used.rowcount != 1:
            raise UnauthorizedError("refresh token was already used or revoked")
        return await self._issue(str(claims["sub"]))
