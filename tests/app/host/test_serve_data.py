"""``moonbase serve`` and its data folder: a second host on the same ``--data`` during a
live round is refused with the holder's process id and changes nothing (it used to mark
the live round 'interrupted'); a damaged database is refused at start with the way out."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.bots import run_bots_command
from tests.app.host.test_serve_crash import CODE, ROOT, read_address

pytestmark = pytest.mark.slow


def _serve_args(data: Path) -> list[str]:
    args = [sys.executable, "-m", "app.cli", "serve", "--data", str(data), "--code", CODE]
    return [*args, "--speed", "4", "--min-players", "2", "--rounds", "1", "--round-seconds", "16"]


ENV = {**os.environ, "PYTHONPATH": str(ROOT), "MOONBASE_LAN_DISCOVERY": "false"}


def test_a_second_serve_on_the_same_data_is_refused_and_the_round_completes(
    tmp_path: Path,
) -> None:
    first = subprocess.Popen(
        _serve_args(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=ENV, cwd=ROOT
    )

    async def lesson() -> tuple[int, subprocess.CompletedProcess[str]]:
        server = await read_address(first)
        bots = asyncio.create_task(run_bots_command(server, CODE, count=2, seed=3, rounds=1))
        assert first.stdout is not None
        loop = asyncio.get_running_loop()
        seen = b""
        while b"Round 1 of 1" not in seen:
            line = await asyncio.wait_for(loop.run_in_executor(None, first.stdout.readline), 30)
            assert line, f"serve ended early: {seen!r}"
            seen += line
        second = await asyncio.to_thread(
            subprocess.run,
            _serve_args(tmp_path),
            check=False,
            capture_output=True,
            text=True,
            env=ENV,
            cwd=ROOT,
            timeout=120,  # it stops at once; the bound is for a heavily loaded machine
        )
        return await asyncio.wait_for(bots, 120), second

    try:
        played, second = asyncio.run(lesson())
        out, _ = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate(timeout=20)
    assert second.returncode == 1, second.stdout + second.stderr
    assert f"is in use by process {first.pid} (moonbase serve, since" in second.stderr
    assert "Traceback" not in second.stderr and second.stdout == ""
    assert played == 0 and first.returncode == 0, out.decode(errors="replace")[-2000:]
    db = sqlite3.connect(tmp_path / "moonbase.db")
    assert [r[0] for r in db.execute("SELECT end_state FROM rounds")] == ["completed"]
    assert db.execute("SELECT count(*) FROM lessons").fetchone()[0] == 1
    db.close()


def test_serve_refuses_a_damaged_database_in_one_line(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "moonbase.db") as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 200,) for _ in range(200)])
        (root,) = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 't'").fetchone()
    conn.close()
    with open(tmp_path / "moonbase.db", "r+b") as fh:
        fh.seek((root - 1) * 4096 + 8)
        fh.write(b"\x5a" * 4000)
    proc = subprocess.run(
        _serve_args(tmp_path),
        check=False,
        capture_output=True,
        text=True,
        env=ENV,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 1
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "is damaged (quick_check:" in lines[0], proc.stderr
    assert "no automatic backup yet" in lines[0]
