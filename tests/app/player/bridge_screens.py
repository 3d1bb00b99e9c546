"""Screenshots of Bridge builder's play screen, taken for real (run under Xvfb):

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python -m tests.app.player.bridge_screens

A classroom host with five bots runs on a background thread; the player joins as a student,
builds a bridge by clicking its members (the same clicks as test_bridge_play.py), looks at
the force preview, sends the truck. Writes docs/screens/bridge_builder-player-build.png,
bridge_builder-player.png (the truck crossing) and bridge_builder-player-results.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import arcade
from pyglet.window import key as keys

from app.player.flights.bridge import FlightView
from app.player.netthread import NetworkThread
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow
from game.bridge.designs import reference
from game.bridge.geometry import HEAVY, LIGHT
from tests.app.player.harness import Frames, HostThread, join_lobby
from tests.app.player.test_bridge_play import click, press

OUT = Path(__file__).resolve().parents[3] / "docs" / "screens"


def shot(frames: Frames, name: str) -> Path:
    w = frames.window
    frames.frame()
    w.switch_to()
    w.dispatch_event("on_draw")
    image = arcade.get_image(0, 0, *w.get_framebuffer_size())
    path = OUT / f"bridge_builder-{name}.png"
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
            game="bridge_builder",
            world="short_span",
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
            design = reference(view.geo)
            assert design is not None
            for m, t in enumerate(design.types):
                if t == LIGHT:
                    click(frames, view, m)
            press(frames, keys._2)
            heavy = [m for m, t in enumerate(design.types) if t == HEAVY]
            for m in heavy[:-1]:
                click(frames, view, m)
            frames.until(lambda: not view.queue, 5, "the clicks to go out")
            frames.run_for(0.5)
            press(frames, keys.F)
            frames.run_for(0.3)
            view.on_mouse_motion(0, 0, 0, 0)
            x, y = _point(window, view, heavy[-1])
            window.dispatch_event("on_mouse_motion", x, y, 0, 0)
            frames.run_for(0.3)
            shot(frames, "player-build")
            click(frames, view, heavy[-1])
            frames.until(lambda: view.host_types() == list(design.types), 10, "built")
            press(frames, keys.T)
            frames.until(lambda: view.stage() == 1, 5, "the truck sent")
            geo = view.geo
            frames.until(lambda: view.truck_x() > geo.span * 0.45, 10, "mid-span")
            shot(frames, "player")
            frames.until(lambda: isinstance(window.screen, ResultsView), 20, "results")
            frames.until(lambda: window.session.round_completed, 90, "round end")
            frames.until(lambda: window.session.connection.status == "ok", 20, "connected")
            frames.run_for(0.5)
            shot(frames, "player-results")
        finally:
            window.close()
            host.close()
    return 0


def _point(window: PlayerWindow, view: FlightView, member: int) -> tuple[int, int]:
    ax, ay, bx, by = view.layout.member_line(view.geo, member)
    cx, cy = ax + (bx - ax) / 3, ay + (by - ay) / 3
    box = window.box
    return round(box.left + cx * box.scale), round(box.bottom + cy * box.scale)


if __name__ == "__main__":
    sys.exit(main())
