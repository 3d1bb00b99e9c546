"""Bridge builder's play screen: the own bridge large over its gap, built by clicking the
faint candidate members (1: light, 2: heavy; a second click or a right-click removes),
the budget, a force preview, then the truck crossing with every member coloured by its
force; the others' bridges small along the bottom. Sending the actions, the countdown, the
end panel and the time are every game's :class:`app.player.views.play.GameView`.

Keys: Tab / Right and Left choose a member, Space builds it with the tool (or removes it),
Delete removes it, 1 and 2 pick the tool, F shows the forces, T (or Enter) sends the truck.
"""

from __future__ import annotations

import dataclasses
import time
from collections import deque
from typing import TYPE_CHECKING

import arcade
import numpy as np
from pyglet.window import key as keys
from pyglet.window import mouse

from app.player import palette
from app.player.flights.bridge.layout import MAIN, SIDE, STRIP, Layout
from app.player.i18n import game_number, game_says, tr
from app.player.scene_draw import SceneRenderer
from app.player.ui import Button, Labels, panel
from app.player.views.play import GameView
from game.api import Value
from game.bridge.geometry import (
    CANDIDATES,
    HEAVY,
    LIGHT,
    NONE,
    joint_name,
    member_words,
)
from game.bridge.sim import ADD_HEAVY, ADD_LIGHT, BUILDING, REMOVE, TEST, TESTING, types_of
from game.bridge.spectator import (
    STATUS_COLOURS,
    Bridge,
    analysis_of,
    bridge_of,
    bridge_shapes,
    cells_row,
    geometry_of,
    status_words,
    world_box,
)
from game.bridge.structure import Analysis, deck_loads
from game.bridge.truss import Mechanism
from game.scene import Label, Scene, Shape, told
from game.timestep import DT

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

PENDING_S = 1.5  # a click shows at once; the host's word replaces it within this long
MAX_QUEUE = 64
SKY = "#0b1026"


def money_text(value: int) -> str:
    """Dollars the player's language's way: "$13,226" ("$13.226" in German)."""
    return "$" + game_number(value, ",")


