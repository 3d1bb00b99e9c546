"""Screenshots of Rover program's play screen, taken for real (run under Xvfb):

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python -m tests.app.player.rover_screens

A classroom host with five bots runs on a background thread; the player joins as a student
on the spiral, types a first program with the keys (the same keys as test_rover_play.py),
then the wall follower, and runs it. Writes docs/screens/rover_program-player-build.png
(writing), rover_program-player.png (the run half way) and rover_program-player-results.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import arcade
from pyglet.window import key as keys

from app.player.flights.rover import FlightView
from app.player.netthread import NetworkThread
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow
from game.rover import parse
from tests.app.player.harness import Frames, HostThread, join_lobby
from tests.app.player.test_rover_play import press

OUT = Path(__file__).resolve().parents[3] / "docs" / "screens"


def shot(frames: Frames, name: str) -> Path:
    w = frames.window
    frames.frame()
    w.switch_to()
    w.dispatch_event("on_draw")
    image = arcade.get_image(0, 0, *w.get_framebuffer_size())
    path = OUT / f"rover_program-{name}.png"
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
            game="rover_program",
            world="spiral",
            round_seconds=90.0,
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
            # a beginner's start: repeat 4 { move } right repeat 4 { move } right ...
            for symbol in (keys._4, keys.P, keys.M, keys.DOWN, keys.R, keys.P, keys.M,
                           keys.DOWN, keys.R):  # fmt: skip
                press(frames, symbol)
            frames.until(lambda: not view.queue, 5, "the keys to go out")
            frames.run_for(1.5)
            shot(frames, "player-build")
            # then the wall follower: until goal { if wall { right } else { move } }
            press(frames, keys.DELETE, keys.MOD_SHIFT)
            press(frames, keys.C)  # next: if goal ahead / while not at goal -> switch back
            press(frames, keys.C)
            press(frames, keys.W)
            press(frames, keys.I)
            press(frames, keys.R)
            press(frames, keys.DOWN)
            press(frames, keys.M)
            want = parse("until goal { if wall { right } else { move } }")
            frames.until(lambda: view.host_tokens() == want, 10, "the wall follower")
            press(frames, keys.ENTER)
            frames.until(lambda: view.value("step") >= 11, 10, "half the run")
            shot(frames, "player")
            frames.until(lambda: isinstance(window.screen, ResultsView), 20, "results")
            frames.until(lambda: window.session.round_completed, 120, "round end")
            frames.until(lambda: window.session.connection.status == "ok", 20, "connected")
            frames.run_for(0.5)
            shot(frames, "player-results")
        finally:
            window.close()
            host.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
