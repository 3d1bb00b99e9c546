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
import os
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


def _pymalloc() -> dict[str, Any]:
    """pymalloc's arenas now and at most, the bytes in its allocated blocks and, per block
    size, its pools and blocks in use (which sizes leave pools part-used), read off
    ``sys._debugmallocstats()`` (which only writes to the C stderr: it is caught in a file
    for the call; anything else written to stderr in that moment lands there too)."""
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
    out: dict[str, Any] = {}
    classes: dict[str, list[int]] = {}  # block size -> [pools, blocks in use]
    for line in text.splitlines():
        cells = line.split()
        if len(cells) == 5 and all(c.isdigit() for c in cells):
            classes[cells[1]] = [int(cells[2]), int(cells[3])]
            continue
        name, _, value = line.partition("=")
        key = figures.get(name.strip())
        if key is not None and value.strip():
            number = float(value.strip().replace(",", ""))
            out[key] = number / MB if key.endswith("_mb") else number
    out["pymalloc_classes"] = classes
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


def _trace(
    start_s: float,
    dumps_s: list[float],
    out: Path,
    top: int = 40,
    frames: int = 1,
    holders: str = "",
) -> None:
    """From ``start_s`` seconds after the start, trace Python's allocations (``frames``
    frames each, ``MEMWATCH_TRACE_FRAMES``; more than one names the callers, the newest
    first); with ``holders`` (``MEMWATCH_HOLDERS``) also who holds what that line made;
    at each of ``dumps_s`` write (to ``out`` with ``.1``, ``.2``... added) the lines whose
    blocks allocated since the start of the trace are still alive, most blocks first. In
    a process whose block count is flat these are the long-lived objects that keep
    replacing each other (the ones that leave pools part-used); a line that grows from
    one dump to the next is something that accumulates."""
    import tracemalloc

    time.sleep(start_s)
    tracemalloc.start(frames)
    group = "traceback" if frames > 1 else "lineno"
    for n, dump_s in enumerate(sorted(dumps_s), start=1):
        time.sleep(max(0.0, dump_s - (time.monotonic() - _T0)))
        snapshot = tracemalloc.take_snapshot()
        stats = sorted(snapshot.statistics(group), key=lambda s: -s.count)[:top]
        out.with_name(f"{out.name}.{n}").write_text(
            "".join(
                f"{s.count:8d} blocks {s.size / 1024:9.1f} KiB  "
                + " <- ".join(f"{f.filename}:{f.lineno}" for f in reversed(s.traceback))
                + "\n"
                for s in stats
            )
        )
        if holders:
            _holders(holders, out.with_name(f"{out.name}.{n}.holders"))
    tracemalloc.stop()


def _holders(where: str, out: Path, chains: int = 200) -> None:
    """Who holds the live objects allocated at ``where`` (``FILE:LINE``, the allocating
    line as the trace prints it, e.g. a worker thread's ``fetchall`` whose callers the
    traceback cannot name): each object's chain of referrers, three deep, counted."""
    import tracemalloc
    from collections import Counter

    filename, _, line = where.rpartition(":")
    objects = gc.get_objects()
    referents = [r for o in objects for r in gc.get_referents(o)]
    inner = [  # what untracked tuples and dicts (of atomic values) hold
        r
        for o in referents
        if type(o) in (tuple, dict) and not gc.is_tracked(o)
        for r in gc.get_referents(o)
    ]
    candidates = [*objects, *referents, *inner]
    del referents, inner
    found = []
    for obj in candidates:
        tb = tracemalloc.get_object_traceback(obj)
        if tb is not None and tb[-1].filename.endswith(filename) and tb[-1].lineno == int(line):
            found.append(obj)
            if len(found) >= chains:
                break
    ours = {id(objects), id(candidates), id(found)}

    def describe(obj: object) -> str:
        name = type(obj).__name__
        if hasattr(obj, "cr_code"):
            return f"{name} {obj.cr_code.co_qualname}"
        if hasattr(obj, "f_code"):
            return f"{name} {obj.f_code.co_qualname}"
        return name

    counts: Counter[str] = Counter()
    for obj in found:
        chain, here = [describe(obj)], obj
        for _ in range(3):
            up = [r for r in gc.get_referrers(here) if id(r) not in ours]
            if not up:
                break
            here = up[0]
            del up  # or it would be the next object's first referrer
            chain.append(describe(here))
        counts[" <- ".join(chain)] += 1
    del objects, candidates, found
    out.write_text("".join(f"{n:6d}  {c}\n" for c, n in counts.most_common()))


