"""Find your class: the classes on the LAN, or an address; then the join code and a nickname."""

from __future__ import annotations

from typing import TYPE_CHECKING

import arcade
from pyglet.window import key as keys

from app.player import palette
from app.player.address import parse_address
from app.player.errors import AddressError
from app.player.lan import FoundClass
from app.player.ui import Button, TextField, panel
from app.player.views.base import PlayerView

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

MAX_LISTED = 6
ROW_H = 58


class FindClassView(PlayerView):
    name = "find_class"
    captures_text = True

    def __init__(self, app: PlayerWindow, *, error: str | None = None) -> None:
        super().__init__(app)
        s = app.session
        address = "" if s.address is None else str(s.address)
        self.fields = [
            TextField(
                "address",
                "Class address (from your teacher)",
                700,
                470,
                value=address,
                max_length=64,
                hint="e.g. 192.168.1.20:5555",
            ),
            TextField(
                "code",
                "Join code",
                700,
                360,
                value=s.code,
                max_length=16,
                hint="on the board",
                upper=True,
            ),
            TextField(
                "nickname",
                "Your first name or nickname",
                700,
                250,
                value=s.nickname,
                max_length=16,
                hint="e.g. Sam",
            ),
        ]
        self.field_focus = 0 if not address else (1 if not s.code else 2)
        self.error = error
        self.found: list[FoundClass] = []
        self.buttons = [Button("next", "Next", 910, 150, on_click=self.submit)]

    def field(self, name: str) -> TextField:
        return next(f for f in self.fields if f.name == name)

    def tick(self, dt: float) -> None:
        self.found = self.app.browser.found()[:MAX_LISTED]

    def submit(self) -> None:
        """Check what was typed; on to the character picker, or say what is wrong."""
        try:
            address = parse_address(self.field("address").value)
        except AddressError as exc:
            self.error, self.field_focus = str(exc), 0
            return
        code = self.field("code").value.strip()
        nickname = self.field("nickname").value.strip()
        if not code:
            self.error, self.field_focus = "Type the join code your teacher shows.", 1
            return
        if not nickname:
            self.error, self.field_focus = "Type a first name or nickname.", 2
            return
        self.error = None
        self.app.choose_character(address, code, nickname)

    def pick(self, index: int) -> None:
        if 0 <= index < len(self.found):
            self.field("address").value = str(self.found[index].address)
            self.field_focus = 1

    # -- input -------------------------------------------------------------------------------
    def on_text(self, text: str) -> None:
        if text in ("\r", "\n", "\t"):
            return
        self.fields[self.field_focus].type_text(text)

    def on_key_press(self, symbol: int, modifiers: int) -> bool | None:
        if symbol == keys.BACKSPACE:
            self.fields[self.field_focus].backspace()
        elif symbol == keys.TAB:
            step = -1 if modifiers & keys.MOD_SHIFT else 1
            self.field_focus = (self.field_focus + step) % len(self.fields)
        elif symbol in (keys.ENTER, keys.RETURN, keys.NUM_ENTER):
            if self.field_focus < len(self.fields) - 1:
                self.field_focus += 1
            else:
                self.submit()
        elif symbol == keys.ESCAPE:
            return True  # stays here; closing is the window's button
        return None

    def click(self, x: float, y: float) -> bool | None:
        for i, f in enumerate(self.fields):
            if f.contains(x, y):
                self.field_focus = i
                return True
        for i in range(len(self.found)):
            top = 540 - i * ROW_H
            if 60 <= x <= 600 and top - ROW_H + 6 <= y <= top:
                self.pick(i)
                return True
        return None

    # -- drawing -----------------------------------------------------------------------------
    def draw_canvas(self) -> None:
        self.title("Find your class", "Pick your class from the list, or type its address")
        panel(40, 620, 90, 590)
        self.labels.draw("lan-title", "Classes on this network", 60, 555, size=20, bold=True)
        if not self.found:
            note = (
                "Looking for classes..."
                if self.app.browser.available
                else "Automatic search is not available here."
            )
            self.labels.draw("lan-empty", note, 60, 500, size=17, colour=palette.DIM_TEXT)
            self.labels.draw(
                "lan-hint",
                "Type the address your teacher shows instead.",
                60,
                470,
                size=17,
                colour=palette.DIM_TEXT,
            )
        for i, found in enumerate(self.found):
            top = 540 - i * ROW_H
            arcade.draw_lrbt_rectangle_filled(60, 600, top - ROW_H + 6, top, (30, 40, 70))
            self.labels.draw(f"lan-{i}", found.name, 75, top - 30, size=19)
            self.labels.draw(
                f"lan-addr-{i}",
                str(found.address),
                585,
                top - 30,
                size=15,
                colour=palette.DIM_TEXT,
                anchor_x="right",
            )
        panel(660, 1240, 90, 590)
        blink = int(self.elapsed * 2) % 2 == 0
        for i, f in enumerate(self.fields):
            f.draw(self.labels, focused=i == self.field_focus, blink=blink)
        if self.error:
            self.labels.draw(
                "error",
                f"!  {self.error}",
                640,
                40,
                size=18,
                colour=palette.VERMILLION,
                anchor_x="center",
                bold=True,
            )
        self.draw_buttons()
