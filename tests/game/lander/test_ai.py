"""AI pilots: they fly by the student's controls, deterministically, and land."""

from __future__ import annotations

import statistics

import numpy as np
import pytest

from game.lander import (
    AIPilot,
    AIState,
    InvalidConfigError,
    LanderArrays,
    LanderState,
    LanderStatus,
    Outcome,
    Personality,
    PlayerInput,
    RoundConfig,
    Simulation,
    Skill,
    generate_terrain,
    get_world,
    validate_input,
)
from game.lander.ai_flight import fly


def flights(
    skill: float, personality: Personality, count: int, world: str = "moon"
) -> list[Simulation]:
    return [
        fly(RoundConfig(get_world(world), seed=500 + i), {1: AIPilot(skill, personality, seed=i)})
        for i in range(count)
    ]


def test_skill_levels_are_the_seeds() -> None:
    assert [float(s) for s in Skill] == [0.3, 0.6, 0.85, 0.98]


def test_medium_pilot_usually_lands_on_the_moon_in_a_classroom_time() -> None:
    sims = flights(Skill.MEDIUM, Personality.BALANCED, 10)
    results = [s.result(1) for s in sims]
    landed = [r for r in results if r is not None and r.outcome is Outcome.LANDED]
    assert len(landed) >= 6
    assert 15.0 <= statistics.fmean(r.flight_time_s for r in landed) <= 40.0
    assert all(r.score is not None and r.score.total > 0 for r in landed)


@pytest.mark.parametrize("world", ["mars", "earth", "titan"])
def test_an_insane_pilot_lands_on_every_world(world: str) -> None:
    sims = flights(Skill.INSANE, Personality.BALANCED, 3, world)
    assert all((r := s.result(1)) is not None and r.outcome is Outcome.LANDED for s in sims)


def test_decisions_are_deterministic_per_seed_and_valid_inputs() -> None:
    config = RoundConfig(get_world("moon"), seed=21)
    terrain = generate_terrain(21, config.world)
    sim = Simulation(config)
    sim.add_lander(1)
    a = AIPilot(0.6, Personality.CHAOTIC, seed=9)
    b = AIPilot(0.6, Personality.CHAOTIC, seed=9)
    c = AIPilot(0.6, Personality.CHAOTIC, seed=10)
    seen_a, seen_c = [], []
    for tick in range(0, 900, 2):
        state = sim.lander(1)
        if state.status is not LanderStatus.FLYING:
            break
        da = a.decide(state, terrain, config, tick)
        assert da == b.decide(state, terrain, config, tick)
        seen_a.append(da)
        seen_c.append(c.decide(state, terrain, config, tick))
        validate_input(PlayerInput(tick, da[0], da[1], da[2]))
        sim.step({1: PlayerInput(tick, *da)})
        sim.step({1: PlayerInput(tick, *da)})
    assert seen_a != seen_c


def test_state_machine_from_orbit_to_landed() -> None:
    config = RoundConfig(get_world("moon"), seed=31)
    pilot = AIPilot(Skill.EASY, Personality.CAUTIOUS, seed=3)
    assert pilot.state is AIState.ORBITING and pilot.target_pad is None
    sim = Simulation(config)
    sim.add_lander(1)
    visited = [pilot.state]
    while sim.lander(1).status is LanderStatus.FLYING and not sim.finished:
        decision = pilot.decide(sim.lander(1), sim.terrain, config, sim.tick)
        if pilot.state is not visited[-1]:
            visited.append(pilot.state)
        sim.step({1: PlayerInput(sim.tick, *decision)})
    final = pilot.decide(sim.lander(1), sim.terrain, config, sim.tick)
    assert visited[:2] == [AIState.ORBITING, AIState.DESCENDING]
    assert pilot.target_pad is not None
    expected = AIState.LANDED if sim.lander(1).status is LanderStatus.LANDED else AIState.CRASHED
    assert pilot.state is expected and final == (0.0, 0.0, False)


def test_a_crashed_lander_puts_the_pilot_in_crashed() -> None:
    config = RoundConfig(get_world("moon"), seed=1)
    pilot = AIPilot(0.6, Personality.BALANCED, seed=1)
    wreck = LanderState(100.0, 50.0, 0.0, 0.0, 0.0, 0.0, 10.0, 0.0, LanderStatus.CRASHED)
    assert pilot.decide(wreck, generate_terrain(1, config.world), config, 0) == (0.0, 0.0, False)
    assert pilot.state is AIState.CRASHED


def test_cautious_uses_less_fuel_and_lands_slower_than_aggressive() -> None:
    def summary(personality: Personality) -> tuple[float, float]:
        results = [s.result(1) for s in flights(Skill.HARD, personality, 10)]
        fuel = statistics.fmean(r.fuel_used for r in results if r is not None)
        touch = [r.measured for r in results if r is not None and r.outcome is Outcome.LANDED]
        return fuel, statistics.fmean(t for t in touch if t is not None)

    cautious_fuel, cautious_touch = summary(Personality.CAUTIOUS)
    aggressive_fuel, aggressive_touch = summary(Personality.AGGRESSIVE)
    assert cautious_fuel < aggressive_fuel
    assert cautious_touch < aggressive_touch


