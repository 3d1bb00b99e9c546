"""The ghost-join scenario: ``moonbase serve --rounds 3``, a room of students who join for
one round and leave. The round after, their room has nobody to play: it is skipped (it used
to fail with "room B has nobody to fly" and end the lesson with exit 1). The lesson runs its
three rounds to the end and exits 0."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.bots import run_bots_command
from tests.app.host.test_serve_crash import CODE, ROOT, read_address

pytestmark = pytest.mark.slow


def test_students_who_leave_never_stop_the_lesson(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MOONBASE_LAN_DISCOVERY": "false"}
    args = [sys.executable, "-m", "app.cli", "serve", "--data", str(tmp_path), "--code", CODE]
    args += ["--speed", "6", "--min-players", "14", "--rounds", "3", "--round-seconds", "12"]
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT
    )

    async def class_of_bots() -> tuple[int, str, int]:
        server = await read_address(proc)
        stayers, ghosts = io.StringIO(), io.StringIO()
        staying = asyncio.create_task(
            run_bots_command(server, CODE, count=8, seed=1, rounds=3, out=stayers)
        )
        await asyncio.sleep(1.0)  # the stayers fill room A; the ghosts land in room B
        names = ["Gia", "Gil", "Gwen", "Gary", "Gina", "Gem"]  # not the default names
        leaving = await run_bots_command(
            server, CODE, count=6, seed=2, rounds=1, names=names, out=ghosts
        )
        return await asyncio.wait_for(staying, 240), stayers.getvalue(), leaving

    try:
        stayed, stayer_text, left = asyncio.run(class_of_bots())
        out, _ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=20)
    text = out.decode(errors="replace")
    assert proc.returncode == 0, text[-3000:]
    assert stayed == 0 and left == 0, stayer_text
    for number in (1, 2, 3):
        assert f"Round {number} of 3" in text, text[-3000:]
    assert "nobody to" not in text
    assert "Round 3: 8 of 8 bots played it" in stayer_text, stayer_text
