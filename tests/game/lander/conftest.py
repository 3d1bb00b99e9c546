"""Shared helpers for the simulation tests."""

from __future__ import annotations

import dataclasses

import pytest

from game.lander import LanderState, LanderStatus, RoundConfig, Simulation, World, get_world


def still_air(key: str) -> World:
    """A world with its air but no wind or gusts (for textbook comparisons)."""
    return dataclasses.replace(get_world(key), wind_mean=0.0, gust_strength=0.0)


def place(
    sim: Simulation,
    lander_id: int,
    x: float,
    y: float,
    vx: float = 0.0,
    vy: float = 0.0,
    angle: float = 0.0,
    fuel: float | None = None,
) -> None:
    """Put a flying lander exactly here."""
    now = sim.lander(lander_id)
    sim.set_lander(
        lander_id,
        LanderState(
            x=x,
            y=y,
            vx=vx,
            vy=vy,
            angle=angle,
            angular_velocity=0.0,
            fuel=now.fuel if fuel is None else fuel,
            throttle=0.0,
            status=LanderStatus.FLYING,
        ),
    )


@pytest.fixture
def moon_sim() -> Simulation:
    sim = Simulation(RoundConfig(get_world("moon"), seed=7))
    sim.add_lander(1, slot=0)
    return sim
