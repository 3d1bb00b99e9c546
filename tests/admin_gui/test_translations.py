"""The German console is complete (issue 14): Qt's own ``lupdate`` reads every translatable
string in admin_gui/ and finds none missing or unfinished in console_de.ts; each translation
keeps its placeholders and its keyboard letter; the .qm shipped is the .ts compiled; no
string hides from lupdate (``parent.tr(...)`` or an alias of ``translate``); and what each
of the six games supplies (its title, knobs and their help, feasibility warnings, outcomes,
reasons, knob summaries) reads German on the knobs page and in the results table."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from admin_gui.i18n import I18N_DIR, install_language, remove_language
from admin_gui.models.results_model import ranked, reason_text, results_model
from admin_gui.models.roster_model import phase_text
from admin_gui.widgets.knobs_page import KnobsPage
from admin_gui.widgets.watch_page import WatchPage
from app.common import gamewords
from app.store import StoredFlight
from game.api import Game, PlayerResult
from game.registry import all_games
from game.words import Words, templates
from tests.app.common.test_gamewords import played

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(str(p) for p in (ROOT / "admin_gui").rglob("*.py"))
TS = I18N_DIR / "console_de.ts"
QM = I18N_DIR / "console_de.qm"
TOOLS = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
MNEMONIC = re.compile(r"&[^&\s]")


def messages(ts: Path) -> list[tuple[str, str, str | None, str | None]]:
    """(context, source, translation, type) of every message."""
    out = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name", "")
        for m in ctx.iter("message"):
            tr = m.find("translation")
            assert tr is not None
            out.append((name, m.findtext("source", ""), tr.text, tr.get("type")))
    return out


def test_every_console_string_has_a_finished_german_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "console_de.ts"
    shutil.copy(TS, fresh)
    subprocess.run(
        [str(TOOLS / "pyside6-lupdate"), *SOURCES, "-ts", str(fresh), "-no-obsolete"],
        check=True,
        capture_output=True,
    )
    found = messages(fresh)
    unfinished = [(c, s) for c, s, t, kind in found if kind == "unfinished" or not (t or "")]
    assert unfinished == [], f"{len(unfinished)} strings without German: {unfinished[:10]}"
    shipped = {(c, s) for c, s, _t, _k in messages(TS)}
    assert {(c, s) for c, s, _t, _k in found} == shipped, "run pyside6-lupdate on admin_gui"


def test_each_translation_keeps_its_placeholders_and_its_letter() -> None:
    wrong = []
    for context, source, translation, _kind in messages(TS):
        german = translation or ""
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(german)):
            wrong.append((context, source, german))
        if bool(MNEMONIC.search(source)) != bool(MNEMONIC.search(german)):
            wrong.append((context, source, german))
    assert wrong == []


def test_the_shipped_catalogue_is_the_translations_compiled(tmp_path: Path) -> None:
    built = tmp_path / "console_de.qm"
    subprocess.run(
        [str(TOOLS / "pyside6-lrelease"), str(TS), "-qm", str(built)],
        check=True,
        capture_output=True,
    )
    assert built.read_bytes() == QM.read_bytes(), "run pyside6-lrelease on console_de.ts"


def test_no_string_hides_from_lupdate() -> None:
    hidden = []
    for path in SOURCES:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner = node.func.value
                if node.func.attr == "tr" and not (
                    isinstance(owner, ast.Name) and owner.id == "self"
                ):
                    hidden.append(f"{path}:{node.lineno} {ast.unparse(node.func)}")
            if isinstance(node, ast.Assign) and ast.unparse(node.value).endswith(
                "QCoreApplication.translate"
            ):
                hidden.append(f"{path}:{node.lineno} an alias of translate")
    assert hidden == []


def test_the_new_screens_speak_german(qtbot: QtBot, qapp: QApplication) -> None:
    translators = install_language(qapp, "de")
    try:
        page = WatchPage()
        qtbot.addWidget(page)
        assert page.pause_button.text() == "Runde &anhalten"
        assert page.winner_text([]) == "Runde vorbei: keine Ergebnisse"
    finally:
        remove_language(qapp, translators)


# -- the games' words in the German console (issue 14): what each game supplies ------------
def _german(said: Words | str) -> str:
    """``said`` in German, every template of it translated (a test fails on one not)."""
    known = gamewords.catalogue("de")
    missing = [
        t for t in (templates(said) if isinstance(said, Words) else [said]) if t not in known
    ]
    assert missing == [], f"no German for {missing}"
    return gamewords.say(said, "de")


@pytest.mark.parametrize("game", all_games(), ids=lambda g: g.key)
def test_the_knobs_page_speaks_german_for_every_game(
    qtbot: QtBot, qapp: QApplication, game: Game
) -> None:
    translators = install_language(qapp, "de")
    try:
        page = KnobsPage(game.levels[0].key, game=game.key)
        qtbot.addWidget(page)
        assert _german(game.title) in page.intro.text()
        letters = [page.checks[k.key].text().split("&")[1][:1].lower() for k in game.knobs]
        assert len(set(letters)) == len(letters), letters  # each knob its own letter
        for knob in game.knobs:
            assert page.checks[knob.key].text().replace("&", "") == _german(knob.label)
            assert page.checks[knob.key].toolTip() == _german(knob.help)
            if knob.unit:
                assert page.spins[knob.key].suffix() == " " + gamewords.say(knob.unit, "de")
        warned = False
        for knob in game.knobs:  # a setting that makes the goal impossible, warned in German
            for value in (knob.low, knob.high):
                said = game.check_knobs(game.levels[0].key, {knob.key: value})
                if said and not warned:
                    page.set_knob(knob.key, value)
                    assert page.warnings == [_german(w) for w in said]
                    assert page.warning_label.text().startswith("⚠ " + _german(said[0]))
                    warned = True
        assert warned, f"no knob setting of {game.key} draws a warning"
    finally:
        remove_language(qapp, translators)


def _stored(game: Game, result: PlayerResult, fid: int) -> StoredFlight:
    return StoredFlight(
        id=fid,
        result_uid=f"u{fid}",
        round_id=1,
        student_id=fid,
        nickname=f"S{fid}",
        outcome=result.outcome,
        reason_code=result.reason_code,
        reason=result.reason,
        score=result.score,
        stars=result.stars,
        breakdown=result.to_dict(),  # as the host stores it
        flight_time_s=result.time_s,
        fuel_used=0.0,
        params={"game": game.key, "knobs": {game.knobs[0].key: game.knobs[0].high}},
        created_at=datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
        game=game.key,
        world=game.levels[0].key,
    )


@pytest.mark.parametrize("game", all_games(), ids=lambda g: g.key)
def test_the_results_table_speaks_german_for_every_game(qapp: QApplication, game: Game) -> None:
    results = played(game, 0.3, 11) + played(game, 0.98, 12)
    flights = [_stored(game, r, i + 1) for i, r in enumerate(results)]
    translators = install_language(qapp, "de")
    try:
        model = results_model()
        model.replace(ranked(flights))
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(9)]
        assert headers[2:4] == ["Ergebnis", "Warum"]
        for row, result in enumerate(results):
            flight = ranked(flights)[row].flight
            shown = [model.data(model.index(row, c)) for c in range(model.columnCount())]
            assert shown[3] == _german(result.said) == reason_text(flight)
            assert shown[2] == _german(game.status_label(result.outcome))
            knob = game.knobs[0]
            assert shown[8].startswith(gamewords.say(knob.label, "de"))
    finally:
        remove_language(qapp, translators)
    # the English console shows the stored English text
    assert reason_text(flights[0]) == flights[0].reason


def test_the_roster_says_what_a_student_does_in_german(qapp: QApplication) -> None:
    translators = install_language(qapp, "de")
    try:
        assert phase_text("flying") == "spielt"
        for game in all_games():  # each game's outcome, as the roster shows it after a round
            for value, status in game.statuses.items():
                if value != 0:  # 0 is still playing: the roster says "flying" then
                    assert phase_text(status.code) == _german(phase_text_en(status.code))
    finally:
        remove_language(qapp, translators)
    assert phase_text("flying") == "flying"


def phase_text_en(code: str) -> str:
    """The English words the roster shows for an outcome code (the first game's label)."""
    for game in all_games():
        for status in game.statuses.values():
            if status.code == code:
                return status.label
    return code
