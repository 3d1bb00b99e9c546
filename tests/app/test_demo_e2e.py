"""The demo's path end to end: host + bots over real ZeroMQ sockets + a real SQLite file."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import re
import sqlite3
from pathlib import Path

from app.config import Settings
from app.demo import run_demo
from app.store.files import DB_NAME

ROW = re.compile(
    r"^\s+(\d+)\s+(\w+)\s+(landed|crashed|out_of_bounds|out_of_fuel|timed_out)\s+(\d+)\s+(\**)\s+(.+)$"
)


def fast_settings(data_dir: Path) -> Settings:
    return dataclasses.replace(
        Settings(), data_dir=data_dir, speed=4.0, countdown_seconds=1.0, round_seconds=45.0
    )


def run(data_dir: Path, bots: int, seed: int) -> str:
    out = io.StringIO()
    code = asyncio.run(run_demo(fast_settings(data_dir), bots=bots, seed=seed, out=out))
    assert code == 0
    return out.getvalue()


def results_block(text: str) -> list[tuple[str, str, int, int, str]]:
    block = text.split("Results (from the database)")[1].split("Class leaderboard", maxsplit=1)[0]
    rows = []
    for line in block.splitlines():
        m = ROW.match(line)
        if m:
            rows.append((m[2], m[3], int(m[4]), len(m[5]), m[6].strip()))
    return rows


def test_demo_rows_match_the_database(tmp_path: Path) -> None:
    text = run(tmp_path, bots=4, seed=11)
    printed = results_block(text)
    assert len(printed) == 4, text
    db = sqlite3.connect(tmp_path / DB_NAME)
    stored = db.execute(
        "SELECT s.nickname, f.outcome, f.score, f.stars, f.reason FROM flights f "
        "JOIN students s ON s.id = f.student_id ORDER BY f.score DESC, s.nickname"
    ).fetchall()
    assert [tuple(r) for r in stored] == printed
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 4
    # every flight keeps its telemetry and the inputs that flew it
    rows = db.execute(
        "SELECT length(d.telemetry), length(d.inputs) FROM flights f "
        "JOIN flight_data d ON d.flight_id = f.id"
    ).fetchall()
    assert len(rows) == 4
    for size, inputs in rows:
        assert size > 100 and inputs > 0
    # the leaderboard printed is read back from the same rows
    board = text.split("Class leaderboard")[1]
    top_name = stored[0][0]
    assert re.search(rf"^\s+1\s+{top_name}\s+{stored[0][2]}\b", board, re.M), board


def test_same_seed_same_results(tmp_path: Path) -> None:
    first = results_block(run(tmp_path / "a", bots=3, seed=5))
    second = results_block(run(tmp_path / "b", bots=3, seed=5))
    assert first == second
    assert len(first) == 3
