"""Tenant A's key can neither read nor change tenant B's data, on any route."""

from __future__ import annotations

import pytest

from tests.app.cloud.conftest import Cloud, result_item

pytestmark = pytest.mark.anyio


async def test_tenant_a_cannot_read_or_change_tenant_b(cloud: Cloud) -> None:
    key_a = await cloud.tenant("school_a")
    key_b = await cloud.tenant("school_b")
    b_item = result_item(student="bee", nickname="Bee", score=800)
    assert (await cloud.sync(key_b, [b_item])).json()["accepted"] == 1

    # reads through every route see only A's own tenant
    assert (await cloud.get(key_a, "/v1/tenant")).json()["tenant_id"] == "school_a"
    board = (await cloud.get(key_a, "/v1/leaderboards/lander")).json()
    assert board["entries"] == []
    around = (await cloud.get(key_a, "/v1/leaderboards/lander/around/bee")).json()
    assert around["rank"] is None
    export = (await cloud.get(key_a, "/v1/compliance/students/bee")).json()
    assert export["tenant_id"] == "school_a"
    assert export["results"] == []
    assert (await cloud.get(key_a, "/v1/compliance/audit")).json() != []  # A's own export

    # writes: B's uid sent by A is A's own result; A's delete leaves B untouched
    same_uid = result_item(b_item["result_uid"], student="bee", score=100)
    assert (await cloud.sync(key_a, [same_uid])).json()["accepted"] == 1
    deleted = await cloud.client.delete("/v1/compliance/students/bee", headers={"X-API-Key": key_a})
    assert deleted.json()["tenant_id"] == "school_a"
    assert deleted.json()["results_deleted"] == 1
    b_export = (await cloud.get(key_b, "/v1/compliance/students/bee")).json()
    assert [r["score"] for r in b_export["results"]] == [800]
    b_board = (await cloud.get(key_b, "/v1/leaderboards/lander")).json()
    assert [(e["student_id"], e["score"]) for e in b_board["entries"]] == [("bee", 800)]
    b_audit = (await cloud.get(key_b, "/v1/compliance/audit")).json()
    assert [e["action"] for e in b_audit] == ["student.export"]  # not A's export or delete


async def test_a_key_claiming_another_tenant_is_refused(cloud: Cloud) -> None:
    key_a = await cloud.tenant("school_a")
    await cloud.tenant("school_b")
    secret = key_a.rsplit("_", 1)[1]
    forged = f"tenant_school_b_{secret}"
    answer = await cloud.get(forged, "/v1/tenant")
    assert answer.status_code == 401


async def test_admin_routes_need_the_admin_token(cloud: Cloud) -> None:
    key_a = await cloud.tenant("school_a")
    answer = await cloud.client.post(
        "/v1/admin/tenants",
        json={"tenant_id": "evil", "name": "x"},
        headers={"X-API-Key": key_a, "X-Admin-Token": "wrong"},
    )
    assert answer.status_code == 401
    again = await cloud.client.post("/v1/admin/tenants/school_a/keys", headers={"X-API-Key": key_a})
    assert again.status_code == 401
