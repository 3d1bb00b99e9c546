"""A classroom host's sync in its own process, for the SIGKILL test.

    python -m tests.app.sync.sync_child DB_PATH CLOUD_URL API_KEY

Sends the outbox until it is empty (or a pass fails); prints one line per pass
("pass accepted=N duplicates=N pending=N error=...") and exits 0 when nothing is pending.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from app.common.timeutil import utc_now
from app.store import Store
from app.sync.outbox import SyncClient

SECRET = b"installation-secret-for-tests-00"
MAX_PASSES = 20


async def main(db_path: Path, url: str, key: str) -> int:
    store = await Store.open(db_path)
    client = SyncClient(store, url, key, utc_now, installation_secret=SECRET, interval_s=1.0)
    try:
        for _ in range(MAX_PASSES):
            report = await client.sync_once()
            print(
                f"pass accepted={report.accepted} duplicates={report.duplicates} "
                f"pending={report.pending} error={report.error}",
                flush=True,
            )
            if report.error is not None:
                return 2
            if report.pending == 0:
                return 0
        return 3
    finally:
        await client.aclose()
        await store.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3])))
