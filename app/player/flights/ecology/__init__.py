"""Predator and prey's play screen: the own habitat on the phase plane (rabbits across,
foxes up) with its trail, the green target band, the equilibria the controls can reach
and the others' habitats as dots; the race (everyone's time in the band) beside it; the
two controls, grass and hunting, with their keys, and where these controls would settle
the populations. Sending the input, the countdown, the end panel and the time are every
game's :class:`app.player.views.play.GameView`.

Keys: W / S (or Up / Down) more or less grass, A / D (or Left / Right) less or more
hunting; held keys keep moving the control; Shift moves it in big steps; 0 puts both
back to the meadow's own (no hunting, grass 50 %).
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

import arcade
from pyglet.window import key as keys

from app.player import palette
from app.player.i18n import game_number, game_says, tr
from app.player.scene_draw import SceneRenderer
from app.player.ui import Labels, panel
from app.player.views.play import GameView
from game.api import Value
from game.ecology.habitat import habitat_of_info
from game.ecology.sim import IDLE
from game.ecology.spectator import (
    BACKGROUND,
    COLOURS,
    Habitant,
    Plane,
    dot_shapes,
    habitant,
    plane_shapes,
    race_shapes,
)
from game.scene import Poly, Scene, Shape

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

STEP = 0.05  # a key press moves a control this much
BIG_STEP = 0.2  # with Shift
HOLD_TICKS = 8  # fixed updates (30 Hz) a key is held before it repeats
REPEAT = 0.02  # per fixed update while held: 0.6 a second
TRAIL = 900  # own positions kept for the trail (30 s of snapshots)
PLANE_W, PLANE_H = 1000.0, 860.0  # the plane scene's own units
PLANE_BOX = (110.0, 80.0, 980.0, 840.0)
RACE_W, RACE_H = 330.0, 500.0
UP = {keys.W: ("food", 1), keys.UP: ("food", 1), keys.S: ("food", -1), keys.DOWN: ("food", -1)}
UP.update(
    {
        keys.D: ("hunting", 1),
        keys.RIGHT: ("hunting", 1),
        keys.A: ("hunting", -1),
        keys.LEFT: ("hunting", -1),
    }
)


class FlightView(GameView):
    def __init__(self, app: PlayerWindow) -> None:
        super().__init__(app)
        self.habitat = habitat_of_info(self.info)
        self.plane = Plane.of(self.habitat, PLANE_BOX)
        self.hunting, self.food = float(IDLE[0]), float(IDLE[1])
        self.held: dict[int, int] = {}  # key -> fixed updates held
        self.trail: deque[tuple[float, float]] = deque(maxlen=TRAIL)
        self.plane_renderer = SceneRenderer((12.0, 96.0, 640.0, 540.0))
        self.race_renderer = SceneRenderer((660.0, 96.0, RACE_W, 540.0))
        self.race_labels = Labels()
        self.seconds = float(self.info.get("seconds", self.setup.time_limit_s))

    # -- controls --------------------------------------------------------------------------
    def nudge(self, control: str, amount: float) -> None:
        if not self.app.session.can_play():
            return
        if control == "food":
            self.food = round(min(1.0, max(0.0, self.food + amount)), 3)
        else:
            self.hunting = round(min(1.0, max(0.0, self.hunting + amount)), 3)

    def on_key_press(self, symbol: int, modifiers: int) -> bool | None:
        if symbol in UP:
            control, sign = UP[symbol]
            self.nudge(control, sign * (BIG_STEP if modifiers & keys.MOD_SHIFT else STEP))
            self.held[symbol] = 0
            return True
        if symbol in (keys._0, keys.NUM_0) and self.app.session.can_play():
            self.hunting, self.food = float(IDLE[0]), float(IDLE[1])
            return True
        return None

    def on_key_release(self, symbol: int, modifiers: int) -> bool | None:
        self.held.pop(symbol, None)
        return None

    def on_fixed_update(self, delta_time: float) -> None:
        for symbol in list(self.held):
            self.held[symbol] += 1
            if self.held[symbol] > HOLD_TICKS:
                control, sign = UP[symbol]
                self.nudge(control, sign * REPEAT)
        super().on_fixed_update(delta_time)

    def sample_input(self) -> tuple[Value, ...] | None:
        return (self.hunting, self.food)

    # -- the own habitat -------------------------------------------------------------------
    def own(self) -> Habitant | None:
        s = self.app.session
        row = s.own_snapshot
        if row is None or s.player_id is None:
            return None
        return habitant(s.player_id, [float(v) for v in row])

    def tick(self, dt: float) -> None:
        me = self.own()
        if me is not None:
            point = (me.rabbits, me.foxes)
            if not self.trail or self.trail[-1] != point:
                self.trail.append(point)
        super().tick(dt)

    def settles_at(self) -> tuple[float, float]:
        """Where the populations would settle (the cycle's centre) with the controls now."""
        return self.habitat.rates.equilibrium_with(self.food, self.hunting)

    # -- drawing ---------------------------------------------------------------------------
    def room(self) -> list[Habitant]:
        frame = self.app.session.latest_frame()
        if frame is None:
            return []
        out = []
        for pid in frame.ids.tolist():
            row = frame.row(int(pid))
            if row is not None:
                out.append(habitant(int(pid), row.tolist()))
        return out

    def colours(self, rows: list[Habitant]) -> dict[int, str]:
        return {b.player_id: COLOURS[i % len(COLOURS)] for i, b in enumerate(rows)}

    def names(self) -> dict[int, str]:
        return {pid: m.nickname for pid, m in self.app.session.members.items()}

    def draw_world(self) -> None:
        self.app.canvas.use()
        s = self.app.session
        rows = self.room()
        colours = self.colours(rows)
        names = self.names()
        shapes: list[Shape] = plane_shapes(self.habitat, self.plane)
        if s.in_round:
            ex, ey = self.settles_at()
            (cx, cy), on = self.plane.clamp(ex, ey)
            if on:
                shapes.append(Poly(((cx - 9, cy - 9), (cx + 9, cy + 9)), "#ffffff", width=2.0))
                shapes.append(Poly(((cx - 9, cy + 9), (cx + 9, cy - 9)), "#ffffff", width=2.0))
        if len(self.trail) >= 2:
            pts = tuple(self.plane.clamp(x, y)[0] for x, y in self.trail)
            mine = colours.get(s.player_id or -1, "#ffffff")
            shapes.append(Poly(pts, mine + "aa", width=2.0))
        me = s.player_id
        for b in [b for b in rows if b.player_id != me] + [b for b in rows if b.player_id == me]:
            name = names.get(b.player_id, f"#{b.player_id}")
            shapes += dot_shapes(
                self.plane, b, colours[b.player_id], name, me=b.player_id == me, big=False
            )
        self.plane_renderer.draw(
            Scene((0.0, 0.0, PLANE_W, PLANE_H), BACKGROUND, tuple(shapes)), self.app, self.labels
        )
        race = race_shapes(
            rows, names, colours, self.seconds, box=(8.0, 8.0, RACE_W - 8.0, RACE_H - 8.0), me=me
        )
        self.race_renderer.draw(
            Scene((0.0, 0.0, RACE_W, RACE_H), "#101a14", tuple(race)), self.app, self.race_labels
        )

    def draw_canvas(self) -> None:
        s = self.app.session
        h = self.habitat
        (r0, r1), (f0, f1) = h.rabbits_band, h.foxes_band
        level = game_says(self.game.level(self.setup.level).title)
        head = tr("{0}: {1}").format(game_says(self.game.title), level)
        self.labels.draw("head", head, 24, 680, size=24, bold=True)
        self.labels.draw(
            "facts",
            tr("Keep rabbits {0}–{1} and foxes {2}–{3} · 1 s = {4} weeks").format(
                f"{r0:.0f}", f"{r1:.0f}", f"{f0:.0f}", f"{f1:.0f}", game_number(h.speed)
            ),
            24,
            650,
            size=15,
            colour=palette.DIM_TEXT,
        )
        if s.in_round:
            self._draw_controls()
            self.labels.draw(
                "help",
                "W/S or Up/Down: grass · A/D or Left/Right: hunting · Shift: big steps · "
                "0: reset. Less grass when rabbits are many, more hunting when foxes are.",
                24,
                66,
                size=13,
                colour=palette.DIM_TEXT,
                width=960,
            )
        self.draw_round_panels()

    def _gauge(self, key: str, label: str, value: float, keys_text: str, y: float) -> None:
        left, right = 1016.0, 1252.0
        self.labels.draw(
            f"{key}-label",
            tr("{0} {1} %").format(label, f"{100 * value:.0f}"),
            left,
            y,
            size=16,
            bold=True,
        )
        self.labels.draw(
            f"{key}-keys", keys_text, right, y, size=12, colour=palette.DIM_TEXT, anchor_x="right"
        )
        arcade.draw_lrbt_rectangle_filled(left, right, y - 24, y - 10, (12, 16, 32))
        arcade.draw_lrbt_rectangle_filled(
            left, left + (right - left) * value, y - 24, y - 10, palette.BLUISH_GREEN
        )
        arcade.draw_lrbt_rectangle_outline(left, right, y - 24, y - 10, palette.PANEL_EDGE, 1)

    def _draw_controls(self) -> None:
        panel(1000, 1268, 96, 548)
        h = self.habitat
        me = self.own()
        x = 1016
        self.labels.draw("side-head", "Your habitat", x, 516, size=18, bold=True)
        if me is not None:
            r_in = h.rabbits_band[0] <= me.rabbits <= h.rabbits_band[1]
            f_in = h.foxes_band[0] <= me.foxes <= h.foxes_band[1]
            self.labels.draw(
                "side-rabbits",
                tr("Rabbits {0}").format(game_number(me.rabbits, ",.0f")),
                x,
                486,
                size=16,
                colour=palette.TEXT if r_in else palette.ORANGE,
            )
            self.labels.draw(
                "side-foxes",
                tr("Foxes {0}").format(game_number(me.foxes, ",.1f")),
                x,
                462,
                size=16,
                colour=palette.TEXT if f_in else palette.ORANGE,
            )
            where = tr("In the band") if me.inside else tr("Outside the band")
            self.labels.draw(
                "side-inside",
                where,
                x,
                434,
                size=16,
                bold=True,
                colour=palette.BLUISH_GREEN if me.inside else palette.ORANGE,
            )
            need = float(self.info.get("need", 0.5)) * self.seconds
            self.labels.draw(
                "side-clock",
                tr("In band {0} s (need {1} s)").format(
                    game_number(me.in_band, ".1f"), f"{need:.0f}"
                ),
                x,
                410,
                size=13,
            )
        self._gauge("food", tr("Grass"), self.food, "W / S", 372)
        self._gauge("hunting", tr("Hunting"), self.hunting, "A / D", 318)
        ex, ey = self.settles_at()
        self.labels.draw(
            "side-settle", "These controls settle at (×):", x, 264, size=13, colour=palette.DIM_TEXT
        )
        settle = tr("{0} rabbits, {1} foxes").format(
            game_number(ex, ",.0f"), game_number(ey, ",.0f")
        )
        self.labels.draw(
            "side-settle-2",
            settle,
            x,
            242,
            size=self.labels.fitting_size(settle, 236, 15, bold=True),
            bold=True,
        )
        self.labels.draw(
            "side-tip-1", "Left alone, they cycle around", x, 200, size=12, colour=palette.DIM_TEXT
        )
        self.labels.draw(
            "side-tip-2", "that point: steer against the", x, 182, size=12, colour=palette.DIM_TEXT
        )
        self.labels.draw(
            "side-tip-3", "swing to bring them into it.", x, 164, size=12, colour=palette.DIM_TEXT
        )
        a, c = h.rates.controlled(self.food, self.hunting)
        self.labels.draw(
            "side-rates",
            tr("α·(0.5 + grass) = {0} /wk").format(game_number(a, ".3f")),
            x,
            130,
            size=12,
            colour=palette.DIM_TEXT,
        )
        self.labels.draw(
            "side-rates-2",
            tr("γ·(1 + hunting) = {0} /wk").format(game_number(c, ".3f")),
            x,
            112,
            size=12,
            colour=palette.DIM_TEXT,
        )

    def shown_text(self) -> str:
        labels = {
            **self.labels.shown(),
            **{f"r-{k}": v for k, v in self.race_labels.shown().items()},
        }
        return "\n".join(labels.values())
