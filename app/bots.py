"""Simulated students: AI players that join a host over the real protocol, for any game.

Each bot has its own ZeroMQ connection, joins with the class code like a student, and plays
with exactly the inputs a student's player sends: one ``Input`` per state update (30 a second
at most), decided by the round's game's AI (:meth:`game.api.Game.new_ai`) from what the host
reported (``decide_remote``).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from app.errors import BotError
from game.api import AIPlayer, Frame, Game, RoundSetup
from game.errors import GameError
from game.registry import get_game
from netcode.client import ClientConnection, HostUnreachable, JoinRefused
from netcode.joinstring import JoinStringError, parse_join_string
from netcode.messages import Chat, Error, Event, FullState, Leave, Message, StateUpdate
from netcode.snapshot import Snapshot

log = logging.getLogger(__name__)

NICKNAMES = (
    "Ada",
    "Buzz",
    "Cosmo",
    "Dara",
    "Eli",
    "Fern",
    "Gus",
    "Hana",
    "Ivo",
    "Juno",
    "Kai",
    "Lumi",
    "Milo",
    "Nova",
    "Oli",
    "Pia",
)
SKILLS = (0.6, 0.85, 0.3, 0.98, 0.6, 0.85, 0.6, 0.3)
# personality index (the lander: 0 cautious, 1 aggressive, 2 balanced, 3 chaotic)
PERSONALITIES = (2, 0, 1, 2, 3, 1, 0, 2)


@dataclass(frozen=True)
class BotSpec:
    nickname: str
    skill: float
    personality: int
    seed: int
    character: int


@dataclass(frozen=True)
class BotReport:
    nickname: str
    player_id: int
    result: dict[str, Any] | None  # the last flight's result
    inputs_sent: int
    results: tuple[dict[str, Any], ...] = ()  # every flight acknowledged (after COMMIT)
    rounds: int = 0  # rounds flown to completion (rounds only watched are not counted)
    room: str | None = None
    watched: int = 0  # rounds that completed while the bot watched without a lander
    ended: str | None = None  # why the bot stopped before its rounds (removed, class ended)


def bot_specs(count: int, seed: int, names: list[str] | None = None) -> list[BotSpec]:
    """``count`` bots with a spread of skills and personalities, reproducible from ``seed``;
    ``names`` (as many as bots) instead of the built-in nicknames, so that several runs of
    bots can join one class."""
    if not 1 <= count <= len(NICKNAMES):
        raise BotError(f"bots must be between 1 and {len(NICKNAMES)}, got {count}")
    if names is not None:
        cleaned = [n.strip() for n in names]
        if len(cleaned) != count or not all(cleaned):
            raise BotError(f"{count} bot(s) need {count} nickname(s), got {len(cleaned)}")
        if len({n.casefold() for n in cleaned}) != count:
            raise BotError(f"the bots' nicknames must differ: {', '.join(cleaned)}")
    return [
        BotSpec(
            nickname=names[i].strip() if names is not None else NICKNAMES[i],
            skill=SKILLS[i % len(SKILLS)],
            personality=PERSONALITIES[i % len(PERSONALITIES)],
            seed=seed * 1000 + i,
            character=i % 12,
        )
        for i in range(count)
    ]


@dataclass
class _Playing:
    """The round a bot plays: its game, setup, info and AI."""

    game: Game
    setup: RoundSetup
    info: dict[str, Any]
    ai: AIPlayer

    def frame(self, tick: int, snapshot: Snapshot) -> Frame | None:
        schema = self.game.schema
        if snapshot.columns != len(schema.fields):
            return None
        return Frame(tick, snapshot.ids, snapshot.to_floats(schema.scales), schema)


RoundCallback = Callable[[BotSpec, int, "dict[str, Any] | None"], None]
STOPPING_ERRORS = ("kicked", "barred", "code_expired")


def _stopped_by(msg: Message) -> str | None:
    """Why the host's message ends the bot's lesson: removed by the teacher, barred, or
    the class ended; None for any other message."""
    if isinstance(msg, Error) and msg.code in STOPPING_ERRORS:
        return f"{msg.code}: {msg.message}"
    if isinstance(msg, Event) and msg.kind == "class_ended":
        return "the teacher ended the class"
    return None


def _playing(round_map: object, spec: BotSpec, done: int) -> _Playing:
    """The round a host announced, ready to play (BotError when it makes no sense)."""
    if not isinstance(round_map, dict):
        raise BotError(f"bot {spec.nickname}: the host sent a round that is not a map")
    try:
        game = get_game(str(round_map.get("game")))
        setup = game.setup_from_dict(round_map)
    except GameError as exc:
        raise BotError(f"bot {spec.nickname}: the host's round is unusable: {exc}") from None
    info = round_map.get("info")
    ai = game.new_ai(spec.skill, spec.personality, spec.seed + done)
    return _Playing(game, setup, info if isinstance(info, dict) else {}, ai)


async def run_bot(
    host: str,
    port: int,
    code: str,
    spec: BotSpec,
    *,
    server_key: bytes | str | None = None,
    timeout: float = 120.0,
    rounds: int = 1,
    chat: str | None = None,
    on_round: RoundCallback | None = None,
) -> BotReport:
    """Join, play ``rounds`` rounds (every wave of a survival round), return what the host
    said about each result. ``chat`` is said in the room at every round start. A bot that
    joins while its room plays watches that round (``watched``) and plays the next ones.
    ``on_round(spec, rounds done, last result)`` is called as each round completes. A bot
    the teacher removes, or whose class ends, stops at once (``ended`` says why).

    ``server_key`` is the host's CurveZMQ public key (None for a plaintext host).
    """
    if rounds < 1:
        raise BotError(f"rounds must be at least 1, got {rounds}")
    conn = ClientConnection()
    await conn.connect(host, port, server_key=server_key)
    try:
        try:
            welcome = await conn.join(code, spec.nickname, spec.character)
        except JoinRefused as exc:
            raise BotError(f"bot {spec.nickname} was refused: {exc}") from None
        except HostUnreachable as exc:
            raise BotError(str(exc)) from None
        me = welcome.player_id
        playing: _Playing | None = None
        results: list[dict[str, Any]] = []
        room: str | None = None
        sent = 0
        done = 0
        watched = 0
        flying = False  # the bot has a lander in the room's round (a late joiner watches)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        backlog: collections.deque[Message] = collections.deque()
        while loop.time() < deadline:
            if not backlog:
                backlog.append(await conn.recv(timeout=max(0.01, deadline - loop.time())))
                backlog.extend(conn.poll())
            msg = backlog.popleft()
            if isinstance(msg, StateUpdate) and any(isinstance(m, StateUpdate) for m in backlog):
                continue  # a slow bot answers only the newest state, like a student's player
            stop = _stopped_by(msg)
            if stop is not None:
                last = results[-1] if results else None
                return BotReport(
                    spec.nickname, me, last, sent, tuple(results), done, room, watched, stop
                )
            if isinstance(msg, FullState) and msg.round is not None:
                fresh = _playing(msg.round, spec, done)
                if playing is None or playing.setup != fresh.setup:
                    playing = fresh  # a full state mid-round keeps the AI's own state
                if msg.snapshot is not None and me in msg.snapshot.ids.tolist():
                    flying = True  # a rejoin mid-round; a later wave without us keeps it
            elif isinstance(msg, Event):
                if msg.kind in ("round_started", "wave_started"):
                    playing = _playing(msg.data["round"], spec, done)
                    in_it = me in msg.data.get("players", ())
                    # A survival wave without the bot still ends a round it flew.
                    flying = in_it or (flying and msg.kind == "wave_started")
                    room = str(msg.data.get("room", room))
                    if chat and msg.kind == "round_started":
                        conn.send(Chat(text=chat))
                elif msg.kind == "room_assigned":
                    room = str(msg.data["room"])
                elif msg.kind == "flight_ended" and msg.data.get("player_id") == me:
                    results.append(dict(msg.data["result"]))
                elif msg.kind == "round_completed" and playing is not None:
                    playing = None
                    if not flying:
                        watched += 1
                        continue
                    flying = False
                    done += 1
                    if on_round is not None:
                        on_round(spec, done, results[-1] if results else None)
                    if done >= rounds:
                        last = results[-1] if results else None
                        return BotReport(
                            spec.nickname, me, last, sent, tuple(results), done, room, watched
                        )
            elif isinstance(msg, StateUpdate) and playing is not None:
                frame = playing.frame(msg.tick, msg.snapshot)
                if frame is None or frame.status(me) != 0:  # not in it, or finished
                    continue
                values = playing.ai.decide_remote(playing.setup, playing.info, frame, me)
                conn.send_input(values, ack_tick=msg.tick)
                sent += 1
        raise BotError(
            f"bot {spec.nickname}: {done} of {rounds} round(s) completed within {timeout:.0f} s"
        )
    finally:
        with contextlib.suppress(Exception):
            if conn.welcome is not None:
                conn.send(Leave())  # as a student's player does on its way out: seat freed
        with contextlib.suppress(Exception):
            conn.close()


class RoundProgress:
    """One line as each round is over for every bot still in the class."""

    def __init__(self, out: TextIO, count: int) -> None:
        self.out = out
        self.count = count
        self.rows: dict[int, list[tuple[str, dict[str, Any] | None]]] = {}
        self.stopped: dict[str, int] = {}  # a bot that stopped -> rounds it completed
        self.printed = 0

    def round_done(self, spec: BotSpec, done: int, result: dict[str, Any] | None) -> None:
        self.rows.setdefault(done, []).append((spec.nickname, result))
        self.flush()

    def bot_stopped(self, nickname: str, rounds_done: int) -> None:
        self.stopped[nickname] = rounds_done
        self.flush()

    def flush(self) -> None:
        while True:
            number = self.printed + 1
            rows = self.rows.get(number, [])
            expected = self.count - sum(1 for d in self.stopped.values() if d < number)
            if not rows or len(rows) < expected:
                return
            ok = sum(1 for _, r in rows if r is not None and r.get("success"))
            best_name, best = max(rows, key=lambda row: int((row[1] or {}).get("score", 0)))
            score = int((best or {}).get("score", 0))
            self.out.write(
                f"Round {number}: {len(rows)} of {self.count} bots played it, {ok} succeeded; "
                f"best {best_name} {score}\n"
            )
            self.out.flush()
            self.printed = number


async def run_bots_command(
    server: str,
    code: str,
    *,
    count: int,
    seed: int,
    rounds: int = 1,
    timeout: float = 600.0,
    names: list[str] | None = None,
    out: TextIO | None = None,
) -> int:
    """``moonbase bots``: join a running class with ``count`` bots and play ``rounds``; a
    line as each round is over, then a line a bot. Exits when every bot is done, even one
    the teacher removed or a class that ended (exit 1 only when a bot failed)."""
    out = out or sys.stdout
    try:
        target = parse_join_string(server)
    except JoinStringError as exc:
        raise BotError(f"--server: {exc}") from None
    specs = bot_specs(count, seed, names)
    progress = RoundProgress(out, count)

    async def one(spec: BotSpec) -> BotReport:
        try:
            report = await run_bot(
                target.host,
                target.port,
                code,
                spec,
                server_key=target.server_key,
                rounds=rounds,
                timeout=timeout,
                on_round=progress.round_done,
            )
        except BaseException:
            progress.bot_stopped(spec.nickname, 0)
            raise
        if report.ended is not None:
            progress.bot_stopped(spec.nickname, report.rounds)
        return report

    reports = await asyncio.gather(*(one(spec) for spec in specs), return_exceptions=True)
    failed = 0
    for spec, report in zip(specs, reports, strict=True):
        name = f"{spec.nickname:<8}"
        if isinstance(report, BaseException):
            failed += 1
            out.write(f"{name} failed: {report}\n")
        elif report.ended is not None:
            out.write(f"{name} stopped after {report.rounds} round(s): {report.ended}\n")
        elif report.result is None:
            out.write(f"{name} no result\n")
        else:
            res = report.result
            out.write(
                f"{name} room {report.room or '-':<3} results {len(report.results):>2}"
                f"  last: {res['outcome']:<13} {res['reason']}\n"
            )
    out.flush()
    return 1 if failed else 0
