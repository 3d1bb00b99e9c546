"""Calibration table of the AI pilots: seeded Moon flights per skill x personality.

Run: ``.venv/bin/python bench/ai_table.py [--flights 200] [--world moon] [--jobs 2]``.
Each flight is one AI alone on a seeded round, deciding at 30 Hz with its input applied one
tick late (as bots fly over the network). Prints the landing rate, mean fuel used, mean
touchdown speed of the landings and mean flight time, then the targets.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
from collections import Counter
from dataclasses import dataclass

from game.lander import AIPilot, Personality, RoundConfig, Skill, get_world
from game.lander.ai_flight import fly

TARGETS = {
    Skill.EASY: (0.20, 0.50),
    Skill.MEDIUM: (0.50, 0.80),
    Skill.HARD: (0.85, 1.00),
    Skill.INSANE: (0.97, 1.00),
}


@dataclass(frozen=True)
class Flight:
    reason_code: str
    fuel_used: float
    touchdown_speed: float | None
    flight_time_s: float


def one_flight(args: tuple[str, float, str, int]) -> Flight:
    world, skill, personality, index = args
    config = RoundConfig(get_world(world), seed=10_000 + index)
    pilot = AIPilot(skill, Personality(personality), seed=index * 7919 + round(skill * 100))
    sim = fly(config, {1: pilot})
    result = sim.result(1)
    if result is None:
        raise RuntimeError(f"flight {index} ended without a result")
    speed = result.measured if result.reason_code == "landed" else None
    return Flight(result.reason_code, result.fuel_used, speed, result.flight_time_s)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--flights", type=int, default=200)
    parser.add_argument("--world", default="moon")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    print(f"{args.flights} flights per row on {args.world}; 30 Hz decisions, 1 tick late")
    print(
        f"{'skill':<8}{'personality':<12}{'landed':>8}{'fuel kg':>9}{'touch m/s':>11}"
        f"{'time s':>8}  main failures"
    )
    jobs = [
        (args.world, float(skill), str(pers), i)
        for skill in Skill
        for pers in Personality
        for i in range(args.flights)
    ]
    with multiprocessing.Pool(args.jobs) as pool:
        flights = pool.map(one_flight, jobs, chunksize=8)
    ok = True
    for s_index, skill in enumerate(Skill):
        rates: list[float] = []
        for p_index, pers in enumerate(Personality):
            start = (s_index * len(Personality) + p_index) * args.flights
            rows = flights[start : start + args.flights]
            landed = [f for f in rows if f.reason_code == "landed"]
            rate = len(landed) / len(rows)
            rates.append(rate)
            fuel = statistics.fmean(f.fuel_used for f in rows)
            touch = statistics.fmean(f.touchdown_speed or 0.0 for f in landed) if landed else 0.0
            time_s = statistics.fmean(f.flight_time_s for f in rows)
            fails = Counter(f.reason_code for f in rows if f.reason_code != "landed")
            worst = ", ".join(f"{code} {n}" for code, n in fails.most_common(3))
            print(
                f"{skill.name:<8}{pers.value:<12}{rate:>8.0%}{fuel:>9.1f}{touch:>11.2f}"
                f"{time_s:>8.1f}  {worst}"
            )
        overall = statistics.fmean(rates)
        low, high = TARGETS[skill]
        verdict = "ok" if low <= overall <= high else "OFF TARGET"
        ok = ok and verdict == "ok"
        print(f"{skill.name:<8}{'all':<12}{overall:>8.0%}   target {low:.0%}-{high:.0%}: {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
