"""The .deb (issue 16): installed with dpkg into a throwaway root, the installed ``moonbase demo``
runs, both apps are in the menu with their icons, /etc/moonbase/moonbase.toml is a conffile
that survives removal and goes with purge, and removal leaves nothing else behind."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.app.test_demo_e2e import results_block
from tests.packaging.test_bundles import clean_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1800),
    pytest.mark.skipif(shutil.which("dpkg") is None, reason="Debian packages need dpkg"),
]
APPS = ("moonbase-player", "moonbase-console")


def dpkg(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": "/usr/local/sbin:/usr/sbin:/sbin:" + os.environ["PATH"]}
    force = ["--force-not-root"] if os.geteuid() != 0 else []
    return subprocess.run(
        ["dpkg", f"--root={root}", "--force-depends", "--force-script-chrootless", *force, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=True,
    )


def empty_root(root: Path) -> None:
    admin = root / "var" / "lib" / "dpkg"
    for sub in ("info", "updates", "triggers"):
        (admin / sub).mkdir(parents=True)
    (admin / "status").touch()
    (admin / "available").touch()


def test_the_deb_installs_runs_and_removes_cleanly(dist: Path, tmp_path: Path) -> None:
    debs = sorted(dist.glob("moonbase_*_amd64.deb"))
    assert len(debs) == 1, debs
    info = subprocess.run(
        ["dpkg-deb", "--field", str(debs[0]), "Package", "Architecture", "Depends"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Package: moonbase" in info and "Architecture: amd64" in info
    assert "libxcb-cursor0" in info
    root = tmp_path / "root"
    empty_root(root)
    dpkg(root, "--install", str(debs[0]))
    listed = dpkg(root, "--listfiles", "moonbase").stdout.split()
    for path in (
        "/opt/moonbase/moonbase/moonbase",
        "/opt/moonbase/player/moonbase-player",
        "/opt/moonbase/console/moonbase-console",
        "/usr/bin/moonbase",
        "/etc/moonbase/moonbase.toml",
    ):
        assert path in listed, path
    conffiles = (root / "var/lib/dpkg/info/moonbase.conffiles").read_text().split()
    assert conffiles == ["/etc/moonbase/moonbase.toml"]

    # both apps are in the menu, with icons, and their commands exist
    for app in APPS:
        entry = configparser.ConfigParser(interpolation=None)
        entry.optionxform = str  # type: ignore[assignment,method-assign]
        entry.read(root / "usr/share/applications" / f"{app}.desktop", encoding="utf-8")
        desktop = entry["Desktop Entry"]
        assert desktop["Type"] == "Application"
        assert desktop["Name"].startswith("Moonbase ")
        assert (root / "usr/bin" / desktop["Exec"].split()[0]).resolve().is_file()
        assert "Education" in desktop["Categories"].split(";")
        if shutil.which("desktop-file-validate"):  # desktop-file-utils, where installed
            subprocess.run(
                ["desktop-file-validate", str(root / "usr/share/applications" / f"{app}.desktop")],
                check=True,
                capture_output=True,
            )
        for size in (48, 128, 256):
            icon = root / "usr/share/icons/hicolor" / f"{size}x{size}/apps/{desktop['Icon']}.png"
            assert icon.is_file(), icon
    # the system config as installed parses, and IT's edits are what the programs read
    system = root / "etc/moonbase/moonbase.toml"
    system.write_text(
        system.read_text(encoding="utf-8") + "class_name = 'Room 9 (installed)'\n",
        encoding="utf-8",
    )
    moonbase = root / "usr" / "bin" / "moonbase"
    env = clean_env(tmp_path, MOONBASE_SYSTEM_CONFIG=str(system))
    shown = subprocess.run(
        [str(moonbase), "config", "--show"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=True,
    ).stdout
    assert f"# system config file {system}" in shown
    data = tmp_path / "data"
    demo = subprocess.run(
        [str(moonbase), "demo", "--bots", "3", "--seed", "3", "--speed", "4", "--data", str(data)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert "Room 9 (installed)" in demo.stdout
    assert len(results_block(demo.stdout)) == 3

    # remove: the programs go, IT's settings stay; purge: the settings go too
    dpkg(root, "--remove", "moonbase")
    assert not (root / "opt" / "moonbase").exists()
    assert not (root / "usr/bin/moonbase").exists()
    assert not (root / "usr/share/applications/moonbase-player.desktop").exists()
    assert "Room 9" in system.read_text(encoding="utf-8")
    dpkg(root, "--purge", "moonbase")
    assert not system.exists()
    assert not (root / "etc" / "moonbase").exists()
    left = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and not str(p.relative_to(root)).startswith("var/lib/dpkg")
    )
    assert left == []
    # the results database is the school's: uninstalling never touches it
    assert (data / "moonbase.db").is_file()
