"""Mission Control tests: real widgets on Qt's offscreen platform, a real host on a real
thread, bots over real ZeroMQ sockets, a real SQLite file in tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from admin_gui.main import build_window
from admin_gui.widgets.main_window import MainWindow
from app.config import Settings

SPEED = 1.0


def fast_settings(data_dir: Path, *, round_seconds: float = 6.0) -> Settings:
    return dataclasses.replace(
        Settings(),
        data_dir=data_dir,
        speed=SPEED,
        countdown_seconds=1.0,
        round_seconds=round_seconds,
    ).validate()


@pytest.fixture
def console(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """A console window with its host thread; stopped at the end whatever happened."""
    window = build_window(fast_settings(tmp_path / "data"), config_file=tmp_path / "moonbase.toml")
    qtbot.addWidget(window)
    window.show()
    yield window
    bridge = window.bridge
    if bridge.host_thread.running and bridge.info is not None and not window.is_stopped:
        with qtbot.waitSignal(bridge.stopped, timeout=30_000):
            bridge.close_lesson(settle_timeout=20.0)
    bridge.shutdown()
