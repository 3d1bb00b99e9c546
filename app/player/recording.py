"""A recorded class round for replays, benchmarks and screenshots (no network needed).

:func:`record_round` plays ``players`` AI players of any game through its simulation and
keeps the host's snapshots at the snapshot rate; :func:`replay_events` turns them into the
very events the network thread would post, for a :class:`~app.player.session.Session`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.player.address import ClassAddress
from app.player.netthread import Joined, NetEvent, Received
from game.api import AI_SKILLS, Game, RoundSetup
from game.registry import DEFAULT_GAME, get_game
from netcode.messages import Event, FullState, StateUpdate, Welcome
from netcode.snapshot import Snapshot, quantise

NAMES = ("Sam", "Ada", "Buzz", "Cosmo", "Dara", "Eli", "Fern", "Gus")


@dataclass(frozen=True)
class Recording:
    game: Game
    setup: RoundSetup
    round_map: dict[str, Any]
    snapshots: tuple[tuple[int, Snapshot], ...]  # (tick, snapshot) at the snapshot rate
    tick_rate: int
    snapshot_rate: int
    ids: tuple[int, ...]

    @property
    def seconds(self) -> float:
        return self.snapshots[-1][0] / self.tick_rate if self.snapshots else 0.0


def record_round(
    *,
    game: str = DEFAULT_GAME,
    players: int = 8,
    seed: int = 11,
    level: str | None = None,
    seconds: float = 45.0,
    snapshot_rate: int = 30,
) -> Recording:
    """Play ``players`` AI players (mixed skills) for up to ``seconds``; keep the snapshots."""
    chosen = get_game(game)
    setup = chosen.setup(level=level, seed=seed, seconds=seconds)
    sim = chosen.new_sim(setup)
    ids = tuple(range(1, players + 1))
    for slot, pid in enumerate(ids):
        sim.add_player(pid, slot)
    ais = {pid: chosen.new_ai(AI_SKILLS[i % 4], i % 4, seed + i) for i, pid in enumerate(ids)}
    schema = chosen.schema
    every = max(1, 60 // snapshot_rate)

    def snap() -> Snapshot:
        row_ids, values = sim.snapshot()
        return quantise(row_ids, values, schema.scales, schema.names)

    snaps: list[tuple[int, Snapshot]] = [(0, snap())]
    while not sim.finished:
        inputs = {pid: ai.decide(sim, pid) for pid, ai in ais.items() if sim.result(pid) is None}
        sim.step(inputs)
        if sim.tick % every == 0 or sim.finished:
            snaps.append((int(sim.tick), snap()))
    return Recording(chosen, setup, chosen.round_wire(setup), tuple(snaps), 60, snapshot_rate, ids)


def record_flight(
    *,
    players: int = 8,
    seed: int = 11,
    world: str = "moon",
    seconds: float = 45.0,
    snapshot_rate: int = 30,
) -> Recording:
    """A Lunar Lander round (:func:`record_round` on ``world``)."""
    return record_round(
        players=players, seed=seed, level=world, seconds=seconds, snapshot_rate=snapshot_rate
    )


def replay_events(rec: Recording, me: int | None = None) -> tuple[list[NetEvent], list[NetEvent]]:
    """(events to join and start the round, one Received StateUpdate per snapshot)."""
    me = rec.ids[0] if me is None else me
    welcome = Welcome(
        player_id=me,
        token="replay",
        tick_rate=rec.tick_rate,
        snapshot_rate=rec.snapshot_rate,
        class_name="Replay",
        game=rec.game.wire(),
    )
    players = [(pid, NAMES[i % len(NAMES)], i % 12) for i, pid in enumerate(rec.ids)]
    start: list[NetEvent] = [
        Joined(welcome, ClassAddress("127.0.0.1", 1)),
        Received(
            FullState(
                tick=0, phase="lobby", round=None, time_left=0.0, players=players, snapshot=None
            ),
            0.0,
        ),
        Received(
            Event(
                tick=0,
                kind="round_started",
                data={
                    "round_id": 1,
                    "round": rec.round_map,
                    "countdown": 0.0,
                    "players": list(rec.ids),
                },
            ),
            0.0,
        ),
    ]
    updates: list[NetEvent] = [
        Received(StateUpdate(tick=tick, ack_sequence=-1, snapshot=snap), 0.0)
        for tick, snap in rec.snapshots
    ]
    return start, updates
