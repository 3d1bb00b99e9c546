"""The truss solver against the textbook: member forces of statically determinate trusses by
the method of joints and the method of sections, worked out by hand below; equilibrium
ΣF = 0 at every joint and reactions summing to the load for determinate and redundant
structures; Euler's buckling load; the moving load read from influence lines.

Tolerance: 0.5 % of the largest force (the brief's), though a linear solve of a determinate
truss matches statics to rounding (the measured error is below 1e-9 of the load)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.bridge.designs import FAMILIES, down, top, up, vertical
from game.bridge.geometry import CANDIDATES, DECK, HEAVY, LIGHT, SECTIONS, geometry
from game.bridge.structure import Analysis, analyse, dead_loads, deck_loads
from game.bridge.truss import Mechanism, Solution, euler_load, joint_residuals, solve

TOLERANCE = 0.005  # of the largest force
P = 100.0  # kN
EA = 200e6 * 1.5e-3


def pratt4() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """A 4-panel Pratt truss, panels 4 m, height 3 m (diagonals 5 m: sin 0.6, cos 0.8).

    Joints: D0..D4 = 0..4 on the deck (x = 0, 4, 8, 12, 16), T1..T3 = 5..7 on top.
    """
    joints = np.array(
        [[0, 0], [4, 0], [8, 0], [12, 0], [16, 0], [4, 3], [8, 3], [12, 3]], dtype=float
    )
    members = {
        "D0-D1": (0, 1),
        "D1-D2": (1, 2),
        "D2-D3": (2, 3),
        "D3-D4": (3, 4),
        "T1-T2": (5, 6),
        "T2-T3": (6, 7),
        "D0-T1": (0, 5),
        "D4-T3": (4, 7),
        "D1-T1": (1, 5),
        "D2-T2": (2, 6),
        "D3-T3": (3, 7),
        "T1-D2": (5, 2),
        "T3-D2": (7, 2),
    }
    return joints, np.array(list(members.values()), dtype=np.int64), list(members)


def test_pratt_truss_matches_the_method_of_joints() -> None:
    """Load P = 100 kN at D1 (a quarter of the span). By hand, joint by joint:

    Reactions (moments about D4 and D0): R0 = 3P/4 = 75 kN, R4 = P/4 = 25 kN, up.
    D0: end post D0-T1 at sin 0.6: F·0.6 + 75 = 0 -> F = -125 (compression);
        D0-D1: F + 0.8·(-125) = 0 -> +100 (tension).
    D1 (the load): D1-T1 carries the load up: +100; D1-D2 = D0-D1 = +100.
    T1: ΣFy: 0.6·125 - 100 - 0.6·F(T1-D2) = 0 -> T1-D2 = -41.667;
        ΣFx: 0.8·125 + F(T1-T2) + 0.8·(-41.667) = 0 -> T1-T2 = -66.667.
    D4: end post D4-T3 = -25/0.6 = -41.667; D3-D4 = 25·(4/3) = +33.333.
    D3: no load, D3-T3 = 0; D2-D3 = +33.333.
    T3: ΣFy: 0.6·41.667 - 0.6·F(T3-D2) = 0 -> T3-D2 = +41.667;
        ΣFx: -0.8·41.667 - F(T2-T3) - 0.8·41.667 = 0 -> T2-T3 = -66.667.
    T2: the two top chords balance; D2-T2 = 0.
    """
    joints, ends, names = pratt4()
    loads = np.zeros((2 * len(joints), 1))
    loads[2 * 1 + 1, 0] = -P
    fixed = (0, 1, 2 * 4 + 1)  # D0 pinned, D4 on rollers
    result = solve(joints, ends, np.full(len(ends), EA), range(len(ends)), fixed, loads)
    assert isinstance(result, Solution)
    by_hand = {
        "D0-T1": -125.0,
        "D0-D1": 100.0,
        "D1-D2": 100.0,
        "D1-T1": 100.0,
        "T1-D2": -125.0 / 3.0,
        "T1-T2": -200.0 / 3.0,
        "D4-T3": -125.0 / 3.0,
        "D3-D4": 100.0 / 3.0,
        "D2-D3": 100.0 / 3.0,
        "D3-T3": 0.0,
        "T3-D2": 125.0 / 3.0,
        "T2-T3": -200.0 / 3.0,
        "D2-T2": 0.0,
    }
    forces = dict(zip(names, result.forces[:, 0].tolist(), strict=True))
    for name, expected in by_hand.items():
        assert forces[name] == pytest.approx(expected, abs=TOLERANCE * 125.0), name
    worst = max(abs(forces[n] - f) for n, f in by_hand.items())
    assert worst < 1e-9 * P  # a determinate truss: statics exactly
    # reactions: 75 up at D0, 25 up at D4, no horizontal one
    assert result.reactions[0, :, 0] == pytest.approx([0.0, 75.0], abs=1e-9)
    assert result.reactions[4, :, 0] == pytest.approx([0.0, 25.0], abs=1e-9)


def test_game_grid_pratt_matches_the_method_of_sections() -> None:
    """The game's own 6-panel Pratt (panel p, height h) with P at mid-span (D3), no weight.

    Method of sections with M(x) = P·x/2 left of the middle, shear V = P/2:
    deck panel i (i = 0, 1, 2): cut, moments about T(i) -> F = M(i·p)/h, and for the end
    panel M(p)/h: deck 1 and 2 = P·p/(2h), deck 3 = P·p/h; top chord T(i)-T(i+1), moments
    about D(i+1): F = -M((i+1)·p)/h: T1-T2 = -P·p/h, T2-T3 = -3P·p/(2h); every diagonal
    (and, in compression, the end post) carries the shear: ±(P/2)/sin θ; vertical D2-T2
    carries the shear in compression, -P/2; D1-T1 and D3-T3 carry nothing.
    """
    geo = geometry("long_span", {"deck_weight": 0.0})
    p, h = geo.panel, geo.height
    sin = h / math.hypot(p, h)
    members = FAMILIES["Pratt"]
    loads = np.zeros((2 * len(geo.joints), 1))
    loads[2 * 3 + 1, 0] = -P
    ea = geo.ea[LIGHT]
    result = solve(geo.joints, geo.ends, ea, members, geo.fixed, loads)
    assert isinstance(result, Solution)
    f = result.forces[:, 0]
    half = {
        DECK[0]: P * p / (2 * h),
        DECK[1]: P * p / (2 * h),
        DECK[2]: P * p / h,
        top(1): -P * p / h,
        top(2): -1.5 * P * p / h,
        up(0): -(P / 2) / sin,
        down(1): (P / 2) / sin,
        down(2): (P / 2) / sin,
        vertical(1): 0.0,
        vertical(2): -P / 2,
        vertical(3): 0.0,
    }
    mirror = {
        DECK[0]: DECK[5],
        DECK[1]: DECK[4],
        DECK[2]: DECK[3],
        top(1): top(4),
        top(2): top(3),
        up(0): down(5),
        down(1): up(4),
        down(2): up(3),
        vertical(1): vertical(5),
        vertical(2): vertical(4),
        vertical(3): vertical(3),
    }
    scale = max(abs(v) for v in half.values())
    for m, expected in half.items():
        assert f[m] == pytest.approx(expected, abs=TOLERANCE * scale), geo.member_label(m)
        assert f[mirror[m]] == pytest.approx(expected, abs=TOLERANCE * scale)
    assert all(f[m] == 0.0 for m in range(CANDIDATES) if m not in members)


@pytest.mark.parametrize("family", ["Pratt", "Howe", "Warren", "everything"])
@pytest.mark.parametrize("level", ["short_span", "long_span", "two_loads"])
def test_every_joint_is_in_equilibrium_and_reactions_carry_the_load(
    family: str, level: str
) -> None:
    geo = geometry(level, {})
    members = range(CANDIDATES) if family == "everything" else FAMILIES[family]
    loads = np.zeros((2 * len(geo.joints), 1))
    rng = np.random.default_rng(7)
    for j in range(1, 6):  # deck joints between the banks
        loads[2 * j + 1, 0] = -float(rng.uniform(10.0, 300.0))
    loads[2 * 10, 0] = 25.0  # and a sideways push on a top joint
    result = solve(geo.joints, geo.ends, geo.ea[HEAVY], members, geo.fixed, loads)
    assert isinstance(result, Solution)
    residual = joint_residuals(
        geo.joints, geo.ends, result.forces[:, 0], loads[:, 0], result.reactions[:, :, 0]
    )
    assert np.abs(residual).max() < 1e-6 * np.abs(loads).sum()
    total = result.reactions[:, :, 0].sum(axis=0)
    assert total[1] == pytest.approx(-loads[1::2, 0].sum(), rel=1e-9)
    assert total[0] == pytest.approx(-loads[0::2, 0].sum(), abs=1e-6)


def test_a_panel_without_a_diagonal_is_a_mechanism() -> None:
    geo = geometry("short_span", {})
    pratt = list(FAMILIES["Pratt"])
    pratt.remove(down(2))  # panel 3 loses its diagonal: a rectangle folds
    loads = np.zeros((2 * len(geo.joints), 1))
    result = solve(geo.joints, geo.ends, geo.ea[LIGHT], pratt, geo.fixed, loads)
    assert isinstance(result, Mechanism)
    assert result.joint in (2, 3, 7 + 2, 7 + 3)  # a corner of that panel moves


def test_euler_buckling_load() -> None:
    """F_cr = π² E I / L² for a pin-ended strut; compression strength is the lower of it
    and the yield load σ_y A; doubling the length quarters the buckling load."""
    section = SECTIONS[LIGHT]
    e, i = 200e6, section.inertia
    assert euler_load(e, i, 3.0) == pytest.approx(math.pi**2 * e * i / 9.0)
    assert euler_load(e, i, 6.0) == pytest.approx(euler_load(e, i, 3.0) / 4.0)
    geo = geometry("long_span", {})
    for m in range(CANDIDATES):
        squash = 355e3 * section.area
        expected = min(squash, euler_load(e, i, float(geo.lengths[m])))
        assert geo.compression[LIGHT, m] == pytest.approx(expected)
        assert geo.tension[LIGHT, m] == pytest.approx(squash)


def test_moving_load_from_influence_lines_equals_a_direct_solve() -> None:
    """The forces with the truck anywhere, read from the unit cases, are the forces of a
    direct solve with the truck's weight shared by the lever rule (own weight included)."""
    geo = geometry("two_loads", {})
    types = [HEAVY if m in FAMILIES["Howe"] else 0 for m in range(CANDIDATES)]
    a = analyse(geo, types, [False] * CANDIDATES)
    assert isinstance(a, Analysis)
    for x in (1.3, 7.9, 12.0, 19.25, 27.5):
        w = deck_loads(geo, x)
        forces, _ratios, sag = a.at(w)
        loads = np.zeros((2 * len(geo.joints), 1))
        loads[1 : 2 * 7 : 2, 0] -= w
        loads[:, 0] += dead_loads(geo, types, a.members)
        direct = solve(geo.joints, geo.ends, geo.ea[HEAVY], a.members, geo.fixed, loads)
        assert isinstance(direct, Solution)
        np.testing.assert_allclose(forces, direct.forces[:, 0], atol=1e-6)
        np.testing.assert_allclose(sag, -direct.displacements[:7, 1, 0], atol=1e-12)
        assert w.sum() == pytest.approx(geo.load * sum(0 < x + o < geo.span for o in geo.offsets))
