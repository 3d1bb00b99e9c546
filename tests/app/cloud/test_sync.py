"""POST /v1/sync/results on every backend: idempotency, per-item answers, anti-cheat."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from tests.app.cloud.conftest import START, Cloud, result_item

pytestmark = pytest.mark.anyio


async def test_a_batch_sent_twice_counts_once(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    items = [result_item(student=f"s{i}", score=100 * (i + 1)) for i in range(5)]
    first = await cloud.sync(key, items)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["accepted"], body["duplicates"], body["rejected"]) == (5, 0, 0)
    assert [a["status"] for a in body["items"]] == ["accepted"] * 5
    assert [a["result_uid"] for a in body["items"]] == [i["result_uid"] for i in items]

    again = (await cloud.sync(key, items)).json()
    assert (again["accepted"], again["duplicates"], again["rejected"]) == (0, 5, 0)

    board = (await cloud.get(key, "/v1/leaderboards/lander", period="all", limit=10)).json()
    assert [e["score"] for e in board["entries"]] == [500, 400, 300, 200, 100]
    assert [e["rank"] for e in board["entries"]] == [1, 2, 3, 4, 5]


async def test_the_same_uid_twice_in_one_batch_is_a_duplicate(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    item = result_item()
    body = (await cloud.sync(key, [item, item])).json()
    assert [a["status"] for a in body["items"]] == ["accepted", "duplicate"]


async def test_each_item_is_answered_and_impossible_ones_rejected(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    missing = result_item()
    del missing["score"]
    items = [
        result_item(score=900),
        result_item(score=31_000, flight_time_s=1.0),  # > 1000 points per action
        result_item(score=200_000, flight_time_s=600.0),  # above the per-result ceiling
        result_item(score=50, outcome="crashed", stars=0),  # a crash earns nothing
        result_item(created_at=START + timedelta(hours=1)),  # from the future
        result_item(stars=4),
        missing,
        {"result_uid": "x"},
    ]
    body = (await cloud.sync(key, items)).json()
    statuses = [a["status"] for a in body["items"]]
    assert statuses == ["accepted"] + ["rejected"] * 7
    reasons = [a["reason"] for a in body["items"][1:]]
    assert "1000 points per action" in reasons[0]
    assert "exceeds the maximum 100000" in reasons[1]
    assert "crashed" in reasons[2]
    assert "future" in reasons[3]
    assert reasons[4].startswith("invalid stars")
    assert reasons[5].startswith("invalid score")
    assert body["items"][7]["result_uid"] == "x"
    board = (await cloud.get(key, "/v1/leaderboards/lander")).json()
    assert [e["score"] for e in board["entries"]] == [900]


async def test_a_student_who_only_scored_zero_is_on_the_boards_last(cloud: Cloud) -> None:
    """Decided: a flight scoring 0 (a crash) puts its student on the boards with 0, as the
    host's class board does, so the cloud's boards list everyone who flew."""
    key = await cloud.tenant("school_a")
    crash = result_item(student="cyd", nickname="Cyd", score=0, stars=0, outcome="crashed")
    landed = result_item(student="ada", nickname="Ada", score=300)
    assert (await cloud.sync(key, [crash, landed])).json()["accepted"] == 2
    export = (await cloud.get(key, "/v1/compliance/students/cyd")).json()
    assert [r["outcome"] for r in export["results"]] == ["crashed"]
    for params in ({}, {"scope": "class", "class_code": "KXR4TZ"}, {"period": "day"}):
        board = (await cloud.get(key, "/v1/leaderboards/lander", **params)).json()
        assert [(e["nickname"], e["score"], e["rank"]) for e in board["entries"]] == [
            ("Ada", 300, 1),
            ("Cyd", 0, 2),
        ], params
    around = (await cloud.get(key, "/v1/leaderboards/lander/around/cyd")).json()
    assert around["rank"] == 2


async def test_class_boards_hold_one_class(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    items = [result_item(student="a1", score=100), result_item(student="a2", score=200)]
    other = result_item(student="b1", score=900)
    other["class_code"] = "OTHER1"
    assert (await cloud.sync(key, [*items, other])).json()["accepted"] == 3
    board = (
        await cloud.get(key, "/v1/leaderboards/lander", scope="class", class_code="KXR4TZ")
    ).json()
    assert [e["student_id"] for e in board["entries"]] == ["a2", "a1"]
    around = await cloud.get(
        key, "/v1/leaderboards/lander/around/a1", scope="class", class_code="KXR4TZ"
    )
    assert (around.json()["rank"], len(around.json()["entries"])) == (2, 2)
    for params in (
        {"scope": "class"},
        {"class_code": "KXR4TZ"},
        {"scope": "class", "class_code": "no!"},
    ):
        answer = await cloud.get(key, "/v1/leaderboards/lander", **params)
        assert answer.status_code == 422, params


async def test_more_than_twenty_items_is_refused_whole(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    answer = await cloud.sync(key, [result_item() for _ in range(21)])
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_request"
    assert "items" in answer.json()["message"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-API-Key": "nonsense"}, {"Authorization": "Bearer tenant_school_a_" + "0" * 64}],
)
async def test_sync_needs_a_valid_key(cloud: Cloud, headers: dict[str, str]) -> None:
    await cloud.tenant("school_a")
    answer = await cloud.client.post(
        "/v1/sync/results", json={"items": [result_item()]}, headers=headers
    )
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthorized"


async def test_bearer_and_header_keys_both_work(cloud: Cloud) -> None:
    key = await cloud.tenant("school_a")
    answer = await cloud.client.post(
        "/v1/sync/results",
        json={"items": [result_item(uuid.uuid4().hex)]},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert answer.json()["accepted"] == 1
    info = (await cloud.get(key, "/v1/tenant")).json()
    assert info["tenant_id"] == "school_a"
    assert (info["plan"], info["plan_source"]) == ("pro", "trial")
