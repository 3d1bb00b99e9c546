"""What the player knows about its class, built from network events; the views read it.

:meth:`Session.apply` takes each :mod:`app.player.netthread` event in order and returns
short signals ("joined", "round_started", "my_flight_ended", ...) the window routes screens
by. It knows games only through :mod:`game.api`: each round names its game, setup, snapshot
schema and info. The own row is predicted where the game allows it
(:class:`netcode.prediction.OwnPrediction`), the others interpolated
(:class:`netcode.interpolation.Interpolator`); the own round is recorded from the host's
snapshots (:class:`app.player.flightlog.RowLog`) for the results plot.
"""

from __future__ import annotations

import enum
import logging
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from app.common.knobs import changed_knobs
from app.player.address import ClassAddress
from app.player.flightlog import RowLog
from app.player.i18n import language, tr
from app.player.netthread import (
    Gone,
    Joined,
    JoinFailed,
    NetEvent,
    Received,
    Reconnected,
    Reconnecting,
)
from game.api import PLAYING, Frame, Game, PlayerResult, RoundSetup, Value
from game.errors import GameError
from game.registry import get_game
from game.timestep import DT
from netcode.interpolation import Interpolator
from netcode.messages import ChatMessage, Error, Event, FullState, StateUpdate
from netcode.prediction import OwnPrediction, row_in

Row = npt.NDArray[np.float64]

log = logging.getLogger(__name__)

MAX_CHAT_LINES = 50
TEACHER = "Teacher"  # the host's sender name for the teacher's lines (no student may take it)
MUTED_NOTE = "Your teacher muted you: your messages are not sent."
SLOW_DOWN_NOTE = "Slow down: that message was not sent. Wait a moment, then write again."
CLASS_ENDED_NOTE = "Your teacher ended the class."
REMOVALS = {
    "kicked": "Your teacher took you out of the class. Ask your teacher to let you back in.",
    "barred": "You were barred from this lesson. Ask your teacher.",
    "code_expired": "That lesson is over. Ask your teacher for the new join code.",
}


class Phase(enum.StrEnum):
    OFFLINE = "offline"
    JOINING = "joining"
    LOBBY = "lobby"
    COUNTDOWN = "countdown"
    ACTIVE = "active"
    PAUSED = "paused"  # by the teacher: nothing moves, inputs wait
    FINISHING = "finishing"
    COMPLETED = "completed"


@dataclass(frozen=True)
class Member:
    player_id: int
    nickname: str
    character: int
    connected: bool = True


@dataclass(frozen=True)
class ChatLine:
    sender: str
    text: str
    system: bool = False


@dataclass(frozen=True)
class BoardRow:
    rank: int
    nickname: str
    outcome: str
    reason: str
    score: int
    stars: int


@dataclass(frozen=True)
class ClassRow:
    rank: int
    nickname: str
    best: int
    stars: int
    flights: int


@dataclass(frozen=True)
class ConnectionState:
    """``ok``; ``reconnecting`` (attempt n of m); ``gone`` with the reason (the network);
    or ``ended`` with the reason (the teacher ended the class or took the student out)."""

    status: str = "ok"
    attempt: int = 0
    attempts: int = 0
    reason: str = ""


@dataclass(frozen=True)
class InputToSend:
    sequence: int
    values: tuple[Value, ...]
    ack_tick: int


