"""Screenshots of each game's play screen but the lander's, taken for real (run under Xvfb):

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python -m tests.app.player.game_screens
    (... game_screens bridge gas_laws: some games, by package or key)

For each game a classroom host with five bots runs on a background thread; the player joins
as a student and plays the game's part (the same keys and clicks as its test_<package>_play.py):

- bridge_builder: builds a bridge by clicking its members, looks at the force preview
  (-player-build.png), sends the truck (-player.png: the truck crossing);
- predator_prey: steers the habitat with the keys (-player.png: mid-round);
- gas_laws: heats the gas with Up, then follows the band by the view's autopilot
  (-player.png: mid-round);
- projectile_range: turns the dials and fires, a shot long of the first target, then hits
  (-player.png: a shell in the air, the others' arcs faint);
- rover_program: types a beginner's first program (-player-build.png), then the wall
  follower, and runs it (-player.png: the run half way);

then every game's results (-player-results.png), all as docs/screens/<game>-*.png. What
differs per game is its :class:`PlayerShots`. The lander's play screens are
scripts/screens_player.py.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyglet.window import key as keys

from app.player.flights import bridge, ecology, gas, projectile, rover
from app.player.netthread import NetworkThread
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow
from game.bridge.designs import reference
from game.bridge.geometry import HEAVY, LIGHT
from game.rover import parse
from tests.app.player import test_bridge_play, test_projectile_play, test_rover_play
from tests.app.player.harness import Frames, HostThread, join_lobby, save_frame
from tests.app.player.test_ecology_play import steer_by_keys
from tests.app.player.test_gas_play import follow, hold_key
from tests.pick_games import pick_games

OUT = Path(__file__).resolve().parents[3] / "docs" / "screens"

Snap = Callable[[str], Path]  # saves the window as docs/screens/<game>-<name>.png


@dataclass(frozen=True)
class PlayerShots:
    """One game's play screenshots: its round and what the student does in it."""

    key: str
    package: str
    level: str
    round_seconds: float
    flight: type  # the game's flight View
    play: Callable[[Frames, PlayerWindow, Snap], None]  # plays, saving the mid-round shots
    results_s: float = 20.0  # how long the results screen may take to come after play
    round_end_s: float = 90.0  # ... and the whole room's round to end


def _play_bridge(frames: Frames, window: PlayerWindow, snap: Snap) -> None:
    view = window.screen
    assert isinstance(view, bridge.FlightView)
    click, press = test_bridge_play.click, test_bridge_play.press
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
    x, y = _member_point(window, view, heavy[-1])
    window.dispatch_event("on_mouse_motion", x, y, 0, 0)
    frames.run_for(0.3)
    snap("player-build")
    click(frames, view, heavy[-1])
    frames.until(lambda: view.host_types() == list(design.types), 10, "built")
    press(frames, keys.T)
    frames.until(lambda: view.stage() == 1, 5, "the truck sent")
    geo = view.geo
    frames.until(lambda: view.truck_x() > geo.span * 0.45, 10, "mid-span")
    snap("player")


def _member_point(window: PlayerWindow, view: bridge.FlightView, member: int) -> tuple[int, int]:
    ax, ay, bx, by = view.layout.member_line(view.geo, member)
    cx, cy = ax + (bx - ax) / 3, ay + (by - ay) / 3
    box = window.box
    return round(box.left + cx * box.scale), round(box.bottom + cy * box.scale)


def _play_ecology(frames: Frames, window: PlayerWindow, snap: Snap) -> None:
    view = window.screen
    assert isinstance(view, ecology.FlightView)
    for _ in range(60):  # about 9 s of steering
        steer_by_keys(frames, view)
        frames.run_for(0.15)
    snap("player")
    for _ in range(2000):
        if window.session.my_result is not None:
            break
        steer_by_keys(frames, view)
        frames.run_for(0.15)


