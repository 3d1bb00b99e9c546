"""The player's language. The code is written in English; each other language is a
catalogue ``app/player/locale/<code>.json`` mapping an English text (a template with
``{0}``... where numbers or names go) to its translation. :func:`tr` looks a text up;
:class:`app.player.ui.Labels` looks up every text it draws, so a screen's fixed words need
no call, and texts with numbers in them are written ``tr("Round starts in {0} s").format(n)``.
What a game supplies (its title, knobs, statuses, reasons, score lines, hints) comes in the
game's English words; :func:`game_says` shows it in the player's language from the catalogue
the console shares (:mod:`app.common.gamewords`).
tests/app/player/test_i18n.py fails on a text drawn without a finished translation."""

from __future__ import annotations

import json
import logging
import os
from functools import cache
from pathlib import Path

from app.common import gamewords
from game.words import Words

log = logging.getLogger(__name__)

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "de")
_state = {"language": "en"}


@cache
def catalogue(language: str) -> dict[str, str]:
    """The translations of ``language`` ({} for English)."""
    if language == "en":
        return {}
    path = LOCALE_DIR / f"{language}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items() if str(v)}


def system_language() -> str:
    """The student's computer's language when the player speaks it, else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


def set_language(language: str) -> str:
    """Speak ``language`` ("auto": the computer's); returns the language chosen."""
    chosen = system_language() if language == "auto" else language
    if chosen not in LANGUAGES:
        log.warning("the player does not speak %r; English it is", language)
        chosen = "en"
    _state["language"] = chosen
    return chosen


def language() -> str:
    return _state["language"]


def tr(text: str) -> str:
    """``text`` in the player's language (itself when there is no translation)."""
    if not text or _state["language"] == "en":
        return text
    return catalogue(_state["language"]).get(text, text)


def game_says(said: Words | str) -> str:
    """A game's words (or one of its fixed texts) in the player's language."""
    return gamewords.say(said, _state["language"])


def game_number(value: float, spec: str = "g") -> str:
    """A number written with ``spec``, the player's language's way (2,5 in German)."""
    return gamewords.number(format(value, spec), _state["language"])
