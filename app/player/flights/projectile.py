"""Projectile range's play screen: the range side on with the cannon at the left, the
targets with their distances (the next one bright, the hit ones ticked), this player's
shots as arcs (the newest brightest) and the others' latest shots faintly; the angle and
speed dials on the right. Sending the actions, the countdown, the end panel and the time
are every game's :class:`app.player.views.play.GameView`.

Keys: Up / Down turn the angle, Left / Right the speed (held: they keep turning; with
Shift: fine steps), Space (or Enter) fires.
"""

from __future__ import annotations

import dataclasses
import math
from collections import deque
from typing import TYPE_CHECKING

import arcade
from pyglet.window import key as keys

from app.player import palette
from app.player.i18n import game_number, game_says, language, tr
from app.player.scene_draw import SceneRenderer
from app.player.ui import Button, Labels, panel
from app.player.views.play import GameView
from game.api import Value
from game.projectile.flight import Trajectory
from game.projectile.sim import AIM, FIRE
from game.projectile.spectator import (
    COLOURS,
    SKY,
    Gunner,
    arc_of,
    arc_points,
    cannon_shape,
    ground_shapes,
    gunner_of,
    shot_shapes,
    status_words,
    view_of,
)
from game.projectile.world import MAX_ANGLE, MAX_SPEED, MIN_ANGLE, MIN_SPEED, world_of
from game.scene import Label, Poly, Scene, Shape

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

FIELD = (12.0, 150.0, 976.0, 478.0)  # the range: left, bottom, width, height
SIDE = (1000.0, 1268.0, 12.0, 548.0)  # the dials, under the time: l, r, b, t
ANGLE_STEP, ANGLE_FINE = 1.0, 0.1  # degrees a key press turns
SPEED_STEP, SPEED_FINE = 0.5, 0.1  # m/s
REPEAT_AFTER = 0.35  # s a key is held before it repeats (each fixed update)
AIM_EVERY = 6  # fixed updates (30 Hz) between dial updates sent to the host
MAX_QUEUE = 16
OWN_ARCS = 8  # the newest own shots drawn


