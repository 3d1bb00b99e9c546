"""Logging set-up: one line per event, quiet by default, ``-v`` / ``-vv`` for more."""

from __future__ import annotations

import logging
import sys

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def configure_logging(level: str = "WARNING", verbosity: int = 0) -> None:
    """Send log lines to stderr; each ``-v`` lowers the threshold one step."""
    base = logging.getLevelName(level.upper())
    if not isinstance(base, int):
        base = logging.WARNING
    effective = max(logging.DEBUG, base - 10 * verbosity)
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT, datefmt="%H:%M:%S"))
    root.addHandler(handler)
    root.setLevel(effective)
