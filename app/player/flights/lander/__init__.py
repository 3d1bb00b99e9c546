"""Lunar Lander's play screen: the world, the own lander predicted, the others
interpolated, the HUD against the landing limits. The rest (sending the controls, the
countdown, the end panel, the time) is every game's :class:`app.player.views.play.GameView`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import arcade

from app.player import palette
from app.player.characters import colour_of, draw_character
from app.player.controls import Controls, merge, sample_keys
from app.player.flights.lander.drawing import (
    Starfield,
    TerrainShapes,
    WorldCamera,
    draw_lander,
    nozzle,
)
from app.player.flights.lander.hud import limits_line, readings
from app.player.i18n import game_number, tr
from app.player.palette import RGB
from app.player.particles import DEBRIS, DUST, EXHAUST, SPARK, Particles
from app.player.scene_draw import CHAR_W, place_names
from app.player.ui import panel
from app.player.views.play import GameView
from game.api import Value
from game.lander import LanderArrays, LanderState, LanderStatus, Terrain
from game.lander.definition import arrays_of, round_config, state_of
from game.lander.terrain import generate_terrain

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

DUST_ALTITUDE = 18.0  # m: the exhaust raises dust below this


def altitude_of(state: LanderState, terrain: Terrain, foot_depth: float) -> float:
    """Feet above the ground straight below, in metres (0 on the ground)."""
    ground = float(terrain.height_at(state.x))
    return max(0.0, state.y - foot_depth * math.cos(state.angle) - ground)


class FlightView(GameView):
    def __init__(self, app: PlayerWindow) -> None:
        super().__init__(app)
        self.config = round_config(self.setup)
        self.terrain = generate_terrain(self.config.seed, self.config.world)
        self.spec = self.config.world.lander
        self.limits = self.config.world.limits
        self.shapes = TerrainShapes(self.terrain)
        self.stars = Starfield()
        self.cam = WorldCamera(x=self.terrain.width / 2, y=200.0, height=300.0)
        self.particles = Particles(seed=self.config.seed)
        self._status: dict[int, int] = {}
        self.controls = Controls(0.0, 0.0, False)
        self.own: LanderState | None = None
        # when set, flies instead of the keys (demos, screenshots): state, tick -> controls
        self.autopilot: Callable[[LanderState, int], Controls] | None = None
        self.others: LanderArrays | None = None

    # -- input -------------------------------------------------------------------------------
    def sample_input(self) -> tuple[Value, ...] | None:
        s = self.app.session
        own = s.own_snapshot
        if self.autopilot is not None and own is not None:
            self.controls = self.autopilot(state_of(own), s.latest_tick)
        else:
            keyboard = sample_keys(self.app.held_keys, self.app.keymap)
            self.controls = merge(keyboard, self.app.gamepad.sample())
        c = self.controls
        return (c.thrust, c.rotation, c.abort)

    def on_fixed_update(self, delta_time: float) -> None:
        if not self.app.session.can_play():
            self.controls = Controls(0.0, 0.0, False)
        super().on_fixed_update(delta_time)

    def send_controls(self, c: Controls) -> bool:
        """Predict and send ``c`` if it changed or the keepalive is due; True when sent."""
        return self.send_input((c.thrust, c.rotation, c.abort))

    # -- per frame ---------------------------------------------------------------------------
    def tick(self, dt: float) -> None:
        s = self.app.session
        s.rtt = self.app.net.rtt
        row = s.own_display()
        self.own = None if row is None else state_of(row)
        if self.own is not None:
            alt = altitude_of(self.own, self.terrain, self.spec.foot_depth)
            ground = float(self.terrain.height_at(self.own.x))
            self.cam.follow(self.own.x, self.own.y, alt, ground, dt)
            self._effects(s.player_id or -1, self.own, alt, dt)
            flying = self.own.status is LanderStatus.FLYING
            self.app.sound.set_thrust(self.own.throttle if flying else 0.0)
        frame = s.others()
        others = self.others = None if frame is None else arrays_of(frame)
        if others is not None:
            for i in range(len(others)):
                st = others.state(i)
                alt = altitude_of(st, self.terrain, self.spec.foot_depth)
                self._effects(int(others.ids[i]), st, alt, dt)
            if self.own is None and len(others):  # spectating: follow someone
                st = others.state(0)
                alt = altitude_of(st, self.terrain, self.spec.foot_depth)
                self.cam.follow(st.x, st.y, alt, float(self.terrain.height_at(st.x)), dt)
        self.particles.update(dt, self.config.params.gravity)
        super().tick(dt)

    def _effects(self, lander_id: int, st: LanderState, altitude: float, dt: float) -> None:
        before = self._status.get(lander_id)
        now = int(st.status)
        self._status[lander_id] = now
        if before == int(LanderStatus.FLYING) and st.status is LanderStatus.CRASHED:
            self.particles.emit(
                DEBRIS, 60, st.x, st.y, vx=st.vx * 0.3, vy=4.0, spread=6.0, life=2.5
            )
            self.particles.emit(SPARK, 40, st.x, st.y, vy=3.0, spread=8.0, life=0.8)
            self.particles.emit(DUST, 80, st.x, st.y - self.spec.foot_depth, spread=5.0, life=2.0)
        elif before == int(LanderStatus.FLYING) and st.status is LanderStatus.LANDED:
            self.particles.emit(DUST, 40, st.x, st.y - self.spec.foot_depth, spread=3.0, life=1.5)
        if st.status is not LanderStatus.FLYING or st.throttle <= 0.05:
            return
        nx, ny, dx, dy = nozzle(self.spec, st.x, st.y, st.angle)
        n = max(1, round(st.throttle * 90 * dt))
        self.particles.emit(
            EXHAUST, n, nx, ny, vx=dx * 14 + st.vx, vy=dy * 14 + st.vy, spread=1.5, life=0.35
        )
        if altitude < DUST_ALTITUDE:
            ground = float(self.terrain.height_at(st.x))
            strength = st.throttle * (1.0 - altitude / DUST_ALTITUDE)
            k = max(0, round(strength * 140 * dt))
            for side in (-1.0, 1.0):
                self.particles.emit(
                    DUST, k, st.x, ground + 0.3, vx=side * 9.0, vy=1.5, spread=2.0, life=1.2
                )

    # -- drawing -----------------------------------------------------------------------------
    def draw_world(self) -> None:
        self.app.canvas.use()
        self.stars.draw()
        self.cam.camera(self.app.box).use()
        self.shapes.draw()
        s = self.app.session
        flicker = 0.85 + 0.15 * math.sin(self.elapsed * 40.0)
        others = self.others
        if others is not None:
            for i in range(len(others)):
                x, y = float(others.xy[i, 0]), float(others.xy[i, 1])
                if not self.cam.visible(x, y, 10.0):
                    continue
                member = s.member(int(others.ids[i]))
                colour = colour_of(member.character if member else 0)
                status = int(others.status[i])
                draw_lander(
                    self.spec,
                    x,
                    y,
                    float(others.angle[i]),
                    float(others.throttle[i]),
                    colour,
                    flicker=flicker,
                    scale=self.cam.lander_scale,
                    crashed=status == LanderStatus.CRASHED,
                )
        if self.own is not None:
            draw_lander(
                self.spec,
                self.own.x,
                self.own.y,
                self.own.angle,
                self.own.throttle,
                colour_of(s.character),
                flicker=flicker,
                scale=self.cam.lander_scale,
                crashed=self.own.status is LanderStatus.CRASHED,
            )
        self.particles.draw()

    def draw_canvas(self) -> None:
        self._draw_names()
        self._draw_pad_labels()
        self._draw_hud()
        self.draw_round_panels()

    def _draw_names(self) -> None:
        """Each lander's nickname above it; names of landers close together are moved up
        until none overlaps another (your own name is placed first and never moves)."""
        s = self.app.session
        # (label name, text, canvas x, canvas y, size, bold, colour)
        wanted: list[tuple[str, str, float, float, float, bool, RGB]] = []
        if self.own is not None:
            cx, cy = self.cam.to_canvas(self.own.x, self.own.y + 4.0)
            mine = tr("{0} (you)").format(s.nickname)
            wanted.append(("name-me", mine, cx, cy, 16, True, colour_of(s.character)))
        others = self.others
        if others is not None:
            for i in range(len(others)):
                x, y = float(others.xy[i, 0]), float(others.xy[i, 1])
                member = s.member(int(others.ids[i]))
                if member is None or not self.cam.visible(x, y):
                    continue
                cx, cy = self.cam.to_canvas(x, y + 4.0)
                name = f"name-{len(wanted) - (self.own is not None)}"
                colour = colour_of(member.character)
                wanted.append((name, member.nickname, cx, cy, 15, False, colour))
        boxes = [
            (x, y, CHAR_W * size * len(text), size * 1.4) for _, text, x, y, size, _, _ in wanted
        ]
        for (name, text, x, _, size, bold, colour), y in zip(
            wanted, place_names(boxes), strict=True
        ):
            self.labels.draw(
                name, text, x, y, size=size, bold=bold, anchor_x="center", colour=colour
            )
        shown = len(wanted) - (self.own is not None)
        for i in range(shown, 8):
            self.labels.draw(f"name-{i}", "", -100, -100, size=15)
        if self.own is None:
            self.labels.draw("name-me", "", -100, -100, size=16, bold=True)

    def _draw_pad_labels(self) -> None:
        for pad in self.terrain.pads:
            if not self.cam.visible(pad.centre, pad.y, 20.0):
                self.labels.draw(f"pad-{pad.id}", "", -100, -100, size=16)
                continue
            cx, cy = self.cam.to_canvas(pad.centre, pad.y)
            self.labels.draw(
                f"pad-{pad.id}",
                f"×{pad.multiplier:g}",
                cx,
                cy - 26,
                size=16,
                bold=True,
                anchor_x="center",
                colour=palette.PAD,
            )

    def _draw_hud(self) -> None:
        s = self.app.session
        panel(12, 462, 470, 708)
        own = self.own
        if own is not None:
            alt = altitude_of(own, self.terrain, self.spec.foot_depth)
            for i, r in enumerate(readings(own, alt, self.limits)):
                y = 680 - i * 40
                size = self.labels.fitting_size(r.label, 138, 15)  # clear of the value
                self.labels.draw(
                    f"hud-l-{r.key}", r.label, 26, y, size=size, colour=palette.DIM_TEXT
                )
                self.labels.draw(
                    f"hud-v-{r.key}", r.value, 170, y, size=15, bold=True, colour=r.level.colour
                )
                self.labels.draw(
                    f"hud-w-{r.key}",
                    r.word,
                    448,
                    y,
                    size=13,
                    bold=True,
                    colour=r.level.colour,
                    anchor_x="right",
                )
            fuel = own.fuel
            capacity = max(1e-6, self.config.params.fuel)
            frac = max(0.0, min(1.0, fuel / capacity))
            self.labels.draw(
                "hud-fuel",
                tr("Fuel {0} kg").format(game_number(fuel, "5.1f")),
                26,
                508,
                size=15,
                colour=palette.DIM_TEXT,
            )
            arcade.draw_lrbt_rectangle_filled(
                178, 178 + 180 * frac, 500, 522, palette.OK if frac > 0.2 else palette.DANGER
            )
            arcade.draw_lrbt_rectangle_outline(178, 358, 500, 522, palette.PANEL_EDGE, 2)
        self.labels.draw(
            "hud-limits", limits_line(self.limits), 22, 478, size=11, colour=palette.DIM_TEXT
        )
        draw_character(s.character, 1230, 640, 60)
        if s.can_fly() and own is not None and own.status is LanderStatus.FLYING:
            keys = self.app.keymap
            self.labels.draw(
                "hud-keys",
                tr("{0}: thrust   {1} / {2}: turn   {3}: abort").format(
                    keys.describe("thrust"),
                    keys.describe("left"),
                    keys.describe("right"),
                    keys.describe("abort"),
                ),
                640,
                14,
                size=13,
                colour=palette.DIM_TEXT,
                anchor_x="center",
            )
