"""The frozen bundles: size on disk, and start time of the frozen and the source-tree programs
measured in the same run (medians).

    .venv/bin/python bench/bundle.py [--runs 5] [--drop-caches]

Build the bundles first (``make dist``). Start times are wall-clock seconds from starting the
process to:
- moonbase (headless): ``moonbase serve`` printing that it is hosting;
- Mission Control: its first window shown, and the class hosted (``--self-test``, Qt offscreen);
- the player: its first frame drawn, and the class joined (``--self-test``, under Xvfb).
The source-tree programs are the same entry scripts run by ``.venv/bin/python``. Every run is
a new process; ``--drop-caches`` (root) empties the page cache before each run, so each start
is cold from disk, as the first start after a reboot. Goals (issue 16): player <= 120 MB,
console <= 200 MB, start <= 2 s. Only 127.0.0.1 is bound; LAN discovery is off.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
PYTHON = ROOT / ".venv" / "bin" / "python"
GOAL_MB = {"moonbase-player": 120.0, "moonbase-console": 200.0}
GOAL_START_S = 2.0
TIMEOUT_S = 60.0


def size_mb(path: Path) -> float:
    total = sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1e6


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "MOONBASE_SYSTEM_CONFIG": "",
        "MOONBASE_LAN_DISCOVERY": "false",
        "MOONBASE_DISCOVERY_INTERFACES": "127.0.0.1",
    }
    for name in ("DISPLAY", "XAUTHORITY"):
        if name in os.environ:
            env[name] = os.environ[name]
    env.update(extra)
    return env


def drop_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n", encoding="ascii")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def timed_lines(
    cmd: list[str], env: dict[str, str], cwd: Path, marks: dict[str, Callable[[str], bool]]
) -> tuple[dict[str, float], subprocess.Popen[str]]:
    """Start ``cmd``; seconds from the start until a line satisfies each mark."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=cwd
    )
    assert proc.stdout is not None
    seen: dict[str, float] = {}
    output: list[str] = []
    deadline = started + TIMEOUT_S
    while len(seen) < len(marks) and time.perf_counter() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        output.append(line)
        for name, test in marks.items():
            if name not in seen and test(line):
                seen[name] = time.perf_counter() - started
    if len(seen) < len(marks):
        proc.kill()
        proc.wait(10)
        raise SystemExit(
            f"bench: {' '.join(cmd[:2])} did not reach {set(marks) - set(seen)}:\n"
            + "".join(output[-20:])
        )
    return seen, proc


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    if proc.stdout is not None:
        proc.stdout.close()


def start_serve(cmd: list[str], home: Path) -> tuple[float, str, str, subprocess.Popen[str]]:
    port = free_port()
    seen, proc = timed_lines(
        [*cmd, "serve", "--port", str(port), "--min-players", "1", "--data", str(home / "d")],
        env_for(home),
        home,
        {"hosting": lambda line: line.startswith("Hosting ")},
    )
    return seen["hosting"], "", "", proc


def measure_headless(cmd: list[str], home: Path) -> dict[str, float]:
    t, _, _, proc = start_serve(cmd, home)
    stop(proc)
    return {"to hosting": t}


def measure_console(cmd: list[str], home: Path) -> dict[str, float]:
    seen, proc = timed_lines(
        [*cmd, "--self-test", str(home / "console.png"), "--data", str(home / "d")],
        env_for(home, QT_QPA_PLATFORM="offscreen"),
        home,
        {
            "to window": lambda line: line.startswith("moonbase-selftest: window"),
            "to hosting": lambda line: line.startswith("moonbase-selftest: hosting"),
        },
    )
    stop(proc)
    return seen


