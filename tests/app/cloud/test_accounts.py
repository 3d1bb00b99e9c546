"""Teacher accounts, organisations and roles, API key revocation — on every backend."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.app.cloud.conftest import ADMIN_TOKEN, Cloud, result_item

pytestmark = pytest.mark.anyio
PASSWORD = "correct horse battery"


async def test_register_login_refresh_rotation_and_expiry(cloud: Cloud) -> None:
    made = await cloud.client.post(
        "/v1/auth/register",
        json={"email": "Ada@School.example", "password": PASSWORD, "name": "Ada"},
    )
    assert made.status_code == 202
    assert made.json()["email"] == "ada@school.example"
    again = await cloud.client.post(
        "/v1/auth/register",
        json={"email": "ada@school.example", "password": "another password", "name": "A"},
    )
    assert (again.status_code, again.json()) == (202, made.json())  # reveals nothing
    first_password = await cloud.client.post(
        "/v1/auth/login", json={"email": "ada@school.example", "password": PASSWORD}
    )
    assert first_password.status_code == 200  # the account is untouched
    short = await cloud.client.post(
        "/v1/auth/register", json={"email": "b@school.example", "password": "short", "name": "B"}
    )
    assert short.status_code == 422
    assert "password must be 10 to 256" in short.json()["message"]

    wrong = await cloud.client.post(
        "/v1/auth/login", json={"email": "ada@school.example", "password": "wrong password!"}
    )
    assert wrong.status_code == 401
    nobody = await cloud.client.post(
        "/v1/auth/login", json={"email": "nobody@school.example", "password": PASSWORD}
    )
    assert nobody.json() == wrong.json()  # the answer does not reveal who is registered

    pair = (
        await cloud.client.post(
            "/v1/auth/login", json={"email": "ada@school.example", "password": PASSWORD}
        )
    ).json()
    assert pair["expires_in"] == 3600
    me = await cloud.as_teacher("GET", pair["access_token"], "/v1/me")
    assert me.json()["name"] == "Ada"
    # a refresh token is not an access token, and vice versa
    assert (await cloud.as_teacher("GET", pair["refresh_token"], "/v1/me")).status_code == 401
    swapped = await cloud.client.post(
        "/v1/auth/refresh", json={"refresh_token": pair["access_token"]}
    )
    assert swapped.status_code == 401

    cloud.clock.advance(3601)  # the access token (1 h) has expired; the refresh token works
    assert (await cloud.as_teacher("GET", pair["access_token"], "/v1/me")).status_code == 401
    renewed = await cloud.client.post(
        "/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
    )
    assert renewed.status_code == 200
    fresh = renewed.json()
    assert (await cloud.as_teacher("GET", fresh["access_token"], "/v1/me")).status_code == 200
    reused = await cloud.client.post(
        "/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
    )
    assert reused.status_code == 401  # each refresh token works once
    assert "already used" in reused.json()["message"]

    cloud.clock.advance(timedelta(days=30).total_seconds())  # the refresh token (30 d) too
    late = await cloud.client.post(
        "/v1/auth/refresh", json={"refresh_token": fresh["refresh_token"]}
    )
    assert late.status_code == 401
    assert "expired" in late.json()["message"]


async def test_organisation_roles(cloud: Cloud) -> None:
    owner = await cloud.teacher("owner@school.example")
    admin = await cloud.teacher("admin@school.example")
    member = await cloud.teacher("member@school.example")
    outsider = await cloud.teacher("outsider@school.example")
    made = await cloud.as_teacher("POST", owner, "/v1/orgs", {"tenant_id": "north", "name": "N"})
    assert made.status_code == 201
    assert made.json()["api_key"]["api_key"].startswith("tenant_north_")

    add = await cloud.as_teacher(
        "POST", owner, "/v1/orgs/north/members", {"email": "admin@school.example", "role": "admin"}
    )
    assert add.status_code == 202
    by_admin = await cloud.as_teacher(
        "POST", admin, "/v1/orgs/north/members", {"email": "member@school.example"}
    )
    assert by_admin.json()["role"] == "member"
    owner_by_admin = await cloud.as_teacher(
        "POST", admin, "/v1/orgs/north/members",
        {"email": "outsider@school.example", "role": "owner"},
    )  # fmt: skip
    assert (owner_by_admin.status_code, owner_by_admin.json()["code"]) == (403, "role_required")

    listed = (await cloud.as_teacher("GET", member, "/v1/orgs/north/members")).json()
    assert sorted(m["role"] for m in listed) == ["admin", "member", "owner"]
    denied = await cloud.as_teacher("POST", member, "/v1/orgs/north/keys", {"label": "lab"})
    assert (denied.status_code, denied.json()["code"]) == (403, "role_required")
    hidden = await cloud.as_teacher("GET", outsider, "/v1/orgs/north/members")
    assert hidden.status_code == 404
    mine = (await cloud.as_teacher("GET", member, "/v1/orgs")).json()
    assert mine == [{"tenant_id": "north", "name": "N", "role": "member"}]

    owner_id = next(m["teacher_id"] for m in listed if m["role"] == "owner")
    last = await cloud.as_teacher("DELETE", owner, f"/v1/orgs/north/members/{owner_id}")
    assert last.status_code == 409  # the last owner stays
    member_id = next(m["teacher_id"] for m in listed if m["role"] == "member")
    gone = await cloud.as_teacher("DELETE", admin, f"/v1/orgs/north/members/{member_id}")
    assert gone.status_code == 204
    assert (await cloud.as_teacher("GET", member, "/v1/orgs")).json() == []


async def test_the_plan_bounds_the_number_of_teachers(cloud: Cloud) -> None:
    owner = await cloud.teacher("owner@school.example")
    await cloud.teacher("second@school.example")
    await cloud.as_teacher("POST", owner, "/v1/orgs", {"tenant_id": "south", "name": "S"})
    cloud.clock.advance(timedelta(days=15).total_seconds())  # trial over: Free allows 1 teacher
    owner = (
        await cloud.client.post(
            "/v1/auth/login", json={"email": "owner@school.example", "password": PASSWORD}
        )
    ).json()["access_token"]
    refused = await cloud.as_teacher(
        "POST", owner, "/v1/orgs/south/members", {"email": "second@school.example"}
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "not_entitled.teachers"
    ent = (await cloud.as_teacher("GET", owner, "/v1/orgs/south/entitlements")).json()
    assert (ent["plan"], ent["source"], ent["max_teachers"]) == ("free", "free", 1)


async def test_a_revoked_key_stops_working_at_once(cloud: Cloud) -> None:
    owner = await cloud.teacher("owner@school.example")
    made = (
        await cloud.as_teacher("POST", owner, "/v1/orgs", {"tenant_id": "east", "name": "E"})
    ).json()
    first = made["api_key"]
    second = (
        await cloud.as_teacher("POST", owner, "/v1/orgs/east/keys", {"label": "lab 2"})
    ).json()
    for key in (first["api_key"], second["api_key"]):
        assert (await cloud.sync(key, [result_item()])).status_code == 200  # and now cached
    revoked = await cloud.as_teacher("DELETE", owner, f"/v1/orgs/east/keys/{first['key_id']}")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    refused = await cloud.sync(first["api_key"], [result_item()])
    assert (refused.status_code, refused.json()["code"]) == (401, "unauthorized")
    assert (await cloud.sync(second["api_key"], [result_item()])).status_code == 200
    keys = (await cloud.as_teacher("GET", owner, "/v1/orgs/east/keys")).json()
    assert [(k["label"], k["revoked_at"] is None) for k in keys] == [
        ("initial", False),
        ("lab 2", True),
    ]
    assert all("api_key" not in k for k in keys)
    # the admin route revokes too
    by_admin = await cloud.client.delete(
        f"/v1/admin/tenants/east/keys/{second['key_id']}", headers={"X-Admin-Token": ADMIN_TOKEN}
    )
    assert by_admin.status_code == 200
    assert (await cloud.sync(second["api_key"], [result_item()])).status_code == 401
    # another tenant's key cannot be revoked through this organisation
    await cloud.tenant("west")
    west_keys = await cloud.client.post(
        "/v1/admin/tenants/west/keys", headers={"X-Admin-Token": ADMIN_TOKEN}
    )
    west_id = west_keys.json()["key_id"]
    foreign = await cloud.as_teacher("DELETE", owner, f"/v1/orgs/east/keys/{west_id}")
    assert foreign.status_code == 404
    assert (await cloud.sync(west_keys.json()["api_key"], [result_item()])).status_code == 200


async def test_an_invite_does_not_reveal_whether_an_address_is_registered(cloud: Cloud) -> None:
    owner = await cloud.teacher("owner@school.example")
    await cloud.teacher("known@school.example")
    await cloud.as_teacher("POST", owner, "/v1/orgs", {"tenant_id": "west", "name": "W"})
    known = await cloud.as_teacher(
        "POST", owner, "/v1/orgs/west/members", {"email": "Known@school.example"}
    )
    unknown = await cloud.as_teacher(
        "POST", owner, "/v1/orgs/west/members", {"email": "nobody@school.example"}
    )
    assert (known.status_code, unknown.status_code) == (202, 202)
    assert set(known.json()) == set(unknown.json()) == {"email", "role"}
    members = (await cloud.as_teacher("GET", owner, "/v1/orgs/west/members")).json()
    assert sorted(m["email"] for m in members) == ["known@school.example", "owner@school.example"]


async def test_one_trial_per_teacher(cloud: Cloud) -> None:
    owner = await cloud.teacher("owner@school.example")
    first = await cloud.as_teacher("POST", owner, "/v1/orgs", {"tenant_id": "one", "name": "1"})
    second = await cloud.as_teacher("POST", owner, "/v1/orgs", {"tenant_id": "two", "name": "2"})
    assert first.json()["trial_ends_at"] is not None
    assert second.json()["trial_ends_at"] is None
    for org, plan in (("one", ("pro", "trial")), ("two", ("free", "free"))):
        found = (await cloud.as_teacher("GET", owner, f"/v1/orgs/{org}/entitlements")).json()
        assert (found["plan"], found["source"]) == plan, org


async def test_the_tenant_route_says_the_plan_in_force_and_a_trial_can_be_ended(
    cloud: Cloud,
) -> None:
    key = await cloud.tenant("school_a")
    tenant = (await cloud.get(key, "/v1/tenant")).json()
    entitled = (await cloud.get(key, "/v1/entitlements")).json()
    assert (tenant["plan"], tenant["plan_source"]) == (entitled["plan"], entitled["source"])
    assert tenant["plan"] == "pro"  # in its trial
    ended = await cloud.client.post(
        "/v1/admin/tenants/school_a/end-trial", headers={"X-Admin-Token": ADMIN_TOKEN}
    )
    assert ended.status_code == 200, ended.text
    assert (ended.json()["plan"], ended.json()["plan_source"]) == ("free", "free")
    assert (await cloud.get(key, "/v1/entitlements")).json()["plan"] == "free"
    assert (await cloud.get(key, "/v1/tenant")).json()["plan"] == "free"
    refused = await cloud.client.post("/v1/admin/tenants/school_a/end-trial")
    assert refused.status_code == 401
