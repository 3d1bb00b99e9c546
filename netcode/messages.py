"""Every message of the Moonbase protocol, defined once (docs/protocol.md is the spec).

A message is a frozen dataclass with a ``TYPE_ID`` (its number on the wire), a ``TAG`` (its
name in the spec and in errors) and a ``DIRECTION``; each field carries its spec (type and
range) from :mod:`netcode.fields`. The codec sends the fields in the order written here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import field
from typing import Any, ClassVar

from netcode.fields import (
    Controls,
    FieldSpec,
    Float,
    Int,
    Omittable,
    Players,
    Rows,
    Text,
    Tree,
    wire,
)
from netcode.snapshot import Delta, Snapshot

PROTOCOL_VERSION = 3

MAX_U32 = 2**32 - 1
TICK = Int(0, MAX_U32)
SEQUENCE = Int(0, MAX_U32)
PLAYER_ID = Int(0, 2**31 - 1)
CHARACTER = Int(0, 255)
NICKNAME = Text(64)
TOKEN = Text(64)
CODE = Text(64)
LONG_TEXT = Text(500)
TIME = Float()
MAX_RTT_MS = 60_000.0
MAX_PLAYERS_LISTED = 256
MAX_CONTROLS = 16


# -- client -> host ---------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Join:
    """Ask for a seat in the class with its join code; ``token`` rejoins an old seat."""

    TYPE_ID: ClassVar[int] = 1
    TAG: ClassVar[str] = "join"
    DIRECTION: ClassVar[str] = "client"
    code: str = field(metadata=wire(Text(16)))
    nickname: str = field(metadata=wire(NICKNAME))
    character: int = field(metadata=wire(CHARACTER))
    token: str | None = field(metadata=wire(Text(64, optional=True)))


@dataclasses.dataclass(frozen=True)
class Leave:
    """Leave the class; the seat is freed."""

    TYPE_ID: ClassVar[int] = 2
    TAG: ClassVar[str] = "leave"
    DIRECTION: ClassVar[str] = "client"


@dataclasses.dataclass(frozen=True)
class Input:
    """The player's input from now on: ``controls`` in the order of the game's input fields
    (the lander: thrust, rotation, abort). ``sequence`` increases by one per input of a
    connection; ``ack_tick`` is the newest snapshot tick the input was decided on."""

    TYPE_ID: ClassVar[int] = 3
    TAG: ClassVar[str] = "input"
    DIRECTION: ClassVar[str] = "client"
    sequence: int = field(metadata=wire(SEQUENCE))
    controls: tuple[float | int | bool, ...] = field(metadata=wire(Controls(MAX_CONTROLS)))
    ack_tick: int = field(metadata=wire(Int(-1, MAX_U32)))

    def __post_init__(self) -> None:
        object.__setattr__(self, "controls", tuple(self.controls))


@dataclasses.dataclass(frozen=True)
class Chat:
    """A chat line for the room."""

    TYPE_ID: ClassVar[int] = 4
    TAG: ClassVar[str] = "chat"
    DIRECTION: ClassVar[str] = "client"
    text: str = field(metadata=wire(LONG_TEXT))


@dataclasses.dataclass(frozen=True)
class RequestState:
    """Ask for a FullState now (after a gap, or to drop a broken delta baseline)."""

    TYPE_ID: ClassVar[int] = 5
    TAG: ClassVar[str] = "request_state"
    DIRECTION: ClassVar[str] = "client"


@dataclasses.dataclass(frozen=True)
class Ping:
    """Measure round trip time; also the client's heartbeat. ``client_time`` in seconds;
    ``rtt_ms`` is the client's smoothed RTT estimate (None / left off until it has one)."""

    TYPE_ID: ClassVar[int] = 6
    TAG: ClassVar[str] = "ping"
    DIRECTION: ClassVar[str] = "client"
    client_time: float = field(metadata=wire(TIME))
    rtt_ms: float | None = field(default=None, metadata=wire(Omittable(Float(0.0, MAX_RTT_MS))))


@dataclasses.dataclass(frozen=True)
class Ack:
    """The newest snapshot tick the client holds, when it has no Input to carry it."""

    TYPE_ID: ClassVar[int] = 7
    TAG: ClassVar[str] = "ack"
    DIRECTION: ClassVar[str] = "client"
    tick: int = field(metadata=wire(TICK))


# -- host -> client ---------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Welcome:
    """The join worked: the seat, the reconnect token, the rates of this host, and the game
    the class plays now (its key, title, snapshot schema and inputs; each round's map
    repeats them for its own game)."""

    TYPE_ID: ClassVar[int] = 16
    TAG: ClassVar[str] = "welcome"
    DIRECTION: ClassVar[str] = "host"
    player_id: int = field(metadata=wire(PLAYER_ID))
    token: str = field(metadata=wire(TOKEN))
    tick_rate: int = field(metadata=wire(Int(1, 240)))
    snapshot_rate: int = field(metadata=wire(Int(1, 240)))
    class_name: str = field(metadata=wire(Text(100)))
    game: dict[str, Any] = field(metadata=wire(Tree()))


