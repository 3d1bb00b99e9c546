from __future__ import annotations

import numpy as np

from game.lander.wind import GustField


def test_gusts_are_seeded_bounded_and_vary() -> None:
    xs = np.linspace(0.0, 800.0, 50)
    a = GustField.seeded(3, mean=6.0, strength=10.0)
    b = GustField.seeded(3, mean=6.0, strength=10.0)
    samples = np.array([a.at(t, xs) for t in np.arange(0.0, 120.0, 0.5)])
    assert np.array_equal(samples[10], b.at(5.0, xs))
    assert np.all(np.abs(samples - 6.0) <= 10.0 + 1e-9)
    assert samples.std() > 2.0  # it really gusts
    assert not np.array_equal(GustField.seeded(4, 6.0, 10.0).at(5.0, xs), samples[10])


def test_no_gusts_is_the_mean_everywhere() -> None:
    field = GustField.seeded(1, mean=-2.0, strength=0.0)
    assert np.array_equal(field.at(3.0, np.array([0.0, 500.0])), np.array([-2.0, -2.0]))