class FlightView(GameView):
    def __init__(self, app: PlayerWindow) -> None:
        super().__init__(app)
        self.world = world_of(self.info)
        self.angle = 45.0
        self.speed = 20.0
        self.queue: deque[tuple[Value, ...]] = deque(maxlen=MAX_QUEUE)
        self.held: dict[int, float] = {}  # key -> when pressed
        self.shift = False
        self.dials_dirty = False
        self.since_aim = AIM_EVERY
        self.fire_sent_at: int | None = None  # the shot count when Space was pressed
        self.history: list[tuple[float, float, float]] = []  # own shots: angle, speed, x
        self._seen_shots = 0
        self.note = ""
        self.field = SceneRenderer(FIELD)
        self.field_labels = Labels()
        mid = (SIDE[0] + SIDE[1]) / 2
        self.buttons = [Button("fire", "Fire (Space)", mid, 140, w=236, h=50, on_click=self.fire)]

    # -- the own row ----------------------------------------------------------------------
    def mine(self) -> Gunner | None:
        row = self.app.session.own_snapshot
        return None if row is None else gunner_of([float(v) for v in row])

    def can_fire(self) -> bool:
        g = self.mine()
        if not self.app.session.can_play():
            return False
        if g is None:
            return True
        return not g.flying and g.fired < self.world.shots and self.fire_sent_at is None

    # -- the dials ------------------------------------------------------------------------
    def turn(self, symbol: int) -> None:
        fine = self.shift
        if symbol in (keys.UP, keys.DOWN):
            step = ANGLE_FINE if fine else ANGLE_STEP
            step = step if symbol == keys.UP else -step
            self.angle = round(min(MAX_ANGLE, max(MIN_ANGLE, self.angle + step)), 1)
        elif symbol in (keys.LEFT, keys.RIGHT):
            step = SPEED_FINE if fine else SPEED_STEP
            step = step if symbol == keys.RIGHT else -step
            self.speed = round(min(MAX_SPEED, max(MIN_SPEED, self.speed + step)), 1)
        else:
            return
        self.dials_dirty = True
        self.note = ""

    def fire(self) -> None:
        if not self.app.session.can_play():
            return
        g = self.mine()
        if (g is not None and g.flying) or self.fire_sent_at is not None:
            self.note = tr("Wait: one shell in the air at a time.")
            return
        if g is not None and g.fired >= self.world.shots:
            self.note = tr("No shots left.")
            return
        self.queue.append((FIRE, self.angle, self.speed))
        self.fire_sent_at = 0 if g is None else g.fired
        self.dials_dirty = False
        self.note = ""
        self.app.sound.play("beep", 0.4)

    def sample_input(self) -> tuple[Value, ...] | None:
        self.since_aim += 1
        if self.queue:
            return self.queue.popleft()
        if self.dials_dirty and self.since_aim >= AIM_EVERY:
            self.dials_dirty = False
            self.since_aim = 0
            return (AIM, self.angle, self.speed)
        return None

    def on_fixed_update(self, delta_time: float) -> None:
        now = self.elapsed
        for symbol, since in list(self.held.items()):
            if now - since >= REPEAT_AFTER:
                self.turn(symbol)
        super().on_fixed_update(delta_time)

    def on_key_press(self, symbol: int, modifiers: int) -> bool | None:
        self.shift = bool(modifiers & keys.MOD_SHIFT)
        if symbol in (keys.UP, keys.DOWN, keys.LEFT, keys.RIGHT):
            self.turn(symbol)
            self.held[symbol] = self.elapsed
            return True
        if symbol in (keys.SPACE, keys.ENTER, keys.RETURN):
            self.fire()
            return True
        return None

    def on_key_release(self, symbol: int, modifiers: int) -> bool | None:
        self.shift = bool(modifiers & keys.MOD_SHIFT)
        self.held.pop(symbol, None)
        return None

    # -- per frame ------------------------------------------------------------------------
    def tick(self, dt: float) -> None:
        g = self.mine()
        if g is not None:
            if g.fired > self._seen_shots:  # a new own shot: keep its arc
                self.history.append((g.shot_angle, g.shot_speed, math.nan))
                self._seen_shots = g.fired
            if self.history and not g.flying and math.isnan(self.history[-1][2]):
                a, v, _ = self.history[-1]
                self.history[-1] = (a, v, g.last_x)
            if self.fire_sent_at is not None and (
                g.fired > self.fire_sent_at or not self.app.session.can_play()
            ):
                self.fire_sent_at = None
        super().tick(dt)

    # -- drawing --------------------------------------------------------------------------
    def draw_world(self) -> None:
        self.app.canvas.use()
        s = self.app.session
        if not s.in_round:
            self._draw_room()
            return
        w = self.world
        frame = s.others() or s.latest_frame()
        me = s.player_id
        mine = self.mine()
        others: list[tuple[int, Gunner]] = []
        if frame is not None:
            for i, pid in enumerate(int(p) for p in frame.ids.tolist()):
                row = frame.row(pid)
                if row is not None and pid != me:
                    others.append((i, gunner_of(row.tolist())))
                elif row is not None and mine is not None:
                    mine = dataclasses.replace(
                        mine, x=gunner_of(row.tolist()).x, y=gunner_of(row.tolist()).y
                    )
        arcs: list[Trajectory] = []
        own_arcs = [arc_of(w, a, v) for a, v, _ in self.history[-OWN_ARCS:]]
        arcs += [a for a in own_arcs if a is not None]
        for _, g in others:
            if g.fired and (a := arc_of(w, g.shot_angle, g.shot_speed)) is not None:
                arcs.append(a)
        view = view_of(w, arcs)
        hits = 0 if mine is None else mine.hits
        shapes: list[Shape] = ground_shapes(w, view, hits)
        for i, g in others:
            colour = COLOURS[i % len(COLOURS)]
            shapes += shot_shapes(w, g, colour, view, faint=True)
            name = self._name_of(i, frame)
            if g.fired:
                x, y = (g.x, g.y) if g.flying else (g.last_x, 0.0)
                shapes.append(
                    Label(x, y, name, colour + "aa", 11.0, offset_px=(0.0, 12.0), name=True)
                )
        own_colour = "#ffffff"
        done = own_arcs[:-1] if mine is not None and mine.flying else own_arcs
        for k, arc in enumerate(done):
            if arc is None:
                continue
            newest = k == len(done) - 1
            pts = arc_points(arc, None, view)
            if len(pts) >= 2:
                colour = "#f0e442cc" if newest else "#f0e44255"
                shapes.append(Poly(pts, colour, width=2.5 if newest else 1.5))
        if mine is not None and mine.flying:
            shapes += shot_shapes(w, mine, "#f0e442", view)
        length = 0.06 * (view[3] - view[1])
        shapes.append(cannon_shape(self.angle, own_colour, length, 10.0))
        scene = Scene(view, SKY, tuple(shapes))
        self.field.draw(scene, self.app, self.field_labels)

    def _name_of(self, index: int, frame: object) -> str:
        s = self.app.session
        ids = getattr(frame, "ids", None)
        if ids is None:
            return "?"
        pid = int(ids[index])
        member = s.member(pid)
        return member.nickname if member is not None else f"#{pid}"

    def _draw_room(self) -> None:
        """Watching a round without a cannon in it: everyone's, as the console shows them."""
        s = self.app.session
        frame = s.latest_frame()
        names = {pid: m.nickname for pid, m in s.members.items()}
        scene = self.game.scene(self.info, frame, names)
        SceneRenderer((12.0, 8.0, 976.0, 640.0)).draw(
            dataclasses.replace(scene, panel=()), self.app, self.field_labels
        )

    def draw_canvas(self) -> None:
        s = self.app.session
        level = game_says(self.game.level(self.setup.level).title)
        head = tr("{0}: {1}").format(game_says(self.game.title), level)
        self.labels.draw("head", head, 24, 680, size=24, bold=True)
        self.labels.draw("facts", self._facts(), 24, 650, size=15, colour=palette.DIM_TEXT)
        if s.in_round:
            self._draw_side()
            self._draw_others()
        self.draw_round_panels()

    def _facts(self) -> str:
        w = self.world
        ph = w.physics
        air = (
            tr("no air")
            if ph.drag == 0.0
            else tr("air drag k = {0} /m").format(game_number(ph.drag))
        )
        wind = "" if ph.wind == 0.0 else tr(" · wind {0} m/s").format(game_number(ph.wind, "+g"))
        # a list of numbers: "40, 80, 120" in English, "40; 80; 120" with decimal commas
        targets = (", " if language() == "en" else "; ").join(game_number(d) for d in w.targets)
        return tr("targets at {0} m, {1} m wide · g = {2} m/s² · {3}{4} · {5} shots").format(
            targets,
            game_number(2 * w.half_width),
            game_number(ph.gravity),
            air,
            wind,
            w.shots,
        )

    def _draw_side(self) -> None:
        left, right, bottom, top = SIDE
        panel(left, right, bottom, top)
        x = left + 16
        g = self.mine()
        hits = 0 if g is None else g.hits
        fired = 0 if g is None else g.fired
        w = self.world
        if hits < len(w.targets):
            goal = tr("Next target: {0} m").format(game_number(w.targets[hits]))
        else:
            goal = tr("Every target hit!")
        size = self.labels.fitting_size(goal, 236, 17, bold=True)
        self.labels.draw(
            "side-goal", goal, x, top - 30, size=size, bold=True, colour=palette.ORANGE
        )
        self.labels.draw(
            "side-count",
            tr("Hit {0} of {1} · shot {2} of {3}").format(hits, len(w.targets), fired, w.shots),
            x,
            top - 56,
            size=14,
        )
        # the angle dial: a quarter circle with the barrel's direction
        angle = tr("Angle {0}°").format(game_number(self.angle, ".1f"))
        self.labels.draw("side-angle", angle, x, top - 98, size=19, bold=True)
        self.labels.draw(
            "side-angle-keys",
            "Up / Down",
            right - 16,
            top - 232,
            size=12,
            colour=palette.DIM_TEXT,
            anchor_x="right",
        )
        cx, cy, r = x + 40, top - 236, 116
        arcade.draw_arc_outline(cx, cy, 2 * r, 2 * r, palette.PANEL_EDGE, 0, 90, 3)
        arcade.draw_line(cx, cy, cx + r, cy, palette.PANEL_EDGE, 2)
        for deg in (15, 30, 45, 60, 75):
            a = math.radians(deg)
            inner = r - (14 if deg == 45 else 8)
            arcade.draw_line(
                cx + inner * math.cos(a),
                cy + inner * math.sin(a),
                cx + r * math.cos(a),
                cy + r * math.sin(a),
                palette.DIM_TEXT,
                2,
            )
        self.labels.draw(
            "side-45",
            "45°",
            cx + r * 0.72 + 10,
            cy + r * 0.72 + 6,
            size=11,
            colour=palette.DIM_TEXT,
        )
        a = math.radians(self.angle)
        arcade.draw_line(
            cx, cy, cx + (r - 4) * math.cos(a), cy + (r - 4) * math.sin(a), palette.YELLOW, 4
        )
        arcade.draw_circle_filled(cx, cy, 6, palette.TEXT)
        # the speed: a bar up to the cannon's top speed
        y = top - 282
        speed = tr("Speed {0} m/s").format(game_number(self.speed, ".1f"))
        self.labels.draw("side-speed", speed, x, y, size=19, bold=True)
        self.labels.draw(
            "side-speed-keys",
            "Left / Right",
            right - 16,
            y - 24,
            size=12,
            colour=palette.DIM_TEXT,
            anchor_x="right",
        )
        self.labels.draw(
            "side-speed-range",
            tr("{0}..{1} m/s").format(game_number(MIN_SPEED), game_number(MAX_SPEED)),
            x,
            y - 24,
            size=12,
            colour=palette.DIM_TEXT,
        )
        bar_l, bar_r = x, right - 16
        frac = (self.speed - MIN_SPEED) / (MAX_SPEED - MIN_SPEED)
        arcade.draw_lrbt_rectangle_filled(bar_l, bar_r, y - 52, y - 38, (12, 16, 32))
        arcade.draw_lrbt_rectangle_filled(
            bar_l, bar_l + (bar_r - bar_l) * frac, y - 52, y - 38, palette.SKY_BLUE
        )
        arcade.draw_lrbt_rectangle_outline(bar_l, bar_r, y - 52, y - 38, palette.PANEL_EDGE, 1)
        last = ""
        if self.history and not math.isnan(self.history[-1][2]) and g is not None:
            d = w.targets[min(g.target, len(w.targets) - 1)]
            off = self.history[-1][2] - d
            if abs(off) <= w.half_width:
                last = tr("Last: hit, {0} m from the centre").format(game_number(abs(off), ".1f"))
            elif off < 0:
                last = tr("Last: {0} m short").format(game_number(abs(off), ".1f"))
            else:
                last = tr("Last: {0} m long").format(game_number(abs(off), ".1f"))
        self.labels.draw("side-last", last, x, y - 84, size=14, colour=palette.CAUTION)
        button = self.buttons[0]
        button.enabled = self.can_fire()
        button.draw(self.labels, focused=button.enabled)
        self.labels.draw(
            "side-note", self.note, x, bottom + 56, size=13, colour=palette.CAUTION, width=236
        )
        self.labels.draw(
            "side-help",
            "Hold Shift for fine steps",
            x,
            bottom + 16,
            size=12,
            colour=palette.DIM_TEXT,
        )

    def _draw_others(self) -> None:
        s = self.app.session
        frame = s.latest_frame()
        panel(12, 988, 12, 140)
        self.labels.draw("others-head", "The others", 28, 114, size=15, bold=True)
        rows: list[str] = []
        if frame is not None:
            for i, pid in enumerate(int(p) for p in frame.ids.tolist()):
                if pid == s.player_id:
                    continue
                row = frame.row(pid)
                if row is None:
                    continue
                member = s.member(pid)
                name = member.nickname if member is not None else f"#{pid}"
                said = game_says(status_words(self.world, gunner_of(row.tolist())))
                rows.append(tr("{0}: {1}").format(name, said))
                del i
        for k in range(8):
            text = rows[k] if k < len(rows) else ""
            col, line = divmod(k, 4)
            self.labels.draw(
                f"others-{k}",
                text,
                28 + col * 480,
                90 - line * 22,
                size=13,
                colour=palette.DIM_TEXT,
            )
        if not rows:
            self.labels.draw(
                "others-0", "Nobody else in this room.", 28, 90, size=13, colour=palette.DIM_TEXT
            )

    def shown_text(self) -> str:
        labels = {
            **self.labels.shown(),
            **{f"f-{k}": v for k, v in self.field_labels.shown().items()},
        }
        return "\n".join(labels.values())
