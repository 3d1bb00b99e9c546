"""Who gets in: the join code, the roster file, kicked and barred nicknames, reconnect
tokens, a name reclaimed from another computer with the teacher's approval, the welcome; and
who leaves (a student's ``leave`` frees the seat and the name; the teacher's removal)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from app.config import Settings
from app.errors import HostError
from app.host.joincode import JoinCodeError, normalise_join_code
from app.host.moderation import Moderation
from app.host.publisher import Publisher
from app.host.rating import Rating
from app.host.roster import JoinRefusedError, Player, Roster, RosterFile, parse_roster_csv
from app.host.rounds import Rounds
from app.host.seating import ClassIds, Seating
from app.host.sender import Sender
from app.host.writes import Writes
from app.store import StorageError, Store
from game.registry import get_game
from netcode.messages import Error, Join, Welcome
from netcode.server import HostSocket

log = logging.getLogger(__name__)

RECLAIM_APPROVAL_S = 120.0  # an approval waits this long for the student's next attempt
RECLAIM_ASK_EVERY_S = 30.0  # the console is asked again at most this often per nickname


class Admission:
    def __init__(
        self,
        *,
        settings: Settings,
        store: Store,
        roster: Roster,
        seating: Seating,
        rounds: Rounds,
        moderation: Moderation,
        sender: Sender,
        socket: HostSocket,
        publisher: Publisher,
        writes: Writes,
        ids: ClassIds,
        wall: Callable[[], float],
    ) -> None:
        self.settings = settings
        self.store = store
        self.roster = roster
        self.seating = seating
        self.rounds = rounds
        self.moderation = moderation
        self.sender = sender
        self.socket = socket
        self.publisher = publisher
        self.writes = writes
        self.ids = ids
        self.wall = wall
        self._approved: dict[str, float] = {}  # folded nickname -> approval expires at
        self._asked: dict[str, float] = {}  # folded nickname -> when the console was asked

    # -- the roster file ---------------------------------------------------------------------
    async def load_roster(self, csv_text: str) -> RosterFile:
        """Only the roster's nicknames may join from now on; bad rows are reported (with
        line numbers) in the result and skipped; the good rows are stored with the class."""
        parsed = parse_roster_csv(csv_text)
        if not parsed.entries:
            problems = "; ".join(str(p) for p in parsed.problems) or "it has no nicknames"
            raise HostError(f"roster not loaded: {problems}")
        if self.ids.class_id is not None:
            try:
                await self.store.save_roster(self.ids.class_id, list(parsed.entries))
            except StorageError as exc:
                raise HostError(str(exc)) from None
        self.roster.set_allowed(parsed.nicknames)
        self.publisher.publish(
            "roster_loaded",
            nicknames=parsed.nicknames,
            problems=[str(p) for p in parsed.problems],
        )
        return parsed

    # -- joining -----------------------------------------------------------------------------
    def join(self, peer: bytes, msg: Join) -> None:
        now = self.wall()
        refuse = self.sender.refuse
        try:
            code = normalise_join_code(msg.code)
        except JoinCodeError as exc:
            refuse(peer, "wrong_code", str(exc))
            return
        if code != self.ids.join_code:
            refuse(peer, "wrong_code", f"{code} is not this class's join code; check the board")
            return
        if self.ids.over:
            refuse(
                peer, "code_expired", f"the lesson with code {code} has ended; ask for a new code"
            )
            return
        if self.moderation.was_kicked(msg.nickname):
            refuse(
                peer,
                "kicked",
                f"your teacher removed {msg.nickname.strip()} from this lesson; "
                "ask your teacher to let you back in",
            )
            return
        if self.moderation.is_barred(msg.nickname):
            refuse(
                peer,
                "barred",
                f"{msg.nickname.strip()} is barred from this lesson; ask your teacher",
            )
            return
        if msg.token:
            returning = self.roster.by_token(msg.token)
            if returning is not None:
                self.roster.reseat(returning, peer, now)
                self.welcome(returning)
                self.rounds.tell_missed(returning)
                self.publisher.publish(
                    "player_returned", player_id=returning.player_id, nickname=returning.nickname
                )
                return
            came_back = self.roster.readmit(msg.token, peer, msg.character, now)
            if came_back is not None:  # left earlier this lesson: seated again as before
                self.writes.spawn(self._admit(came_back))
                return
        try:
            player = self.roster.seat(peer, msg.nickname, msg.character, now)
        except JoinRefusedError as exc:
            if exc.code == "reclaim_pending" and self._reclaim(peer, msg.nickname, now):
                return
            refuse(peer, exc.code, exc.message)
            return
        self.writes.spawn(self._admit(player))

    def _reclaim(self, peer: bytes, nickname: str, now: float) -> bool:
        """A student asks for the seat of a disconnected student with the same name from
        another computer: seated when the teacher approved it, else the teacher is asked."""
        holder = self.roster.by_nickname(nickname)
        if holder is None:
            return False
        folded = holder.nickname.casefold()
        if self._approved.get(folded, 0.0) >= now:
            del self._approved[folded]
            player = self.roster.reclaim(holder.nickname, peer, now)
            self.welcome(player)
            self.rounds.tell_missed(player)
            self.publisher.publish(
                "player_reclaimed", player_id=player.player_id, nickname=player.nickname
            )
            return True
        if now - self._asked.get(folded, -RECLAIM_ASK_EVERY_S) >= RECLAIM_ASK_EVERY_S:
            self._asked[folded] = now
            self.publisher.publish(
                "reclaim_requested", player_id=holder.player_id, nickname=holder.nickname
            )
        return False

    def approve_reclaim(self, nickname: str) -> None:
        """The teacher lets a student go on as ``nickname`` from another computer (their
        next join attempt, within two minutes, takes the seat, round and history)."""
        holder = self.roster.by_nickname(nickname)
        if holder is None or holder.connected:
            raise HostError(f"nobody called {nickname.strip()!r} is waiting to come back")
        self._approved[holder.nickname.casefold()] = self.wall() + RECLAIM_APPROVAL_S
        self._asked.pop(holder.nickname.casefold(), None)
        self.publisher.publish("reclaim_approved", nickname=holder.nickname)

    async def _admit(self, player: Player) -> None:
        assert self.ids.class_id is not None
        game = self.settings.game
        try:
            player.student_id = await self.store.add_student(self.ids.class_id, player.nickname)
            stored = await self.store.ratings([player.student_id], game)
        except StorageError as exc:
            self.roster.remove(player.player_id, departed=False)
            self.socket.send(player.peer, Error(code="host_error", message=str(exc)))
            return
        if self.roster.get(player.player_id) is not player:
            # left, removed or barred while the database answered (a flood of joins and
            # garbage from one connection does that): nothing to welcome or seat, and no
            # student row to keep unless something of theirs is stored
            self.writes.spawn(self.store.prune_students([player.student_id]))
            return
        if self.moderation.barred_student(player.student_id):
            self.roster.remove(player.player_id, keep_token=False, departed=False)
            self.sender.refuse(
                player.peer,
                "barred",
                f"{player.nickname} is barred from this lesson; ask your teacher",
            )
            return
        if player.student_id in stored:
            r = stored[player.student_id]
            player.rating = Rating(r.rating, r.rd, r.volatility, r.matches)
            player.ratings[game] = player.rating
        self.welcome(player)
        self.sender.everyone(
            "player_joined",
            {
                "player_id": player.player_id,
                "nickname": player.nickname,
                "character": player.character,
            },
        )
        self.publisher.publish(
            "player_joined",
            player_id=player.player_id,
            nickname=player.nickname,
            rating=player.rating.shown,
        )
        self.seating.place(player)
        if player.room is None:
            self.seating.seat_in_store(player)

    def welcome(self, player: Player) -> None:
        room = self.seating.room_of_player(player)
        game = get_game(room.game if room is not None else self.settings.game)
        self.socket.send(
            player.peer,
            Welcome(
                player_id=player.player_id,
                token=player.token,
                tick_rate=self.settings.tick_rate,
                snapshot_rate=self.settings.snapshot_rate,
                class_name=self.settings.class_name,
                game=game.wire(),
            ),
        )
        self.seating.send_full_state(player)

    # -- leaving -----------------------------------------------------------------------------
    def left(self, player: Player, *, gone: bool = False) -> None:
        """Tell the class and the console that a student is gone: ``gone`` when they left
        (seat and name free), else the connection went quiet (the seat stays for a reconnect
        with the token)."""
        self.sender.everyone("player_left", {"player_id": player.player_id, "left": gone})
        self.publisher.publish(
            "player_left", player_id=player.player_id, nickname=player.nickname, left=gone
        )

    def leave(self, player: Player) -> None:
        """The student left (``leave``): the seat and the name are free again; their
        results stay theirs, and they show as offline until they come back."""
        self.seating.leave_room(player)
        self.socket.forget(player.peer)
        self.roster.remove(player.player_id)
        self.left(player, gone=True)
        self._prune(player)

    def _prune(self, player: Player) -> None:
        """A student who leaves having left nothing behind (no result, flag, chat...) is
        not kept as a student of the class (docs/host-api.md, "Who is stored"); one still
        in a running round waits for the lesson's end (their result is still to come)."""
        if player.student_id is None or self.rounds.in_running_round(player.player_id):
            return
        self.writes.spawn(self.store.prune_students([player.student_id]))

    def remove(self, player: Player, code: str, message: str) -> None:
        """The teacher (or the bar) removes a student: the seat and its token are gone."""
        if player.connected:
            self.sender.send(player, Error(code=code, message=message))
        self.seating.leave_room(player)
        self.socket.forget(player.peer)
        self.roster.remove(player.player_id, keep_token=False)
        self.left(player, gone=True)
        self._prune(player)

    def ping_ms(self, player_id: int) -> int | None:
        """The round trip time a connected student's player last reported, in whole
        milliseconds; None before its first report (or for an old player that sends none)."""
        player = self.seating.player(player_id)
        if not player.connected:
            return None
        info = self.socket.peer_info(player.peer)
        return None if info is None or info.rtt_ms is None else round(info.rtt_ms)
