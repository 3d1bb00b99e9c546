"""What every screen shares: the canvas camera, labels, buttons, focus and mouse mapping."""

from __future__ import annotations

from typing import TYPE_CHECKING

import arcade

from app.player import palette
from app.player.ui import Button, Labels

if TYPE_CHECKING:
    from app.player.window import PlayerWindow


class PlayerView(arcade.View):
    """A screen of the player. Subclasses draw in :meth:`draw_canvas` (1280 x 720 units)."""

    name = "view"
    captures_text = False  # True while typing: letters are not shortcuts then

    def __init__(self, app: PlayerWindow) -> None:
        super().__init__(app)
        self.app = app
        self.labels = Labels()
        self.buttons: list[Button] = []
        self.focus = 0  # index into buttons for keyboard use
        self.elapsed = 0.0

    # -- hooks for subclasses ----------------------------------------------------------------
    def draw_canvas(self) -> None:
        raise NotImplementedError

    def draw_world(self) -> None:
        """Drawn before the canvas, with the view's own camera (the flight's world)."""

    def tick(self, dt: float) -> None:
        """Once a frame, after the network events were applied."""

    # -- arcade ------------------------------------------------------------------------------
    def on_update(self, delta_time: float) -> None:
        self.elapsed += delta_time
        self.tick(delta_time)

    def on_draw(self) -> None:
        self.labels.begin_frame()
        self.clear(color=palette.SKY)
        self.draw_world()
        self.app.canvas.use()
        self.draw_canvas()
        self.app.draw_overlays(self.labels)

    def on_mouse_press(self, x: int, y: int, button: int, modifiers: int) -> bool | None:
        cx, cy = self.app.box.to_canvas(x, y)
        for b in self.buttons:
            if b.contains(cx, cy):
                b.click()
                return True
        return self.click(cx, cy)

    def click(self, x: float, y: float) -> bool | None:
        """A click on the canvas that hit no button."""
        return None

    def press_button(self, name: str) -> bool:
        """Click the button called ``name`` (keyboard, tests). False if absent or disabled."""
        for b in self.buttons:
            if b.name == name:
                return b.click()
        return False

    def button(self, name: str) -> Button | None:
        for b in self.buttons:
            if b.name == name:
                return b
        return None

    def draw_buttons(self) -> None:
        for i, b in enumerate(self.buttons):
            b.draw(self.labels, focused=i == self.focus and not self.captures_text)

    def shown_text(self) -> str:
        """Everything the screen says now, one label a line (what the tests read)."""
        return "\n".join(self.labels.shown().values())

    def title(self, text: str, subtitle: str = "", *, raw: bool = False) -> None:
        """The screen's title (``raw``: a name, drawn as it is) and a line under it."""
        self.labels.draw("title", text, 640, 660, size=34, bold=True, anchor_x="center", raw=raw)
        if subtitle:
            self.labels.draw(
                "subtitle", subtitle, 640, 622, size=18, colour=palette.DIM_TEXT, anchor_x="center"
            )
