"""Results of any game: why the round ended for the student, the score line by line, stars,
the game's telemetry plot, the leaderboards."""

from __future__ import annotations

from typing import TYPE_CHECKING

import arcade
from pyglet.window import key as keys

from app.player import palette
from app.player.flightlog import RowLog
from app.player.i18n import game_number, game_says, tr
from app.player.plot import draw_channel_plot
from app.player.session import BoardRow, Phase
from app.player.ui import Button, panel
from app.player.views.base import PlayerView
from game.api import Game, PlayerResult, RoundSetup

if TYPE_CHECKING:
    from app.player.window import PlayerWindow


def headline(game: Game | None, result: PlayerResult) -> str:
    """ "You landed!" for a success; the game's word for the outcome otherwise."""
    if game is None:
        return result.outcome.replace("_", " ").capitalize()
    if result.success:
        return tr("You {0}!").format(game_says(game.success_word))
    for status in game.statuses.values():
        if status.code == result.outcome:
            said = game_says(status.label)
            return said[:1].upper() + said[1:]
    return result.outcome.replace("_", " ").capitalize()


def facts(game: Game | None, result: PlayerResult) -> str:
    """The time and the game's measured details that have a unit ("fuel used 3.4 kg")."""
    parts = [tr("Time {0} s").format(game_number(result.time_s, ".1f"))]
    if game is not None:
        for column in game.result_columns:
            value = result.details.get(column.key)
            if column.unit and isinstance(value, int | float):
                label = game_says(column.label)
                label = label.lower() if label == column.label else label  # German nouns
                parts.append(
                    tr("{0} {1} {2}").format(
                        label, game_number(value, ".1f"), game_says(column.unit)
                    )
                )
    return ", ".join(parts)


def star_points(x: float, y: float, r: float) -> list[tuple[float, float]]:
    import math

    pts = []
    for k in range(10):
        rad = r if k % 2 == 0 else r * 0.45
        a = math.pi / 2 + k * math.pi / 5
        pts.append((x + rad * math.cos(a), y + rad * math.sin(a)))
    return pts


def flights_text(n: int) -> str:
    """Rounds played (any game), in the player's language."""
    return tr("{0} round").format(n) if n == 1 else tr("{0} rounds").format(n)


