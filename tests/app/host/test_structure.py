"""ClassHost is put together from parts (app/host/core, seating, play, people, host); the
public API stays where consoles and the CLI import it from."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

from app.host.core import HostCore

ROOT = Path(__file__).resolve().parents[3]
PUBLIC = {
    "start": True,
    "stop": True,
    "sync_status": True,
    "join_string": False,
    "now": False,
    "subscribe": False,
    "unsubscribe": False,
    "players": False,
    "status": False,
    "room_statuses": False,
    "room_of": False,
    "lobby": False,
    "create_room": False,
    "assign": False,
    "unassign": False,
    "auto_group": False,
    "close_room": False,
    "close_idle_rooms": False,
    "poll_matchmaking": False,
    "start_round": True,
    "start_all": True,
    "pause": False,
    "resume": False,
    "end_round": False,
    "wait_round": True,
    "load_roster": True,
    "clear_roster": False,
    "set_spectator": False,
    "mute": False,
    "unmute": False,
    "kick": False,
    "readmit": False,
    "kicked": False,
    "lift_bar": True,
    "barred": False,
    "set_hide_ranks": False,
    "say": True,
    "end_lesson": True,
    "export_lesson_csv": True,
}


def test_class_host_keeps_its_public_api_and_import_paths() -> None:
    from app.host import ClassHost, HostEvent
    from app.host import host as module

    assert ClassHost is module.ClassHost and HostEvent is module.HostEvent
    assert issubclass(ClassHost, HostCore)
    for name, is_async in PUBLIC.items():
        method = getattr(ClassHost, name)
        assert inspect.iscoroutinefunction(method) is is_async, name
    for prop in ("port", "public_key", "round"):
        assert isinstance(inspect.getattr_static(ClassHost, prop), property), prop
    for name in ("GAME", "TEACHER", "AI_ID_BASE", "DT", "Grouping", "RoomStatus", "RoundStatus"):
        assert name in module.__all__ and hasattr(module, name), name


def test_small_host_modules_do_not_load_the_host() -> None:
    code = (
        "import sys, app.host, app.host.joincode, app.host.rating\n"
        "print('app.host.host' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"
