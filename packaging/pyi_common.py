"""What the three PyInstaller specs share: which modules, data files and Qt parts each bundle
takes, and the third-party notices written from what went in.

Runs inside PyInstaller (``packaging/<name>.spec`` imports it), in the program's build venv.
The game, netcode, app and admin_gui packages are collected wholesale with
``collect_submodules`` (less what the program does not run), so a new ``game/<key>/`` is
bundled without touching a spec.
"""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notices import write_notices  # packaging/notices.py, beside this file
from PyInstaller.building.api import COLLECT, EXE, PYZ
from PyInstaller.building.build_main import Analysis
from PyInstaller.building.osx import BUNDLE
from PyInstaller.utils.hooks import collect_data_files, collect_submodules

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
# data files of our packages that a program reads at run time
DATA_SUFFIXES = (".sql", ".qm", ".toml", ".wav", ".json", ".png", ".svg")
# never needed by any Moonbase program (build tools, other GUI toolkits, test suites)
EXCLUDES = [
    "tkinter",
    "_tkinter",
    "test",
    "lib2to3",
    "pydoc_data",
    "setuptools",
    "pkg_resources",
    "pip",
    "distutils",
    "PyInstaller",
    "IPython",
    "pytest",
    "_pytest",
    "readline",  # interactive prompts only; and libreadline is GPL
]
HEADLESS = ("app.player", "app.cloud", "admin_gui")


@dataclass(frozen=True)
class Program:
    name: str  # the bundle's folder and executable
    title: str  # what people see (macOS .app, window titles, installers)
    script: str  # entry script in packaging/
    packages: tuple[str, ...]  # collected wholesale
    leave_out: tuple[str, ...]  # module prefixes not collected wholesale (used parts still go in)
    excludes: tuple[str, ...]  # module prefixes kept out altogether (app.cli's lazy imports)
    windowed: bool
    icon: str | None  # base name in packaging/icons/
    bundle_id: str


PROGRAMS = {
    "moonbase": Program(
        "moonbase",
        "moonbase",
        "entry_moonbase.py",
        ("game", "netcode", "app"),
        ("app.player", "app.cloud"),
        ("app.player", "admin_gui"),
        windowed=False,
        icon=None,
        bundle_id="org.moonbase.cli",
    ),
    "moonbase-player": Program(
        "moonbase-player",
        "Moonbase Player",
        "entry_player.py",
        ("game", "netcode", "app"),
        (
            "app.host",
            "app.store",
            "app.sync",
            "app.cloud",
            "app.demo",
            "app.serve",
            "app.bots",
            "app.synccmd",
        ),
        (
            "app.host",
            "app.store",
            "app.sync",
            "app.cloud",
            "app.demo",
            "app.serve",
            "app.bots",
            "app.synccmd",
            "admin_gui",
        ),
        windowed=True,
        icon="moonbase-player",
        bundle_id="org.moonbase.player",
    ),
    "moonbase-console": Program(
        "moonbase-console",
        "Moonbase Mission Control",
        "entry_console.py",
        ("game", "netcode", "app", "admin_gui"),
        ("app.player", "app.cloud"),
        ("app.player",),
        windowed=True,
        icon="moonbase-console",
        bundle_id="org.moonbase.console",
    ),
}

