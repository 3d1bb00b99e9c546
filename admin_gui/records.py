"""Plain values the host thread hands to the UI thread (frozen: safe to pass between threads)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from app.store import LessonRound, StoredFlight
from game.api import Frame, Game, RoundSetup
from game.registry import get_game
from game.series import Series

LESSON_TOTAL = "*lesson"  # the leaderboard of this lesson's total, across games


@dataclass(frozen=True)
class ClassPlan:
    """What the teacher chose on the Start screen."""

    class_name: str
    game: str
    world: str  # the game's level ("" = its first)
    mode: str
    round_seconds: float
    ai_pilots: int = 0  # the host's AI pilots flying beside each student (solo mode only)
    bind: str = ""  # the address the host listens on ("": the configured one)


@dataclass(frozen=True)
class HostInfo:
    """A class being hosted: what students need to join, and where results go."""

    class_name: str
    class_id: int
    join_code: str
    bind: str
    port: int
    address: str  # the address a student types ("192.168.1.20:5555")
    join_string: str  # HOST:PORT/KEY, everything a player needs besides the code
    public_key: str | None  # the host's CurveZMQ key (None: plaintext)
    discovery: str  # "off" until the host advertises on the LAN
    database: Path
    game: str
    world: str
    mode: str
    round_seconds: float


JOINED, MISSING, BARRED, KICKED = "joined", "missing", "barred", "kicked"
OFFLINE = "offline"  # left this lesson (their seat and name are free until they come back)


@dataclass(frozen=True)
class RosterEntry:
    """One row of the live roster."""

    player_id: int
    nickname: str
    character: int
    connected: bool
    heard_s_ago: int  # whole seconds since the host last heard from the student
    room: str
    phase: str  # waiting / ready / flying / landed / crashed / ... / watching / gone
    last_result: str  # "landed 812" or ""
    muted: bool = False
    # joined / missing (on the roster, not joined yet) / barred / kicked (removed by the
    # teacher) / offline (left this lesson)
    presence: str = JOINED
    ping_ms: int | None = None  # the round trip time the student's player last reported
    reclaim: bool = False  # someone asks to go on as this student from another computer

    @property
    def joined(self) -> bool:
        return self.presence == JOINED

    @property
    def key(self) -> object:
        """Unique in a roster: the seat of a joined student, else the nickname."""
        return self.player_id if self.joined else (self.presence, self.nickname.casefold())


@dataclass(frozen=True)
class RoomStatus:
    """One room's round as the Rooms board shows it."""

    room: str  # "" for the lobby (students not seated in a room yet)
    players: int
    members: tuple[str, ...]
    mode: str
    round_id: int | None
    phase: str  # lobby / countdown / active / paused / finishing / completed
    countdown_left: float
    time_left: float
    time_limit: float
    flying: int
    ended: int
    wave: int
    member_ids: tuple[int, ...] = ()  # the members' player ids, in the order of ``members``

    @property
    def running(self) -> bool:
        return self.phase in ("countdown", "active", "paused", "finishing")


@dataclass(frozen=True, eq=False)
class RoundView:
    """A round that has just started: enough to draw it and to label its results."""

    round_id: int
    room: str
    setup: RoundSetup
    info: dict[str, Any]  # the game's round info, as the players get it
    names: dict[int, str] = field(default_factory=dict)
    effective: dict[str, float] = field(default_factory=dict)  # every knob in force

    @property
    def game(self) -> Game:
        return get_game(self.setup.game)


@dataclass(frozen=True, eq=False)
class SpectatorFrame:
    """The rows of one room at one tick, decoded from the snapshot the players get."""

    round_id: int
    tick: int
    phase: str
    time_left: float
    countdown_left: float
    frame: Frame
    names: dict[int, str]


@dataclass(frozen=True)
class FlagEntry:
    """An anti-cheat flag or a report, with what was done about it."""

    at: str  # local time, HH:MM:SS
    nickname: str
    kind: str
    detail: str
    action: str


@dataclass(frozen=True, eq=False)
class FlightPlot:
    """One stored result with its telemetry and the round it was played in (for the plots)."""

    flight: StoredFlight
    telemetry: Series
    setup: RoundSetup
    info: dict[str, Any]
    effective: dict[str, float]

    @property
    def game(self) -> Game:
        return get_game(self.setup.game)


@dataclass(frozen=True)
class HistoryQuery:
    """What the History screen asks for: text in the class name or join code, and the
    local days the lesson started on (None: no bound)."""

    search: str = ""
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class LessonDetail:
    """One past lesson's rounds and every flight of it (round by round, best first)."""

    lesson_id: int
    rounds: tuple[LessonRound, ...]
    flights: tuple[StoredFlight, ...]

    def round_flights(self, round_id: int) -> list[StoredFlight]:
        return [f for f in self.flights if f.round_id == round_id]


@dataclass(frozen=True)
class ClassState:
    """Class-wide switches as the host has them now."""

    hide_ranks: bool = False
    roster_size: int | None = None  # nicknames on the loaded roster; None: anyone may join


@dataclass(frozen=True)
class ChatEntry:
    """One chat line: a student's (as the host relayed or held it) or the teacher's."""

    at: str  # local time, HH:MM:SS
    room: str  # a room's name, "lobby", or "*" (the teacher to everyone)
    sender: str
    text: str
    filtered: bool = False  # the chat filter changed it
    delivered: bool = True  # False: the sender is muted; only the teacher sees it
    teacher: bool = False
