"""What the Mission Control screenshot scripts share (Qt offscreen): running the event loop
until something is so, and saving a widget as a PNG. Used by tests/admin_gui/game_screens.py,
scripts/screens_console.py and scripts/screens_lesson.py."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from admin_gui.widgets.main_window import MainWindow

SIZE = (1280, 720)  # every console screenshot: a projector's shape


def spin(app: QApplication, seconds: float, done: Callable[[], bool]) -> None:
    """Process Qt events until ``done()``; SystemExit after ``seconds`` without it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not done():
        app.processEvents()
        time.sleep(0.005)
    if not done():
        raise SystemExit(f"screens: timed out after {seconds:.0f} s")


def grab(widget: QWidget, path: Path) -> Path:
    """Save what ``widget`` shows as the PNG ``path``; SystemExit if it cannot be written."""
    if not widget.grab().save(str(path)):
        raise SystemExit(f"screens: could not write {path}")
    return path


def first_flight_plots(app: QApplication, window: MainWindow) -> QWidget:
    """The plots dialog of the results page's first flight, opened by its button, at SIZE."""
    results = window.results_page
    results.table.selectRow(0)
    results.plot_button.click()
    spin(app, 5, lambda: bool(window.dialogs))
    dialog = window.dialogs[-1]
    dialog.resize(*SIZE)
    app.processEvents()
    return dialog
