"""The player's window: drains the network once a frame, routes screens, draws overlays."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import arcade
import platformdirs

from app.config import default_data_dir
from app.player import palette
from app.player.address import ClassAddress
from app.player.controls import Gamepad, KeyMap, load_keymap, save_keymap
from app.player.flights import view_class
from app.player.i18n import tr
from app.player.lan import ClassBrowser, lan_browser
from app.player.netthread import NetworkThread
from app.player.session import Session
from app.player.sound import SoundBoard
from app.player.ui import MIN_WINDOW, Labels, Letterbox, canvas_camera, panel
from app.player.views.base import PlayerView
from app.player.views.find_class import FindClassView
from app.player.views.keys import KeysView
from app.player.views.lobby import LobbyView
from app.player.views.pick_character import PickCharacterView
from app.player.views.results import ResultsView
from game.api import PlayerResult

log = logging.getLogger(__name__)

INPUT_RATE = 30  # Hz: fixed updates sample the controls (the host accepts up to 60 inputs/s)
MAX_EVENTS_PER_FRAME = 2048


def default_keymap_path() -> Path:
    return Path(platformdirs.user_config_dir("moonbase")) / "keys.json"


# the find-class field a refusal asks the student to change
FIELD_TO_FIX = {
    "wrong_code": "code",
    "code_expired": "code",
    "nickname_taken": "nickname",
    "reserved_nickname": "nickname",
    "bad_nickname": "nickname",
    "not_on_roster": "nickname",
    "reclaim_pending": "nickname",
    "wrong_key": "address",
    "unreachable": "address",
    "not_found": "address",
}


class PlayerWindow(arcade.Window):
    """One student's window. Views read :attr:`session`; only this class changes screens."""

    def __init__(
        self,
        *,
        width: int = 1280,
        height: int = 720,
        fullscreen: bool = False,
        visible: bool = True,
        net: NetworkThread | None = None,
        browser: ClassBrowser | None = None,
        keymap_path: Path | None = None,
        data_dir: Path | None = None,
        sound: bool = True,
        antialiasing: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(
            width,
            height,
            "Moonbase",
            fullscreen=fullscreen,
            resizable=True,
            visible=visible,
            vsync=False,
            fixed_rate=1.0 / INPUT_RATE,
            fixed_frame_cap=3,
            antialiasing=antialiasing,  # 4x MSAA costs ~40 % of a frame in software GL
        )
        self.set_minimum_size(*MIN_WINDOW)
        self.background_color = palette.SKY
        self.session = Session(clock=clock)
        self.net = net or NetworkThread(token_folder=data_dir or default_data_dir())
        self.net.start()
        self.browser = browser or lan_browser()
        self.keymap_path = keymap_path or default_keymap_path()
        self.keymap = load_keymap(self.keymap_path)
        self.gamepad = Gamepad()
        self.sound = SoundBoard(enabled=sound)
        self.held_keys: set[int] = set()
        self.signals: list[str] = []  # every signal routed, in order (read by tests)
        self.last_result: PlayerResult | None = None
        self.box = Letterbox.fit(*self.get_size())
        self.canvas = canvas_camera(self.box)
        self._overlay = Labels()
        self.show_view(FindClassView(self))

    # -- screens -----------------------------------------------------------------------------
    @property
    def screen(self) -> PlayerView | None:
        view = self.current_view
        return view if isinstance(view, PlayerView) else None

    def find_class(self, error: str | None = None, *, fix: str | None = None) -> None:
        """The find-class screen; ``fix`` names the field the cursor starts in."""
        self.show_view(FindClassView(self, error=error, fix=fix))

    def choose_character(self, address: ClassAddress | None, code: str, nickname: str) -> None:
        s = self.session
        s.address, s.code, s.nickname = address, code, nickname
        self.show_view(PickCharacterView(self))

    def join(self, character: int) -> None:
        """Join with what the student chose: the class's address (or the classes found on
        the network, when no address was typed), the code and the nickname."""
        s = self.session
        candidates = [] if s.address is not None else [f.address for f in self.browser.found()]
        s.joining(s.address, s.code, s.nickname, character)
        self.net.join_class(s.address, s.code, s.nickname, character, candidates=candidates)

    def show_lobby(self) -> None:
        self.show_view(LobbyView(self))

    def show_flight(self) -> None:
        """The play screen of the round's game."""
        game = self.session.game
        if game is None or self.session.setup is None:
            return
        self.show_view(view_class(game.key)(self))

    def show_results(self) -> None:
        if self.session.my_result is not None:
            self.last_result = self.session.my_result
        self.show_view(ResultsView(self))

    def show_keys(self) -> None:
        back = self.screen
        if back is not None:
            self.show_view(KeysView(self, back))

    def set_keymap(self, keymap: KeyMap) -> None:
        self.keymap = keymap
        try:
            save_keymap(keymap, self.keymap_path)
        except OSError as exc:
            log.warning("keys not saved to %s: %s", self.keymap_path, exc)

    # -- the frame ---------------------------------------------------------------------------
    def on_update(self, delta_time: float) -> None:
        self.session.rtt = self.net.rtt
        for event in self.net.events(MAX_EVENTS_PER_FRAME):
            for signal in self.session.apply(event):
                self.signals.append(signal)
                self.route(signal)

    def route(self, signal: str) -> None:
        s = self.session
        view = self.screen
        name = view.name if view is not None else ""
        if signal == "joined":
            if s.in_round and s.setup is not None:
                self.show_flight()
            else:
                self.show_lobby()
        elif signal == "join_failed":
            self.find_class(s.join_error, fix=FIELD_TO_FIX.get(s.join_error_code))
        elif signal == "round_started":
            if s.in_round and name in ("lobby", "find_class", "pick_character"):
                self.show_flight()
        elif signal == "active":
            if s.in_round and name == "results" and s.my_result is None:
                self.show_flight()
        elif signal == "round_completed" and name == "flight" and not s.in_round:
            self.show_lobby()
        elif signal == "class_ended":
            self.find_class(
                tr("{0} Find a class to join another one.").format(tr(s.connection.reason))
            )

    def on_key_press(self, symbol: int, modifiers: int) -> None:
        self.held_keys.add(symbol)
        view = self.screen
        if view is not None and view.captures_text:
            return
        if symbol in self.keymap.keys_for("mute"):
            self.sound.toggle_mute()

    def on_key_release(self, symbol: int, modifiers: int) -> None:
        self.held_keys.discard(symbol)

    def on_deactivate(self) -> None:
        self.held_keys.clear()  # keys released while another window had focus

    def on_resize(self, width: int, height: int) -> None:
        super().on_resize(width, height)
        self.box = Letterbox.fit(width, height)
        self.canvas = canvas_camera(self.box)

    def draw_overlays(self, labels: Labels) -> None:
        """Drawn over every screen: the connection-lost panel and the mute note."""
        del labels
        self._overlay.begin_frame()
        conn = self.session.connection
        if conn.status in ("reconnecting", "gone"):
            arcade.draw_lrbt_rectangle_filled(0, 1280, 0, 720, (0, 0, 0, 170))
            panel(290, 990, 230, 490)
            if conn.status == "reconnecting":
                head = tr("Connection lost")
                line = tr("Reconnecting: attempt {0} of {1}...").format(conn.attempt, conn.attempts)
                note = tr("You go back into the game by yourself.")
            else:
                head = tr("Could not reconnect")
                line = tr(conn.reason)
                note = tr("Check the network, then find your class again.")
            self._overlay.draw(
                "lost-head",
                head,
                640,
                430,
                size=32,
                bold=True,
                anchor_x="center",
                colour=palette.VERMILLION,
            )
            self._overlay.draw(
                "lost-line",
                line,
                640,
                370,
                size=18,
                anchor_x="center",
                width=660 if len(line) > 60 else None,
            )
            self._overlay.draw(
                "lost-note", note, 640, 280, size=16, anchor_x="center", colour=palette.DIM_TEXT
            )
        if self.sound.muted:
            self._overlay.draw(
                "muted",
                "Sound off (M)",
                1270,
                8,
                size=13,
                anchor_x="right",
                colour=palette.DIM_TEXT,
            )

    def overlay_text(self) -> str:
        """What the overlays said in the last frame drawn (empty when none showed)."""
        return "\n".join(t.text for t in self._overlay.visible().values())

    def close(self) -> None:
        self.sound.close()
        self.gamepad.close()
        self.browser.close()
        self.net.stop()
        super().close()
