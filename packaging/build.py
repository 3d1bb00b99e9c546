"""``make dist``: one venv per program, the PyInstaller bundles, their notices, the .deb.

    python packaging/build.py [venvs|bundles|deb|all] [--force]

Each program is built from a venv that holds only its extra of ``pyproject.toml``
(``build/venvs/<extra>``) plus PyInstaller, so nothing another program needs can slip in.
Venvs and bundles are rebuilt only when what they are made from changed: a venv when its
requirement list changed, a bundle when the sources, assets, specs or requirements did
(fingerprints in ``build/``). The same script runs on Windows and macOS CI runners
(``.github/workflows/bundles.yml``); the .deb step runs on Debian only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
DIST = ROOT / "dist"
VENVS = BUILD / "venvs"
PACKAGING = ROOT / "packaging"

# bundle name -> the extra of pyproject.toml it is built from
BUNDLES = {"moonbase": "host", "moonbase-player": "player", "moonbase-console": "console"}
EXTRAS = ("player", "console", "host", "cloud")
# what the fingerprint of a bundle covers (besides the requirement list)
SOURCES = ("game", "netcode", "app", "admin_gui", "assets", "packaging")
SOURCE_SUFFIXES = {".py", ".spec", ".toml", ".sql", ".qm", ".wav", ".png", ".svg", ".json"}
PROJECT = "moonbase"


class BuildError(Exception):
    """A build step failed; the message says which and why."""


def log(message: str) -> None:
    print(f"build: {message}", flush=True)


def pyproject() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def _project_table() -> dict[str, object]:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    return project


def requirements(extra: str) -> list[str]:
    """The pinned requirements of ``extra`` with ``moonbase[...]`` self-references expanded,
    plus the project's own dependencies."""
    project = _project_table()
    extras = project["optional-dependencies"]
    base = project["dependencies"]
    assert isinstance(extras, dict) and isinstance(base, list)
    if extra not in extras:
        raise BuildError(f"pyproject.toml has no extra {extra!r} (it has {', '.join(extras)})")
    out: list[str] = []
    todo = [extra]
    seen: set[str] = set()
    while todo:  # bounded: each extra is visited once
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for req in extras[name]:
            if req.startswith(PROJECT + "["):
                todo.extend(part.strip() for part in req[len(PROJECT) + 1 : -1].split(","))
            elif req not in out:
                out.append(req)
    return [*(r for r in base if r not in out), *out]


def venv_python(venv: Path) -> Path:
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def base_python() -> str:
    """The interpreter venvs are made from (the one behind this venv, if any)."""
    return getattr(sys, "_base_executable", None) or sys.executable


def ensure_venv(extra: str, *, force: bool = False) -> Path:
    """``build/venvs/<extra>``: only ``extra``'s packages, plus PyInstaller to build with."""
    venv = VENVS / extra
    reqs = requirements(extra)
    tools = requirements("packaging")
    tools = [r for r in tools if r not in reqs]
    stamp = venv / ".moonbase-requirements.json"
    want = json.dumps({"python": sys.version, "requirements": reqs, "tools": tools}, indent=1)
    if not force and stamp.is_file() and stamp.read_text(encoding="utf-8") == want:
        return venv
    started = time.monotonic()
    log(f"venv {extra}: {len(reqs)} requirements")
    if venv.exists():
        shutil.rmtree(venv)
    run([base_python(), "-m", "venv", str(venv)])
    pip = [str(venv_python(venv)), "-m", "pip", "--disable-pip-version-check", "-qq"]
    run([*pip, "install", *reqs, *tools])
    stamp.write_text(want, encoding="utf-8")
    log(f"venv {extra}: ready in {time.monotonic() - started:.0f} s")
    return venv


def run(cmd: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None) -> None:
    try:
        subprocess.run(cmd, cwd=cwd, env=env, check=True)
    except FileNotFoundError:
        raise BuildError(f"{cmd[0]} is not installed") from None
    except subprocess.CalledProcessError as exc:
        shown = " ".join(cmd[:4])
        raise BuildError(f"{shown} ... failed with exit status {exc.returncode}") from None


def fingerprint(extra: str) -> str:
    """A hash of everything a bundle is made from."""
    digest = hashlib.sha256()
    digest.update(json.dumps([sys.version, requirements(extra)]).encode())
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*")):
            if "__pycache__" in path.parts or path.suffix not in SOURCE_SUFFIXES:
                continue
            if path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def build_bundle(name: str, *, force: bool = False) -> Path:
    """``dist/<name>/``, frozen with PyInstaller from ``packaging/<name>.spec``."""
    extra = BUNDLES[name]
    venv = ensure_venv(extra, force=force)
    out = DIST / name
    stamp = BUILD / f"{name}.fingerprint"
    want = fingerprint(extra)
    if not force and out.is_dir() and stamp.is_file() and stamp.read_text() == want:
        log(f"{name}: up to date")
        return out
    started = time.monotonic()
    log(f"{name}: freezing with PyInstaller (from the {extra} venv)")
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # keep __pycache__ out of the source tree
    run(
        [
            str(venv_python(venv)),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(BUILD / "pyinstaller" / name),
            str(PACKAGING / f"{name}.spec"),
        ],
        env=env,
    )
    strip_python(out)
    notices = out / "_internal" / "THIRD-PARTY-NOTICES.txt"
    if not notices.is_file():
        raise BuildError(f"{name}: the spec did not write {notices.name}")
    shutil.move(notices, out / notices.name)  # beside the program, where people look
    stamp.write_text(want)
    log(f"{name}: built in {time.monotonic() - started:.0f} s, {du(out) / 1e6:.0f} MB")
    return out


def strip_python(bundle: Path) -> None:
    """Strip the debug symbols of the interpreter's own libraries (libpython, lib-dynload),
    ~25 MB per bundle. Not the wheels' libraries: strip breaks their auditwheel-patched
    layout (openblas: "ELF load command address/offset not page-aligned")."""
    if not sys.platform.startswith("linux") or shutil.which("strip") is None:
        return
    internal = bundle / "_internal"
    targets = [*internal.glob("libpython3*.so*"), *internal.glob("python3*/lib-dynload/*.so")]
    if targets:
        run(["strip", "--strip-unneeded", *(str(t) for t in targets)])


def du(path: Path) -> int:
    """Bytes on disk under ``path`` (files only, links not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "step", nargs="?", default="all", choices=("venvs", "bundles", "deb", "all")
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    parser.add_argument(
        "--only", help="comma-separated bundles (moonbase, moonbase-player, moonbase-console)"
    )
    args = parser.parse_args(argv)
    names = list(BUNDLES) if not args.only else [n.strip() for n in args.only.split(",")]
    unknown = [n for n in names if n not in BUNDLES]
    try:
        if unknown:
            raise BuildError(f"unknown bundle {unknown[0]!r} (known: {', '.join(BUNDLES)})")
        if args.step == "venvs":
            for extra in EXTRAS:
                ensure_venv(extra, force=args.force)
            return 0
        if args.step in ("bundles", "all"):
            for name in names:
                build_bundle(name, force=args.force)
        if args.step in ("deb", "all"):
            from debian import build_deb  # packaging/debian.py, beside this file

            build_deb(force=args.force)
    except BuildError as exc:
        print(f"build: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
