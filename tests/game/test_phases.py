"""Session phases: Lobby (countdown) -> Active -> Paused -> Completed, and nothing else."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from game.phases import (
    CompletionReason,
    IllegalTransitionError,
    Phase,
    PhaseError,
    Session,
    allowed_actions,
)


def ticks(session: Session, count: int) -> Session:
    for _ in range(count):
        session = session.tick()
    return session


def test_a_new_session_waits_in_the_lobby_without_counting() -> None:
    session = ticks(Session(), 100)
    assert session == Session()
    assert session.phase is Phase.LOBBY and not session.running and not session.counting_down


def test_the_countdown_turns_the_session_active_after_exactly_n_ticks() -> None:
    session = Session().start_countdown(3)
    assert session.counting_down and session.countdown_left == 3
    session = ticks(session, 2)
    assert session.phase is Phase.LOBBY and session.countdown_left == 1
    session = session.tick()
    assert session.phase is Phase.ACTIVE and session.countdown_left is None
    assert session.active_ticks == 0 and session.running


def test_a_zero_countdown_starts_at_the_next_tick_and_start_now_skips_it() -> None:
    assert Session().start_countdown(0).tick().phase is Phase.ACTIVE
    assert Session().start_countdown(600).start_now().phase is Phase.ACTIVE


def test_cancelling_the_countdown_goes_back_to_waiting() -> None:
    session = ticks(Session().start_countdown(5), 2).cancel_countdown()
    assert session.countdown_left is None
    assert ticks(session, 10).phase is Phase.LOBBY
    with pytest.raises(PhaseError, match="no countdown is running"):
        session.cancel_countdown()


def test_the_round_clock_stands_while_paused() -> None:
    session = ticks(Session().start_now(), 30)
    assert session.active_ticks == 30
    paused = ticks(session.pause(), 500)
    assert paused.phase is Phase.PAUSED and paused.active_ticks == 30 and not paused.running
    resumed = ticks(paused.resume(), 10)
    assert resumed.phase is Phase.ACTIVE and resumed.active_ticks == 40
    assert resumed.pause().resume().pause().pauses == 3


def test_tick_until_completes_with_time_up_at_the_limit_not_counting_pauses() -> None:
    session = Session().start_now()
    for _ in range(59):
        session = session.tick_until(100)
    session = ticks(session.pause(), 1000).resume()
    for _ in range(40):
        session = session.tick_until(100)
    assert session.phase is Phase.ACTIVE and session.active_ticks == 99
    session = session.tick_until(100)
    assert session.phase is Phase.COMPLETED
    assert session.reason is CompletionReason.TIME_UP and session.active_ticks == 100


@pytest.mark.parametrize("start", ["active", "paused"])
def test_active_or_paused_sessions_can_be_completed(start: str) -> None:
    session = Session().start_now()
    if start == "paused":
        session = session.pause()
    done = session.complete(CompletionReason.ENDED_BY_TEACHER)
    assert done.phase is Phase.COMPLETED and done.reason is CompletionReason.ENDED_BY_TEACHER


def test_a_lobby_can_only_be_abandoned_and_a_started_session_not() -> None:
    done = Session().start_countdown(10).abandon()
    assert done.phase is Phase.COMPLETED and done.reason is CompletionReason.ABANDONED
    with pytest.raises(PhaseError, match="cannot be abandoned"):
        Session().start_now().complete(CompletionReason.ABANDONED)


ILLEGAL = [
    (Session(), "pause"),
    (Session(), "resume"),
    (Session(), "complete"),
    (Session().start_now(), "resume"),
    (Session().start_now(), "start_now"),
    (Session().start_now(), "start_countdown"),
    (Session().start_now(), "abandon"),
    (Session().start_now().pause(), "pause"),
    (Session().start_now().complete(CompletionReason.ALL_ENDED), "tick"),
    (Session().start_now().complete(CompletionReason.ALL_ENDED), "resume"),
    (Session().start_now().complete(CompletionReason.ALL_ENDED), "complete"),
]


@pytest.mark.parametrize(("session", "action"), ILLEGAL)
def test_illegal_transitions_raise_and_name_the_phase_and_the_way_out(
    session: Session, action: str
) -> None:
    calls: dict[str, Callable[[], Session]] = {
        "pause": session.pause,
        "resume": session.resume,
        "start_now": session.start_now,
        "abandon": session.abandon,
        "tick": session.tick,
        "start_countdown": lambda: session.start_countdown(5),
        "complete": lambda: session.complete(CompletionReason.TIME_UP),
    }
    with pytest.raises(IllegalTransitionError) as info:
        calls[action]()
    err = info.value
    assert err.action == action and err.phase is session.phase
    assert f"the session is {session.phase.value}" in str(err)
    assert action not in allowed_actions(session.phase)


def test_error_message_lists_what_is_allowed() -> None:
    with pytest.raises(IllegalTransitionError) as info:
        Session().pause()
    assert str(info.value) == (
        "cannot pause: the session is lobby; allowed from lobby: "
        "start_countdown, cancel_countdown, start_now, abandon, tick"
    )
    with pytest.raises(IllegalTransitionError, match=r"nothing \(it is over\)"):
        Session().abandon().tick()


def test_allowed_actions_per_phase() -> None:
    assert allowed_actions(Phase.ACTIVE) == ("pause", "complete", "tick")
    assert allowed_actions(Phase.PAUSED) == ("resume", "complete", "tick")
    assert allowed_actions(Phase.COMPLETED) == ()


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_countdown_must_be_a_whole_number_of_ticks(bad: object) -> None:
    with pytest.raises(PhaseError, match="countdown must be an integer number of ticks >= 0"):
        Session().start_countdown(bad)  # type: ignore[arg-type]


def test_time_limit_must_be_positive() -> None:
    with pytest.raises(PhaseError, match="at least 1 tick, got 0"):
        Session().start_now().tick_until(0)


def test_sessions_are_values() -> None:
    a = Session().start_countdown(2)
    b = Session().start_countdown(2)
    assert a == b and hash(a) == hash(b)
    a.tick()
    assert a.countdown_left == 2