class Session:
    """The client-side model of one class. Single-threaded: the window's thread only."""

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, predict: bool = True
    ) -> None:
        self._clock = clock
        self.predict = predict  # False for replays: the own row is drawn as recorded
        self.nickname = ""
        self.character = 0
        self.address: ClassAddress | None = None  # where the player is (or goes) connected
        self.typed_address: ClassAddress | None = None  # what the student typed, if anything
        self.picked_address: ClassAddress | None = None  # the listed class they picked
        self.code = ""
        self.player_id: int | None = None
        self.class_name = ""
        self.tick_rate = 60
        self.snapshot_rate = 30
        self.phase = Phase.OFFLINE
        self.join_error: str | None = None
        self.join_error_code = ""  # JoinFailed.code: which field the student should fix
        self.members: dict[int, Member] = {}
        self.chat: deque[ChatLine] = deque(maxlen=MAX_CHAT_LINES)
        self.muted = False
        self.connection = ConnectionState()
        self.game: Game | None = None  # the class's game (welcome), then each round's
        # the round
        self.round_id: int | None = None
        self.setup: RoundSetup | None = None
        self.info: dict[str, Any] = {}  # the game's round info (terrain, targets...)
        self.effective_knobs: dict[str, float] = {}
        self.in_round = False
        self.countdown_end: float | None = None
        self.latest_tick = -1
        self.prediction: OwnPrediction | None = None
        self.interp: Interpolator | None = None
        self.flight_log: RowLog | None = None
        self.own_snapshot: Row | None = None  # the host's newest word on my row
        self.my_result: PlayerResult | None = None
        self.my_flight_id: int | None = None
        self.room_board: list[BoardRow] = []
        self.round_completed = False
        self._class_best: dict[str, tuple[int, int, int]] = {}  # nickname -> best, stars, n
        self.lesson_board: list[ClassRow] | None = None  # the host's board of the whole lesson
        self.reconnects = 0
        self._next_sequence = 0
        self.rtt: float | None = None
        self._paused_left: float | None = None  # countdown seconds left when paused

    # -- events ------------------------------------------------------------------------------
    def joining(
        self, address: ClassAddress | None, code: str, nickname: str, character: int
    ) -> None:
        self.address, self.code = address, code
        self.nickname, self.character = nickname, character
        self.phase = Phase.JOINING
        self.join_error = None

    def apply(self, event: NetEvent) -> list[str]:
        """Take one network event; the signals it raises for the window."""
        if isinstance(event, Received):
            return self._message(event.message, event.at)
        if isinstance(event, Joined):
            w = event.welcome
            self.player_id = w.player_id
            self.class_name = w.class_name
            self.tick_rate, self.snapshot_rate = w.tick_rate, w.snapshot_rate
            self.game = _game_of(w.game.get("key")) or self.game
            self.address = event.address
            self.phase = Phase.LOBBY
            self.connection = ConnectionState()
            self._next_sequence = 0
            return ["joined"]
        if isinstance(event, JoinFailed):
            self.phase = Phase.OFFLINE
            self.join_error = event.reason
            self.join_error_code = event.code
            return ["join_failed"]
        if isinstance(event, Reconnecting):
            self.connection = ConnectionState("reconnecting", event.attempt, event.attempts)
            return ["lost"]
        if isinstance(event, Reconnected):
            self.connection = ConnectionState()
            self.reconnects += 1
            if self.interp is not None:
                self.interp = self._new_interpolator()
            if event.welcome.player_id != self.player_id:
                # the host gave a new seat (the old one was gone): start over as a new member
                self.player_id = event.welcome.player_id
                self.phase = Phase.LOBBY
                self.in_round = False
                self.prediction = None
                self.flight_log = None
                self._next_sequence = 0
                return ["reconnected", "joined"]
            return ["reconnected"]
        if isinstance(event, Gone):
            self.connection = ConnectionState("gone", reason=event.reason)
            return ["gone"]
        return []

    def _message(self, msg: object, at: float) -> list[str]:
        if isinstance(msg, StateUpdate):
            self._snapshot(msg, at)
            return []
        if isinstance(msg, FullState):
            return self._full_state(msg, at)
        if isinstance(msg, Event):
            return self._event(msg.kind, msg.data)
        if isinstance(msg, ChatMessage):
            if self.muted and msg.sender == self.nickname:
                # the host passed my line on to the room: the teacher lifted the mute
                self.muted = False
                self.chat.append(ChatLine("", "You can chat again.", system=True))
            self.chat.append(ChatLine(msg.sender, msg.text, system=msg.sender == TEACHER))
            return ["chat"]
        if isinstance(msg, Error):
            if msg.code == "muted":
                self.muted = True
                self.chat.append(ChatLine("", MUTED_NOTE, system=True))
                return ["chat"]
            if msg.code == "chat_rate_limited":
                self.chat.append(ChatLine("", SLOW_DOWN_NOTE, system=True))
                return ["chat"]
            if msg.code in REMOVALS:
                self.phase = Phase.OFFLINE
                self.connection = ConnectionState("ended", reason=REMOVALS[msg.code])
                return ["class_ended"]
            log.info("host error %s: %s", msg.code, msg.message)
        return []

    def _full_state(self, msg: FullState, at: float) -> list[str]:
        signals: list[str] = []
        self.members = {
            pid: Member(pid, nickname, character) for pid, nickname, character in msg.players
        }
        phase = _phase_of(msg.phase)
        if msg.round is not None and not self._same_round(msg.round):
            ids = [] if msg.snapshot is None else [int(i) for i in msg.snapshot.ids.tolist()]
            if not self._start_round(msg.round, ids, countdown=0.0):
                return signals
            signals.append("round_started")
        if msg.round is not None and msg.snapshot is not None and self.player_id is not None:
            self.in_round = bool((msg.snapshot.ids == self.player_id).any())
        self.phase = phase
        if msg.snapshot is not None and self.setup is not None:
            update = StateUpdate(tick=msg.tick, ack_sequence=-1, snapshot=msg.snapshot)
            self._snapshot(update, at)
        return signals

    def _same_round(self, raw: Mapping[str, Any]) -> bool:
        if self.setup is None or self.game is None:
            return False
        try:
            return self.game.setup_from_dict(raw) == self.setup
        except GameError:
            return False

    def _event(self, kind: str, data: Mapping[str, Any]) -> list[str]:
        if kind == "round_started":
            ids = [int(i) for i in data.get("players", [])]
            countdown = float(data.get("countdown", 0.0))
            if not self._start_round(data.get("round"), ids, countdown=countdown):
                return []
            self.round_id = int(data.get("round_id", 0))
            self.phase = Phase.COUNTDOWN if countdown > 0 else Phase.ACTIVE
            return ["round_started"]
        if kind == "phase":
            before = self.phase
            self.phase = _phase_of(str(data.get("phase", "")))
            if before is Phase.PAUSED and self.phase is Phase.COUNTDOWN:
                self._paused_countdown()
            if self.phase is Phase.PAUSED and before is Phase.COUNTDOWN:
                self._paused_left = self.countdown_left_at(before)
            return ["active"] if self.phase is Phase.ACTIVE else []
        if kind == "player_joined":
            pid = int(data["player_id"])
            self.members[pid] = Member(pid, str(data["nickname"]), int(data.get("character", 0)))
            return ["members"]
        if kind == "player_left":
            pid = int(data["player_id"])
            member = self.members.get(pid)
            if member is not None:
                self.members[pid] = Member(pid, member.nickname, member.character, False)
            return ["members"]
        if kind == "flight_ended":
            if data.get("player_id") == self.player_id:
                try:
                    self.my_result = PlayerResult.from_dict(data["result"])
                except (GameError, KeyError, ValueError) as exc:
                    log.warning("flight result not readable: %s", exc)
                    return []
                flight_id = data.get("flight_id")
                self.my_flight_id = int(flight_id) if isinstance(flight_id, int) else None
                return ["my_flight_ended"]
            return []
        if kind == "round_completed":
            self._round_completed(data)
            return ["round_completed"]
        if kind == "class_ended":
            self.phase = Phase.OFFLINE
            self.connection = ConnectionState("ended", reason=CLASS_ENDED_NOTE)
            return ["class_ended"]
        if kind == "muted" and data.get("player_id") == self.player_id:
            self.muted = bool(data.get("muted", True))
            note = MUTED_NOTE if self.muted else "You can chat again."
            self.chat.append(ChatLine("", note, system=True))
            return ["chat"]
        return []

    def _start_round(self, raw: object, ids: list[int], *, countdown: float) -> bool:
        """Take a round the host announced; False (and logged) when it cannot be read."""
        if not isinstance(raw, Mapping):
            log.warning("round not readable: %r", raw)
            return False
        game = _game_of(raw.get("game"))
        try:
            if game is None:
                raise GameError(f"unknown game {raw.get('game')!r}")
            setup = game.setup_from_dict(raw)
        except GameError as exc:
            log.warning("round not readable: %s", exc)
            return False
        info, knobs = raw.get("info"), raw.get("effective")
        self.game, self.setup = game, setup
        self.info = dict(info) if isinstance(info, Mapping) else {}
        self.effective_knobs = (
            {str(k): float(v) for k, v in knobs.items() if isinstance(v, int | float)}
            if isinstance(knobs, Mapping)
            else {}
        )
        self.in_round = self.player_id is not None and self.player_id in ids
        self.countdown_end = self._clock() + countdown if countdown > 0 else None
        self.latest_tick = -1
        self.my_result = None
        self.my_flight_id = None
        self.own_snapshot = None
        self.round_completed = False
        self.room_board = []
        self.interp = self._new_interpolator()
        if self.in_round and self.player_id is not None and self.predict and game.predicts:
            self.prediction = OwnPrediction(
                game, setup, self.player_id, tick_rate=self.tick_rate, clock=self._clock
            )
        else:
            self.prediction = None
        self.flight_log = RowLog(game.schema) if self.in_round else None
        return True

    def _new_interpolator(self) -> Interpolator | None:
        if self.game is None:
            return None
        rate = min(self.snapshot_rate, self.tick_rate)
        # the own row is drawn from the prediction or the newest snapshot (own_display)
        return Interpolator(self.game.schema, self.tick_rate, rate, exclude=self.player_id)

    def _snapshot(self, msg: StateUpdate, at: float) -> None:
        game = self.game
        if self.setup is None or game is None or msg.snapshot.columns != len(game.schema.fields):
            return
        self.latest_tick = max(self.latest_tick, msg.tick)
        if self.interp is not None:
            self.interp.push(msg.tick, msg.snapshot, at)
        if self.prediction is not None:
            self.prediction.on_message(msg, self.rtt)
        if self.player_id is not None:
            own = row_in(msg.snapshot, self.player_id, game.schema.scales)
            if own is not None:
                self.own_snapshot = own
                if self.flight_log is not None:
                    self.flight_log.add(msg.tick, own)

    def _round_completed(self, data: Mapping[str, Any]) -> None:
        rows = []
        for rank, item in enumerate(data.get("results", []), start=1):
            row = BoardRow(
                rank=rank,
                nickname=str(item.get("nickname", "?")),
                outcome=str(item.get("outcome", "")),
                reason=str(item.get("reason", "")),
                score=int(item.get("score", 0)),
                stars=int(item.get("stars", 0)),
            )
            rows.append(row)
            best, stars, flights = self._class_best.get(row.nickname, (0, 0, 0))
            if flights == 0 or row.score > best:
                best, stars = row.score, row.stars
            self._class_best[row.nickname] = (best, stars, flights + 1)
        self.room_board = rows
        lesson = data.get("lesson_board")
        if isinstance(lesson, list):
            self.lesson_board = _lesson_rows(lesson)
        self.round_completed = True
        self.phase = Phase.COMPLETED

    # -- reading -----------------------------------------------------------------------------
    def class_board(self) -> list[ClassRow]:
        """Best score per student this lesson, best first: the host's board of every room
        when it sent one, else the rounds this player saw."""
        if self.lesson_board is not None:
            return list(self.lesson_board)
        ordered = sorted(self._class_best.items(), key=lambda kv: (-kv[1][0], kv[0].casefold()))
        return [
            ClassRow(rank, name, best, stars, flights)
            for rank, (name, (best, stars, flights)) in enumerate(ordered, start=1)
        ]

    def countdown_left(self) -> float:
        return self.countdown_left_at(self.phase)

    def countdown_left_at(self, phase: Phase) -> float:
        if self.countdown_end is None or phase is not Phase.COUNTDOWN:
            return 0.0
        return max(0.0, self.countdown_end - self._clock())

    def _paused_countdown(self) -> None:
        """The countdown goes on from where the teacher paused it."""
        if self._paused_left is not None:
            self.countdown_end = self._clock() + self._paused_left
            self._paused_left = None

    def changed_knobs_line(self) -> str:
        """The knobs the teacher changed for this round, in words ("" when none)."""
        if self.game is None or self.setup is None:
            return ""
        changed = changed_knobs(self.game, self.setup.level, self.setup.knobs, language())
        return tr("Changed: {0}").format(", ".join(changed)) if changed else ""

    def time_left(self) -> float:
        if self.setup is None:
            return 0.0
        if self.phase is Phase.COUNTDOWN or self.latest_tick < 0:
            return float(self.setup.time_limit_s)
        return max(0.0, self.setup.time_limit_s - self.latest_tick * DT)

    def own_status(self) -> int | None:
        """The own row's status as the host last said (0: still playing)."""
        snap = self.own_snapshot
        if snap is None or self.game is None:
            return None
        return round(float(snap[self.game.schema.index(self.game.schema.status)]))

    def own_display(self) -> Row | None:
        """The own row to draw now: predicted while playing, the host's row after."""
        snap = self.own_snapshot
        if snap is not None and self.own_status() != PLAYING:
            return snap
        pred = self.prediction
        if pred is None or not pred.predictor.synced:
            return snap
        if self.phase is not Phase.ACTIVE:
            return pred.display
        return pred.advance(self._clock(), self.rtt)

    def others(self) -> Frame | None:
        return None if self.interp is None else self.interp.sample(self._clock())

    def latest_frame(self) -> Frame | None:
        """Every row of the newest snapshot (no interpolation): the whole room now."""
        interp, game = self.interp, self.game
        if interp is None or game is None or not interp.buffered:
            return None
        tick, snapshot = interp.newest
        return Frame(tick, snapshot.ids, snapshot.to_floats(game.schema.scales), game.schema)

    def can_play(self) -> bool:
        """True while the own player is still playing in an active round."""
        if self.phase is not Phase.ACTIVE or not self.in_round or self.my_result is not None:
            return False
        status = self.own_status()
        return status is None or status == PLAYING

    def can_fly(self) -> bool:  # the lander's word for it
        return self.can_play()

    def controls(self, values: tuple[Value, ...]) -> InputToSend | None:
        """Predict the input (where the game predicts) and return it with its sequence, or
        None when not playing (or a replay: nothing to send)."""
        if not self.can_play() or not self.predict:
            return None
        sequence = self._next_sequence
        self._next_sequence += 1
        ack = max(self.latest_tick, 0)
        if self.prediction is not None:
            self.prediction.record_input(sequence, values, ack, self.rtt)
        return InputToSend(sequence, tuple(values), ack)

    def member(self, player_id: int) -> Member | None:
        return self.members.get(player_id)


def _lesson_rows(items: list[Any]) -> list[ClassRow]:
    """The host's lesson board (``nickname``, ``best``, ``stars``, ``flights`` per student),
    ranked best first; unreadable rows are left out."""
    rows: list[tuple[str, int, int, int]] = []
    for item in items:
        if not isinstance(item, Mapping):
            continue
        try:
            nickname = str(item["nickname"])
            best, stars, flights = int(item["best"]), int(item["stars"]), int(item["flights"])
        except (KeyError, TypeError, ValueError):
            log.warning("lesson board row not readable: %r", item)
            continue
        rows.append((nickname, best, stars, flights))
    rows.sort(key=lambda r: (-r[1], r[0].casefold()))
    return [ClassRow(rank, *row) for rank, row in enumerate(rows, start=1)]


def _game_of(key: object) -> Game | None:
    try:
        return get_game(str(key))
    except GameError:
        log.warning("the host plays a game this player does not know: %r", key)
        return None


def _phase_of(text: str) -> Phase:
    try:
        return Phase(text)
    except ValueError:
        return Phase.LOBBY
