"""The game API: what every game declares, and what the whole stack reads of it.

A game is a package ``game/<name>/`` whose ``GAME`` object is an instance of a
:class:`Game` subclass. The host, the netcode, the player, Mission Control, the store and
the cloud know games only through this module: no layer above ``game/`` names a game's own
fields. In one place a game declares

* who it is: ``key``, ``title``, ``discipline``, ``concept`` (one sentence with its formula);
* its levels (worlds, puzzles...), the modes it supports and its default round length;
* the teacher's :class:`Knob` s, with a feasibility check that says in words when a
  setting makes the goal impossible (:meth:`Game.check_knobs`);
* the inputs a player may send (:class:`InputSpec`);
* a deterministic simulation (:meth:`Game.new_sim`) stepped at the fixed :data:`DT`;
* each player's :class:`PlayerResult`: outcome, reason in words, measured value and limit,
  score breakdown, stars;
* telemetry :class:`Channel` s for plots (name, unit, safe band);
* an AI player at four skills (:meth:`Game.new_ai`);
* the snapshot schema the netcode encodes (:class:`SnapshotSchema`);
* what a spectator sees (:meth:`Game.scene`, a :class:`game.scene.Scene`).
"""

from __future__ import annotations

import abc
import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol

import numpy as np
import numpy.typing as npt

from game.errors import InvalidConfigError, InvalidInputError, InvalidKnobError
from game.fields import get_float, get_int, get_str, mapping
from game.modes import Mode
from game.scene import Scene
from game.series import Series
from game.words import Words

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Value = float | int | bool
AI_SKILLS: tuple[float, ...] = (0.3, 0.6, 0.85, 0.98)  # Easy, Medium, Hard, Insane
SKILL_NAMES: tuple[str, ...] = ("Easy", "Medium", "Hard", "Insane")
MAX_SNAPSHOT_FIELDS = 32
MAX_INPUT_FIELDS = 16
PLAYING = 0  # status 0 is "still playing" in every game; a finished player's status is > 0


class Discipline(enum.StrEnum):
    PHYSICS = "physics"
    CHEMISTRY = "chemistry"
    ENGINEERING = "engineering"
    BIOLOGY = "biology"
    COMPUTER_SCIENCE = "computer_science"

    @property
    def title(self) -> str:  # type: ignore[override]
        return self.value.replace("_", " ").capitalize()


# -- what a teacher sets --------------------------------------------------------------------
@dataclass(frozen=True)
class Level:
    """A world, map or puzzle a round is played on."""

    key: str
    title: str
    blurb: str = ""


@dataclass(frozen=True)
class Knob:
    """A setting the teacher may change for the next round ("what if gravity doubled?")."""

    key: str
    label: str
    unit: str
    low: float
    high: float
    step: float
    help: str = ""
    integer: bool = False

    def check(self, value: object) -> float:
        """``value`` as a float within range, or :class:`InvalidKnobError` saying why."""
        allowed = f"{'a whole' if self.integer else 'a finite'} number within {self.describe()}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidKnobError(self.key, value, allowed)
        number = float(value)
        if not math.isfinite(number) or not self.low <= number <= self.high:
            raise InvalidKnobError(self.key, value, allowed)
        if self.integer and number != round(number):
            raise InvalidKnobError(self.key, value, allowed)
        return number

    def describe(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.low:g}..{self.high:g}{unit}"

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "label": self.label,
            "unit": self.unit,
            "low": self.low,
            "high": self.high,
            "step": self.step,
            "integer": self.integer,
            "help": self.help,
        }


def check_knobs(knobs: Sequence[Knob], values: Mapping[str, object]) -> dict[str, float]:
    """Every value checked against its knob; unknown names are refused, naming the known."""
    by_key = {k.key: k for k in knobs}
    unknown = sorted(set(values) - set(by_key))
    if unknown:
        raise InvalidKnobError(
            unknown[0], values[unknown[0]], f"one of the knobs {', '.join(sorted(by_key))}"
        )
    return {key: by_key[key].check(value) for key, value in values.items()}


