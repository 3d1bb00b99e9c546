"""Mission Control: cold start to "hosting, join code shown", and UI-thread stalls with bots.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/console_start.py [--bots 40]``.
The bots fly from a thread of this process (sharing the GIL with the UI: a pessimistic
setting; on a real lesson they are other computers). The stall probe is a 5 ms QTimer on
the UI thread; a stall is how late it fired.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()  # before Qt or the console is imported: a cold start

import argparse  # noqa: E402
import asyncio  # noqa: E402
import dataclasses  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from admin_gui.main import build_window  # noqa: E402
from admin_gui.records import HostInfo  # noqa: E402
from admin_gui.widgets.main_window import MainWindow  # noqa: E402
from app.bots import BotSpec, run_bot  # noqa: E402
from app.config import Settings  # noqa: E402

PROBE_MS = 5


def spin(app: QApplication, seconds: float, done: object = None) -> bool:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        app.processEvents()
        if callable(done) and done():
            return True
        time.sleep(0.001)
    return False


def fly(info: HostInfo, count: int, stop: threading.Event) -> threading.Thread:
    specs = [
        BotSpec(f"Bot{i:02d}", (0.3, 0.6, 0.85, 0.98)[i % 4], i % 4, i, i % 12)
        for i in range(count)
    ]

    async def main() -> None:
        tasks = [
            asyncio.create_task(
                run_bot("127.0.0.1", info.port, info.join_code, s, server_key=info.public_key)
            )
            for s in specs
        ]
        while not stop.is_set() and not all(t.done() for t in tasks):
            await asyncio.sleep(0.1)
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    thread = threading.Thread(target=lambda: asyncio.run(main()), daemon=True)
    thread.start()
    return thread


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bots", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=20.0, help="round length")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    data = Path(tempfile.mkdtemp(prefix="moonbase-bench-"))
    settings = dataclasses.replace(
        Settings(), data_dir=data, round_seconds=args.seconds, countdown_seconds=1.0
    )
    window: MainWindow = build_window(settings, config_file=data / "moonbase.toml", app=app)
    window.show()
    shown: list[float] = []
    window.bridge.hosting.connect(lambda _info: shown.append(time.perf_counter()))
    window.start_page.start_button.click()
    if not spin(app, 10, lambda: bool(shown) and window.start_page.code.text() != ""):
        print("the class did not start within 10 s")
        return 1
    app.processEvents()
    window.start_page.code.repaint()
    ready = time.perf_counter()
    print(f"cold start -> hosting, join code shown: {ready - T0:.2f} s (goal <= 2 s)")
    info = window.bridge.info
    assert info is not None

    stalls: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def probe() -> None:
        now = clock.elapsed()
        stalls.append(max(0, now - last[0] - PROBE_MS))
        last[0] = now

    timer = QTimer()
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(probe)
    stop = threading.Event()
    bots = fly(info, args.bots, stop)
    roster = window.roster_page.model
    spin(app, 30, lambda: roster.rowCount() >= args.bots and all(e.room for e in roster.records()))
    seated = sum(1 for e in roster.records() if e.room)
    print(
        f"bots: {args.bots} started, {roster.rowCount()} joined, {seated} seated in rooms "
        f"{sorted({e.room for e in roster.records() if e.room})}"
    )
    window.show_page(window.page_index(window.watch_page))
    timer.start()
    stalls.clear()
    last[0] = clock.elapsed()
    window.start_round()
    spin(
        app,
        args.seconds + 15,
        lambda: (
            bool(window.bridge.rooms)
            and not window.bridge.round_running
            and any(r.phase == "completed" for r in window.bridge.rooms)
        ),
    )
    timer.stop()
    arr = np.asarray(stalls, dtype=np.float64)
    print(
        f"UI thread during the round ({arr.size} probes of {PROBE_MS} ms): stall p50 "
        f"{np.percentile(arr, 50):.1f} ms, p99 {np.percentile(arr, 99):.1f} ms, "
        f"max {arr.max():.1f} ms (goal p99 <= 50 ms)"
    )
    print(f"frames drawn by the spectator view: {window.watch_page.view.frames_drawn}")
    stop.set()
    window.confirm_close = lambda _w, _r: True
    window.close()
    spin(app, 20, lambda: window.is_stopped)
    bots.join(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
