"""The host's limits and timings, named once."""

from __future__ import annotations

from typing import Literal

MAX_MESSAGES_PER_TICK = 512  # messages read per pass of the host loop
SERVICE_S = 0.004  # between ticks the host reads its socket at most this often (wall s)
SILENCE_CHECK_S = 0.1  # host seconds between looks for students gone silent
LOCKSTEP_MAX_WAIT_S = 2.0  # lockstep never waits longer than this for a silent member
SILENT_AFTER_S = 10.0  # clients ping every second; this long without a word means gone
CLASS_CAPACITY = 64  # eight rooms of eight
HOUSEKEEPING_S = 0.5  # host seconds between matchmaking / idle-room passes
AI_ID_BASE = 1_000_000  # player ids of the host's own AI players
TEACHER = "Teacher"
Grouping = Literal["fill", "rating", "manual"]
GROUPINGS: tuple[Grouping, ...] = ("fill", "rating", "manual")

# Every code the host sends in an ``error`` besides the protocol's own (netcode.errors):
# docs/protocol.md, "Host error codes", lists the same (tests/netcode/test_protocol_doc.py).
HOST_ERROR_CODES: dict[str, str] = {
    "wrong_code": "no class with that join code here",
    "code_expired": "the lesson of that join code has ended",
    "not_on_roster": "the class has a roster and the nickname is not on it",
    "bad_nickname": "the nickname is empty, longer than MAX_NICKNAME or unprintable",
    "reserved_nickname": "the nickname reads as host, teacher, moonbase, admin or system",
    "nickname_taken": "a connected student of the class has that nickname (any case)",
    "reclaim_pending": "the nickname's computer went quiet; the teacher may approve a reclaim",
    "class_full": "the class has CLASS_CAPACITY students",
    "already_joined": "this connection has a seat already",
    "kicked": "the teacher removed the student (also sent to the student when removed)",
    "barred": "3 anti-cheat flags in 24 h; until the teacher lifts the bar",
    "host_error": "the host could not store the join (its database failed)",
    "not_joined": "anything but join and ping from a connection without a seat",
    "unexpected": "a host-to-client message type sent to the host",
    "bad_input": "an input value outside the game's range (names the field)",
    "chat_rate_limited": "more chat lines than CHAT_BURST at once, then one per 2 s",
    "muted": "a chat line from a student the teacher muted",
}
