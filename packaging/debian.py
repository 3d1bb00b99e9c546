"""The Debian package: ``dist/moonbase_<version>_amd64.deb``, made with dpkg-deb from the
three bundles in ``dist/``.

    /opt/moonbase/{moonbase,player,console}/      the PyInstaller bundles
    /usr/bin/moonbase, moonbase-player, moonbase-console   relative symlinks into /opt
    /usr/share/applications/*.desktop              both apps in the desktop's menu
    /usr/share/icons/hicolor/<size>/apps/*.png     their icons
    /etc/moonbase/moonbase.toml                    the system settings (a conffile)
    /usr/share/doc/moonbase/                       copyright, third-party notices

Files that are the same in two bundles (libpython, numpy, pyzmq, ...) are stored once, as
hard links. No maintainer scripts: the desktop menu and icon caches are refreshed by the
triggers of the packages that own them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

from build import BUILD, DIST, PACKAGING, ROOT, BuildError, du, log, pyproject

PACKAGE = "moonbase"
# bundle in dist/ -> folder under /opt/moonbase, its command in /usr/bin
LAYOUT = {
    "moonbase": ("moonbase", "moonbase"),
    "moonbase-player": ("player", "moonbase-player"),
    "moonbase-console": ("console", "moonbase-console"),
}
APPS = ("moonbase-player", "moonbase-console")
ICON_SIZES = {48: "-48", 128: "-128", 256: ""}
# the system libraries the bundles load but do not carry (Qt's X11 platform, OpenGL for
# arcade, fonts); the same list scripts/bootstrap.sh installs for development
DEPENDS = [
    "libc6 (>= 2.36)",
    "libgl1",
    "libegl1",
    "libopengl0",
    "libgl1-mesa-dri",
    "libglib2.0-0",
    "libfontconfig1",
    "libdbus-1-3",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-shape0",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-image0",
]


def version() -> str:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    return str(project["version"])


def deb_path() -> Path:
    return DIST / f"{PACKAGE}_{version()}_amd64.deb"


def _dedupe(tree: Path) -> int:
    """Hard-link identical files under ``tree`` (same bytes, same mode); bytes saved."""
    seen: dict[tuple[str, int], Path] = {}
    saved = 0
    for path in sorted(tree.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        stat = path.stat()
        if stat.st_size < 4096:
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        key = (digest, stat.st_mode)
        first = seen.get(key)
        if first is None:
            seen[key] = path
            continue
        path.unlink()
        os.link(first, path)
        saved += stat.st_size
    return saved


def _control(installed_kb: int) -> str:
    return "\n".join(
        [
            f"Package: {PACKAGE}",
            f"Version: {version()}",
            "Architecture: amd64",
            "Section: education",
            "Priority: optional",
            "Maintainer: Moonbase <dev@moonbase.local>",
            f"Installed-Size: {installed_kb}",
            f"Depends: {', '.join(DEPENDS)}",
            "Homepage: https://moonbase.example.org",
            "Description: classroom STEM games over the school LAN",
            " Moonbase Mission Control hosts a class on the teacher's computer; students",
            " join it with the Moonbase Player and a six-character code. Results are kept",
            " on the teacher's computer and synced to the school's cloud tenant when set.",
            " Includes the headless moonbase command (serve, bots, demo, export, sync).",
            "",
        ]
    )


def stage(root: Path) -> None:
    """Lay out the package's files under ``root``."""
    for bundle, (folder, command) in LAYOUT.items():
        source = DIST / bundle
        if not source.is_dir():
            raise BuildError(f"dist/{bundle} is missing: build the bundles first")
        target = root / "opt" / PACKAGE / folder
        shutil.copytree(source, target, symlinks=True)
        link = root / "usr" / "bin" / command
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(Path("../../opt") / PACKAGE / folder / bundle)
    for app in APPS:
        desktop = root / "usr" / "share" / "applications" / f"{app}.desktop"
        desktop.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PACKAGING / "linux" / f"{app}.desktop", desktop)
        for size, suffix in ICON_SIZES.items():
            icon = root / "usr/share/icons/hicolor" / f"{size}x{size}" / "apps" / f"{app}.png"
            icon.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(PACKAGING / "icons" / f"{app}{suffix}.png", icon)
    etc = root / "etc" / PACKAGE
    etc.mkdir(parents=True)
    shutil.copy2(PACKAGING / "linux" / "moonbase.toml", etc / "moonbase.toml")
    doc = root / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Moonbase\n\nMoonbase's own code: proprietary, all rights reserved.\n"
        "Third-party software in each program: /opt/moonbase/*/THIRD-PARTY-NOTICES.txt\n"
        "The IT guide: docs/deploy.md in the Moonbase source.\n",
        encoding="utf-8",
    )
    shutil.copy2(ROOT / "packaging" / "moonbase.example.toml", doc / "moonbase.example.toml")
    for path in [root, *root.rglob("*")]:  # root-owned, world-readable, as dpkg expects
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        path.chmod(0o755 if path.is_dir() or mode & 0o111 else 0o644)


def build_deb(*, force: bool = False) -> Path:
    out = deb_path()
    stamps = [BUILD / f"{bundle}.fingerprint" for bundle in LAYOUT]
    inputs = [*stamps, *(PACKAGING / "linux").iterdir(), Path(__file__)]
    fresh = out.is_file() and all(p.exists() for p in stamps)
    if not force and fresh and out.stat().st_mtime >= max(p.stat().st_mtime for p in inputs):
        log(f"{out.name}: up to date")
        return out
    if shutil.which("dpkg-deb") is None:
        raise BuildError("dpkg-deb is not installed (the .deb is built on Debian only)")
    started = time.monotonic()
    root = BUILD / "deb" / PACKAGE
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    stage(root)
    saved = _dedupe(root / "opt" / PACKAGE)
    debian = root / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(_control(du(root) // 1024), encoding="utf-8")
    (debian / "conffiles").write_text(f"/etc/{PACKAGE}/moonbase.toml\n", encoding="utf-8")
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(root), str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    log(
        f"{out.name}: {out.stat().st_size / 1e6:.0f} MB in {time.monotonic() - started:.0f} s"
        f" ({saved / 1e6:.0f} MB shared between the bundles)"
    )
    return out
