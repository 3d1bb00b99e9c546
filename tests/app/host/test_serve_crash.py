"""SIGKILL ``moonbase serve`` mid-round while results are being written; restart it; every
result a student was told about (only ever after COMMIT) is there exactly once."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.bots import bot_specs, run_bot
from netcode.joinstring import parse_join_string
from netcode.messages import Event

ROOT = Path(__file__).resolve().parents[3]
CODE = "K7M2QX"
ADDRESS = re.compile(rb"--server (\S+)")


def serve(data: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONFAULTHANDLER": "1"}
    args = [sys.executable, "-m", "app.cli", "serve", "--data", str(data), "--code", CODE]
    args += ["--speed", "4", "--min-players", "6", "--rounds", "2", "--round-seconds", "40"]
    log = (data / "serve.log").open("ab")
    try:
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, env=env, cwd=ROOT)
    finally:
        log.close()


async def read_address(proc: subprocess.Popen[bytes], timeout: float = 20.0) -> str:
    assert proc.stdout is not None
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    seen = b""
    while loop.time() < deadline:
        line = await asyncio.wait_for(
            loop.run_in_executor(None, proc.stdout.readline), deadline - loop.time()
        )
        seen += line
        match = ADDRESS.search(line)
        if match:
            return match[1].decode()
        if not line:
            break
    raise AssertionError(f"serve printed no address: {seen!r}")


async def crash_mid_round(data: Path, completed: list[int]) -> list[int]:
    """Bots fly; after the first acknowledged results, SIGKILL the host. Returns the flight
    ids the host acknowledged to students; ``completed`` gets the rounds the watcher saw
    complete before the kill (on a fast machine the round may have ended already)."""
    proc = serve(data)
    acked: list[int] = []
    try:
        target = parse_join_string(await read_address(proc))
        from netcode.client import ClientConnection

        # a watcher that is told every result of the room, like a student's player
        specs = bot_specs(6, 21)
        bots = [
            asyncio.create_task(
                run_bot(target.host, target.port, CODE, s, server_key=target.server_key, timeout=60)
            )
            for s in specs[:5]
        ]
        watcher = ClientConnection()
        await watcher.connect(target.host, target.port, server_key=target.server_key)
        await watcher.join(CODE, specs[5].nickname, 0)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 60
        while len(acked) < 2 and loop.time() < deadline:
            msg = await watcher.recv(timeout=max(0.01, deadline - loop.time()))
            if isinstance(msg, Event) and msg.kind == "flight_ended":
                acked.append(int(msg.data["flight_id"]))
            if isinstance(msg, Event) and msg.kind == "round_completed":
                completed.append(int(msg.data["round_id"]))
        assert len(acked) >= 2, "no results acknowledged in time"
        proc.send_signal(signal.SIGKILL)  # while the others are still landing and writing
        proc.wait(10)
        # whatever reached the watcher before the socket died was acknowledged too
        for msg in watcher.poll():
            if isinstance(msg, Event) and msg.kind == "flight_ended":
                acked.append(int(msg.data["flight_id"]))
        watcher.close()
        for bot in bots:
            bot.cancel()
        await asyncio.gather(*bots, return_exceptions=True)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        assert proc.stdout is not None
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    return acked


def stop(proc: subprocess.Popen[bytes], data: Path, how: signal.Signals) -> bytes:
    """Stop serve with ``how`` (it must end by itself, within a bound generous for a loaded
    CI machine); on a hang, its threads' stacks (faulthandler) are in the failure."""
    proc.send_signal(how)
    try:
        out, _ = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack
        proc.communicate(timeout=20)
        log = (data / "serve.log").read_text(errors="replace")[-6000:]
        raise AssertionError(f"serve did not stop on {how.name}:\n{log}") from None
    assert proc.returncode == 130, (proc.returncode, (data / "serve.log").read_text()[-2000:])
    return out


