"""``moonbase console``: Mission Control, hosting the class in this process."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from admin_gui.bridge import HostBridge
from admin_gui.errors import ConsoleError
from admin_gui.i18n import install_language
from admin_gui.prefs import console_prefs_path, load_console_prefs, prefs_table
from admin_gui.widgets.main_window import MainWindow
from app.config import Settings, default_config_file

log = logging.getLogger(__name__)


def build_window(
    settings: Settings, *, config_file: Path | None = None, app: QApplication | None = None
) -> MainWindow:
    """The console's window with its bridge (the host thread is running; nothing hosted)."""
    config = config_file or default_config_file()
    prefs_file = console_prefs_path(config)
    prefs = load_console_prefs(prefs_file)
    qt_app = app or QApplication.instance()
    if isinstance(qt_app, QApplication):
        # the teacher's own choice (console.toml) first, else the language IT set
        chosen = "language" in prefs_table(prefs_file)
        fallback = "en" if settings.language == "auto" else settings.language
        install_language(qt_app, prefs.language if chosen else fallback)
    bridge = HostBridge(settings)
    window = MainWindow(bridge, prefs, config, prefs_file)
    return window


def run_console(settings: Settings, argv: list[str]) -> int:
    """Run Mission Control until its window closes; returns the exit status."""
    QApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("Moonbase Mission Control")
    app.setOrganizationName("Moonbase")
    try:
        window = build_window(settings, app=app)
    except ConsoleError as exc:
        print(f"moonbase console: {exc}", file=sys.stderr)
        return 1
    window.show()
    return int(app.exec())
