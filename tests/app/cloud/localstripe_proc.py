"""Start and stop the Stripe stand-in (tests/app/cloud/stripe_standin.py) as a subprocess."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[3]
START_DEADLINE_S = 20.0
STOP_DEADLINE_S = 10.0
WEBHOOK_SECRET = "whsec_moonbase_tests"
API_KEY = "sk_test_moonbase"


@contextmanager
def local_stripe() -> Iterator[str]:
    """Run the stand-in on 127.0.0.1; yields its base URL."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.app.cloud.stripe_standin"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], START_DEADLINE_S)
        line = proc.stdout.readline().strip() if ready else ""
        if not line.isdigit():
            raise RuntimeError(f"the Stripe stand-in did not start (said {line!r})")
        url = f"http://127.0.0.1:{line}"
        deadline = time.monotonic() + START_DEADLINE_S
        while True:
            try:
                httpx.delete(f"{url}/_config/data", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(STOP_DEADLINE_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(STOP_DEADLINE_S)
        if proc.stdout is not None:
            proc.stdout.close()


def register_webhook(stripe_url: str, target: str) -> None:
    """Tell localstripe to deliver every event to ``target``, signed with WEBHOOK_SECRET."""
    answer = httpx.post(
        f"{stripe_url}/_config/webhooks/moonbase",
        data={"url": target, "secret": WEBHOOK_SECRET},
        timeout=5,
    )
    answer.raise_for_status()
