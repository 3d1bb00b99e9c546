"""The network drops mid-round: the player counts its reconnect attempts on screen and goes
back into the same seat by itself. Real window (Xvfb), real host, a real TCP relay to cut."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pyglet.window import key as keys

from app.player.flights.lander import FlightView
from app.player.netthread import NetworkThread
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow
from game.lander import LanderStatus
from game.lander.definition import state_of

from .harness import CutProxy, Frames, HostThread, join_lobby, open_window

pytestmark = pytest.mark.gui

ATTEMPTS = 6


@pytest.fixture
def host(tmp_path: Path) -> Iterator[HostThread]:
    # the Moon: a lander falls slowly enough to still be in the air after the outage
    h = HostThread(tmp_path, world="moon", round_seconds=15.0)
    try:
        yield h
    finally:
        h.close()


@pytest.fixture
def proxy(host: HostThread) -> Iterator[CutProxy]:
    p = CutProxy(host)
    try:
        yield p
    finally:
        p.close()


@pytest.fixture
def window(tmp_path: Path) -> Iterator[PlayerWindow]:
    net = NetworkThread(
        host_timeout=1.0, reconnect_delays=(0.1, 0.2, 0.4, 0.8, 1.6, 3.2), join_timeout=1.0
    )
    w = open_window(tmp_path, net)
    try:
        yield w
    finally:
        w.close()


def test_cable_pulled_mid_round_back_in_the_same_seat(
    host: HostThread, proxy: CutProxy, window: PlayerWindow
) -> None:
    frames = Frames(window)
    join_lobby(window, frames, proxy.address(host.host.public_key), "Sam")
    seat = window.session.player_id
    assert seat is not None
    host.call(host.host.start_round(seed=11))
    frames.until(lambda: isinstance(window.screen, FlightView), 5, "the flight screen")
    flight = window.screen
    assert isinstance(flight, FlightView)
    frames.until(window.session.can_fly, 5, "the round to go active")
    window.held_keys.add(keys.UP)
    frames.until(lambda: flight.inputs_sent >= 10, 5, "10 thrust inputs")
    window.held_keys.discard(keys.UP)
    log = window.session.flight_log
    assert log is not None
    frames.until(lambda: len(log) >= 30, 5, "a second of the flight recorded")
    first_t = log.started_at
    samples = len(log)
    before = window.session.own_snapshot
    assert before is not None and state_of(before).status is LanderStatus.FLYING
    assert window.overlay_text() == ""

    proxy.cut()
    tick_at_cut = window.session.latest_tick
    frames.until(
        lambda: (
            window.session.connection.status == "reconnecting"
            and window.session.connection.attempt >= 2
        ),
        15,
        "the second reconnect attempt",
    )
    frames.frame()
    shown = window.overlay_text()
    attempt = window.session.connection.attempt
    assert "Connection lost" in shown
    assert f"attempt {attempt} of {ATTEMPTS}" in shown, shown
    assert window.screen is flight, "the flight stays behind the overlay"
    player = next(p for p in host.host.players() if p.nickname == "Sam")

    proxy.restore()
    frames.until(lambda: window.session.connection.status == "ok", 15, "the reconnect")
    # the host flew on meanwhile (at 60 ticks a second): the next snapshot is well ahead
    frames.until(
        lambda: window.session.latest_tick > tick_at_cut + 60,
        5,
        "a snapshot of the lander after the outage",
    )
    frames.frame()
    assert window.overlay_text() == ""
    assert "reconnected" in window.signals and window.session.reconnects == 1
    # the same seat: same player id, one Sam in the class, the same flight screen and lander
    assert window.session.player_id == seat
    assert [p.player_id for p in host.host.players() if p.nickname == "Sam"] == [seat]
    assert player.connected and proxy.connections >= 2
    assert window.screen is flight
    assert window.session.in_round and window.session.my_result is None
    # the flight log kept the flight from before the outage and goes on
    assert window.session.flight_log is log and log.started_at == first_t
    assert len(log) > samples

    # the host still takes this player's inputs: thrust shows in the host's snapshots
    window.held_keys.add(keys.UP)
    frames.until(
        lambda: (own := window.session.own_snapshot) is not None and state_of(own).throttle > 0.5,
        5,
        "the host to apply thrust after the reconnect",
    )
    window.held_keys.discard(keys.UP)

    # the flight ends as usual and the host's verdict is the one the player shows
    frames.until(lambda: isinstance(window.screen, ResultsView), 60, "the results screen")
    frames.until(lambda: window.session.round_completed, 30, "the round to complete")
    round_id = window.session.round_id
    assert round_id is not None
    stored = host.call(host.host.store.round_results(round_id))
    assert [f.nickname for f in stored] == ["Sam"]
    result = window.session.my_result
    assert result is not None
    assert (result.outcome, result.score) == (stored[0].outcome, stored[0].score)
