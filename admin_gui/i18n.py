"""The UI language through Qt's translation system: .ts sources compiled to .qm by the
bundled ``lrelease`` and loaded with :class:`QTranslator` (console strings and Qt's own)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from admin_gui.errors import ConsoleError
from admin_gui.prefs import LANGUAGES

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
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(QLocale(language), "qtbase", "_", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


def remove_language(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
