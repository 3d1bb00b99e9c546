"""The round: every player writes a program for the same rover on the same map, runs it,
watches it, fixes it and runs it again, racing to reach the goal with the shortest program.

A player's input is one edit a step (``held`` is off): insert a block before a line,
delete the block on a line, change a count or condition, run, stop, clear. An edit that
does not fit (a line that is not there, the block limit, nesting too deep, editing while
the rover runs) changes nothing and is refused in words: the snapshot's ``refused`` column
says which refusal (:data:`game.rover.program.REFUSALS`) and ``refusals`` counts them.

A run is worked out at once by the interpreter (:mod:`game.rover.interpreter`) and then
shown step by step, one step every :data:`STEP_TICKS` ticks. A run that reaches the goal
ends the player's round; any other run ends back in the editor (a failed run) and the
player may try again until the time is up.
"""

from __future__ import annotations

import hashlib
import itertools
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from game.api import FloatArray, IntArray, PlayerFinished, PlayerResult, RoundSetup, Value
from game.errors import InvalidInputError
from game.rover.grid import distance, fewest_steps, grid, knobs_in_force
from game.rover.interpreter import Run, run
from game.rover.program import (
    MAX_TOKENS,
    WORDS,
    Block,
    Edited,
    Refusal,
    delete,
    insert,
    length,
    pack,
    set_arg,
)
from game.rover.results import (
    RoverStatus,
    Verdict,
    cells,
    score_missed,
    score_reached,
)
from game.rover.search import Found
from game.series import Series
from game.timestep import DT
from game.words import words

NOTHING, INSERT, DELETE, SET, RUN, STOP, CLEAR = range(7)
ACTIONS = CLEAR
EDITING, RUNNING = 0, 1
STEP_TICKS = 6  # a step shown every 0.1 s
SAMPLE_EVERY = STEP_TICKS
FIELDS = (
    *(f"program{i}" for i in range(WORDS)),
    "blocks",
    "stage",
    "x",
    "y",
    "heading",
    "step",
    "bumps",
    "line",
    "runs",
    "refused",
    "refusals",
    "distance",
    "status",
)


@dataclass
class Player:
    player_id: int
    slot: int
    tokens: tuple[int, ...] = ()
    stage: int = EDITING
    run: Run | None = None
    run_tick: int = 0
    shown: int = 0  # the step of the run shown now
    bump_counts: tuple[int, ...] = (0,)
    x: int = 0
    y: int = 0
    heading: int = 0
    runs: int = 0
    failed_runs: int = 0
    last_fail: str = ""
    last_run: Run | None = None
    refused: int = 0
    refusals: int = 0
    message: str = ""  # the last refusal in words
    closest: int = 0
    status: RoverStatus = RoverStatus.PLAYING
    samples: list[list[float]] = field(default_factory=list)
    result: PlayerResult | None = None


