"""``moonbase report``: the class report of a lesson (HTML page and CSV) from the results
database, for a lesson hosted by ``serve`` or the console (the newest one by default)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from app.config import Settings
from app.errors import HostError
from app.report import build_report, write_report
from app.store import StorageError
from app.store.files import open_existing_store


async def run_report(
    settings: Settings, *, lesson_id: int | None, output: Path, out: TextIO | None = None
) -> int:
    out = out or sys.stdout
    if output.suffix.lower() not in (".html", ".htm"):
        raise HostError(f"--out must name an .html file (the CSV goes beside it), got {output}")
    store = await open_existing_store(settings.data_dir)
    try:
        try:
            if lesson_id is None:
                newest = await store.lessons(limit=1)
                if not newest:
                    raise HostError(f"no lesson has been hosted with {settings.data_dir}")
                lesson_id = newest[0].id
            report = await build_report(store, lesson_id)
        except StorageError as exc:
            raise HostError(str(exc)) from None
    finally:
        await store.close()
    html_path, csv_path = write_report(report, output)
    students = len(report.totals)
    games = ", ".join(s.title for s in report.sections) or "no games"
    out.write(
        f"Class report of lesson {lesson_id} ({report.lesson.class_name}, {students} "
        f"student(s), {games}): {html_path} and {csv_path}\n"
    )
    return 0