# -- what a player sends --------------------------------------------------------------------
@dataclass(frozen=True)
class InputField:
    """One value of an input: a number within ``low..high`` (``int``: whole), or a bool."""

    name: str
    kind: Literal["float", "int", "bool"]
    low: float = 0.0
    high: float = 1.0
    help: str = ""

    def check(self, value: object) -> Value:
        # the common cases first (an input is checked 60 times a second per player)
        if type(value) is float and self.kind == "float":
            if self.low <= value <= self.high and math.isfinite(value):
                return value
        elif type(value) is bool and self.kind == "bool":
            return value
        return self._check(value)

    def _check(self, value: object) -> Value:
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise InvalidInputError(self.name, value, "true or false")
            return value
        allowed = f"{'an integer' if self.kind == 'int' else 'a finite number'} within "
        allowed += f"{self.low:g}..{self.high:g}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidInputError(self.name, value, allowed)
        if self.kind == "int":
            if not isinstance(value, int) or not self.low <= value <= self.high:
                raise InvalidInputError(self.name, value, allowed)
            return value
        number = float(value)
        if not math.isfinite(number) or not self.low <= number <= self.high:
            raise InvalidInputError(self.name, value, allowed)
        return number

    def to_wire(self) -> list[object]:
        return [self.name, self.kind, self.low, self.high]


@dataclass(frozen=True)
class InputSpec:
    """The inputs of a game, in wire order.

    ``held``: the last input stays in force on every step until the next one (a throttle);
    otherwise each input is one action, applied once, in sequence order, one per step (a
    "place this beam" click), and the ``idle`` values apply on steps without one.
    """

    fields: tuple[InputField, ...]
    held: bool = True
    idle: tuple[Value, ...] = ()

    def __post_init__(self) -> None:
        if not 1 <= len(self.fields) <= MAX_INPUT_FIELDS:
            raise InvalidConfigError(f"a game has 1..{MAX_INPUT_FIELDS} input fields")
        if len(self.idle) != len(self.fields):
            raise InvalidConfigError("InputSpec.idle needs one value per input field")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def check(self, values: Sequence[object]) -> tuple[Value, ...]:
        """The values, each checked; :class:`InvalidInputError` names the first bad one."""
        plain = type(values) is list or type(values) is tuple  # skips the slow checks below
        if not plain and (isinstance(values, str | bytes) or not isinstance(values, Sequence)):
            raise InvalidInputError("controls", values, f"a list of {len(self.fields)} values")
        if len(values) != len(self.fields):
            raise InvalidInputError(
                "controls",
                list(values),
                f"{len(self.fields)} values ({', '.join(self.names)})",
            )
        return tuple([f.check(v) for f, v in zip(self.fields, values, strict=True)])

    def to_wire(self) -> dict[str, object]:
        return {"fields": [f.to_wire() for f in self.fields], "held": self.held}


# -- what the netcode sends -----------------------------------------------------------------
@dataclass(frozen=True)
class SnapshotField:
    """One column of a snapshot. On the wire a value is ``round(value * scale)`` (an int).

    ``blend`` says how a client interpolates between snapshots: ``linear``, ``angle``
    (the short way round) or ``step`` (the newer value, for whole numbers and status).
    """

    name: str
    scale: int
    unit: str = ""
    blend: Literal["linear", "angle", "step"] = "linear"
    help: str = ""

    def to_wire(self) -> list[object]:
        return [self.name, self.scale, self.unit, self.blend]


