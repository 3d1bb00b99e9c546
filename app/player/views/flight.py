"""Flight: the world, the own lander predicted, the others interpolated, the HUD.

Controls are sampled in ``on_fixed_update`` (the window's fixed rate is 30 Hz, the host's
input limit) and sent when they change, or every 200 ms to carry the acknowledgement.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import arcade

from app.player import palette
from app.player.characters import colour_of, draw_character
from app.player.controls import Controls, merge, sample_keys
from app.player.flightlog import altitude_of
from app.player.hud import format_clock, limits_line, readings
from app.player.particles import DEBRIS, DUST, EXHAUST, SPARK, Particles
from app.player.scene import Starfield, TerrainShapes, WorldCamera, draw_lander, nozzle
from app.player.session import Phase
from app.player.ui import panel
from app.player.views.base import PlayerView
from game.lander import LanderArrays, LanderState, LanderStatus

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

KEEPALIVE_TICKS = 6  # fixed updates (30 Hz) between repeated inputs: 200 ms
RESULTS_AFTER = 2.0  # s the end of the flight stays on screen before the results
DUST_ALTITUDE = 18.0  # m: the exhaust raises dust below this


class FlightView(PlayerView):
    name = "flight"

    def __init__(self, app: PlayerWindow) -> None:
        super().__init__(app)
        s = app.session
        assert s.terrain is not None and s.config is not None  # shown only once a round began
        self.terrain = s.terrain
        self.config = s.config
        self.spec = s.config.world.lander
        self.limits = s.config.world.limits
        self.shapes = TerrainShapes(s.terrain)
        self.stars = Starfield()
        self.cam = WorldCamera(x=s.terrain.width / 2, y=200.0, height=300.0)
        self.particles = Particles(seed=s.config.seed)
        self._last_sent: Controls | None = None
        self._since_sent = 0
        self.inputs_sent = 0
        self._ended_at: float | None = None
        self._status: dict[int, int] = {}
        self._last_countdown = -1
        self.controls = Controls(0.0, 0.0, False)
        self.own: LanderState | None = None
        # when set, flies instead of the keys (demos, screenshots): state, tick -> controls
        self.autopilot: Callable[[LanderState, int], Controls] | None = None
        self.others: LanderArrays | None = None

    # -- input -------------------------------------------------------------------------------
    def on_fixed_update(self, delta_time: float) -> None:
        s = self.app.session
        if not s.can_fly():
            self.controls = Controls(0.0, 0.0, False)
            return
        own = s.own_snapshot
        if self.autopilot is not None and own is not None:
            self.controls = self.autopilot(own, s.latest_tick)
        else:
            keyboard = sample_keys(self.app.held_keys, self.app.keymap)
            self.controls = merge(keyboard, self.app.gamepad.sample())
        self.send_controls(self.controls)

    def send_controls(self, c: Controls) -> bool:
        """Predict and send ``c`` if it changed or the keepalive is due; True when sent."""
        self._since_sent += 1
        if c == self._last_sent and self._since_sent < KEEPALIVE_TICKS:
            return False
        out = self.app.session.controls(c.thrust, c.rotation, c.abort)
        if out is None:
            return False
        self.app.net.send_input(out.sequence, out.thrust, out.rotation, out.abort, out.ack_tick)
        self._last_sent = c
        self._since_sent = 0
        self.inputs_sent += 1
        return True

    # -- per frame ---------------------------------------------------------------------------
    def tick(self, dt: float) -> None:
        s = self.app.session
        s.rtt = self.app.net.rtt
        self.own = s.own_display()
        if self.own is not None:
            alt = altitude_of(self.own, self.terrain, self.spec.foot_depth)
            ground = float(self.terrain.height_at(self.own.x))
            self.cam.follow(self.own.x, self.own.y, alt, ground, dt)
            self._effects(s.player_id or -1, self.own, alt, dt)
            flying = self.own.status is LanderStatus.FLYING
            self.app.sound.set_thrust(self.own.throttle if flying else 0.0)
        others = self.others = s.others()
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
        countdown = math.ceil(s.countdown_left())
        if s.phase is Phase.COUNTDOWN and countdown != self._last_countdown and countdown > 0:
            self.app.sound.play("beep")
        self._last_countdown = countdown
        if s.my_result is not None:
            if self._ended_at is None:
                self._ended_at = self.elapsed
                self.app.sound.set_thrust(0.0)
                self.app.sound.play("land" if s.my_result.outcome == "landed" else "crash")
            elif self.elapsed - self._ended_at >= RESULTS_AFTER:
                self.app.show_results()
        elif not s.in_round and s.round_completed:
            self.app.show_lobby()

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
        s = self.app.session
        self._draw_names()
        self._draw_pad_labels()
        self._draw_hud()
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
                "Watching: you fly in the next round",
                640,
                120,
                size=22,
                anchor_x="center",
                colour=palette.YELLOW,
            )
        if s.my_result is not None:
            landed = s.my_result.outcome == "landed"
            head = (
                "Landed!"
                if landed
                else "Crashed"
                if s.my_result.outcome == "crashed"
                else (s.my_result.outcome.replace("_", " ").capitalize())
            )
            panel(290, 990, 300, 440)
            self.labels.draw(
                "end-head",
                head,
                640,
                395,
                size=40,
                bold=True,
                anchor_x="center",
                colour=palette.SKY_BLUE if landed else palette.VERMILLION,
            )
            self.labels.draw("end-reason", s.my_result.reason, 640, 335, size=20, anchor_x="center")

    def _draw_names(self) -> None:
        s = self.app.session
        others = self.others
        seen = 0
        if others is not None:
            for i in range(len(others)):
                x, y = float(others.xy[i, 0]), float(others.xy[i, 1])
                member = s.member(int(others.ids[i]))
                if member is None or not self.cam.visible(x, y):
                    continue
                cx, cy = self.cam.to_canvas(x, y + 4.0)
                self.labels.draw(
                    f"name-{seen}",
                    member.nickname,
                    cx,
                    cy,
                    size=15,
                    anchor_x="center",
                    colour=colour_of(member.character),
                )
                seen += 1
        for i in range(seen, 8):
            self.labels.draw(f"name-{i}", "", -100, -100, size=15)
        if self.own is not None:
            cx, cy = self.cam.to_canvas(self.own.x, self.own.y + 4.0)
            self.labels.draw(
                "name-me",
                f"{s.nickname} (you)",
                cx,
                cy,
                size=16,
                bold=True,
                anchor_x="center",
                colour=colour_of(s.character),
            )

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
                self.labels.draw(f"hud-l-{r.key}", r.label, 26, y, size=15, colour=palette.DIM_TEXT)
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
                "hud-fuel", f"Fuel {fuel:5.1f} kg", 26, 508, size=15, colour=palette.DIM_TEXT
            )
            arcade.draw_lrbt_rectangle_filled(
                178, 178 + 180 * frac, 500, 522, palette.OK if frac > 0.2 else palette.DANGER
            )
            arcade.draw_lrbt_rectangle_outline(178, 358, 500, 522, palette.PANEL_EDGE, 2)
        self.labels.draw(
            "hud-limits", limits_line(self.limits), 22, 478, size=11, colour=palette.DIM_TEXT
        )
        panel(1000, 1268, 560, 708)
        self.labels.draw(
            "hud-time", f"Time {format_clock(s.time_left())}", 1016, 675, size=22, bold=True
        )
        board = {r.nickname: r.best for r in s.class_board()}
        self.labels.draw("hud-score", f"Best score {board.get(s.nickname, 0)}", 1016, 638, size=17)
        rtt = self.app.net.rtt
        ping = "ping -" if rtt is None else f"ping {rtt * 1000:.0f} ms"
        self.labels.draw("hud-rtt", ping, 1016, 604, size=15, colour=palette.DIM_TEXT)
        self.labels.draw(
            "hud-world",
            s.config.world.name if s.config else "",
            1016,
            575,
            size=15,
            colour=palette.DIM_TEXT,
        )
        draw_character(s.character, 1230, 640, 60)
        if s.can_fly() and own is not None and own.status is LanderStatus.FLYING:
            keys = self.app.keymap
            self.labels.draw(
                "hud-keys",
                f"{keys.describe('thrust')}: thrust   {keys.describe('left')} / "
                f"{keys.describe('right')}: turn   {keys.describe('abort')}: abort",
                640,
                14,
                size=13,
                colour=palette.DIM_TEXT,
                anchor_x="center",
            )
