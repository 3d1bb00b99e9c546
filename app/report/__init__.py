"""The class report: what a teacher takes home from a lesson, per student and per game.

:func:`build_report` reads a lesson back from the store; :func:`report_csv` and
:func:`report_html` write it as a spreadsheet and as a printable page.
"""

from app.report.build import (
    ClassReport,
    GameSection,
    StudentGame,
    TotalRow,
    build_report,
    lesson_totals,
)
from app.report.render import report_csv, report_html, write_report

__all__ = [
    "ClassReport",
    "GameSection",
    "StudentGame",
    "TotalRow",
    "build_report",
    "lesson_totals",
    "report_csv",
    "report_html",
    "write_report",
]
