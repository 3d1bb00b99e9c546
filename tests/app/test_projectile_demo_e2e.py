"""``moonbase demo --game projectile_range``: host + bots over real ZeroMQ sockets, results
in a real SQLite file, read back and printed; the same seed gives the same table."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import re
import sqlite3
from pathlib import Path

from app.config import Settings
from app.demo import run_demo
from app.store import Store
from app.store.files import DB_NAME
from game.series import Series

ROW = re.compile(r"^\s+(\d+)\s+(\w+)\s+(all_hit|out_of_shots|timed_out)\s+(\d+)\s+(\**)\s+(.+)$")


def settings(data_dir: Path) -> Settings:
    return dataclasses.replace(
        Settings(),
        data_dir=data_dir,
        game="projectile_range",
        world="earth_air",
        speed=4.0,
        countdown_seconds=1.0,
        round_seconds=60.0,
        lan_discovery=False,
    )


async def telemetry(path: Path, flight_id: int) -> bytes:
    async with await Store.open(path) as store:
        return await store.flight_telemetry(flight_id)


def run(data_dir: Path, bots: int, seed: int) -> str:
    out = io.StringIO()
    assert asyncio.run(run_demo(settings(data_dir), bots=bots, seed=seed, out=out)) == 0
    return out.getvalue()


def results(text: str) -> list[tuple[str, str, int, int, str]]:
    block = text.split("Results (from the database)")[1].split("Class leaderboard", maxsplit=1)[0]
    return [
        (m[2], m[3], int(m[4]), len(m[5]), m[6].strip())
        for line in block.splitlines()
        if (m := ROW.match(line))
    ]


def test_a_class_of_bots_fires_at_the_range_and_the_table_is_the_database(
    tmp_path: Path,
) -> None:
    text = run(tmp_path / "a", bots=4, seed=7)
    assert "Projectile range (Physics) on With air" in text
    printed = results(text)
    assert len(printed) == 4, text
    db = sqlite3.connect(tmp_path / "a" / DB_NAME)
    stored = db.execute(
        "SELECT s.nickname, f.outcome, f.score, f.stars, f.reason FROM flights f "
        "JOIN students s ON s.id = f.student_id ORDER BY f.score DESC, s.nickname"
    ).fetchall()
    assert [tuple(r) for r in stored] == printed
    assert {r[0] for r in db.execute("SELECT game FROM flights")} == {"projectile_range"}
    assert any(outcome == "all_hit" for _, outcome, *_ in printed)
    for (flight_id,) in db.execute("SELECT id FROM flights"):
        series = Series.from_bytes(asyncio.run(telemetry(tmp_path / "a" / DB_NAME, flight_id)))
        assert "x" in series and "hits" in series and len(series) > 10
        assert series["y"].max() > 1.0  # shells flew
    assert all(size > 0 for (size,) in db.execute("SELECT length(inputs) FROM flight_data"))
    # same seed, same table
    assert results(run(tmp_path / "b", bots=4, seed=7)) == printed
