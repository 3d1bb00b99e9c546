"""A guard against a reference-count bug of PySide6 6.12.0 on CPython 3.11.

Measured in this venv: every ``Signal.emit()`` called from Python drops one reference to
``True`` and every ``QCoreApplication.processEvents()`` / Python slot call drops one to
``None``; after a few thousand calls CPython aborts ("bool_dealloc: deallocating True or
False", "none_dealloc"). From CPython 3.12 these singletons are immortal and the bug is
harmless. Until the pin moves (Python >= 3.12, or a PySide6 without the bug), the console
raises the reference counts of the three singletons by 2**40 once at start. They are never
freed anyway, so an extra count costs nothing; the lost ones can no longer reach zero.
"""

from __future__ import annotations

import ctypes
import sys

BALLAST = 1 << 40


def guard_singletons() -> bool:
    """Apply the guard on CPython < 3.12 (once); True when applied by this call."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    if getattr(guard_singletons, "done", False):
        return False
    for obj in (True, False, None):
        # ob_refcnt is the first field of every PyObject on CPython 3.11.
        count = ctypes.c_ssize_t.from_address(id(obj))
        count.value += BALLAST
    guard_singletons.done = True  # type: ignore[attr-defined]
    return True
