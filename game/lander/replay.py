"""Rebuild a round from its configuration and its recorded inputs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from game.lander.config import RoundConfig
from game.lander.inputs import PlayerInput
from game.lander.sim import Simulation


def replay(
    config: RoundConfig,
    lander_ids: Sequence[int],
    inputs: Sequence[Mapping[int, PlayerInput]],
) -> Simulation:
    """Add ``lander_ids`` in slots 0, 1, 2... and step once per entry of ``inputs``.

    This is exactly how the round was built if it was built the same way, so the result
    has the same :meth:`Simulation.state_hash` as the original.
    """
    sim = Simulation(config)
    for slot, lander_id in enumerate(lander_ids):
        sim.add_lander(lander_id, slot=slot)
    for frame in inputs:
        sim.step(frame)
    return sim
