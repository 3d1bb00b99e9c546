"""The ``moonbase`` command: one entry point, a subcommand per program."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from app.config import (
    ConfigError,
    Settings,
    TracedSettings,
    describe,
    load_settings_traced,
)
from app.errors import MoonbaseError
from app.logs import configure_logging, log_dir

log = logging.getLogger(__name__)

# the extra of pyproject.toml (and the bundle) each program comes with
PROGRAM_EXTRAS = {
    "play": ("player", "the Moonbase Player"),
    "console": ("console", "Moonbase Mission Control"),
    "cloud": ("cloud", "the moonbase command of a cloud install"),
}


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log lines")
    parser.add_argument("--config", type=Path, help="TOML settings file")
    parser.add_argument("--data", dest="data_dir", help="data folder (results database)")


def _host_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, help="host port (default: any free port)")
    parser.add_argument("--game", help="the game to play (see: moonbase games)")
    parser.add_argument(
        "--world", help="the game's level or world (the lander: moon, mars, earth, titan)"
    )
    parser.add_argument("--round-seconds", type=float, help="round time limit")
    parser.add_argument("--class-name", help="class name shown to students")
    parser.add_argument("--speed", type=float, help="run the host clock faster (tests)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="moonbase", description="Moonbase: classroom STEM games over the school LAN."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    games = sub.add_parser("games", help="the games, with their discipline and concept")
    games.add_argument("--json", action="store_true", help="a JSON list, for scripts")

    demo = sub.add_parser("demo", help="a whole class on one machine: host + bots, one round")
    _common(demo)
    _host_flags(demo)
    demo.add_argument("--bots", type=int, default=8, help="simulated students (1-8)")
    demo.add_argument("--seed", type=int, default=None, help="reproducible round")

    serve = sub.add_parser("serve", help="host a class with no GUI")
    _common(serve)
    _host_flags(serve)
    serve.add_argument("--bind", help="address to listen on (0.0.0.0 for the whole LAN)")
    serve.add_argument("--code", help="use this join code instead of a new one")
    serve.add_argument("--rounds", type=int, default=1, help="rounds to run, then exit")
    serve.add_argument("--min-players", type=int, default=1, help="wait for this many")
    serve.add_argument("--seed", type=int, default=None, help="terrain seed of the first round")
    serve.add_argument(
        "--grouping",
        choices=("fill", "rating"),
        default="fill",
        help="rooms: fill them in join order, or group by rating (Glicko-2)",
    )
    serve.add_argument(
        "--modes",
        default="competitive",
        help="round modes in turn, e.g. competitive,cooperative,survival (or solo)",
    )
    serve.add_argument("--roster", type=Path, help="CSV of the nicknames allowed to join")
    serve.add_argument("--max-waves", type=int, default=3, help="waves of a survival round")
    serve.add_argument(
        "--hide-ranks", action="store_true", help="students see others' scores at round end"
    )
    serve.add_argument(
        "--lesson", type=Path, help="a lesson plan (TOML): its rounds, across games, in order"
    )
    serve.add_argument(
        "--report", type=Path, help="write the class report here at the end (.html, and .csv)"
    )

    bots = sub.add_parser("bots", help="simulated students that join a host over the network")
    _common(bots)
    bots.add_argument(
        "--server", required=True, help="the class's address HOST:PORT/KEY as serve prints it"
    )
    bots.add_argument("--code", required=True, help="the class's join code")
    bots.add_argument("--count", type=int, help="how many bots (1-16; default 4, or --names)")
    bots.add_argument("--rounds", type=int, default=1, help="rounds to fly, then leave")
    bots.add_argument("--seed", type=int, default=0, help="seed for the bots' AI players")
    bots.add_argument("--names", help="the bots' nicknames, comma separated (as many as --count)")
    bots.add_argument(
        "--timeout",
        type=float,
        default=600.0,
        help="seconds the bots play at most before they stop (default 600)",
    )

    play = sub.add_parser("play", help="the student player (Arcade window)")
    _common(play)
    play.add_argument(
        "--server", help="the class's address HOST:PORT as the console shows it (skips the menus)"
    )
    play.add_argument("--code", help="the class's join code")
    play.add_argument("--name", help="your nickname")
    play.add_argument("--fullscreen", action="store_true", help="fill the screen")

    console = sub.add_parser("console", help="Mission Control, the teacher's console (Qt)")
    _common(console)
    _host_flags(console)
    console.add_argument("--language", help="the console's language (en, de)")

    config = sub.add_parser("config", help="the effective settings and where each came from")
    _common(config)
    config.add_argument(
        "--show", action="store_true", help="print every setting and its source (the default)"
    )

    cloud = sub.add_parser("cloud", help="the cloud tenant service (HTTP API)")
    _common(cloud)
    cloud.add_argument("--host", dest="cloud_host", help="address to listen on")
    cloud.add_argument("--port", dest="cloud_port", type=int, help="port (default 8080)")
    cloud.add_argument(
        "--workers",
        type=int,
        default=1,
        help="service processes on the port (default 1; more need PostgreSQL and Redis)",
    )

    sync = sub.add_parser("sync", help="push the results outbox to the cloud now")
    _common(sync)
    sync.add_argument("--status", action="store_true", help="only show the outbox's state")

    report = sub.add_parser("report", help="a lesson's class report (HTML page and CSV)")
    _common(report)
    report.add_argument("--lesson", dest="lesson_id", type=int, help="lesson id (default: newest)")
    report.add_argument("--out", type=Path, required=True, help="the .html file to write")

    export = sub.add_parser("export", help="results as CSV")
    _common(export)
    export.add_argument("--round", dest="round_id", type=int, help="a round's results")
    export.add_argument("--student", dest="student_id", type=int, help="a student's flights")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    return parser


FLAG_SETTINGS = (
    "port",
    "game",
    "world",
    "round_seconds",
    "class_name",
    "speed",
    "data_dir",
    "bind",
    "language",
)


def _settings_from(args: argparse.Namespace) -> Settings:
    return _traced_settings(args).settings


def _traced_settings(args: argparse.Namespace) -> TracedSettings:
    cli = {key: getattr(args, key) for key in FLAG_SETTINGS if hasattr(args, key)}
    return load_settings_traced(config_file=args.config, cli=cli)


def _missing_program(command: str, exc: ModuleNotFoundError) -> int:
    """A program whose packages are not installed here (another extra, another bundle)."""
    extra, bundle = PROGRAM_EXTRAS.get(command, ("all", "the full install"))
    frozen = getattr(sys, "frozen", False)
    where = (
        f"it comes with {bundle}" if frozen else f"install it with: pip install 'moonbase[{extra}]'"
    )
    print(
        f"moonbase {command}: not part of this installation ({exc.name} is missing); {where}",
        file=sys.stderr,
    )
    return 3


def _stop_signals() -> None:
    """Ctrl-C and SIGTERM (how IT and service managers stop a program) both end it cleanly:
    asyncio cancels the main task, which ends the lesson and closes the database. A program
    started in the background by a shell may inherit SIGINT ignored; it is taken back."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, lambda *_: signal.raise_signal(signal.SIGINT))


