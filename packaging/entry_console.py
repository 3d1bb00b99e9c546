"""Entry point of the frozen Moonbase Mission Control: ``moonbase console`` as a program.

    moonbase-console [--port P] [--data DIR] [--config FILE] [--language de] ...
    moonbase-console --self-test SHOT.png [--data DIR] [--config FILE]

``--self-test`` (smoke tests, bench/bundle.py, or IT checking an install) opens the window,
starts hosting a class on 127.0.0.1, saves a screenshot to SHOT.png, prints a line at each
milestone (see packaging/selftest.py), ends the lesson and exits: 0 when it hosted.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable
from pathlib import Path

from selftest import SELF_TEST_SECONDS, say, take_flag

from app.cli import main


def self_test(shot: Path, argv: list[str]) -> int:
    import argparse

    from app.config import ConfigError, load_settings

    parser = argparse.ArgumentParser(prog="moonbase-console --self-test")
    parser.add_argument("--data", dest="data_dir")
    parser.add_argument("--config", type=Path)
    args = parser.parse_args(argv)
    try:
        settings = load_settings(
            config_file=args.config, cli={"data_dir": args.data_dir, "bind": "127.0.0.1"}
        )
    except ConfigError as exc:
        print(f"moonbase-console: {exc}", file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    from admin_gui.main import build_window

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Moonbase Mission Control")
    deadline = time.monotonic() + SELF_TEST_SECONDS

    def spin(done: Callable[[], bool]) -> bool:
        while time.monotonic() < deadline and not done():
            app.processEvents()
            time.sleep(0.005)
        return done()

    window = build_window(settings, config_file=args.config, app=app)
    window.resize(1280, 720)
    window.show()
    spin(window.isVisible)
    app.processEvents()
    say("window")
    window.start_page.start_button.click()
    if not spin(lambda: window.bridge.info is not None):
        say("failed", "not hosting")
        return 1
    info = window.bridge.info
    assert info is not None
    app.processEvents()
    say("hosting", f"{info.join_string} {info.join_code}")
    if not window.grab().save(str(shot)):
        say("failed", f"cannot write {shot}")
        return 1
    say("screenshot", str(shot))
    window.confirm_close = lambda _w, _r: True
    window.close()
    spin(lambda: window.is_stopped)
    say("stopped")
    return 0


if __name__ == "__main__":
    multiprocessing.freeze_support()
    shot, rest = take_flag(sys.argv[1:], "--self-test")
    if shot is not None:
        sys.exit(self_test(Path(shot), rest))
    sys.exit(main(["console", *rest]))
