"""``moonbase cloud`` as separate processes, for tests that need several instances at once.

Each instance is the real command (``python -m app.cli cloud``) on its own port, configured
only through its environment, as IT would run it; several can share one database. A process
runs its own event loop on its own core, so requests to two of them are truly parallel.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[3]
START_DEADLINE_S = 40.0
STOP_DEADLINE_S = 15.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Instance:
    url: str
    pid: int
    data_dir: Path

    def rss_kib(self) -> int:
        """The process's resident memory, from /proc."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError(f"no VmRSS for process {self.pid}")


def _env(data_dir: Path, port: int, extra: Mapping[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MOONBASE_", "STRIPE_")) and key not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "MOONBASE_CLOUD_DATA_DIR": str(data_dir),
            "MOONBASE_CLOUD_PORT": str(port),
            "MOONBASE_CLOUD_LOG_LEVEL": "warning",
            "MOONBASE_CLOUD_ARGON2_TIME_COST": "1",
            "MOONBASE_CLOUD_ARGON2_MEMORY_KIB": "1024",
        }
    )
    env.update(extra)
    return env


@contextmanager
def cloud_instance(data_dir: Path, env: Mapping[str, str] | None = None) -> Iterator[Instance]:
    """One ``moonbase cloud`` process, ready (``/readyz`` answers 200) until the block ends."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "cloud"],
        cwd=ROOT,
        env=_env(data_dir, port, env or {}),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_DEADLINE_S
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read() if proc.stdout else ""
                raise RuntimeError(f"moonbase cloud exited with {proc.returncode}: {out}")
            try:
                if httpx.get(f"{url}/readyz", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"moonbase cloud did not start on {url}")
            time.sleep(0.05)
        yield Instance(url, proc.pid, data_dir)
    finally:
        proc.terminate()
        try:
            proc.wait(STOP_DEADLINE_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(STOP_DEADLINE_S)
        if proc.stdout is not None:
            proc.stdout.close()


@contextmanager
def cloud_instances(
    data_dirs: list[Path], env: Mapping[str, str] | None = None
) -> Iterator[list[Instance]]:
    """Several instances, started one after the other (the first creates the schema)."""
    with ExitStack() as stack:
        yield [stack.enter_context(cloud_instance(d, env)) for d in data_dirs]


def start_failure(data_dir: Path, env: Mapping[str, str]) -> str:
    """What ``moonbase cloud`` prints when it refuses to start (it must exit, not serve)."""
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "cloud"],
        cwd=ROOT,
        env=_env(data_dir, free_port(), env),
        capture_output=True,
        text=True,
        timeout=START_DEADLINE_S,
        check=False,
    )
    assert proc.returncode != 0, proc.stdout
    return proc.stdout + proc.stderr
