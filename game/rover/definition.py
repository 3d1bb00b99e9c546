"""Rover program as a game of the platform: its declarations (levels, knobs, inputs,
snapshot schema, statuses, channels, results) and the adapters to its simulation, AI and
spectator scene."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from game.api import (
    Channel,
    Discipline,
    FloatArray,
    Frame,
    Game,
    InputField,
    InputSpec,
    PlayerResult,
    ResultColumn,
    RoundSetup,
    SnapshotField,
    SnapshotSchema,
    Status,
)
from game.errors import InvalidConfigError
from game.modes import Mode
from game.rover.ai import RoverAI
from game.rover.grid import (
    KNOBS,
    LEVELS,
    best_program,
    distance,
    fewest_steps,
    grid,
    knob_defaults,
    knobs_in_force,
    level_spec,
)
from game.rover.interpreter import run
from game.rover.program import MAX_TOKENS, WORDS, length
from game.rover.results import CODES, RoverStatus
from game.rover.search import Found
from game.rover.sim import ACTIONS, STEP_TICKS, RoverSim
from game.rover.spectator import build_scene
from game.scene import Scene
from game.series import Series
from game.timestep import DT
from game.words import Words, words

KEY = "rover_program"
MIN_EDIT_S = 10.0  # a round leaves at least this long to write a program


def shortest_known(level: str, step_limit: int) -> Found:
    """The level's shortest program (its length is the optimum the tests search for) and
    how it runs under ``step_limit``."""
    tokens = best_program(level)
    r = run(tokens, grid(level), step_limit)
    return Found(tokens, length(tokens), r.steps, r.bumps, 0)


class RoverProgram(Game):
    key = KEY
    title = "Rover program"
    discipline = Discipline.COMPUTER_SCIENCE
    concept = (
        "An algorithm is a sequence, a loop and a condition: a loop makes a program shorter "
        "but not the run, since steps = Σ over blocks of (times the block runs), so "
        "repeat 5 { move } is 2 blocks yet still 5 steps."
    )
    how_to_play = (
        "Build a program from blocks (M move, L/R turn, P repeat, I if, W while; Del "
        "deletes), then press Enter to run it: the first to reach the goal with the "
        "shortest program wins."
    )
    levels = LEVELS
    modes = frozenset(Mode)
    default_seconds = 90.0
    knobs = KNOBS
    inputs = InputSpec(
        fields=(
            InputField(
                "action",
                "int",
                0,
                ACTIONS,
                "0 nothing, 1 insert, 2 delete, 3 set count or condition, 4 run, 5 stop, 6 clear",
            ),
            InputField(
                "block", "int", 0, 5, "0 move, 1 turn left, 2 turn right, 3 repeat, 4 if, 5 while"
            ),
            InputField("line", "int", 0, MAX_TOKENS, "the line (0 = the first)"),
            InputField(
                "arg",
                "int",
                0,
                9,
                "repeat: the count 2..9; if: 0 wall/1 goal ahead; "
                "while: 0 path ahead/1 not at goal",
            ),
        ),
        held=False,
        idle=(0, 0, 0, 0),
    )
    schema = SnapshotSchema(
        fields=(
            *(
                SnapshotField(f"program{i}", 1, "", "step", f"lines {6 * i + 1}..{6 * i + 6}")
                for i in range(WORDS)
            ),
            SnapshotField("blocks", 1, "blocks", "step", "the program's length"),
            SnapshotField("stage", 1, "", "step", "0 writing, 1 running"),
            SnapshotField("x", 1, "cell", "step", "the rover's column"),
            SnapshotField("y", 1, "cell", "step", "the rover's row (up)"),
            SnapshotField("heading", 1, "", "step", "0 east, 1 north, 2 west, 3 south"),
            SnapshotField("step", 1, "steps", "step", "the run's step shown now"),
            SnapshotField("bumps", 1, "", "step", "bumps so far in this run"),
            SnapshotField("line", 1, "", "step", "the line that made this step (-1: none)"),
            SnapshotField("runs", 1, "", "step", "runs started"),
            SnapshotField("refused", 1, "", "step", "the last edit's refusal (0: none)"),
            SnapshotField("refusals", 1, "", "step", "refusals so far"),
            SnapshotField("distance", 1, "cells", "step", "cells to the goal along the floor"),
            SnapshotField("status", 1, "", "step", "0 playing; see statuses"),
        ),
    )
    statuses = MappingProxyType(
        {
            int(s): Status(code, label, s is RoverStatus.REACHED)
            for s, (code, label) in CODES.items()
        }
    )
    channels = (
        Channel("distance", "Distance to goal", "cells"),
        Channel("step", "Steps in the run", "steps"),
        Channel("blocks", "Program length", "blocks"),
        Channel("bumps", "Bumps in the run", "bumps"),
    )
    result_columns = (
        ResultColumn("goal", "Reached the goal"),
        ResultColumn("length", "Short program"),
        ResultColumn("steps", "Steps"),
        ResultColumn("time", "Time left"),
        ResultColumn("blocks", "Blocks"),
        ResultColumn("shortest", "Shortest (blocks)"),
        ResultColumn("fewest_steps", "Fewest steps"),
        ResultColumn("bumps", "Bumps"),
        ResultColumn("runs", "Runs"),
        ResultColumn("closest", "Closest (cells)"),
    )
    success_word = "reached"

    # -- set-up --------------------------------------------------------------------------
    def validate(self, setup: RoundSetup) -> None:
        need = fewest_steps(setup.level) * STEP_TICKS * DT + MIN_EDIT_S
        if setup.time_limit_s < need:
            raise InvalidConfigError(
                f"a round of {self.title} on {level_spec(setup.level).title} needs at least "
                f"{need:.0f} s (time to write a program and watch "
                f"{fewest_steps(setup.level)} steps), got {setup.time_limit_s:g} s"
            )

    def knob_defaults(self, level: str) -> dict[str, float]:
        return knob_defaults(level)

    def check_knobs(self, level: str, knobs: Mapping[str, float]) -> list[Words]:
        k = knobs_in_force(level, knobs)
        max_blocks, step_limit = int(k["max_blocks"]), int(k["step_limit"])
        best = shortest_known(level, step_limit)
        fewest = fewest_steps(level)
        out: list[Words] = []
        if best.length > max_blocks:
            out.append(
                words(
                    "the shortest program for this level has {0} blocks but the limit is {1}: "
                    "no one can finish",
                    f"{best.length}",
                    f"{max_blocks}",
                )
            )
        if step_limit < fewest:
            out.append(
                words(
                    "the goal is at least {0} steps away but the step limit is {1}: "
                    "no one can finish",
                    f"{fewest}",
                    f"{step_limit}",
                )
            )
        else:
            full = run(best.tokens, grid(level), 10_000).steps
            if full > step_limit:
                out.append(
                    words(
                        "the shortest program ({0} blocks) takes {1} steps but the step limit "
                        "is {2}: only longer programs can finish",
                        f"{best.length}",
                        f"{full}",
                        f"{step_limit}",
                    )
                )
        return out

    def wave(self, base: RoundSetup, wave: int) -> RoundSetup:
        """Survival: each wave allows two blocks fewer, down to the shortest program."""
        if wave < 1:
            raise InvalidConfigError(f"waves count from 1, got {wave}")
        k = knobs_in_force(base.level, base.knobs)
        shortest = length(best_program(base.level))
        blocks = max(float(shortest), k["max_blocks"] - 2.0 * (wave - 1))
        knobs = {**base.knobs, "max_blocks": blocks}
        return RoundSetup(base.game, base.level, base.seed + wave - 1, base.time_limit_s, knobs)

    # -- play ----------------------------------------------------------------------------
    def new_sim(self, setup: RoundSetup) -> RoverSim:
        k = knobs_in_force(setup.level, setup.knobs)
        return RoverSim(setup, shortest_known(setup.level, int(k["step_limit"])))

    def new_ai(self, skill: float, personality: int, seed: int) -> RoverAI:
        return RoverAI(skill, personality, seed)

    def round_info(self, setup: RoundSetup) -> dict[str, Any]:
        k = knobs_in_force(setup.level, setup.knobs)
        g = grid(setup.level)
        best = shortest_known(setup.level, int(k["step_limit"]))
        return {
            "level": setup.level,
            "title": level_spec(setup.level).title,
            "rows": g.rows(),
            "max_blocks": int(k["max_blocks"]),
            "step_limit": int(k["step_limit"]),
            "bump_penalty": int(k["bump_penalty"]),
            "shortest_blocks": best.length,
            "fewest_steps": fewest_steps(setup.level),
            "start_distance": distance(setup.level, *g.start),
            "step_ticks": STEP_TICKS,
        }

    # -- showing -------------------------------------------------------------------------
    def scene(
        self,
        info: Mapping[str, Any],
        frame: Frame | None,
        names: Mapping[int, str],
        *,
        me: int | None = None,
    ) -> Scene:
        return build_scene(info, frame, names, me=me)

    def channels_of(self, info: Mapping[str, Any], series: Series) -> dict[str, FloatArray]:
        return {
            "distance": series["distance"],
            "step": series["step"],
            "blocks": series["blocks"],
            "bumps": series["bumps"],
        }

    def hint(self, result: PlayerResult) -> Words | None:
        code = result.reason_code
        if code == "no_run":
            return words("Add blocks with M, L, R (or P for a loop), then press Enter to run.")
        if code == "endless_loop":
            return words("A while loop needs a move or a turn inside that can change its sensor.")
        if code == "step_limit":
            bumps = result.details.get("bumps")
            if isinstance(bumps, int) and bumps > 0:
                return words("The rover bumped into walls: check which way each turn goes.")
            return words("The rover ran out of steps: check the turns and the repeat counts.")
        if code in ("ended", "stopped", "time_up"):
            return words("The rover stopped short: add moves or raise a repeat count.")
        if result.success:
            blocks = result.details.get("blocks")
            shortest = result.details.get("shortest")
            if isinstance(blocks, int) and isinstance(shortest, int) and blocks > shortest:
                return words(
                    "Reached! A loop (or a sensor) can say it in {0} blocks: "
                    "look for what repeats.",
                    f"{shortest}",
                )
        return None


GAME = RoverProgram()