# Qt parts Mission Control does not use (pyinstaller #6447, #8672): Qt Quick/QML, Wayland
# and EGL integrations (X11/XWayland and offscreen are kept), TLS and network-information
# backends, SQL drivers, printing, image formats beyond what Qt has built in, and the Qt
# translations of every language the console is not translated into.
QT_DROP = [
    "PySide6/Qt/qml/*",
    "PySide6/Qt/lib/libQt6Qml*",
    "PySide6/Qt/lib/libQt6Quick*",
    "PySide6/Qt/lib/libQt6Wayland*",
    "PySide6/Qt/lib/libQt6EglFS*",
    "PySide6/Qt/lib/libQt6EglFs*",
    "PySide6/Qt/lib/libQt6WlShell*",
    "PySide6/Qt/lib/libQt6Pdf*",
    "PySide6/Qt/lib/libQt6VirtualKeyboard*",
    "PySide6/Qt/lib/libQt6Svg*",
    "PySide6/Qt/plugins/egldeviceintegrations/*",
    "PySide6/Qt/plugins/wayland-*",
    "PySide6/Qt/plugins/platforms/libqwayland*",
    "PySide6/Qt/plugins/platforms/libqeglfs*",
    "PySide6/Qt/plugins/platforms/libqlinuxfb*",
    "PySide6/Qt/plugins/platforms/libqvnc*",
    "PySide6/Qt/plugins/platforms/libqvkkhrdisplay*",
    "PySide6/Qt/plugins/platforms/libqminimalegl*",
    "PySide6/Qt/plugins/platformthemes/*",  # GTK and portal themes: GTK's whole stack
    "PySide6/Qt/plugins/tls/*",
    "PySide6/Qt/plugins/networkinformation/*",
    "PySide6/Qt/plugins/sqldrivers/*",
    "PySide6/Qt/plugins/printsupport/*",
    "PySide6/Qt/plugins/generic/*",
    "PySide6/Qt/plugins/imageformats/*",
    "PySide6/Qt/plugins/iconengines/*",
    "PySide6/Qt/plugins/qmltooling/*",
    "PySide6/Qt/plugins/qmllint/*",
    "PySide6/Qt/plugins/designer/*",
    "PySide6/Qt/plugins/vectorimageformats/*",
    "PySide6/Qt/translations/*",
    # the same parts where the Windows wheel keeps them (PySide6/, no Qt/ folder) ...
    "PySide6/qml/*",
    "PySide6/Qt6Qml*",
    "PySide6/Qt6Quick*",
    "PySide6/Qt6Pdf*",
    "PySide6/Qt6VirtualKeyboard*",
    "PySide6/opengl32sw.dll",  # software OpenGL for QtQuick; widgets do not need it
    "PySide6/plugins/tls/*",
    "PySide6/plugins/networkinformation/*",
    "PySide6/plugins/sqldrivers/*",
    "PySide6/plugins/generic/*",
    "PySide6/plugins/imageformats/*",
    "PySide6/plugins/iconengines/*",
    "PySide6/plugins/qmltooling/*",
    "PySide6/translations/*",
    # ... and the macOS wheel (frameworks)
    "PySide6/Qt/lib/QtQml*.framework/*",
    "PySide6/Qt/lib/QtQuick*.framework/*",
    "PySide6/Qt/lib/QtPdf*.framework/*",
    "PySide6/Qt/lib/QtVirtualKeyboard*.framework/*",
]
# the console's languages: en, de (Qt's own strings for German)
QT_KEEP = ["PySide6/Qt/translations/qtbase_de.qm", "PySide6/translations/qtbase_de.qm"]
QT_MODULE_EXCLUDES = [
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSvg",
    "PySide6.QtSvgWidgets",
    "PySide6.QtPrintSupport",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtDBus",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
]
# arcade's own hook (arcade/__pyinstaller) brings its shaders, fonts and controller database
# (not its 20 MB of sample art). It also copies pymunk's library a second time to the top
# folder, and puts the VERSION file one folder too deep; both are put right in fix_arcade.
PLAYER_DROP = ["arcade/lib/*", "arcade/examples/*", "arcade/resources/assets/*", "_chipmunk.*"]


def _is_left_out(program: Program, module: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in program.leave_out)


def hidden_imports(program: Program) -> list[str]:
    """Every module of the program's packages (a new game is picked up by itself)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    found: list[str] = []
    for package in program.packages:
        found += collect_submodules(package, filter=lambda m: not _is_left_out(program, m))
    return sorted(set(found))


def data_files(program: Program) -> list[tuple[str, str]]:
    """(source, folder in the bundle) for assets/ and the data files of our packages."""
    datas: list[tuple[str, str]] = [(str(ROOT / "assets"), "assets")]
    for package in program.packages:
        for path in sorted((ROOT / package).rglob("*")):
            if not path.is_file() or path.suffix not in DATA_SUFFIXES:
                continue
            rel = path.relative_to(ROOT)
            module = ".".join(rel.parent.parts)
            if "__pycache__" in rel.parts or _is_left_out(program, module):
                continue
            datas.append((str(path), str(rel.parent)))
    if not _is_left_out(program, "app.host"):
        datas += collect_data_files("better_profanity")  # its word lists (the chat filter)
    return datas


def fix_arcade(toc: Any) -> Any:
    """arcade's hook puts VERSION at arcade/VERSION/VERSION; arcade reads arcade/VERSION."""
    return [
        ("arcade/VERSION", *entry[1:])
        if entry[0].replace("\\", "/") == "arcade/VERSION/VERSION"
        else entry
        for entry in toc
    ]


def _dropped(dest: str, drop: list[str], keep: list[str]) -> bool:
    dest = dest.replace("\\", "/")
    if any(fnmatch.fnmatch(dest, k) for k in keep):
        return False
    return any(fnmatch.fnmatch(dest, d) for d in drop)


