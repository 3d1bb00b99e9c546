"""Session fixtures for the packaging tests: the per-program venvs and the frozen bundles are
built once per test session by the same script as ``make dist`` (packaging/build.py), which
skips whatever is already up to date."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_S = 1800  # a cold build of the venvs and the three bundles on 2 cores: ~8 min


def build(step: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), step],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        check=False,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"packaging/build.py {step} failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}"
        )


@pytest.fixture(scope="session")
def venvs() -> Path:
    """build/venvs/<extra>: each program's extra alone (plus PyInstaller)."""
    build("venvs")
    return ROOT / "build" / "venvs"


@pytest.fixture(scope="session")
def dist() -> Path:
    """dist/: the three bundles and the .deb, as ``make dist`` builds them."""
    build("all")
    return ROOT / "dist"
