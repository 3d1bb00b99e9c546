"""The one group commit both the local store and the cloud use (app/common/group_commit.py),
with a write function that records its groups: callers of one loop turn share a group, a
group stays within max_batch in arrival order, a group failing for one job's reason is
written again job by job, a caller cancelled before its turn leaves nothing written, and
close writes what was handed over and refuses the rest."""

from __future__ import annotations

import asyncio

import pytest

from app.common.group_commit import GroupCommit


class BadRowError(Exception):
    pass


def recorder(
    refuse: set[int] | None = None, delay: float = 0.0
) -> tuple[list[list[int]], GroupCommit[int, int]]:
    groups: list[list[int]] = []

    async def write(jobs: list[int]) -> list[int | Exception]:
        await asyncio.sleep(delay)
        if refuse and len(jobs) > 1 and refuse & set(jobs):
            raise BadRowError("a row of the group")
        groups.append(list(jobs))
        return [BadRowError(f"job {j}") if refuse and j in refuse else j * 10 for j in jobs]

    return groups, GroupCommit(write, max_batch=4)


def test_callers_of_one_turn_share_groups_within_max_batch_in_order() -> None:
    async def scenario() -> tuple[list[list[int]], list[int]]:
        groups, writer = recorder()
        out = await asyncio.gather(*(writer.submit(i) for i in range(10)))
        return groups, list(out)

    groups, out = asyncio.run(scenario())
    assert out == [i * 10 for i in range(10)]
    assert groups == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def test_a_group_failing_for_one_jobs_reason_is_written_job_by_job() -> None:
    async def scenario() -> tuple[list[list[int]], list[object], int]:
        groups, writer = recorder(refuse={2})
        out = await asyncio.gather(*(writer.submit(i) for i in range(4)), return_exceptions=True)
        return groups, list(out), writer.isolated

    groups, out, isolated = asyncio.run(scenario())
    assert isolated == 1 and groups == [[0], [1], [2], [3]]
    assert out[:2] == [0, 10] and out[3] == 30
    assert isinstance(out[2], BadRowError) and str(out[2]) == "job 2"


def test_a_caller_cancelled_before_its_turn_leaves_nothing_written() -> None:
    async def scenario() -> list[list[int]]:
        groups, writer = recorder(delay=0.05)
        first = asyncio.create_task(writer.submit(1))
        await asyncio.sleep(0.01)  # 1 is being written; 2 waits for the next group
        second = asyncio.create_task(writer.submit(2))
        third = asyncio.create_task(writer.submit(3))
        await asyncio.sleep(0.01)
        second.cancel()
        assert await first == 10 and await third == 30
        with pytest.raises(asyncio.CancelledError):
            await second
        return groups

    assert asyncio.run(scenario()) == [[1], [3]]


def test_close_writes_what_was_handed_over_then_refuses() -> None:
    async def scenario() -> tuple[list[list[int]], list[int]]:
        groups, writer = recorder(delay=0.02)
        waiting = [asyncio.create_task(writer.submit(i)) for i in range(3)]
        await asyncio.sleep(0)
        await writer.close()
        with pytest.raises(RuntimeError, match="closed"):
            await writer.submit(9)
        return groups, [await t for t in waiting]

    groups, out = asyncio.run(scenario())
    assert out == [0, 10, 20] and [j for g in groups for j in g] == [0, 1, 2]
