"""Helpers for the Rover program tests: a round, a program typed in through the inputs."""

from __future__ import annotations

from collections.abc import Sequence

from game.rover import GAME, RoverSim
from game.rover.ai import build_states, input_of
from game.rover.program import ELSE, END
from game.rover.sim import INSERT, RUN


def new_sim(
    level: str = "corner", seconds: float = 90.0, seed: int = 1, **knobs: float
) -> RoverSim:
    return GAME.new_sim(GAME.setup(level=level, seed=seed, seconds=seconds, knobs=knobs))


def type_in(sim: RoverSim, pid: int, tokens: Sequence[int]) -> None:
    """The program's blocks inserted in reading order, one edit a step."""
    heads = [i for i, t in enumerate(tokens) if t not in (ELSE, END)]
    for i in heads:
        block, arg = input_of(tokens[i])
        sim.step({pid: (INSERT, block, i, arg)})
    assert build_states(tokens)[-1] == tuple(tokens)


def run_to_end(sim: RoverSim, pid: int) -> None:
    """Run the program and step until the run is over (or the round)."""
    sim.step({pid: (RUN, 0, 0, 0)})
    for _ in range(100_000):
        p = sim.player(pid)
        if p.stage == 0 or p.result is not None or sim.finished:
            return
        sim.step({})
    raise AssertionError("the run did not end")
