"""Screenshots of Predator and prey's play screen, taken for real (run under Xvfb):

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python -m tests.app.player.ecology_screens

A classroom host with five bots runs on a background thread; the player joins as a student
and steers the habitat with the keys (the same taps as test_ecology_play.py). Writes
docs/screens/predator_prey-player.png (mid-round) and predator_prey-player-results.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import arcade

from app.player.flights.ecology import FlightView
from app.player.netthread import NetworkThread
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow
from tests.app.player.harness import Frames, HostThread, join_lobby
from tests.app.player.test_ecology_play import steer_by_keys

OUT = Path(__file__).resolve().parents[3] / "docs" / "screens"


def shot(frames: Frames, name: str) -> Path:
    w = frames.window
    frames.frame()
    w.switch_to()
    w.dispatch_event("on_draw")
    image = arcade.get_image(0, 0, *w.get_framebuffer_size())
    path = OUT / f"predator_prey-{name}.png"
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
            game="predator_prey",
            world="seasons",
            round_seconds=40.0,
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
            for _ in range(60):  # about 9 s of steering
                steer_by_keys(frames, view)
                frames.run_for(0.15)
            shot(frames, "player")
            for _ in range(2000):
                if window.session.my_result is not None:
                    break
                steer_by_keys(frames, view)
                frames.run_for(0.15)
            frames.until(lambda: isinstance(window.screen, ResultsView), 20, "results")
            frames.until(lambda: window.session.round_completed, 90, "round end")
            frames.until(lambda: window.session.connection.status == "ok", 20, "connected")
            frames.run_for(0.5)
            shot(frames, "player-results")
        finally:
            window.close()
            host.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
