"""Text with a NUL (or another control character) is refused as bad input, item by item in
a sync batch, never stored: PostgreSQL cannot store NUL in text and answered 500, failing a
whole batch of good results with it."""

from __future__ import annotations

import pytest

from tests.app.cloud.conftest import Cloud, result_item

pytestmark = pytest.mark.anyio


async def test_a_nul_in_a_result_rejects_that_item_and_keeps_the_rest(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    items = [
        result_item(student="ada", nickname="Ada", score=300),
        result_item(student="nul", nickname="Bad\x00Name", score=900),
        result_item(student="tab", nickname="Tab\tName", score=800),
        result_item(student="bob", nickname="Bob", score=200),
    ]
    answer = await cloud.sync(key, items)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [i["status"] for i in body["items"]] == ["accepted", "rejected", "rejected", "accepted"]
    assert body["items"][1]["reason"].startswith("invalid nickname")
    board = (await cloud.get(key, "/v1/leaderboards/lander")).json()
    assert [e["nickname"] for e in board["entries"]] == ["Ada", "Bob"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/auth/register", {"email": "a\x00@b.example", "password": "x" * 12, "name": "A"}),
        ("/v1/auth/register", {"email": "a@b.example", "password": "x" * 12, "name": "A\x00"}),
        ("/v1/auth/login", {"email": "a\x00@b.example", "password": "x" * 12}),
        ("/v1/auth/refresh", {"refresh_token": "a.b\x00.c"}),
    ],
)
async def test_nul_in_account_fields_is_422(cloud: Cloud, path: str, body: dict[str, str]) -> None:
    answer = await cloud.client.post(path, json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "invalid_request"


async def test_nul_in_teacher_and_admin_fields_is_422(cloud: Cloud) -> None:
    token = await cloud.teacher("t@school.example")
    made = await cloud.as_teacher("POST", token, "/v1/orgs", {"tenant_id": "s1", "name": "S"})
    assert made.status_code == 201
    for method, path, body in (
        ("POST", "/v1/orgs", {"tenant_id": "s2", "name": "Nul\x00School"}),
        ("POST", "/v1/orgs/s1/keys", {"label": "lab\x00"}),
        ("POST", "/v1/orgs/s1/members", {"email": "x\x00@school.example"}),
        (
            "POST",
            "/v1/orgs/s1/billing/checkout",
            {"plan": "pro", "success_url": "http://a/\x00", "cancel_url": "http://a/b"},
        ),
    ):
        answer = await cloud.as_teacher(method, token, path, body)
        assert answer.status_code == 422, (path, answer.text)
    admin = await cloud.client.post(
        "/v1/admin/tenants",
        json={"tenant_id": "s3", "name": "Nul\x00"},
        headers={"X-Admin-Token": "test-admin-token"},
    )
    assert admin.status_code == 422