def _run(coro_factory: Callable[[], Coroutine[Any, Any, int]]) -> int:
    _stop_signals()
    try:
        return asyncio.run(coro_factory())
    except KeyboardInterrupt:
        print("moonbase: interrupted", file=sys.stderr)
        return 130


def _run_cloud(args: argparse.Namespace, settings: Settings) -> int:
    import dataclasses

    from app.cloud.server import check_workers, serve, serve_workers
    from app.cloud.settings import CloudSettings

    try:
        cloud = CloudSettings.from_env()
        changes: dict[str, Any] = {}
        if args.cloud_host:
            changes["host"] = args.cloud_host
        if args.cloud_port is not None:
            changes["port"] = args.cloud_port
        if args.data_dir:
            changes["data_dir"] = settings.data_dir
        cloud = dataclasses.replace(cloud, **changes)
        check_workers(cloud, args.workers)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    print(
        f"Moonbase cloud on http://{cloud.host}:{cloud.port} (data in {cloud.data_dir})"
        + (f", {args.workers} worker processes" if args.workers > 1 else "")
    )
    if args.workers > 1:
        with contextlib.suppress(KeyboardInterrupt):  # the workers stop with it
            serve_workers(cloud, args.workers)
        return 0
    return _run(lambda: _serve_cloud(serve, cloud))


