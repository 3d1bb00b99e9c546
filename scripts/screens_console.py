"""Save a screenshot of every Mission Control screen under docs/screens/ (Qt offscreen).

A real lesson is run to fill them: a class is hosted in-process with a roster CSV, 8 bots
and one hand-driven student join over real sockets (the student writes in the chat), one
round is flown with gravity doubled. Run from the repo root:
``.venv/bin/python scripts/screens_console.py``.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from admin_gui.main import build_window  # noqa: E402
from app.bots import bot_specs  # noqa: E402
from app.config import Settings  # noqa: E402
from tests.admin_gui.screens import SIZE, first_flight_plots, grab, spin  # noqa: E402
from tests.admin_gui.student import Student  # noqa: E402
from tests.admin_gui.swarm import BotSwarm  # noqa: E402

OUT = ROOT / "docs" / "screens"


def save(widget: QWidget, name: str) -> None:
    print(grab(widget, OUT / f"console-{name}.png").relative_to(ROOT))


def main() -> int:
    app = QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="moonbase-screens-"))
    settings = dataclasses.replace(
        Settings(),
        data_dir=data,
        round_seconds=45.0,  # long enough for the pilots to land (or not) by themselves
        countdown_seconds=1.0,
        class_name="Year 7 Physics",
    )
    window = build_window(settings, config_file=data / "moonbase.toml", app=app)
    window.resize(*SIZE)
    window.show()
    window.confirm = window.roster_page.confirm = window.history_page.confirm = (
        lambda _parent, _title, _question: True  # the teacher answers Yes
    )
    start = window.start_page
    start.bind.setCurrentIndex(start.bind.findData("0.0.0.0"))
    app.processEvents()
    save(window, "start")  # the choice of who may join, with its note
    start.bind.setCurrentIndex(start.bind.findData("127.0.0.1"))  # screenshots stay local
    window.start_page.start_button.click()
    spin(app, 10, lambda: window.bridge.info is not None)
    info = window.bridge.info
    assert info is not None
    roster = window.roster_page.model
    names = [s.nickname for s in bot_specs(8, 7)] + ["Yara", "Zed"]
    roster_csv = data / "roster.csv"
    roster_csv.write_text("nickname\n" + "\n".join(names) + "\n", encoding="utf-8")
    window.bridge.load_roster_file(str(roster_csv))
    spin(app, 10, lambda: roster.rowCount() == len(names))
    swarm = BotSwarm(info.port, info.join_code, 8, key=info.public_key).start()
    spin(app, 20, lambda: sum(1 for e in roster.records() if e.joined and e.room) == 8)
    yara = Student(info.port, info.join_code, info.public_key, "Yara")
    yara.join()  # room A is full: she is seated in room B
    spin(app, 20, lambda: sum(1 for e in roster.records() if e.joined and e.room) == 9)
    save(window, "hosting")
    window.roster_page.hide_ranks.click()
    spin(app, 5, window.roster_page.hide_ranks.isChecked)
    # the players report their round trip time in their pings (one a second)
    spin(app, 10, lambda: all(e.ping_ms is not None for e in roster.records() if e.joined))
    window.show_page(window.page_index(window.roster_page))
    app.processEvents()
    save(window, "roster")
    yara.chat("Can we fly on Mars next time?")
    window.bridge.say("Land gently, everyone: the pads are narrow today.", None)
    chat = window.chat_page
    spin(app, 5, lambda: len(chat.shown_lines()) == 2)
    window.show_page(window.page_index(chat))
    app.processEvents()
    save(window, "chat")
    # Yara leaves the class (removed by the teacher) so the round is the 8 bots'
    yara_id = next(e.player_id for e in roster.records() if e.nickname == "Yara")
    window.bridge.kick(yara_id)
    spin(app, 5, lambda: sum(1 for e in roster.records() if e.joined) == 8)
    window.knobs_page.set_override("gravity", 5.0)  # the lander cannot hold itself up
    window.show_page(window.page_index(window.knobs_page))
    app.processEvents()
    save(window, "knobs-warning")
    window.knobs_page.reset()
    window.knobs_page.set_override("gravity", 3.24)
    app.processEvents()
    save(window, "knobs")
    window.start_round()
    view = window.watch_page.view
    spin(
        app,
        10,
        lambda: view.frame is not None and view.frame.phase == "active" and view.frame.tick > 240,
    )
    save(window, "watch")
    watch = window.watch_page
    watch.pause_button.click()
    spin(app, 5, lambda: view.paused)
    app.processEvents()
    save(window, "watch-paused")
    window.set_projector(True)
    window.resize(*SIZE)  # the offscreen "screen" is square; a projector is wide
    app.processEvents()
    save(window, "projector-paused")
    window.set_projector(False)
    window.resize(*SIZE)
    app.processEvents()
    watch.pause_button.click()
    spin(app, 5, lambda: not view.paused)
    window.show_page(window.page_index(window.rooms_page))
    app.processEvents()
    save(window, "rooms")
    spin(app, 90, lambda: any(r.phase == "completed" for r in window.bridge.rooms))
    window.show_page(window.page_index(window.watch_page))
    spin(app, 5, lambda: view.winner != "")
    app.processEvents()
    save(window, "watch-winner")
    results = window.results_page
    window.show_page(window.page_index(results))
    spin(app, 5, lambda: results.model.rowCount() == 8)
    results.period.setCurrentIndex(results.period.findData("all"))
    spin(app, 5, lambda: results.board_model.rowCount() == 8)
    save(window, "results")
    dialog = first_flight_plots(app, window)
    save(dialog, "flight-plots")
    dialog.close()
    history = window.history_page
    window.show_page(window.page_index(history))
    spin(app, 5, lambda: history.lessons.rowCount() == 1)
    history.lessons_table.selectRow(0)
    spin(app, 5, lambda: len(history.shown_flights()) == 8)
    history.results_table.selectRow(0)
    app.processEvents()
    save(window, "history")  # with the selected student's export and erase
    window.show_page(window.page_index(window.flags_page))
    app.processEvents()
    save(window, "flags")
    window.show_page(window.page_index(window.settings_page))
    app.processEvents()
    save(window, "settings")
    # the bots leave when their round is over (offline); Zed's computer goes quiet and he
    # asks to go on from another one
    zed = Student(info.port, info.join_code, info.public_key, "Zed")
    zed.join()
    spin(app, 10, lambda: any(e.nickname == "Zed" and e.joined for e in roster.records()))
    swarm.join(30)
    spin(app, 10, lambda: any(e.presence == "offline" for e in roster.records()))

    def quiet(host: object) -> None:
        for player in host.players():  # type: ignore[attr-defined]
            if player.nickname == "Zed":
                player.connected = False

    window.bridge.inspect(quiet).result(5)
    again = Student(info.port, info.join_code, info.public_key, "Zed")
    try:
        again.join()
    except Exception as exc:  # refused until the teacher approves: the console is asked
        print("refused as expected:", exc)
    spin(app, 10, lambda: any(e.reclaim for e in roster.records()))
    window.show_page(window.page_index(window.roster_page))
    window.roster_page.select_nickname("Zed")
    app.processEvents()
    save(window, "roster-offline-reclaim")
    again.close()
    zed.close()
    yara.close()
    window.confirm_close = lambda _w, _r: True
    window.close()
    spin(app, 20, lambda: window.is_stopped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
