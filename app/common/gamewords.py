"""The games' words in other languages, shared by the player and the console.

Every game writes English (``game/`` stays pure): its title, concept, levels, knobs,
statuses, channels and result columns are fixed texts, and what it says with values in it
(a reason, a score line, a hint, a feasibility warning) is a :class:`game.words.Words`,
an English template and its values. ``locale/games_<code>.json`` maps each English text or
template to its translation (placeholders ``{0}``... kept); one catalogue serves the
student's player and the teacher's console, so a reason reads the same on both screens.
A value that is a number is written the language's way (German: a decimal comma, a point
between thousands). Stored results and CSV keep the English text.
tests/app/test_gamewords.py fails on a game text without a finished translation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from game.words import Words

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "de")
# a number as a game writes it: "2.04", "-3", "13,226", "±0.8"; with a unit sign before
NUMBER = re.compile(r"[-+−±×$]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+−±×$]?\d+(?:\.\d+)?")
_SEPARATORS = {"de": {",": ".", ".": ","}}


@cache
def catalogue(language: str) -> dict[str, str]:
    """The games' words in ``language`` ({} for English and for a language without one)."""
    path = LOCALE_DIR / f"games_{language}.json"
    if language == "en" or not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items() if str(v)}


def number(text: str, language: str) -> str:
    """``text`` with each number in it written ``language``'s way ("13,226.5" in German is
    "13.226,5"); other text unchanged."""
    swap = _SEPARATORS.get(language)
    if swap is None:
        return text
    return NUMBER.sub(lambda m: "".join(swap.get(c, c) for c in m.group(0)), text)


def render(said: Words | str, lookup: Callable[[str], str], figure: Callable[[str], str]) -> str:
    """``said`` in a language: each template through ``lookup`` (the template itself when
    it has no translation), each value that is text through ``figure`` (numbers)."""
    if isinstance(said, str):
        return lookup(said) if said else said
    values = [render(a, lookup, figure) if isinstance(a, Words) else figure(a) for a in said.args]
    return lookup(said.template).format(*values)


def say(said: Words | str, language: str) -> str:
    """``said`` (a game's words, or a fixed text of a game) in ``language``."""
    if language == "en":
        return str(said)
    known = catalogue(language)
    return render(said, lambda t: known.get(t, t), lambda v: number(v, language))
