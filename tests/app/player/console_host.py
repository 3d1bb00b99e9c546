"""Mission Control in its own process, as on the teacher's computer: Qt offscreen, a real
host. It clicks Start, prints what the start page shows (the join code, the address line)
as one JSON line, and ends the lesson when its stdin closes.

    python -m tests.app.player.console_host DATA_DIR [lan]
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses
import json
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from admin_gui.main import build_window
from app.config import Settings

LIMIT_S = 240  # the helper ends by itself if the test never closes its stdin


def main(data_dir: Path, lan: bool) -> int:
    settings = dataclasses.replace(
        Settings(),
        data_dir=data_dir,
        countdown_seconds=1.0,
        round_seconds=8.0,
        class_name="Room 12 Science",
        teacher_name="Ms Okafor",
        lan_discovery=lan,
    ).validate()
    app = QApplication(sys.argv[:1])
    window = build_window(settings, config_file=data_dir / "moonbase.toml", app=app)
    window.show()
    page = window.start_page

    def shown() -> None:
        line = {"code": page.code.text(), "address": page.address.text()}
        print(json.dumps(line), flush=True)

    window.bridge.hosting.connect(lambda _info: QTimer.singleShot(0, shown))
    done = threading.Event()

    def wait_for_eof() -> None:
        sys.stdin.read()
        done.set()

    threading.Thread(target=wait_for_eof, daemon=True).start()
    deadline = QTimer()
    deadline.timeout.connect(lambda: done.set() if not done.is_set() else None)
    deadline.setSingleShot(True)
    deadline.start(LIMIT_S * 1000)
    poll = QTimer()
    poll.timeout.connect(lambda: window.close() if done.is_set() else None)
    poll.start(100)
    window.bridge.stopped.connect(app.quit)
    QTimer.singleShot(0, page.start_button.click)
    code = app.exec()
    window.bridge.shutdown()
    return int(code)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), len(sys.argv) > 2 and sys.argv[2] == "lan"))
