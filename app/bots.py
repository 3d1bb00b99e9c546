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
from dataclasses import dataclass
from typing import Any

from app.errors import BotError
from game.api import AIPlayer, Frame, Game, RoundSetup
from game.errors import GameError
from game.registry import get_game
from netcode.client import ClientConnection, HostUnreachable, JoinRefused
from netcode.joinstring import JoinStringError, parse_join_string
from netcode.messages import Chat, Event, FullState, Message, StateUpdate
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


def bot_specs(count: int, seed: int) -> list[BotSpec]:
    """``count`` bots with a spread of skills and personalities, reproducible from ``seed``."""
    if not 1 <= count <= len(NICKNAMES):
        raise BotError(f"bots must be between 1 and {len(NICKNAMES)}, got {count}")
    return [
        BotSpec(
            nickname=NICKNAMES[i],
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
) -> BotReport:
    """Join, fly ``rounds`` rounds (every wave of a survival round), return what the host
    said about each flight. ``chat`` is said in the room at every round start. A bot that
    joins while its room flies watches that round (``watched``) and flies the next ones.

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
            conn.close()


async def run_bots_command(
    server: str, code: str, *, count: int, seed: int, rounds: int = 1, timeout: float = 600.0
) -> int:
    """``moonbase bots``: join a running class with ``count`` bots and fly ``rounds``."""
    try:
        target = parse_join_string(server)
    except JoinStringError as exc:
        raise BotError(f"--server: {exc}") from None
    specs = bot_specs(count, seed)
    reports = await asyncio.gather(
        *(
            run_bot(
                target.host,
                target.port,
                code,
                spec,
                server_key=target.server_key,
                rounds=rounds,
                timeout=timeout,
            )
            for spec in specs
        ),
        return_exceptions=True,
    )
    failed = 0
    for spec, report in zip(specs, reports, strict=True):
        if isinstance(report, BaseException):
            failed += 1
            print(f"{spec.nickname:<8} failed: {report}")
        elif report.result is None:
            print(f"{spec.nickname:<8} no result")
        else:
            res = report.result
            print(
                f"{spec.nickname:<8} room {report.room or '-':<3} flights {len(report.results):>2}"
                f"  last: {res['outcome']:<13} {res['reason']}"
            )
    return 1 if failed else 0
