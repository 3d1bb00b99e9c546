"""The UI language through Qt's translation system: .ts sources compiled to .qm by the
bundled ``lrelease`` and loaded with :class:`QTranslator` (console strings and Qt's own),
and the games' words (titles, knobs, reasons, score lines, warnings: what a game supplies)
through a :class:`GameWordsTranslator` over the catalogue the player shares
(:mod:`app.common.gamewords`): :func:`game_text` asks ``QCoreApplication.translate`` in the
context ``game`` for each template and ``game-number`` for each value."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from admin_gui.errors import ConsoleError
from admin_gui.prefs import LANGUAGES
from app.common import gamewords
from game.words import Words

GAME_CONTEXT = "game"  # a game's fixed text or template
_speaking = {"games": "en"}  # the language of the games' words installed
NUMBER_CONTEXT = "game-number"  # a value a game wrote: its numbers the language's way

I18N_DIR = Path(__file__).resolve().parent / "i18n"


def catalogue(language: str) -> Path:
    return I18N_DIR / f"console_{language}.qm"


def install_language(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the console's and Qt's translators for ``language`` ("en" needs none)."""
    if language not in LANGUAGES:
        raise ConsoleError(f"language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    if language == "en":
        return []
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if not ours.load(str(catalogue(language))):
        raise ConsoleError(
            f"the {LANGUAGES[language]} translation {catalogue(language)} is missing"
        )
    app.installTranslator(ours)
    installed.append(ours)
    games = GameWordsTranslator(language, app)
    app.installTranslator(games)
    installed.append(games)
    _speaking["games"] = language
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(QLocale(language), "qtbase", "_", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


def remove_language(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
        if isinstance(translator, GameWordsTranslator):
            _speaking["games"] = "en"


class GameWordsTranslator(QTranslator):
    """The games' words in ``language``, from the catalogue the player shares."""

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.code = language
        self.words = gamewords.catalogue(language)

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if context == GAME_CONTEXT:
            return self.words.get(source)
        if context == NUMBER_CONTEXT:
            return gamewords.number(source, self.code)
        return None  # not a game's: the console's own translator answers

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def game_text(said: Words | str) -> str:
    """A game's words (or one of its fixed texts) in the console's language."""
    return gamewords.render(
        said,
        lambda template: QCoreApplication.translate(GAME_CONTEXT, template),
        lambda value: QCoreApplication.translate(NUMBER_CONTEXT, value),
    )


def game_label(text: str) -> str:
    """A game's label inside a sentence ("fuel used 3,4 kg"): lower case in English, as
    translated elsewhere (German nouns keep their capital)."""
    return text.lower() if _speaking["games"] == "en" else game_text(text)


def game_number(value: float, spec: str = "g") -> str:
    """A number in the console's language, written with the format ``spec``."""
    return QCoreApplication.translate(NUMBER_CONTEXT, format(value, spec))


def games_language() -> str:
    """The language the games' words are shown in ("en" until one is installed)."""
    return _speaking["games"]
