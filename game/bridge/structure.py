"""A built bridge analysed once, then read cheaply wherever the trucks are.

:func:`analyse` solves the structure (:mod:`game.bridge.truss`) for its own weight (members
and deck) and for a unit load at each deck joint. A truck between two deck joints rests on
the deck segment between them, which hands its weight to the two joints by the lever rule,
so the forces and deflections anywhere are the dead-load case plus the unit cases weighted
by the joint loads (:meth:`Analysis.at`): one matrix–vector product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from game.bridge.geometry import CANDIDATES, DECK, DECK_JOINTS, NONE, PANELS, Geometry
from game.bridge.truss import FloatArray, Mechanism, solve


@dataclass(frozen=True)
class Analysis:
    """A rigid structure: ``matrix`` (31 member rows + 7 deck deflection rows, 7 deck
    joints) of forces (kN, + tension) and downward deflections (m) per kN on each deck
    joint, and ``dead`` the same for the structure's own weight."""

    members: tuple[int, ...]
    matrix: FloatArray
    dead: FloatArray
    inv_tension: FloatArray  # 1 / strength in tension (0 for members not in it)
    neg_inv_compression: FloatArray  # −1 / strength in compression
    ratios: FloatArray  # (7, 69): per kN on each deck joint, the 31 members' stress ratio
    # if in tension, then if in compression (one of the two is the ratio, the other < 0),
    # then the 7 deck joints' sag in mm: what a crossing step reads (see BridgeSim)
    dead_ratios: FloatArray  # (69,): the same for the structure's own weight

    def at(self, w: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(forces, stress ratios, deck deflections) with ``w`` kN on the deck joints."""
        v = self.dead + self.matrix @ w
        forces = v[:CANDIDATES]
        ratios = np.maximum(forces * self.inv_tension, forces * self.neg_inv_compression)
        return forces, ratios, v[CANDIDATES:]


def deck_loads(geo: Geometry, lead_x: float, weight: float | None = None) -> FloatArray:
    """The trucks' weights on the deck joints (kN) with the lead truck's centre at
    ``lead_x``: each truck on the bridge is shared by the two joints around it."""
    w = np.zeros(DECK_JOINTS)
    p = geo.panel
    span = geo.span
    load = geo.load if weight is None else weight
    for off in geo.offsets:
        x = lead_x + off
        if 0.0 < x < span:
            j = min(PANELS - 1, int(x / p))
            t = x / p - j
            w[j] += load * (1.0 - t)
            w[j + 1] += load * t
    return w


def dead_loads(geo: Geometry, types: Sequence[int], members: Sequence[int]) -> FloatArray:
    """Joint loads (2·joints, y up) of the members' own weight and the deck's."""
    f = np.zeros(2 * geo.joints.shape[0])
    for m in members:
        a, b = geo.ends[m]
        half = 0.5 * float(geo.own_weight[types[m], m])
        if m in DECK:
            half += 0.5 * geo.deck_weight * float(geo.lengths[m])
        f[2 * a + 1] -= half
        f[2 * b + 1] -= half
    return f


def analyse(geo: Geometry, types: Sequence[int], broken: Sequence[bool]) -> Analysis | Mechanism:
    """Solve the bridge of ``types`` (per candidate: 0 none, 1 light, 2 heavy) without the
    ``broken`` members."""
    members = tuple(m for m in range(CANDIDATES) if types[m] != NONE and not broken[m])
    n2 = 2 * geo.joints.shape[0]
    loads = np.zeros((n2, DECK_JOINTS + 1))
    loads[:, 0] = dead_loads(geo, types, members)
    for j in range(DECK_JOINTS):
        loads[2 * j + 1, j + 1] = -1.0
    kinds = np.asarray(types, dtype=np.int64)
    ea = geo.ea[kinds, np.arange(CANDIDATES)]
    result = solve(geo.joints, geo.ends, ea, members, geo.fixed, loads)
    if isinstance(result, Mechanism):
        return result
    deflection = -result.displacements[:DECK_JOINTS, 1, :]  # (7, cases), down +
    table = np.vstack((result.forces, deflection))  # (38, cases)
    inv_t = np.zeros(CANDIDATES)
    neg_inv_c = np.zeros(CANDIDATES)
    idx = np.asarray(members, dtype=np.int64)
    inv_t[idx] = 1.0 / geo.tension[kinds[idx], idx]
    neg_inv_c[idx] = -1.0 / geo.compression[kinds[idx], idx]
    stacked = np.vstack(
        (
            result.forces * inv_t[:, None],
            result.forces * neg_inv_c[:, None],
            1000.0 * deflection,
        )
    )  # (69, cases)
    return Analysis(
        members=members,
        matrix=np.ascontiguousarray(table[:, 1:]),
        dead=np.ascontiguousarray(table[:, 0]),
        inv_tension=inv_t,
        neg_inv_compression=neg_inv_c,
        ratios=np.ascontiguousarray(stacked[:, 1:].T),
        dead_ratios=np.ascontiguousarray(stacked[:, 0]),
    )


def positions(geo: Geometry) -> FloatArray:
    """Lead-truck positions where some truck is over a deck joint: between them every
    force changes linearly, so its extremes over the crossing are at these positions."""
    xs = {geo.x_start, geo.x_end}
    for j in range(DECK_JOINTS):
        for off in geo.offsets:
            x = j * geo.panel - off
            if geo.x_start <= x <= geo.x_end:
                xs.add(x)
    return np.array(sorted(xs))


def envelope(geo: Geometry, a: Analysis, weight: float | None = None) -> tuple[FloatArray, ...]:
    """(most tension, most compression (≤ 0), highest stress ratio) of every member over
    the whole crossing, trucks of ``weight`` kN (the round's by default)."""
    xs = positions(geo)
    w = np.stack([deck_loads(geo, float(x), weight) for x in xs], axis=1)  # (7, n)
    forces = a.dead[:CANDIDATES, None] + a.matrix[:CANDIDATES] @ w
    ratios = np.maximum(
        forces * a.inv_tension[:, None], forces * a.neg_inv_compression[:, None]
    ).max(axis=1)
    return forces.max(axis=1), np.minimum(forces.min(axis=1), 0.0), ratios


def first_break_load(geo: Geometry, a: Analysis) -> float:
    """The truck weight (kN) at which the first member would reach its strength somewhere
    on the crossing (the structure's own weight included); inf if none ever would."""
    xs = positions(geo)
    g = np.stack([deck_loads(geo, float(x), 1.0) for x in xs], axis=1)  # per kN of truck
    per_kn = a.matrix[:CANDIDATES] @ g  # (31, n)
    dead = a.dead[:CANDIDATES, None]
    live = np.asarray(a.members, dtype=np.int64)
    t = 1.0 / a.inv_tension[live]
    c = -1.0 / a.neg_inv_compression[live]
    pk, fd = per_kn[live], dead[live]
    with np.errstate(divide="ignore", invalid="ignore"):
        by_t = np.where(pk > 1e-12, (t[:, None] - fd) / pk, np.inf)
        by_c = np.where(pk < -1e-12, (c[:, None] + fd) / -pk, np.inf)
    best = float(min(by_t.min(), by_c.min()))
    return max(0.0, best)
