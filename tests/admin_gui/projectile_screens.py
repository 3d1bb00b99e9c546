"""Screenshots of a Projectile range lesson in Mission Control, taken for real (Qt
offscreen):

    .venv/bin/python -m tests.admin_gui.projectile_screens

A class is hosted in-process with Projectile range on the "With air" level, 8 bots join
over real sockets and fire; Watch live is saved while shells fly
(docs/screens/projectile_range-console.png), then the knobs page with a feasibility
warning, the results and one student's plots.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MOONBASE_LAN_DISCOVERY", "false")

from PySide6.QtWidgets import QApplication, QWidget

from admin_gui.main import build_window
from app.config import Settings
from game.projectile.sim import FIELDS
from tests.admin_gui.swarm import BotSwarm

OUT = Path(__file__).resolve().parents[2] / "docs" / "screens"
SIZE = (1280, 720)


def spin(app: QApplication, seconds: float, done: Callable[[], bool]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not done():
        app.processEvents()
        time.sleep(0.005)
    if not done():
        raise SystemExit(f"screens: timed out after {seconds:.0f} s")


def save(widget: QWidget, name: str) -> None:
    path = OUT / f"projectile_range-{name}.png"
    if not widget.grab().save(str(path)):
        raise SystemExit(f"screens: could not write {path}")
    print(path)


def main() -> int:
    app = QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="moonbase-projectile-screens-"))
    settings = dataclasses.replace(
        Settings(),
        data_dir=data,
        game="projectile_range",
        world="earth_air",
        round_seconds=60.0,
        countdown_seconds=1.0,
        class_name="Year 9 Physics",
        lan_discovery=False,
    )
    window = build_window(settings, config_file=data / "moonbase.toml", app=app)
    window.resize(*SIZE)
    window.show()
    window.start_page.start_button.click()
    spin(app, 10, lambda: window.bridge.info is not None)
    info = window.bridge.info
    assert info is not None
    roster = window.roster_page.model
    swarm = BotSwarm(info.port, info.join_code, 8, key=info.public_key, seed=12).start()
    spin(app, 20, lambda: sum(1 for e in roster.records() if e.room == "A") == 8)
    knobs = window.knobs_page
    knobs.set_knob("distance", 300.0)
    window.show_page(window.page_index(knobs))
    app.processEvents()
    save(window, "console-knobs")
    knobs.set_knob("distance", 100.0)
    window.start_round()
    view = window.watch_page.view
    flying = FIELDS.index("flying")
    shots = FIELDS.index("shots")

    def in_the_air() -> bool:
        frame = view.frame
        if frame is None or frame.phase != "active":
            return False
        values = frame.frame.values
        return int((values[:, flying] == 1).sum()) >= 4 and int(values[:, shots].min()) >= 2

    spin(app, 40, in_the_air)
    save(window, "console")
    spin(app, 90, lambda: any(r.phase == "completed" for r in window.bridge.rooms))
    results = window.results_page
    window.show_page(window.page_index(results))
    spin(app, 5, lambda: results.model.rowCount() == 8)
    save(window, "console-results")
    results.table.selectRow(0)
    results.plot_button.click()
    spin(app, 5, lambda: bool(window.dialogs))
    dialog = window.dialogs[-1]
    dialog.resize(*SIZE)
    app.processEvents()
    save(dialog, "console-plots")
    dialog.close()
    swarm.join(30)
    window.confirm_close = lambda _w, _r: True
    window.close()
    spin(app, 20, lambda: window.is_stopped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
