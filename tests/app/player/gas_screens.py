"""Screenshots of Gas laws' play screen, taken for real (run under Xvfb):

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python -m tests.app.player.gas_screens

A classroom host with five bots runs on a background thread; the player joins as a student,
heats the gas with Up (as test_gas_play.py does), then follows the band by the view's
autopilot. Writes docs/screens/gas_laws-player.png (mid-round) and
gas_laws-player-results.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import arcade
from pyglet.window import key as keys

from app.player.flights.gas import FlightView
from app.player.netthread import NetworkThread
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow
from tests.app.player.harness import Frames, HostThread, join_lobby
from tests.app.player.test_gas_play import follow, hold_key

OUT = Path(__file__).resolve().parents[3] / "docs" / "screens"


def shot(frames: Frames, name: str) -> Path:
    w = frames.window
    frames.frame()
    w.switch_to()
    w.dispatch_event("on_draw")
    image = arcade.get_image(0, 0, *w.get_framebuffer_size())
    path = OUT / f"gas_laws-{name}.png"
    image.save(path)
    w.flip()
    print(path)
    return path


def main() -> int:
    os.environ.setdefault("MOONBASE_LAN_DISCOVERY", "false")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        host = HostThread(
            Path(tmp),
            game="gas_laws",
            world="waves",
            round_seconds=24.0,
            countdown_seconds=1.0,
            lan_discovery=False,
        )
        window = PlayerWindow(
            sound=False,
            net=NetworkThread(host_timeout=3.0),
            keymap_path=Path(tmp) / "keys.json",
        )
        frames = Frames(window)
        try:
            host.start_bots(5, seed=11)
            frames.until(lambda: len(host.host.players()) == 5, 10, "bots")
            join_lobby(window, frames, host.address, "Sam")
            host.call(host.host.start_round(seed=21))
            frames.until(lambda: isinstance(window.screen, FlightView), 5, "flight")
            view = window.screen
            assert isinstance(view, FlightView)
            frames.until(window.session.can_play, 10, "active")
            hold_key(frames, keys.UP, 1.0)
            view.autopilot = follow(view)  # type: ignore[assignment]
            frames.run_for(6.0)
            window.dispatch_event("on_key_press", keys.LEFT, 0)
            frames.run_for(0.4)
            shot(frames, "player")
            window.dispatch_event("on_key_release", keys.LEFT, 0)
            frames.until(lambda: isinstance(window.screen, ResultsView), 40, "results")
            frames.until(lambda: window.session.round_completed, 60, "round end")
            frames.until(lambda: window.session.connection.status == "ok", 20, "connected")
            frames.run_for(0.5)
            shot(frames, "player-results")
        finally:
            window.close()
            host.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
