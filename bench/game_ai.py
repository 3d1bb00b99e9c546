"""Per game: the AI's success rate at each skill, against the platform's targets.

Run: ``.venv/bin/python bench/game_ai.py --game KEY [--rounds 200] [--level L] [--jobs 2]``.

Each round is one AI player alone on a seeded round (seed 10 000 + i, the four personalities
in turn), deciding at 30 Hz with its input applied one tick late (as a bot plays over the
network). Prints the success rate per skill, the main reasons of the failures, and whether
each rate is inside its target: Easy 20-50 %, Medium 50-80 %, Hard >= 85 %, Insane >= 97 %.
Exits 1 when a rate is off target.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
from collections import Counter

from game.api import AI_SKILLS, SKILL_NAMES, PlayerResult
from game.registry import GAMES, get_game

TARGETS = ((0.20, 0.50), (0.50, 0.80), (0.85, 1.00), (0.97, 1.00))
DECIDE_EVERY = 2  # ticks: 30 decisions a second


def one_round(args: tuple[str, str | None, float, int]) -> PlayerResult:
    key, level, skill, index = args
    game = get_game(key)
    setup = game.setup(level=level, seed=10_000 + index)
    sim = game.new_sim(setup)
    sim.add_player(1, 0)
    ai = game.new_ai(skill, index % 4, index * 7919 + round(skill * 100))
    held = game.inputs.held
    idle = game.inputs.idle
    current = idle
    pending = None
    while not sim.finished:
        if pending is not None:  # decided last time: applied one tick late
            current, pending = pending, None
        if sim.tick % DECIDE_EVERY == 0 and sim.result(1) is None:
            pending = ai.decide(sim, 1)
        sim.step({1: current})
        if not held:
            current = idle  # an action applies once
    result = sim.result(1)
    if result is None:
        raise RuntimeError(f"round {index} of {key} ended without a result")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--game", choices=sorted(GAMES), required=True)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--level", default=None)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    game = get_game(args.game)
    level = args.level or game.levels[0].key
    print(f"{game.title} on {level}: {args.rounds} rounds per skill, 30 Hz decisions, 1 tick late")
    jobs = [(game.key, level, skill, i) for skill in AI_SKILLS for i in range(args.rounds)]
    with multiprocessing.Pool(args.jobs) as pool:
        results = pool.map(one_round, jobs, chunksize=8)
    ok = True
    for s, (skill, name) in enumerate(zip(AI_SKILLS, SKILL_NAMES, strict=True)):
        rows = results[s * args.rounds : (s + 1) * args.rounds]
        rate = sum(r.success for r in rows) / len(rows)
        score = statistics.fmean(r.score for r in rows)
        fails = Counter(r.reason_code for r in rows if not r.success)
        worst = ", ".join(f"{code} {n}" for code, n in fails.most_common(3))
        low, high = TARGETS[s]
        verdict = "ok" if low <= rate <= high else "OFF TARGET"
        ok = ok and verdict == "ok"
        print(
            f"{name:<7} (skill {skill:.2f}): {rate:>4.0%} succeeded, mean score {score:6.0f}; "
            f"target {low:.0%}-{high:.0%}: {verdict}; failures: {worst or '-'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