_T0 = time.monotonic()
_POOL = 16 * 1024  # CPython 3.10+: pymalloc pools of 16 KiB in arenas of 1 MiB


def _pool_header(addr: int) -> tuple[int, int, int]:
    """(blocks in use, arena index, size class) from the header of the pymalloc pool that
    holds ``addr`` (CPython's ``struct pool_header``: count, freeblock, nextpool, prevpool,
    arenaindex, szidx)."""
    import struct

    head = ctypes.string_at(addr & ~(_POOL - 1), 40)
    count, _, _, _, arena, szidx = struct.unpack("IxxxxQQQII", head)
    return count, arena, szidx


def _arena_census(out: Path, top: int = 12) -> None:
    """Which objects hold pymalloc's arenas: every gc-tracked object and what it refers
    to (ints, floats, strings), each placed in its pool and arena from the pool's header.
    The arenas with the fewest objects are the ones a handful of long-lived objects keep
    from being freed; their objects' types say whose they are. CPython 3.11 internals: a
    diagnostic for bench runs only."""
    from collections import Counter

    seen: set[int] = set()
    arenas: dict[int, Counter[str]] = {}
    pools: dict[int, set[int]] = {}
    objects = gc.get_objects()
    referents = [r for o in objects for r in gc.get_referents(o)]
    # tuples and dicts of atomic values are untracked: look inside them too
    inner = [
        r
        for o in referents
        if type(o) in (tuple, dict) and not gc.is_tracked(o)
        for r in gc.get_referents(o)
    ]
    for obj in [*objects, *referents, *inner]:
        addr = id(obj)
        if addr in seen:
            continue
        seen.add(addr)
        size = sys.getsizeof(obj)  # the GC header included for tracked objects
        if size > 512:
            continue  # not a pymalloc block
        start = addr - 16 if gc.is_tracked(obj) else addr
        _, arena, szidx = _pool_header(start)
        if szidx != (size + 15) // 16 - 1:
            continue  # not where a pool header says it should be: skip, do not guess
        if arena > 1 << 16:
            continue  # a chance match of the size class: not a pool
        arenas.setdefault(arena, Counter())[type(obj).__name__] += 1
        pools.setdefault(arena, set()).add(start & ~(_POOL - 1))
    lines = [f"{len(arenas)} arenas seen, {len(seen)} objects looked at\n"]
    for arena, types in sorted(arenas.items(), key=lambda a: sum(a[1].values()))[:top]:
        common = ", ".join(f"{n} {t}" for t, n in types.most_common(6))
        lines.append(
            f"arena {arena:4d}: {sum(types.values()):6d} objects in {len(pools[arena]):3d} "
            f"pools: {common}\n"
        )
    out.write_text("".join(lines))


def _census_at(after_s: float, out: Path) -> None:
    time.sleep(after_s)
    _arena_census(out)


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
    census = os.environ.get("MEMWATCH_CENSUS")  # "AFTER_S,OUT": see _arena_census
    if census:
        after_s, census_out = census.split(",", 1)
        threading.Thread(
            target=_census_at, args=(float(after_s), Path(census_out)), daemon=True
        ).start()
    trace = os.environ.get("MEMWATCH_TRACE")  # "START_S,DUMP_S[,DUMP_S...],OUT": _trace
    if trace:
        *times, out = trace.split(",")
        threading.Thread(
            target=_trace,
            args=(float(times[0]), [float(t) for t in times[1:]], Path(out)),
            kwargs={
                "frames": int(os.environ.get("MEMWATCH_TRACE_FRAMES", "1")),
                "holders": os.environ.get("MEMWATCH_HOLDERS", ""),
            },
            daemon=True,
        ).start()
    sys.argv = [module, *sys.argv[5:]]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
