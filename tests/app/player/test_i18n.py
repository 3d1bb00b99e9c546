"""The player in German (issue 14): every fixed text the shared screens draw, and every
template they fill with numbers or names (``tr("...")``), has a finished German translation
that keeps its placeholders; no screen draws an f-string (it could not be translated); and
a real window speaks German when asked. The games' own words (reasons, score lines) come
from each game and are not covered here."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

from app.player.i18n import LOCALE_DIR, catalogue, set_language, tr
from app.player.views.find_class import FindClassView
from app.player.window import PlayerWindow
from tests.app.player.harness import Frames, open_window
from tests.catalogues import catalogue_problems

ROOT = Path(__file__).resolve().parents[3]
PLAYER = ROOT / "app" / "player"
# the shared screens, what they draw with, and each game's flight View
SHARED = sorted(p for p in PLAYER.rglob("*.py") if p.name != "i18n.py")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# calls whose text argument is drawn: (callable name, index of the text argument, keywords)
DRAWN = {
    "draw": (1, ("text",)),
    "title": (0, ("text", "subtitle")),
    "Button": (1, ("text",)),
    "TextField": (1, ("label", "hint")),
    "ChatLine": (1, ("text",)),
}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _texts(node: ast.expr) -> Iterator[ast.expr]:
    """The expressions that may end up drawn: both sides of a conditional."""
    if isinstance(node, ast.IfExp):
        yield from _texts(node.body)
        yield from _texts(node.orelse)
    else:
        yield node


def drawn_texts() -> tuple[set[str], list[str]]:
    """(English texts drawn or passed to tr, f-strings drawn where they cannot be found)."""
    found: set[str] = set()
    fstrings: list[str] = []
    for path in SHARED:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            if name == "tr" and node.args and isinstance(node.args[0], ast.Constant):
                found.add(str(node.args[0].value))
                continue
            if name not in DRAWN:
                continue
            index, keywords = DRAWN[name]
            args = node.args[index : index + 2 if name == "title" else index + 1]
            args += [k.value for k in node.keywords if k.arg in keywords]
            raw = any(k.arg == "raw" for k in node.keywords)
            for arg in args:
                for text in _texts(arg):
                    if isinstance(text, ast.Constant) and isinstance(text.value, str):
                        if re.search("[A-Za-z]", text.value):
                            found.add(text.value)
                    elif (
                        isinstance(text, ast.JoinedStr)
                        and not raw
                        and any(
                            isinstance(v, ast.Constant) and re.search("[A-Za-z]{2}", str(v.value))
                            for v in text.values
                        )
                    ):
                        fstrings.append(f"{path.name}:{node.lineno} {ast.unparse(text)}")
        # module constants the screens show (notes, key names): UPPER_CASE = "text"
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant):
                target = stmt.targets[0]
                if isinstance(target, ast.Name) and target.id.endswith("_NOTE"):
                    found.add(str(stmt.value.value))
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Tuple):
                target = stmt.targets[0]
                if isinstance(target, ast.Name) and target.id == "PALETTE":  # rover's blocks
                    for node in ast.walk(stmt.value):
                        if isinstance(node, ast.Constant) and len(str(node.value)) > 1:
                            found.add(str(node.value))
            if isinstance(stmt, ast.Assign | ast.AnnAssign) and isinstance(stmt.value, ast.Dict):
                target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
                if isinstance(target, ast.Name) and target.id in (
                    "REMOVALS",
                    "ACTION_LABELS",
                    "_REFUSALS",
                ):
                    for v in stmt.value.values:
                        if isinstance(v, ast.Constant):
                            found.add(str(v.value))
    return found, fstrings


def test_every_text_the_screens_draw_has_a_finished_german_translation() -> None:
    texts, _ = drawn_texts()
    assert len(texts) > 80  # the scan finds the screens' words
    german = json.loads((LOCALE_DIR / "de.json").read_text(encoding="utf-8"))
    found = catalogue_problems(texts, german, PLACEHOLDER)
    unfinished, unused = found.unfinished, found.unused
    assert unfinished == [], f"{len(unfinished)} texts without German: {unfinished[:12]}"
    assert found.wrong == []
    assert unused == [], f"translations of texts no screen draws: {unused[:12]}"


def test_no_screen_draws_an_f_string() -> None:
    _, fstrings = drawn_texts()
    assert fstrings == []


def test_tr_speaks_the_language_chosen(german: None) -> None:
    assert tr("Find your class") == catalogue("de")["Find your class"]
    assert tr("a nickname nobody translates") == "a nickname nobody translates"
    set_language("en")
    assert tr("Find your class") == "Find your class"


def test_a_real_window_speaks_german(german: None, tmp_path: Path) -> None:
    window: PlayerWindow = open_window(tmp_path)
    try:
        frames = Frames(window)
        screen = window.screen
        assert isinstance(screen, FindClassView)
        frames.until(lambda: "Finde" in screen.shown_text(), 5, "the German title")
        shown = screen.shown_text()
        assert "Finde deine Klasse" in shown
        assert "Find your class" not in shown
    finally:
        window.close()
