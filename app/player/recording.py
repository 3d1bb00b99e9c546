"""A recorded class flight for replays, benchmarks and screenshots (no network needed).

:func:`record_flight` flies ``players`` AI pilots through :class:`game.Simulation` and keeps
the host's snapshots at the snapshot rate; :func:`replay_events` turns them into the very
events the network thread would post, for a :class:`~app.player.session.Session` to apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.player.address import ClassAddress
from app.player.netthread import Joined, NetEvent, Received
from game.lander import (
    AIPilot,
    LanderStatus,
    Personality,
    PhysicsOverrides,
    RoundConfig,
    Simulation,
    get_world,
)
from netcode.messages import Event, FullState, StateUpdate, Welcome
from netcode.snapshot import LanderSnapshot, encode_landers

PERSONALITIES = tuple(Personality)
NAMES = ("Sam", "Ada", "Buzz", "Cosmo", "Dara", "Eli", "Fern", "Gus")


@dataclass(frozen=True)
class Recording:
    config: RoundConfig
    snapshots: tuple[tuple[int, LanderSnapshot], ...]  # (tick, snapshot) at the snapshot rate
    tick_rate: int
    snapshot_rate: int
    ids: tuple[int, ...]

    @property
    def seconds(self) -> float:
        return self.snapshots[-1][0] / self.tick_rate if self.snapshots else 0.0


def record_flight(
    *,
    players: int = 8,
    seed: int = 11,
    world: str = "moon",
    seconds: float = 45.0,
    snapshot_rate: int = 30,
) -> Recording:
    """Fly ``players`` AI pilots (mixed skills) for up to ``seconds``; keep the snapshots."""
    config = RoundConfig(get_world(world), seed, seconds, PhysicsOverrides())
    sim = Simulation(config)
    ids = tuple(range(1, players + 1))
    for slot, lid in enumerate(ids):
        sim.add_lander(lid, slot=slot)
    pilots = {
        lid: AIPilot(0.4 + 0.55 * (i % 4) / 3, PERSONALITIES[i % len(PERSONALITIES)], seed + i)
        for i, lid in enumerate(ids)
    }
    every = max(1, 60 // snapshot_rate)
    snaps: list[tuple[int, LanderSnapshot]] = [(0, encode_landers(sim.arrays()))]
    from game.lander import PlayerInput

    sequence = 0
    while not sim.finished:
        inputs = {}
        for lid in ids:
            state = sim.lander(lid)
            if state.status is LanderStatus.FLYING:
                thrust, rotation, abort = pilots[lid].decide(state, sim.terrain, config, sim.tick)
                inputs[lid] = PlayerInput(sequence, thrust, rotation, abort)
        sequence += 1
        sim.step(inputs)
        if sim.tick % every == 0 or sim.finished:
            snaps.append((int(sim.tick), encode_landers(sim.arrays())))
    return Recording(config, tuple(snaps), 60, snapshot_rate, ids)


def replay_events(rec: Recording, me: int | None = None) -> tuple[list[NetEvent], list[NetEvent]]:
    """(events to join and start the round, one Received StateUpdate per snapshot)."""
    me = rec.ids[0] if me is None else me
    welcome = Welcome(
        player_id=me,
        token="replay",
        tick_rate=rec.tick_rate,
        snapshot_rate=rec.snapshot_rate,
        class_name="Replay",
    )
    players = [(lid, NAMES[i % len(NAMES)], i % 12) for i, lid in enumerate(rec.ids)]
    start: list[NetEvent] = [
        Joined(welcome, ClassAddress("127.0.0.1", 1)),
        Received(
            FullState(
                tick=0, phase="lobby", round=None, time_left=0.0, players=players, landers=None
            ),
            0.0,
        ),
        Received(
            Event(
                tick=0,
                kind="round_started",
                data={
                    "round_id": 1,
                    "round": rec.config.to_dict(),
                    "countdown": 0.0,
                    "landers": list(rec.ids),
                },
            ),
            0.0,
        ),
    ]
    updates: list[NetEvent] = [
        Received(StateUpdate(tick=tick, ack_sequence=-1, landers=snap), 0.0)
        for tick, snap in rec.snapshots
    ]
    return start, updates
