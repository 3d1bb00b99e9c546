"""Screenshots of Projectile range's play screen, taken for real (run under Xvfb):

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python -m tests.app.player.projectile_screens

A classroom host with five bots runs on a background thread; the player joins as a
student, turns the dials with the keys and fires (the same keys as
test_projectile_play.py): a shot long of the first target, then hits. Writes
docs/screens/projectile_range-player.png (a shell in the air, the others' arcs faint) and
projectile_range-player-results.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import arcade
from pyglet.window import key as keys

from app.player.flights.projectile import FlightView
from app.player.netthread import NetworkThread
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow
from tests.app.player.harness import Frames, HostThread, join_lobby
from tests.app.player.test_projectile_play import fire_and_wait, press

OUT = Path(__file__).resolve().parents[3] / "docs" / "screens"


def shot(frames: Frames, name: str) -> Path:
    w = frames.window
    frames.frame()
    w.switch_to()
    w.dispatch_event("on_draw")
    image = arcade.get_image(0, 0, *w.get_framebuffer_size())
    path = OUT / f"projectile_range-{name}.png"
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
            game="projectile_range",
            world="earth",
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
            press(frames, keys.RIGHT, 10)  # 25 m/s: long of the 40 m target
            fire_and_wait(frames, view)
            press(frames, keys.LEFT, 10)  # 20 m/s: a hit
            fire_and_wait(frames, view)
            press(frames, keys.RIGHT, 12)  # 26 m/s at 52°: short of 80 m
            press(frames, keys.UP, 7)
            press(frames, keys.SPACE)

            def high() -> bool:
                g = view.mine()
                return g is not None and g.flying and g.x > 40.0

            frames.until(high, 10, "the shell half way")
            shot(frames, "player")
            frames.until(lambda: view.mine() is not None and not view.mine().flying, 10, "down")  # type: ignore[union-attr]
            press(frames, keys.DOWN, 7)
            press(frames, keys.RIGHT, 4)
            fire_and_wait(frames, view)
            press(frames, keys.RIGHT, 12)
            press(frames, keys.RIGHT, 3, keys.MOD_SHIFT)
            press(frames, keys.SPACE)
            frames.until(lambda: isinstance(window.screen, ResultsView), 30, "results")
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
