"""Rooms and who sits where: creating, filling, moving and closing rooms (idle ones too),
grouping by rating, and the full state a student is sent of their room."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.errors import HostError
from app.host.constants import Grouping
from app.host.matchmaking import MatchQueue, group_by_rating
from app.host.publisher import Publisher
from app.host.room import ROOM_CAPACITY, Room, RoomStatus, next_room_name
from app.host.roster import Player, Roster
from app.host.round import Round
from app.host.sender import Sender
from app.host.snapshots import encode_snapshot
from app.host.writes import Writes
from app.store import Store
from netcode.messages import FullState

log = logging.getLogger(__name__)


@dataclass
class ClassIds:
    """The class and lesson being hosted (set when the host starts), and whether the
    lesson is over (the join code stops working)."""

    join_code: str
    class_id: int | None = None
    lesson_id: int | None = None
    over: bool = False


class Seating:
    """The rooms of one class and the students in them."""

    def __init__(
        self,
        *,
        roster: Roster,
        sender: Sender,
        publisher: Publisher,
        writes: Writes,
        store: Store,
        ids: ClassIds,
        clock: Callable[[], float],
        grouping: Grouping,
        idle_close_s: float,
    ) -> None:
        self.roster = roster
        self.sender = sender
        self.publisher = publisher
        self.writes = writes
        self.store = store
        self.ids = ids
        self.clock = clock
        self.grouping: Grouping = grouping
        self.idle_close_s = idle_close_s
        self.rooms: dict[str, Room] = {}
        self.queue = MatchQueue(room_size=ROOM_CAPACITY)
        self.last_room: str | None = None

    # -- lookups -----------------------------------------------------------------------------
    def player(self, player_id: int) -> Player:
        player = self.roster.get(player_id)
        if player is None:
            raise HostError(f"no player {player_id} in this class")
        return player

    def room(self, name: str) -> Room:
        room = self.rooms.get(name)
        if room is None:
            known = ", ".join(sorted(self.rooms)) or "none yet"
            raise HostError(f"no room {name!r} (rooms: {known})")
        return room

    def room_of_player(self, player: Player) -> Room | None:
        return self.rooms.get(player.room) if player.room is not None else None

    def members(self, room: Room) -> list[Player]:
        return [p for pid in room.members if (p := self.roster.get(pid)) is not None]

    def lobby(self) -> list[Player]:
        """Students not in a room yet (waiting for the teacher or for matchmaking)."""
        return [p for p in self.roster.players() if p.room is None]

    def targets(self, room: str | None) -> list[Room]:
        return list(self.rooms.values()) if room is None else [self.room(room)]

    def default_room(self, name: str | None, *, quiet: bool = False) -> Room | None:
        """``name``'s room; else the room that last started a round, or the only room."""
        if name is not None:
            return self.room(name)
        if self.last_room is not None and self.last_room in self.rooms:
            return self.rooms[self.last_room]
        if len(self.rooms) == 1:
            return next(iter(self.rooms.values()))
        if not self.rooms or quiet:
            return None
        raise HostError(
            f"this class has {len(self.rooms)} rooms ({', '.join(sorted(self.rooms))}); name one"
        )

    def room_event(self, room: Room, kind: str, data: dict[str, object]) -> None:
        tick = room.round.tick if room.round is not None else 0
        self.sender.event(self.members(room), tick, kind, data)

    # -- seeing rooms ------------------------------------------------------------------------
    def statuses(self) -> list[RoomStatus]:
        out = []
        for room in self.rooms.values():
            rnd = room.round
            out.append(
                RoomStatus(
                    name=room.name,
                    members=tuple(p.nickname for p in self.members(room)),
                    mode=room.mode.value,
                    round_id=None if rnd is None else rnd.round_id,
                    phase="lobby" if rnd is None else rnd.phase.value,
                    wave=room.wave,
                    tick=0 if rnd is None else rnd.tick,
                    time_left=0.0 if rnd is None else rnd.time_left,
                    flying=0 if rnd is None else len(rnd.playing()),
                    ended=0 if rnd is None else len(rnd.results),
                    game=room.game if rnd is None else rnd.game.key,
                )
            )
        return out

    # -- rooms -------------------------------------------------------------------------------
    def create(self, name: str | None = None) -> str:
        """A new empty room; returns its name ("A", "B", ... unless ``name`` is given)."""
        if name is None:
            name = next_room_name(set(self.rooms))
        name = name.strip()
        if not name or len(name) > 16:
            raise HostError(f"a room name has 1 to 16 characters, got {name!r}")
        if name in self.rooms:
            raise HostError(f"room {name} already exists")
        self.rooms[name] = Room(name, created_at=self.clock())
        self.publisher.publish("room_opened", room=name)
        return name

    def assign(self, player_id: int, room: str) -> None:
        """Put a student in a room (moving them out of their old one). Refused while either
        room plays a round in which the student takes part."""
        player = self.player(player_id)
        target = self.room(room)
        if player.room == room:
            return
        if target.full:
            raise HostError(f"room {room} is full ({ROOM_CAPACITY} players)")
        if player.room is not None:
            old = self.rooms[player.room]
            if old.running and old.round is not None and old.round.has_player(player_id):
                raise HostError(
                    f"{player.nickname} is playing in room {old.name}; move them after the round"
                )
            old.members.remove(player_id)
            old.last_active = self.clock()
        self.queue.remove(player_id)
        previous = player.room
        player.room = room
        target.members.append(player_id)
        target.last_active = self.clock()
        player.spectator = target.running
        self.seat_in_store(player)
        if player.connected:
            self.sender.event([player], 0, "room_assigned", {"room": room})
            self.send_full_state(player)
        kind = "player_moved" if previous is not None else "player_assigned"
        self.publisher.publish(
            kind, player_id=player_id, nickname=player.nickname, room=room, previous=previous
        )

    def unassign(self, player_id: int) -> None:
        """Send a student back to the lobby (out of every room)."""
        player = self.player(player_id)
        if player.room is None:
            return
        self.rooms[player.room].members.remove(player_id)
        player.room = None
        if player.connected:
            self.send_full_state(player)

    def leave_room(self, player: Player) -> None:
        """A student leaves the class: out of their room and the matchmaking queue."""
        room = self.room_of_player(player)
        if room is not None and player.player_id in room.members:
            room.members.remove(player.player_id)
        self.queue.remove(player.player_id)

    def auto_group(self) -> dict[str, list[str]]:
        """Group every student in the lobby by rating now, into new rooms of up to eight
        (neighbours by Glicko-2 rating together). Returns room -> nicknames."""
        waiting = self.lobby()
        for player in waiting:
            self.queue.remove(player.player_id)
        groups = group_by_rating({p.player_id: p.rating.rating for p in waiting})
        return self._open_groups(groups)

    def _open_groups(self, groups: Iterable[list[int]]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for group in groups:
            name = self.create()
            for pid in group:
                self.assign(pid, name)
            out[name] = [self.player(pid).nickname for pid in group]
            self.publisher.publish("room_grouped", room=name, nicknames=out[name])
        return out

    def close(self, room: str) -> None:
        """Close a room; its students go back to the lobby. Refused while it runs a round."""
        target = self.room(room)
        if target.running:
            raise HostError(f"room {room} is running a round; end it first")
        for pid in list(target.members):
            self.unassign(pid)
        del self.rooms[room]
        if self.last_room == room:
            self.last_room = None
        self.publisher.publish("room_closed", room=room)

    def close_idle(self, now: float | None = None) -> list[str]:
        """Close rooms idle (no round) for ``idle_close_s`` on the host clock."""
        t = self.clock() if now is None else now
        closing = [r.name for r in self.rooms.values() if r.idle_for(t) >= self.idle_close_s]
        for name in closing:
            self.close(name)
        return closing

    def poll_matchmaking(self, now: float | None = None) -> dict[str, list[str]]:
        """Form the rooms matchmaking can form now (grouping "rating")."""
        t = self.clock() if now is None else now
        return self._open_groups(self.queue.poll(t))

    def seat_lobby(self) -> None:
        for player in self.roster.players():
            if player.room is None:
                self.place(player)

    def place(self, player: Player) -> None:
        """Where a new student goes: the matchmaking queue, the lobby, or a room with space."""
        if self.grouping == "rating":
            if player.player_id not in self.queue:
                self.queue.add(player.player_id, player.rating.rating, self.clock())
            return
        if self.grouping == "manual":
            return
        room = next((r for r in self.rooms.values() if not r.full), None)
        name = room.name if room is not None else self.create()
        self.assign(player.player_id, name)

    def seat_in_store(self, player: Player) -> None:
        if self.ids.lesson_id is None or player.student_id is None:
            return
        self.writes.spawn(
            self.store.seat_student(self.ids.lesson_id, player.student_id, player.room)
        )

    # -- full state --------------------------------------------------------------------------
    def send_full_state(self, player: Player) -> None:
        room = self.room_of_player(player)
        rnd = None if room is None else room.round
        if room is None or rnd is None:
            people = self.members(room) if room is not None else self.lobby()
            self.sender.send(
                player,
                FullState(
                    tick=0,
                    phase="lobby",
                    round=None,
                    time_left=0.0,
                    players=[(p.player_id, p.nickname, p.character) for p in people],
                    snapshot=None,
                ),
            )
            return
        self.sender.send(player, full_state(rnd, self.members(room), room.ai_names))


def full_state(rnd: Round, members: list[Player], ai_names: dict[int, str]) -> FullState:
    """Everything a client needs of a room's round from scratch."""
    listed = [(p.player_id, p.nickname, p.character) for p in members]
    listed += [(pid, name, 0) for pid, name in ai_names.items()]
    return FullState(
        tick=rnd.tick,
        phase=rnd.phase.value,
        round=rnd.wire_map(),
        time_left=rnd.time_left,
        players=listed,
        snapshot=encode_snapshot(rnd),
    )
