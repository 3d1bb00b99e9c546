"""``moonbase`` with bad input: one line, non-zero exit, no traceback, nothing written."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def moonbase(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "MOONBASE_CONFIG": "", **(env or {})}
    full_env.pop("MOONBASE_CONFIG")
    return subprocess.run(  # noqa: PLW1510 - the exit code is what we test
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=full_env,
        timeout=120,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess[str], needle: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert needle in lines[0], lines[0]


@pytest.fixture
def busy_port() -> Iterator[int]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    yield sock.getsockname()[1]
    sock.close()


def test_demo_runs_and_prints_results(tmp_path: Path) -> None:
    proc = moonbase("demo", "--bots", "2", "--speed", "6", "--seed", "3", "--data", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "Results (from the database)" in proc.stdout
    assert "Class leaderboard" in proc.stdout
    assert (tmp_path / "moonbase.db").is_file()


def test_port_out_of_range(tmp_path: Path) -> None:
    proc = moonbase("demo", "--port", "70000", "--data", str(tmp_path))
    assert_one_line_error(proc, "'port' = 70000")
    assert proc.returncode == 2
    assert not any(tmp_path.iterdir())


def test_port_in_use(tmp_path: Path, busy_port: int) -> None:
    proc = moonbase("demo", "--port", str(busy_port), "--data", str(tmp_path))
    assert_one_line_error(proc, "in use")


def test_unwritable_data_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    proc = moonbase("demo", "--data", str(blocker / "sub"))
    assert_one_line_error(proc, str(blocker))
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_malformed_config_file(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text("port = [", encoding="utf-8")
    proc = moonbase("demo", "--config", str(cfg), "--data", str(tmp_path / "d"))
    assert_one_line_error(proc, "is not valid TOML")
    assert not (tmp_path / "d").exists()


def test_too_many_bots(tmp_path: Path) -> None:
    proc = moonbase("demo", "--bots", "9", "--data", str(tmp_path))
    assert_one_line_error(proc, "--bots must be between 1 and 8")


def test_sync_status_without_cloud_settings(tmp_path: Path) -> None:
    proc = moonbase("sync", "--status", "--data", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "outbox: 0 pending, 0 sent" in proc.stdout
    assert "cloud sync is off" in proc.stdout


def test_export_a_round_after_the_demo(tmp_path: Path) -> None:
    demo = moonbase("demo", "--bots", "2", "--speed", "6", "--seed", "4", "--data", str(tmp_path))
    assert demo.returncode == 0, demo.stderr
    target = tmp_path / "round1.csv"
    proc = moonbase("export", "--round", "1", "--out", str(target), "--data", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3  # header + two students
    assert "Ada" in target.read_text(encoding="utf-8")


def test_export_needs_exactly_one_selector(tmp_path: Path) -> None:
    proc = moonbase("export", "--data", str(tmp_path))
    assert_one_line_error(proc, "give exactly one of --round ID or --student ID")


def test_export_from_a_folder_without_results_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "MISSING"
    proc = moonbase("export", "--round", "1", "--data", str(missing))
    assert_one_line_error(proc, f"no results in {missing}: the folder does not exist")
    assert not missing.exists()
    (tmp_path / "empty").mkdir()
    proc = moonbase("export", "--student", "1", "--data", str(tmp_path / "empty"))
    assert_one_line_error(proc, "has no moonbase.db")
    assert list((tmp_path / "empty").iterdir()) == []


def test_serve_with_a_join_code_no_class_could_have(tmp_path: Path) -> None:
    proc = moonbase("serve", "--code", "SOAK42", "--data", str(tmp_path))
    assert_one_line_error(proc, "--code: join code 'SOAK42' has characters a code never uses")


def test_bad_cloud_key_in_config(tmp_path: Path) -> None:
    cfg = tmp_path / "m.toml"
    cfg.write_text("cloud_url = 'https://x.example'\ncloud_key = 'nope'\n", encoding="utf-8")
    proc = moonbase("sync", "--config", str(cfg), "--data", str(tmp_path / "d"))
    assert_one_line_error(proc, "'cloud_key'")