class Host:
    """A frozen ``moonbase serve`` for the players to join (kept out of the timings)."""

    def __init__(self, home: Path) -> None:
        port = free_port()
        self.proc = subprocess.Popen(
            [
                str(DIST / "moonbase" / "moonbase"),
                "serve",
                "--port",
                str(port),
                "--min-players",
                "64",  # the most serve takes: it waits for them, the players come and go
                "--data",
                str(home / "host"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env_for(home),
            cwd=home,
        )
        assert self.proc.stdout is not None
        deadline = time.monotonic() + TIMEOUT_S
        line = ""
        seen: list[str] = []
        while time.monotonic() < deadline and "address" not in line:
            line = self.proc.stdout.readline()
            seen.append(line)
            if not line:
                raise SystemExit("bench: moonbase serve ended:\n" + "".join(seen[-10:]))
        found = re.search(r"join code (\w+), address (\S+)", line)
        if found is None:
            raise SystemExit(f"bench: no address in {line!r}")
        self.code, self.address = found[1], found[2]
        self.names = 0

    def close(self) -> None:
        stop(self.proc)


def measure_player(cmd: list[str], home: Path, host: Host) -> dict[str, float]:
    host.names += 1
    seen, proc = timed_lines(
        [
            *cmd,
            "--self-test",
            str(home / "player.png"),
            "--server",
            host.address,
            "--code",
            host.code,
            "--name",
            f"Bench{host.names}",
        ],
        env_for(home),
        home,
        {
            "to first frame": lambda line: line.startswith("moonbase-selftest: window"),
            "to joined": lambda line: line.startswith("moonbase-selftest: joined"),
        },
    )
    stop(proc)
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="starts per program (1-50)")
    parser.add_argument("--drop-caches", action="store_true", help="cold page cache (root)")
    args = parser.parse_args()
    if not 1 <= args.runs <= 50:
        parser.error("--runs must be between 1 and 50")
    if args.drop_caches and os.geteuid() != 0:
        parser.error("--drop-caches needs root")
    missing = [
        b
        for b in ("moonbase", "moonbase-player", "moonbase-console")
        if not (DIST / b / b).is_file()
    ]
    if missing:
        parser.error(f"build the bundles first (make dist): {', '.join(missing)} missing")
    if not os.environ.get("DISPLAY"):
        if shutil.which("xvfb-run") is None:
            parser.error("the player needs a display (DISPLAY) or xvfb-run")
        return subprocess.call(
            ["xvfb-run", "-a", "-s", "-screen 0 1280x720x24", sys.executable, *sys.argv]
        )

    programs: list[tuple[str, str, Callable[..., dict[str, float]], list[str], list[str]]] = [
        (
            "moonbase",
            "headless",
            measure_headless,
            [str(DIST / "moonbase" / "moonbase")],
            [str(PYTHON), "-m", "app.cli"],
        ),
        (
            "moonbase-console",
            "console",
            measure_console,
            [str(DIST / "moonbase-console" / "moonbase-console")],
            [str(PYTHON), str(ROOT / "packaging" / "entry_console.py")],
        ),
        (
            "moonbase-player",
            "player",
            measure_player,
            [str(DIST / "moonbase-player" / "moonbase-player")],
            [str(PYTHON), str(ROOT / "packaging" / "entry_player.py")],
        ),
    ]
    print(
        f"bundle.py: {args.runs} starts of each, "
        f"{'cold page cache (dropped before each)' if args.drop_caches else 'warm page cache'}"
        f"; medians (min-max) in seconds\n"
    )
    print(f"{'bundle':18} {'size MB':>8} {'goal':>6}  {'start':16} {'frozen':>18} {'source':>18}")
    with tempfile.TemporaryDirectory(prefix="moonbase-bench-") as tmp:
        home = Path(tmp)
        host = Host(home)
        try:
            for bundle, _kind, measure, frozen, source in programs:
                results: dict[str, dict[str, list[float]]] = {"frozen": {}, "source": {}}
                for _ in range(args.runs):
                    for label, cmd in (("frozen", frozen), ("source", source)):
                        if args.drop_caches:
                            drop_caches()
                        extra = (host,) if measure is measure_player else ()
                        for name, value in measure(cmd, home, *extra).items():
                            results[label].setdefault(name, []).append(value)
                size = size_mb(DIST / bundle)
                goal = f"{GOAL_MB[bundle]:.0f}" if bundle in GOAL_MB else "-"
                for i, name in enumerate(results["frozen"]):
                    cells = []
                    for label in ("frozen", "source"):
                        values = results[label][name]
                        cells.append(
                            f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"
                        )
                    head = f"{bundle:18} {size:8.0f} {goal:>6}" if i == 0 else " " * 34
                    print(f"{head}  {name:16} {cells[0]:>18} {cells[1]:>18}", flush=True)
        finally:
            host.close()
    print(
        f"\ngoals: player <= {GOAL_MB['moonbase-player']:.0f} MB, console <= "
        f"{GOAL_MB['moonbase-console']:.0f} MB, start <= {GOAL_START_S:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
