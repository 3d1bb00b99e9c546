"""What a lesson leaves in the data folder: students who played (or were listed), not every
nickname that joined; and a backup of the database at the lesson's end."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.host.host import HostEvent
from app.store import ChatLine, Store
from netcode.messages import Leave
from tests.app.host.wire import Student, host_event, hosted


def _named(name: str) -> Callable[[HostEvent], bool]:
    return lambda event: event.data["nickname"] == name


def test_nicknames_that_only_join_and_leave_do_not_stay_students(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with hosted(tmp_path) as host:
            events = host.subscribe()
            await host.load_roster("nickname\nAda\nRosa\n")
            host.clear_roster()  # anyone may join; Rosa stays listed in the class's roster
            ada = await Student.join(host, "Ada")
            await host.start_round(seconds=2)
            await host.wait_round(30)
            for i in range(6):  # an attacker with the code: join, leave, next nickname
                mal = await Student.join(host, f"Mal{i}")
                mal.conn.send(Leave())
                await host_event(events, "player_left", _named(f"Mal{i}"))
                mal.close()
            quiet = [await Student.join(host, f"Quiet{i}") for i in range(3)]  # never leave
            await host.end_lesson()
            assert host.backup_path is not None and host.backup_path.is_file()
            for student in (ada, *quiet):
                student.close()

    asyncio.run(scenario())
    db = sqlite3.connect(tmp_path / "moonbase.db")
    names = sorted(r[0] for r in db.execute("SELECT nickname FROM students"))
    assert names == ["Ada"]  # Rosa never joined: listed in the roster, no student row yet
    assert db.execute("SELECT count(*) FROM flights").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    backups = list((tmp_path / "backups").glob("moonbase-*.db"))
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    assert [r[0] for r in copy.execute("SELECT nickname FROM students")] == ["Ada"]
    copy.close()
    db.close()


def test_nicknames_kept_only_by_flags_go_once_the_flags_stop_counting(tmp_path: Path) -> None:
    """An attacker with the code collects flags under many nicknames: each row stays while its
    flags count towards a bar (24 h), then goes at the next lesson's start or end."""
    now = datetime.now(UTC)

    async def seed() -> None:
        async with await Store.open(tmp_path / "moonbase.db") as store:
            class_id, _ = await store.open_class("Yesterday", "ABC234")
            for name, age in (("OldMal", timedelta(hours=25)), ("NewMal", timedelta(hours=1))):
                sid = await store.add_student(class_id, name)
                await store.add_flag(sid, "malformed", "controls out of range", now=now - age)
            # an old flag does not take a student who played with it
            played = await store.add_student(class_id, "Ada")
            await store.add_flag(played, "range", "thrust 2.0", now=now - timedelta(days=3))
            lesson_id = await store.start_lesson(class_id, "ABC234")
            line = ChatLine(0, "lobby", played, "Ada", "hello", False, True, now)
            await store.log_chat(lesson_id, line)

    async def lesson() -> None:
        async with hosted(tmp_path) as host:
            await host.end_lesson()

    asyncio.run(seed())
    db = sqlite3.connect(tmp_path / "moonbase.db")
    assert db.execute("SELECT count(*) FROM students").fetchone()[0] == 3
    db.close()
    asyncio.run(lesson())
    db = sqlite3.connect(tmp_path / "moonbase.db")
    names = sorted(r[0] for r in db.execute("SELECT nickname FROM students"))
    assert names == ["Ada", "NewMal"]
    assert db.execute("SELECT count(*) FROM flags").fetchone()[0] == 2  # OldMal's went with it
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
