"""A lesson plan: the rounds a teacher runs one after another, across games.

A plan is a small TOML file a teacher saves and reuses next year::

    title = "Forces, structures and gases"

    [[round]]
    game = "lunar_lander"
    level = "moon"
    mode = "competitive"
    seconds = 60

    [[round]]
    game = "bridge_builder"
    seconds = 120
    knobs = { budget = 900 }

Each round names its game (``moonbase games`` lists them); ``level`` (the game's first when
left out), ``mode`` (competitive), ``seconds`` (the game's default) and ``knobs`` (the level's
values) are optional. Loading checks every round against its game, so a plan that loads
starts every round; a bad file is refused whole with the round and the setting named.
``moonbase serve --lesson FILE`` and the console's Lesson plan page run the same file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from app.common.files import write_atomic
from app.errors import HostError
from game.errors import GameError
from game.modes import Mode
from game.registry import GAMES, check_mode, get_game
from game.words import Words

MAX_PLAN_BYTES = 256_000
MAX_PLANNED_ROUNDS = 60
MAX_TITLE = 120
ROUND_KEYS = ("game", "level", "mode", "seconds", "knobs")


class LessonPlanError(HostError):
    """A lesson plan that cannot be read or run; the message names the round and setting."""


@dataclass(frozen=True)
class PlannedRound:
    """One round of a plan, checked against its game (knobs: only the ones changed)."""

    game: str
    level: str
    mode: Mode
    seconds: float
    knobs: Mapping[str, float] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return get_game(self.game).title

    def describe(self) -> str:
        """One line for people: "Bridge builder, Short gap, competitive, 120 s (budget 900)"."""
        game = get_game(self.game)
        level = game.level(self.level).title
        knobs = ", ".join(f"{k} {v:g}" for k, v in sorted(self.knobs.items()))
        tail = f" ({knobs})" if knobs else ""
        return f"{game.title}, {level}, {self.mode.value}, {self.seconds:g} s{tail}"

    def warnings(self) -> list[Words]:
        """The game's feasibility warnings for this round's knobs, in words."""
        game = get_game(self.game)
        effective = {**game.knob_defaults(self.level), **self.knobs}
        return game.check_knobs(self.level, effective)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "game": self.game,
            "level": self.level,
            "mode": self.mode.value,
            "seconds": self.seconds,
        }
        if self.knobs:
            out["knobs"] = dict(sorted(self.knobs.items()))
        return out


@dataclass(frozen=True)
class LessonPlan:
    title: str
    rounds: tuple[PlannedRound, ...]

    @property
    def games(self) -> list[str]:
        """The games the plan plays, in the order they first come."""
        return list(dict.fromkeys(r.game for r in self.rounds))

    def to_toml(self) -> str:
        doc = {"title": self.title, "round": [r.to_dict() for r in self.rounds]}
        return tomli_w.dumps(doc)


def planned_round(
    game: str,
    *,
    level: str | None = None,
    mode: Mode | str = Mode.COMPETITIVE,
    seconds: float | None = None,
    knobs: Mapping[str, object] | None = None,
) -> PlannedRound:
    """A round checked against its game: every bad value raises :class:`LessonPlanError`
    naming it (an unknown game lists the known ones)."""
    try:
        chosen, picked = check_mode(game, mode)
    except (GameError, ValueError) as exc:
        raise LessonPlanError(str(exc)) from None
    try:
        setup = chosen.setup(level=level, seed=0, seconds=seconds, knobs=knobs or {})
    except GameError as exc:
        raise LessonPlanError(str(exc)) from None
    return PlannedRound(chosen.key, setup.level, picked, setup.time_limit_s, dict(setup.knobs))


def make_plan(title: str, rounds: Sequence[PlannedRound]) -> LessonPlan:
    title = title.strip() or "Lesson"
    if len(title) > MAX_TITLE:
        raise LessonPlanError(f"the title is {len(title)} characters; at most {MAX_TITLE}")
    if not rounds:
        raise LessonPlanError("a lesson plan needs at least one round")
    if len(rounds) > MAX_PLANNED_ROUNDS:
        raise LessonPlanError(
            f"a lesson plan holds at most {MAX_PLANNED_ROUNDS} rounds, not {len(rounds)}"
        )
    return LessonPlan(title, tuple(rounds))


def parse_plan(text: str, source: str = "the lesson plan") -> LessonPlan:
    """A plan from TOML text; :class:`LessonPlanError` names ``source``, the round and the
    setting that is wrong."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LessonPlanError(f"{source} is not valid TOML: {exc}") from None
    unknown = sorted(set(doc) - {"title", "round"})
    if unknown:
        raise LessonPlanError(
            f"{source}: unknown setting {unknown[0]!r}; a plan has a title and [[round]] tables"
        )
    title = doc.get("title", "Lesson")
    if not isinstance(title, str):
        raise LessonPlanError(f"{source}: title must be text, got {title!r}")
    raw_rounds = doc.get("round", [])
    if not isinstance(raw_rounds, list) or not raw_rounds:
        raise LessonPlanError(
            f"{source} has no rounds; add one or more [[round]] tables with a game "
            f"({', '.join(GAMES)})"
        )
    rounds = [_round_of(raw, f"{source}: round {n}") for n, raw in enumerate(raw_rounds, 1)]
    try:
        return make_plan(title, rounds)
    except LessonPlanError as exc:
        raise LessonPlanError(f"{source}: {exc}") from None


def _round_of(raw: object, where: str) -> PlannedRound:
    if not isinstance(raw, dict):
        raise LessonPlanError(f"{where} must be a [[round]] table")
    unknown = sorted(set(raw) - set(ROUND_KEYS))
    if unknown:
        raise LessonPlanError(
            f"{where}: unknown setting {unknown[0]!r}; a round has {', '.join(ROUND_KEYS)}"
        )
    game = raw.get("game")
    if not isinstance(game, str):
        raise LessonPlanError(f"{where} needs a game ({', '.join(GAMES)})")
    level = raw.get("level")
    mode = raw.get("mode", Mode.COMPETITIVE.value)
    seconds = raw.get("seconds")
    knobs = raw.get("knobs", {})
    if level is not None and not isinstance(level, str):
        raise LessonPlanError(f"{where}: level must be text, got {level!r}")
    if not isinstance(mode, str):
        raise LessonPlanError(f"{where}: mode must be text, got {mode!r}")
    if not isinstance(knobs, dict):
        raise LessonPlanError(f"{where}: knobs must be a table like {{ gravity = 1.62 }}")
    try:
        return planned_round(game, level=level, mode=mode, seconds=seconds, knobs=knobs)
    except LessonPlanError as exc:
        raise LessonPlanError(f"{where}: {exc}") from None


def load_plan(path: Path) -> LessonPlan:
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_PLAN_BYTES + 1)
    except OSError as exc:
        raise LessonPlanError(f"cannot read the lesson plan {path}: {exc.strerror}") from None
    if len(data) > MAX_PLAN_BYTES:
        raise LessonPlanError(f"{path} is over {MAX_PLAN_BYTES // 1000} kB: not a lesson plan")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise LessonPlanError(f"{path} is not UTF-8 text: not a lesson plan") from None
    return parse_plan(text, str(path))


def save_plan(plan: LessonPlan, path: Path) -> None:
    """Write ``plan`` to ``path`` whole or not at all."""
    try:
        write_atomic(path, plan.to_toml())
    except OSError as exc:
        raise LessonPlanError(f"cannot save the lesson plan to {path}: {exc.strerror}") from None
