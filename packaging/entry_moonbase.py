"""Entry point of the frozen headless ``moonbase`` command (serve, bots, demo, export, sync,
config): the same ``app.cli.main`` as the source tree's ``moonbase``."""

from __future__ import annotations

import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
