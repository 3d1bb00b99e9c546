"""ClassHost is put together by composition, from small parts each with the few things it
needs (roster, seating, rounds, snapshot scheduling, moderation, admission...), not from a
chain of mixins sharing every attribute; the public API stays where consoles and the CLI
import it from."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

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
    assert ClassHost.__mro__ == (ClassHost, object)  # composed, not a chain of mixins
    for name, is_async in PUBLIC.items():
        method = getattr(ClassHost, name)
        assert inspect.iscoroutinefunction(method) is is_async, name
    for prop in ("port", "public_key", "round"):
        assert isinstance(inspect.getattr_static(ClassHost, prop), property), prop
    for name in ("ClassHost", "HostEvent", "RoomStatus", "RoundStatus"):
        assert name in module.__all__ and hasattr(module, name), name


PARTS = {
    "roster.py": "Roster",
    "seating.py": "Seating",
    "rounds.py": "Rounds",
    "snapshots.py": "SnapshotScheduler",
    "moderation.py": "Moderation",
    "admission.py": "Admission",
    "sender.py": "Sender",
    "publisher.py": "Publisher",
    "writes.py": "Writes",
}
MAX_ATTRIBUTES = 20  # per part; the old HostCore shared 34 with every mixin


def _instance_attributes(path: Path, cls: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls)
    names = set()
    for item in ast.walk(node):
        if (
            isinstance(item, ast.Attribute)
            and isinstance(item.value, ast.Name)
            and item.value.id == "self"
            and isinstance(item.ctx, ast.Store)
        ):
            names.add(item.attr)
    return names


def test_each_part_is_a_small_object_of_its_own() -> None:
    host_dir = ROOT / "app" / "host"
    for module_name, cls in PARTS.items():
        path = host_dir / module_name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
        assert cls in classes, f"{module_name} has no class {cls}"
        assert not classes[cls].bases, f"{cls} extends {classes[cls].bases}: compose instead"
        attributes = _instance_attributes(path, cls)
        assert len(attributes) <= MAX_ATTRIBUTES, f"{cls} keeps {len(attributes)} attributes"
    from app.host.host import ClassHost

    for name in ("roster", "seating", "rounds", "moderation", "admission"):
        assert name in _instance_attributes(host_dir / "host.py", "ClassHost")
    assert ClassHost.__init__.__code__.co_argcount == 3  # self, settings, store


def test_small_host_modules_do_not_load_the_host() -> None:
    code = (
        "import sys, app.host, app.host.joincode, app.host.rating\n"
        "print('app.host.host' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"
