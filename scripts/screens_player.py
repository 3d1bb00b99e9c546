"""Save a screenshot of every player screen under docs/screens/ (run under Xvfb).

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python scripts/screens_player.py

A real classroom host with bots runs on a background thread; the player joins it like a
student, and an AI pilot flies the student's lander so the flight and results are real.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pyglet.window import key as keys  # noqa: E402

from app.player.address import parse_address  # noqa: E402
from app.player.controls import Controls  # noqa: E402
from app.player.flights.lander import FlightView  # noqa: E402
from app.player.i18n import set_language  # noqa: E402
from app.player.lan import FixedBrowser, FoundClass  # noqa: E402
from app.player.netthread import NetworkThread  # noqa: E402
from app.player.session import Phase  # noqa: E402
from app.player.views.find_class import FindClassView  # noqa: E402
from app.player.views.pick_character import PickCharacterView  # noqa: E402
from app.player.views.results import ResultsView  # noqa: E402
from app.player.window import PlayerWindow  # noqa: E402
from game.lander import AIPilot, LanderState, Personality  # noqa: E402
from netcode.client import ClientConnection  # noqa: E402
from netcode.messages import Leave  # noqa: E402
from tests.app.player.harness import (  # noqa: E402
    CODE,
    CutProxy,
    Frames,
    HostThread,
    join_lobby,
    save_frame,
)

OUT = ROOT / "docs" / "screens"


def shot(frames: Frames, name: str) -> Path:
    """Draw one frame and save it."""
    path = save_frame(frames, OUT / f"player-{name}.png")
    print(path)
    return path


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        host = HostThread(Path(tmp), world="moon", round_seconds=40.0, countdown_seconds=3.0)
        address = parse_address(host.address)
        browser = FixedBrowser(
            [
                FoundClass("Room 12 Science", address, "Ms Rivera"),
                FoundClass("7B Physics", parse_address("192.168.1.31:5556"), "Mr Okafor"),
            ]
        )
        # the player's own silence limit: a countdown or a pause sends no state for seconds
        net = NetworkThread(host_timeout=5.0, reconnect_delays=(0.5, 1.0, 2.0, 4.0, 8.0))
        window = PlayerWindow(
            sound=False, browser=browser, net=net, keymap_path=Path(tmp) / "keys.json"
        )
        frames = Frames(window)
        try:
            host.start_bots(5)
            frames.until(lambda: len(host.host.players()) == 5, 10, "bots")
            find = window.screen
            assert isinstance(find, FindClassView)
            frames.frame()
            find.pick(0)
            find.on_text(CODE)
            find.on_key_press(keys.TAB, 0)
            find.on_text("Sam")
            frames.run_for(0.3)
            shot(frames, "find-class")
            find.field("code").value = "ZZZZ99"  # a typo: the refusal says so
            find.on_key_press(keys.ENTER, 0)
            wrong = window.screen
            assert isinstance(wrong, PickCharacterView)
            wrong.join()
            frames.until(lambda: "join_failed" in window.signals, 10, "the refusal")
            frames.run_for(0.3)
            shot(frames, "find-class-wrong-code")
            find = window.screen
            assert isinstance(find, FindClassView)
            assert find.picked is not None, "the picked class stays picked"
            find.field("code").value = CODE
            find.on_key_press(keys.ENTER, 0)
            picker = window.screen
            assert isinstance(picker, PickCharacterView)
            picker.select(7)
            shot(frames, "pick-character")
            picker.join()
            frames.until(
                lambda: window.screen is not None and window.screen.name == "lobby", 10, "lobby"
            )
            window.net.send_chat("Ready for the Moon!")
            frames.until(lambda: len(window.session.chat) >= 1, 5, "chat")
            host.call(join_and_leave(host, "Tom"))  # a student who left: offline
            frames.until(
                lambda: any(not m.connected for m in window.session.members.values()), 5, "Tom"
            )
            frames.run_for(0.3)
            shot(frames, "lobby")
            me = window.session.player_id
            assert me is not None
            host.do(host.host.mute, me)
            lobby = window.screen
            assert lobby is not None
            lobby.on_key_press(keys.ENTER, 0)  # Enter to type, the line, Enter to send
            lobby.on_text("Can I go first?")
            lobby.on_key_press(keys.ENTER, 0)
            frames.until(lambda: window.session.muted, 5, "the muted answer")
            frames.run_for(0.3)
            shot(frames, "lobby-muted")
            host.do(host.host.unmute, me)

            host.call(host.host.start_round(seed=21, knobs={"gravity": 2.0}))
            frames.until(lambda: isinstance(window.screen, FlightView), 5, "flight")
            frames.run_for(1.0)
            shot(frames, "flight-countdown")
            flight = window.screen
            assert isinstance(flight, FlightView)
            pilot = AIPilot(0.9, Personality.BALANCED, 5)
            config, terrain = flight.config, flight.terrain

            def fly(state: LanderState, tick: int) -> Controls:
                thrust, rotation, abort = pilot.decide(state, terrain, config, tick)
                return Controls(thrust, rotation, abort)

            flight.autopilot = fly
            frames.until(window.session.can_fly, 10, "active")

            def low() -> bool:
                own = window.session.own_snapshot
                return own is not None and own[1] - float(terrain.height_at(own[0])) < 40

            frames.until(lambda: low() or window.session.my_result is not None, 40, "descent")
            shot(frames, "flight")
            host.do(host.host.pause)
            frames.until(lambda: window.session.phase is Phase.PAUSED, 5, "the pause")
            frames.run_for(0.3)
            shot(frames, "flight-paused")
            host.do(host.host.resume)
            frames.until(lambda: isinstance(window.screen, ResultsView), 45, "results")
            frames.until(lambda: window.session.round_completed, 45, "round end")
            frames.run_for(0.5)
            shot(frames, "results")
            window.show_keys()
            frames.run_for(0.2)
            shot(frames, "keys")
            window.show_lobby()
            host.close()  # the teacher ends the class
            frames.until(lambda: isinstance(window.screen, FindClassView), 15, "class ended")
            frames.run_for(0.3)
            shot(frames, "class-ended")
        finally:
            window.close()
        connection_lost(Path(tmp) / "second")
        in_german(Path(tmp) / "third")
    return 0


async def join_and_leave(host: HostThread, nickname: str) -> None:
    conn = ClientConnection()
    await conn.connect("127.0.0.1", host.host.port, server_key=host.host.public_key)
    try:
        await conn.join(CODE, nickname, 3)
        conn.send(Leave())
    finally:
        conn.close()


def in_german(folder: Path) -> None:
    """The find-class screen of a student whose computer speaks German."""
    set_language("de")
    folder.mkdir(parents=True, exist_ok=True)
    window = PlayerWindow(
        sound=False,
        browser=FixedBrowser(
            [FoundClass("Klasse 7b Physik", parse_address("192.168.1.31:5556"), "Frau Weber")]
        ),
        keymap_path=folder / "keys.json",
    )
    frames = Frames(window)
    try:
        find = window.screen
        assert isinstance(find, FindClassView)
        frames.frame()
        find.pick(0)
        find.on_text(CODE)
        find.on_key_press(keys.TAB, 0)
        find.on_text("Lena")
        frames.run_for(0.3)
        shot(frames, "find-class-de")
    finally:
        window.close()
        set_language("en")


def connection_lost(folder: Path) -> None:
    """A student whose network cable is pulled mid-lobby: the reconnect overlay."""
    host = HostThread(folder, world="moon")
    proxy = CutProxy(host)
    window = PlayerWindow(
        sound=False,
        browser=FixedBrowser([]),
        net=NetworkThread(host_timeout=1.0, reconnect_delays=(0.5, 1.0, 2.0, 4.0, 8.0)),
        keymap_path=folder / "keys.json",
    )
    frames = Frames(window)
    try:
        join_lobby(window, frames, proxy.address(host.host.public_key), "Sam")
        proxy.cut()
        frames.until(
            lambda: (
                window.session.connection.status == "reconnecting"
                and window.session.connection.attempt >= 2
            ),
            15,
            "reconnecting",
        )
        frames.run_for(0.2)
        shot(frames, "connection-lost")
    finally:
        window.close()
        proxy.close()
        host.close()


if __name__ == "__main__":
    sys.exit(main())