class ResultsView(PlayerView):
    name = "results"

    def __init__(self, app: PlayerWindow) -> None:
        super().__init__(app)
        self.buttons = [
            Button("lobby", "Lobby and chat", 760, 48, w=280, h=46, on_click=app.show_lobby),
            Button(
                "fly_again",
                "Play again",
                1090,
                48,
                w=300,
                h=46,
                enabled=False,
                on_click=self.fly_again,
            ),
        ]
        self.focus = 0
        # The round this screen reports; a next round the teacher starts does not replace it.
        self.setup: RoundSetup | None = app.session.setup
        self.game: Game | None = app.session.game
        self.info = app.session.info
        self.result: PlayerResult | None = app.session.my_result or app.last_result
        self.flight_log: RowLog | None = None
        self.board: list[BoardRow] = []
        self.completed = False
        self._capture()

    def _capture(self) -> None:
        s = self.app.session
        if s.setup is not self.setup:
            return  # the teacher started the next round: keep showing the one played
        if s.my_result is not None:
            self.result = s.my_result
        self.flight_log = s.flight_log
        self.board = list(s.room_board)
        self.completed = s.round_completed

    def fly_again(self) -> None:
        s = self.app.session
        if (
            s.in_round
            and s.phase in (Phase.COUNTDOWN, Phase.ACTIVE, Phase.PAUSED)
            and s.my_result is None
        ):
            self.app.show_flight()

    def tick(self, dt: float) -> None:
        self._capture()
        s = self.app.session
        ready = (
            s.in_round
            and s.phase in (Phase.COUNTDOWN, Phase.ACTIVE, Phase.PAUSED)
            and s.my_result is None
        )
        button = self.button("fly_again")
        if button is not None:
            button.enabled = ready

    def on_key_press(self, symbol: int, modifiers: int) -> bool | None:
        if symbol in (keys.ENTER, keys.RETURN, keys.SPACE):
            self.press_button("fly_again")
        elif symbol in (keys.L, keys.ESCAPE):
            self.press_button("lobby")
        elif symbol == keys.K:
            self.app.show_keys()
        return None

    def draw_canvas(self) -> None:
        s = self.app.session
        result = self.result
        if result is None:
            self.title("Results", "Waiting for the host's verdict...")
            return
        landed = result.success
        self.labels.draw(
            "headline",
            headline(self.game, result),
            40,
            660,
            size=36,
            bold=True,
            colour=palette.SKY_BLUE if landed else palette.VERMILLION,
        )
        # clear of the stars on the right; a long reason shrinks rather than run under them
        reason = game_says(result.said)
        size = self.labels.fitting_size(reason, 960, 20)
        self.labels.draw("reason", reason, 40, 622, size=size)
        for i in range(3):
            colour = palette.YELLOW if i < result.stars else (60, 64, 80)
            # right of the header, clear of even a long reason line
            arcade.draw_polygon_filled(star_points(1042 + i * 48, 668, 20), colour)
        self.labels.draw(
            "stars",
            tr("{0} of 3 stars").format(result.stars),
            1012,
            632,
            size=15,
            colour=palette.DIM_TEXT,
        )
        # score breakdown
        panel(30, 380, 80, 600)
        self.labels.draw("score-title", "Score", 46, 570, size=20, bold=True)
        lines = (
            [(game_says(line.said), line.text) for line in result.breakdown]
            + [(tr("Total"), f"{result.score}")]
            if result.breakdown
            else [(tr("No points this time"), ""), (tr("Total"), f"{result.score}")]
        )
        for i, (label, value) in enumerate(lines):
            y = 530 - i * 36
            bold = label == tr("Total")
            # clear of the points on the right: a long line (German) shrinks to fit
            size = self.labels.fitting_size(label, 250, 17, bold=bold)
            self.labels.draw(f"score-l-{i}", label, 46, y, size=size, bold=bold)
            self.labels.draw(f"score-v-{i}", value, 364, y, size=17, bold=bold, anchor_x="right")
        hint = self.game.hint(result) if self.game is not None else None
        self.labels.draw(
            "hint",
            tr("Try this: {0}").format(game_says(hint)) if hint else "",
            46,
            150 + 36,
            size=16,
            colour=palette.YELLOW,
            width=320,
            anchor_y="bottom",
        )
        said = facts(self.game, result)
        self.labels.draw(
            "flight-facts",
            said,
            46,
            100,
            size=self.labels.fitting_size(said, 318, 14),
            colour=palette.DIM_TEXT,
        )
        # plot
        panel(400, 900, 80, 600)
        if self.flight_log is not None and self.game is not None and self.info:
            series = self.flight_log.series()
            values = self.game.channels_of(self.info, series)
            shown = [
                (c, values[c.name]) for c in self.game.channels_for(self.info) if c.name in values
            ]
            draw_channel_plot(self.labels, series.t, shown, (450, 120, 430, 420))
        # leaderboards
        panel(920, 1260, 340, 600)
        self.labels.draw("room-title", "This round", 936, 570, size=20, bold=True)
        if not self.completed:
            self.labels.draw(
                "room-wait",
                "Waiting for the others to finish...",
                936,
                535,
                size=15,
                colour=palette.DIM_TEXT,
            )
        for i in range(8):
            text = ""
            if self.completed and i < len(self.board):
                r = self.board[i]
                text = f"{r.rank}. {r.nickname}  {r.score}"  # drawn raw: a name
                for k in range(r.stars):  # drawn as stars, right of the row
                    arcade.draw_polygon_filled(
                        star_points(1236 - k * 20, 535 - i * 25 + 7, 8), palette.YELLOW
                    )
            self.labels.draw(
                f"room-{i}",
                text,
                936,
                535 - i * 25,
                size=15,
                bold=bool(text) and self.board[i].nickname == s.nickname,
                raw=True,
            )
        panel(920, 1260, 90, 325)
        whole_class = s.lesson_board is not None  # the host's board of every room
        heading = tr("Class, this lesson") if whole_class else tr("Your rounds")
        self.labels.draw("class-title", heading, 936, 295, size=18, bold=True)
        for i, row in enumerate(s.class_board()[:7]):
            self.labels.draw(
                f"class-{i}",
                f"{row.rank}. {row.nickname}  {row.best}  ({flights_text(row.flights)})",
                936,
                262 - i * 24,
                size=14,
                bold=row.nickname == s.nickname,
                raw=True,
            )
        button = self.button("fly_again")
        if button is not None and not button.enabled:
            self.labels.draw(
                "fly-note",
                "Waits for your teacher's next round",
                1090,
                6,
                size=12,
                colour=palette.DIM_TEXT,
                anchor_x="center",
            )
        else:
            self.labels.draw("fly-note", "", 1090, 6, size=12)
        self.labels.draw(
            "lobby-note", "or press L", 760, 6, size=12, colour=palette.DIM_TEXT, anchor_x="center"
        )
        self.draw_buttons()
