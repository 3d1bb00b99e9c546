"""When a client's input takes effect: the rule host and client prediction share.

An input computed from the snapshot of tick ``T`` (its ``ack_tick``) that reaches the host
while the host is at tick ``now`` is applied on the step to tick ``max(now + 1, T + delay)``
(``delay`` = :data:`INPUT_DELAY_TICKS`); in a game whose inputs are held (the lander's
throttle) it then holds until a newer one is applied. The delay is one tick: the next step.
On a LAN most inputs arrive before ``T + 1``, so the tick is known to the client exactly;
one sent late in the frame, or over a slow link, takes the step after it arrived, which the
client predicts from its estimate of ``now`` (see :mod:`netcode.hostclock`) and reconciles.
(It was two ticks; one tick cuts the input -> ack time by a frame, 16.7 ms.)

:class:`InputSchedule` is that rule on the host side for one player (the classroom host's
``app/host/round.py`` implements the same rule); the client's :mod:`netcode.prediction`
replays it. Values are checked by the game (:meth:`game.api.Game.check_input`) before they
are scheduled.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from game.api import Value

INPUT_DELAY_TICKS = 1  # the next step: on a LAN an input computed from tick T arrives before T + 1
MAX_PENDING = 64  # inputs waiting for their tick per lander; newer ones beyond are dropped

__all__ = ["INPUT_DELAY_TICKS", "MAX_PENDING", "InputSchedule", "apply_tick"]


def apply_tick(host_tick: int, ack_tick: int, input_delay: int = INPUT_DELAY_TICKS) -> int:
    """The tick whose step first uses an input that arrived while the host was at ``host_tick``."""
    return max(host_tick + 1, ack_tick + input_delay)


@dataclass(frozen=True)
class Scheduled:
    at: int
    sequence: int
    values: tuple[Value, ...]


class InputSchedule:
    """One player's inputs waiting for their tick, and the input in force (held)."""

    def __init__(self, idle: tuple[Value, ...], input_delay: int = INPUT_DELAY_TICKS) -> None:
        if input_delay < 1:
            raise ValueError(f"input_delay must be at least 1 tick, got {input_delay}")
        self.input_delay = input_delay
        self.held = idle
        self.last_sequence = -1  # the newest sequence applied (sent back as ack_sequence)
        self.dropped = 0
        self._pending: deque[Scheduled] = deque()

    def submit(
        self, host_tick: int, sequence: int, values: tuple[Value, ...], ack_tick: int
    ) -> bool:
        """Queue checked ``values``; False if not newer than every input seen, or the queue
        is full."""
        newest = self._pending[-1].sequence if self._pending else self.last_sequence
        if sequence <= newest:
            return False
        if len(self._pending) >= MAX_PENDING:
            self.dropped += 1
            return False
        at = apply_tick(host_tick, ack_tick, self.input_delay)
        if self._pending:  # arrival order is sequence order, so ticks never go back
            at = max(at, self._pending[-1].at)
        self._pending.append(Scheduled(at, sequence, tuple(values)))
        return True

    def input_for(self, tick: int) -> tuple[Value, ...]:
        """The input to use on the step to ``tick`` (the newest one due; it is held after)."""
        while self._pending and self._pending[0].at <= tick:
            item = self._pending.popleft()
            self.held = item.values
            self.last_sequence = item.sequence
        return self.held

    def __len__(self) -> int:
        return len(self._pending)
