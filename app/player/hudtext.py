"""Small words and numbers every game's HUD shows."""

from __future__ import annotations

import math


def format_clock(seconds: float) -> str:
    """``m:ss``, rounded up (a countdown never shows 0:00 while time is left)."""
    s = max(0, math.ceil(seconds))
    return f"{s // 60}:{s % 60:02d}"
