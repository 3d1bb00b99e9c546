"""Screenshots of a lesson of each game but the lander in Mission Control, taken for real
(Qt offscreen):

    .venv/bin/python -m tests.admin_gui.game_screens                  # every game
    .venv/bin/python -m tests.admin_gui.game_screens bridge gas_laws  # some (package or key)

For each game a class is hosted in-process on the game's level, 8 bots join over real
sockets and play; the knobs page is saved with a feasibility warning
(docs/screens/<game>-console-knobs.png), Watch live at the game's moment mid-round
(<game>-console.png), then the results (<game>-console-results.png) and one student's
plots (<game>-console-plots.png). What differs per game is its :class:`ConsoleShots`.
The lander's console screens are scripts/screens_console.py.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MOONBASE_LAN_DISCOVERY", "false")

from PySide6.QtWidgets import QApplication, QWidget

from admin_gui.main import build_window
from app.config import Settings
from game.api import Frame
from tests.admin_gui.screens import SIZE, first_flight_plots, grab, spin
from tests.admin_gui.swarm import BotSwarm
from tests.pick_games import pick_games

OUT = Path(__file__).resolve().parents[2] / "docs" / "screens"


@dataclass(frozen=True)
class ConsoleShots:
    """One game's console screenshots: its lesson, its knob and its moment."""

    key: str
    package: str
    level: str
    round_seconds: float
    class_name: str
    knob: str
    warned: float  # the knobs page is saved with this value: a feasibility warning
    played: float  # ... and the round is played with this one
    moment: Callable[[Frame], bool]  # Watch live is saved at the first active frame so
    moment_s: float = 30.0  # how long the moment may take to come
    round_s: float = 60.0  # how long the round may take to end after it


def _trucks_crossing(frame: Frame) -> bool:
    return int((frame.col("stage") == 1).sum()) >= 5 and frame.col("load_x").max() > 8.0


def _settling(frame: Frame) -> bool:
    return frame.tick > 60 * 9  # 9 s in: some in the band, some not yet


def _chasing_the_band(frame: Frame) -> bool:
    return bool(frame.col("in_band").max() >= 8.0)


def _shells_in_the_air(frame: Frame) -> bool:
    return int((frame.col("flying") == 1).sum()) >= 4 and int(frame.col("shots").min()) >= 2


def _rovers_running(frame: Frame) -> bool:
    return int((frame.col("stage") == 1).sum()) >= 3 and frame.col("step").max() >= 8


GAMES = (
    ConsoleShots(
        key="bridge_builder",
        package="bridge",
        level="two_loads",
        round_seconds=30.0,
        class_name="Year 8 Engineering",
        knob="load",
        warned=600.0,
        played=220.0,
        moment=_trucks_crossing,
    ),
    ConsoleShots(
        key="predator_prey",
        package="ecology",
        level="seasons",
        round_seconds=30.0,
        class_name="Year 9 Biology",
        knob="delta",
        warned=0.1,
        played=0.2,
        moment=_settling,
    ),
    ConsoleShots(
        key="gas_laws",
        package="gas",
        level="waves",
        round_seconds=30.0,
        class_name="Year 9 Chemistry",
        knob="particles",
        warned=24.0,
        played=96.0,
        moment=_chasing_the_band,
    ),
    ConsoleShots(
        key="projectile_range",
        package="projectile",
        level="earth_air",
        round_seconds=60.0,
        class_name="Year 9 Physics",
        knob="distance",
        warned=300.0,
        played=100.0,
        moment=_shells_in_the_air,
        moment_s=40.0,
        round_s=90.0,
    ),
    ConsoleShots(
        key="rover_program",
        package="rover",
        level="spiral",
        round_seconds=60.0,
        class_name="Year 8 Computing",
        knob="max_blocks",
        warned=3.0,
        played=14.0,
        moment=_rovers_running,
        moment_s=40.0,
        round_s=90.0,
    ),
)


def save(widget: QWidget, name: str) -> None:
    print(grab(widget, OUT / f"{name}.png"))


def shoot(app: QApplication, shots: ConsoleShots) -> None:
    """One game's lesson, start to end, its four screenshots saved on the way."""
    data = Path(tempfile.mkdtemp(prefix=f"moonbase-{shots.package}-screens-"))
    settings = dataclasses.replace(
        Settings(),
        data_dir=data,
        game=shots.key,
        world=shots.level,
        round_seconds=shots.round_seconds,
        countdown_seconds=1.0,
        class_name=shots.class_name,
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
    knobs.set_knob(shots.knob, shots.warned)
    window.show_page(window.page_index(knobs))
    app.processEvents()
    save(window, f"{shots.key}-console-knobs")
    knobs.set_knob(shots.knob, shots.played)
    window.start_round()
    view = window.watch_page.view

    def the_moment() -> bool:
        frame = view.frame
        return frame is not None and frame.phase == "active" and shots.moment(frame.frame)

    spin(app, shots.moment_s, the_moment)
    save(window, f"{shots.key}-console")
    spin(app, shots.round_s, lambda: any(r.phase == "completed" for r in window.bridge.rooms))
    results = window.results_page
    window.show_page(window.page_index(results))
    spin(app, 5, lambda: results.model.rowCount() == 8)
    save(window, f"{shots.key}-console-results")
    dialog = first_flight_plots(app, window)
    save(dialog, f"{shots.key}-console-plots")
    dialog.close()
    swarm.join(30)
    window.confirm_close = lambda _w, _r: True
    window.close()
    spin(app, 20, lambda: window.is_stopped)
    window.deleteLater()
    app.processEvents()


def main(argv: list[str] | None = None) -> int:
    chosen = pick_games(GAMES, sys.argv[1:] if argv is None else argv)
    app = QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    for shots in chosen:
        # The cyclic GC is off while a hosted class and its bot threads run, as in the
        # console tests (tests/admin_gui/conftest.py): a collection in the main thread while
        # they use their ZeroMQ sockets crashed CPython now and then. Collected in between.
        gc.collect()
        gc.disable()
        try:
            shoot(app, shots)
        finally:
            gc.enable()
            gc.collect()
    return 0


if __name__ == "__main__":
    sys.exit(main())
