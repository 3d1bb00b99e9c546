"""The class report's page and table, from a report made by hand: what students typed is
shown as text (never markup), axes get round ticks, and an empty lesson says so."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import numpy as np

from app.report.build import (
    ClassReport,
    GamePlot,
    GameSection,
    PlotLine,
    StudentGame,
    TotalRow,
    report_channel,
)
from app.report.render import _nice_range, _ticks, report_csv, report_html
from app.store.records import LessonInfo, StoredFlight
from game.registry import get_game

WHEN = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
LESSON = LessonInfo(1, 1, "7B <Physics>", "KP3W7M", WHEN, None, 2, 2, 1)


def flight(fid: int, nickname: str, score: int, reason: str) -> StoredFlight:
    return StoredFlight(
        id=fid,
        result_uid=f"u{fid}",
        round_id=fid,
        student_id=1,
        nickname=nickname,
        outcome="landed",
        reason_code="landed",
        reason=reason,
        score=score,
        stars=2,
        breakdown={},
        flight_time_s=10.0,
        fuel_used=1.0,
        params={},
        created_at=WHEN,
        game="lunar_lander",
        world="moon",
    )


def report(nickname: str) -> ClassReport:
    best = flight(2, nickname, 900, "landed on the ×5 pad at 1.2 m/s")
    worst = flight(1, nickname, 100, "landed <off> the pads & slow")
    game = get_game("lunar_lander")
    line = PlotLine(nickname, np.linspace(0, 9, 10), np.linspace(-8, 0, 10))
    section = GameSection(
        key=game.key,
        title=game.title,
        discipline=game.discipline.title,
        concept=game.concept,
        success_word=game.success_word,
        rounds=2,
        students=(StudentGame(1, nickname, 2, 2, 1000, best, worst),),
        plot=GamePlot(report_channel(game.channels), (line,)),
    )
    return ClassReport(LESSON, (), (section,), (TotalRow(1, 1, nickname, {game.key: 900}, 900),))


def test_what_students_and_teachers_typed_is_text_never_markup() -> None:
    page = report_html(report("<script>alert(1)</script>"))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "7B &lt;Physics&gt;" in page
    assert "landed &lt;off&gt; the pads &amp; slow" in page
    assert "shaded: safe ≥ -2 m/s" in page


def test_the_table_has_one_row_per_student_and_game_with_best_and_worst() -> None:
    rows = list(csv.DictReader(io.StringIO(report_csv(report("Ada")))))
    assert len(rows) == 1
    row = rows[0]
    assert (row["student"], row["game"], row["best_score"], row["total_score"]) == (
        "Ada",
        "lunar_lander",
        "900",
        "1000",
    )
    assert row["worst_explanation"] == "landed <off> the pads & slow"
    assert (row["lesson_total"], row["lesson_rank"]) == ("900", "1")


def test_a_lesson_with_no_results_says_so() -> None:
    empty = ClassReport(LESSON, (), (), ())
    assert "No results were recorded in this lesson." in report_html(empty)
    assert report_csv(empty).strip() == ",".join(next(csv.reader(io.StringIO(report_csv(empty)))))


def test_axes_get_round_ticks() -> None:
    assert _nice_range(-7.3, 0.4) == (-8.0, 2.0)
    assert list(_ticks(-8.0, 2.0)) == [-8.0, -6.0, -4.0, -2.0, 0.0, 2.0]
    assert list(_ticks(0.0, 10.0)) == [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    assert list(_ticks(0.0, 100.0)) == [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    assert _nice_range(3.0, 3.0)[0] < 3.0 < _nice_range(3.0, 3.0)[1]
