"""Smoke tests of the frozen programs (issue 16), built once per session by ``make dist``'s
script: each runs from dist/ with a clean environment (no venv, no PYTHONPATH, the working
directory outside the source tree), so only what the bundle carries can be imported.

Nothing here binds anything but 127.0.0.1, and LAN discovery is off or held to 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.app.test_demo_e2e import results_block

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "build" / "smoke"  # the screenshots, kept for people to look at
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

PLAYER_MB = 120  # the goals of issue 16
CONSOLE_MB = 200


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """What a student's or teacher's session has: no venv, no source tree; LAN discovery
    held to this computer."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "MOONBASE_SYSTEM_CONFIG": "",
        "MOONBASE_LAN_DISCOVERY": "false",
        "MOONBASE_DISCOVERY_INTERFACES": "127.0.0.1",
        "MOONBASE_COUNTDOWN_SECONDS": "1",
    }
    for name in ("DISPLAY", "XAUTHORITY"):
        if name in os.environ:
            env[name] = os.environ[name]
    env.update(extra)
    return env


def selftest_lines(stdout: str) -> dict[str, tuple[float, str]]:
    found: dict[str, tuple[float, str]] = {}
    for line in stdout.splitlines():
        if line.startswith("moonbase-selftest:"):
            parts = line.split(maxsplit=3)
            found[parts[1]] = (float(parts[2]), parts[3] if len(parts) > 3 else "")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bundle_mb(path: Path) -> float:
    total = sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1e6


