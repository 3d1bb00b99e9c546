"""Classes found on the LAN, for the "Find your class" list.

``netcode.discovery`` browses zeroconf in the background; with no network the list stays
empty and students type the address instead.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from app.player.address import ClassAddress
from netcode.messages import PROTOCOL_VERSION

if TYPE_CHECKING:  # zeroconf takes ~0.4 s to import: the browser's thread imports it
    from netcode.discovery import Interfaces

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FoundClass:
    name: str  # the class as the host announces it
    address: ClassAddress  # where to pair with the join code
    teacher: str = ""


class ClassBrowser(Protocol):
    available: bool

    def found(self) -> list[FoundClass]: ...

    def close(self) -> None: ...


class NoBrowser:
    """No LAN discovery here: an always-empty list."""

    available = False

    def found(self) -> list[FoundClass]:
        return []

    def close(self) -> None:
        return None


class FixedBrowser:
    """A list given up front (tests, screenshots, ``--server``)."""

    available = True

    def __init__(self, classes: list[FoundClass]) -> None:
        self._classes = list(classes)

    def found(self) -> list[FoundClass]:
        return list(self._classes)

    def close(self) -> None:
        return None


class ZeroconfBrowser:
    """Watches ``_moonbase._tcp`` in a background thread (:class:`ClassWatcher`); a class
    stays listed until it is really gone; :meth:`found` never blocks. ``interfaces`` is
    "all" in a classroom, or the addresses the settings name (tests pass ``["127.0.0.1"]``);
    the thread stops when the browser is closed."""

    available = True
    REFRESH_S = 0.5  # how often the thread copies the watcher's list for the screen

    def __init__(self, interfaces: Interfaces = "all") -> None:
        self._interfaces = interfaces
        self._lock = threading.Lock()
        self._found: list[FoundClass] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="moonbase-lan", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            asyncio.run(self._watch())
        except Exception as exc:  # a broken network must not break the screen
            log.warning("LAN discovery stopped: %s", exc)

    async def _watch(self) -> None:
        from netcode.discovery import ClassWatcher  # zeroconf: imported off the start path

        watcher = ClassWatcher(interfaces=self._interfaces)
        await watcher.start()
        try:
            while not self._stop.is_set():
                found = [
                    FoundClass(a.class_name or "a class", ClassAddress(a.host, a.port), a.teacher)
                    for a in watcher.found()
                    if a.protocol_version == PROTOCOL_VERSION
                ]
                with self._lock:
                    self._found = found
                await asyncio.sleep(self.REFRESH_S)
        finally:
            await watcher.close()

    def found(self) -> list[FoundClass]:
        with self._lock:
            return list(self._found)

    def close(self) -> None:
        self._stop.set()


def lan_browser(interfaces: Interfaces = "all") -> ClassBrowser:
    """The zeroconf browser, or :class:`NoBrowser` if it cannot start here."""
    try:
        return ZeroconfBrowser(interfaces)
    except Exception as exc:
        log.warning("LAN discovery not started: %s", exc)
        return NoBrowser()
