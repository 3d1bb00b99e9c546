"""The History screen's reader on the host side: it never creates the database."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from admin_gui.archive import Archive
from admin_gui.errors import LessonStateError
from admin_gui.records import HistoryQuery
from app.store import Store, UnknownRecordError


def test_no_database_file_means_no_history_and_no_file(tmp_path: Path) -> None:
    path = tmp_path / "data" / "moonbase.db"
    archive = Archive(path)
    assert asyncio.run(archive.lessons(HistoryQuery("physics"))) == []
    with pytest.raises(LessonStateError, match="there is no results database at"):
        asyncio.run(archive.lesson(1))
    assert not path.exists() and not path.parent.exists()


def test_reads_lessons_through_its_own_connection(tmp_path: Path) -> None:
    path = tmp_path / "moonbase.db"

    async def run() -> None:
        async with await Store.open(path) as store:  # the host's connection stays open
            cid = await store.create_class("7B Physics", "K7M2QX")
            lesson = await store.start_lesson(cid, "K7M2QX")
            archive = Archive(path)
            (found,) = await archive.lessons(HistoryQuery("7b"))
            assert (found.id, found.rounds, found.ended_at) == (lesson, 0, None)
            assert await archive.lessons(HistoryQuery("7c")) == []
            detail = await archive.lesson(lesson)
            assert (detail.lesson_id, detail.rounds, detail.flights) == (lesson, (), ())
            with pytest.raises(UnknownRecordError, match="lesson 99 does not exist"):
                await archive.lesson(99)

    asyncio.run(run())
