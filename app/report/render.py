"""The class report as CSV (one row per student and game) and as one printable HTML page
(no scripts, no external files: it opens from a USB stick and prints on A4 landscape)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from html import escape
from pathlib import Path

import numpy as np

from app.common.files import write_atomic
from app.errors import HostError
from app.report.build import ClassReport, GamePlot, GameSection, StudentGame

CSV_COLUMNS = (
    "student",
    "game",
    "rounds",
    "succeeded",
    "best_score",
    "best_stars",
    "total_score",
    "best_round",
    "best_explanation",
    "worst_round",
    "worst_explanation",
    "lesson_total",
    "lesson_rank",
)
# eight colours that stay apart in print and for the common colour-vision deficiencies
PALETTE = (
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#000000",
    "#999933",
    "#882255",
    "#44aa99",
)


def report_csv(report: ClassReport) -> str:
    totals = {row.student_id: row for row in report.totals}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for section in report.sections:
        for s in section.students:
            total = totals[s.student_id]
            writer.writerow(
                [
                    s.nickname,
                    section.key,
                    s.rounds,
                    s.successes,
                    s.best.score,
                    s.best.stars,
                    s.total,
                    s.best.round_id,
                    s.best.reason,
                    s.worst.round_id if s.rounds > 1 else "",
                    s.worst.reason if s.rounds > 1 else "",
                    total.total,
                    total.rank,
                ]
            )
    return out.getvalue()


def report_html(report: ClassReport) -> str:
    lesson = report.lesson
    when = lesson.started_at.astimezone().strftime("%A %d %B %Y, %H:%M")
    games = ", ".join(s.title for s in report.sections) or "no games played"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(lesson.class_name)}: class report</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>{escape(lesson.class_name)}</h1>",
        f'<p class="meta">Lesson of {escape(when)} · join code {escape(lesson.join_code)} · '
        f"{len(report.rounds)} round(s) · {len(report.totals)} student(s) · "
        f"{escape(games)}</p></header>",
    ]
    if not report.sections:
        parts.append("<p>No results were recorded in this lesson.</p>")
    else:
        parts.append(_totals_table(report))
        parts += [_section_html(s) for s in report.sections]
    parts.append(
        "<footer>Scores are each game's own points; the lesson total adds each student's best "
        "score in every game. Made by Moonbase.</footer></body></html>"
    )
    return "\n".join(parts)


def _totals_table(report: ClassReport) -> str:
    head = "".join(f"<th>{escape(s.title)}</th>" for s in report.sections)
    rows = []
    for row in report.totals:
        cells = "".join(
            f'<td class="num">{row.best[s.key]}</td>' if s.key in row.best else "<td>–</td>"
            for s in report.sections
        )
        rows.append(
            f'<tr><td class="num">{row.rank}</td><td>{escape(row.nickname)}</td>{cells}'
            f'<td class="num total">{row.total}</td></tr>'
        )
    return (
        '<section class="totals"><h2>Lesson total</h2><table><thead><tr><th>#</th>'
        f"<th>Student</th>{head}<th>Total</th></tr></thead><tbody>{''.join(rows)}</tbody>"
        "</table></section>"
    )


def _stars(count: int) -> str:
    count = max(0, min(3, count))
    return f'<span class="stars" title="{count} of 3 stars">{"★" * count}{"☆" * (3 - count)}</span>'


def _section_html(section: GameSection) -> str:
    rows = "".join(_student_row(section, s) for s in section.students)
    concept = f'<p class="concept">{escape(section.concept)}</p>' if section.concept else ""
    plot = _plot_svg(section.plot) if section.plot else '<p class="noplot">No plot recorded.</p>'
    discipline = f" <small>{escape(section.discipline)}</small>" if section.discipline else ""
    return (
        f'<section class="game"><h2>{escape(section.title)}{discipline}</h2>{concept}'
        f'<div class="cols"><table><thead><tr><th>Student</th><th>Rounds</th>'
        f"<th>{escape(section.success_word.capitalize())}</th><th>Best</th><th>Stars</th>"
        f"<th>Best round</th><th>Worst round</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<figure>{plot}</figure></div></section>"
    )


def _student_row(section: GameSection, s: StudentGame) -> str:
    worst = escape(s.worst.reason) if s.rounds > 1 else '<span class="muted">one round</span>'
    return (
        f'<tr><td>{escape(s.nickname)}</td><td class="num">{s.rounds}</td>'
        f'<td class="num">{s.successes}</td><td class="num">{s.best.score}</td>'
        f"<td>{_stars(s.best.stars)}</td><td>{escape(s.best.reason)}</td><td>{worst}</td></tr>"
    )


# -- the plot --------------------------------------------------------------------------------
W, H = 360, 210
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 22, 30


def _plot_svg(plot: GamePlot) -> str:
    channel = plot.channel
    t_max = max(float(line.t[-1]) for line in plot.lines)
    lows = [float(np.min(line.values)) for line in plot.lines]
    highs = [float(np.max(line.values)) for line in plot.lines]
    for bound in (channel.safe_low, channel.safe_high):
        if bound is not None:
            lows.append(bound)
            highs.append(bound)
    y_lo, y_hi = _nice_range(min(lows), max(highs))
    x_hi = _nice_range(0.0, max(t_max, 1e-6))[1]

    def x(t: float) -> float:
        return LEFT + (W - LEFT - RIGHT) * t / x_hi

    def y(v: float) -> float:
        return H - BOTTOM - (H - TOP - BOTTOM) * (v - y_lo) / (y_hi - y_lo)

    unit = f" ({channel.unit})" if channel.unit else ""
    out = [
        f'<svg viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
        f'aria-label="{escape(channel.label)} against time, best round of each student">',
        f'<text x="{LEFT}" y="14" class="ptitle">{escape(channel.label)}{escape(unit)}, '
        "best round of each student</text>",
    ]
    if channel.safe_low is not None or channel.safe_high is not None:
        lo = y_lo if channel.safe_low is None else channel.safe_low
        hi = y_hi if channel.safe_high is None else channel.safe_high
        out.append(
            f'<rect x="{LEFT}" y="{y(hi):.1f}" width="{W - LEFT - RIGHT}" '
            f'height="{max(0.0, y(lo) - y(hi)):.1f}" class="band"><title>safe band</title></rect>'
        )
    for tick in _ticks(y_lo, y_hi):
        out.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'class="grid"/><text x="{LEFT - 4}" y="{y(tick) + 3:.1f}" class="tick" '
            f'text-anchor="end">{tick:g}</text>'
        )
    for tick in _ticks(0.0, x_hi):
        out.append(
            f'<text x="{x(tick):.1f}" y="{H - BOTTOM + 12}" class="tick" '
            f'text-anchor="middle">{tick:g}</text>'
        )
    out.append(
        f'<text x="{(LEFT + W - RIGHT) / 2}" y="{H - 4}" class="tick" '
        'text-anchor="middle">time (s)</text>'
    )
    out.append(
        f'<rect x="{LEFT}" y="{TOP}" width="{W - LEFT - RIGHT}" height="{H - TOP - BOTTOM}" '
        'class="frame"/>'
    )
    for index, line in enumerate(plot.lines):
        colour = PALETTE[index % len(PALETTE)]
        points = " ".join(
            f"{x(float(t)):.1f},{y(float(v)):.1f}" for t, v in zip(line.t, line.values, strict=True)
        )
        out.append(
            f'<polyline points="{points}" stroke="{colour}" class="line">'
            f"<title>{escape(line.nickname)}</title></polyline>"
        )
    out.append("</svg>")
    band = _band_words(plot)
    legend = band + "".join(
        f'<span><i style="background:{PALETTE[i % len(PALETTE)]}"></i>{escape(line.nickname)}'
        "</span>"
        for i, line in enumerate(plot.lines)
    )
    return "".join(out) + f'<figcaption class="legend">{legend}</figcaption>'


def _band_words(plot: GamePlot) -> str:
    c = plot.channel
    unit = f" {c.unit}" if c.unit else ""
    if c.safe_low is not None and c.safe_high is not None:
        words = f"safe {c.safe_low:g} to {c.safe_high:g}{unit}"
    elif c.safe_low is not None:
        words = f"safe ≥ {c.safe_low:g}{unit}"
    elif c.safe_high is not None:
        words = f"safe ≤ {c.safe_high:g}{unit}"
    else:
        return ""
    return f'<span><i class="bandkey"></i>shaded: {escape(words)}</span>'


def _nice_range(lo: float, hi: float) -> tuple[float, float]:
    if not math.isfinite(lo) or not math.isfinite(hi):
        return 0.0, 1.0
    if hi - lo < 1e-9:
        lo, hi = lo - 1.0, hi + 1.0
    step = _step(lo, hi)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def _step(lo: float, hi: float) -> float:
    raw = (hi - lo) / 4
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return float(10.0 * magnitude)


def _ticks(lo: float, hi: float) -> Sequence[float]:
    """Ticks for a range from :func:`_nice_range`: the roundest step that ends on both
    ends with at most six intervals."""
    span = hi - lo
    base = 10.0 ** math.floor(math.log10(span / 6))
    step = span
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0):
        candidate = factor * base
        count = span / candidate
        if count <= 6 + 1e-9 and abs(count - round(count)) < 1e-6:
            step = candidate
            break
    first = math.ceil(lo / step - 1e-9)
    return [round(k * step, 10) for k in range(first, math.floor(hi / step + 1e-9) + 1)]


_CSS = """
@page { size: A4 landscape; margin: 10mm; }
body { font: 10pt/1.3 "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0 auto;
       max-width: 277mm; }
