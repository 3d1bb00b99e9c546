"""The import direction of DESIGN.md: game <- netcode <- app <- admin_gui, checked on the source."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("game", "netcode", "app", "admin_gui")
# Third-party packages each layer may import (beyond the standard library and lower layers).
ALLOWED_THIRD_PARTY = {
    "game": {"pymunk", "numpy"},
    "netcode": {"pymunk", "numpy", "msgpack", "zmq", "zeroconf", "spake2"},
    "app": None,  # anything but the GUI toolkits of other layers, see FORBIDDEN
    "admin_gui": None,
}
# The one `moonbase` command dispatches to every program, Mission Control included; it
# imports admin_gui lazily inside `moonbase console` only (test_host_runs_without_qt...).
ENTRY_POINT_EXCEPTIONS = {("app/cli.py", "admin_gui")}
FORBIDDEN = {
    "game": {
        "zmq",
        "aiosqlite",
        "sqlite3",
        "socket",
        "threading",
        "time",
        "arcade",
        "PySide6",
        "asyncio",
        "os",
        "pathlib",
    },
    "netcode": {"aiosqlite", "sqlite3", "arcade", "PySide6"},
    "app": {"PySide6"},
    "admin_gui": set(),
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def python_files(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_imports_only_downwards(layer: str) -> None:
    higher = set(LAYERS[LAYERS.index(layer) + 1 :])
    stdlib = set(sys.stdlib_module_names)
    problems: list[str] = []
    for path in python_files(layer):
        rel = path.relative_to(ROOT)
        # The player is an app program that draws with arcade; the host side of app must not.
        for name in imports_of(path):
            if name in higher and (str(rel), name) not in ENTRY_POINT_EXCEPTIONS:
                problems.append(f"{rel} imports {name}, a higher layer")
            if name in FORBIDDEN[layer]:
                problems.append(f"{rel} imports {name}, which {layer} must not use")
            allowed = ALLOWED_THIRD_PARTY[layer]
            if (
                allowed is not None
                and name not in stdlib
                and name not in LAYERS
                and name not in allowed
                and name != "__future__"
            ):
                problems.append(f"{rel} imports third-party {name}, not allowed in {layer}")
    assert not problems, "\n".join(problems)


def test_checker_catches_a_wrong_arrow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import zmq\nfrom app.host import host\n", encoding="utf-8")
    assert imports_of(bad) == {"zmq", "app"}


def test_host_runs_without_qt_or_opengl() -> None:
    """Importing the host and the CLI must not pull in PySide6, arcade or pyglet."""
    code = (
        "import sys, app.cli, app.host.host, app.demo, app.serve, app.bots\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6','arcade','pyglet'})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""


def test_game_runs_with_only_pymunk_and_numpy() -> None:
    code = (
        "import sys, game\n"
        "third = sorted({m.split('.')[0] for m in sys.modules} - set(sys.stdlib_module_names)"
        " - {'game', 'pymunk', 'numpy', 'cffi', 'pycparser'})\n"
        "third = [m for m in third if not m.startswith('_')]  # site hooks, C backends\n"
        "print(','.join(third))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""
