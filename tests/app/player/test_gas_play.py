"""A student plays Gas laws end to end: real window (Xvfb), real host with bots, real
SQLite. Up heats the gas and Left pushes the piston in (the host's snapshot shows it), the
rest of the round is played by the view's autopilot through the same controls, and the
result on the screen is the one in the database."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyglet.window import key as keys

from app.player.flights.gas import FlightView
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow
from game.gas.model import ideal_pressure
from game.gas.spectator import Reading
from game.timestep import DT

from .harness import Frames, HostThread, join_lobby

pytestmark = pytest.mark.gui


@pytest.fixture
def host(tmp_path: Path) -> Iterator[HostThread]:
    h = HostThread(tmp_path, game="gas_laws", world="steady", round_seconds=16.0)
    try:
        yield h
    finally:
        h.close()


def hold_key(frames: Frames, symbol: int, seconds: float) -> None:
    frames.window.dispatch_event("on_key_press", symbol, 0)
    frames.run_for(seconds)
    frames.window.dispatch_event("on_key_release", symbol, 0)
    frames.frame()


def follow(view: FlightView) -> object:
    """A student who knows P A = N k T: heat or cool towards the band's centre a moment
    ahead, piston still unless the heater is at its limit."""

    def decide(r: Reading, tick: int) -> tuple[float, float]:
        plan = view.plan
        now = ideal_pressure(plan.particles, r.temperature, r.length)
        aim = plan.centre(tick * DT + 0.6)
        gap = math.log(aim / now) / 0.5
        heater = max(-1.0, min(1.0, gap * r.temperature / plan.heater_power))
        return (round(heater, 2), 0.0)

    return decide


def test_heat_squeeze_and_read_why(host: HostThread, window: PlayerWindow) -> None:
    frames = Frames(window)
    host.start_bots(2)
    frames.until(lambda: len(host.host.players()) == 2, 10, "the bots to join")
    join_lobby(window, frames, host.address, "Sam")
    round_id = host.call(host.host.start_round(seed=7))
    frames.until(lambda: isinstance(window.screen, FlightView), 5, "the gas screen")
    view = window.screen
    assert isinstance(view, FlightView)
    frames.until(window.session.can_play, 5, "the round to go active")
    frames.run_for(0.3)
    text = view.shown_text()
    assert "Gas laws: Slow drift" in text
    assert "96 particles · band ±10 % · goal: in the band 70 % of the time" in text
    assert "Up / W: heat" in text and "Left / A: piston in" in text
    start = view.reading()
    assert start is not None and start.temperature == pytest.approx(300.0, abs=1.0)

    hold_key(frames, keys.UP, 0.5)
    frames.run_for(0.2)
    warm = view.reading()
    assert warm is not None and warm.temperature > start.temperature + 15.0
    hold_key(frames, keys.LEFT, 0.4)
    frames.run_for(0.2)
    squeezed = view.reading()
    assert squeezed is not None and squeezed.length < start.length - 0.01
    assert "Temperature" in view.shown_text() and "Pressure" in view.shown_text()

    view.autopilot = follow(view)  # type: ignore[assignment]
    frames.until(lambda: isinstance(window.screen, ResultsView), 30, "the results screen")
    frames.until(lambda: window.session.round_completed, 30, "the round to complete")
    frames.run_for(0.3)
    stored = host.call(host.store.round_results(round_id))
    mine = next(f for f in stored if f.nickname == "Sam")
    result = window.session.my_result
    assert result is not None
    assert (result.reason, result.score, result.stars) == (mine.reason, mine.score, mine.stars)
    assert result.outcome == mine.outcome and result.success
    shown = window.screen.shown_text() if window.screen else ""
    assert mine.reason in shown
    # the plot's data came from the host's snapshots of this round
    log = window.session.flight_log
    game = window.session.game
    assert log is not None and game is not None
    channels = game.channels_of(window.session.info, log.series())
    assert channels["temperature"].max() > 315.0
    assert abs(channels["offset"][-20:]).max() < 100.0  # in the band at the end
