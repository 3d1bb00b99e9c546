"""FixedTicker with a fake clock: exact counts, no drift, clamped catch-up."""

from __future__ import annotations

import pytest

from netcode.tickloop import FixedTicker


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def test_steps_owed_follow_the_clock() -> None:
    clock = FakeClock()
    ticker = FixedTicker(60, clock)
    assert ticker.due(clock.now) == 0
    assert ticker.next_deadline() == pytest.approx(1000.0 + 1 / 60)
    clock.now += 0.5 / 60
    assert ticker.due() == 0
    clock.now = ticker.next_deadline()
    assert ticker.due() == 1
    clock.now += 3 / 60
    assert ticker.due() == 3
    assert ticker.ticks == 4


def test_no_drift_over_an_hour_of_jittery_wakeups() -> None:
    clock = FakeClock(start=12345.678)
    ticker = FixedTicker(60, clock)
    total = 0
    wake = 0
    while clock.now < 12345.678 + 3600:
        # wake a little late, by a varying amount, as a real event loop does
        clock.now = ticker.next_deadline() + (wake % 7) * 0.0004
        wake += 1
        total += ticker.due()
    clock.now = 12345.678 + 3600.0 + 1e-6
    total += ticker.due()
    assert total == 216_000
    assert ticker.skipped == 0


def test_a_long_pause_is_clamped_not_replayed() -> None:
    clock = FakeClock()
    ticker = FixedTicker(60, clock, max_catch_up=5)
    clock.now += 10.0  # a laptop lid closed for 10 s
    assert ticker.due() == 5
    assert ticker.skipped == 595
    assert ticker.due() == 0  # nothing more owed right after
    assert ticker.next_deadline() == pytest.approx(clock.now + 1 / 60)
    clock.now += 2 / 60
    assert ticker.due() == 2


@pytest.mark.parametrize("rate", [0, -1, float("nan"), float("inf")])
def test_bad_rates_are_refused(rate: float) -> None:
    with pytest.raises(ValueError, match=r"rate_hz must be within"):
        FixedTicker(rate, FakeClock())
