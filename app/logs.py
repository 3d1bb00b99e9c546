"""Logging set-up: one line per event, quiet by default, ``-v`` / ``-vv`` for more.

Every program logs to stderr; the two GUIs also keep a log file, since a program started
from the desktop's menu has no terminal (:func:`log_dir`, three files of 1 MB at most).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

import platformdirs

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


LOG_BYTES = 1_000_000
LOG_BACKUPS = 2


def log_dir() -> Path:
    """Linux ~/.local/state/moonbase/log, Windows %LOCALAPPDATA%\\moonbase\\Logs, macOS
    ~/Library/Logs/moonbase."""
    return Path(platformdirs.user_log_dir("moonbase", appauthor=False))


def configure_logging(
    level: str = "WARNING", verbosity: int = 0, log_file: Path | None = None
) -> None:
    """Send log lines to stderr (and ``log_file``, rotated); each ``-v`` lowers the
    threshold one step. A log file that cannot be opened is reported, never fatal."""
    base = logging.getLevelName(level.upper())
    if not isinstance(base, int):
        base = logging.WARNING
    effective = max(logging.DEBUG, base - 10 * verbosity)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        if isinstance(handler, logging.FileHandler):
            handler.close()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT, datefmt="%H:%M:%S"))
    root.addHandler(handler)
    root.setLevel(effective)
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            to_file = logging.handlers.RotatingFileHandler(
                log_file, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
            )
        except OSError as exc:
            root.warning("no log file %s: %s", log_file, exc.strerror)
            return
        to_file.setFormatter(logging.Formatter(FORMAT, datefmt="%Y-%m-%d %H:%M:%S"))
        root.addHandler(to_file)
