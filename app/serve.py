"""``moonbase serve``: host a class with no GUI (a lab server, CI, load tests).

Prints the join code and address, waits for students, groups them into rooms, runs rounds
back to back in every room (the modes given, in turn) and prints each round's results as
they are committed. Ctrl-C ends cleanly: results already flown are kept. After a crash the
next start closes the rounds the crash left open (as "interrupted"); committed results stay.
"""

from __future__ import annotations

import asyncio
import random
import sys
from datetime import UTC
from pathlib import Path
from typing import TextIO

from app.config import Settings
from app.errors import HostError
from app.host.constants import Grouping
from app.host.host import ClassHost
from app.host.joincode import JoinCodeError, normalise_join_code
from app.host.plan import LessonPlan, PlannedRound, load_plan, planned_round
from app.host.rounds import NobodyToPlayError
from app.report import build_report, write_report
from app.store.files import open_host_store
from app.sync.outbox import SyncStatus
from app.tables import print_leaderboard, print_results
from game.modes import Mode, parse_mode

WAIT_FOR_PLAYERS_S = 3600.0
MAX_STUDENTS = 64


def parse_modes(text: str) -> list[Mode]:
    """``"competitive,cooperative"`` -> modes; the error names the bad one."""
    try:
        return [parse_mode(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise HostError(f"--modes: {exc}") from None


async def run_serve(
    settings: Settings,
    *,
    code: str | None = None,
    rounds: int = 1,
    min_players: int = 1,
    seed: int | None = None,
    out: TextIO | None = None,
    grouping: str = "fill",
    modes: str = "competitive",
    roster: Path | None = None,
    max_waves: int = 3,
    hide_ranks: bool = False,
    lesson: Path | None = None,
    report: Path | None = None,
) -> int:
    """Host a class headless. With ``lesson`` (a lesson plan file) the plan's rounds run in
    order, each in every room; otherwise ``rounds`` rounds of the configured game, the
    ``modes`` in turn. With ``report`` the class report is written there at the end (HTML,
    and the CSV beside it)."""
    out = out or sys.stdout
    if rounds < 1:
        raise HostError(f"--rounds must be at least 1, got {rounds}")
    if not 1 <= min_players <= MAX_STUDENTS:
        raise HostError(f"--min-players must be between 1 and {MAX_STUDENTS}, got {min_players}")
    if grouping not in ("fill", "rating"):
        raise HostError(f"--grouping must be fill or rating, got {grouping!r}")
    if code is not None:
        try:
            code = normalise_join_code(code)
        except JoinCodeError as exc:
            raise HostError(f"--code: {exc}") from None
    mode_list = parse_modes(modes)
    if not mode_list:
        raise HostError("--modes needs at least one mode")
    plan = load_plan(lesson) if lesson is not None else _plain_plan(settings, rounds, mode_list)
    for number, planned in enumerate(plan.rounds, 1):
        for warning in planned.warnings():
            out.write(f"Warning, round {number} ({planned.title}): {warning}\n")
    roster_text = None
    if roster is not None:
        try:
            roster_text = roster.read_text(encoding="utf-8")
        except OSError as exc:
            raise HostError(f"cannot read roster {roster}: {exc.strerror}") from None
    store, recovered = await open_host_store(settings.data_dir, "moonbase serve")
    try:
        if recovered.rounds:
            out.write(
                f"Closed {recovered.rounds} round(s) a previous run left open (interrupted)\n"
            )
        if recovered.lessons:
            out.write(f"Ended {recovered.lessons} lesson(s) a previous run left open\n")
        group: Grouping = (
            "rating" if grouping == "rating" else ("manual" if grouping == "manual" else "fill")
        )
        host = ClassHost(
            settings,
            store,
            join_code=code,
            rng=random.Random(seed) if seed is not None else None,
            grouping=group,
            hide_ranks=hide_ranks,
        )
        await host.start()
        try:
            if roster_text is not None:
                loaded = await host.load_roster(roster_text)
                out.write(f"Roster: {len(loaded.entries)} nickname(s) may join\n")
                for problem in loaded.problems:
                    out.write(f"  roster {roster}: {problem}\n")
            out.write(
                f"Hosting {settings.class_name!r}: join code {host.join_code}, "
                f"address {host.address()} (students type the code, and this address when "
                f"the class is not listed); bots and scripts: --server {host.join_string()}\n"
            )
            out.write(f"Results database: {store.path}\n")
            out.write(
                f"Cloud sync: on, to {settings.cloud_url} every {host.sync_interval_s:g} s\n"
                if settings.cloud_url and settings.cloud_key
                else "Cloud sync: off (no cloud_url and cloud_key in the config)\n"
            )
            if settings.bind.startswith("127."):
                out.write("Only this computer can join; use --bind 0.0.0.0 to host the LAN.\n")
            out.write(f"Waiting for {min_players} student(s)...\n")
            out.flush()
            await _wait_for_players(host, min_players, out)
            if group == "rating":
                await _wait_grouped(host)
            for name, members in ((s.name, s.members) for s in host.room_statuses()):
                out.write(f"Room {name}: {', '.join(members)}\n")
            if lesson is not None:
                out.write(f"Lesson plan {plan.title!r}: {len(plan.rounds)} round(s)\n")
            for number, planned in enumerate(plan.rounds):
                mode = planned.mode
                round_seed = None if seed is None else seed + number
                ids = await _start_when_ready(
                    host,
                    out,
                    seed=round_seed,
                    mode=mode,
                    max_waves=max_waves,
                    game=planned.game,
                    level=planned.level,
                    seconds=planned.seconds,
                    knobs=dict(planned.knobs),
                )
                out.write(
                    f"Round {number + 1} of {len(plan.rounds)} ({planned.describe()}): "
                    + ", ".join(f"room {r} round {i}" for r, i in ids.items())
                    + "\n"
                )
                out.flush()
                waves = max_waves if mode is Mode.SURVIVAL else 1
                limit = (settings.countdown_seconds + planned.seconds) * waves
                await host.wait_round(timeout=limit / settings.speed + 30, room="*")
                for room, round_id in ids.items():
                    out.write(f"\nRoom {room}")
                    print_results(out, await store.round_results(round_id))
                    _, team = await store.round_outcome(round_id)
                    if team is not None:
                        out.write(f"  team score {team}\n")
                out.flush()
            assert host.class_id is not None
            for game in plan.games:
                board = await store.leaderboard(host.class_id, game, "all")
                title = f"Class leaderboard, all time ({game})" if len(plan.games) > 1 else ""
                print_leaderboard(out, board, title or "Class leaderboard, all time")
            lesson_id = host.lesson_id
            if lesson_id is not None:
                made = await build_report(store, lesson_id)
                if len(plan.games) > 1:
                    out.write("\nLesson total (best score in each game, added)\n")
                    for row in made.totals:
                        out.write(f"  {row.rank:>2}. {row.nickname:<16} {row.total:>6}\n")
                if report is not None:
                    html_path, csv_path = write_report(made, report)
                    out.write(f"Class report: {html_path} (and {csv_path.name})\n")
            sync = await host.sync_status()
            if sync is not None:
                out.write(sync_line(sync) + "\n")
            out.flush()
            return 0
        finally:
            await host.stop()
    finally:
        await store.close()


def _plain_plan(settings: Settings, rounds: int, modes: list[Mode]) -> LessonPlan:
    """``--rounds`` rounds of the configured game and world, the modes in turn."""
    made: list[PlannedRound] = []
    for number in range(rounds):
        made.append(
            planned_round(
                settings.game,
                level=settings.world or None,
                mode=modes[number % len(modes)],
                seconds=settings.round_seconds,
            )
        )
    return LessonPlan(settings.class_name, tuple(made))


def sync_line(status: SyncStatus) -> str:
    """One line for the console: pending results, the last success and the last error."""
    success = (
        "never"
        if status.last_success_at is None
        else f"{status.last_success_at.astimezone(UTC):%H:%M:%S} UTC"
    )
    error = "none" if status.last_error is None else status.last_error
    return (
        f"Cloud sync: {status.pending} result(s) pending, last success {success}, "
        f"last error: {error}; {status.entitlement.describe()}"
    )


async def _start_when_ready(host: ClassHost, out: TextIO, **round_args: object) -> dict[str, int]:
    """Start the next round in every room with students; when every student has left,
    say so and wait for one to (re)join instead of ending the lesson."""
    while True:
        try:
            return await host.start_all(**round_args)
        except NobodyToPlayError:
            out.write("Every student has left; waiting for students to join again...\n")
            out.flush()
            await _wait_for_players(host, 1, out)


async def _wait_for_players(host: ClassHost, min_players: int, out: TextIO) -> None:
    """Until ``min_players`` students were admitted (announced as joined: stored and placed
    in a room or the matchmaking queue), so the first round starts with all of them."""
    events = host.subscribe()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_FOR_PLAYERS_S
    admitted: set[int] = set()
    try:
        while len(admitted) < min_players:
            try:
                event = await asyncio.wait_for(events.get(), deadline - loop.time())
            except TimeoutError:
                raise HostError("not enough students joined within an hour; stopping") from None
            if event.kind in ("player_joined", "player_returned", "player_reclaimed"):
                admitted.add(int(event.data["player_id"]))
                out.write(f"  joined: {event.data['nickname']}\n")
                out.flush()
            elif event.kind in ("player_left", "player_kicked"):
                admitted.discard(int(event.data.get("player_id", -1)))
    finally:
        host.unsubscribe(events)


async def _wait_grouped(host: ClassHost) -> None:
    """Let matchmaking form its rooms (the window widens to ±500 within 40 s); whoever is
    still waiting after that is grouped at once."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 45.0 / host.settings.speed
    while host.lobby() and loop.time() < deadline:
        await asyncio.sleep(0.05)
    if host.lobby():
        host.auto_group()
