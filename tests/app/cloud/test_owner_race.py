"""An organisation never ends up without an owner, even when its two owners demote each other
at the same moment through two service processes on one database (SQLite and PostgreSQL).

Each round, two threads wait at a barrier and then send their PATCH at once, each to its own
``moonbase cloud`` process over its own connection: the two requests really run in parallel,
in two event loops with two database connections.
"""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from app.cloud.settings import CloudSettings
from tests.app.cloud.instances import Instance, cloud_instances

ROUNDS = 8
PASSWORD = "correct horse battery"
# generous limits: this test is about the race, not the rate limiter
LIMITS = {
    "MOONBASE_CLOUD_REQUESTS_PER_MINUTE": "100000",
    "MOONBASE_CLOUD_AUTH_PER_MINUTE": "100000",
    "MOONBASE_CLOUD_FAILED_AUTH_PER_MINUTE": "100000",
}


def _env(settings: CloudSettings) -> dict[str, str]:
    env = dict(LIMITS)
    if settings.database_url is not None:
        env["DATABASE_URL"] = settings.database_url
    return env


def _teacher(http: httpx.Client, email: str) -> tuple[str, str]:
    """Register and log in: (teacher id, access token)."""
    made = http.post("/v1/auth/register", json={"email": email, "password": PASSWORD, "name": "T"})
    assert made.status_code in (201, 202), made.text
    tokens = http.post("/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert tokens.status_code == 200, tokens.text
    token: str = tokens.json()["access_token"]
    me = http.get("/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    return str(me["teacher_id"]), token


def _demote_at_once(
    first: Instance, second: Instance, org: str, pairs: list[tuple[str, str]]
) -> list[int]:
    """Each (token, member) pair demotes its member to admin, all at the same moment, each
    through its own instance and connection; the answers' status codes."""
    barrier = threading.Barrier(len(pairs))
    statuses: list[int] = [0] * len(pairs)
    instances = (first, second)

    def run(i: int) -> None:
        token, member = pairs[i]
        with httpx.Client(base_url=instances[i % 2].url, timeout=30) as http:
            http.get("/healthz")  # the connection is open before the barrier
            barrier.wait()
            answer = http.patch(
                f"/v1/orgs/{org}/members/{member}",
                json={"role": "admin"},
                headers={"Authorization": f"Bearer {token}"},
            )
            statuses[i] = answer.status_code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(pairs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"], indirect=True)
def test_two_owners_demoting_each_other_at_once_leave_one_owner(
    sync_settings: CloudSettings, tmp_path: Path
) -> None:
    shared = tmp_path / "cloud"  # both processes: one data folder, one set of secrets
    with cloud_instances([shared, shared], _env(sync_settings)) as (first, second):
        outcomes = []
        with httpx.Client(base_url=first.url, timeout=30) as http:
            for n in range(ROUNDS):
                org = f"race_{n}"
                ada_id, ada = _teacher(http, f"ada{n}@school.example")
                bob_id, bob = _teacher(http, f"bob{n}@school.example")
                made = http.post(
                    "/v1/orgs",
                    json={"tenant_id": org, "name": f"Race {n}"},
                    headers={"Authorization": f"Bearer {ada}"},
                )
                assert made.status_code == 201, made.text
                invited = http.post(
                    f"/v1/orgs/{org}/members",
                    json={"email": f"bob{n}@school.example", "role": "owner"},
                    headers={"Authorization": f"Bearer {ada}"},
                )
                assert invited.status_code in (201, 202), invited.text
                statuses = _demote_at_once(first, second, org, [(ada, bob_id), (bob, ada_id)])
                members = http.get(
                    f"/v1/orgs/{org}/members", headers={"Authorization": f"Bearer {ada}"}
                ).json()
                owners = [m["teacher_id"] for m in members if m["role"] == "owner"]
                outcomes.append((sorted(statuses), len(owners)))
    # every round: exactly one demotion went through, the other was refused, one owner left
    assert [owners for _, owners in outcomes] == [1] * ROUNDS, outcomes
    for statuses, _ in outcomes:
        assert statuses[0] == 204, outcomes
        assert statuses[1] in (403, 409), outcomes
