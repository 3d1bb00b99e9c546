"""What the frozen GUIs print in ``--self-test`` mode, read by the smoke tests and by
bench/bundle.py: one line per milestone, ``moonbase-selftest: <what> <seconds> [detail]``,
seconds since this process's interpreter started."""

from __future__ import annotations

import sys
import time

PREFIX = "moonbase-selftest:"
SELF_TEST_SECONDS = 60.0  # a self-test that has not finished by then fails


def process_age() -> float:
    """Seconds since this process started (Linux: from /proc; elsewhere: since import)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        import os

        return uptime - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _IMPORTED


_IMPORTED = time.monotonic()


def say(what: str, detail: str = "") -> None:
    print(f"{PREFIX} {what} {process_age():.3f} {detail}".rstrip(), flush=True)


def take_flag(argv: list[str], flag: str) -> tuple[str | None, list[str]]:
    """``--flag VALUE`` taken out of ``argv``; (None, argv) when absent."""
    if flag not in argv:
        return None, argv
    at = argv.index(flag)
    if at + 1 >= len(argv):
        print(f"{flag} needs a value", file=sys.stderr)
        raise SystemExit(2)
    return argv[at + 1], argv[:at] + argv[at + 2 :]
