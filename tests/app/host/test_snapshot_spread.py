"""Rooms flying at once send their snapshots on different host ticks, so one tick does not
carry every room's encode and send while the next carries none (tick p99, bench/net.py)."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from pathlib import Path

from app.host.round import Round, RoundPhase
from game.lander import GAME
from tests.app.host.wire import hosted, settings_for


async def _rooms_in_step(
    data_dir: Path, count: int, lockstep: bool = False
) -> list[tuple[int, str, int]]:
    """``count`` rooms whose rounds start on the same host tick, ticked by hand (no await in
    between, so the host's own loop does not run) for 40 host ticks."""
    settings = settings_for(data_dir, lockstep=lockstep, snapshot_rate=30)  # spreading needs 30 Hz
    async with hosted(data_dir, settings=settings, grouping="manual") as host:
        host.rounds.host_tick += 1 + int(data_dir.name.endswith("1"))  # whatever it was
        rooms = [host.rooms[host.create_room()] for _ in range(count)]
        setup = GAME.setup(level="moon", seed=3, seconds=60.0)
        for i, room in enumerate(rooms):
            room.round = Round(1000 + i, GAME, setup, [1], countdown_ticks=0)
        sent: list[tuple[int, str, int]] = []  # (host tick, room, round tick)
        for _ in range(40):
            host.rounds.host_tick += 1
            for room in rooms:
                assert room.round is not None and room.round.phase is RoundPhase.ACTIVE
                room.round.advance()
                others = [r.round for r in rooms if r.round is not None]
                if host.rounds.snapshots.due(room.round, others, host.host_tick):
                    sent.append((host.host_tick, room.name, room.round.tick))
        for room in rooms:
            room.round = None
    return sent


def test_rounds_started_together_snapshot_on_alternate_host_ticks(tmp_path: Path) -> None:
    sent = asyncio.run(_rooms_in_step(tmp_path, 3))
    by_tick = Counter(tick for tick, _, _ in sent)
    # 60 Hz ticks, 30 Hz snapshots: of three rooms two share a phase, one has the other
    assert sorted(set(by_tick.values())) == [1, 2], by_tick
    rooms = sorted({room for _, room, _ in sent})
    phases = {room: {tick % 2 for tick, r, _ in sent if r == room} for room in rooms}
    assert all(len(p) == 1 for p in phases.values()), phases  # a round keeps its phase
    for room in rooms:  # and still snapshots every 2nd of its own ticks, 20 in 40
        ticks = [t for _, r, t in sent if r == room]
        assert len(ticks) == 20
        assert all(b - a == 2 for a, b in itertools.pairwise(ticks)), ticks


def test_a_lone_round_and_lockstep_rounds_snapshot_on_every_other_round_tick(
    tmp_path: Path,
) -> None:
    # as before rooms were spread: what seeded, reproducible (lockstep) rounds rely on
    for case, (count, lockstep) in enumerate(((1, False), (1, False), (3, True))):
        sent = asyncio.run(_rooms_in_step(tmp_path / f"case{case}", count, lockstep))
        assert len(sent) == 20 * count
        assert all(tick % 2 == 0 for _, _, tick in sent), sent[:4]
