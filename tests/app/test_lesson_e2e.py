"""A lesson made of several games, headless: ``moonbase serve --lesson FILE --report FILE``
with a class of bots over the real protocol. Every planned round runs in order, each with
its own game, level, mode and knobs; the class report (HTML page and CSV) has every student
in every game, with the explanation of their best and worst round and one plot per game;
``moonbase report`` writes the same report from the database afterwards."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.bots import run_bots_command
from app.cli import main
from game.registry import get_game
from tests.app.host.test_serve_crash import ROOT, read_address

pytestmark = pytest.mark.slow

CODE = "KP3W7M"
PLAN = """
title = "Forces, structures and a second try"

[[round]]
game = "lunar_lander"
level = "moon"
seconds = 30

[[round]]
game = "bridge_builder"
level = "short_span"
seconds = 20

[[round]]
game = "rover_program"
level = "corner"
seconds = 30

[[round]]
game = "lunar_lander"
level = "mars"
mode = "cooperative"
seconds = 30
knobs = { fuel = 300 }
"""
GAMES_PLAYED = ["lunar_lander", "bridge_builder", "rover_program"]
ROUNDS = 4
BOTS = 4


class _Page(HTMLParser):
    """The text, section headings and plot lines of a report page."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.h2: list[str] = []
        self.polylines = 0
        self.bands = 0
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self._in_h2 = True
            self.h2.append("")
        if tag == "polyline":
            self.polylines += 1
        if tag == "rect" and ("class", "band") in attrs:
            self.bands += 1
        if tag == "script":
            raise AssertionError("a report page runs no scripts")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_h2:
            self.h2[-1] += data


def test_a_lesson_of_several_games_runs_headless_and_leaves_a_class_report(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "lesson.toml"
    plan.write_text(PLAN, encoding="utf-8")
    data = tmp_path / "data"
    report = tmp_path / "report" / "week3.html"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MOONBASE_LAN_DISCOVERY": "false"}
    args = [sys.executable, "-m", "app.cli", "serve", "--data", str(data), "--code", CODE]
    args += ["--speed", "6", "--min-players", str(BOTS), "--seed", "11"]
    args += ["--lesson", str(plan), "--report", str(report)]
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=ROOT
    )

    async def class_of_bots() -> tuple[int, str]:
        server = await read_address(proc)
        said = io.StringIO()
        code = await asyncio.wait_for(
            run_bots_command(server, CODE, count=BOTS, seed=5, rounds=ROUNDS, out=said), 300
        )
        return code, said.getvalue()

    try:
        bots_code, bots_said = asyncio.run(class_of_bots())
        out, _ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=20)
    text = out.decode(errors="replace")
    assert proc.returncode == 0, text[-3000:]
    assert bots_code == 0, bots_said
    assert "Lesson plan 'Forces, structures and a second try': 4 round(s)" in text
    assert "Round 1 of 4 (Lunar Lander, Moon, competitive, 30 s)" in text, text[-3000:]
    assert "Round 2 of 4 (Bridge builder" in text
    assert "Round 3 of 4 (Rover program" in text
    assert "Round 4 of 4 (Lunar Lander, Mars, cooperative, 30 s (fuel 300))" in text
    assert "team score" in text  # the cooperative round
    for key in GAMES_PLAYED:
        assert f"Class leaderboard, all time ({key})" in text
    assert "Lesson total" in text
    assert f"Round {ROUNDS}: {BOTS} of {BOTS} bots played it" in bots_said, bots_said

    table = report.with_suffix(".csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(table)))
    assert len(rows) == BOTS * len(GAMES_PLAYED)
    lander = [r for r in rows if r["game"] == "lunar_lander"]
    assert len(lander) == BOTS and all(r["rounds"] == "2" for r in lander)
    for row in lander:  # two rounds: a best and a worst round, each explained in words
        assert row["best_explanation"] and row["worst_explanation"], row
        assert row["best_round"] != row["worst_round"]
    for row in (r for r in rows if r["game"] != "lunar_lander"):
        assert row["rounds"] == "1" and row["worst_round"] == ""
    # the lesson total is the sum of each student's best score in every game
    for name in {r["student"] for r in rows}:
        own = [r for r in rows if r["student"] == name]
        assert {r["lesson_total"] for r in own} == {str(sum(int(r["best_score"]) for r in own))}

    page = _Page()
    page.feed(report.read_text(encoding="utf-8"))
    words = " ".join(page.text)
    assert page.h2[0] == "Lesson total"
    for key in GAMES_PLAYED:
        game = get_game(key)
        assert any(h.startswith(game.title) for h in page.h2), page.h2
        assert game.concept in words
    assert page.polylines >= BOTS  # one plot per game, a line per student's best round
    assert page.bands >= 2  # the safe band of the lander's and the bridge's plotted channel
    for row in rows:
        assert row["student"] in words and row["best_explanation"] in words

    # afterwards, from the database alone
    again = tmp_path / "again.html"
    assert main(["report", "--data", str(data), "--out", str(again)]) == 0
    assert again.with_suffix(".csv").read_text(encoding="utf-8") == report.with_suffix(
        ".csv"
    ).read_text(encoding="utf-8")


def test_report_refuses_a_folder_with_no_results_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "nothing"
    assert main(["report", "--data", str(empty), "--out", str(tmp_path / "r.html")]) == 1
    assert f"no results in {empty}: the folder does not exist" in capsys.readouterr().err
    assert not empty.exists() and not (tmp_path / "r.html").exists()


def test_serve_refuses_a_bad_lesson_plan_before_hosting(tmp_path: Path) -> None:
    plan = tmp_path / "lesson.toml"
    plan.write_text("[[round]]\ngame = 'chess'\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MOONBASE_LAN_DISCOVERY": "false"}
    args = [sys.executable, "-m", "app.cli", "serve", "--data", str(tmp_path / "d")]
    args += ["--lesson", str(plan)]
    done = subprocess.run(
        args, check=False, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert done.returncode == 1
    assert "round 1: unknown game 'chess'" in done.stderr
    assert "Hosting" not in done.stdout
    assert not (tmp_path / "d").exists()


def test_serve_refuses_a_join_code_no_student_could_type(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MOONBASE_LAN_DISCOVERY": "false"}
    args = [sys.executable, "-m", "app.cli", "serve", "--data", str(tmp_path / "d")]
    args += ["--code", "LOL123"]
    done = subprocess.run(
        args, check=False, capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("moonbase: --code: join code 'LOL123' has characters")
    assert "Traceback" not in done.stderr
