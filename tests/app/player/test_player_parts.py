"""The player's pure parts: colours, HUD levels, keys, plot axes, addresses, the session model."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from pyglet.window import key as keys

from app.player.address import parse_address
from app.player.characters import COUNT, character
from app.player.controls import KeyMap, sample_keys
from app.player.errors import AddressError, KeyMapError
from app.player.flights.lander.hud import Level, level_for, readings
from app.player.netthread import Received
from app.player.palette import CHARACTER_COLOURS, CVD_KINDS, delta_e, simulate_cvd
from app.player.plot import Axes, nice_ceiling
from app.player.recording import record_flight, replay_events
from app.player.session import Phase, Session
from game.lander import LanderState, LanderStatus, LandingLimits
from netcode.codec import decode, encode
from netcode.messages import ChatMessage, Error, Event


def test_character_colours_stay_apart_for_colour_blind_students() -> None:
    for kind in CVD_KINDS:
        seen = [simulate_cvd(c, kind) for c in CHARACTER_COLOURS]
        worst = min(delta_e(a, b) for a, b in itertools.combinations(seen, 2))
        assert worst > 15.0, f"{kind}: two character colours differ by only {worst:.1f}"
    # deuteranopia makes pure red and green look alike: the simulation must show it
    assert (
        delta_e(
            simulate_cvd((200, 60, 40), "deuteranopia"), simulate_cvd((90, 140, 40), "deuteranopia")
        )
        < 15.0
    )


def test_twelve_characters_each_unique_by_feature_and_look() -> None:
    chars = [character(i) for i in range(COUNT)]
    assert len({c.feature for c in chars}) == COUNT
    assert len({(c.colour, c.helmet) for c in chars}) == COUNT
    assert character(13) == character(1)


def test_hud_levels_against_the_world_limits() -> None:
    limits = LandingLimits()
    assert level_for(1.0, 2.0) is Level.OK
    assert level_for(1.8, 2.0) is Level.CAUTION
    assert level_for(4.1, 2.0) is Level.DANGER
    state = LanderState(10.0, 50.0, 0.4, -4.1, 0.3, 0.0, 50.0, 0.0, LanderStatus.FLYING)
    got = {r.key: r for r in readings(state, 5.0, limits)}
    assert got["vertical"].level is Level.DANGER and got["vertical"].word == "TOO FAST"
    assert "4.1 m/s down" in got["vertical"].value
    assert got["horizontal"].level is Level.OK
    assert got["tilt"].level is Level.DANGER  # 0.3 rad = 17 degrees > 10
    assert got["altitude"].level is Level.DANGER  # 5 m up and falling too fast


def test_keys_remap_and_survive_json() -> None:
    km = KeyMap()
    assert sample_keys({keys.W, keys.LEFT}, km).thrust == 1.0
    assert sample_keys({keys.W, keys.LEFT}, km).rotation == -1.0
    moved = km.remap("thrust", keys.J)
    assert moved.action_of(keys.J) == "thrust"
    again = KeyMap.from_json(moved.to_json())
    assert again.keys_for("thrust")[0] == keys.J
    assert sample_keys({keys.J}, again).thrust == 1.0
    with pytest.raises(KeyMapError, match="not a key name"):
        KeyMap.from_json('{"thrust": ["NOT_A_KEY"]}')


def test_plot_axes_put_samples_where_they_belong() -> None:
    ax = Axes(100, 50, 400, 200, 0.0, 20.0, -10.0, 10.0)
    pts = ax.points(np.array([0.0, 10.0, 20.0]), np.array([-10.0, 0.0, 25.0]))
    assert pts == [(100.0, 50.0), (300.0, 150.0), (500.0, 250.0)]  # 25 clipped to the top
    assert nice_ceiling(21.0) == 25.0
    assert nice_ceiling(7.3) == 8.0
    assert nice_ceiling(0.0) == 1.0


def test_addresses_in_plain_words() -> None:
    assert parse_address("192.168.1.20:5555").port == 5555
    assert parse_address(" [::1]:80 ").host == "::1"
    with pytest.raises(AddressError, match="has no port"):
        parse_address("192.168.1.20")
    with pytest.raises(AddressError, match="not a port number"):
        parse_address("host:99999")
    with pytest.raises(AddressError, match="40 characters"):
        parse_address("10.0.0.1:5555/short")
    with pytest.raises(AddressError, match=r"not a computer.s address"):
        parse_address("bad_name!:5555")
    assert parse_address("teacher-pc.local:5556").host == "teacher-pc.local"


def test_session_replays_a_recorded_flight() -> None:
    rec = record_flight(players=3, seed=4, seconds=30.0)
    now = [0.0]
    session = Session(clock=lambda: now[0], predict=False)
    start, updates = replay_events(rec, me=rec.ids[0])
    for event in start:
        session.apply(event)
    assert session.phase is Phase.ACTIVE and session.in_round
    assert len(session.members) == 3
    for event in updates:
        now[0] += 1 / 30
        session.apply(event)
    log = session.flight_log
    assert log is not None and log.ended
    series = log.series()
    _final_tick, final = rec.snapshots[-1]
    own_rows = final.values[final.ids == rec.ids[0]]
    assert series["y"][-1] == pytest.approx(own_rows[0, 1] / 100)
    assert session.game is not None
    altitude = session.game.channels_of(session.info, series)["altitude"]
    assert series.t[0] == 0.0 and altitude[0] > 90.0
    others = session.others()
    assert others is not None and sorted(others.ids.tolist()) == list(rec.ids[1:])


def _completed(results: list[dict[str, object]], **extra: object) -> Received:
    """A round_completed event as it comes off the wire (through the codec)."""
    event = Event(tick=0, kind="round_completed", data={"results": results, **extra})
    message = decode(encode(event), local="client")
    return Received(message, 0.0)


def test_class_board_is_the_hosts_lesson_board_when_sent() -> None:
    s = Session()
    s.nickname = "Sam"
    mine = {"nickname": "Sam", "outcome": "landed", "reason": "ok", "score": 40, "stars": 1}
    s.apply(_completed([mine]))
    # without the host's board: the rounds this player saw
    assert s.lesson_board is None
    assert [(r.nickname, r.best, r.flights) for r in s.class_board()] == [("Sam", 40, 1)]
    lesson = [
        {"nickname": "Sam", "best": 40, "stars": 1, "flights": 2},
        {"nickname": "Ada", "best": 90, "stars": 3, "flights": 1},  # another room
        {"nickname": "Bo", "best": "lots"},  # unreadable: left out
    ]
    s.apply(_completed([mine], lesson_board=lesson))
    board = [(r.rank, r.nickname, r.best, r.stars, r.flights) for r in s.class_board()]
    assert board == [(1, "Ada", 90, 3, 1), (2, "Sam", 40, 1, 2)]


def test_muted_until_the_host_passes_my_line_on() -> None:
    s = Session()
    s.nickname = "Sam"
    s.apply(Received(Error(code="muted", message="your teacher muted your chat"), 0.0))
    assert s.muted and s.chat[-1].system
    s.apply(Received(ChatMessage(sender="Ada", text="hi"), 0.0))
    assert s.muted, "someone else's line says nothing about my mute"
    s.apply(Received(ChatMessage(sender="Sam", text="back"), 0.0))
    assert not s.muted
    assert [c.text for c in s.chat][-2:] == ["You can chat again.", "back"]
