"""The player tests' default fixtures: a host with bots on its own thread and a real player
window (a module may override either, e.g. for a shorter round or a faster reconnect)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.player.i18n import set_language
from app.player.window import PlayerWindow
from tests.app.player.harness import HostThread, open_window


@pytest.fixture
def host(tmp_path: Path) -> Iterator[HostThread]:
    h = HostThread(tmp_path)
    try:
        yield h
    finally:
        h.close()


@pytest.fixture
def window(tmp_path: Path) -> Iterator[PlayerWindow]:
    w = open_window(tmp_path)
    try:
        yield w
    finally:
        w.close()


@pytest.fixture
def german() -> Iterator[None]:
    """The player speaks German for the test, English again after it."""
    set_language("de")
    try:
        yield
    finally:
        set_language("en")
