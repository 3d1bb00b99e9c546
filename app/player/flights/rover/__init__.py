"""Rover program's play screen: the map with the rover and the goal on the left, the
program listing with its cursor in the middle, the block palette and the run's numbers on
the right, the others' maps along the bottom. A run is shown step by step: the rover moves
on the map, its trail stays, the line that acted is lit in the listing. Sending the
actions, the countdown, the end panel and the time are every game's
:class:`app.player.views.play.GameView`.

Keys: Up/Down move the cursor; M move, L turn left, R turn right, P repeat, I if, W while
insert a block at the cursor; 2..9 set a repeat's count and C switch a sensor (on the
cursor's line, or for the next block); Delete removes the block on the cursor's line
(Backspace the one above); Enter runs, S stops the run; Shift+Delete clears the program.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING

import arcade
from pyglet.window import key as keys

from app.player import palette
from app.player.i18n import game_says, tr
from app.player.scene_draw import SceneRenderer
from app.player.ui import Labels, panel
from app.player.views.play import GameView
from game.api import Value
from game.rover.grid import Grid
from game.rover.interpreter import Run, run
from game.rover.program import (
    IF_GOAL,
    IF_WALL,
    REFUSAL_WORDS,
    REPEAT_BASE,
    WHILE_NOT_GOAL,
    WHILE_PATH,
    WORDS,
    Block,
    Edited,
    Refusal,
    condition_words,
    delete,
    depths,
    insert,
    length,
    line_words,
    set_arg,
    unpack,
)
from game.rover.results import RoverStatus
from game.rover.sim import CLEAR, DELETE, FIELDS, INSERT, RUN, RUNNING, SET, STOP
from game.rover.spectator import (
    BACKGROUND,
    STATUS_COLOURS,
    Box,
    Rover,
    grid_of,
    map_shapes,
    rover_of,
    rover_shapes,
    status_words,
)
from game.scene import Dot, Label, Poly, Scene, Shape, told

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

MAP = (20.0, 180.0, 520.0, 440.0)  # the own map: left, bottom, width, height
LISTING = (556.0, 984.0, 180.0, 628.0)  # the listing panel: left, right, bottom, top
SIDE = (1000.0, 1268.0, 180.0, 548.0)  # the palette under the time: l, r, b, t
STRIP = (12.0, 8.0, 1256.0, 160.0)  # the others' maps
LINE_H = 21.0
VISIBLE_LINES = 19
SYNC_AFTER_S = 1.0  # with no edit this long, the host's program replaces the shown one
MAX_QUEUE = 64
TRAIL = "#56b4e9"
PALETTE = (  # the block keys and their names (drawn in the player's language)
    ("M", "move"),
    ("L", "turn left"),
    ("R", "turn right"),
    ("P", "repeat"),
    ("I", "if"),
    ("W", "while"),
)


class FlightView(GameView):
    def __init__(self, app: PlayerWindow) -> None:
        super().__init__(app)
        self.grid: Grid = grid_of(self.info)
        self.max_blocks = int(self.info.get("max_blocks", 20))
        self.step_limit = int(self.info.get("step_limit", 60))
        self.queue: deque[tuple[int, int, int, int]] = deque(maxlen=MAX_QUEUE)
        self.local: tuple[int, ...] = ()
        self.cursor = 0
        self.count = 3  # the next repeat's count
        self.if_cond = 0
        self.while_cond = 1
        self.note = ""
        self.last_edit = 0.0
        self.refusals_seen = 0
        self.trace: Run | None = None
        self.trace_runs = -1
        left, bottom, width, height = MAP
        self.map_box = Box(0.0, 0.0, width, height, self.grid.width, self.grid.height)
        self.main = SceneRenderer((left, bottom, width, height))
        self.strip = SceneRenderer(STRIP)
        self.strip_labels = Labels()

    # -- the own state --------------------------------------------------------------------
    def own_row(self) -> list[float] | None:
        row = self.app.session.own_snapshot
        return None if row is None else [float(v) for v in row]

    def value(self, name: str, default: float = 0.0) -> float:
        row = self.own_row()
        return default if row is None else row[FIELDS.index(name)]

    def host_tokens(self) -> tuple[int, ...]:
        row = self.own_row()
        if row is None:
            return ()
        return unpack([round(row[FIELDS.index(f"program{i}")]) for i in range(WORDS)])

    def running(self) -> bool:
        return round(self.value("stage")) == RUNNING

    def status(self) -> int:
        return round(self.value("status"))

    def editing(self) -> bool:
        s = self.app.session
        return s.can_play() and not self.running() and self.status() == 0

    def tokens(self) -> tuple[int, ...]:
        """The program as shown: the own edits at once, the host's once they settle."""
        if not self.queue and time.monotonic() - self.last_edit > SYNC_AFTER_S:
            self.local = self.host_tokens()
        return self.local

    # -- edits ----------------------------------------------------------------------------
    def edit(self, action: int, block: int, pos: int, arg: int, edited: Edited) -> None:
        """Check an edit here (the host checks it again) and send it when it fits."""
        if not self.app.session.can_play():
            return
        if self.running():
            self.note = game_says(REFUSAL_WORDS[Refusal.RUNNING])
            return
        if not edited.ok:
            self.note = game_says(edited.said)
            self.app.sound.play("beep", 0.15)
            return
        self.local = edited.tokens
        self.queue.append((action, block, pos, arg))
        self.last_edit = time.monotonic()
        self.note = ""
        self.app.sound.play("beep", 0.25)

    def add(self, block: Block) -> None:
        tokens = self.tokens()
        pos = min(self.cursor, len(tokens))
        arg = {
            Block.REPEAT: self.count,
            Block.IF: self.if_cond,
            Block.WHILE: self.while_cond,
        }.get(block, 0)
        edited = insert(tokens, pos, int(block), arg, max_blocks=self.max_blocks)
        self.edit(INSERT, int(block), pos, arg, edited)
        if edited.ok:
            self.cursor = pos + 1

    def remove(self, line: int) -> None:
        tokens = self.tokens()
        edited = delete(tokens, line)
        self.edit(DELETE, 0, max(0, line), 0, edited)
        if edited.ok:
            self.cursor = min(max(0, line), len(edited.tokens))

    def set_count(self, n: int) -> None:
        tokens = self.tokens()
        line = self.cursor
        if line < len(tokens) and REPEAT_BASE <= tokens[line] < IF_WALL:
            self.edit(SET, 0, line, n, set_arg(tokens, line, n))
        else:
            self.count = n
            self.note = tr("the next repeat runs {0} times").format(n)

    def switch_sensor(self) -> None:
        tokens = self.tokens()
        line = self.cursor
        t = tokens[line] if line < len(tokens) else 0
        if t in (IF_WALL, IF_GOAL):
            self.edit(SET, 0, line, 1 - (t - IF_WALL), set_arg(tokens, line, 1 - (t - IF_WALL)))
        elif t in (WHILE_PATH, WHILE_NOT_GOAL):
            arg = 1 - (t - WHILE_PATH)
            self.edit(SET, 0, line, arg, set_arg(tokens, line, arg))
        else:
            self.if_cond = 1 - self.if_cond
            self.while_cond = 1 - self.while_cond
            self.note = tr("next: if {0}, while {1}").format(
                game_says(condition_words(Block.IF, self.if_cond)),
                game_says(condition_words(Block.WHILE, self.while_cond)),
            )

    def start_run(self) -> None:
        if not self.app.session.can_play() or self.status() != 0:
            return
        if self.running():
            self.note = tr("the rover is running: S stops it")
            return
        if not self.tokens():
            self.note = game_says(REFUSAL_WORDS[Refusal.EMPTY])
            return
        self.queue.append((RUN, 0, 0, 0))
        self.last_edit = time.monotonic()
        self.note = ""

    def stop_run(self) -> None:
        if self.running():
            self.queue.append((STOP, 0, 0, 0))

    def clear_program(self) -> None:
        if self.tokens():
            self.edit(CLEAR, 0, 0, 0, Edited(()))
            self.cursor = 0

    def sample_input(self) -> tuple[Value, ...] | None:
        if not self.queue:
            return None
        return self.queue.popleft()

    # -- keys -----------------------------------------------------------------------------
    def on_key_press(self, symbol: int, modifiers: int) -> bool | None:
        n = len(self.tokens())
        if symbol == keys.UP:
            self.cursor = max(0, self.cursor - 1)
        elif symbol == keys.DOWN:
            self.cursor = min(n, self.cursor + 1)
        elif symbol == keys.HOME:
            self.cursor = 0
        elif symbol == keys.END:
            self.cursor = n
        elif symbol == keys.M:
            self.add(Block.MOVE)
        elif symbol == keys.L:
            self.add(Block.LEFT)
        elif symbol == keys.R:
            self.add(Block.RIGHT)
        elif symbol == keys.P:
            self.add(Block.REPEAT)
        elif symbol == keys.I:
            self.add(Block.IF)
        elif symbol == keys.W:
            self.add(Block.WHILE)
        elif symbol == keys.C:
            self.switch_sensor()
        elif keys._2 <= symbol <= keys._9:
            self.set_count(symbol - keys._0)
        elif keys.NUM_2 <= symbol <= keys.NUM_9:
            self.set_count(symbol - keys.NUM_0)
        elif symbol == keys.DELETE and modifiers & keys.MOD_SHIFT:
            self.clear_program()
        elif symbol == keys.DELETE:
            self.remove(self.cursor)
        elif symbol == keys.BACKSPACE:
            self.remove(self.cursor - 1)
        elif symbol in (keys.ENTER, keys.RETURN):
            self.start_run()
        elif symbol in (keys.S, keys.ESCAPE):
            self.stop_run()
        return None

    # -- per frame ------------------------------------------------------------------------
    def tick(self, dt: float) -> None:
        refusals = round(self.value("refusals"))
        if refusals > self.refusals_seen:
            self.refusals_seen = refusals
            why = Refusal(round(self.value("refused")))
            if why is not Refusal.NONE:
                self.note = tr("host: {0}").format(game_says(REFUSAL_WORDS[why]))
        runs = round(self.value("runs"))
        if self.running() and runs != self.trace_runs:
            self.trace_runs = runs
            self.trace = run(self.host_tokens(), self.grid, self.step_limit)
        self.cursor = min(self.cursor, len(self.tokens()))
        super().tick(dt)

    def own_rover(self) -> Rover | None:
        row = self.own_row()
        return None if row is None else rover_of(row)

    # -- drawing --------------------------------------------------------------------------
    def draw_world(self) -> None:
        self.app.canvas.use()
        s = self.app.session
        if not s.in_round:
            self._draw_room()
            return
        rover = self.own_rover()
        if rover is None:
            rover = Rover(*self.grid.start, self.grid.heading, 0, 0, 0, 0, 0, 0, 0)
        shapes: list[Shape] = map_shapes(self.grid, self.map_box, None, big=True)
        shapes += self._trail(rover)
        shapes += rover_shapes(self.map_box, rover)
        _, _, width, height = MAP
        scene = Scene((0.0, 0.0, width, height), BACKGROUND, tuple(shapes))
        self.main.draw(scene, self.app, self.labels)
        self._draw_others()

    def _trail(self, rover: Rover) -> list[Shape]:
        """The run's path so far (worked out here from the same program and interpreter)."""
        r = self.trace
        if r is None or rover.step <= 0 or (rover.runs != self.trace_runs):
            return []
        steps = r.trace[: rover.step + 1]
        pts = tuple(self.map_box.centre(st.x, st.y) for st in steps)
        out: list[Shape] = []
        if len(pts) > 1:
            out.append(Poly(pts, TRAIL + "aa", width=3.0))
        for st in steps:
            if st.bumped:
                x, y = self.map_box.centre(st.x, st.y)
                out.append(Dot(x, y, self.map_box.size * 0.4, None, "#d55e00", 4.0))
        return out

    def _draw_others(self) -> None:
        s = self.app.session
        frame = s.latest_frame()
        if frame is None:
            return
        others = [int(i) for i in frame.ids.tolist() if int(i) != s.player_id]
        if not others:
            return
        _, _, width, height = STRIP
        w = width / max(4, len(others))
        shapes: list[Shape] = []
        for i, pid in enumerate(others):
            row = frame.row(pid)
            if row is None:
                continue
            r = rover_of(row)
            box = Box(i * w + 6, 26.0, w - 12, height - 52, self.grid.width, self.grid.height)
            shapes += map_shapes(self.grid, box, r, big=False)
            member = s.member(pid)
            name = member.nickname if member is not None else f"#{pid}"
            cx = box.left + box.width / 2
            shapes.append(Label(cx, height - 18, name, "#ffffff", 13.0, name=True, bold=True))
            colour = STATUS_COLOURS.get(r.status, "#c8cde0")
            shapes.append(told(cx, 8.0, status_words(r, short=True), colour, 11.0))
        self.strip.draw(
            Scene((0, 0, width, height), BACKGROUND, tuple(shapes)), self.app, self.strip_labels
        )

    def _draw_room(self) -> None:
        s = self.app.session
        frame = s.latest_frame()
        names = {pid: m.nickname for pid, m in s.members.items()}
        scene = self.game.scene(self.info, frame, names)
        SceneRenderer((12.0, 8.0, 976.0, 640.0)).draw(
            Scene(scene.view, scene.background, scene.shapes), self.app, self.strip_labels
        )

    def draw_canvas(self) -> None:
        s = self.app.session
        level = game_says(self.game.level(self.setup.level).title)
        head = tr("{0}: {1}").format(game_says(self.game.title), level)
        self.labels.draw("head", head, 24, 680, size=24, bold=True)
        facts = tr(
            "block limit {0} · step limit {1} · bump −{2} points · shortest known {3} blocks"
        ).format(
            self.max_blocks,
            self.step_limit,
            self.info.get("bump_penalty", 0),
            self.info.get("shortest_blocks", "?"),
        )
        self.labels.draw("facts", facts, 24, 650, size=15, colour=palette.DIM_TEXT)
        if s.in_round:
            self._draw_listing()
            self._draw_side()
            self._draw_help()
        self.draw_round_panels()

    def _draw_listing(self) -> None:
        left, right, bottom, top = LISTING
        panel(left, right, bottom, top)
        tokens = self.tokens()
        blocks = length(tokens)
        head_colour = palette.DANGER if blocks > self.max_blocks else palette.TEXT
        self.labels.draw(
            "list-head",
            tr("Program · {0} of {1} blocks").format(blocks, self.max_blocks),
            left + 14,
            top - 28,
            size=17,
            bold=True,
            colour=head_colour,
        )
        acting = round(self.value("line", -1)) if self.running() else -1
        first = max(0, min(self.cursor - VISIBLE_LINES + 2, len(tokens) + 1 - VISIBLE_LINES))
        ind = depths(tokens)
        y0 = top - 62
        for k in range(VISIBLE_LINES):
            i = first + k
            y = y0 - k * LINE_H
            name = f"line-{k}"
            if i > len(tokens):
                self.labels.draw(name, "", -100, -100, size=14)
                continue
            if i == self.cursor and self.editing():
                arcade.draw_lrbt_rectangle_filled(
                    left + 6, right - 6, y - 5, y + LINE_H - 5, (*palette.SKY_BLUE, 60)
                )
            if i == acting:
                arcade.draw_lrbt_rectangle_filled(
                    left + 6, right - 6, y - 5, y + LINE_H - 5, (*palette.YELLOW, 90)
                )
            if i == len(tokens):
                line = "▸ " + tr("(end: new blocks go here)") if i == self.cursor else ""
                self.labels.draw(name, line, left + 14, y, size=13, colour=palette.DIM_TEXT)
                continue
            mark = "▸" if i == self.cursor and self.editing() else " "
            said = game_says(line_words(tokens[i]))
            words = f"{mark}{i + 1:>3}  {'    ' * ind[i]}{said}"
            self.labels.draw(name, words, left + 14, y, size=14, colour=palette.TEXT)
        if not tokens:
            self.labels.draw(
                "list-empty",
                "Empty: press M, L, R, P, I or W to add a block.",
                left + 14,
                bottom + 16,
                size=13,
                colour=palette.CAUTION,
            )
        else:
            self.labels.draw("list-empty", "", -100, -100, size=13)

    def _draw_side(self) -> None:
        left, right, bottom, top = SIDE
        panel(left, right, bottom, top)
        x = left + 14
        self.labels.draw("side-head", "Blocks (keys)", x, top - 28, size=17, bold=True)
        for i, (k, words) in enumerate(PALETTE):
            extra = ""
            if k == "P":
                extra = f" ×{self.count}"
            elif k == "I":
                extra = ": " + game_says(condition_words(Block.IF, self.if_cond))
            elif k == "W":
                extra = ": " + game_says(condition_words(Block.WHILE, self.while_cond))
            label = f"{k}  {tr(words)}{extra}"
            self.labels.draw(f"pal-{i}", label, x, top - 56 - i * 22, size=14)
        self.labels.draw(
            "pal-keys",
            "2-9 count · C sensor",
            x,
            top - 56 - 6 * 22 - 4,
            size=12,
            colour=palette.DIM_TEXT,
        )
        rover = self.own_rover()
        y = top - 232
        if rover is not None:
            state = tr("Rover running") if rover.stage == RUNNING else tr("Rover writing")
            if rover.status == int(RoverStatus.REACHED):
                state = tr("Rover at the goal")
            elif rover.status != 0:
                state = tr("Rover: round over")
            lines = [
                (state, palette.TEXT),
                (
                    tr("run {0} · step {1} of {2}").format(
                        max(1, rover.runs) if rover.runs else 0, rover.step, self.step_limit
                    ),
                    palette.TEXT,
                ),
                (
                    tr("bumps {0} · {1} cells to go").format(rover.bumps, rover.distance),
                    palette.DANGER if rover.bumps else palette.DIM_TEXT,
                ),
            ]
            for i, (words, colour) in enumerate(lines):
                self.labels.draw(
                    f"state-{i}", words, x, y - i * 22, size=15 if i == 0 else 13,
                    bold=i == 0, colour=colour,
                )  # fmt: skip
        key = tr("Enter: run") if not self.running() else tr("S: stop the run")
        self.labels.draw("side-run", key, x, bottom + 50, size=16, bold=True, colour=palette.OK)
        self.labels.draw(
            "side-note", self.note, x, bottom + 30, size=12, colour=palette.CAUTION, width=240
        )

    def _draw_help(self) -> None:
        if self.editing():
            words = tr(
                "↑↓ cursor · M move · L/R turn · P repeat · I if · W while · Del delete · Enter run"
            )
        elif self.running():
            words = tr("Watch the rover: the lit line made the last step.")
        else:
            words = ""
        self.labels.draw(
            "help", words, 502, 166, size=13, colour=palette.DIM_TEXT, anchor_x="center"
        )

    def shown_text(self) -> str:
        labels = {
            **self.labels.shown(),
            **{f"s-{k}": v for k, v in self.strip_labels.shown().items()},
        }
        return "\n".join(labels.values())
