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

from app.bots import BotReport, bot_specs, run_bot
from app.config import Settings
from app.host.host import ClassHost
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
        return self.host.join_string("127.0.0.1")

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 10.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

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
