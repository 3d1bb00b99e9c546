"""The one fixed time step of every simulation."""

from __future__ import annotations

TICK_RATE: int = 60
DT: float = 1 / TICK_RATE
