"""A real classroom host (with bots) on its own thread, and a way to run player frames.

The host runs its asyncio loop in a background thread so the test thread can own the Arcade
window, as a student's computer does. Frames are run by hand: events, fixed updates at the
window's rate, update, draw, flip; every wait polls with a deadline.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

import arcade
from pyglet.window import key as keys

from app.bots import BotReport, bot_specs, run_bot
from app.config import Settings
from app.host.host import ClassHost
from app.player.lan import ClassBrowser, FixedBrowser
from app.player.netthread import NetworkThread
from app.player.views.find_class import FindClassView
from app.player.views.pick_character import PickCharacterView
from app.player.window import INPUT_RATE, PlayerWindow
from app.store import Store

T = TypeVar("T")
CODE = "MN4K2Z"


class HostThread:
    """ClassHost + store on a private event loop; ``call`` runs a coroutine there."""

    def __init__(self, data_dir: Path, **settings: Any) -> None:
        defaults: dict[str, Any] = {
            "data_dir": data_dir,
            "countdown_seconds": 1.0,
            "round_seconds": 10.0,
            "world": "earth",
            "class_name": "Room 12 Science",
        }
        defaults.update(settings)
        self.settings = dataclasses.replace(Settings(), **defaults)
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self.bots: list[Future[BotReport]] = []
        self.store: Store = self.call(Store.open(data_dir / "moonbase.db"))
        try:
            self.host = ClassHost(self.settings, self.store, join_code=CODE)
            self.call(self.host.start())
        except BaseException:
            self.call(self.store.close())
            self._stop_loop()
            raise

    @property
    def address(self) -> str:
        """The class's address as the console shows it (``127.0.0.1:PORT``): the player
        pairs there with the join code."""
        return self.host.address("127.0.0.1")

    @property
    def join_string(self) -> str:
        """``127.0.0.1:PORT/KEY``: the game socket with its key (bots and scripts)."""
        return self.host.join_string("127.0.0.1")

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def do(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a plain ClassHost method on the host's loop (as the console would)."""

        async def run() -> T:
            return fn(*args)

        return self.call(run())

    def start_bots(self, count: int, seed: int = 3) -> None:
        for spec in bot_specs(count, seed):
            fut = asyncio.run_coroutine_threadsafe(
                run_bot(
                    "127.0.0.1",
                    self.host.port,
                    CODE,
                    spec,
                    server_key=self.host.public_key,
                    timeout=60.0,
                ),
                self.loop,
            )
            self.bots.append(fut)

    def close(self) -> None:
        try:
            self.call(self.host.stop())
            self.call(self.store.close())
        finally:
            for fut in self.bots:
                fut.cancel()
            self._stop_loop()

    def _stop_loop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5.0)
        if not self.loop.is_running():
            self.loop.close()


class Frames:
    """Runs the window's frames by hand, as ``arcade.run`` would."""

    def __init__(self, window: PlayerWindow) -> None:
        self.window = window
        self._last = time.monotonic()
        self._fixed_debt = 0.0
        self.count = 0

    def frame(self) -> None:
        w = self.window
        now = time.monotonic()
        dt = min(0.25, now - self._last)
        self._last = now
        w.switch_to()
        w.dispatch_events()
        self._fixed_debt += dt
        step = 1.0 / INPUT_RATE
        while self._fixed_debt >= step:
            self._fixed_debt -= step
            w.dispatch_event("on_fixed_update", step)
        w.dispatch_event("on_update", dt)
        w.dispatch_event("on_draw")
        w.flip()
        self.count += 1

    def until(self, done: Callable[[], bool], timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                screen = self.window.screen
                shown = screen.shown_text() if screen is not None else ""
                raise AssertionError(
                    f"timed out after {timeout:.0f} s waiting for {what}; "
                    f"screen {screen.name if screen else None!r}, signals "
                    f"{self.window.signals}, text:\n{shown}"
                )
            self.frame()

    def run_for(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.frame()


class CutProxy:
    """A TCP relay in front of the host, run on the host's loop, that a test can cut.

    ``cut`` drops every relayed connection and stops listening, as a pulled network cable
    (the player's reconnect attempts are refused); ``restore`` listens on the same port again.
    """

    def __init__(self, host: HostThread) -> None:
        self._host = host
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0
        self.connections = 0  # TCP connections relayed so far
        host.call(self._listen())

    def address(self, key: bytes | None) -> str:
        suffix = "" if key is None else "/" + key.decode("ascii")
        return f"127.0.0.1:{self.port}{suffix}"

    def cut(self) -> None:
        self._host.call(self._cut())

    def restore(self) -> None:
        self._host.call(self._listen())

    def close(self) -> None:
        self.cut()

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def _cut(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self._host.host.port)
        except OSError:
            writer.transport.abort()
            return
        self.connections += 1
        self._writers |= {writer, up_writer}
        await asyncio.gather(
            self._copy(reader, up_writer), self._copy(up_reader, writer), return_exceptions=True
        )

    async def _copy(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            writer.transport.abort()
            self._writers.discard(writer)


def open_window(
    config_dir: Path, net: NetworkThread | None = None, browser: ClassBrowser | None = None
) -> PlayerWindow:
    """A student's window for tests: no sound, no LAN browsing (unless ``browser``), fast
    reconnects; rejoin tokens and keys kept in ``config_dir``."""
    return PlayerWindow(
        sound=False,
        browser=browser or FixedBrowser([]),
        keymap_path=config_dir / "keys.json",
        net=net
        or NetworkThread(
            host_timeout=1.0,
            reconnect_delays=(0.05, 0.1, 0.2),
            join_timeout=1.0,
            token_folder=config_dir,
        ),
    )


def type_in(view: FindClassView, text: str) -> None:
    view.on_text(text)
    view.on_key_press(keys.TAB, 0)


def join_as(window: PlayerWindow, frames: Frames, address: str, code: str, name: str) -> None:
    """Type the code, nickname and (unless ``""``: the class is picked from the network's
    list) the address on the find-class screen, as the fields come, and press Enter."""
    view = window.screen
    assert isinstance(view, FindClassView)
    type_in(view, code)
    type_in(view, name)
    view.on_text(address)
    view.on_key_press(keys.ENTER, 0)
    frames.frame()


def join_lobby(window: PlayerWindow, frames: Frames, address: str, name: str) -> None:
    """Join with the right code and the first character; wait for the lobby."""
    join_as(window, frames, address, CODE, name)
    picker = window.screen
    assert isinstance(picker, PickCharacterView)
    picker.on_key_press(keys.ENTER, 0)
    frames.until(lambda: window.screen is not None and window.screen.name == "lobby", 10, "lobby")


def save_frame(frames: Frames, path: Path) -> Path:
    """Draw one frame of the window and save it as the PNG ``path`` (read before the
    buffers swap). The player's screenshot scripts take their pictures so."""
    w = frames.window
    frames.frame()
    w.switch_to()
    w.dispatch_event("on_draw")
    image = arcade.get_image(0, 0, *w.get_framebuffer_size())
    image.save(path)
    w.flip()
    return path