async def restart(data: Path) -> bytes:
    proc = serve(data)
    try:
        await read_address(proc)
    finally:
        out = stop(proc, data, signal.SIGINT)
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_serve_mid_round_keeps_every_acknowledged_result(tmp_path: Path) -> None:
    completed: list[int] = []
    acked = asyncio.run(crash_mid_round(tmp_path, completed))
    asyncio.run(restart(tmp_path))
    db = sqlite3.connect(tmp_path / "moonbase.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = [r[0] for r in db.execute("SELECT id FROM flights")]
    assert len(ids) == len(set(ids))
    assert set(acked) <= set(ids)
    # exactly once: one flight per student per round, one outbox row per flight
    dupes = db.execute(
        "SELECT count(*) FROM (SELECT round_id, student_id FROM flights "
        "GROUP BY round_id, student_id HAVING count(*) > 1)"
    ).fetchone()[0]
    assert dupes == 0
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == len(ids)
    # the restart closed the round the crash left open
    states = [r[0] for r in db.execute("SELECT end_state FROM rounds")]
    assert states and None not in states
    if not completed:  # killed mid-round: the restart marked that round interrupted
        assert "interrupted" in states
    # the killed lesson was ended by the restart, no later than its rounds ended
    lessons = db.execute("SELECT id, started_at, ended_at FROM lessons ORDER BY id").fetchall()
    assert len(lessons) == 2 and all(ended is not None for _, _, ended in lessons)
    killed_end = lessons[0][2]
    last_round = db.execute(
        "SELECT max(finished_at) FROM rounds WHERE lesson_id = ?", (lessons[0][0],)
    ).fetchone()[0]
    assert lessons[0][1] <= killed_end and last_round <= killed_end
    # a round stored completed (competitive) has its ratings: every student who flew it
    for (round_id,) in db.execute("SELECT id FROM rounds WHERE end_state = 'completed'"):
        flew = {
            r[0]
            for r in db.execute("SELECT student_id FROM flights WHERE round_id = ?", (round_id,))
        }
        rated = {r[0] for r in db.execute("SELECT student_id FROM ratings WHERE matches > 0")}
        assert len(flew) < 2 or flew <= rated, (round_id, flew, rated)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_sigterm_stops_serve_cleanly_and_ends_the_lesson(tmp_path: Path) -> None:
    proc = serve(tmp_path)
    try:
        asyncio.run(read_address(proc))
    finally:
        stop(proc, tmp_path, signal.SIGTERM)  # how a service manager stops it
    db = sqlite3.connect(tmp_path / "moonbase.db")
    ended = db.execute("SELECT ended_at FROM lessons").fetchall()
    assert len(ended) == 1 and ended[0][0] is not None


async def _first_room(data: Path) -> bytes:
    proc = serve(data)
    bots: list[asyncio.Task[object]] = []
    try:
        target = parse_join_string(await read_address(proc))
        bots = [
            asyncio.create_task(
                run_bot(target.host, target.port, CODE, s, server_key=target.server_key, timeout=60)
            )
            for s in bot_specs(6, 5)  # all at once, as a class does when the code goes up
        ]
        assert proc.stdout is not None
        loop = asyncio.get_running_loop()
        seen = b""
        while b"Round 1 of" not in seen:
            line = await asyncio.wait_for(loop.run_in_executor(None, proc.stdout.readline), 30)
            assert line, f"serve ended early: {seen!r}"
            seen += line
        return seen
    finally:
        stop(proc, data, signal.SIGINT)
        for bot in bots:
            bot.cancel()
        await asyncio.gather(*bots, return_exceptions=True)


def test_serve_starts_the_first_round_with_every_student_it_waited_for(tmp_path: Path) -> None:
    out = asyncio.run(_first_room(tmp_path)).decode()
    joined = re.findall(r"joined: (\S+)", out)
    room = re.search(r"Room A: (.+)", out)
    assert len(joined) == 6 and room is not None
    assert sorted(room[1].split(", ")) == sorted(joined)