class FlightView(GameView):
    def __init__(self, app: PlayerWindow) -> None:
        super().__init__(app)
        self.geo = geometry_of(self.info)
        self.layout = Layout.of(self.geo)
        self.tool = LIGHT
        self.queue: deque[tuple[int, int]] = deque(maxlen=MAX_QUEUE)
        self.pending: dict[int, tuple[int, float]] = {}  # member -> (section, until)
        self.hover: int | None = None
        self.selected: int | None = None  # chosen with the keys
        self.preview = False
        self.test_sent = False
        self.note = ""
        self.actions_queued = 0
        left, bottom, width, height = MAIN
        self.main = SceneRenderer((left - 16.0, bottom - 16.0, width + 32.0, height + 32.0))
        self.strip = SceneRenderer(STRIP)
        self.strip_labels = Labels()
        self._truck: tuple[float, float] | None = None  # (x, when) of the newest own row
        mid = (SIDE[0] + SIDE[1]) / 2
        self.buttons = [
            Button("light", "Light", mid - 66, 402, w=120, h=40, on_click=self.use_light),
            Button("heavy", "Heavy", mid + 66, 402, w=120, h=40, on_click=self.use_heavy),
            Button("test", "Send the truck", mid, 236, w=236, h=50, on_click=self.send_test),
        ]

    # -- the own bridge -------------------------------------------------------------------
    def own_row(self) -> list[float] | None:
        row = self.app.session.own_snapshot
        return None if row is None else [float(v) for v in row]

    def host_types(self) -> list[int]:
        row = self.own_row()
        if row is None:
            return [NONE] * CANDIDATES
        return types_of(round(row[0]), round(row[1]))

    def types(self) -> list[int]:
        """The own members as shown: the host's, with the clicks it has not answered yet."""
        shown = self.host_types()
        now = time.monotonic()
        for m, (section, until) in list(self.pending.items()):
            if shown[m] == section or now > until:
                del self.pending[m]
            else:
                shown[m] = section
        return shown

    def stage(self) -> int:
        row = self.own_row()
        return BUILDING if row is None else round(row[4])

    def status(self) -> int:
        row = self.own_row()
        return 0 if row is None else round(row[9])

    def building(self) -> bool:
        s = self.app.session
        return s.can_play() and self.stage() == BUILDING and not self.test_sent

    def cost(self, types: list[int]) -> int:
        return sum(int(self.geo.costs[t, m]) for m, t in enumerate(types) if t != NONE)

    # -- actions --------------------------------------------------------------------------
    def act(self, member: int, section: int) -> None:
        """Ask the host to set ``member`` to ``section`` (shown at once)."""
        if not self.building() or not 0 <= member < CANDIDATES:
            return
        action = {LIGHT: ADD_LIGHT, HEAVY: ADD_HEAVY}.get(section, REMOVE)
        self.queue.append((action, member))
        self.pending[member] = (section, time.monotonic() + PENDING_S)
        self.actions_queued += 1
        self.note = ""
        self.app.sound.play("beep", 0.25)

    def toggle(self, member: int) -> None:
        """A click: build with the tool; on a member built so already, remove it."""
        now = self.types()[member]
        self.act(member, NONE if now == self.tool else self.tool)

    def use_light(self) -> None:
        self.tool = LIGHT

    def use_heavy(self) -> None:
        self.tool = HEAVY

    def send_test(self) -> None:
        if not self.building():
            return
        types = self.types()
        cost = self.cost(types)
        if cost == 0:
            self.note = tr("Build a bridge first: click the faint lines.")
            return
        if cost > self.geo.budget:
            self.note = tr("Over budget by {0}: remove or lighten members.").format(
                money_text(cost - self.geo.budget)
            )
            return
        self.queue.append((TEST, 0))
        self.test_sent = True
        self.note = ""

    def sample_input(self) -> tuple[Value, ...] | None:
        if not self.queue:
            return None
        action, member = self.queue.popleft()
        return (action, member)

    # -- mouse and keys -------------------------------------------------------------------
    def on_mouse_motion(self, x: int, y: int, dx: int, dy: int) -> None:
        cx, cy = self.app.box.to_canvas(x, y)
        self.hover = self.layout.pick(self.geo, cx, cy)

    def on_mouse_press(self, x: int, y: int, button: int, modifiers: int) -> bool | None:
        cx, cy = self.app.box.to_canvas(x, y)
        if button == mouse.RIGHT:
            member = self.layout.pick(self.geo, cx, cy)
            if member is not None:
                self.act(member, NONE)
                return True
            return None
        return super().on_mouse_press(x, y, button, modifiers)

    def click(self, x: float, y: float) -> bool | None:
        member = self.layout.pick(self.geo, x, y)
        if member is None:
            return None
        self.selected = member
        self.toggle(member)
        return True

    def on_key_press(self, symbol: int, modifiers: int) -> bool | None:
        if symbol in (keys._1, keys.NUM_1):
            self.use_light()
        elif symbol in (keys._2, keys.NUM_2):
            self.use_heavy()
        elif symbol in (keys.T, keys.ENTER, keys.RETURN):
            self.send_test()
        elif symbol == keys.F:
            self.preview = not self.preview
        elif symbol in (keys.TAB, keys.RIGHT, keys.LEFT):
            step = -1 if symbol == keys.LEFT or modifiers & keys.MOD_SHIFT else 1
            start = self.selected if self.selected is not None else -step
            self.selected = (start + step) % CANDIDATES
        elif symbol == keys.SPACE and self.selected is not None:
            self.toggle(self.selected)
        elif symbol in (keys.DELETE, keys.BACKSPACE, keys.X) and self.selected is not None:
            self.act(self.selected, NONE)
        return None

    # -- per frame ------------------------------------------------------------------------
    def tick(self, dt: float) -> None:
        row = self.own_row()
        if row is not None and (self._truck is None or row[5] != self._truck[0]):
            self._truck = (row[5], time.monotonic())
        if self.stage() == TESTING:
            self.test_sent = False
            self.queue.clear()
        super().tick(dt)

    def truck_x(self) -> float:
        """The own truck, moved on smoothly between snapshots (at most 0.1 s ahead)."""
        row = self.own_row()
        if row is None or self._truck is None:
            return self.geo.x_start
        x, since = self._truck
        ahead = min(0.1, time.monotonic() - since)
        return min(self.geo.x_end, x + row[6] * ahead)

    def own_bridge(self) -> tuple[Bridge, Mechanism | None]:
        """The own bridge to draw: as built (preview: forces with the truck in the middle),
        or crossing, with its forces now."""
        row = self.own_row()
        types = self.types()
        built = sum(1 << m for m, t in enumerate(types) if t != NONE)
        heavy = sum(1 << m for m, t in enumerate(types) if t == HEAVY)
        if row is not None and (self.stage() == TESTING or self.status() != 0):
            shown = list(row)
            shown[5] = self.truck_x()
            return bridge_of(self.geo, np.asarray(shown, dtype=np.float64)), None
        forces = ratios = None
        fold: Mechanism | None = None
        if self.preview and built:
            a = analysis_of(self.geo, built, heavy, 0)
            if isinstance(a, Analysis):
                forces, ratios, _ = a.at(deck_loads(self.geo, self.geo.span / 2))
            else:
                fold = a
        x = self.geo.span / 2 if self.preview else self.geo.x_start
        cost = float(self.cost(types))
        return (
            Bridge(types, [False] * CANDIDATES, forces, ratios, x, BUILDING, 0, cost, 0.0),
            fold,
        )

    # -- drawing --------------------------------------------------------------------------
    def draw_world(self) -> None:
        self.app.canvas.use()
        bridge, fold = self.own_bridge()
        if not self.app.session.in_round:
            self._draw_room()
            return
        shapes = bridge_shapes(
            self.geo, bridge, self.layout.cell, big=True, candidates=self.building()
        )
        _, _, width, height = MAIN
        self.main.draw(Scene((0.0, 0.0, width, height), SKY, tuple(shapes)), self.app, self.labels)
        self._draw_marks(fold)
        self._draw_others()

    def _draw_marks(self, fold: Mechanism | None) -> None:
        """The member under the mouse (or chosen with the keys), and a folding joint."""
        for member, colour in ((self.selected, palette.SKY_BLUE), (self.hover, palette.YELLOW)):
            if member is None or not self.building():
                continue
            ax, ay, bx, by = self.layout.member_line(self.geo, member)
            arcade.draw_line(ax, ay, bx, by, (*colour, 200), 9)
        if fold is not None and fold.joint >= 0:
            x, y = self.layout.to_canvas(*self.geo.joints[fold.joint])
            arcade.draw_circle_outline(x, y, 14, palette.VERMILLION, 3)
            self.labels.draw(
                "fold",
                tr("not rigid: {0} can move").format(joint_name(fold.joint)),
                x,
                y + 22,
                size=13,
                bold=True,
                colour=palette.VERMILLION,
                anchor_x="center",
            )
        else:
            self.labels.draw("fold", "", -100, -100, size=13, bold=True)

    def _draw_others(self) -> None:
        s = self.app.session
        frame = s.latest_frame()
        if frame is None:
            return
        others = [int(i) for i in frame.ids.tolist() if int(i) != s.player_id]
        if not others:
            return
        _, _, width, height = STRIP
        geo = self.geo
        shapes: list[Shape] = []
        x0, y0, x1, y1 = world_box(geo)
        for pid, cell in zip(
            others, cells_row(len(others), (0, 0, width, height), geo), strict=True
        ):
            row = frame.row(pid)
            if row is None:
                continue
            b = bridge_of(geo, row)
            shapes += bridge_shapes(geo, b, cell, big=False)
            member = s.member(pid)
            name = member.nickname if member is not None else f"#{pid}"
            nx, ny = cell((x0 + x1) / 2, y1)
            shapes.append(Label(nx, ny, name, "#ffffff", 13.0, name=True, bold=True))
            sx, sy = cell((x0 + x1) / 2, y0)
            colour = STATUS_COLOURS.get(b.status, "#c8cde0")
            shapes.append(told(sx, sy, status_words(geo, b), colour, 11.0, offset_px=(0, -6)))
        self.strip.draw(
            Scene((0, 0, width, height), SKY, tuple(shapes)), self.app, self.strip_labels
        )

    def _draw_room(self) -> None:
        """Watching a round without a bridge in it: everyone's, as the console shows them."""
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
        geo = self.geo
        trucks = (
            tr("one {0} kN truck").format(game_number(geo.load))
            if geo.trucks == 1
            else tr("{0} trucks of {1} kN, {2} m apart").format(
                geo.trucks, game_number(geo.load), game_number(geo.spacing)
            )
        )
        return tr("{0} m gap · {1} · budget {2}").format(
            game_number(geo.span), trucks, money_text(geo.budget)
        )

    def _draw_side(self) -> None:
        left, right, bottom, top = SIDE
        panel(left, right, bottom, top)
        types = self.types()
        cost = self.cost(types)
        budget = self.geo.budget
        x = left + 16
        self.labels.draw("side-budget", "Budget", x, top - 30, size=17, bold=True)
        over = cost > budget
        money_colour = palette.DANGER if over else palette.TEXT
        self.labels.draw(
            "side-cost",
            tr("{0} of {1}").format(money_text(cost), money_text(budget)),
            x,
            top - 58,
            size=16,
            colour=money_colour,
        )
        frac = min(1.0, cost / budget) if budget else 1.0
        bar_l, bar_r = x, right - 16
        arcade.draw_lrbt_rectangle_filled(bar_l, bar_r, top - 86, top - 70, (12, 16, 32))
        fill = palette.DANGER if over else palette.OK
        arcade.draw_lrbt_rectangle_filled(
            bar_l, bar_l + (bar_r - bar_l) * frac, top - 86, top - 70, fill
        )
        arcade.draw_lrbt_rectangle_outline(bar_l, bar_r, top - 86, top - 70, palette.PANEL_EDGE, 1)
        stage = self.stage()
        if self.building():
            for b in self.buttons:
                b.enabled = True
            self.labels.draw(
                "side-tool",
                "Build with (keys 1, 2)",
                x,
                top - 116,
                size=13,
                colour=palette.DIM_TEXT,
            )
            for b in self.buttons[:2]:
                b.draw(self.labels, focused=(b.name == "light") == (self.tool == LIGHT))
            self._draw_member_info(x, top - 194)
            self.buttons[2].draw(self.labels, focused=True)
        else:
            for name in ("side-tool", *self._info_keys()):
                self.labels.draw(name, "", -100, -100, size=13)
            self._draw_reading(x, top, right, stage)
        self.labels.draw(
            "side-note", self.note, x, bottom + 12, size=13, colour=palette.CAUTION, width=236
        )

    def _info_keys(self) -> tuple[str, ...]:
        return ("info-0", "info-1", "info-2", "info-3", "info-4")

    def _draw_member_info(self, x: float, y: float) -> None:
        member = self.hover if self.hover is not None else self.selected
        lines = [
            tr("Point at a faint line"),
            tr("to see what that member"),
            tr("costs and carries."),
            "",
            "",
        ]
        if member is not None:
            geo = self.geo
            built = self.types()[member]
            state = (
                tr("not built") if built == NONE else tr("heavy") if built == HEAVY else tr("light")
            )
            lines = [
                game_says(member_words(member)),
                tr("no. {0} · {1} m · {2}").format(
                    member, game_number(float(geo.lengths[member]), ".1f"), state
                ),
            ]
            for section, word in ((LIGHT, tr("light")), (HEAVY, tr("heavy"))):
                lines.append(
                    tr("{0} {1}: {2} / {3} kN").format(
                        word,
                        money_text(int(geo.costs[section, member])),
                        game_number(float(geo.tension[section, member]), ",.0f"),
                        game_number(float(geo.compression[section, member]), ",.0f"),
                    )
                )
            lines.append(tr("(strength: pulled / pushed)"))
        for i, (name, text) in enumerate(zip(self._info_keys(), lines, strict=True)):
            self.labels.draw(
                name,
                text,
                x,
                y - i * 21,
                size=self.labels.fitting_size(text, 236, 15 if i == 0 else 12, bold=i == 0),
                bold=i == 0,
                colour=palette.TEXT if i in (0, 2, 3) else palette.DIM_TEXT,
            )

    def _deadline(self) -> float:
        """Seconds until the truck goes by itself."""
        s = self.app.session
        limit = round(self.setup.time_limit_s / DT)
        deadline = limit - round((self.geo.test_seconds + 0.5) / DT)
        return max(0.0, (deadline - max(0, s.latest_tick)) * DT)

    def _draw_reading(self, x: float, top: float, right: float, stage: int) -> None:
        row = self.own_row()
        stress = 0.0 if row is None else row[7]
        sag = 0.0 if row is None else row[8]
        head = tr("Truck crossing") if stage == TESTING and self.status() == 0 else tr("Tested")
        self.labels.draw("side-tool", head, x, top - 116, size=17, bold=True)
        colour = (
            palette.OK if stress < 0.8 else palette.CAUTION if stress <= 1.0 else palette.DANGER
        )
        self.labels.draw(
            "info-0",
            tr("Stress {0} % of strength").format(game_number(100 * stress, ".0f")),
            x,
            top - 150,
            size=14,
            colour=colour,
        )
        bar_r = right - 16
        arcade.draw_lrbt_rectangle_filled(x, bar_r, top - 176, top - 160, (12, 16, 32))
        arcade.draw_lrbt_rectangle_filled(
            x, x + (bar_r - x) * min(1.0, stress), top - 176, top - 160, colour
        )
        arcade.draw_lrbt_rectangle_outline(x, bar_r, top - 176, top - 160, palette.PANEL_EDGE, 1)
        sagged = tr("Deck sag {0} mm").format(game_number(sag, ".1f"))
        self.labels.draw("info-1", sagged, x, top - 206, size=14)
        self.labels.draw(
            "info-2", "Blue: pulled (tension)", x, top - 246, size=12, colour=palette.SKY_BLUE
        )
        self.labels.draw(
            "info-3", "Orange: pushed (compression)", x, top - 270, size=12, colour=palette.ORANGE
        )
        self.labels.draw("info-4", "Red: broken", x, top - 294, size=12, colour=palette.VERMILLION)
        for b in self.buttons:
            b.enabled = False

    def _draw_help(self) -> None:
        if self.building():
            forces = tr("off") if self.preview else tr("on")
            text = tr(
                "Click a faint line to build, again to remove · F: forces {0} · "
                "T: send the truck (it goes by itself in {1} s)"
            ).format(forces, f"{self._deadline():.0f}")
        elif self.status() == 0:
            text = tr("Blue members are pulled, orange pushed; the brighter, the nearer breaking.")
        else:
            text = ""
        size = self.labels.fitting_size(text, 980, 13)
        self.labels.draw(
            "help", text, 502, 168, size=size, colour=palette.DIM_TEXT, anchor_x="center"
        )

    def shown_text(self) -> str:
        labels = {
            **self.labels.shown(),
            **{f"s-{k}": v for k, v in self.strip_labels.shown().items()},
        }
        return "\n".join(labels.values())