async def _serve_cloud(serve: Callable[[Any], Coroutine[Any, Any, None]], cloud: Any) -> int:
    await serve(cloud)
    return 0


def list_games(as_json: bool) -> int:
    """``moonbase games``: every game, its discipline and the concept it teaches."""
    import json

    from game.registry import all_games

    games = all_games()
    if as_json:
        print(json.dumps([g.describe() for g in games], indent=1, ensure_ascii=False))
        return 0
    for g in games:
        levels = ", ".join(lv.key for lv in g.levels)
        print(f"{g.key:<16} {g.title} ({g.discipline.title})")
        print(f"{'':<16} {g.concept}")
        print(f"{'':<16} levels: {levels}; up to {g.max_players} a room")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "games":
        return list_games(args.json)
    try:
        return _dispatch(parser, args)
    except ModuleNotFoundError as exc:
        # a bundle leaves out the programs it is not (their packages too); from source, a
        # missing module of our own is a bug, not a missing extra
        ours = (exc.name or "app").split(".")[0] in ("app", "game", "netcode", "admin_gui")
        if ours and not getattr(sys, "frozen", False):
            raise
        return _missing_program(args.command, exc)


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    try:
        traced = _traced_settings(args)
        settings: Settings = traced.settings
        gui = args.command in ("console", "play")  # no terminal when started from a menu
        log_file = log_dir() / f"{args.command}.log" if gui else None
        configure_logging(settings.log_level, args.verbose, log_file)
        if args.command == "config":
            print(describe(traced), end="")
            return 0
        if args.command == "demo":
            from app.demo import run_demo

            return _run(lambda: run_demo(settings, bots=args.bots, seed=args.seed))
        if args.command == "serve":
            from app.serve import run_serve

            return _run(
                lambda: run_serve(
                    settings,
                    code=args.code,
                    rounds=args.rounds,
                    min_players=args.min_players,
                    seed=args.seed,
                    grouping=args.grouping,
                    modes=args.modes,
                    roster=args.roster,
                    max_waves=args.max_waves,
                    hide_ranks=args.hide_ranks,
                    lesson=args.lesson,
                    report=args.report,
                )
            )
        if args.command == "bots":
            from app.bots import run_bots_command

            names = None if args.names is None else args.names.split(",")
            count = len(names) if names is not None and args.count is None else args.count or 4
            return _run(
                lambda: run_bots_command(
                    args.server,
                    args.code,
                    count=count,
                    seed=args.seed,
                    rounds=args.rounds,
                    names=names,
                    timeout=args.timeout,
                )
            )
        if args.command == "play":
            from app.player.main import run_player

            return run_player(
                args.server,
                args.code,
                args.name,
                fullscreen=args.fullscreen,
                data_dir=settings.data_dir,
                discovery=settings.browse_interfaces(),
                language=settings.language,
            )
        if args.command == "console":
            from admin_gui.main import run_console

            return run_console(settings, [sys.argv[0]])
        if args.command == "cloud":
            return _run_cloud(args, settings)
        if args.command == "sync":
            from app.synccmd import run_sync

            return _run(lambda: run_sync(settings, status_only=args.status))
        if args.command == "report":
            from app.reportcmd import run_report

            return _run(lambda: run_report(settings, lesson_id=args.lesson_id, output=args.out))
        if args.command == "export":
            from app.synccmd import run_export

            return _run(
                lambda: run_export(
                    settings, round_id=args.round_id, student_id=args.student_id, output=args.out
                )
            )
    except ConfigError as exc:
        print(f"moonbase: {exc}", file=sys.stderr)
        return 2
    except MoonbaseError as exc:
        print(f"moonbase: {exc}", file=sys.stderr)
        return 1
    parser.error(f"unknown command {args.command}")
    return 2  # pragma: no cover - parser.error exits


if __name__ == "__main__":
    sys.exit(main())
