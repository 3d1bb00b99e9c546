"""Session phases as a pure state machine: Lobby (countdown) -> Active -> Paused -> Completed.

A :class:`Session` is a frozen value; every action returns a new one, or raises
:class:`IllegalTransitionError` naming the action, the phase and what is allowed instead.
Time is counted in simulation ticks and only moves when the host calls :meth:`Session.tick`:

* **Lobby.** Players gather. :meth:`~Session.start_countdown` arms a countdown of N ticks;
  each tick lowers it and at zero the session turns Active. The countdown can be cancelled
  (back to waiting) or skipped with :meth:`~Session.start_now`.
* **Active.** The round runs; each tick adds to ``active_ticks`` (the round clock).
* **Paused.** The teacher froze the round: ticks change nothing, the round clock stands.
* **Completed.** Terminal, with the reason it ended.

Allowed transitions::

    lobby   --start_countdown/cancel_countdown--> lobby
    lobby   --tick (countdown reaches 0) / start_now--> active
    lobby   --abandon--> completed ("abandoned")
    active  --pause--> paused        paused --resume--> active
    active | paused --complete(reason)--> completed
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from game.errors import GameError


class Phase(enum.StrEnum):
    LOBBY = "lobby"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"


class CompletionReason(enum.StrEnum):
    TIME_UP = "time_up"
    ALL_ENDED = "all_ended"  # every flight ended before the time limit
    ENDED_BY_TEACHER = "ended_by_teacher"
    ABANDONED = "abandoned"  # ended in the lobby, before it ever started


# action -> the phases it may be taken from (in the order they are listed to users)
ALLOWED: dict[str, tuple[Phase, ...]] = {
    "start_countdown": (Phase.LOBBY,),
    "cancel_countdown": (Phase.LOBBY,),
    "start_now": (Phase.LOBBY,),
    "abandon": (Phase.LOBBY,),
    "pause": (Phase.ACTIVE,),
    "resume": (Phase.PAUSED,),
    "complete": (Phase.ACTIVE, Phase.PAUSED),
    "tick": (Phase.LOBBY, Phase.ACTIVE, Phase.PAUSED),
}


class PhaseError(GameError, ValueError):
    """Base class of the session phase errors."""


class IllegalTransitionError(PhaseError):
    """An action that the session's current phase does not allow."""

    def __init__(self, action: str, phase: Phase) -> None:
        self.action = action
        self.phase = phase
        allowed = allowed_actions(phase)
        instead = ", ".join(allowed) if allowed else "nothing (it is over)"
        super().__init__(
            f"cannot {action.replace('_', ' ')}: the session is {phase.value}; "
            f"allowed from {phase.value}: {instead}"
        )


def allowed_actions(phase: Phase) -> tuple[str, ...]:
    """The actions a session in ``phase`` accepts (for a UI's buttons)."""
    return tuple(action for action, phases in ALLOWED.items() if phase in phases)


@dataclass(frozen=True)
class Session:
    """One session's phase, its countdown and its round clock, in ticks."""

    phase: Phase = Phase.LOBBY
    countdown_left: int | None = None  # ticks until Active; None = not counting down
    active_ticks: int = 0  # ticks spent Active (the round clock; stands while Paused)
    pauses: int = 0
    reason: CompletionReason | None = None

    def _check(self, action: str) -> None:
        if self.phase not in ALLOWED[action]:
            raise IllegalTransitionError(action, self.phase)

    @property
    def counting_down(self) -> bool:
        return self.phase is Phase.LOBBY and self.countdown_left is not None

    @property
    def running(self) -> bool:
        """True when the simulation should step this tick."""
        return self.phase is Phase.ACTIVE

    def start_countdown(self, ticks: int) -> Session:
        """Arm (or re-arm) the lobby countdown; 0 ticks starts at the next tick."""
        self._check("start_countdown")
        if isinstance(ticks, bool) or not isinstance(ticks, int) or ticks < 0:
            raise PhaseError(f"countdown must be an integer number of ticks >= 0, got {ticks!r}")
        return replace(self, countdown_left=ticks)

    def cancel_countdown(self) -> Session:
        self._check("cancel_countdown")
        if self.countdown_left is None:
            raise PhaseError("cannot cancel countdown: no countdown is running")
        return replace(self, countdown_left=None)

    def start_now(self) -> Session:
        self._check("start_now")
        return replace(self, phase=Phase.ACTIVE, countdown_left=None)

    def abandon(self) -> Session:
        self._check("abandon")
        return replace(
            self, phase=Phase.COMPLETED, countdown_left=None, reason=CompletionReason.ABANDONED
        )

    def pause(self) -> Session:
        self._check("pause")
        return replace(self, phase=Phase.PAUSED, pauses=self.pauses + 1)

    def resume(self) -> Session:
        self._check("resume")
        return replace(self, phase=Phase.ACTIVE)

    def complete(self, reason: CompletionReason) -> Session:
        self._check("complete")
        reason = CompletionReason(reason)
        if reason is CompletionReason.ABANDONED:
            raise PhaseError("a session that has started cannot be abandoned; use ended_by_teacher")
        return replace(self, phase=Phase.COMPLETED, reason=reason)

    def tick(self) -> Session:
        """One tick passes: the countdown runs down, or the round clock runs."""
        self._check("tick")
        if self.phase is Phase.ACTIVE:
            return replace(self, active_ticks=self.active_ticks + 1)
        if self.phase is Phase.LOBBY and self.countdown_left is not None:
            left = self.countdown_left - 1
            if left <= 0:
                return replace(self, phase=Phase.ACTIVE, countdown_left=None)
            return replace(self, countdown_left=left)
        return self

    def tick_until(self, time_limit_ticks: int) -> Session:
        """:meth:`tick`, then complete with ``time_up`` once the round clock reaches the limit."""
        if isinstance(time_limit_ticks, bool) or not isinstance(time_limit_ticks, int):
            raise PhaseError(f"time limit must be an integer of ticks, got {time_limit_ticks!r}")
        if time_limit_ticks < 1:
            raise PhaseError(f"time limit must be at least 1 tick, got {time_limit_ticks}")
        after = self.tick()
        if after.phase is Phase.ACTIVE and after.active_ticks >= time_limit_ticks:
            return after.complete(CompletionReason.TIME_UP)
        return after
