"""Fly AI pilots in a simulation the way bots fly over the network (no sockets here).

Each pilot decides every ``decide_every`` ticks from the state it sees, and its input takes
effect ``input_delay`` ticks later and is held until the next one, like the host's input
schedule (30 Hz decisions, applied one tick late on a LAN).
"""

from __future__ import annotations

from collections.abc import Mapping

from game.lander.ai import AIPilot
from game.lander.body import LanderStatus
from game.lander.config import RoundConfig
from game.lander.inputs import PlayerInput
from game.lander.sim import Simulation


def fly(
    config: RoundConfig,
    pilots: Mapping[int, AIPilot],
    *,
    decide_every: int = 2,
    input_delay: int = 1,
    max_ticks: int | None = None,
    see_others: bool = True,
) -> Simulation:
    """Add one lander per pilot (slots 0, 1, ...) and step until the round is finished.

    With ``see_others`` (the default, as bots fly) every pilot is also given the snapshot of
    all landers taken at its decision tick, so it can keep clear of the others.
    """
    sim = Simulation(config)
    for slot, lander_id in enumerate(pilots):
        sim.add_lander(lander_id, slot=slot)
    held = {lid: PlayerInput(0, 0.0, 0.0) for lid in pilots}
    pending: list[tuple[int, int, PlayerInput]] = []  # (apply at tick, lander, input)
    sequence = 0
    limit = max_ticks if max_ticks is not None else round(config.time_limit_s * 60) + 1
    while not sim.finished and sim.tick < limit:
        if sim.tick % decide_every == 0:
            snapshot = sim.arrays() if see_others else None
            for lid, pilot in pilots.items():
                state = sim.lander(lid)
                if state.status is not LanderStatus.FLYING:
                    continue
                thrust, rotation, abort = pilot.decide(
                    state, sim.terrain, config, sim.tick, others=snapshot
                )
                sequence += 1
                pending.append(
                    (sim.tick + input_delay, lid, PlayerInput(sequence, thrust, rotation, abort))
                )
        due = [p for p in pending if p[0] <= sim.tick + 1]
        if due:
            pending = [p for p in pending if p[0] > sim.tick + 1]
            for _, lid, inp in due:
                held[lid] = inp
        flying = {
            lid: inp for lid, inp in held.items() if sim.lander(lid).status is LanderStatus.FLYING
        }
        sim.step(flying)
    return sim
