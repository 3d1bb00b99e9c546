"""The classroom host: join codes, the class roster, rounds, and the tick loop.

``from app.host import ClassHost`` (and ``HostEvent``) loads :mod:`app.host.host` on first
use only, so the small modules here (join codes, modes, rating) stay cheap to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.host.host import ClassHost, HostEvent

__all__ = ["ClassHost", "HostEvent"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from app.host import host

        return getattr(host, name)
    raise AttributeError(f"module 'app.host' has no attribute {name!r}")