@dataclass(frozen=True)
class SnapshotSchema:
    """The columns of a game's snapshot rows, one row per player (``status`` is one of them).

    ``predict`` pairs a position column with its velocity column: a delta's position
    residual is taken against the baseline moved on by its velocity (see docs/protocol.md).
    """

    fields: tuple[SnapshotField, ...]
    predict: tuple[tuple[str, str], ...] = ()
    status: str = "status"

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields]
        if not 1 <= len(names) <= MAX_SNAPSHOT_FIELDS or len(set(names)) != len(names):
            raise InvalidConfigError(f"a snapshot has 1..{MAX_SNAPSHOT_FIELDS} unique fields")
        if self.status not in names:
            raise InvalidConfigError(f"the snapshot has no status field {self.status!r}")
        for pos, vel in self.predict:
            if pos not in names or vel not in names:
                raise InvalidConfigError(f"predict pair ({pos}, {vel}) names unknown fields")
        for f in self.fields:
            if isinstance(f.scale, bool) or not isinstance(f.scale, int) or f.scale < 1:
                raise InvalidConfigError(f"snapshot field {f.name} needs an integer scale >= 1")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def scales(self) -> tuple[int, ...]:
        return tuple(f.scale for f in self.fields)

    def index(self, name: str) -> int:
        try:
            return self.names.index(name)
        except ValueError:
            raise InvalidConfigError(f"the snapshot has no field {name!r}") from None

    @property
    def predict_columns(self) -> tuple[tuple[int, int], ...]:
        """``predict`` as (position column, velocity column) indices."""
        return tuple((self.index(p), self.index(v)) for p, v in self.predict)

    def to_wire(self) -> dict[str, object]:
        return {
            "fields": [f.to_wire() for f in self.fields],
            "predict": [list(p) for p in self.predict],
            "status": self.status,
        }

    @classmethod
    def from_wire(cls, raw: object) -> SnapshotSchema:
        """Rebuild a schema a host sent (in ``welcome`` and in each round's map)."""
        d = mapping(raw, "schema")
        fields_raw = d.get("fields")
        if not isinstance(fields_raw, list):
            raise InvalidConfigError("schema.fields must be a list")
        fields: list[SnapshotField] = []
        for item in fields_raw:
            if not isinstance(item, list | tuple) or len(item) != 4:
                raise InvalidConfigError(
                    f"schema field must be [name, scale, unit, blend], got {item!r}"
                )
            name, scale, unit, blend = item
            if not isinstance(name, str) or not isinstance(unit, str):
                raise InvalidConfigError(f"schema field name and unit must be text: {item!r}")
            if blend not in ("linear", "angle", "step"):
                raise InvalidConfigError(f"schema field {name} blend {blend!r} is unknown")
            if isinstance(scale, bool) or not isinstance(scale, int):
                raise InvalidConfigError(f"schema field {name} scale must be an integer")
            fields.append(SnapshotField(name, scale, unit, blend))
        predict_raw = d.get("predict", [])
        if not isinstance(predict_raw, list) or not all(
            isinstance(p, list | tuple) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in predict_raw
        ):
            raise InvalidConfigError("schema.predict must be a list of [position, velocity]")
        return cls(
            fields=tuple(fields),
            predict=tuple((str(p[0]), str(p[1])) for p in predict_raw),
            status=get_str(d, "status", "schema"),
        )


@dataclass(frozen=True)
class Status:
    """What a status value means: ``code`` (a word), ``label`` (for people), ``success``."""

    code: str
    label: str
    success: bool = False


# -- what a round is ------------------------------------------------------------------------
@dataclass(frozen=True)
class RoundSetup:
    """Everything that, with the inputs, decides a round exactly: the same for every game.

    ``knobs`` holds only the knobs the teacher changed; a game reads the rest from its level.
    """

    game: str
    level: str
    seed: int
    time_limit_s: float
    knobs: Mapping[str, float] = field(default_factory=dict)

    def __hash__(self) -> int:
        knobs = tuple(sorted(self.knobs.items()))
        return hash((self.game, self.level, self.seed, self.time_limit_s, knobs))

    def to_dict(self) -> dict[str, object]:
        return {
            "game": self.game,
            "level": self.level,
            "seed": self.seed,
            "time_limit_s": float(self.time_limit_s),
            "knobs": dict(sorted(self.knobs.items())),
        }

    @classmethod
    def from_dict(cls, raw: object) -> RoundSetup:
        d = mapping(raw, "round")
        knobs_raw = mapping(d.get("knobs", {}), "round.knobs")
        knobs = {str(k): get_float(knobs_raw, str(k), "round.knobs") for k in knobs_raw}
        return cls(
            game=get_str(d, "game", "round"),
            level=get_str(d, "level", "round"),
            seed=get_int(d, "seed", "round"),
            time_limit_s=get_float(d, "time_limit_s", "round"),
            knobs=knobs,
        )