@pytest.mark.parametrize("skill", [-0.1, 1.5, float("nan")])
def test_skill_must_be_within_zero_and_one(skill: float) -> None:
    with pytest.raises(InvalidConfigError, match=r"AI skill must be within 0\.\.1"):
        AIPilot(skill, Personality.BALANCED, seed=1)


def class_round(round_index: int, *, see_others: bool) -> list[str]:
    """8 Medium/Hard pilots of every personality in one 45 s Moon round (like the demo)."""
    config = RoundConfig(get_world("moon"), seed=900 + round_index, time_limit_s=45.0)
    pilots = {
        i: AIPilot(
            Skill.MEDIUM if i % 2 else Skill.HARD,
            list(Personality)[i % 4],
            seed=round_index * 31 + i,
        )
        for i in range(8)
    }
    sim = fly(config, pilots, see_others=see_others)
    return [r.reason_code for i in range(8) if (r := sim.result(i)) is not None]


def test_pilots_that_see_each_other_rarely_collide() -> None:
    blind = [code for r in range(3) for code in class_round(r, see_others=False)]
    seeing = [code for r in range(3) for code in class_round(r, see_others=True)]
    assert len(blind) == len(seeing) == 24
    assert blind.count("hit_lander") >= 6  # measured 8 of 24
    assert seeing.count("hit_lander") <= blind.count("hit_lander") // 4  # measured 0 of 24
    assert seeing.count("landed") > blind.count("landed")


def test_a_pilot_avoids_a_pad_a_nearer_lander_is_heading_for() -> None:
    config = RoundConfig(get_world("moon"), seed=5)
    terrain = generate_terrain(5, config.world)
    pad = max(terrain.pads, key=lambda p: p.multiplier)
    me = LanderState(pad.centre + 60.0, pad.y + 120.0, 0.0, 0.0, 0.0, 0.0, 100.0, 0.0,
                     LanderStatus.FLYING)  # fmt: skip
    rival = LanderArrays(
        ids=np.array([1, 2], dtype=np.int64),
        xy=np.array([[me.x, me.y], [pad.centre + 5.0, pad.y + 60.0]]),
        vxy=np.zeros((2, 2)),
        angle=np.zeros(2),
        angular_velocity=np.zeros(2),
        fuel=np.full(2, 100.0),
        throttle=np.zeros(2),
        status=np.zeros(2, dtype=np.int8),
    )

    def choice(others: LanderArrays | None) -> int | None:
        pilot = AIPilot(Skill.HARD, Personality.AGGRESSIVE, seed=1)
        for tick in range(0, 600, 2):  # it hesitates in orbit first
            pilot.decide(me, terrain, config, tick, others=others)
            if pilot.target_pad is not None:
                break
        return pilot.target_pad

    assert choice(None) == pad.id  # alone, it goes for the ×5 pad
    assert choice(rival) != pad.id  # not when another lander is already over it


def test_landing_rate_rises_with_skill_on_a_small_seeded_sample() -> None:
    def rate(skill: Skill) -> float:
        results = [
            s.result(1)
            for personality in (Personality.BALANCED, Personality.AGGRESSIVE)
            for s in flights(skill, personality, 8)
        ]
        return sum(r is not None and r.outcome is Outcome.LANDED for r in results) / 16

    easy, medium, hard, insane = (rate(s) for s in Skill)
    assert easy < medium < hard <= insane, (easy, medium, hard, insane)


def test_a_less_skilled_pilot_reacts_later_to_a_fall() -> None:
    config = RoundConfig(get_world("moon"), seed=5)
    terrain = generate_terrain(5, config.world)
    pad = terrain.pads[0]
    base = pad.y + config.world.lander.foot_depth + 6.0  # centre of mass 6 m over the pad

    def ticks_to_abort(skill: float) -> int:
        pilot = AIPilot(skill, Personality.BALANCED, seed=26)  # misjudges the pad little
        pilot.target_pad = pad.id
        hover = LanderState(pad.centre, base, 0.0, 0.0, 0.0, 0.0, 100.0, 0.0,
                            LanderStatus.FLYING)  # fmt: skip
        fall = LanderState(pad.centre, base, 0.0, -15.0, 0.0, 0.0, 100.0, 0.0,
                           LanderStatus.FLYING)  # fmt: skip
        tick = 0
        while pilot.state is not AIState.DESCENDING and tick < 600:  # it hesitates first
            pilot.decide(hover, terrain, config, tick)
            tick += 2
        for _ in range(10):  # settle over the pad
            assert pilot.decide(hover, terrain, config, tick)[2] is False
            tick += 2
        start = tick
        while tick < start + 120:
            if pilot.decide(fall, terrain, config, tick)[2]:
                return tick - start
            tick += 2
        raise AssertionError(f"skill {skill} never aborted a 15 m/s fall 6 m over the pad")

    assert ticks_to_abort(1.0) == 0  # sees it at once
    assert 16 <= ticks_to_abort(Skill.EASY) <= 20  # 0.4 s x (1 - 0.3) late, in 2-tick steps
    lateness = [ticks_to_abort(s) for s in Skill]
    assert lateness == sorted(lateness, reverse=True) and lateness[0] > lateness[-1]
