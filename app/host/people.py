"""Students for :class:`app.host.host.ClassHost`: joining (join code, roster, reconnect
tokens, kicked and barred nicknames), moderation (mute, kick, readmit, anti-cheat flags
and the bar, hidden ranks), chat through the word filter, and every message a player
sends.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from app.errors import HostError
from app.host.core import GAME, TEACHER
from app.host.joincode import JoinCodeError, normalise_join_code
from app.host.moderation import FLAG_WINDOW, MAX_CHAT, should_bar
from app.host.play import PlayMixin
from app.host.rating import Rating
from app.host.room import Room
from app.host.roster import JoinRefusedError, Player, RosterFile, clean_nickname, parse_roster_csv
from app.host.round import RoundPhase
from app.store import ChatLine, StorageError
from game.lander import InvalidInputError
from netcode.messages import (
    Ack,
    Chat,
    ChatMessage,
    Error,
    Event,
    Input,
    Join,
    Leave,
    Ping,
    Pong,
    RequestState,
    Welcome,
)

log = logging.getLogger(__name__)

_UNSET_TIME = datetime(1970, 1, 1, tzinfo=UTC)  # ChatLine.created_at before it is stored


class PeopleMixin(PlayMixin):
    """Students: admission, moderation, chat and their messages."""

    # -- roster and moderation ---------------------------------------------------------------
    async def load_roster(self, csv_text: str) -> RosterFile:
        """Only the roster's nicknames may join from now on; bad rows are reported (with
        line numbers) in the result and skipped; the good rows are stored with the class."""
        parsed = parse_roster_csv(csv_text)
        if not parsed.entries:
            problems = "; ".join(str(p) for p in parsed.problems) or "it has no nicknames"
            raise HostError(f"roster not loaded: {problems}")
        if self.class_id is not None:
            try:
                await self.store.save_roster(self.class_id, list(parsed.entries))
            except StorageError as exc:
                raise HostError(str(exc)) from None
        self.roster.set_allowed(parsed.nicknames)
        self._publish(
            "roster_loaded",
            nicknames=parsed.nicknames,
            problems=[str(p) for p in parsed.problems],
        )
        return parsed

    def clear_roster(self) -> None:
        self.roster.set_allowed(None)

    def set_spectator(self, player_id: int, spectator: bool = True) -> None:
        """Watch without a lander from the next round on (or fly again); the choice holds
        for every later round until it is changed."""
        player = self._player(player_id)
        player.watching = spectator
        player.spectator = spectator

    def ping_ms(self, player_id: int) -> int | None:
        """The round trip time a connected student's player last reported, in whole
        milliseconds; None before its first report (or for an old player that sends none)."""
        player = self._player(player_id)
        if not player.connected:
            return None
        info = self._socket.peer_info(player.peer)
        return None if info is None or info.rtt_ms is None else round(info.rtt_ms)

    def mute(self, player_id: int) -> None:
        player = self._player(player_id)
        player.muted = True
        self._tell_muted(player)
        self._publish("player_muted", player_id=player_id, nickname=player.nickname)

    def unmute(self, player_id: int) -> None:
        player = self._player(player_id)
        player.muted = False
        self._tell_muted(player)
        self._publish("player_unmuted", player_id=player_id, nickname=player.nickname)

    def _tell_muted(self, player: Player) -> None:
        """The student learns at once that the teacher (un)muted them, not at their next line."""
        if player.connected:
            data = {"player_id": player.player_id, "muted": player.muted}
            self._send(player, Event(tick=0, kind="muted", data=data))

    def kick(
        self, player_id: int, reason: str = "removed by the teacher", *, allow_rejoin: bool = False
    ) -> None:
        """Remove a student from the class now. Their reconnect token dies with the seat, and
        their nickname is refused (``kicked``) for the rest of the lesson until
        :meth:`readmit`, unless ``allow_rejoin`` (then they may join again at once)."""
        player = self._player(player_id)
        if not allow_rejoin:
            self._kicked[player.nickname.casefold()] = player.nickname
        self._remove(player, "kicked", reason)
        self._publish(
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
        self._publish("player_readmitted", nickname=name)

    def kicked(self) -> list[str]:
        """Nicknames removed by the teacher and not readmitted, in kick order."""
        return list(self._kicked.values())

    async def lift_bar(self, nickname: str) -> None:
        """Let a barred student join this lesson again (the nickname in any case)."""
        if self.class_id is None or self.lesson_id is None:
            raise HostError("the host is not started")
        folded = nickname.strip().casefold()
        known = [sid for sid, name in self._barred_names.items() if name.casefold() == folded]
        try:
            student_id = (
                known[0] if known else await self.store.add_student(self.class_id, nickname)
            )
            await self.store.set_barred(self.lesson_id, student_id, False)
        except StorageError as exc:
            raise HostError(str(exc)) from None
        self._barred.discard(student_id)
        self._barred_names.pop(student_id, None)
        self._publish("bar_lifted", nickname=nickname, student_id=student_id)

    def barred(self) -> set[int]:
        return set(self._barred)

    def set_hide_ranks(self, hide: bool) -> None:
        """Hide others' scores from students until each round ends."""
        self.hide_ranks = hide
        self._publish("ranks_hidden" if hide else "ranks_shown")

    async def say(self, text: str, room: str | None = None) -> None:
        """A chat line from the teacher to one room (None: everyone)."""
        shown, _ = self.chat_filter.clean(text)
        if not shown:
            raise HostError("say what? the chat line is empty")
        targets = self.roster.players() if room is None else self._members(self._room(room))
        for player in targets:
            if player.connected:
                self._send(player, ChatMessage(sender=TEACHER, text=shown))
        await self._log_chat(room or "*", None, TEACHER, shown, False, True)

    # -- messages ----------------------------------------------------------------------------
    def _handle(self, peer: bytes, msg: object) -> None:
        now = self._wall()
        if isinstance(msg, Join):
            self._join(peer, msg, now)
            return
        player = self.roster.by_peer(peer)
        if player is None:
            self._socket.send(peer, Error(code="not_joined", message="join the class first"))
            return
        player.last_seen = now
        room = self.rooms.get(player.room) if player.room is not None else None
        if isinstance(msg, Input):
            if room is not None:
                self._note_ack(room, player, msg.ack_tick)
                self._input(room, player, msg)
        elif isinstance(msg, Ack):
            if room is not None:
                self._note_ack(room, player, msg.tick)
        elif isinstance(msg, Ping):
            self._socket.send(peer, Pong(client_time=msg.client_time, server_time=now))
        elif isinstance(msg, RequestState):
            self._send_full_state(player)
        elif isinstance(msg, Chat):
            self._chat(player, room, msg.text)
        elif isinstance(msg, Leave):
            self.roster.disconnect(peer)
            self._publish_left(player)
        else:
            self._socket.send(peer, Error(code="unexpected", message="the host does not take that"))

    def _chat(self, player: Player, room: Room | None, raw: str) -> None:
        text, filtered = self.chat_filter.clean(raw[: MAX_CHAT * 2])
        if not text:
            return
        where = room.name if room is not None else "lobby"
        if player.muted:
            self._send(player, Error(code="muted", message="your teacher muted your chat"))
        else:
            audience = self._members(room) if room is not None else self.lobby()
            for other in audience:
                if other.connected:
                    self._send(other, ChatMessage(sender=player.nickname, text=text))
        self._spawn(
            self._log_chat(
                where, player.student_id, player.nickname, text, filtered, not player.muted
            )
        )
        self._publish(
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
        if self.lesson_id is None:
            return
        line = ChatLine(0, room, student_id, sender, text, filtered, delivered, _UNSET_TIME)
        await self.store.log_chat(self.lesson_id, line)

    def _flag(self, player: Player, kind: str, detail: str) -> None:
        log.info("flag %s for %s: %s", kind, player.nickname, detail)
        self._publish("flag", flag=kind, nickname=player.nickname, detail=detail)
        if player.student_id is not None:
            self._spawn(self._store_flag(player, player.student_id, kind, detail))

    async def _store_flag(self, player: Player, student_id: int, kind: str, detail: str) -> None:
        count = await self.store.add_flag(
            student_id, kind, detail, lesson_id=self.lesson_id, window=FLAG_WINDOW
        )
        if should_bar(count) and student_id not in self._barred:
            self._barred.add(student_id)
            self._barred_names[student_id] = player.nickname
            if self.lesson_id is not None:
                await self.store.set_barred(self.lesson_id, student_id, True)
            if self.roster.get(player.player_id) is player:
                self._remove(
                    player,
                    "barred",
                    f"{count} anti-cheat flags in 24 hours: barred from this lesson "
                    "until your teacher lifts it",
                )
            self._publish(
                "student_barred", nickname=player.nickname, student_id=student_id, flags=count
            )

    def _note_ack(self, room: Room, player: Player, tick: int) -> None:
        rnd = room.round
        if rnd is not None and tick <= rnd.tick:
            room.acked[player.player_id] = max(tick, room.acked.get(player.player_id, -1))

    def _input(self, room: Room, player: Player, msg: Input) -> None:
        rnd = room.round
        if rnd is None or rnd.phase is not RoundPhase.ACTIVE:
            return
        try:
            rnd.submit(
                player.player_id, msg.sequence, msg.thrust, msg.rotation, msg.abort, msg.ack_tick
            )
        except InvalidInputError as exc:
            self._socket.send(player.peer, Error(code="bad_input", message=str(exc)))
            self._flag(player, "range", str(exc))

    # -- joining -----------------------------------------------------------------------------
    def _refuse(self, peer: bytes, code: str, message: str) -> None:
        self._socket.send(peer, Error(code=code, message=message))

    def _join(self, peer: bytes, msg: Join, now: float) -> None:
        try:
            code = normalise_join_code(msg.code)
        except JoinCodeError as exc:
            self._refuse(peer, "wrong_code", str(exc))
            return
        if code != self.join_code:
            self._refuse(
                peer, "wrong_code", f"{code} is not this class's join code; check the board"
            )
            return
        if self._lesson_over:
            self._refuse(
                peer, "code_expired", f"the lesson with code {code} has ended; ask for a new code"
            )
            return
        if self._kicked and self._was_kicked(msg.nickname):
            self._refuse(
                peer,
                "kicked",
                f"your teacher removed {msg.nickname.strip()} from this lesson; "
                "ask your teacher to let you back in",
            )
            return
        if self._barred_names and self._is_barred(msg.nickname):
            self._refuse(
                peer,
                "barred",
                f"{msg.nickname.strip()} is barred from this lesson; ask your teacher",
            )
            return
        if msg.token:
            returning = self.roster.by_token(msg.token)
            if returning is not None:
                self.roster.reseat(returning, peer, now)
                self._welcome(returning)
                self._tell_missed(returning)
                return
        try:
            player = self.roster.seat(peer, msg.nickname, msg.character, now)
        except JoinRefusedError as exc:
            self._refuse(peer, exc.code, exc.message)
            return
        self._spawn(self._admit(player))

    def _was_kicked(self, nickname: str) -> bool:
        try:
            return clean_nickname(nickname).casefold() in self._kicked
        except JoinRefusedError:
            return False  # a bad nickname is refused as such by the seat

    def _is_barred(self, nickname: str) -> bool:
        """Barred by nickname in any case: the store tells "Flint" and "flint" apart, the
        class does not, so a bar must not be dodged by typing the nickname differently."""
        try:
            folded = clean_nickname(nickname).casefold()
        except JoinRefusedError:
            return False
        return any(name.casefold() == folded for name in self._barred_names.values())

    async def _admit(self, player: Player) -> None:
        assert self.class_id is not None
        try:
            player.student_id = await self.store.add_student(self.class_id, player.nickname)
            stored = await self.store.ratings([player.student_id], GAME)
        except StorageError as exc:
            self.roster.remove(player.player_id)
            self._socket.send(player.peer, Error(code="host_error", message=str(exc)))
            return
        if player.student_id in self._barred:
            self.roster.remove(player.player_id)
            self._refuse(
                player.peer,
                "barred",
                f"{player.nickname} is barred from this lesson; ask your teacher",
            )
            return
        if player.student_id in stored:
            r = stored[player.student_id]
            player.rating = Rating(r.rating, r.rd, r.volatility, r.matches)
        self._welcome(player)
        self._broadcast_all(
            "player_joined",
            {
                "player_id": player.player_id,
                "nickname": player.nickname,
                "character": player.character,
            },
        )
        self._publish(
            "player_joined",
            player_id=player.player_id,
            nickname=player.nickname,
            rating=player.rating.shown,
        )
        self._place(player)
        if player.room is None:
            self._seat_in_store(player)

    def _welcome(self, player: Player) -> None:
        self._socket.send(
            player.peer,
            Welcome(
                player_id=player.player_id,
                token=player.token,
                tick_rate=self.settings.tick_rate,
                snapshot_rate=self.settings.snapshot_rate,
                class_name=self.settings.class_name,
            ),
        )
        self._send_full_state(player)
