"""The cloud service and the host's sync are separate programs: neither imports the other.

What both need (plans, the entitlement token format, secret files, timestamps) lives in
``app/common``, which imports neither of them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FORBIDDEN = {
    "app/cloud": ("app.sync",),
    "app/sync": ("app.cloud",),
    "app/common": ("app.cloud", "app.sync"),
}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, lazily inside functions too."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _hits(modules: set[str], banned: tuple[str, ...]) -> list[str]:
    """The banned modules among ``modules``, each named once (``from m import n`` also
    yields ``m.n``: only ``m`` is reported when it is banned itself)."""
    hits = {m for m in modules for b in banned if m == b or m.startswith(b + ".")}
    return sorted(m for m in hits if m.rpartition(".")[0] not in hits)


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_the_other_program(package: str) -> None:
    problems = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in _hits(imported_modules(path), FORBIDDEN[package])
    ]
    assert not problems, "\n".join(problems)


def test_the_checker_sees_lazy_and_from_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from app import sync\ndef f():\n    import app.cloud.plans\n", encoding="utf-8"
    )
    found = imported_modules(sample)
    assert _hits(found, ("app.sync",)) == ["app.sync"]
    assert _hits(found, ("app.cloud",)) == ["app.cloud.plans"]
