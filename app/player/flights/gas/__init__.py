"""Gas laws' play screen: the own cylinder large, its particles moving (a local seeded
animation, faster when hotter), the piston, the heater's glow and the pressure gauge with
the target band; the readings and the keys on the right; the others' cylinders small
along the bottom. Sending the controls, the countdown, the end panel and the time are every
game's :class:`app.player.views.play.GameView`.

Keys: Up / W heat, Down / S cool, Left / A push the piston in, Right / D pull it out.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import arcade
from pyglet.window import key as keys

from app.player import palette
from app.player.i18n import game_number, game_says, tr
from app.player.scene_draw import SceneRenderer
from app.player.ui import Labels, panel
from app.player.views.play import GameView
from game.api import Value
from game.gas.model import BORE, Plan, plan_of
from game.gas.results import GasStatus
from game.gas.spectator import (
    SKY,
    STATUS_COLOURS,
    Cell,
    Reading,
    cylinder_shapes,
    gauge_top,
    status_words,
)
from game.scene import Label, Scene, Shape, told
from game.timestep import DT

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

MAIN = (20.0, 196.0, 964.0, 432.0)  # the own cylinder and gauge: left, bottom, width, height
SIDE = (1000.0, 1268.0, 196.0, 548.0)  # the right-hand panel under the time: l, r, b, t
STRIP = (12.0, 8.0, 1256.0, 150.0)  # the others' cylinders
HEAT_KEYS = ((keys.UP, keys.W), (keys.DOWN, keys.S))
PISTON_KEYS = ((keys.LEFT, keys.A), (keys.RIGHT, keys.D))


class FlightView(GameView):
    def __init__(self, app: PlayerWindow) -> None:
        super().__init__(app)
        self.plan = plan_of(self.info)
        self.seed = int(self.info.get("seed", 0))
        self.controls: tuple[float, float] = (0.0, 0.0)
        self.phase = 0.0  # the own particles' clock, advanced every frame by sqrt(T / 300 K)
        # when set, plays instead of the keys (demos, screenshots): reading, tick -> controls
        self.autopilot: Callable[[Reading, int], tuple[float, float]] | None = None
        self.main = SceneRenderer(MAIN)
        self.strip = SceneRenderer(STRIP)
        self.strip_labels = Labels()

    # -- input -------------------------------------------------------------------------------
    def reading(self) -> Reading | None:
        row = self.app.session.own_snapshot
        return None if row is None else Reading.of([float(v) for v in row])

    def sample_input(self) -> tuple[Value, ...] | None:
        s = self.app.session
        r = self.reading()
        if self.autopilot is not None and r is not None:
            self.controls = self.autopilot(r, s.latest_tick)
        else:
            held = self.app.held_keys
            up = any(k in held for k in HEAT_KEYS[0])
            down = any(k in held for k in HEAT_KEYS[1])
            push = any(k in held for k in PISTON_KEYS[0])
            pull = any(k in held for k in PISTON_KEYS[1])
            self.controls = (float(up) - float(down), float(pull) - float(push))
        return self.controls

    def on_fixed_update(self, delta_time: float) -> None:
        if not self.app.session.can_play():
            self.controls = (0.0, 0.0)
        super().on_fixed_update(delta_time)

    # -- per frame ---------------------------------------------------------------------------
    def tick(self, dt: float) -> None:
        r = self.reading()
        temperature = self.plan.temperature0 if r is None else r.temperature
        if self.app.session.can_play() or (r is not None and r.status == 0):
            self.phase += min(dt, 0.1) * math.sqrt(max(temperature, 1.0) / 300.0)
        super().tick(dt)

    def round_time(self) -> float:
        return max(0, self.app.session.latest_tick) * DT

    def band(self) -> tuple[float, float, float]:
        return self.plan.band(self.round_time())

    # -- drawing -----------------------------------------------------------------------------
    def draw_world(self) -> None:
        self.app.canvas.use()
        if not self.app.session.in_round:
            self._draw_room()
            return
        r = self.reading()
        if r is None:
            plan = self.plan
            r = Reading(plan.pressure0, plan.temperature0, plan.length0, 0.0, 0.0, 0.0, 0.0, 0)
        r = dataclasses.replace(r, phase=self.phase, heater=self.controls[0])
        _, _, width, height = MAIN
        cell = Cell(0.0, 0.0, width, height)
        shapes = cylinder_shapes(self.plan, self.seed, r, cell, self.round_time(), big=True)
        low, _, high = self.band()
        inside = low <= r.pressure <= high
        left = cell.gauge_box[0]
        needle_y = shapes_needle_y(cell, self.plan, r.pressure)
        shapes.append(
            Label(
                left - 10.0,
                needle_y,
                f"{r.pressure:.0f}",
                "#56b4e9" if inside else "#e69f00",
                16.0,
                anchor="right",
                offset_px=(0.0, -6.0),
                bold=True,
            )
        )
        self.main.draw(Scene((0.0, 0.0, width, height), SKY, tuple(shapes)), self.app, self.labels)
        self._draw_others()

    def _draw_others(self) -> None:
        s = self.app.session
        frame = s.latest_frame()
        if frame is None:
            return
        others = [int(i) for i in frame.ids.tolist() if int(i) != s.player_id]
        if not others:
            return
        _, _, width, height = STRIP
        shapes: list[Shape] = []
        w = width / max(4, len(others))
        t = frame.tick * DT
        for i, pid in enumerate(others):
            row = frame.row(pid)
            if row is None:
                continue
            r = Reading.of(row)
            cell = Cell(i * w + 6.0, 22.0, w - 12.0, height - 50.0)
            shapes += cylinder_shapes(self.plan, self.seed, r, cell, t, big=False, offset=pid)
            member = s.member(pid)
            name = member.nickname if member is not None else f"#{pid}"
            shapes.append(Label(cell.left + cell.width / 2, height - 20.0, name, "#ffffff", 13.0,
                                name=True, bold=True))  # fmt: skip
            low, _, high = self.plan.band(t)
            colour = STATUS_COLOURS.get(
                r.status, "#56b4e9" if low <= r.pressure <= high else "#e69f00"
            )
            shapes.append(told(cell.left + cell.width / 2, 6.0, status_words(r, self.plan, t),
                                colour, 12.0))  # fmt: skip
        self.strip.draw(
            Scene((0, 0, width, height), SKY, tuple(shapes)), self.app, self.strip_labels
        )

    def _draw_room(self) -> None:
        """Watching a round without a cylinder in it: everyone's, as the console shows them."""
        s = self.app.session
        frame = s.latest_frame()
        names = {pid: m.nickname for pid, m in s.members.items()}
        scene = self.game.scene(self.info, frame, names)
        SceneRenderer((12.0, 8.0, 976.0, 640.0)).draw(
            dataclasses.replace(scene, panel=()), self.app, self.strip_labels
        )

    def draw_canvas(self) -> None:
        s = self.app.session
        level = game_says(self.game.level(self.setup.level).title)
        head = tr("{0}: {1}").format(game_says(self.game.title), level)
        self.labels.draw("head", head, 24, 680, size=24, bold=True)
        self.labels.draw("facts", self._facts(), 24, 650, size=15, colour=palette.DIM_TEXT)
        if s.in_round:
            self._draw_side()
            self._draw_help()
        self.draw_round_panels()

    def _facts(self) -> str:
        p = self.plan
        return tr(
            "{0} particles · band ±{1} % · goal: in the band {2} % of the time · P A = N k T"
        ).format(p.particles, game_number(p.band_width / 2), game_number(p.goal))

    def _draw_side(self) -> None:
        left, right, bottom, top = SIDE
        panel(left, right, bottom, top)
        x = left + 16
        r = self.reading()
        low, _, high = self.band()
        if r is None:
            return
        inside = low <= r.pressure <= high
        where = (
            tr("in the band")
            if inside
            else tr("above the band")
            if r.pressure > high
            else tr("below the band")
        )
        colour = palette.OK if inside else palette.ORANGE
        area = 10_000.0 * BORE * r.length
        played = max(self.round_time(), DT)
        lines = [
            ("side-p", tr("Pressure {0} N/m").format(f"{r.pressure:.0f}"), 19, True, colour),
            ("side-where", where, 15, False, colour),
            (
                "side-band",
                tr("Band {0}–{1} N/m").format(f"{low:.0f}", f"{high:.0f}"),
                15,
                False,
                palette.TEXT,
            ),
            (
                "side-t",
                tr("Temperature {0} K").format(f"{r.temperature:.0f}"),
                15,
                False,
                palette.TEXT,
            ),
            ("side-a", tr("Volume (area) {0} cm²").format(f"{area:.0f}"), 15, False, palette.TEXT),
            (
                "side-in",
                tr("In the band {0} s").format(game_number(r.in_band, ".1f")),
                15,
                False,
                palette.TEXT,
            ),
            (
                "side-share",
                tr("= {0} % (goal {1} %)").format(
                    f"{min(100.0, 100.0 * r.in_band / played):.0f}", game_number(self.plan.goal)
                ),
                13,
                False,
                palette.DIM_TEXT,
            ),
        ]
        y = top - 32
        for name, text, size, bold, c in lines:
            self.labels.draw(name, text, x, y, size=size, bold=bold, colour=c)
            y -= 28 if size >= 15 else 24
        heat, piston = self.controls
        self.labels.draw("side-keys", "Keys", x, y - 4, size=15, bold=True)
        keys_lines = [
            ("key-up", tr("Up / W: heat"), heat > 0),
            ("key-down", tr("Down / S: cool"), heat < 0),
            ("key-left", tr("Left / A: piston in"), piston < 0),
            ("key-right", tr("Right / D: piston out"), piston > 0),
        ]
        y -= 30
        for name, text, on in keys_lines:
            if on:
                arcade.draw_lrbt_rectangle_filled(x - 6, right - 12, y - 6, y + 18, palette.BLUE)
            self.labels.draw(name, text, x, y, size=14, colour=palette.TEXT)
            y -= 25
        if r.status != int(GasStatus.PLAYING):
            self.labels.draw("side-keys", "", -100, -100, size=15)

    def _draw_help(self) -> None:
        r = self.reading()
        text = ""
        if r is not None and r.status == int(GasStatus.PLAYING):
            low, _, high = self.band()
            if r.pressure > high:
                text = tr("Too high: cool the gas (Down) or give it room (Right).")
            elif r.pressure < low:
                text = tr("Too low: heat the gas (Up) or squeeze it (Left).")
            else:
                text = tr(
                    "In the band: watch where it goes next. Hotter or smaller: more pressure."
                )
        self.labels.draw(
            "help", text, 502, 168, size=14, colour=palette.DIM_TEXT, anchor_x="center"
        )

    def shown_text(self) -> str:
        labels = {
            **self.labels.shown(),
            **{f"s-{k}": v for k, v in self.strip_labels.shown().items()},
        }
        return "\n".join(labels.values())


def shapes_needle_y(cell: Cell, plan: Plan, pressure: float) -> float:
    """The gauge needle's height in the cell (as the gauge draws it)."""
    _, bottom, _, top = cell.gauge_box
    full = gauge_top(plan)
    return bottom + (top - bottom) * max(0.0, min(1.0, pressure / full))
