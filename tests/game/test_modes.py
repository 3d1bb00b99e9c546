"""The round modes' rules: pure, in ``game`` (the host drives them)."""

from __future__ import annotations

import pytest

from game.lander import RoundConfig, get_world
from game.lander.waves import wave_config
from game.modes import Mode, objective_met, parse_mode, team_score


def test_survival_waves_get_harder() -> None:
    base = RoundConfig(world=get_world("moon"), seed=5)
    w1, w3 = wave_config(base, 1), wave_config(base, 3)
    assert w1 is base
    assert w3.params.gravity == pytest.approx(base.params.gravity * 1.5)
    assert w3.params.fuel < base.params.fuel and w3.seed != base.seed
    assert w3.params.wind_mean > base.params.wind_mean


def test_modes_and_team_score() -> None:
    assert parse_mode(" Survival ") is Mode.SURVIVAL and Mode.COMPETITIVE.rated
    with pytest.raises(ValueError, match="unknown mode 'race'"):
        parse_mode("race")
    assert team_score([100, 0, 250]) == 350
    assert objective_met(2, 4) and not objective_met(1, 4)
