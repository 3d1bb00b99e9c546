"""Screenshots of a lesson of several games: the console's Lesson plan page during the
lesson, and the class report it writes (docs/screens/console-lesson-plan.png,
docs/screens/class-report.png; the report's picture needs Chromium, ``apt install
chromium``, and is skipped without it). Four bots play four planned rounds of three games
over real sockets. Run from the repo root: ``.venv/bin/python scripts/screens_lesson.py``.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MOONBASE_LAN_DISCOVERY", "false")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from admin_gui.main import build_window  # noqa: E402
from app.config import Settings  # noqa: E402
from app.host.plan import parse_plan  # noqa: E402
from tests.admin_gui.screens import SIZE, grab, spin  # noqa: E402
from tests.admin_gui.swarm import BotSwarm  # noqa: E402

OUT = ROOT / "docs" / "screens"
PLAN = """
title = "Year 7: forces and structures"

[[round]]
game = "lunar_lander"
level = "moon"
seconds = 30

[[round]]
game = "bridge_builder"
level = "short_span"
seconds = 20

[[round]]
game = "rover_program"
level = "corner"
seconds = 40

[[round]]
game = "lunar_lander"
level = "mars"
mode = "cooperative"
seconds = 30
knobs = { fuel = 300 }

[[round]]
game = "lunar_lander"
level = "moon"
seconds = 30
knobs = { thrust_scale = 0.3 }
"""


def main() -> int:
    app = QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="moonbase-screens-"))
    settings = dataclasses.replace(
        Settings(), data_dir=data, countdown_seconds=1.0, speed=3.0, class_name="Year 7 Physics"
    )
    window = build_window(settings, config_file=data / "moonbase.toml", app=app)
    window.resize(*SIZE)
    window.show()
    page = window.plan_page
    page.set_plan(parse_plan(PLAN))
    window.start_page.start_button.click()
    spin(app, 10, lambda: window.bridge.info is not None)
    info = window.bridge.info
    assert info is not None
    swarm = BotSwarm(info.port, info.join_code, 4, key=info.public_key, rounds=4).start()
    spin(app, 20, lambda: len(window.roster_page.model.records()) == 4)
    for _ in range(4):
        spin(app, 10, page.next_button.isEnabled)
        before = page.played
        page.next_round()
        spin(app, 10, lambda: page.played == before + 1)  # noqa: B023
        spin(app, 60, lambda: not window.bridge.round_running)
    swarm.join(30)
    window.show_page(window.page_index(page))
    page.table.selectRow(4)
    app.processEvents()
    path = OUT / "console-lesson-plan.png"
    print(grab(window, path).relative_to(ROOT))
    report = data / "report.html"
    page.report_requested.emit(str(report))
    spin(app, 10, report.is_file)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("no Chromium here: docs/screens/class-report.png not made")
    else:
        shot = OUT / "class-report.png"
        subprocess.run(
            [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--window-size=1300,1250", f"--screenshot={shot}", report.as_uri()],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        print(shot.relative_to(ROOT))
    window.confirm_close = lambda _w, _r: True
    window.close()
    spin(app, 30, lambda: window.is_stopped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
