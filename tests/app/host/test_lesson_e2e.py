"""The done-when lesson over real sockets: a class, 16 bots join with the code, are grouped
by rating into 2 rooms, fly 3 rounds in 3 modes (one paused and resumed), one student is
muted, and the lesson's results are exported."""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import io
import sqlite3
from pathlib import Path

from app.bots import BotReport, bot_specs, run_bot
from app.config import Settings
from app.host.host import ClassHost, HostEvent
from app.store import Store

SPEED = 5.0
CODE = "K7M2QX"


async def until(predicate: object, what: str, timeout: float = 20.0) -> None:
    assert callable(predicate)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def lesson(data_dir: Path) -> None:
    settings = dataclasses.replace(
        Settings(), data_dir=data_dir, speed=SPEED, countdown_seconds=1.0, round_seconds=30.0
    )
    store = await Store.open(data_dir / "moonbase.db")
    host = ClassHost(settings, store, join_code=CODE, grouping="rating")
    await host.start()
    events = host.subscribe()
    seen: list[HostEvent] = []
    specs = bot_specs(16, 3)
    tasks = [
        asyncio.create_task(
            run_bot(
                "127.0.0.1",
                host.port,
                "k7m-2qx",  # typed the way a student might
                spec,
                server_key=host.public_key,
                rounds=3,
                chat=f"good luck from {spec.nickname}",
                timeout=90.0,
            )
        )
        for spec in specs
    ]
    try:
        await until(
            lambda: len(host.rooms) == 2 and all(len(r.members) == 8 for r in host.rooms.values()),
            "16 bots grouped into 2 rooms of 8",
        )
        assert not host.lobby()
        ada = next(p for p in host.players() if p.nickname == "Ada")
        host.mute(ada.player_id)

        # Round 1: competitive in both rooms; room A paused and resumed mid-flight.
        ids1 = await host.start_all(mode="competitive", seed=11)
        assert sorted(ids1) == ["A", "B"]
        await until(lambda: (s := host.status("A")) is not None and s.phase == "active", "A active")
        await until(lambda: host.status("A").tick > 30, "A flying")  # type: ignore[union-attr]
        assert host.pause("A") == ["A"]
        frozen = host.status("A").tick  # type: ignore[union-attr]
        b_before = host.status("B").tick  # type: ignore[union-attr]
        await until(lambda: host.status("B").tick > b_before + 30, "B keeps flying")  # type: ignore[union-attr]
        status_a = host.status("A")
        assert status_a is not None and status_a.phase == "paused" and status_a.tick == frozen
        assert host.resume("A") == ["A"]
        first = await host.wait_round(60.0, room="*")
        assert len(first) == 16

        # Round 2: cooperative, one team score per room.
        ids2 = await host.start_all(mode="cooperative", seed=12)
        second = await host.wait_round(60.0, room="*")
        assert len(second) == 16

        # Round 3: survival, waves of rising difficulty.
        ids3 = await host.start_all(mode="survival", seed=13, max_waves=2)
        third = await host.wait_round(90.0, room="*")
        assert len(third) >= 16

        reports: list[BotReport] = await asyncio.gather(*tasks)
        exported = await host.export_lesson_csv()
        while not events.empty():
            seen.append(events.get_nowait())
    finally:
        for task in tasks:
            task.cancel()
        await host.stop()
        await store.close()

    # every bot saw 3 rounds and was told of each of its stored flights
    assert all(r.rounds == 3 for r in reports)
    told = sum(len(r.results) for r in reports)
    assert told == len(first) + len(second) + len(third)
    assert not host.barred()
    kinds = [e.kind for e in seen]
    assert "round_paused" in kinds and "round_resumed" in kinds
    assert kinds.count("wave_started") >= 1 or any(
        e.kind == "round_completed" and e.data["mode"] == "survival" for e in seen
    )

    # the export has every flight of the lesson, and matches the database
    rows = list(csv.DictReader(io.StringIO(exported)))
    db = sqlite3.connect(data_dir / "moonbase.db")
    assert len(rows) == db.execute("SELECT count(*) FROM flights").fetchone()[0]
    assert len(rows) == len(first) + len(second) + len(third)
    assert {r["nickname"] for r in rows} == {s.nickname for s in specs}
    modes = dict(db.execute("SELECT id, mode FROM rounds").fetchall())
    assert sorted(modes.values()) == ["competitive"] * 2 + ["cooperative"] * 2 + ["survival"] * 2
    # cooperative: the team score is the room's scores together
    for room, rid in ids2.items():
        team = db.execute("SELECT team_score FROM rounds WHERE id = ?", (rid,)).fetchone()[0]
        total = db.execute("SELECT sum(score) FROM flights WHERE round_id = ?", (rid,)).fetchone()
        assert team == total[0], room
    # ratings: everyone played one rated round, still in placement
    ratings = db.execute("SELECT matches, rd FROM ratings").fetchall()
    assert len(ratings) == 16 and all(m == 1 and rd < 350 for m, rd in ratings)
    # the muted student's lines are kept but were not delivered; the others were
    chat = db.execute("SELECT sender, delivered FROM chat_log").fetchall()
    assert ("Ada", 0) in chat and ("Ada", 1) not in chat
    assert sum(1 for s, d in chat if s != "Ada" and d == 1) >= 15 * 3
    assert db.execute("SELECT ended_at IS NOT NULL FROM lessons").fetchone()[0] == 1
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert set(ids1.values()) | set(ids3.values()) <= set(modes)


def test_scripted_lesson_over_real_sockets(tmp_path: Path) -> None:
    asyncio.run(lesson(tmp_path))
