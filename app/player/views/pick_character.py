"""Pick a character: the 12 procedurally drawn characters; arrows or a click, then Join."""

from __future__ import annotations

from typing import TYPE_CHECKING

import arcade
from pyglet.window import key as keys

from app.player import palette
from app.player.characters import COUNT, character, draw_character
from app.player.i18n import tr
from app.player.ui import Button
from app.player.views.base import PlayerView

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

COLS = 6
CELL_W = 180
CELL_H = 210
LEFT = 640 - COLS * CELL_W / 2


def cell_centre(index: int) -> tuple[float, float]:
    row, col = divmod(index, COLS)
    return (LEFT + (col + 0.5) * CELL_W, 480 - row * CELL_H)


class PickCharacterView(PlayerView):
    name = "pick_character"

    def __init__(self, app: PlayerWindow) -> None:
        super().__init__(app)
        self.selected = app.session.character % COUNT
        self.joining = False
        self.buttons = [
            Button("back", "Back", 400, 70, w=200, on_click=app.find_class),
            Button("join", "Join the class", 760, 70, w=320, on_click=self.join),
        ]
        self.focus = 1

    def join(self) -> None:
        if self.joining:
            return
        self.joining = True
        self.app.join(self.selected)

    def select(self, index: int) -> None:
        self.selected = index % COUNT

    def on_key_press(self, symbol: int, modifiers: int) -> bool | None:
        if symbol in (keys.LEFT, keys.A):
            self.select(self.selected - 1)
        elif symbol in (keys.RIGHT, keys.D):
            self.select(self.selected + 1)
        elif symbol in (keys.UP, keys.W, keys.DOWN, keys.S):
            self.select(self.selected + COLS)
        elif symbol in (keys.ENTER, keys.RETURN, keys.SPACE):
            self.join()
        elif symbol in (keys.ESCAPE, keys.BACKSPACE):
            self.app.find_class()
        return None

    def click(self, x: float, y: float) -> bool | None:
        for i in range(COUNT):
            cx, cy = cell_centre(i)
            if abs(x - cx) < CELL_W / 2 and abs(y - cy) < CELL_H / 2:
                self.select(i)
                return True
        return None

    def draw_canvas(self) -> None:
        self.title(
            "Pick a character",
            tr("{0}, who flies your lander? (arrows or click, Enter)").format(
                self.app.session.nickname
            ),
        )
        for i in range(COUNT):
            cx, cy = cell_centre(i)
            c = character(i)
            if i == self.selected:
                arcade.draw_lrbt_rectangle_filled(
                    cx - CELL_W / 2 + 6,
                    cx + CELL_W / 2 - 6,
                    cy - CELL_H / 2 + 6,
                    cy + CELL_H / 2 - 6,
                    (40, 52, 90),
                )
                arcade.draw_lrbt_rectangle_outline(
                    cx - CELL_W / 2 + 6,
                    cx + CELL_W / 2 - 6,
                    cy - CELL_H / 2 + 6,
                    cy + CELL_H / 2 - 6,
                    palette.YELLOW,
                    4,
                )
            draw_character(i, cx, cy + 20, 120)
            self.labels.draw(
                f"name-{i}",
                c.name,
                cx,
                cy - 72,
                size=18,
                anchor_x="center",
                bold=i == self.selected,
            )
        c = character(self.selected)
        self.labels.draw(
            "chosen",
            tr("{0}: {1}, {2} helmet").format(c.name, c.feature, c.helmet),
            640,
            135,
            size=18,
            colour=palette.DIM_TEXT,
            anchor_x="center",
        )
        if self.joining:
            self.labels.draw(
                "joining",
                "Joining the class...",
                1100,
                62,
                size=18,
                colour=palette.SKY_BLUE,
                anchor_x="center",
            )
        self.draw_buttons()
