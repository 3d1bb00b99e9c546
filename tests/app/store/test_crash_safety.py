"""SIGKILL while results are being written: every acknowledged result is there exactly once."""

from __future__ import annotations

import asyncio
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.store import Store

ROOT = Path(__file__).resolve().parents[3]
WRITER = """
import asyncio, sys
from pathlib import Path
from app.store import FlightRecord, Store

async def main(path):
    store = await Store.open(path)
    class_id = await store.create_class("7B", "K7M2QX")
    students = [await store.add_student(class_id, f"s{i}") for i in range(8)]
    round_id = await store.create_round(class_id, game="lander", world="moon", mode="solo",
                                        seed=1, room="A", params={})
    print("ready", flush=True)
    for i in range(1_000_000):
        record = FlightRecord(round_id, students[i % 8], "lander", "moon", "landed", "ok", "",
                              i, 1, {"i": i}, 1.0, 1.0, {}, bytes(2000), b"")
        stored = await store.record_flight(record)
        print(stored.result_uid, flush=True)  # acknowledged only after COMMIT

asyncio.run(main(Path(sys.argv[1])))
"""
ACKS_BEFORE_KILL = 150
DEADLINE_S = 30.0


def read_acks(proc: subprocess.Popen[bytes], want: int) -> bytes:
    """Read the child's stdout until ``want`` acks arrived (or fail at the deadline)."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    data = b""
    deadline = time.monotonic() + DEADLINE_S
    while data.count(b"\n") < want + 1:  # +1 for "ready"
        left = deadline - time.monotonic()
        if left <= 0:
            acked = data.count(b"\n") - 1
            pytest.fail(f"writer acknowledged only {acked} results in time")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                pytest.fail(f"writer exited early: {proc.wait(5)}")
            data += chunk
    return data


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_write_loses_no_acknowledged_result(db_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, env=env, cwd=ROOT
    ) as proc:
        try:
            data = read_acks(proc, ACKS_BEFORE_KILL)
        finally:
            proc.send_signal(signal.SIGKILL)
            assert proc.stdout is not None
            data_tail = proc.stdout.read()  # whatever was acknowledged before the kill
            proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    lines = (data + data_tail).decode().split("\n")
    acked = [line for line in lines[1:] if len(line) == 32]  # a torn last line is not an ack

    async def inspect() -> tuple[list[str], list[str], int, str]:
        async with await Store.open(db_path) as store:
            uids = [f.result_uid for f in await store.round_results(1)]
            outbox = [i.result_uid for i in await store.outbox_pending(limit=1000)]
            plays = sum([(await store.personal_bests(s))[0].plays for s in range(1, 9)])
            return uids, outbox, plays, await store.integrity_check()

    uids, outbox, plays, integrity = asyncio.run(inspect())
    assert integrity == "ok"
    assert len(acked) >= ACKS_BEFORE_KILL
    assert len(uids) == len(set(uids))
    assert set(acked) <= set(uids)
    assert len(uids) - len(acked) <= 1  # at most the one committed as the kill landed
    assert sorted(outbox) == sorted(uids)
    assert plays == len(uids)
