"""Rooms and grouping for :class:`app.host.host.ClassHost`: what a console sees of rooms,
creating, filling, moving and closing rooms (idle ones too), and matchmaking by rating.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from app.errors import HostError
from app.host.core import HostCore, RoundStatus
from app.host.matchmaking import group_by_rating
from app.host.room import ROOM_CAPACITY, Room, RoomStatus, next_room_name
from app.host.roster import Player
from app.host.round import Round
from netcode.messages import Event

log = logging.getLogger(__name__)


class SeatingMixin(HostCore):
    """Rooms: seeing them, seating students, grouping, closing idle rooms."""

    # -- seeing rooms ------------------------------------------------------------------------
    @property
    def round(self) -> Round | None:
        """The round of the room that started one last (the only room in a small class)."""
        room = self._default_room(None, quiet=True)
        return None if room is None else room.round

    def status(self, room: str | None = None) -> RoundStatus | None:
        target = self._default_room(room, quiet=room is None)
        if target is None or target.round is None:
            return None
        rnd = target.round
        return RoundStatus(
            round_id=rnd.round_id,
            phase=rnd.phase.value,
            tick=rnd.tick,
            time_left=rnd.time_left,
            countdown_left=rnd.countdown_left,
            flying=len(rnd.flying()),
            ended=len(rnd.results),
            room=target.name,
            mode=target.mode.value,
            wave=target.wave,
        )

    def room_statuses(self) -> list[RoomStatus]:
        out = []
        for room in self.rooms.values():
            rnd = room.round
            names = tuple(
                p.nickname for pid in room.members if (p := self.roster.get(pid)) is not None
            )
            out.append(
                RoomStatus(
                    name=room.name,
                    members=names,
                    mode=room.mode.value,
                    round_id=None if rnd is None else rnd.round_id,
                    phase="lobby" if rnd is None else rnd.phase.value,
                    wave=room.wave,
                    tick=0 if rnd is None else rnd.tick,
                    time_left=0.0 if rnd is None else rnd.time_left,
                    flying=0 if rnd is None else len(rnd.flying()),
                    ended=0 if rnd is None else len(rnd.results),
                )
            )
        return out

    # -- rooms -------------------------------------------------------------------------------
    def create_room(self, name: str | None = None) -> str:
        """A new empty room; returns its name ("A", "B", ... unless ``name`` is given)."""
        if name is None:
            name = next_room_name(set(self.rooms))
        name = name.strip()
        if not name or len(name) > 16:
            raise HostError(f"a room name has 1 to 16 characters, got {name!r}")
        if name in self.rooms:
            raise HostError(f"room {name} already exists")
        self.rooms[name] = Room(name, created_at=self._clock())
        self._publish("room_opened", room=name)
        return name

    def assign(self, player_id: int, room: str) -> None:
        """Put a student in a room (moving them out of their old one). Refused while either
        room is flying a round in which the student has a lander."""
        player = self._player(player_id)
        target = self._room(room)
        if player.room == room:
            return
        if target.full:
            raise HostError(f"room {room} is full ({ROOM_CAPACITY} players)")
        if player.room is not None:
            old = self.rooms[player.room]
            if old.running and old.round is not None and old.round.has_lander(player_id):
                raise HostError(
                    f"{player.nickname} is flying in room {old.name}; move them after the round"
                )
            old.members.remove(player_id)
            old.last_active = self._clock()
        self.queue.remove(player_id)
        previous = player.room
        player.room = room
        target.members.append(player_id)
        target.last_active = self._clock()
        player.spectator = target.running
        self._seat_in_store(player)
        if player.connected:
            self._send(player, Event(tick=0, kind="room_assigned", data={"room": room}))
            self._send_full_state(player)
        kind = "player_moved" if previous is not None else "player_assigned"
        self._publish(
            kind, player_id=player_id, nickname=player.nickname, room=room, previous=previous
        )

    def unassign(self, player_id: int) -> None:
        """Send a student back to the lobby (out of every room)."""
        player = self._player(player_id)
        if player.room is None:
            return
        self.rooms[player.room].members.remove(player_id)
        player.room = None
        if player.connected:
            self._send_full_state(player)

    def auto_group(self) -> dict[str, list[str]]:
        """Group every student in the lobby by rating now, into new rooms of up to eight
        (neighbours by Glicko-2 rating together). Returns room -> nicknames."""
        waiting = [p for p in self.roster.players() if p.room is None]
        for player in waiting:
            self.queue.remove(player.player_id)
        groups = group_by_rating({p.player_id: p.rating.rating for p in waiting})
        return self._open_groups(groups)

    def _open_groups(self, groups: Iterable[list[int]]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for group in groups:
            name = self.create_room()
            for pid in group:
                self.assign(pid, name)
            out[name] = [self._player(pid).nickname for pid in group]
            self._publish("room_grouped", room=name, nicknames=out[name])
        return out

    def close_room(self, room: str) -> None:
        """Close a room; its students go back to the lobby. Refused while it runs a round."""
        target = self._room(room)
        if target.running:
            raise HostError(f"room {room} is running a round; end it first")
        for pid in list(target.members):
            self.unassign(pid)
        del self.rooms[room]
        if self._last_room == room:
            self._last_room = None
        self._publish("room_closed", room=room)

    def close_idle_rooms(self, now: float | None = None) -> list[str]:
        """Close rooms idle (no round) for ``idle_close_s`` on the host clock."""
        t = self._clock() if now is None else now
        closing = [r.name for r in self.rooms.values() if r.idle_for(t) >= self.idle_close_s]
        for name in closing:
            self.close_room(name)
        return closing

    def poll_matchmaking(self, now: float | None = None) -> dict[str, list[str]]:
        """Form the rooms matchmaking can form now (grouping "rating")."""
        t = self._clock() if now is None else now
        return self._open_groups(self.queue.poll(t))

    def _seat_lobby(self) -> None:
        for player in self.roster.players():
            if player.room is None:
                self._place(player)

    def _place(self, player: Player) -> None:
        """Where a new student goes: the matchmaking queue, the lobby, or a room with space."""
        if self.grouping == "rating":
            if player.player_id not in self.queue:
                self.queue.add(player.player_id, player.rating.rating, self._clock())
            return
        if self.grouping == "manual":
            return
        room = next((r for r in self.rooms.values() if not r.full), None)
        name = room.name if room is not None else self.create_room()
        self.assign(player.player_id, name)
