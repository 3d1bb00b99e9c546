"""Per game: the room step for 8 players and the bytes each client gets, at 30 Hz.

Run: ``.venv/bin/python bench/game_room.py --game KEY [--level L] [--seconds 60] [--repeat 3]``.

Eight of the game's AI players (two of each skill) play a seeded round. The AI decides
outside the timed part (on the host its inputs come over the network); the timed part is
the room's ``sim.step`` with the eight inputs, once per tick, 60 ticks a second. Every 2nd
tick a snapshot is encoded as the host does and each client is sent a delta against the
snapshot before (what a client that acknowledged it gets); the bytes are the whole message
(envelope and ``ack_sequence``), and the naive JSON of the same rows is measured alongside.
Goals: step median <= 200 µs, <= 16 kbit/s per client. Medians over ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from game.api import AI_SKILLS, Game
from game.registry import GAMES, get_game
from netcode.history import SnapshotHistory
from netcode.snapshot import quantise

PLAYERS = 8
SNAPSHOT_EVERY = 2  # 30 Hz at 60 ticks a second
STEP_GOAL_US = 200.0
KBIT_GOAL = 16.0


def run(
    game: Game, level: str | None, seconds: float, seed: int
) -> tuple[list[float], float, float]:
    """(step times in µs, kbit/s per client, naive JSON kbit/s per client) for one round."""
    setup = game.setup(level=level, seed=seed, seconds=seconds)
    sim = game.new_sim(setup)
    ids = list(range(1, PLAYERS + 1))
    for slot, pid in enumerate(ids):
        sim.add_player(pid, slot)
    ais = {pid: game.new_ai(AI_SKILLS[i % 4], i % 4, seed + i) for i, pid in enumerate(ids)}
    schema = game.schema
    history = SnapshotHistory(schema.predict_columns)
    steps: list[float] = []
    sent = 0
    naive = 0
    last_tick = -1
    while not sim.finished:
        inputs = {pid: ai.decide(sim, pid) for pid, ai in ais.items() if sim.result(pid) is None}
        t0 = time.perf_counter()
        sim.step(inputs)
        steps.append((time.perf_counter() - t0) * 1e6)
        if sim.tick % SNAPSHOT_EVERY == 0:
            row_ids, values = sim.snapshot()
            history.add(sim.tick, quantise(row_ids, values, schema.scales, schema.names))
            sent += len(history.encoded_update_for(sim.tick, sim.tick, last_tick))
            rows = [dict(zip(schema.names, map(float, v), strict=True)) for v in values]
            naive += len(json.dumps({"tick": sim.tick, "ids": row_ids.tolist(), "rows": rows}))
            last_tick = sim.tick
    played = sim.tick / 60.0
    return steps, sent * 8 / 1000 / played, naive * 8 / 1000 / played


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--game", choices=sorted(GAMES), required=True)
    parser.add_argument("--level", default=None)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    game = get_game(args.game)
    medians, p99s, kbits, naives = [], [], [], []
    for r in range(args.repeat):
        steps, kbit, naive = run(game, args.level, args.seconds, seed=100 + r)
        steps.sort()
        medians.append(statistics.median(steps))
        p99s.append(steps[int(0.99 * (len(steps) - 1))])
        kbits.append(kbit)
        naives.append(naive)
        print(
            f"run {r + 1}: {len(steps)} steps, step median {medians[-1]:.0f} µs, "
            f"p99 {p99s[-1]:.0f} µs; {kbit:.1f} kbit/s per client (naive JSON {naive:.1f})"
        )
    step, kbit, naive = (statistics.median(x) for x in (medians, kbits, naives))
    print(
        f"{game.key}: room step for {PLAYERS} players median {step:.0f} µs "
        f"(goal <= {STEP_GOAL_US:.0f}: {'met' if step <= STEP_GOAL_US else 'NOT met'}), "
        f"p99 {statistics.median(p99s):.0f} µs; {kbit:.1f} kbit/s per client at 30 Hz "
        f"(goal <= {KBIT_GOAL:.0f}: {'met' if kbit <= KBIT_GOAL else 'NOT met'}), "
        f"naive JSON {naive:.1f} kbit/s ({naive / max(kbit, 1e-9):.1f}x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