# -- what a player gets ---------------------------------------------------------------------
@dataclass(frozen=True)
class ScoreLine:
    """One line of a score breakdown: ``value`` is the number, ``text`` how it is shown."""

    key: str
    label: str
    value: float
    text: str
    label_words: Words | None = None  # the label with its values, when it has any

    def __post_init__(self) -> None:
        if self.label_words is not None and str(self.label_words) != self.label:
            raise InvalidConfigError(
                f"a score line's words {self.label_words} are not {self.label!r}"
            )

    @property
    def said(self) -> Words:
        """The label as translatable :class:`Words`."""
        return self.label_words if self.label_words is not None else Words(self.label)

    def to_wire(self) -> list[object]:
        line: list[object] = [self.key, self.label, self.value, self.text]
        if self.label_words is not None:
            line.append(self.label_words.to_wire())
        return line


@dataclass(frozen=True)
class ResultColumn:
    """A column of a game's results table and CSV (a breakdown item or a detail)."""

    key: str
    label: str
    unit: str = ""


@dataclass(frozen=True)
class PlayerResult:
    """How one player's round went, in words and numbers, the same shape for every game.

    ``measured`` and ``limit`` are the value the ``reason`` is about and the limit it broke
    (or kept), rounded as the reason shows them. ``details`` holds the game's own measured
    values (fuel used, pad, time in the band...), keyed as its :attr:`Game.result_columns`.
    ``reason_words`` is the reason as a template and its values (:class:`game.words.Words`),
    so a player or a console shows it in its own language; ``reason`` is its English text.
    """

    player_id: int
    outcome: str
    success: bool
    reason_code: str
    reason: str
    measured: float | None
    limit: float | None
    score: int
    stars: int
    breakdown: tuple[ScoreLine, ...]
    time_s: float
    tick: int
    details: Mapping[str, float | int | str | None] = field(default_factory=dict)
    reason_words: Words | None = None

    def __post_init__(self) -> None:
        if self.reason_words is not None and str(self.reason_words) != self.reason:
            raise InvalidConfigError(
                f"the reason's words {self.reason_words} are not {self.reason!r}"
            )

    @property
    def said(self) -> Words:
        """The reason as translatable :class:`Words`."""
        return self.reason_words if self.reason_words is not None else Words(self.reason)

    def to_dict(self) -> dict[str, Any]:
        return {
            "player_id": self.player_id,
            "outcome": self.outcome,
            "success": self.success,
            "reason_code": self.reason_code,
            "reason": self.reason,
            "measured": self.measured,
            "limit": self.limit,
            "score": self.score,
            "stars": self.stars,
            "breakdown": [b.to_wire() for b in self.breakdown],
            "time_s": self.time_s,
            "tick": self.tick,
            "details": dict(self.details),
            "reason_words": self.said.to_wire(),
        }

    @classmethod
    def from_dict(cls, raw: object) -> PlayerResult:
        d = mapping(raw, "result")
        lines_raw = d.get("breakdown", [])
        if not isinstance(lines_raw, list):
            raise InvalidConfigError("result.breakdown must be a list")
        lines = []
        for line in lines_raw:
            if not isinstance(line, list | tuple) or len(line) not in (4, 5):
                raise InvalidConfigError(
                    f"a breakdown line is [key, label, value, text(, words)]: {line!r}"
                )
            key, label, value, text = line[:4]
            said = Words.from_wire(line[4]) if len(line) == 5 else None
            if not all(isinstance(x, str) for x in (key, label, text)):
                raise InvalidConfigError(f"breakdown key, label and text are text: {line!r}")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidConfigError(f"breakdown value must be a number: {line!r}")
            lines.append(ScoreLine(str(key), str(label), float(value), str(text), said))
        details_raw = mapping(d.get("details", {}), "result.details")
        details: dict[str, float | int | str | None] = {}
        for k, v in details_raw.items():
            if v is not None and (isinstance(v, bool) or not isinstance(v, int | float | str)):
                raise InvalidConfigError(f"result.details.{k} must be a number, text or nil")
            details[str(k)] = v
        success = d.get("success")
        if not isinstance(success, bool):
            raise InvalidConfigError("result.success must be true or false")
        measured = d.get("measured")
        limit = d.get("limit")
        reason_words = d.get("reason_words")
        return cls(
            player_id=get_int(d, "player_id", "result"),
            outcome=get_str(d, "outcome", "result"),
            success=success,
            reason_code=get_str(d, "reason_code", "result"),
            reason=get_str(d, "reason", "result"),
            measured=None if measured is None else get_float(d, "measured", "result"),
            limit=None if limit is None else get_float(d, "limit", "result"),
            score=get_int(d, "score", "result"),
            stars=get_int(d, "stars", "result"),
            breakdown=tuple(lines),
            time_s=get_float(d, "time_s", "result"),
            tick=get_int(d, "tick", "result"),
            details=details,
            reason_words=None if reason_words is None else Words.from_wire(reason_words),
        )

    def column(self, key: str) -> float | int | str | None:
        """A breakdown value or a detail by key (None when this result has neither)."""
        for line in self.breakdown:
            if line.key == key:
                return line.value
        return self.details.get(key)


