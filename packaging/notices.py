"""THIRD-PARTY-NOTICES.txt of a bundle, generated from the packages that went into it.

The Python distributions are found from the bundle's modules and files (``importlib.metadata``
of the build venv): name, version, licence and the licence files each ships. Python itself is
added with its licence; on Debian, the system libraries PyInstaller copied in are listed with
the package each came from and that package's copyright file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|COPYRIGHT)", re.IGNORECASE)
# licences the wheels name without shipping the text; Debian has them in base-files
COMMON_LICENCES = {"LGPL-3.0": "LGPL-3", "GPL-3.0": "GPL-3", "GPL-2.0": "GPL-2"}
OWN = {"game", "netcode", "app", "admin_gui", "assets"}
RULE = "=" * 78


def _tops(pure: Iterable[Any], binaries: Iterable[Any], datas: Iterable[Any]) -> set[str]:
    tops = {str(entry[0]).split(".")[0] for entry in pure}
    for entry in [*binaries, *datas]:
        tops.add(str(entry[0]).replace("\\", "/").split("/")[0])
    return tops - OWN


def distributions_of(tops: set[str]) -> list[metadata.Distribution]:
    """The installed distributions that provide any of the top-level names ``tops``."""
    owners = metadata.packages_distributions()
    names = sorted({d for top in tops for d in owners.get(top, [])}, key=str.lower)
    dists = []
    for name in names:
        try:
            dists.append(metadata.distribution(name))
        except metadata.PackageNotFoundError:
            continue
    return dists


def _field(dist: metadata.Distribution, name: str) -> str:
    """One metadata field of ``dist`` ("" when absent)."""
    values = dist.metadata.get_all(name) or []
    return str(values[0]) if values else ""


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = _field(dist, "License-Expression")
    if expression:
        return str(expression)
    text = _field(dist, "License").strip()
    if text and len(text) < 120 and "\n" not in text:
        return text
    classifiers = [
        c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if "License ::" in c
    ]
    if classifiers:
        return "; ".join(classifiers)
    return "see the licence text below" if text else "not stated by the package"


def licence_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for file in dist.files or []:
        name = Path(str(file)).name
        if not LICENCE_FILE.search(name) or ".dist-info" not in str(file):
            continue
        try:
            texts.append((name, Path(str(file.locate())).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue
    if not texts:
        full = _field(dist, "License").strip()
        if "\n" in full or len(full) >= 120:
            texts.append(("License (from the package's metadata)", full))
    if not texts:
        licence = licence_of(dist)
        for spdx, common in COMMON_LICENCES.items():
            path = Path("/usr/share/common-licenses") / common
            if spdx in licence and path.is_file():
                texts.append((f"{spdx} (the licence the package names)", path.read_text()))
    return texts


def _python_section() -> list[str]:
    lines = [RULE, f"Python {sys.version.split()[0]}", "Licence: PSF-2.0", RULE]
    for candidate in (
        Path(sys.base_prefix)
        / "lib"
        / f"python{sys.version_info[0]}.{sys.version_info[1]}"
        / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
    ):
        if candidate.is_file():
            lines.append(candidate.read_text(encoding="utf-8", errors="replace"))
            break
    else:
        lines.append("The PSF License Agreement: https://docs.python.org/3/license.html")
    return lines


def _system_libraries(binaries: Iterable[Any]) -> list[str]:
    """Debian packages of the system libraries copied in (with their copyright files)."""
    if shutil.which("dpkg-query") is None:
        return []
    sources = sorted(
        {str(entry[1]) for entry in binaries if str(entry[1]).startswith(("/usr/lib", "/lib"))}
    )
    owners: dict[str, list[str]] = {}
    for source in sources:
        proc = subprocess.run(
            ["dpkg-query", "-S", str(Path(source).resolve())],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode == 0 and ":" in proc.stdout:
            package = proc.stdout.split(":")[0].strip()
            owners.setdefault(package, []).append(Path(source).name)
    lines: list[str] = []
    for package, libs in sorted(owners.items()):
        lines += [RULE, f"{package} (Debian package; {', '.join(sorted(libs))})", RULE]
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        if copyright_file.is_file():
            lines.append(copyright_file.read_text(encoding="utf-8", errors="replace"))
        else:
            lines.append(f"See the copyright file of the Debian package {package}.")
    return lines


def write_notices(
    path: Path, title: str, pure: Iterable[Any], binaries: Iterable[Any], datas: Iterable[Any]
) -> list[str]:
    """Write the notices file; returns the distribution names listed."""
    binaries = list(binaries)
    dists = distributions_of(_tops(pure, binaries, datas))
    lines = [
        f"{title}: third-party software notices",
        "",
        "This program contains the following third-party software. Each is used under the",
        "licence named here; the full texts follow the summary. Moonbase's own code and the",
        "sounds in assets/ (assets/CREDITS.md) are not third-party software.",
        "",
        "Summary",
        "-------",
        f"Python {sys.version.split()[0]}: PSF-2.0",
    ]
    lines += [f"{d.metadata['Name']} {d.version}: {licence_of(d)}" for d in dists]
    lines.append("")
    if any(d.metadata["Name"].lower().startswith(("pyside6", "shiboken6")) for d in dists):
        lines += [
            "Qt and PySide6 are used under the GNU LGPL v3. Their libraries are separate",
            "shared libraries in this folder (_internal/PySide6) and can be replaced by",
            "another build of the same version. The source is at https://code.qt.io.",
            "",
        ]
    lines += _python_section()
    for dist in dists:
        name = dist.metadata["Name"]
        lines += [RULE, f"{name} {dist.version}", f"Licence: {licence_of(dist)}"]
        home = _field(dist, "Home-page") or next(
            (u.split(",", 1)[1].strip() for u in dist.metadata.get_all("Project-URL") or []),
            "",
        )
        if home:
            lines.append(f"Home: {home}")
        lines.append(RULE)
        for file_name, text in licence_texts(dist):
            lines += [f"--- {file_name} ---", text.rstrip(), ""]
    lines += _system_libraries(binaries)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(d.metadata["Name"]) for d in dists]
