"""The German console is complete (issue 14): Qt's own ``lupdate`` reads every translatable
string in admin_gui/ and finds none missing or unfinished in console_de.ts; each translation
keeps its placeholders and its keyboard letter; the .qm shipped is the .ts compiled; and no
string hides from lupdate (``parent.tr(...)`` or an alias of ``translate``)."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from admin_gui.i18n import I18N_DIR, install_language, remove_language
from admin_gui.widgets.watch_page import WatchPage

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
