"""Run a Python module with a thread that writes where the process's memory is, every N s.

Run: ``python bench/memwatch.py OUT.jsonl SECONDS -m MODULE [ARGS...]`` (``bench/soak.py``
starts ``moonbase serve`` this way). One JSON object per line: RSS; SQLite's own heap
(``sqlite3_memory_used`` of the libsqlite3 the ``sqlite3`` module uses) and its high-water
mark; glibc's ``mallinfo2`` (main arena from ``brk``, blocks mapped by themselves, bytes in
use); Python's allocated blocks and gc-tracked objects; and the resident size of the
largest anonymous mappings (``/proc/self/smaps``): enough to say whose a growing block is.
The sampler only reads; the thread is a daemon and ends with the program.
"""

from __future__ import annotations

import ctypes
import gc
import json
import runpy
import sys
import threading
import time
from pathlib import Path
from typing import Any


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


MB = 2**20


def _sqlite_heap() -> tuple[float, float] | None:
    try:
        import _sqlite3

        lib = ctypes.CDLL(_sqlite3.__file__)
        used, high = lib.sqlite3_memory_used, lib.sqlite3_memory_highwater
    except (OSError, AttributeError, ImportError):
        return None  # SQLite linked in statically: not reachable this way
    used.restype = high.restype = ctypes.c_int64
    high.argtypes = [ctypes.c_int]
    return used() / MB, high(0) / MB


def _mallinfo() -> dict[str, float]:
    try:
        fn = ctypes.CDLL(None).mallinfo2
    except (OSError, AttributeError):
        return {}
    fn.restype = _Mallinfo2
    m = fn()
    return {
        "malloc_brk_mb": m.arena / MB,
        "malloc_mmapped_mb": m.hblkhd / MB,
        "malloc_mmapped_blocks": float(m.hblks),
        "malloc_in_use_mb": m.uordblks / MB,
    }


def _anonymous_maps(top: int = 4) -> dict[str, Any]:
    """From ``/proc/self/smaps``: the resident MB of the largest anonymous mappings (no
    file, not [heap] or [stack]), how many are exactly 1 MiB (pymalloc's arenas are) and
    their resident total, and the resident total of all anonymous mappings."""
    sizes: list[tuple[float, int]] = []  # (resident MB, mapped kB)
    anonymous = False
    mapped_kb = 0
    try:
        text = Path("/proc/self/smaps").read_text()
    except OSError:
        return {}
    for line in text.splitlines():
        first = line.split(maxsplit=6)
        if len(first) >= 5 and "-" in first[0] and ":" in first[3]:
            anonymous = len(first) == 5  # no path: an anonymous mapping
        elif anonymous and line.startswith("Size:"):
            mapped_kb = int(line.split()[1])
        elif anonymous and line.startswith("Rss:"):
            sizes.append((int(line.split()[1]) / 1024, mapped_kb))
    arenas = [rss for rss, kb in sizes if kb == 1024]
    return {
        "anonymous_maps_mb": sorted((rss for rss, _ in sizes), reverse=True)[:top],
        "one_mib_maps": len(arenas),
        "one_mib_maps_mb": sum(arenas),
        "anonymous_mb": sum(rss for rss, _ in sizes),
    }


_LOCK = threading.Lock()


def _pymalloc() -> dict[str, float]:
    """pymalloc's arenas now and at most, and the bytes in its allocated blocks, read off
    ``sys._debugmallocstats()`` (which only writes to the C stderr: it is caught in a file
    for the call; anything else written to stderr in that moment lands there too)."""
    import os
    import tempfile

    figures = {
        "# arenas allocated current": "pymalloc_arenas",
        "# arenas highwater mark": "pymalloc_arenas_peak",
        "# bytes in allocated blocks": "pymalloc_used_mb",
    }
    with _LOCK, tempfile.TemporaryFile(mode="w+") as caught:
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            os.dup2(caught.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        caught.seek(0)
        text = caught.read()
    out: dict[str, float] = {}
    for line in text.splitlines():
        name, _, value = line.partition("=")
        key = figures.get(name.strip())
        if key is not None and value.strip():
            number = float(value.strip().replace(",", ""))
            out[key] = number / MB if key.endswith("_mb") else number
    return out


def _status() -> dict[str, float]:
    """VmRSS and its parts (anonymous, file-backed, shared memory), MB."""
    keys = {"VmRSS:": "rss_mb", "RssAnon:": "rss_anon_mb", "RssFile:": "rss_file_mb"}
    out: dict[str, float] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key = keys.get(line.split(maxsplit=1)[0] if line else "")
        if key is not None:
            out[key] = int(line.split()[1]) / 1024
    return out


def sample() -> dict[str, Any]:
    out: dict[str, Any] = {"time": time.time(), **_status()}
    heap = _sqlite_heap()
    if heap is not None:
        out["sqlite_mb"], out["sqlite_peak_mb"] = heap
    out.update(_mallinfo())
    out["python_blocks"] = sys.getallocatedblocks()
    out["gc_objects"] = len(gc.get_objects())
    out.update(_anonymous_maps())
    out.update(_pymalloc())
    return out


def _watch(path: Path, every: float) -> None:
    with path.open("a") as out:
        while True:
            out.write(json.dumps(sample()) + "\n")
            out.flush()
            time.sleep(every)


def main() -> None:
    if len(sys.argv) < 5 or sys.argv[3] != "-m":
        sys.exit("usage: memwatch.py OUT.jsonl SECONDS -m MODULE [ARGS...]")
    path, every, module = Path(sys.argv[1]), float(sys.argv[2]), sys.argv[4]
    threading.Thread(target=_watch, args=(path, max(1.0, every)), daemon=True).start()
    sys.argv = [module, *sys.argv[5:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
