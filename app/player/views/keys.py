"""Change keys: pick an action (arrows + Enter, or a click), then press the new key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyglet.window import key as keys

from app.player import palette
from app.player.controls import ACTION_LABELS, ACTIONS, KeyMap
from app.player.i18n import tr
from app.player.ui import Button, panel
from app.player.views.base import PlayerView

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

ROW_H = 60


class KeysView(PlayerView):
    name = "keys"

    def __init__(self, app: PlayerWindow, back: PlayerView) -> None:
        super().__init__(app)
        self.back = back
        self.row = 0
        self.waiting = False
        self.buttons = [
            Button("defaults", "Default keys", 480, 80, w=280, on_click=self.defaults),
            Button("done", "Done", 800, 80, w=280, on_click=self.done),
        ]
        self.focus = 1

    @property
    def captures_text(self) -> bool:  # type: ignore[override]
        return self.waiting

    def defaults(self) -> None:
        self.app.set_keymap(KeyMap())

    def done(self) -> None:
        self.app.show_view(self.back)

    def on_key_press(self, symbol: int, modifiers: int) -> bool | None:
        if self.waiting:
            if symbol != keys.ESCAPE:
                self.app.set_keymap(self.app.keymap.remap(ACTIONS[self.row], symbol))
            self.waiting = False
            return True
        if symbol == keys.UP:
            self.row = (self.row - 1) % len(ACTIONS)
        elif symbol == keys.DOWN:
            self.row = (self.row + 1) % len(ACTIONS)
        elif symbol in (keys.ENTER, keys.RETURN):
            self.waiting = True
        elif symbol == keys.ESCAPE:
            self.done()
        return True

    def click(self, x: float, y: float) -> bool | None:
        for i in range(len(ACTIONS)):
            top = 560 - i * ROW_H
            if 300 <= x <= 980 and top - ROW_H + 8 <= y <= top:
                self.row, self.waiting = i, True
                return True
        return None

    def draw_canvas(self) -> None:
        self.title("Keys", "Pick an action, press Enter (or click), then press the new key")
        panel(280, 1000, 150, 590)
        for i, action in enumerate(ACTIONS):
            top = 560 - i * ROW_H
            selected = i == self.row
            colour = palette.YELLOW if selected else palette.TEXT
            self.labels.draw(
                f"action-{i}",
                ACTION_LABELS[action],
                310,
                top - 38,
                size=20,
                colour=colour,
                bold=selected,
            )
            value = (
                tr("press a key...")
                if selected and self.waiting
                else self.app.keymap.describe(action)
            )
            self.labels.draw(
                f"keys-{i}", value, 970, top - 38, size=20, colour=colour, anchor_x="right"
            )
        pad = tr("Gamepad: left stick turns, A or right trigger thrusts, B aborts")
        none = tr("No gamepad found (plug one in and restart)")
        note = pad if self.app.gamepad.present else none
        self.labels.draw("pad", note, 640, 170, size=14, colour=palette.DIM_TEXT, anchor_x="center")
        self.draw_buttons()