h1 { font-size: 16pt; margin: 0; } h2 { font-size: 12pt; margin: 8pt 0 2pt; }
h2 small { font-weight: normal; color: #555; font-size: 9pt; }
.meta, .concept, footer, .muted, .noplot { color: #444; }
.concept { margin: 0 0 4pt; font-style: italic; }
table { border-collapse: collapse; font-size: 8.5pt; }
th, td { border-bottom: 1px solid #ccc; padding: 1.5pt 5pt; text-align: left;
         vertical-align: top; }
th { background: #eef2f6; } td.num { text-align: right; } td.total { font-weight: bold; }
.stars { color: #b8860b; letter-spacing: 1px; white-space: nowrap; }
.cols { display: flex; gap: 10pt; align-items: flex-start; }
.cols table { flex: 1; } figure { margin: 0; width: 360px; flex: none; }
section { break-inside: avoid; } footer { margin-top: 8pt; font-size: 8pt; }
svg text { font: 8px "DejaVu Sans", Arial, sans-serif; fill: #333; }
svg .ptitle { font-size: 9px; font-weight: bold; }
svg .band { fill: #2e8b57; opacity: 0.15; } svg .grid { stroke: #e4e4e4; }
svg .frame { fill: none; stroke: #999; } svg .line { fill: none; stroke-width: 1.3; }
.legend { font-size: 8pt; display: flex; flex-wrap: wrap; gap: 2pt 8pt; }
.legend i.bandkey { background: #2e8b57; opacity: 0.3; height: 8px; }
.legend i { display: inline-block; width: 10px; height: 3px; margin-right: 3px;
            vertical-align: middle; }
"""


def write_report(report: ClassReport, html_path: Path) -> tuple[Path, Path]:
    """The report as ``html_path`` and the CSV beside it (same name, ``.csv``); each file
    is written whole or not at all. Returns both paths."""
    csv_path = html_path.with_suffix(".csv")
    for path, text in ((html_path, report_html(report)), (csv_path, report_csv(report))):
        try:
            write_atomic(path, text)
        except OSError as exc:
            raise HostError(f"cannot write the class report to {path}: {exc.strerror}") from None
    return html_path, csv_path
