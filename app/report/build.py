"""A lesson read back as a class report: per game, each student's rounds, best and worst
round with the game's explanation, a plot of the class; and a lesson total across games."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.store import Store
from app.store.records import LessonInfo, LessonRound, StoredFlight
from game.api import Channel, Game
from game.errors import GameError
from game.registry import get_game
from game.series import Series

MAX_PLOT_LINES = 10  # the students with the best rounds; more lines read as noise
MAX_PLOT_POINTS = 240  # per line: enough for a page, small enough for the file

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class StudentGame:
    """One student in one game of the lesson."""

    student_id: int
    nickname: str
    rounds: int
    successes: int
    total: int
    best: StoredFlight
    worst: StoredFlight


@dataclass(frozen=True)
class PlotLine:
    nickname: str
    t: FloatArray
    values: FloatArray


@dataclass(frozen=True)
class GamePlot:
    """One channel of each listed student's best round (time on the x axis)."""

    channel: Channel
    lines: tuple[PlotLine, ...]


@dataclass(frozen=True)
class GameSection:
    key: str
    title: str
    discipline: str
    concept: str
    success_word: str
    rounds: int  # rounds of this game in the lesson (all rooms)
    students: tuple[StudentGame, ...]  # best score first
    plot: GamePlot | None


@dataclass(frozen=True)
class TotalRow:
    rank: int
    student_id: int
    nickname: str
    best: Mapping[str, int]  # game -> best score (absent: did not play it)
    total: int  # the sum of the best score in each game


@dataclass(frozen=True)
class ClassReport:
    lesson: LessonInfo
    rounds: tuple[LessonRound, ...]
    sections: tuple[GameSection, ...]  # in the order the games were first played
    totals: tuple[TotalRow, ...]  # highest total first


async def build_report(store: Store, lesson_id: int) -> ClassReport:
    """The report of lesson ``lesson_id`` (StorageError when there is no such lesson)."""
    lesson = await store.lesson(lesson_id)
    rounds = await store.lesson_rounds(lesson_id)
    flights = await store.lesson_results(lesson_id)
    order = list(dict.fromkeys([r.game for r in rounds] + [f.game for f in flights]))
    sections = []
    for key in order:
        played = [f for f in flights if f.game == key]
        if not played:
            continue
        students = _students(played)
        plot = await _plot(store, key, [s.best for s in students[:MAX_PLOT_LINES]])
        sections.append(_section(key, sum(r.game == key for r in rounds), students, plot))
    return ClassReport(lesson, tuple(rounds), tuple(sections), lesson_totals(flights))


def _students(flights: Sequence[StoredFlight]) -> tuple[StudentGame, ...]:
    by_student: dict[int, list[StoredFlight]] = {}
    for f in flights:
        by_student.setdefault(f.student_id, []).append(f)
    out = []
    for sid, own in by_student.items():
        ordered = sorted(own, key=lambda f: (-f.score, -f.stars, f.id))
        out.append(
            StudentGame(
                student_id=sid,
                nickname=ordered[0].nickname,
                rounds=len(own),
                successes=sum(_succeeded(f) for f in own),
                total=sum(f.score for f in own),
                best=ordered[0],
                worst=ordered[-1],
            )
        )
    out.sort(key=lambda s: (-s.best.score, -s.best.stars, s.nickname.casefold()))
    return tuple(out)


def _succeeded(flight: StoredFlight) -> bool:
    with contextlib.suppress(GameError):
        game = get_game(flight.game)
        return any(s.success and s.code == flight.outcome for s in game.statuses.values())
    return flight.stars > 0


def _section(
    key: str, rounds: int, students: tuple[StudentGame, ...], plot: GamePlot | None
) -> GameSection:
    try:
        game: Game | None = get_game(key)
    except GameError:  # results of a game this copy does not know: listed, not explained
        game = None
    return GameSection(
        key=key,
        title=game.title if game else key,
        discipline=game.discipline.title if game else "",
        concept=game.concept if game else "",
        success_word=game.success_word if game else "succeeded",
        rounds=rounds,
        students=students,
        plot=plot,
    )


def report_channel(channels: Sequence[Channel]) -> Channel:
    """The channel a report plots: the first with a safe band (what the lesson is about),
    else the first."""
    for channel in channels:
        if channel.safe_low is not None or channel.safe_high is not None:
            return channel
    return channels[0]


async def _plot(store: Store, key: str, flights: Sequence[StoredFlight]) -> GamePlot | None:
    try:
        game = get_game(key)
    except GameError:
        return None
    if not game.channels:
        return None
    channel: Channel | None = None  # with the band of the first round plotted (its level)
    lines = []
    for flight in flights:
        try:
            series = Series.from_bytes(await store.flight_telemetry(flight.id))
            info = game.round_info(game.setup_from_dict(flight.params))
            if channel is None:
                channel = report_channel(game.channels_for(info))
            values = game.channels_of(info, series)[channel.name]
        except (GameError, KeyError, ValueError):
            continue  # a round with no telemetry (or an older format) draws no line
        t = np.asarray(series["t"], dtype=np.float64)
        v = np.asarray(values, dtype=np.float64)
        if len(t) < 2 or len(t) != len(v):
            continue
        step = max(1, len(t) // MAX_PLOT_POINTS)
        keep = np.isfinite(v[::step])
        lines.append(PlotLine(flight.nickname, t[::step][keep], v[::step][keep]))
    return GamePlot(channel, tuple(lines)) if lines and channel is not None else None


def lesson_totals(flights: Sequence[StoredFlight]) -> tuple[TotalRow, ...]:
    """Each student's best score in every game of ``flights``, added: the lesson total,
    highest first (equal totals share a rank)."""
    best: dict[int, dict[str, int]] = {}
    names: dict[int, str] = {}
    for f in flights:
        games = best.setdefault(f.student_id, {})
        games[f.game] = max(games.get(f.game, f.score), f.score)
        names[f.student_id] = f.nickname
    rows = sorted(
        ((sid, sum(games.values())) for sid, games in best.items()),
        key=lambda kv: (-kv[1], names[kv[0]].casefold()),
    )
    out: list[TotalRow] = []
    for index, (sid, total) in enumerate(rows):
        rank = out[-1].rank if out and out[-1].total == total else index + 1
        out.append(TotalRow(rank, sid, names[sid], best[sid], total))
    return tuple(out)
