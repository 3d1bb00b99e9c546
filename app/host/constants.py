"""The host's limits and timings, named once."""

from __future__ import annotations

from typing import Literal

MAX_MESSAGES_PER_TICK = 512
LOCKSTEP_MAX_WAIT_S = 2.0  # lockstep never waits longer than this for a silent member
SILENT_AFTER_S = 10.0  # clients ping every second; this long without a word means gone
CLASS_CAPACITY = 64  # eight rooms of eight
HOUSEKEEPING_S = 0.5  # host seconds between matchmaking / idle-room passes
AI_ID_BASE = 1_000_000  # player ids of the host's own AI players
TEACHER = "Teacher"
Grouping = Literal["fill", "rating", "manual"]
GROUPINGS: tuple[Grouping, ...] = ("fill", "rating", "manual")