def test_frozen_demo_prints_the_same_results_as_the_source_tree(dist: Path, tmp_path: Path) -> None:
    args = ["demo", "--seed", "7", "--speed", "4"]
    frozen = subprocess.run(
        [str(dist / "moonbase" / "moonbase"), *args, "--data", str(tmp_path / "frozen")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(tmp_path),
        timeout=300,
        check=False,
    )
    assert frozen.returncode == 0, frozen.stderr[-3000:]
    source = subprocess.run(
        [sys.executable, "-m", "app.cli", *args, "--data", str(tmp_path / "source")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean_env(tmp_path), "PATH": os.environ["PATH"]},
        timeout=300,
        check=False,
    )
    assert source.returncode == 0, source.stderr[-3000:]
    rows = results_block(frozen.stdout)
    assert len(rows) == 8, frozen.stdout
    assert rows == results_block(source.stdout)
    assert (tmp_path / "frozen" / "moonbase.db").is_file()


def test_frozen_moonbase_reads_the_system_config_and_says_what_it_lacks(
    dist: Path, tmp_path: Path
) -> None:
    system = tmp_path / "moonbase.toml"
    system.write_text("[moonbase]\nclass_name = 'Lab 4'\n", encoding="utf-8")
    exe = str(dist / "moonbase" / "moonbase")
    env = clean_env(tmp_path, MOONBASE_SYSTEM_CONFIG=str(system))
    shown = subprocess.run(
        [exe, "config", "--show"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=True,
    ).stdout
    assert f'class_name           = "Lab 4"  # system config file {system}' in shown
    play = subprocess.run(
        [exe, "play"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert play.returncode == 3
    assert "it comes with the Moonbase Player" in play.stderr


def test_frozen_console_starts_offscreen_and_hosts(dist: Path, tmp_path: Path) -> None:
    shot = tmp_path / "console.png"
    proc = subprocess.run(
        [
            str(dist / "moonbase-console" / "moonbase-console"),
            "--self-test",
            str(shot),
            "--data",
            str(tmp_path / "data"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=clean_env(tmp_path, QT_QPA_PLATFORM="offscreen"),
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    lines = selftest_lines(proc.stdout)
    assert {"window", "hosting", "screenshot", "stopped"} <= set(lines), proc.stdout
    join_string, code = lines["hosting"][1].split()
    assert join_string.startswith("127.0.0.1:")
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    assert (tmp_path / "data" / "moonbase.db").is_file()
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 720)
    assert len(image.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 20  # not a blank frame
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy2(shot, SCREENS / "frozen-console.png")


def test_frozen_player_renders_and_joins_a_frozen_host(dist: Path, tmp_path: Path) -> None:
    assert os.environ.get("DISPLAY"), "the player needs a display: run under xvfb-run"
    port = free_port()
    serve = subprocess.Popen(
        [
            str(dist / "moonbase" / "moonbase"),
            "serve",
            "--port",
            str(port),
            "--min-players",
            "1",
            "--data",
            str(tmp_path / "host"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp_path,
        env=clean_env(tmp_path),
    )
    try:
        assert serve.stdout is not None
        hosting = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "address" not in hosting:
            hosting = serve.stdout.readline()
            assert hosting or serve.poll() is None, "moonbase serve ended"
        found = re.search(r"join code (\w+), address (\S+)", hosting)
        assert found, hosting
        code, address = found[1], found[2]
        assert address == f"127.0.0.1:{port + 1}", hosting  # the class's address: pairing
        shot = tmp_path / "player.png"
        player = subprocess.run(
            [
                str(dist / "moonbase-player" / "moonbase-player"),
                "--self-test",
                str(shot),
                "--server",
                address,
                "--code",
                code,
                "--name",
                "Ada",
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=clean_env(tmp_path),
            timeout=120,
            check=False,
        )
        assert player.returncode == 0, player.stdout + player.stderr[-3000:]
        lines = selftest_lines(player.stdout)
        assert {"window", "joined", "screenshot"} <= set(lines), player.stdout
        joined = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "joined: Ada" not in joined:
            joined = serve.stdout.readline()
            assert joined or serve.poll() is None, "moonbase serve ended"
        assert "joined: Ada" in joined
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait(timeout=10)
        if serve.stdout is not None:
            serve.stdout.close()
    image = Image.open(shot).convert("RGB")
    assert image.size[0] >= 640
    assert len(image.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 20
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy2(shot, SCREENS / "frozen-player.png")


NOTICE_MUST = {
    "moonbase": ["aiosqlite", "cryptography", "numpy", "pymunk", "pyzmq", "zeroconf"],
    "moonbase-player": [
        "arcade",
        "pyglet",
        "pillow",
        "numpy",
        "pymunk",
        "pyzmq",
        "zeroconf",
        "spake2",
        "cryptography",  # spake2's key derivation: the player pairs by join code
    ],
    "moonbase-console": ["PySide6_Essentials", "shiboken6", "aiosqlite", "numpy", "pyzmq"],
}
NOTICE_MUST_NOT = {
    "moonbase": ["PySide6", "arcade", "fastapi", "stripe"],
    "moonbase-player": ["PySide6", "aiosqlite", "fastapi", "stripe"],
    "moonbase-console": ["arcade", "pyglet", "fastapi", "stripe"],
}


@pytest.mark.parametrize("bundle", sorted(NOTICE_MUST))
def test_every_bundle_ships_its_third_party_notices(dist: Path, bundle: str) -> None:
    text = (dist / bundle / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    summary = text.split("Python 3.", 1)[1].split("\n\n", 1)[0]
    names = {line.split()[0].lower() for line in summary.splitlines()[1:] if line.strip()}
    for name in NOTICE_MUST[bundle]:
        assert name.lower() in names, f"{bundle}: {name} missing from {sorted(names)}"
    for name in NOTICE_MUST_NOT[bundle]:
        assert not any(n.startswith(name.lower()) for n in names), f"{bundle} lists {name}"
    assert "PSF" in text
    assert text.count("=" * 78) >= 2 * len(names)


def archive_modules(dist: Path, bundle: str, extra: str) -> set[str]:
    """The Python modules inside a bundle's executable (PyInstaller's own archive reader)."""
    venv = ROOT / "build" / "venvs" / extra
    code = (
        "import sys\n"
        "from PyInstaller.archive.readers import CArchiveReader\n"
        "exe = CArchiveReader(sys.argv[1])\n"
        "pyz = exe.open_embedded_archive('PYZ.pyz')\n"
        "print('\\n'.join(pyz.toc))\n"
    )
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code, str(dist / bundle / bundle)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return set(out.split())


def source_modules(package: str) -> set[str]:
    found = set()
    for path in (ROOT / package.replace(".", "/")).rglob("*.py"):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        found.add(".".join(parts))
    return found


@pytest.mark.parametrize(
    ("bundle", "extra", "wanted", "unwanted"),
    [
        (
            "moonbase",
            "host",
            ["game", "netcode", "app.host", "app.store"],
            ["app.player", "admin_gui"],
        ),
        ("moonbase-player", "player", ["game", "netcode", "app.player"], ["app.host", "admin_gui"]),
        (
            "moonbase-console",
            "console",
            ["game", "netcode", "app.host", "admin_gui"],
            ["app.player"],
        ),
    ],
)
def test_bundles_carry_every_module_of_their_packages(
    dist: Path, bundle: str, extra: str, wanted: list[str], unwanted: list[str]
) -> None:
    inside = archive_modules(dist, bundle, extra)
    for package in wanted:
        missing = source_modules(package) - inside
        assert not missing, f"{bundle} lacks {sorted(missing)}"
    for package in unwanted:
        assert not any(m == package or m.startswith(package + ".") for m in inside)


@pytest.mark.parametrize(
    ("bundle", "files"),
    [
        ("moonbase", ["app/store/migrations/0001_initial.sql", "assets/sounds/beep.wav"]),
        ("moonbase-player", ["assets/sounds/thrust.wav", "arcade/VERSION"]),
        (
            "moonbase-console",
            [
                "app/store/migrations/0002_classroom.sql",
                "admin_gui/i18n/console_de.qm",
                "PySide6/Qt/translations/qtbase_de.qm",
                "PySide6/Qt/plugins/platforms/libqxcb.so",
                "PySide6/Qt/plugins/platforms/libqoffscreen.so",
            ],
        ),
    ],
)
def test_bundles_carry_their_data_files(dist: Path, bundle: str, files: list[str]) -> None:
    internal = dist / bundle / "_internal"
    for name in files:
        assert (internal / name).is_file(), f"{bundle} lacks {name}"


def test_console_bundle_leaves_out_unused_qt(dist: Path) -> None:
    qt = dist / "moonbase-console" / "_internal" / "PySide6" / "Qt"
    assert not (qt / "qml").exists()
    assert [p.name for p in (qt / "translations").iterdir()] == ["qtbase_de.qm"]
    libs = [p.name for p in (qt / "lib").iterdir()]
    for unused in ("Qml", "Quick", "Wayland", "EglFS", "Pdf", "Svg"):
        assert not [n for n in libs if f"Qt6{unused}" in n], f"{unused} in {libs}"
    internal = dist / "moonbase-console" / "_internal"
    assert not list(internal.glob("libgtk*")) and not list(internal.glob("libcairo*"))


def test_bundle_sizes_meet_the_goals(dist: Path) -> None:
    assert bundle_mb(dist / "moonbase-player") <= PLAYER_MB
    assert bundle_mb(dist / "moonbase-console") <= CONSOLE_MB
