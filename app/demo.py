"""``moonbase demo``: a whole class on one machine, with no screen.

A host on 127.0.0.1, a class with a join code, N bots that join over ZeroMQ as separate
clients, one round of the chosen game (``--game``, Lunar Lander by default), every result
committed to SQLite, then the results and the class leaderboard read back from the database
and printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import random
import sys
from typing import TextIO

from app.bots import BotReport, bot_specs, run_bot
from app.config import Settings
from app.errors import BotError
from app.host.host import ClassHost, HostEvent
from app.store import Store
from app.store.files import open_host_store
from app.tables import print_leaderboard, print_results
from game.registry import get_game

JOIN_TIMEOUT_S = 15.0


async def _progress(host: ClassHost, out: TextIO, done: asyncio.Event) -> None:
    """A progress line while the round runs: in place on a terminal, every 5 s otherwise."""
    tty = out.isatty()
    last_printed = -1.0
    while not done.is_set():
        status = host.status()
        if status is not None:
            if status.phase == "countdown":
                text = f"  countdown {status.countdown_left:4.1f} s"
            else:
                elapsed = host.round.config.time_limit_s - status.time_left if host.round else 0.0
                text = (
                    f"  round {status.phase:<9} t={elapsed:5.1f} s   "
                    f"playing {status.flying}   ended {status.ended}"
                )
            if tty:
                out.write("\r" + text.ljust(70))
                out.flush()
            elif status.tick // 300 != last_printed:
                last_printed = status.tick // 300
                out.write(text + "\n")
                out.flush()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), 0.25)
    if tty:
        out.write("\r" + " " * 70 + "\r")


async def run_demo(
    settings: Settings, *, bots: int = 8, seed: int | None = None, out: TextIO | None = None
) -> int:
    out = out or sys.stdout
    if not 1 <= bots <= 8:
        raise BotError(f"--bots must be between 1 and 8 (one room), got {bots}")
    # Only bots play, so the host may wait for each one's input: a seeded round is exact.
    settings = dataclasses.replace(settings, bind="127.0.0.1", lockstep=True)
    rng = random.Random(seed)
    bot_seed = rng.randrange(1_000_000) if seed is not None else random.randrange(1_000_000)
    round_seed = rng.randrange(2**31) if seed is not None else None
    store, _ = await open_host_store(settings.data_dir, "moonbase demo")
    try:
        host = ClassHost(settings, store, rng=random.Random(seed) if seed is not None else None)
        await host.start()
        try:
            return await _lesson(host, store, settings, bots, bot_seed, round_seed, out)
        finally:
            await host.stop()
    finally:
        await store.close()


async def _lesson(
    host: ClassHost,
    store: Store,
    settings: Settings,
    bots: int,
    bot_seed: int,
    round_seed: int | None,
    out: TextIO,
) -> int:
    out.write(
        f"Moonbase demo: class {settings.class_name!r}, join code {host.join_code}, "
        f"host 127.0.0.1:{host.port}\n"
    )
    out.write(f"Results database: {store.path}\n")
    events = host.subscribe()
    specs = bot_specs(bots, bot_seed)
    tasks = [
        asyncio.create_task(
            run_bot("127.0.0.1", host.port, host.join_code, spec, server_key=host.public_key)
        )
        for spec in specs
    ]
    try:
        await _wait_joined(events, bots, tasks)
        out.write(
            f"{bots} students joined over ZeroMQ: "
            + ", ".join(p.nickname for p in host.players())
            + "\n"
        )
        round_id = await host.start_round(
            game=settings.game, level=settings.world or None, seed=round_seed
        )
        rnd = host.round
        assert rnd is not None
        level = rnd.game.level(rnd.setup.level)
        out.write(
            f"Round {round_id}: {rnd.game.title} ({rnd.game.discipline.title}) on "
            f"{level.title}, seed {rnd.setup.seed}, {rnd.setup.time_limit_s:.0f} s limit\n"
        )
        done = asyncio.Event()
        progress = asyncio.create_task(_progress(host, out, done))
        try:
            limit = (settings.countdown_seconds + rnd.config.time_limit_s) / settings.speed + 30
            await host.wait_round(timeout=limit)
        finally:
            done.set()
            await progress
        reports: list[BotReport | BaseException] = await asyncio.gather(
            *tasks, return_exceptions=True
        )
    finally:
        for task in tasks:
            task.cancel()
    for spec, report in zip(specs, reports, strict=True):
        if isinstance(report, BaseException):
            raise BotError(f"bot {spec.nickname} failed: {report}")
    flights = await store.round_results(round_id)
    print_results(out, flights)
    assert host.class_id is not None
    game = get_game(settings.game)
    board = await store.leaderboard(host.class_id, game.key, "all")
    print_leaderboard(out, board, f"Class leaderboard, {game.title}, all time (from the database)")
    out.flush()
    return 0


async def _wait_joined(
    events: asyncio.Queue[HostEvent], count: int, tasks: list[asyncio.Task[BotReport]]
) -> None:
    joined = 0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + JOIN_TIMEOUT_S
    while joined < count:
        for task in tasks:
            if task.done() and task.exception() is not None:
                raise BotError(f"a bot could not join: {task.exception()}")
        try:
            event = await asyncio.wait_for(events.get(), max(0.0, deadline - loop.time()))
        except TimeoutError:
            raise BotError(
                f"only {joined} of {count} bots joined within {JOIN_TIMEOUT_S:.0f} s"
            ) from None
        if event.kind == "player_joined":
            joined += 1
