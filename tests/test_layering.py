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


# The app layer's programs and parts (issue 13): each part is a package, and the arrows
# between them go one way. Every part may use the shared basics (settings, errors, logs,
# which use only ``app/common``);
# no part imports a program module (the CLI's ``demo``, ``serve``, ``bots``, ``synccmd``,
# ``tables``); a program may use any part. The cloud and the host's sync client share only
# ``app/common`` (plans, the entitlement token, secret files, time, leaderboard periods).
BASICS = {"app.config", "app.errors", "app.logs"}
PROGRAMS = {
    "app.cli",
    "app.demo",
    "app.serve",
    "app.bots",
    "app.synccmd",
    "app.reportcmd",
    "app.tables",
}
PART_ARROWS: dict[str, set[str]] = {
    "app/common": set(),
    "app/store": {"app.common"},
    "app/sync": {"app.common", "app.store"},
    "app/host": {"app.common", "app.store", "app.sync"},
    "app/player": {"app.common"},
    "app/cloud": {"app.common"},
    "app/report": {"app.common", "app.store"},
    "admin_gui": {"app.common", "app.store", "app.sync", "app.host", "app.report"},
}


def app_imports_of(path: Path) -> set[str]:
    """The ``app.<part>`` modules a file imports (lazily inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found.update(".".join(n.split(".")[:2]) for n in names if n.split(".")[0] == "app")
    return found


@pytest.mark.parametrize("part", sorted(PART_ARROWS))
def test_app_parts_import_only_their_arrows(part: str) -> None:
    own = part.replace("/", ".")
    allowed = PART_ARROWS[part] | BASICS | {own}
    problems = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / part).rglob("*.py"))
        for name in sorted(app_imports_of(path) - allowed)
    ]
    assert not problems, "\n".join(problems)


def test_the_basics_import_no_part_and_no_program() -> None:
    problems = [
        f"{basic} imports {name}"
        for basic in sorted(BASICS)
        for name in sorted(
            app_imports_of(ROOT / (basic.replace(".", "/") + ".py")) - {basic, "app.common"}
        )
    ]
    assert not problems, "\n".join(problems)


def test_no_part_imports_a_program() -> None:
    problems = [
        f"{path.relative_to(ROOT)} imports {name}"
        for part in PART_ARROWS
        for path in sorted((ROOT / part).rglob("*.py"))
        for name in sorted(app_imports_of(path) & PROGRAMS)
    ]
    assert not problems, "\n".join(problems)


def test_the_arrow_checker_sees_lazy_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from app.store.files import DB_NAME\ndef f():\n    import app.demo\n", encoding="utf-8"
    )
    assert app_imports_of(sample) == {"app.store", "app.demo"}
