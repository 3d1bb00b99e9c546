"""Messages from the host to its students: to one, to a room's members, to everyone."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.host.roster import Player, Roster
from netcode.messages import Error, Event, Message
from netcode.server import HostSocket


class Sender:
    def __init__(self, socket: HostSocket, roster: Roster) -> None:
        self.socket = socket
        self.roster = roster

    def send(self, player: Player, msg: Message) -> None:
        self.socket.send(player.peer, msg)

    def send_peer(self, peer: bytes, msg: Message) -> None:
        self.socket.send(peer, msg)

    def refuse(self, peer: bytes, code: str, message: str) -> None:
        self.socket.send(peer, Error(code=code, message=message))

    def event(self, players: Iterable[Player], tick: int, kind: str, data: dict[str, Any]) -> None:
        """One event to every connected player of ``players``."""
        msg = Event(tick=tick, kind=kind, data=data)
        self.socket.broadcast([p.peer for p in players if p.connected], msg)

    def everyone(self, kind: str, data: dict[str, Any]) -> None:
        """An event to every connected student of the class."""
        self.event(self.roster.players(), 0, kind, data)
