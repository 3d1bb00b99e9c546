"""Find your class: the join code and a nickname are enough when the class is on this
network's list (the player tries the code with the classes found, or the one picked); when
the network hides it, the teacher's short address (``192.168.1.20:5556``) goes with them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import arcade
from pyglet.window import key as keys

from app.player import palette
from app.player.address import ClassAddress, parse_address
from app.player.errors import AddressError
from app.player.i18n import tr
from app.player.lan import FoundClass
from app.player.ui import Button, TextField, panel
from app.player.views.base import PlayerView

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

MAX_LISTED = 6
ROW_H = 58


def _fit(text: str, chars: int) -> str:
    """``text`` cut to ``chars`` characters with an ellipsis, so a row never overflows."""
    return text if len(text) <= chars else text[: chars - 1] + "…"


class FindClassView(PlayerView):
    name = "find_class"
    captures_text = True

    def __init__(
        self, app: PlayerWindow, *, error: str | None = None, fix: str | None = None
    ) -> None:
        super().__init__(app)
        s = app.session
        address = "" if s.typed_address is None else str(s.typed_address)
        self.fields = [
            TextField(
                "code",
                "Join code (on the board)",
                700,
                470,
                value=s.code,
                max_length=16,
                hint="e.g. K7QXPM",
                upper=True,
            ),
            TextField(
                "nickname",
                "Your first name or nickname",
                700,
                360,
                value=s.nickname,
                max_length=16,
                hint="e.g. Sam",
            ),
            TextField(
                "address",
                "Class address (only if your class is not listed)",
                700,
                250,
                value=address,
                max_length=64,
                hint="e.g. 192.168.1.20:5556",
            ),
        ]
        self.field_focus = 0 if not s.code else (1 if not s.nickname else 2)
        names = [f.name for f in self.fields]
        if fix in names:
            self.field_focus = names.index(fix)
        self.picked: FoundClass | None = None
        self.error = error
        self.found: list[FoundClass] = []
        self.buttons = [Button("next", "Next", 910, 150, on_click=self.submit)]

    def field(self, name: str) -> TextField:
        return next(f for f in self.fields if f.name == name)

    def tick(self, dt: float) -> None:
        self.found = self.app.browser.found()[:MAX_LISTED]
        remembered = self.app.session.picked_address
        if self.picked is None and remembered is not None and not self.field("address").value:
            # back here after a refusal: the class picked before stays picked
            self.picked = next((f for f in self.found if f.address == remembered), None)

    def submit(self) -> None:
        """Check what was typed; on to the character picker, or say what is wrong."""
        code = self.field("code").value.strip()
        nickname = self.field("nickname").value.strip()
        typed = self.field("address").value.strip()
        if not code:
            self.error, self.field_focus = tr("Type the join code your teacher shows."), 0
            return
        if not nickname:
            self.error, self.field_focus = tr("Type a first name or nickname."), 1
            return
        address: ClassAddress | None = None
        if typed:
            try:
                address = parse_address(typed)
            except AddressError as exc:
                self.error, self.field_focus = str(exc), 2
                return
        elif self.picked is not None:
            address = self.picked.address
        elif not self.found:
            self.error = tr(
                "No class was found on this network yet. Type the address your teacher "
                "shows (like 192.168.1.20:5556) with the code."
            )
            self.field_focus = 2
            return
        self.error = None
        s = self.app.session
        s.typed_address = address if typed else None
        s.picked_address = None if typed or self.picked is None else self.picked.address
        self.app.choose_character(address, code, nickname)

    def pick(self, index: int) -> None:
        if 0 <= index < len(self.found):
            self.picked = self.found[index]
            self.field("address").value = ""
            self.field_focus = 0 if not self.field("code").value else 1

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
            # the address is optional: Enter goes on once the code and nickname are typed
            required = all(self.field(n).value.strip() for n in ("code", "nickname"))
            if required or self.field_focus == len(self.fields) - 1:
                self.submit()
            else:
                self.field_focus += 1
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
        self.title(
            "Find your class", "Type the join code and your name; pick your class if it is listed"
        )
        panel(40, 620, 90, 590)
        self.labels.draw("lan-title", "Classes on this network", 60, 555, size=20, bold=True)
        if not self.found:
            note = (
                tr("Looking for classes...")
                if self.app.browser.available
                else tr("Automatic search is not available here.")
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
            chosen = self.picked is not None and found.address == self.picked.address
            fill = (60, 80, 130) if chosen else (30, 40, 70)
            arcade.draw_lrbt_rectangle_filled(60, 600, top - ROW_H + 6, top, fill)
            if chosen:
                arcade.draw_lrbt_rectangle_outline(60, 600, top - ROW_H + 6, top, palette.YELLOW, 2)
            self.labels.draw(f"lan-{i}", _fit(found.name, 30), 75, top - 30, size=19, raw=True)
            self.labels.draw(
                f"lan-teacher-{i}",
                _fit(found.teacher, 22),
                585,
                top - 30,
                size=15,
                colour=palette.DIM_TEXT,
                anchor_x="right",
                raw=True,
            )
        panel(660, 1240, 90, 590)
        blink = int(self.elapsed * 2) % 2 == 0
        for i, f in enumerate(self.fields):
            f.draw(self.labels, focused=i == self.field_focus, blink=blink)
        if self.error:
            self.labels.draw(
                "error",
                "!  " + tr(self.error),
                640,
                62,
                size=17,
                colour=palette.VERMILLION,
                anchor_x="center",
                anchor_y="center",
                bold=True,
                width=1180,
                raw=True,
            )
        self.draw_buttons()
