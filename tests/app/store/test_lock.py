"""One host per data folder: the second says which process holds it; a killed holder's
lock dies with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.store.lock import LOCK_NAME, DataFolderBusyError, DataLock

ROOT = Path(__file__).resolve().parents[3]
HOLD = (
    "import sys; from pathlib import Path; from app.store.lock import DataLock; "
    "lock = DataLock.acquire(Path(sys.argv[1]), 'moonbase serve'); print('held', flush=True); "
    "sys.stdin.read()"
)


def _holder(folder: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_second_host_is_told_which_process_holds_the_folder(tmp_path: Path) -> None:
    proc = _holder(tmp_path)
    try:
        with pytest.raises(DataFolderBusyError) as caught:
            DataLock.acquire(tmp_path, "moonbase serve")
        text = str(caught.value)
        assert f"process {proc.pid} (moonbase serve, since " in text, text
        assert "another --data folder" in text
        proc.send_signal(signal.SIGKILL)  # a killed host's lock dies with it
        proc.wait(10)
        lock = DataLock.acquire(tmp_path, "moonbase serve")
        assert f"process {os.getpid()} " in (tmp_path / LOCK_NAME).read_text()
        lock.release()
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)  # closes its pipes


def test_released_lock_lets_the_next_host_in(tmp_path: Path) -> None:
    first = DataLock.acquire(tmp_path / "data", "moonbase console")
    with pytest.raises(DataFolderBusyError):
        DataLock.acquire(tmp_path / "data", "moonbase serve")
    first.release()
    first.release()  # twice is fine
    DataLock.acquire(tmp_path / "data", "moonbase serve").release()
