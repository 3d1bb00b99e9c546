"""Lobby: who is in the class, the chat, and the countdown to the next round."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyglet.window import key as keys

from app.player import palette
from app.player.characters import draw_character
from app.player.i18n import tr
from app.player.session import Phase
from app.player.ui import TextField, panel
from app.player.views.base import PlayerView

if TYPE_CHECKING:
    from app.player.window import PlayerWindow

CHAT_LINES = 12


class LobbyView(PlayerView):
    name = "lobby"

    def __init__(self, app: PlayerWindow) -> None:
        super().__init__(app)
        self.chat_field = TextField(
            "chat", "Chat (press Enter to type, Enter to send)", 560, 80, w=680, max_length=200
        )
        self.typing = False

    @property
    def captures_text(self) -> bool:  # type: ignore[override]
        return self.typing

    def on_text(self, text: str) -> None:
        if self.typing and text not in ("\r", "\n"):
            self.chat_field.type_text(text)

    def on_key_press(self, symbol: int, modifiers: int) -> bool | None:
        if symbol in (keys.ENTER, keys.RETURN, keys.NUM_ENTER):
            if self.typing:
                self.send_chat()
            else:
                self.typing = True  # muted or not: only the host knows if the teacher unmuted
            return True
        if self.typing and symbol == keys.BACKSPACE:
            self.chat_field.backspace()
        elif self.typing and symbol == keys.ESCAPE:
            self.typing = False
        elif not self.typing and symbol == keys.K:
            self.app.show_keys()
        return None

    def send_chat(self) -> None:
        text = self.chat_field.value.strip()
        self.chat_field.value = ""
        self.typing = False
        if text:
            self.app.net.send_chat(text)

    def status_line(self) -> str:
        s = self.app.session
        if s.phase is Phase.COUNTDOWN:
            return tr("Round starts in {0:.0f} s").format(s.countdown_left())
        if s.phase is Phase.PAUSED:
            return tr("PAUSED: your teacher paused the round.")
        if s.phase in (Phase.ACTIVE, Phase.FINISHING) and not s.in_round:
            return tr("A round is in progress: you fly in the next one.")
        return tr("Waiting for your teacher to start the round...")

    def draw_canvas(self) -> None:
        s = self.app.session
        self.title(s.class_name or tr("Your class"), self.status_line(), raw=True)
        panel(40, 520, 60, 590)
        members = sorted(s.members.values(), key=lambda m: m.player_id)
        self.labels.draw(
            "members-title",
            tr("In the class ({0} of 8)").format(len(members)),
            60,
            555,
            size=20,
            bold=True,
        )
        for i, m in enumerate(members[:8]):
            y = 505 - i * 58
            draw_character(m.character, 85, y, 48)
            text = m.nickname
            if m.player_id == s.player_id:
                text = tr("{0} (you)").format(text)
            if not m.connected:
                text = tr("{0}  - offline").format(text)
            colour = palette.TEXT if m.connected else palette.DIM_TEXT
            self.labels.draw(f"member-{i}", text, 125, y - 8, size=20, colour=colour, raw=True)
        for i in range(len(members), 8):
            self.labels.draw(f"member-{i}", "", 125, 505 - i * 58, size=20)
        panel(540, 1260, 60, 590)
        self.labels.draw("chat-title", "Chat", 560, 555, size=20, bold=True)
        lines = list(s.chat)[-CHAT_LINES:]
        for i in range(CHAT_LINES):
            text, colour = "", palette.TEXT
            if i < len(lines):
                line = lines[i]
                text = tr(line.text) if line.system else f"{line.sender}: {line.text}"
                colour = palette.YELLOW if line.system else palette.TEXT
            self.labels.draw(f"chat-{i}", text, 560, 515 - i * 30, size=16, colour=colour, raw=True)
        self.chat_field.label = (
            tr("Muted by your teacher: the class does not see your lines")
            if s.muted
            else tr("Chat (press Enter to type, Enter to send)")
        )
        self.chat_field.draw(self.labels, focused=self.typing, blink=int(self.elapsed * 2) % 2 == 0)
        self.labels.draw(
            "muted",
            "MUTED" if s.muted else "",
            1240,
            555,
            size=17,
            bold=True,
            colour=palette.VERMILLION,
            anchor_x="right",
        )
        self.labels.draw(
            "keys-hint",
            "K: change keys   M: sound on/off",
            640,
            22,
            size=15,
            colour=palette.DIM_TEXT,
            anchor_x="center",
        )