class RoverSim:
    """:class:`game.api.Sim` of a Rover program round."""

    def __init__(self, setup: RoundSetup, shortest: Found) -> None:
        self.setup = setup
        self.grid = grid(setup.level)
        knobs = knobs_in_force(setup.level, setup.knobs)
        self.max_blocks = int(knobs["max_blocks"])
        self.step_limit = int(knobs["step_limit"])
        self.bump_penalty = int(knobs["bump_penalty"])
        self.shortest = shortest
        self.fewest = fewest_steps(setup.level)
        self.start_distance = distance(setup.level, *self.grid.start)
        self.tick = 0
        self.limit_ticks = max(1, round(setup.time_limit_s / DT))
        self.players: dict[int, Player] = {}

    # -- the Sim protocol ---------------------------------------------------------------
    @property
    def finished(self) -> bool:
        if self.tick >= self.limit_ticks:
            return True
        return bool(self.players) and all(p.result is not None for p in self.players.values())

    def add_player(self, player_id: int, slot: int) -> None:
        if player_id in self.players:
            raise ValueError(f"player {player_id} is already in the round")
        p = Player(player_id, slot, closest=self.start_distance)
        self._home(p)
        self.players[player_id] = p
        self._sample(p)

    def remove_player(self, player_id: int) -> None:
        self.players.pop(player_id, None)

    def player(self, player_id: int) -> Player:
        p = self.players.get(player_id)
        if p is None:
            raise KeyError(f"no player {player_id} in this round")
        return p

    def step(self, inputs: Mapping[int, tuple[Value, ...]]) -> list[PlayerFinished]:
        """One step: every input is checked before anything changes."""
        edits: dict[int, tuple[int, int, int, int]] = {}
        for pid, values in inputs.items():
            if pid not in self.players:
                raise InvalidInputError("player", pid, "a player of this round")
            edits[pid] = check_edit(values)
        self.tick += 1
        out: list[PlayerFinished] = []
        sample = self.tick % SAMPLE_EVERY == 0
        for pid, p in self.players.items():
            if p.result is not None:
                continue
            action, block, pos, arg = edits.get(pid, (NOTHING, 0, 0, 0))
            if action != NOTHING:
                self._apply(p, action, block, pos, arg)
            if p.stage == RUNNING and p.result is None:
                self._advance(p)
            if p.result is None:
                if self.tick >= self.limit_ticks:
                    self._time_up(p)
                elif sample:
                    self._sample(p)
            if p.result is not None and p.result.tick == self.tick:
                out.append(PlayerFinished(self.tick, pid, p.result))
        return out

    def result(self, player_id: int) -> PlayerResult | None:
        p = self.players.get(player_id)
        return None if p is None else p.result

    def snapshot(self) -> tuple[IntArray, FloatArray]:
        ids = np.fromiter(self.players, dtype=np.int64, count=len(self.players))
        values = np.array([self._row(p) for p in self.players.values()], dtype=np.float64)
        return ids, values.reshape(len(self.players), len(FIELDS))

    def row(self, player_id: int) -> list[float]:
        return self._row(self.player(player_id))

    def _row(self, p: Player) -> list[float]:
        line = -1
        if p.run is not None and p.shown > 0:
            line = p.run.trace[p.shown].line
        return [
            *(float(w) for w in pack(p.tokens)),
            float(length(p.tokens)),
            float(p.stage),
            float(p.x),
            float(p.y),
            float(p.heading),
            float(p.shown),
            float(p.bump_counts[p.shown] if p.run is not None else 0),
            float(line),
            float(p.runs),
            float(p.refused),
            float(p.refusals),
            float(distance(self.setup.level, p.x, p.y)),
            float(int(p.status)),
        ]

    def telemetry(self, player_id: int) -> Series:
        p = self.player(player_id)
        return Series(("t", *FIELDS), np.asarray(p.samples, dtype=np.float64))

    def state_hash(self) -> str:
        h = hashlib.sha256(struct.pack("<q", self.tick))
        for pid, p in self.players.items():
            h.update(struct.pack("<qqqqqqqq", pid, p.stage, p.x, p.y, p.heading, p.shown,
                                 p.runs, p.refusals))  # fmt: skip
            h.update(bytes(p.tokens))
            h.update(struct.pack("<q", int(p.status)))
        return h.hexdigest()

    # -- editing ------------------------------------------------------------------------
    def _apply(self, p: Player, action: int, block: int, pos: int, arg: int) -> None:
        if action == RUN:
            if p.stage == RUNNING:
                self._refuse(p, Refusal.RUNNING, "the rover is already running")
            elif not p.tokens:
                self._refuse(p, Refusal.EMPTY, "the program is empty: add a block first")
            else:
                self._start_run(p)
            return
        if action == STOP:
            if p.stage != RUNNING:
                self._refuse(p, Refusal.NOT_RUNNING, "the rover is not running")
            else:
                self._end_run(p, "stopped")
            return
        if p.stage == RUNNING:
            self._refuse(p, Refusal.RUNNING, "the rover is running: wait for it, or stop it")
            return
        edited: Edited
        if action == INSERT:
            edited = insert(p.tokens, pos, block, arg, max_blocks=self.max_blocks)
        elif action == DELETE:
            edited = delete(p.tokens, pos)
        elif action == SET:
            edited = set_arg(p.tokens, pos, arg)
        else:  # CLEAR
            edited = Edited(())
        if not edited.ok:
            self._refuse(p, edited.refusal, edited.message)
            return
        p.tokens = edited.tokens
        p.refused = int(Refusal.NONE)
        if p.run is not None:  # the last run's rover goes home once the program changes
            self._home(p)

    def _refuse(self, p: Player, why: Refusal, message: str) -> None:
        p.refused = int(why)
        p.refusals += 1
        p.message = message

    def _home(self, p: Player) -> None:
        p.run = None
        p.shown = 0
        p.bump_counts = (0,)
        p.x, p.y = self.grid.start
        p.heading = self.grid.heading

    # -- running ------------------------------------------------------------------------
    def _start_run(self, p: Player) -> None:
        r = run(p.tokens, self.grid, self.step_limit)
        p.run = r
        p.last_run = r
        p.run_tick = self.tick
        p.shown = 0
        p.bump_counts = tuple(itertools.accumulate(int(s.bumped) for s in r.trace))
        p.stage = RUNNING
        p.runs += 1
        p.refused = int(Refusal.NONE)
        self._show(p, 0)
        self._sample(p)

    def _advance(self, p: Player) -> None:
        r = p.run
        assert r is not None
        index = min(r.steps, (self.tick - p.run_tick) // STEP_TICKS)
        if index != p.shown:
            self._show(p, index)
        if index >= r.steps:
            self._end_run(p, r.reason)

    def _show(self, p: Player, index: int) -> None:
        assert p.run is not None
        s = p.run.trace[index]
        p.shown = index
        p.x, p.y, p.heading = s.x, s.y, s.heading
        p.closest = min(p.closest, distance(self.setup.level, s.x, s.y))

    def _end_run(self, p: Player, reason: str) -> None:
        r = p.run
        assert r is not None
        p.stage = EDITING
        if reason == "goal":
            self._reached(p, r)
            return
        p.failed_runs += 1
        p.last_fail = reason
        self._sample(p)

    # -- outcomes -----------------------------------------------------------------------
    def _details(self, p: Player) -> dict[str, float | int | str | None]:
        r = p.last_run
        steps: int | None = None
        bumps: int | None = None
        if p.run is not None:  # the run on show (ended or cut short)
            steps, bumps = p.shown, p.bump_counts[p.shown]
        elif r is not None:
            steps, bumps = r.steps, r.bumps
        return {
            "blocks": length(p.tokens),
            "shortest": self.shortest.length,
            "steps": steps,
            "fewest_steps": self.fewest,
            "bumps": bumps,
            "runs": p.runs,
            "distance": distance(self.setup.level, p.x, p.y),
            "closest": p.closest,
        }

    def _reached(self, p: Player, r: Run) -> None:
        blocks = length(p.tokens)
        bumps = (
            words("no bumps")
            if r.bumps == 0
            else words("1 bump")
            if r.bumps == 1
            else words("{0} bumps", f"{r.bumps}")
        )
        reason = words(
            "{0} blocks (shortest {1}), {2} steps, {3}",
            f"{blocks}",
            f"{self.shortest.length}",
            f"{r.steps}",
            bumps,
        )
        verdict = Verdict(
            RoverStatus.REACHED, "goal", reason, float(blocks), float(self.max_blocks)
        )
        p.status = RoverStatus.REACHED
        p.result = score_reached(
            p.player_id,
            verdict,
            blocks=blocks,
            shortest=self.shortest.length,
            steps=r.steps,
            fewest=self.fewest,
            bumps=r.bumps,
            bump_penalty=self.bump_penalty,
            failed_runs=p.failed_runs,
            time_left_fraction=1.0 - self.tick / self.limit_ticks,
            time_s=self.tick * DT,
            tick=self.tick,
            details=self._details(p),
        )
        self._sample(p)

    def _time_up(self, p: Player) -> None:
        if p.stage == RUNNING:
            self._end_run(p, "time_up")
        away = distance(self.setup.level, p.x, p.y)
        if p.runs == 0:
            verdict = Verdict(
                RoverStatus.NO_RUN, "no_run", words("time ran out before any run"), None, None
            )
        else:
            verdict = self._missed(p, away)
        p.status = verdict.status
        p.result = score_missed(
            p.player_id,
            verdict,
            closest=p.closest,
            start_distance=self.start_distance,
            time_s=self.tick * DT,
            tick=self.tick,
            details=self._details(p),
        )
        self._sample(p)

    def _missed(self, p: Player, away: int) -> Verdict:
        why = p.last_fail
        status = RoverStatus.NOT_REACHED
        r = p.last_run
        steps = 0 if r is None else r.steps
        if why == "step_limit":
            reason = words(
                "the last run used all {0} steps, {1} from the goal",
                f"{self.step_limit}",
                cells(away),
            )
            return Verdict(status, why, reason, float(steps), float(self.step_limit))
        if why == "endless_loop":
            reason = words("endless loop: a loop ran with no step, {0} from the goal", cells(away))
            return Verdict(status, why, reason, float(away), 0.0)
        if why == "ended":
            reason = words("the program ended {0} from the goal", cells(away))
            return Verdict(status, why, reason, float(away), 0.0)
        if why == "stopped":
            reason = words("the last run was stopped {0} from the goal", cells(away))
            return Verdict(status, why, reason, float(away), 0.0)
        reason = words("time ran out during a run, {0} from the goal", cells(away))
        return Verdict(status, "time_up", reason, float(away), 0.0)

    def _sample(self, p: Player) -> None:
        p.samples.append([self.tick * DT, *self._row(p)])


def check_edit(values: tuple[Value, ...]) -> tuple[int, int, int, int]:
    """(action, block, line, arg) of an input, each range-checked (InvalidInputError)."""
    if len(values) != 4:
        raise InvalidInputError("controls", list(values), "4 values (action, block, line, arg)")
    action, block, pos, arg = values
    limits = (("action", action, ACTIONS), ("block", block, int(Block.WHILE)),
              ("line", pos, MAX_TOKENS), ("arg", arg, 9))  # fmt: skip
    for name, value, top in limits:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
            raise InvalidInputError(name, value, f"an integer within 0..{top}")
    return int(action), int(block), int(pos), int(arg)