@dataclass(frozen=True)
class Channel:
    """A telemetry channel for plots: its values come from :meth:`Game.channels`."""

    name: str
    label: str
    unit: str
    safe_low: float | None = None
    safe_high: float | None = None


# -- what a simulation does -----------------------------------------------------------------
@dataclass(frozen=True)
class PlayerFinished:
    """A step's report that one player's round is over, with the result."""

    tick: int
    player_id: int
    result: PlayerResult


@dataclass(frozen=True)
class Frame:
    """A room at one tick as the snapshot shows it: one row per player, values in the
    schema's units (status as a float). What the spectator views and bots read."""

    tick: int
    ids: IntArray
    values: FloatArray
    schema: SnapshotSchema

    def col(self, name: str) -> FloatArray:
        return self.values[:, self.schema.index(name)]

    def row(self, player_id: int) -> FloatArray | None:
        hits = np.flatnonzero(self.ids == player_id)
        return None if hits.size == 0 else self.values[int(hits[0])]

    def get(self, player_id: int, name: str) -> float | None:
        row = self.row(player_id)
        return None if row is None else float(row[self.schema.index(name)])

    def status(self, player_id: int) -> int | None:
        value = self.get(player_id, self.schema.status)
        return None if value is None else round(value)


class Sim(Protocol):
    """A round's authoritative world. Only :meth:`step` advances time, by exactly DT."""

    @property
    def tick(self) -> int: ...

    @property
    def finished(self) -> bool:
        """True once the time limit is reached or every player (at least one) has finished."""
        ...

    def add_player(self, player_id: int, slot: int) -> None: ...

    def remove_player(self, player_id: int) -> None: ...

    def step(self, inputs: Mapping[int, tuple[Value, ...]]) -> list[PlayerFinished]:
        """One step with each player's checked input values (missing: idle)."""
        ...

    def result(self, player_id: int) -> PlayerResult | None: ...

    def snapshot(self) -> tuple[IntArray, FloatArray]:
        """Every player by id: ids (N,) and values (N, fields) in schema order and units."""
        ...

    def telemetry(self, player_id: int) -> Series: ...

    def state_hash(self) -> str: ...


