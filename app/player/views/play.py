"""What every game's play screen shares: sending the input, the countdown, the note for a
student who watches this round, the end-of-round panel, the time, and moving on to the
results or the lobby. Each game's own View (``app/player/flights/<game>``) subclasses
:class:`GameView` and draws its world; :class:`SceneGameView` draws the game's
:class:`game.scene.Scene` as it is, for a game that needs nothing more.

Input is sampled in ``on_fixed_update`` (the window's fixed rate is 30 Hz, the host's input
limit). Held inputs (a throttle) are sent when they change, or every 200 ms to carry the
acknowledgement; actions (a click) are sent once each.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from app.player import palette
from app.player.hudtext import format_clock
from app.player.i18n import game_says, tr
from app.player.scene_draw import SceneRenderer
from app.player.session import Phase
from app.player.ui import panel
from app.player.views.base import PlayerView
from game.api import Game, RoundSetup, Value

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

KEEPALIVE_TICKS = 6  # fixed updates (30 Hz) between repeated held inputs: 200 ms
RESULTS_AFTER = 2.0  # s the end of the round stays on screen before the results


class GameView(PlayerView):
    """A round being played (or watched). Subclasses: :meth:`sample_input`, drawing."""

    name = "flight"

    def __init__(self, app: PlayerWindow) -> None:
        super().__init__(app)
        s = app.session
        assert s.game is not None and s.setup is not None  # shown only once a round began
        self.game: Game = s.game
        self.setup: RoundSetup = s.setup
        self.info = s.info
        self._last_sent: tuple[Value, ...] | None = None
        self._since_sent = 0
        self.inputs_sent = 0
        self._ended_at: float | None = None
        self._last_countdown = -1

    # -- input -------------------------------------------------------------------------------
    def sample_input(self) -> tuple[Value, ...] | None:
        """The input now (the game's input fields, in order); None: nothing to send."""
        return None

    def on_fixed_update(self, delta_time: float) -> None:
        if not self.app.session.can_play():
            return
        values = self.sample_input()
        if values is not None:
            self.send_input(values)

    def send_input(self, values: tuple[Value, ...]) -> bool:
        """Predict and send ``values`` (a held input when it changed or the keepalive is
        due; an action always); True when sent."""
        self._since_sent += 1
        held = self.game.inputs.held
        if held and values == self._last_sent and self._since_sent < KEEPALIVE_TICKS:
            return False
        if not held and values == self.game.inputs.idle:
            return False
        out = self.app.session.controls(values)
        if out is None:
            return False
        self.app.net.send_input(out.sequence, out.values, out.ack_tick)
        self._last_sent = values
        self._since_sent = 0
        self.inputs_sent += 1
        return True

    # -- per frame ---------------------------------------------------------------------------
    def tick(self, dt: float) -> None:
        s = self.app.session
        s.rtt = self.app.net.rtt
        countdown = math.ceil(s.countdown_left())
        if s.phase is Phase.COUNTDOWN and countdown != self._last_countdown and countdown > 0:
            self.app.sound.play("beep")
        self._last_countdown = countdown
        if s.my_result is not None:
            if self._ended_at is None:
                self._ended_at = self.elapsed
                self.round_ended()
            elif self.elapsed - self._ended_at >= RESULTS_AFTER:
                self.app.show_results()
        elif not s.in_round and s.round_completed:
            self.app.show_lobby()

    def round_ended(self) -> None:
        """The own round just ended (the result came): a sound."""
        result = self.app.session.my_result
        self.app.sound.set_thrust(0.0)
        self.app.sound.play("land" if result is not None and result.success else "crash")

    # -- drawing -----------------------------------------------------------------------------
    def draw_canvas(self) -> None:
        self.draw_round_panels()

    def draw_round_panels(self) -> None:
        """The countdown, the watching note, the end panel and the time panel."""
        s = self.app.session
        if s.phase is Phase.COUNTDOWN:
            left = s.countdown_left()
            self.labels.draw(
                "countdown",
                f"{max(1, math.ceil(left))}",
                640,
                380,
                size=96,
                bold=True,
                anchor_x="center",
                anchor_y="center",
                colour=palette.YELLOW,
            )
            self.labels.draw("countdown-note", "Get ready!", 640, 480, size=26, anchor_x="center")
        elif not s.in_round:
            self.labels.draw(
                "spectating",
                "Watching: you play in the next round",
                640,
                120,
                size=22,
                anchor_x="center",
                colour=palette.YELLOW,
            )
        if s.phase is Phase.PAUSED and s.my_result is None:  # between the HUD panels:
            panel(474, 990, 588, 708)  # the own player, in the middle, stays in sight
            self.labels.draw(
                "paused",
                "PAUSED",
                732,
                665,
                size=40,
                bold=True,
                anchor_x="center",
                anchor_y="center",
                colour=palette.YELLOW,
            )
            self.labels.draw(
                "paused-note",
                "Your teacher paused the round. Wait for it to go on.",
                732,
                612,
                size=14,
                anchor_x="center",
                anchor_y="center",
            )
        elif s.phase is Phase.PAUSED:  # over the end panel: a line above it
            panel(500, 780, 455, 505)
            self.labels.draw(
                "paused",
                "PAUSED",
                640,
                480,
                size=26,
                bold=True,
                anchor_x="center",
                anchor_y="center",
                colour=palette.YELLOW,
            )
        result = s.my_result
        if result is not None:
            said = game_says(
                self.game.success_word if result.success else self.game.status_label(result.outcome)
            )
            head = said[:1].upper() + said[1:] + ("!" if result.success else "")
            panel(290, 990, 300, 440)
            self.labels.draw(
                "end-head",
                head,
                640,
                395,
                size=40,
                bold=True,
                anchor_x="center",
                colour=palette.SKY_BLUE if result.success else palette.VERMILLION,
            )
            self.labels.draw(
                "end-reason",
                game_says(result.said),
                640,
                335,
                size=20,
                anchor_x="center",
                width=660,
            )
        panel(1000, 1268, 560, 708)
        self.labels.draw(
            "hud-time",
            tr("Time {0}").format(format_clock(s.time_left())),
            1016,
            675,
            size=22,
            bold=True,
        )
        board = {r.nickname: r.best for r in s.class_board()}
        self.labels.draw(
            "hud-score", tr("Best score {0}").format(board.get(s.nickname, 0)), 1016, 638, size=17
        )
        rtt = self.app.net.rtt
        ping = "ping -" if rtt is None else tr("ping {0:.0f} ms").format(rtt * 1000)
        self.labels.draw("hud-rtt", ping, 1016, 604, size=15, colour=palette.DIM_TEXT)
        world = tr("{0}: {1}").format(
            game_says(self.game.title), game_says(self.game.level(self.setup.level).title)
        )
        self.labels.draw(
            "hud-world",
            world,
            1016,
            575,
            size=self.labels.fitting_size(world, 236, 15),  # the panel is 252 px wide
            colour=palette.DIM_TEXT,
        )
        changed = s.changed_knobs_line()
        if changed:  # as wide as its words (about 0.6 of the font size a character)
            panel(1268 - 28 - len(changed) * 15 * 0.7, 1268, 514, 552)
        self.labels.draw(
            "hud-knobs",
            changed,
            1256,
            533,
            size=15,
            colour=palette.YELLOW,
            anchor_x="right",
            anchor_y="center",
        )


class SceneGameView(GameView):
    """A game drawn from its :meth:`game.api.Game.scene`: the whole room, as the console
    shows it, with the player's own row marked."""

    def __init__(self, app: PlayerWindow) -> None:
        super().__init__(app)
        self.renderer = SceneRenderer()

    def draw_world(self) -> None:
        s = self.app.session
        frame = s.latest_frame()
        names = {pid: m.nickname for pid, m in s.members.items()}
        scene = self.game.scene(self.info, frame, names, me=s.player_id)
        self.renderer.draw(scene, self.app, self.labels)
