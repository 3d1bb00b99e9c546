"""Each program imports in a venv that has only its extra of pyproject.toml (issue 16), so
an import of a package another program needs fails here, not on a school's computer."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

# every module of these packages is imported, plus these single modules
PROGRAMS: dict[str, tuple[list[str], list[str]]] = {
    "player": (["game", "netcode", "app.player"], ["app.cli", "app.config"]),
    "host": (
        ["game", "netcode", "app.host", "app.store", "app.sync"],
        ["app.cli", "app.demo", "app.serve", "app.bots", "app.synccmd"],
    ),
    "console": (
        ["game", "netcode", "app.host", "app.store", "app.sync", "admin_gui"],
        ["app.cli", "app.demo", "app.serve", "app.bots", "app.synccmd"],
    ),
    "cloud": (["app.cloud"], ["app.cli", "app.config"]),
}
# what another program brings and this one must not have installed at all
NOT_INSTALLED = {
    "player": ["PySide6", "fastapi", "stripe", "asyncpg", "uvicorn", "redis", "aiosqlite"],
    "host": ["PySide6", "arcade", "pyglet", "fastapi", "stripe", "asyncpg", "redis"],
    "console": ["arcade", "pyglet", "fastapi", "stripe", "asyncpg", "uvicorn", "redis"],
    "cloud": ["PySide6", "arcade", "pyglet", "pymunk", "zmq"],
}
# the build tools live in the venv too; no program may import them
TOOLS = ["PyInstaller", "altgraph", "packaging", "setuptools", "pkg_resources", "_pytest"]

IMPORT_ALL = """
import importlib, importlib.util, json, pkgutil, sys
packages, modules, absent, tools = (json.loads(a) for a in sys.argv[1:5])
count = 0
for name in modules:
    importlib.import_module(name)
    count += 1
for pkg in packages:
    mod = importlib.import_module(pkg)
    count += 1
    for info in pkgutil.walk_packages(mod.__path__, pkg + "."):
        importlib.import_module(info.name)
        count += 1
print(json.dumps({
    "count": count,
    "installed": [n for n in absent if importlib.util.find_spec(n) is not None],
    "tools": sorted({m.split(".")[0] for m in sys.modules} & set(tools)),
    "outside": sorted({
        m.__file__ for m in list(sys.modules.values())
        if getattr(m, "__file__", None) and m.__name__.split(".")[0] in
        {"game", "netcode", "app", "admin_gui"} and not m.__file__.startswith(sys.argv[5])
    }),
}))
"""


def python_of(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


@pytest.mark.parametrize("extra", sorted(PROGRAMS))
def test_program_imports_with_only_its_extra(venvs: Path, extra: str, tmp_path: Path) -> None:
    packages, modules = PROGRAMS[extra]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
    }
    proc = subprocess.run(
        [
            str(python_of(venvs / extra)),
            "-c",
            IMPORT_ALL,
            json.dumps(packages),
            json.dumps(modules),
            json.dumps(NOT_INSTALLED[extra]),
            json.dumps(TOOLS),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, f"{extra}: {proc.stderr[-2000:]}"
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["count"] > len(modules)
    assert result["installed"] == [], f"the {extra} extra installs {result['installed']}"
    assert result["tools"] == [], f"{extra} imports build tools {result['tools']}"
    assert result["outside"] == []


@pytest.mark.parametrize(
    ("extra", "command", "needle"),
    [
        ("host", "play", "install it with: pip install 'moonbase[player]'"),
        ("host", "cloud", "install it with: pip install 'moonbase[cloud]'"),
        ("player", "console", "install it with: pip install 'moonbase[console]'"),
    ],
)
def test_another_programs_command_says_what_to_install(
    venvs: Path, extra: str, command: str, needle: str, tmp_path: Path
) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
        "MOONBASE_SYSTEM_CONFIG": "",
        "MOONBASE_LAN_DISCOVERY": "false",
        "MOONBASE_DISCOVERY_INTERFACES": "127.0.0.1",
        "QT_QPA_PLATFORM": "offscreen",
    }
    proc = subprocess.run(
        [str(python_of(venvs / extra)), "-m", "app.cli", command, "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 3, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert needle in lines[0]