class AIPlayer(Protocol):
    """A computer player: the same inputs a student could send, decided from what it sees."""

    def decide(self, sim: Sim, player_id: int) -> tuple[Value, ...]:
        """On the host, with the exact state."""
        ...

    def decide_remote(
        self, setup: RoundSetup, info: Mapping[str, Any], frame: Frame, player_id: int
    ) -> tuple[Value, ...]:
        """A bot over the network, from the last snapshot it holds."""
        ...


class Predictable(Protocol):
    """What client-side prediction needs of a game's simulation (see netcode.prediction)."""

    def row(self, player_id: int) -> FloatArray: ...

    def set_row(self, player_id: int, values: FloatArray, tick: int) -> None: ...


# -- the game -------------------------------------------------------------------------------
class Game(abc.ABC):
    """A game of the platform. Subclasses set the class attributes and the methods."""

    key: ClassVar[str]
    title: ClassVar[str]
    discipline: ClassVar[Discipline]
    concept: ClassVar[str]  # one sentence, one formula
    how_to_play: ClassVar[str]  # one or two sentences for the player's lobby
    levels: ClassVar[tuple[Level, ...]]
    modes: ClassVar[frozenset[Mode]] = frozenset(Mode)
    max_players: ClassVar[int] = 8
    default_seconds: ClassVar[float] = 60.0
    knobs: ClassVar[tuple[Knob, ...]]
    inputs: ClassVar[InputSpec]
    schema: ClassVar[SnapshotSchema]
    statuses: ClassVar[Mapping[int, Status]]  # 0 must be "playing"
    channels: ClassVar[tuple[Channel, ...]]
    result_columns: ClassVar[tuple[ResultColumn, ...]]
    success_word: ClassVar[str] = "succeeded"  # "landed", "held", "solved"...
    predicts: ClassVar[bool] = False  # the player predicts its own row (Predictable sim)

    # -- set-up --------------------------------------------------------------------------
    def level(self, key: str) -> Level:
        for level in self.levels:
            if level.key == key:
                return level
        known = ", ".join(lv.key for lv in self.levels)
        raise InvalidConfigError(f"{self.title} has no level {key!r}; choose one of {known}")

    def setup(
        self,
        *,
        level: str | None = None,
        seed: int = 0,
        seconds: float | None = None,
        knobs: Mapping[str, object] | None = None,
    ) -> RoundSetup:
        """A checked :class:`RoundSetup` (every bad value raises, naming it)."""
        chosen = self.level(level or self.levels[0].key).key
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
            raise InvalidConfigError(f"seed must be an integer within 0..2**63-1, got {seed!r}")
        limit = self.default_seconds if seconds is None else seconds
        if isinstance(limit, bool) or not isinstance(limit, int | float):
            raise InvalidConfigError(f"the round length must be a number, got {limit!r}")
        if not math.isfinite(limit) or not 1.0 <= limit <= 3600.0:
            raise InvalidConfigError(f"the round length must be within 1..3600 s, got {limit!r}")
        values = check_knobs(self.knobs, knobs or {})
        setup = RoundSetup(self.key, chosen, seed, float(limit), values)
        self.validate(setup)
        return setup

    def setup_from_dict(self, raw: object) -> RoundSetup:
        """A setup from the wire or the database, checked like :meth:`setup`."""
        s = RoundSetup.from_dict(raw)
        if s.game != self.key:
            raise InvalidConfigError(f"a round of {s.game!r} is not a round of {self.key!r}")
        return self.setup(level=s.level, seed=s.seed, seconds=s.time_limit_s, knobs=s.knobs)

    def validate(self, setup: RoundSetup) -> None:  # noqa: B027 - optional hook
        """Extra checks of a whole setup (knob combinations); raise InvalidConfigError."""

    @abc.abstractmethod
    def knob_defaults(self, level: str) -> dict[str, float]:
        """Each knob's value on ``level`` when the teacher leaves it alone."""

    @abc.abstractmethod
    def check_knobs(self, level: str, knobs: Mapping[str, float]) -> list[Words]:
        """Warnings, in words, for settings that make the goal impossible ([] when fine)."""

    def wave(self, base: RoundSetup, wave: int) -> RoundSetup:
        """Survival: the setup of wave ``wave`` (1 = ``base``), harder each wave."""
        raise InvalidConfigError(f"{self.title} has no survival waves")

    # -- play ----------------------------------------------------------------------------
    @abc.abstractmethod
    def new_sim(self, setup: RoundSetup) -> Sim:
        """A fresh simulation of ``setup`` with no players yet."""

    @abc.abstractmethod
    def new_ai(self, skill: float, personality: int, seed: int) -> AIPlayer:
        """A computer player; ``skill`` is one of :data:`AI_SKILLS`, ``personality`` 0..3."""

    def check_input(self, values: Sequence[object]) -> tuple[Value, ...]:
        """A player's input values, checked (:class:`InvalidInputError` names the field)."""
        return self.inputs.check(values)

    @abc.abstractmethod
    def round_info(self, setup: RoundSetup) -> dict[str, Any]:
        """What a client needs to draw and understand the round, beyond the snapshots
        (terrain, pads, targets...): plain msgpack-able values, documented per game in
        docs/protocol.md."""

    # -- showing -------------------------------------------------------------------------
    @abc.abstractmethod
    def scene(
        self,
        info: Mapping[str, Any],
        frame: Frame | None,
        names: Mapping[int, str],
        *,
        me: int | None = None,
    ) -> Scene:
        """What Watch live, the projector and the player's overview draw for this frame."""

    def channels_for(self, info: Mapping[str, Any]) -> tuple[Channel, ...]:
        """The :attr:`channels` of a round with ``info``; a game whose safe bands depend on
        the round (its level or knobs) returns them with those bands."""
        return self.channels

    @abc.abstractmethod
    def channels_of(self, info: Mapping[str, Any], series: Series) -> dict[str, FloatArray]:
        """The :attr:`channels` computed from a player's series (host telemetry, or the
        rows a player recorded from its snapshots: both carry the schema's field names)."""

    def status_of(self, value: int) -> Status:
        return self.statuses.get(value, Status(f"status_{value}", f"status {value}"))

    def status_label(self, outcome: str) -> str:
        """The words for an outcome code ("out of bounds" for ``out_of_bounds``)."""
        for status in self.statuses.values():
            if status.code == outcome:
                return status.label
        return outcome.replace("_", " ")

    def hint(self, result: PlayerResult) -> Words | None:
        """One sentence on what to try next time, after a round that went wrong (e.g.
        "Hold UP to fire the engine" after a crash with no fuel used); None: no hint."""
        return None

    def describe(self) -> dict[str, object]:
        """The game as plain values: what ``moonbase games --json`` prints."""
        return {
            "key": self.key,
            "title": self.title,
            "discipline": self.discipline.value,
            "concept": self.concept,
            "levels": [lv.key for lv in self.levels],
            "modes": sorted(m.value for m in self.modes),
            "max_players": self.max_players,
            "knobs": [k.to_dict() for k in self.knobs],
            "inputs": self.inputs.to_wire(),
        }

    def round_wire(self, setup: RoundSetup) -> dict[str, Any]:
        """A round as a client learns it (``full_state.round`` and ``round_started``): the
        setup (game, level, seed, time_limit_s, knobs), the game's title, snapshot schema
        and inputs, the knobs in force (``effective``) and the game's :meth:`round_info`."""
        effective = {**self.knob_defaults(setup.level), **setup.knobs}
        return {
            **setup.to_dict(),
            **self.wire(),
            "game": self.key,
            "effective": {k: float(v) for k, v in sorted(effective.items())},
            "info": self.round_info(setup),
        }

    def wire(self) -> dict[str, object]:
        """The game as a client learns it (``welcome`` and each round's map)."""
        return {
            "key": self.key,
            "title": self.title,
            "schema": self.schema.to_wire(),
            "inputs": self.inputs.to_wire(),
        }
