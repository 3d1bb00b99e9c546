"""The lander's behaviour pinned: seeded state hashes and results must never change.

``tests/game/golden/lander.json`` was written by this module (``python -m
tests.game.lander.test_lander_golden --write``) on the code before the lander moved into
``game/lander/``; the move and every refactor since must reproduce it bit for bit: the
state hash every 60 ticks and at the end, and every flight's result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from game.lander import (
    AIPilot,
    Personality,
    PhysicsOverrides,
    PlayerInput,
    RoundConfig,
    Simulation,
    get_world,
)

GOLDEN = Path(__file__).parent / "golden" / "lander.json"
SKILLS = (0.3, 0.6, 0.85, 0.98)
MAX_TICKS = 60 * 90

CASES: dict[str, dict[str, Any]] = {
    "moon-ai8": {"world": "moon", "seed": 7, "pilots": 8},
    "mars-ai8": {"world": "mars", "seed": 2024, "pilots": 8},
    "earth-ai6": {"world": "earth", "seed": 31337, "pilots": 6},
    "titan-ai5": {"world": "titan", "seed": 99, "pilots": 5},
    "moon-knobs": {
        "world": "moon",
        "seed": 11,
        "pilots": 8,
        "overrides": {"gravity": 3.2, "thrust_scale": 1.5, "fuel": 60.0, "wind": 4.0},
    },
    "mars-scripted": {"world": "mars", "seed": 77, "scripted": 4},
}


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    overrides = PhysicsOverrides.from_dict(case.get("overrides", {}))
    config = RoundConfig(get_world(case["world"]), seed=case["seed"], overrides=overrides)
    sim = Simulation(config)
    hashes: list[str] = []
    if "scripted" in case:
        ids = list(range(1, case["scripted"] + 1))
        for slot, lid in enumerate(ids):
            sim.add_lander(lid, slot=slot)
        rng = np.random.default_rng(case["seed"])
        while not sim.finished and sim.tick < MAX_TICKS:
            frame = {
                lid: PlayerInput(sim.tick, float(rng.uniform(0.2, 0.7)), float(rng.uniform(-1, 1)))
                for lid in ids
                if rng.uniform() < 0.8
            }
            sim.step(frame)
            if sim.tick % 60 == 0:
                hashes.append(sim.state_hash())
    else:
        ids = [10 + i for i in range(case["pilots"])]
        pilots = {
            lid: AIPilot(SKILLS[i % 4], list(Personality)[i % 4], case["seed"] + i)
            for i, lid in enumerate(ids)
        }
        for slot, lid in enumerate(ids):
            sim.add_lander(lid, slot=slot)
        while not sim.finished and sim.tick < MAX_TICKS:
            others = sim.arrays()
            inputs = {}
            for lid, pilot in pilots.items():
                if sim.result(lid) is not None:
                    continue
                thrust, rotation, abort = pilot.decide(
                    sim.lander(lid), sim.terrain, config, sim.tick, others=others
                )
                inputs[lid] = PlayerInput(sim.tick, thrust, rotation, abort)
            sim.step(inputs)
            if sim.tick % 60 == 0:
                hashes.append(sim.state_hash())
    results = {}
    for lid in ids:
        result = sim.result(lid)
        results[str(lid)] = None if result is None else result.to_dict()
    return {"ticks": sim.tick, "final": sim.state_hash(), "hashes": hashes, "results": results}


def _roundtrip(value: Any) -> Any:
    return json.loads(json.dumps(value))


@pytest.mark.parametrize("name", sorted(CASES))
def test_lander_behaviour_is_unchanged(name: str) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = _roundtrip(run_case(CASES[name]))
    want = golden[name]
    assert got["ticks"] == want["ticks"]
    assert got["results"] == want["results"]
    assert got["hashes"] == want["hashes"]
    assert got["final"] == want["final"]


def write() -> None:
    GOLDEN.write_text(
        json.dumps({name: run_case(case) for name, case in CASES.items()}, indent=1) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__" and "--write" in sys.argv:
    write()
