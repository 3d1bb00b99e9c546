"""What the teacher does shows on every player (issue 14): a PAUSED banner while the round
is paused (inputs wait, the round goes on after), the knobs the teacher changed on the HUD,
and students who left listed as offline in the lobby. Real window (Xvfb), real host."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.common.knobs import changed_knobs, knobs_line
from app.player.session import Phase
from app.player.views.lobby import LobbyView
from app.player.views.play import GameView
from app.player.window import PlayerWindow
from game.registry import get_game
from netcode.client import ClientConnection
from netcode.messages import Leave

from .harness import CODE, Frames, HostThread, join_lobby

pytestmark = pytest.mark.gui


@pytest.fixture
def host(tmp_path: Path) -> Iterator[HostThread]:
    h = HostThread(tmp_path, world="moon", round_seconds=30.0, countdown_seconds=1.0)
    try:
        yield h
    finally:
        h.close()


def shown(window: PlayerWindow) -> dict[str, str]:
    screen = window.screen
    assert screen is not None
    return {name: t.text for name, t in screen.labels.visible().items()}


def test_only_the_knobs_the_teacher_changed_are_named() -> None:
    lander = get_game("lunar_lander")
    own = lander.knob_defaults("moon")
    key = lander.knobs[0].key
    assert changed_knobs(lander, "moon", {}) == []
    assert changed_knobs(lander, "moon", {key: own[key]}) == []  # the world's own value
    line = knobs_line(lander, "moon", {key: own[key] * 2})
    assert line.startswith("Changed: " + lander.knobs[0].label)
    assert f"{own[key] * 2:g}" in line


def test_paused_banner_and_changed_knobs_on_the_students_screen(
    host: HostThread, window: PlayerWindow
) -> None:
    frames = Frames(window)
    join_lobby(window, frames, host.address, "Sam")
    lander = get_game("lunar_lander")
    gravity = next(k for k in lander.knobs if "gravity" in k.key)
    host.call(host.host.start_round(seed=4, knobs={gravity.key: 3.0}))
    frames.until(lambda: isinstance(window.screen, GameView), 10, "the flight screen")
    frames.until(lambda: window.session.phase is Phase.ACTIVE, 10, "the round to start")
    frames.run_for(0.2)
    hud = shown(window)
    assert hud.get("hud-knobs") == f"Changed: {gravity.label} 3 {gravity.unit}"
    assert "paused" not in hud
    host.do(host.host.pause)
    frames.until(lambda: window.session.phase is Phase.PAUSED, 5, "the pause to arrive")
    frames.run_for(0.2)
    assert shown(window).get("paused") == "PAUSED"
    assert not window.session.can_play()  # inputs wait while paused
    host.do(host.host.resume)
    frames.until(lambda: window.session.phase is Phase.ACTIVE, 5, "the round to go on")
    frames.run_for(0.2)
    assert "paused" not in shown(window)


def test_a_student_who_left_is_offline_in_the_lobby(host: HostThread, window: PlayerWindow) -> None:
    frames = Frames(window)
    join_lobby(window, frames, host.address, "Sam")

    async def ada_joins_and_leaves() -> None:
        conn = ClientConnection()
        await conn.connect("127.0.0.1", host.host.port, server_key=host.host.public_key)
        try:
            await conn.join(CODE, "Ada", 2)
            conn.send(Leave())
        finally:
            conn.close()

    host.call(ada_joins_and_leaves())
    frames.until(
        lambda: any(
            m.nickname == "Ada" and not m.connected for m in window.session.members.values()
        ),
        10,
        "Ada to leave",
    )
    frames.run_for(0.2)
    assert isinstance(window.screen, LobbyView)
    assert "Ada  - offline" in shown(window).values()