def _needed(path: str) -> list[str]:
    """The DT_NEEDED names of an ELF file (readelf); [] if it cannot be read."""
    proc = subprocess.run(
        ["readelf", "-d", path], capture_output=True, text=True, check=False, env={"LC_ALL": "C"}
    )
    return [
        line.split("[", 1)[1].rstrip("]").strip()
        for line in proc.stdout.splitlines()
        if "(NEEDED)" in line and "[" in line
    ]


def prune_libraries(binaries: Any) -> Any:
    """Drop the shared libraries nothing kept links to any more (Linux, readelf).

    PyInstaller collected the dependencies of every Qt plugin before the plugins were
    trimmed (e.g. GTK's whole stack for the GTK theme); starting from the extension modules,
    the kept plugins and libpython, follow DT_NEEDED and keep what is reached.
    """
    if not sys.platform.startswith("linux") or shutil.which("readelf") is None:
        return binaries
    entries = list(binaries)
    by_name: dict[str, list[Any]] = {}
    for entry in entries:
        by_name.setdefault(Path(entry[0]).name, []).append(entry)

    def is_root(dest: str) -> bool:
        name = Path(dest).name
        return (
            ".cpython-" in name
            or name.endswith(".abi3.so")
            or name.startswith("libpython")
            or "/plugins/" in dest.replace("\\", "/")
        )

    reached: set[str] = set()
    todo = [e for e in entries if is_root(e[0]) and e[2] != "SYMLINK"]
    for _ in range(100_000):  # bounded walk over a finite graph
        if not todo:
            break
        entry = todo.pop()
        if entry[0] in reached:
            continue
        reached.add(entry[0])
        for needed in _needed(str(entry[1])):
            todo += [e for e in by_name.get(needed, []) if e[0] not in reached]
    kept_names = {Path(d).name for d in reached}
    return [
        e
        for e in entries
        if e[0] in reached
        or (e[2] != "BINARY" and not (e[2] == "SYMLINK" and Path(e[0]).name not in kept_names))
    ]


def trim(toc: Any, drop: list[str], keep: list[str]) -> Any:
    """The TOC without the entries whose destination matches ``drop`` (but not ``keep``)."""
    return [entry for entry in toc if not _dropped(entry[0], drop, keep)]


def freeze(name: str, workpath: str) -> None:
    """Run Analysis/PYZ/EXE/COLLECT (and BUNDLE on macOS) for ``name``."""
    program = PROGRAMS[name]
    excludes = [*EXCLUDES, *program.excludes]
    drop: list[str] = []
    if program.name == "moonbase-console":
        excludes += QT_MODULE_EXCLUDES
        drop += QT_DROP
    if program.name == "moonbase-player":
        drop += PLAYER_DROP
    a = Analysis(
        [str(PACKAGING / program.script)],
        pathex=[str(ROOT)],
        hiddenimports=hidden_imports(program),
        datas=data_files(program),
        excludes=excludes,
        noarchive=False,
        optimize=1,  # asserts and docstrings stay: argparse help and dataclasses use them
    )
    a.binaries = trim(a.binaries, drop, QT_KEEP)
    if program.name == "moonbase-console":
        a.binaries = prune_libraries(a.binaries)
    a.datas = trim(a.datas, drop, QT_KEEP)
    if program.name == "moonbase-player":
        a.datas = fix_arcade(a.datas)
    notices = Path(workpath) / "THIRD-PARTY-NOTICES.txt"
    write_notices(notices, program.title, a.pure, a.binaries, a.datas)
    a.datas += [("THIRD-PARTY-NOTICES.txt", str(notices), "DATA")]
    pyz = PYZ(a.pure)
    icon = None
    if program.icon is not None and sys.platform in ("win32", "darwin"):
        suffix = {"win32": ".ico", "darwin": ".icns"}.get(sys.platform, ".png")
        icon = str(PACKAGING / "icons" / f"{program.icon}{suffix}")
    exe = EXE(
        pyz,
        a.scripts,
        [],
        exclude_binaries=True,
        name=program.name,
        console=not program.windowed,
        strip=False,  # strip breaks the auditwheel-patched libraries (openblas)
        upx=False,
        icon=icon,
    )
    coll = COLLECT(
        exe,
        a.binaries,
        a.datas,
        strip=False,  # strip breaks the auditwheel-patched libraries (openblas)
        upx=False,
        name=program.name,
    )
    if sys.platform == "darwin" and program.windowed:
        BUNDLE(
            coll,
            name=f"{program.title}.app",
            icon=icon,
            bundle_identifier=program.bundle_id,
            info_plist={"NSHighResolutionCapable": True, "LSMinimumSystemVersion": "11.0"},
        )
