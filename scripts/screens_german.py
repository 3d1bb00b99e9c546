"""Screenshots of the games in German (issue 14), saved under docs/screens/de-*.png.

``console``: Mission Control in German (Qt offscreen) shows the knobs page of the Lunar
Lander and of Gas laws, each with a setting the game warns about::

    .venv/bin/python scripts/screens_german.py console

``player``: a German student plays each of the six games against a real classroom host
with bots (run under Xvfb); the play screen mid-round and the results screen of each (name
games to shoot only those)::

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python scripts/screens_german.py player
    ... scripts/screens_german.py player bridge_builder predator_prey
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MOONBASE_LAN_DISCOVERY", "false")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screens"

# (game, level, a knob the game warns about and its value)
CONSOLE_GAMES = (
    ("lunar_lander", "moon", "thrust_scale", 0.3),
    ("gas_laws", "heat_and_squeeze", "particles", 48.0),
)
# (game, level, round seconds, the keys the student holds, seconds each)
PLAYER_GAMES = (
    ("lunar_lander", "moon", 25.0, (("UP", 1.2),)),
    ("gas_laws", "steady", 14.0, (("UP", 1.0),)),
    ("rover_program", "corridor", 14.0, (("M", 0.05), ("M", 0.05), ("ENTER", 0.05))),
    ("bridge_builder", "short_span", 40.0, (("_1", 0.05),)),
    ("predator_prey", "meadow", 14.0, (("W", 0.5),)),
    ("projectile_range", "earth", 14.0, (("SPACE", 0.05),)),
)


def console() -> int:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from admin_gui.main import build_window
    from app.config import Settings

    app = QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    for game, level, knob, value in CONSOLE_GAMES:
        data = Path(tempfile.mkdtemp(prefix="moonbase-de-"))
        settings = dataclasses.replace(
            Settings(), data_dir=data, language="de", game=game, world=level
        )
        window = build_window(settings, config_file=data / "moonbase.toml", app=app)
        window.resize(1280, 720)
        window.show()
        window.knobs_page.set_knob(knob, value)
        window.show_page(window.page_index(window.knobs_page))
        for _ in range(20):
            app.processEvents()
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if not window.knobs_page.warnings:
            raise SystemExit(f"screens: {game} does not warn about {knob} = {value}")
        path = OUT / f"de-console-knobs-{game}.png"
        if not window.grab().save(str(path)):
            raise SystemExit(f"screens: could not write {path}")
        print(path.relative_to(ROOT))
        window.close()
        app.processEvents()
    return 0


def player() -> int:
    import arcade
    from pyglet.window import key as keys

    from app.player.i18n import set_language
    from app.player.views.play import GameView
    from app.player.views.results import ResultsView
    from tests.app.player.harness import Frames, HostThread, join_lobby, open_window

    def shot(frames: Frames, name: str) -> None:
        w = frames.window
        frames.frame()
        w.switch_to()
        w.dispatch_event("on_draw")
        path = OUT / f"de-{name}.png"
        arcade.get_image(0, 0, *w.get_framebuffer_size()).save(path)
        w.flip()
        print(path.relative_to(ROOT))

    def play(game: str, level: str, seconds: float, presses: tuple[tuple[str, float], ...]) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            host = HostThread(
                Path(tmp),
                game=game,
                world=level,
                round_seconds=seconds,
                countdown_seconds=1.0,
                lan_discovery=False,
            )
            window = open_window(Path(tmp))
            frames = Frames(window)
            try:
                host.start_bots(3, seed=4)
                frames.until(lambda: len(host.host.players()) == 3, 10, "bots")
                join_lobby(window, frames, host.address, "Sam")
                host.call(host.host.start_round(seed=17))
                frames.until(lambda: isinstance(window.screen, GameView), 10, "flight")
                frames.until(window.session.can_play, 10, "active")
                for name, held in presses:
                    symbol = getattr(keys, name)
                    window.dispatch_event("on_key_press", symbol, 0)
                    frames.run_for(held)
                    window.dispatch_event("on_key_release", symbol, 0)
                frames.run_for(2.0)
                shot(frames, f"player-{game}")
                frames.until(lambda: isinstance(window.screen, ResultsView), 120, "results")
                frames.until(lambda: window.session.round_completed, 60, "round end")
                frames.run_for(1.0)
                shot(frames, f"player-{game}-results")
            finally:
                window.close()
                host.close()

    set_language("de")
    OUT.mkdir(parents=True, exist_ok=True)
    chosen = set(sys.argv[2:])
    for game, level, seconds, presses in PLAYER_GAMES:
        if not chosen or game in chosen:
            play(game, level, seconds, presses)
    return 0


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode not in ("console", "player"):
        raise SystemExit("usage: screens_german.py console|player")
    raise SystemExit(console() if mode == "console" else player())
