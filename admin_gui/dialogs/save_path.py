"""Where the console saves what a teacher takes away: a save dialog that opens in the
user's Documents folder (a CSV of results, a student's data), never in the program's own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

PathChooser = Callable[[QWidget, str], str | None]  # parent, suggested file name -> path
FILTERS = {".csv": "CSV (*.csv)", ".json": "JSON (*.json)"}


def documents_folder() -> Path:
    """The user's Documents folder (their home when the system names none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def suggested_path(name: str) -> Path:
    """``name`` in the Documents folder (a path with a folder is kept as it is)."""
    path = Path(name)
    return path if path.parent != Path(".") else documents_folder() / path


def ask_save_path(parent: QWidget, suggested: str) -> str | None:
    """Ask where to save a file called ``suggested`` (in Documents to start with)."""
    start = suggested_path(suggested)
    kind = FILTERS.get(start.suffix.lower(), "All files (*)")
    path, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("SavePath", "Save as"), str(start), kind
    )
    return path or None
