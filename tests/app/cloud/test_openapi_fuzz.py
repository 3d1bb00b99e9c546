"""Schemathesis against the service's own OpenAPI document: no generated request gets a 5xx.

Every operation of the document, against a real uvicorn on 127.0.0.1, once on embedded SQLite
and once on PostgreSQL (which refuses what SQLite lets through: NUL in text, over-long
strings), with a tenant key (every scope) and a teacher token attached to every request, so
generated requests reach past authentication. Bounded: a handful of examples per operation.
"""

from __future__ import annotations

import asyncio
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from app.cloud.server import create_app
from app.cloud.settings import CloudSettings
from tests.app.cloud.conftest import ALL_SCOPES, PG_HOST, PG_PORT, _pg_admin, reachable

ADMIN = "fuzz-admin"
MAX_EXAMPLES = 10
START_DEADLINE_S = 20.0


def fuzz_settings(data_dir: Path, database_url: str | None = None) -> CloudSettings:
    return CloudSettings(
        data_dir=data_dir,
        database_url=database_url,
        admin_token=ADMIN,
        requests_per_minute=1_000_000,  # the fuzzer should reach the handlers, not the limiter
        submissions_per_minute=1_000_000,
        auth_per_minute=1_000_000,
        failed_auth_per_minute=1_000_000,
        webhook_per_minute=1_000_000,
        stripe_webhook_secret="whsec_fuzz",
        argon2_time_cost=1,
        argon2_memory_kib=1024,
    )


with tempfile.TemporaryDirectory() as _tmp:
    # The document only: building it needs no database.
    schema = schemathesis.openapi.from_dict(create_app(fuzz_settings(Path(_tmp))).openapi())


class Served:
    def __init__(self, settings: CloudSettings) -> None:
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=0,
            log_level="critical", lifespan="on", access_log=False,
        )  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=lambda: asyncio.run(self.server.serve()))

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + START_DEADLINE_S
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start for the fuzz test")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(START_DEADLINE_S)


@contextmanager
def _database(backend: str) -> Iterator[str | None]:
    """None for embedded SQLite; a new PostgreSQL database, dropped afterwards."""
    if backend == "sqlite":
        yield None
        return
    if not reachable(PG_HOST, PG_PORT):
        pytest.skip(f"PostgreSQL is not reachable at {PG_HOST}:{PG_PORT}")
    name = f"moonbase_fuzz_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# PostgreSQL too: it refuses what SQLite lets through (NUL in text, over-long strings)
@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str]]]:
    with (
        _database(request.param) as database_url,
        Served(fuzz_settings(tmp_path_factory.mktemp("fuzz"), database_url)) as url,
    ):
        made = httpx.post(
            f"{url}/v1/admin/tenants",
            json={"tenant_id": "fuzz", "name": "Fuzz school", "scopes": list(ALL_SCOPES)},
            headers={"X-Admin-Token": ADMIN},
        )
        made.raise_for_status()
        account = {"email": "fuzz@school.example", "password": "fuzzing-password", "name": "F"}
        httpx.post(f"{url}/v1/auth/register", json=account).raise_for_status()
        login = httpx.post(f"{url}/v1/auth/login", json=account)
        headers = {
            "X-API-Key": made.json()["api_key"],
            "Authorization": f"Bearer {login.json()['access_token']}",
            "X-Admin-Token": ADMIN,
        }
        yield url, headers


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_is_a_server_error(
    case: schemathesis.Case[Any], served: tuple[str, dict[str, str]]
) -> None:
    url, headers = served
    merged = {**headers, **dict(case.headers or {})}
    response = case.call(base_url=url, headers=merged, timeout=10)
    if response.status_code == 503 and _code(response) == "billing_unavailable":
        # The fuzz service has no Stripe key on purpose: a checkout or portal request that gets
        # past validation is answered "billing is not configured", the deliberate answer of a
        # service without billing, not a crash. Any other 5xx fails below.
        return
    case.validate_response(response, checks=[not_a_server_error])


def _code(response: Any) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None
