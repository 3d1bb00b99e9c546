"""The host-thread side of the History screen: past lessons read from the results database.

It opens its own short-lived connection for each read, so it works whether or not a class
is being hosted (the file is in WAL mode: reading never blocks the host's writes), and it
never creates the database: with no file yet there is simply no history.
"""

from __future__ import annotations

from pathlib import Path

from admin_gui.errors import LessonStateError
from admin_gui.records import HistoryQuery, LessonDetail
from app.report import build_report, write_report
from app.store import LessonInfo, Store

MAX_LESSONS = 200


class Archive:
    """Reads the lesson history from the database file at ``path`` (on the host thread)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    async def lessons(self, query: HistoryQuery) -> list[LessonInfo]:
        """Lessons matching ``query``, newest first (at most :data:`MAX_LESSONS`)."""
        if not self.path.is_file():
            return []
        async with await Store.open(self.path) as store:
            return await store.lessons(
                query.search or None, query.since, query.until, limit=MAX_LESSONS
            )

    async def export_student(self, student_id: int) -> dict[str, object]:
        """Everything stored about one student (see :meth:`Store.export_student`)."""
        async with await Store.open(self.path) as store:
            return await store.export_student(student_id)

    async def erase_student(self, student_id: int) -> int:
        """Erase one student here (their results with them); the count of results."""
        async with await Store.open(self.path) as store:
            return await store.delete_student(student_id)

    async def lesson(self, lesson_id: int) -> LessonDetail:
        """The lesson's rounds and all its flights, in one go."""
        if not self.path.is_file():
            raise LessonStateError(f"there is no results database at {self.path} yet")
        async with await Store.open(self.path) as store:
            rounds = await store.lesson_rounds(lesson_id)
            flights = await store.lesson_results(lesson_id)
        return LessonDetail(lesson_id, tuple(rounds), tuple(flights))

    async def report(self, lesson_id: int | None, html_path: Path) -> tuple[Path, Path]:
        """The class report of ``lesson_id`` (None: the newest lesson) written to
        ``html_path`` and the CSV beside it; returns both paths."""
        if not self.path.is_file():
            raise LessonStateError(f"there is no results database at {self.path} yet")
        async with await Store.open(self.path) as store:
            if lesson_id is None:
                newest = await store.lessons(limit=1)
                if not newest:
                    raise LessonStateError("no lesson has been hosted yet: nothing to report")
                lesson_id = newest[0].id
            made = await build_report(store, lesson_id)
        return write_report(made, html_path)
