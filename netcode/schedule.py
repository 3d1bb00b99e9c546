"""When a client's input takes effect: the rule host and client prediction share.

An input computed from the snapshot of tick ``T`` (its ``ack_tick``) that reaches the host
while the host is at tick ``now`` is applied on the step to tick ``max(now + 1, T + delay)``
(``delay`` = :data:`INPUT_DELAY_TICKS`); it then holds until a newer one is applied. On a LAN
every input arrives before ``T + delay``, so the tick is known to the client exactly; over a
slow link the client estimates ``now`` (see :mod:`netcode.hostclock`).

:class:`InputSchedule` is that rule on the host side for one lander (the classroom host's
``app/host/round.py`` implements the same rule); the client's :mod:`netcode.prediction`
replays it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from game.lander import PlayerInput, validate_input

INPUT_DELAY_TICKS = 2
MAX_PENDING = 64  # inputs waiting for their tick per lander; newer ones beyond are dropped

__all__ = ["INPUT_DELAY_TICKS", "MAX_PENDING", "InputSchedule", "apply_tick"]


def apply_tick(host_tick: int, ack_tick: int, input_delay: int = INPUT_DELAY_TICKS) -> int:
    """The tick whose step first uses an input that arrived while the host was at ``host_tick``."""
    return max(host_tick + 1, ack_tick + input_delay)


@dataclass(frozen=True)
class Scheduled:
    at: int
    inp: PlayerInput


class InputSchedule:
    """One lander's inputs waiting for their tick, and the input in force (held)."""

    def __init__(self, input_delay: int = INPUT_DELAY_TICKS) -> None:
        if input_delay < 1:
            raise ValueError(f"input_delay must be at least 1 tick, got {input_delay}")
        self.input_delay = input_delay
        self.held = PlayerInput(0, 0.0, 0.0, False)
        self.last_sequence = -1  # the newest sequence applied (sent back as ack_sequence)
        self.dropped = 0
        self._pending: deque[Scheduled] = deque()

    def submit(self, host_tick: int, inp: PlayerInput, ack_tick: int) -> bool:
        """Queue ``inp``; False if it is not newer than every input seen, or the queue is full.

        Raises ``game.InvalidInputError`` for out-of-range or non-finite values.
        """
        inp = validate_input(inp)
        newest = self._pending[-1].inp.sequence if self._pending else self.last_sequence
        if inp.sequence <= newest:
            return False
        if len(self._pending) >= MAX_PENDING:
            self.dropped += 1
            return False
        at = apply_tick(host_tick, ack_tick, self.input_delay)
        if self._pending:  # arrival order is sequence order, so ticks never go back
            at = max(at, self._pending[-1].at)
        self._pending.append(Scheduled(at, inp))
        return True

    def input_for(self, tick: int) -> PlayerInput:
        """The input to use on the step to ``tick`` (the newest one due; it is held after)."""
        while self._pending and self._pending[0].at <= tick:
            self.held = self._pending.popleft().inp
            self.last_sequence = self.held.sequence
        return self.held

    def __len__(self) -> int:
        return len(self._pending)
