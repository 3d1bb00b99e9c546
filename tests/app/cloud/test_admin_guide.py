"""docs/cloud.md is checked by running it: every ``sh`` block, in order, as one bash script,
against a real ``moonbase cloud`` (and, for its "several instances" part, PostgreSQL and
Redis); and its tables name every setting and every route the service has."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import re
import shutil
import signal
import subprocess
import uuid
from pathlib import Path

import pytest

from app.cloud.server import create_app
from app.cloud.settings import CloudSettings
from tests.app.cloud.conftest import (
    PG_HOST,
    PG_PORT,
    REDIS_DB,
    REDIS_HOST,
    REDIS_PORT,
    _pg_admin,
    flush_redis,
    reachable,
)
from tests.app.cloud.instances import ROOT, free_port

GUIDE = ROOT / "docs" / "cloud.md"
RUN_DEADLINE_S = 240
FENCE = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)


def guide_script(examples: dict[str, str]) -> str:
    """The guide's commands as one script, its example folders, ports and database addresses
    swapped for ``examples``' values (each must be in the guide)."""
    blocks = FENCE.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(blocks) >= 8, "the guide's commands went missing"
    script = "\n".join(blocks)
    for example, ours in examples.items():
        assert example in script, f"the guide no longer says {example!r}"
        script = script.replace(example, ours)
    lines = ["set -euo pipefail", "set -x", "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT"]
    return "\n".join([*lines, script])


def _examples(tmp_path: Path, database: str) -> dict[str, str]:
    return {
        "MOONBASE_CLOUD_DATA_DIR=/var/lib/moonbase-cloud": (
            f"MOONBASE_CLOUD_DATA_DIR={tmp_path / 'cloud'}"
        ),
        "CLOUD_PORT=8080": f"CLOUD_PORT={free_port()}",
        "PORT_A=8081 PORT_B=8082": f"PORT_A={free_port()} PORT_B={free_port()}",
        "postgresql://moonbase:password@db.school.internal:5432/moonbase": (
            f"postgresql://postgres@{PG_HOST}:{PG_PORT}/{database}"
        ),
        "redis://db.school.internal:6379/0": f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
    }


def _environment(tmp_path: Path) -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update({"HOME": str(tmp_path / "home"), "MOONBASE_CLOUD_LOG_LEVEL": "warning"})
    return env


def _run(script: str, cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    """Run the script in its own process group; on timeout, stop it all and say where."""
    proc = subprocess.Popen(
        ["bash", "-c", script],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=RUN_DEADLINE_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return -1, out, err + f"\n(timed out after {RUN_DEADLINE_S} s)"
    return proc.returncode, out, err


def test_every_command_of_the_guide_runs(tmp_path: Path) -> None:
    missing = [tool for tool in ("curl", "jq", "bash") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"the guide uses {', '.join(missing)}, not installed here")
    if not reachable(PG_HOST, PG_PORT) or not reachable(REDIS_HOST, REDIS_PORT):
        pytest.skip("the guide's 'several instances' part needs PostgreSQL and Redis")
    name = f"moonbase_guide_{uuid.uuid4().hex[:10]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    asyncio.run(flush_redis())
    work = tmp_path / "work"
    work.mkdir()
    (work / ".venv").symlink_to(ROOT / ".venv")  # the commands run "from the Moonbase folder"
    (tmp_path / "home").mkdir()
    try:
        code, out, err = _run(guide_script(_examples(tmp_path, name)), work, _environment(tmp_path))
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        asyncio.run(flush_redis())
    assert code == 0, (out + err)[-6000:]
    assert '"role": "owner"' in out and '"scopes": [\n    "sync"\n  ]' in out
    assert "grace@north.example admin" in out  # the invited colleague joined
    assert "last success: 20" in out  # the class reached the cloud
    assert "entitlement: plan Pro, works offline until" in out
    assert re.search(r"^1 \w+ 953$", out, re.MULTILINE), out  # the class's board, via the cloud
    assert "student.export\n" in out and "student.delete" in out
    assert "\n403\n" in out  # a sync-only key may not erase
    assert "free free" in out and "not_entitled.global_leaderboards" in out
    assert "west_college" in out  # a key made on one instance works on the other


def test_the_settings_table_names_every_setting() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for field in dataclasses.fields(CloudSettings):
        assert f"`{CloudSettings.variable(field.name)}`" in text, field.name


def test_the_routes_table_names_every_route() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    paths = create_app(CloudSettings()).openapi()["paths"]
    missing = [
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method in operations
        if f"`{method.upper()} {path}`" not in text
    ]
    assert not missing, missing
