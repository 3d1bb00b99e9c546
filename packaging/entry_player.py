"""Entry point of the frozen Moonbase Player: ``moonbase play`` as a program of its own.

    moonbase-player [--server HOST:PORT --code CODE --name NAME] [--fullscreen]
    moonbase-player --self-test SHOT.png --server ... --code ... --name ...

``--self-test`` (smoke tests, bench/bundle.py, or IT checking an install) opens the window,
joins the class, saves a screenshot of the lobby to SHOT.png, prints a line at each
milestone (see packaging/selftest.py) and exits: 0 when it joined, 1 otherwise.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from selftest import SELF_TEST_SECONDS, say, take_flag

from app.cli import main

FRAMES_IN_LOBBY = 10  # frames drawn after joining before the screenshot


def self_test(shot: Path, argv: list[str]) -> int:
    import argparse

    from app.config import ConfigError, load_settings

    parser = argparse.ArgumentParser(prog="moonbase-player --self-test")
    parser.add_argument("--server", required=True)
    parser.add_argument("--code", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--config", type=Path)
    args = parser.parse_args(argv)
    try:
        settings = load_settings(config_file=args.config)
    except ConfigError as exc:
        print(f"moonbase-player: {exc}", file=sys.stderr)
        return 2
    import arcade

    from app.player.address import parse_address
    from app.player.lan import NoBrowser, lan_browser
    from app.player.window import PlayerWindow

    discovery = settings.browse_interfaces()
    browser = NoBrowser() if discovery is None else lan_browser(discovery)
    window = PlayerWindow(browser=browser, data_dir=settings.data_dir)
    session = window.session
    session.address = session.typed_address = parse_address(args.server)
    session.code = args.code.strip().upper()
    session.nickname = args.name.strip()
    window.join(session.character)
    window.find_class()
    state = {"drawn": 0, "lobby": 0, "ok": False}
    deadline = time.monotonic() + SELF_TEST_SECONDS

    def on_draw() -> None:
        state["drawn"] += 1
        if state["drawn"] == 1:
            say("window")

    window.push_handlers(on_draw=on_draw)

    def tick(_dt: float) -> None:
        if "joined" in window.signals:
            state["lobby"] += 1
            if state["lobby"] == 1:
                say("joined", session.class_name)
            if state["lobby"] >= FRAMES_IN_LOBBY:
                window.switch_to()
                window.dispatch_event("on_draw")
                image = arcade.get_image(0, 0, *window.get_framebuffer_size())
                image.save(shot)
                say("screenshot", str(shot))
                state["ok"] = True
                window.close()
        elif session.join_error is not None or time.monotonic() > deadline:
            say("failed", str(session.join_error or "timed out"))
            window.close()

    arcade.schedule(tick, 1 / 30)
    try:
        arcade.run()
    finally:
        if not window.closed:
            window.close()
    return 0 if state["ok"] else 1


if __name__ == "__main__":
    shot, rest = take_flag(sys.argv[1:], "--self-test")
    if shot is not None:
        sys.exit(self_test(Path(shot), rest))
    sys.exit(main(["play", *rest]))
