"""Moderation: chat through the word filter, mute, kick and readmit, anti-cheat flags and
the bar, hidden ranks.

Chat words are filtered with ``better-profanity`` (a maintained word list with leetspeak
variants). The seed's rule for flags: 3 flags in 24 hours bar a student from the class
session until the teacher lifts the bar.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from better_profanity import Profanity  # type: ignore[import-untyped]

from app.errors import HostError
from app.host.constants import TEACHER
from app.host.publisher import Publisher
from app.host.room import Room
from app.host.roster import JoinRefusedError, Player, Roster, clean_nickname
from app.host.seating import ClassIds, Seating
from app.host.sender import Sender
from app.host.writes import Writes
from app.store import ChatLine, StorageError, Store
from netcode.messages import ChatMessage, Error
from netcode.ratelimit import TokenBucket

log = logging.getLogger(__name__)

FLAG_LIMIT = 3
FLAG_WINDOW = timedelta(hours=24)
MAX_CHAT = 200
CHAT_BURST = 5  # lines a student may send at once ...
CHAT_RATE = 0.5  # ... then one every two seconds
_UNSET_TIME = datetime(1970, 1, 1, tzinfo=UTC)  # ChatLine.created_at before it is stored


class ChatFilter:
    """Hide rude words as ``****``; the word list is loaded once per host."""

    def __init__(self, extra_words: list[str] | None = None) -> None:
        self._profanity = Profanity()
        if extra_words:
            self._profanity.add_censor_words(list(extra_words))

    def clean(self, text: str) -> tuple[str, bool]:
        """``(text as shown, whether anything was hidden)``; trimmed to :data:`MAX_CHAT`."""
        trimmed = " ".join(text.split())[:MAX_CHAT]
        shown = str(self._profanity.censor(trimmed))
        return shown, shown != trimmed


def should_bar(flags_in_window: int) -> bool:
    """True once a student has :data:`FLAG_LIMIT` flags inside :data:`FLAG_WINDOW`."""
    return flags_in_window >= FLAG_LIMIT


class Moderation:
    """The teacher's hand on the class: who may speak, who stays, who is barred."""

    def __init__(
        self,
        *,
        roster: Roster,
        seating: Seating,
        sender: Sender,
        publisher: Publisher,
        writes: Writes,
        store: Store,
        ids: ClassIds,
        chat_filter: ChatFilter,
        remove: Callable[[Player, str, str], None],
        hide_ranks: bool,
        clock: Callable[[], float],
    ) -> None:
        self.roster = roster
        self.seating = seating
        self.sender = sender
        self.publisher = publisher
        self.writes = writes
        self.store = store
        self.ids = ids
        self.chat_filter = chat_filter
        self._remove = remove
        self.hide_ranks = hide_ranks
        self._barred: set[int] = set()  # student ids barred from this lesson
        self._barred_names: dict[int, str] = {}  # barred student id -> nickname
        self._kicked: dict[str, str] = {}  # folded nickname -> nickname, kicked this lesson
        self._clock = clock
        self._chat_buckets: dict[int, TokenBucket] = {}  # player id -> their chat allowance
        self.chat_refused = 0

    # -- mute, kick, readmit -----------------------------------------------------------------
    def mute(self, player_id: int, on: bool = True) -> None:
        player = self.seating.player(player_id)
        player.muted = on
        if player.connected:  # the student learns at once, not at their next line
            data = {"player_id": player.player_id, "muted": on}
            self.sender.event([player], 0, "muted", data)
        kind = "player_muted" if on else "player_unmuted"
        self.publisher.publish(kind, player_id=player_id, nickname=player.nickname)

    def kick(self, player_id: int, reason: str, *, allow_rejoin: bool) -> None:
        """Remove a student from the class now. Their reconnect token dies with the seat, and
        their nickname is refused (``kicked``) for the rest of the lesson until
        :meth:`readmit`, unless ``allow_rejoin`` (then they may join again at once)."""
        player = self.seating.player(player_id)
        if not allow_rejoin:
            self._kicked[player.nickname.casefold()] = player.nickname
        self._remove(player, "kicked", reason)
        self.publisher.publish(
            "player_kicked",
            player_id=player_id,
            nickname=player.nickname,
            allow_rejoin=allow_rejoin,
        )

    def readmit(self, nickname: str) -> None:
        """Let a kicked student join this lesson again (with a new seat and token)."""
        folded = nickname.strip().casefold()
        if folded not in self._kicked:
            raise HostError(f"{nickname.strip()!r} was not removed from this lesson")
        name = self._kicked.pop(folded)
        self.publisher.publish("player_readmitted", nickname=name)

    def kicked(self) -> list[str]:
        """Nicknames removed by the teacher and not readmitted, in kick order."""
        return list(self._kicked.values())

    def was_kicked(self, nickname: str) -> bool:
        if not self._kicked:
            return False
        try:
            return clean_nickname(nickname).casefold() in self._kicked
        except JoinRefusedError:
            return False  # a bad nickname is refused as such by the seat

    # -- the bar -----------------------------------------------------------------------------
    def is_barred(self, nickname: str) -> bool:
        """Barred by nickname in any case: a bar must not be dodged by typing the nickname
        differently."""
        if not self._barred_names:
            return False
        try:
            folded = clean_nickname(nickname).casefold()
        except JoinRefusedError:
            return False
        return any(name.casefold() == folded for name in self._barred_names.values())

    def barred_student(self, student_id: int) -> bool:
        return student_id in self._barred

    def barred(self) -> set[int]:
        return set(self._barred)

    async def lift_bar(self, nickname: str) -> None:
        """Let a barred student join this lesson again (the nickname in any case)."""
        if self.ids.class_id is None or self.ids.lesson_id is None:
            raise HostError("the host is not started")
        folded = nickname.strip().casefold()
        known = [sid for sid, name in self._barred_names.items() if name.casefold() == folded]
        try:
            student_id = (
                known[0] if known else await self.store.add_student(self.ids.class_id, nickname)
            )
            await self.store.set_barred(self.ids.lesson_id, student_id, False)
        except StorageError as exc:
            raise HostError(str(exc)) from None
        self._barred.discard(student_id)
        self._barred_names.pop(student_id, None)
        self.publisher.publish("bar_lifted", nickname=nickname, student_id=student_id)

    def flag(self, player: Player, kind: str, detail: str) -> None:
        log.info("flag %s for %s: %s", kind, player.nickname, detail)
        self.publisher.publish("flag", flag=kind, nickname=player.nickname, detail=detail)
        if player.student_id is not None:
            self.writes.spawn(self._store_flag(player, player.student_id, kind, detail))

    async def _store_flag(self, player: Player, student_id: int, kind: str, detail: str) -> None:
        count = await self.store.add_flag(
            student_id, kind, detail, lesson_id=self.ids.lesson_id, window=FLAG_WINDOW
        )
        if should_bar(count) and student_id not in self._barred:
            self._barred.add(student_id)
            self._barred_names[student_id] = player.nickname
            if self.ids.lesson_id is not None:
                await self.store.set_barred(self.ids.lesson_id, student_id, True)
            if self.roster.get(player.player_id) is player:
                self._remove(
                    player,
                    "barred",
                    f"{count} anti-cheat flags in 24 hours: barred from this lesson "
                    "until your teacher lifts it",
                )
            self.publisher.publish(
                "student_barred", nickname=player.nickname, student_id=student_id, flags=count
            )

    # -- ranks and chat ----------------------------------------------------------------------
    def set_hide_ranks(self, hide: bool) -> None:
        """Hide others' scores from students until each round ends."""
        self.hide_ranks = hide
        self.publisher.publish("ranks_hidden" if hide else "ranks_shown")

    async def say(self, text: str, room: str | None = None) -> None:
        """A chat line from the teacher to one room (None: everyone)."""
        shown, _ = self.chat_filter.clean(text)
        if not shown:
            raise HostError("say what? the chat line is empty")
        targets = (
            self.roster.players() if room is None else self.seating.members(self.seating.room(room))
        )
        for player in targets:
            if player.connected:
                self.sender.send(player, ChatMessage(sender=TEACHER, text=shown))
        await self._log_chat(room or "*", None, TEACHER, shown, False, True)

    def chat(self, player: Player, room: Room | None, raw: str) -> None:
        """A student's line: filtered, rate limited (a flood is refused, not relayed nor
        stored), relayed to the room (or the lobby) unless the student is muted, logged."""
        now = self._clock()
        bucket = self._chat_buckets.get(player.player_id)
        if bucket is None:
            bucket = self._chat_buckets[player.player_id] = TokenBucket(CHAT_RATE, CHAT_BURST, now)
        if not bucket.take(now):
            self.chat_refused += 1
            self.sender.send(
                player,
                Error(
                    code="chat_rate_limited",
                    message=f"slow down: at most {CHAT_BURST} lines at once, then one every "
                    f"{1 / CHAT_RATE:.0f} s",
                ),
            )
            return
        text, filtered = self.chat_filter.clean(raw[: MAX_CHAT * 2])
        if not text:
            return
        where = room.name if room is not None else "lobby"
        if player.muted:
            self.sender.send(player, Error(code="muted", message="your teacher muted your chat"))
        else:
            audience = self.seating.members(room) if room is not None else self.seating.lobby()
            for other in audience:
                if other.connected:
                    self.sender.send(other, ChatMessage(sender=player.nickname, text=text))
        self.writes.spawn(
            self._log_chat(
                where, player.student_id, player.nickname, text, filtered, not player.muted
            )
        )
        self.publisher.publish(
            "chat",
            nickname=player.nickname,
            text=text,
            room=where,
            filtered=filtered,
            delivered=not player.muted,
        )

    async def _log_chat(
        self,
        room: str,
        student_id: int | None,
        sender: str,
        text: str,
        filtered: bool,
        delivered: bool,
    ) -> None:
        if self.ids.lesson_id is None:
            return
        line = ChatLine(0, room, student_id, sender, text, filtered, delivered, _UNSET_TIME)
        await self.store.log_chat(self.ids.lesson_id, line)