@dataclasses.dataclass(frozen=True)
class FullState:
    """Everything a client needs from scratch: on join, on request, at a round start."""

    TYPE_ID: ClassVar[int] = 17
    TAG: ClassVar[str] = "full_state"
    DIRECTION: ClassVar[str] = "host"
    tick: int = field(metadata=wire(TICK))
    phase: str = field(metadata=wire(Text(32)))
    round: dict[str, Any] | None = field(metadata=wire(Tree(optional=True)))
    time_left: float = field(metadata=wire(Float(0.0, 1e7)))
    players: Sequence[tuple[int, str, int]] = field(
        metadata=wire(Players(MAX_PLAYERS_LISTED, PLAYER_ID, NICKNAME, CHARACTER))
    )
    snapshot: Snapshot | None = field(metadata=wire(Rows(optional=True)))

    def __post_init__(self) -> None:
        object.__setattr__(self, "players", tuple(tuple(p) for p in self.players))


@dataclasses.dataclass(frozen=True)
class StateUpdate:
    """Every player's row at ``tick``; ``ack_sequence`` is this client's last input applied
    (-1: none)."""

    TYPE_ID: ClassVar[int] = 18
    TAG: ClassVar[str] = "state_update"
    DIRECTION: ClassVar[str] = "host"
    tick: int = field(metadata=wire(TICK))
    ack_sequence: int = field(metadata=wire(Int(-1, MAX_U32)))
    snapshot: Snapshot = field(metadata=wire(Rows()))


@dataclasses.dataclass(frozen=True)
class DeltaUpdate:
    """A StateUpdate sent as a delta against a snapshot the client acknowledged.

    The client library turns it back into a :class:`StateUpdate` before its user sees it.
    """

    TYPE_ID: ClassVar[int] = 19
    TAG: ClassVar[str] = "delta_update"
    DIRECTION: ClassVar[str] = "host"
    tick: int = field(metadata=wire(TICK))
    ack_sequence: int = field(metadata=wire(Int(-1, MAX_U32)))
    delta: Delta = field(metadata=wire(Rows(delta=True)))


@dataclasses.dataclass(frozen=True)
class Event:
    """Something happened: a phase change, a countdown, a flight ended, a player joined..."""

    TYPE_ID: ClassVar[int] = 20
    TAG: ClassVar[str] = "event"
    DIRECTION: ClassVar[str] = "host"
    tick: int = field(metadata=wire(TICK))
    kind: str = field(metadata=wire(Text(64)))
    data: dict[str, Any] = field(metadata=wire(Tree()))


@dataclasses.dataclass(frozen=True)
class ChatMessage:
    """A chat line from ``sender`` (a nickname, or "host")."""

    TYPE_ID: ClassVar[int] = 21
    TAG: ClassVar[str] = "chat_message"
    DIRECTION: ClassVar[str] = "host"
    sender: str = field(metadata=wire(NICKNAME))
    text: str = field(metadata=wire(LONG_TEXT))


@dataclasses.dataclass(frozen=True)
class Error:
    """Something the client sent was refused; ``code`` is machine-readable."""

    TYPE_ID: ClassVar[int] = 22
    TAG: ClassVar[str] = "error"
    DIRECTION: ClassVar[str] = "host"
    code: str = field(metadata=wire(CODE))
    message: str = field(metadata=wire(LONG_TEXT))


@dataclasses.dataclass(frozen=True)
class Pong:
    """The answer to a Ping: its ``client_time`` back and the host's clock at answering."""

    TYPE_ID: ClassVar[int] = 23
    TAG: ClassVar[str] = "pong"
    DIRECTION: ClassVar[str] = "host"
    client_time: float = field(metadata=wire(TIME))
    server_time: float = field(metadata=wire(TIME))


ClientMessage = Join | Leave | Input | Chat | RequestState | Ping | Ack
HostMessage = Welcome | FullState | StateUpdate | DeltaUpdate | Event | ChatMessage | Error | Pong
Message = ClientMessage | HostMessage

MESSAGE_TYPES: tuple[type[Message], ...] = (
    Join,
    Leave,
    Input,
    Chat,
    RequestState,
    Ping,
    Ack,
    Welcome,
    FullState,
    StateUpdate,
    DeltaUpdate,
    Event,
    ChatMessage,
    Error,
    Pong,
)
BY_TYPE_ID: dict[int, type[Message]] = {cls.TYPE_ID: cls for cls in MESSAGE_TYPES}
BY_TAG: dict[str, type[Message]] = {cls.TAG: cls for cls in MESSAGE_TYPES}


def specs_of(cls: type[Message]) -> tuple[tuple[str, FieldSpec], ...]:
    """The (name, spec) pairs of a message class in wire order."""
    return _SPECS[cls]


def required_fields(cls: type[Message]) -> int:
    """How many leading fields every envelope of ``cls`` carries (the rest are omittable)."""
    return _REQUIRED[cls]


_SPECS: dict[type[Message], tuple[tuple[str, FieldSpec], ...]] = {
    cls: tuple((f.name, f.metadata["wire"]) for f in dataclasses.fields(cls))
    for cls in MESSAGE_TYPES
}


def _required(specs: tuple[tuple[str, FieldSpec], ...]) -> int:
    kinds = [isinstance(spec, Omittable) for _, spec in specs]
    required = kinds.index(True) if True in kinds else len(kinds)
    if not all(kinds[required:]):
        raise TypeError("omittable fields must come after every required one")
    return required


_REQUIRED: dict[type[Message], int] = {cls: _required(_SPECS[cls]) for cls in MESSAGE_TYPES}