def _play_gas(frames: Frames, window: PlayerWindow, snap: Snap) -> None:
    view = window.screen
    assert isinstance(view, gas.FlightView)
    hold_key(frames, keys.UP, 1.0)
    view.autopilot = follow(view)  # type: ignore[assignment]
    frames.run_for(6.0)
    window.dispatch_event("on_key_press", keys.LEFT, 0)
    frames.run_for(0.4)
    snap("player")
    window.dispatch_event("on_key_release", keys.LEFT, 0)


def _play_projectile(frames: Frames, window: PlayerWindow, snap: Snap) -> None:
    view = window.screen
    assert isinstance(view, projectile.FlightView)
    press, fire_and_wait = test_projectile_play.press, test_projectile_play.fire_and_wait
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
    snap("player")
    frames.until(lambda: view.mine() is not None and not view.mine().flying, 10, "down")  # type: ignore[union-attr]
    press(frames, keys.DOWN, 7)
    press(frames, keys.RIGHT, 4)
    fire_and_wait(frames, view)
    press(frames, keys.RIGHT, 12)
    press(frames, keys.RIGHT, 3, keys.MOD_SHIFT)
    press(frames, keys.SPACE)


def _play_rover(frames: Frames, window: PlayerWindow, snap: Snap) -> None:
    view = window.screen
    assert isinstance(view, rover.FlightView)
    press = test_rover_play.press
    # a beginner's start: repeat 4 { move } right repeat 4 { move } right ...
    for symbol in (keys._4, keys.P, keys.M, keys.DOWN, keys.R, keys.P, keys.M,
                   keys.DOWN, keys.R):  # fmt: skip
        press(frames, symbol)
    frames.until(lambda: not view.queue, 5, "the keys to go out")
    frames.run_for(1.5)
    snap("player-build")
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
    snap("player")


GAMES = (
    PlayerShots(
        key="bridge_builder",
        package="bridge",
        level="short_span",
        round_seconds=90.0,
        flight=bridge.FlightView,
        play=_play_bridge,
    ),
    PlayerShots(
        key="predator_prey",
        package="ecology",
        level="seasons",
        round_seconds=40.0,
        flight=ecology.FlightView,
        play=_play_ecology,
    ),
    PlayerShots(
        key="gas_laws",
        package="gas",
        level="waves",
        round_seconds=24.0,
        flight=gas.FlightView,
        play=_play_gas,
        results_s=40.0,
        round_end_s=60.0,
    ),
    PlayerShots(
        key="projectile_range",
        package="projectile",
        level="earth",
        round_seconds=90.0,
        flight=projectile.FlightView,
        play=_play_projectile,
        results_s=30.0,
    ),
    PlayerShots(
        key="rover_program",
        package="rover",
        level="spiral",
        round_seconds=90.0,
        flight=rover.FlightView,
        play=_play_rover,
        round_end_s=120.0,
    ),
)


def shoot(shots: PlayerShots) -> None:
    """One game's round, joined as a student: its play shots, then the results."""

    def snap(name: str) -> Path:
        path = save_frame(frames, OUT / f"{shots.key}-{name}.png")
        print(path)
        return path

    with tempfile.TemporaryDirectory() as tmp:
        host = HostThread(
            Path(tmp),
            game=shots.key,
            world=shots.level,
            round_seconds=shots.round_seconds,
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
            frames.until(lambda: isinstance(window.screen, shots.flight), 5, "flight")
            frames.until(window.session.can_play, 10, "active")
            shots.play(frames, window, snap)
            frames.until(lambda: isinstance(window.screen, ResultsView), shots.results_s, "results")
            frames.until(lambda: window.session.round_completed, shots.round_end_s, "round end")
            frames.until(lambda: window.session.connection.status == "ok", 20, "connected")
            frames.run_for(0.5)
            snap("player-results")
        finally:
            window.close()
            host.close()


def main(argv: list[str] | None = None) -> int:
    chosen = pick_games(GAMES, sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("MOONBASE_LAN_DISCOVERY", "false")
    OUT.mkdir(parents=True, exist_ok=True)
    for shots in chosen:
        shoot(shots)
    return 0


if __name__ == "__main__":
    sys.exit(main())
