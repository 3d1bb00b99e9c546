"""A linear-elastic 2-D pin-jointed truss, solved by the direct stiffness method (numpy).

Every member is a two-force bar: it carries only an axial force ``F`` (+ tension,
− compression) and its axial stiffness is ``k = E·A / L``. Assembling the members'
stiffness into the structure's matrix ``K`` and fixing the supported directions gives
``K u = f`` for the joint displacements ``u`` under the joint loads ``f``; each member's
force is then ``F = (E·A / L) · ê · (u_b − u_a)`` with ``ê`` the unit vector from ``a`` to
``b``. A structure whose free part of ``K`` is singular is a *mechanism*: some joint can
move without stretching any member (a four-sided panel with no diagonal folds), so it
cannot carry a load at all.

For a statically determinate truss (``m = 2 j − 3`` members, rigid) the forces do not
depend on ``E·A`` and equal the method of joints exactly (tests/game/bridge/test_science.py);
for a redundant one the stiffness shares the load between the load paths.

Why a stiffness solve and not a physics engine (pymunk): the forces of a truss under a
slowly moving load are a static question, and ``K u = f`` answers it exactly and
deterministically in one small dense solve (a bridge here has at most 14 joints, 28
unknowns). Loads enter linearly, so one solve per structure gives the forces for a unit
load at every deck joint (influence lines); while the truck crosses, the forces at any
position are a weighted sum of two of them: a matrix–vector product per tick.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
# Smallest eigenvalue of the free stiffness over the largest below which the structure is a
# mechanism (exactly 0 in exact arithmetic; rigid bridges here stay above about 1e-5).
MECHANISM_RATIO = 1e-9


@dataclass(frozen=True)
class Mechanism:
    """The structure folds: ``joint`` moves most in the free mode (its index in the
    geometry), ``dx``, ``dy`` the direction it moves (unit length)."""

    joint: int
    dx: float
    dy: float


@dataclass(frozen=True)
class Solution:
    """Forces and displacements of one rigid structure under a set of load cases.

    ``forces[m, c]`` is the axial force of member ``m`` (kN, + tension) in load case ``c``
    (0 for members left out); ``displacements[j, :, c]`` is joint ``j``'s (dx, dy) in metres
    (0 for joints the structure does not use); ``reactions[j, :, c]`` the support's push on
    joint ``j`` (kN)."""

    forces: FloatArray
    displacements: FloatArray
    reactions: FloatArray


def stiffness(
    joints: FloatArray,
    ends: IntArray,
    ea: FloatArray,
    members: Sequence[int],
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """The assembled stiffness of ``members`` (indices into ``ends``/``ea``) over every
    joint's two degrees of freedom: (K, unit vectors, lengths, k = EA/L) of those members."""
    idx = np.asarray(members, dtype=np.int64)
    a, b = ends[idx, 0], ends[idx, 1]
    d = joints[b] - joints[a]
    length = np.hypot(d[:, 0], d[:, 1])
    unit = d / length[:, None]
    k = ea[idx] / length
    n = 2 * joints.shape[0]
    big = np.zeros((n, n))
    cc = unit[:, :, None] * unit[:, None, :] * k[:, None, None]  # (m, 2, 2)
    dofs = np.stack((2 * a, 2 * a + 1, 2 * b, 2 * b + 1), axis=1)  # (m, 4)
    block = np.empty((idx.size, 4, 4))
    block[:, :2, :2] = cc
    block[:, 2:, 2:] = cc
    block[:, :2, 2:] = -cc
    block[:, 2:, :2] = -cc
    rows = np.repeat(dofs, 4, axis=1)
    cols = np.tile(dofs, (1, 4))
    np.add.at(big, (rows.ravel(), cols.ravel()), block.ravel())
    return big, unit, length, k


def solve(
    joints: FloatArray,
    ends: IntArray,
    ea: FloatArray,
    members: Sequence[int],
    fixed: Sequence[int],
    loads: FloatArray,
) -> Solution | Mechanism:
    """Solve ``members`` (indices) under ``loads`` (2·joints × cases, kN, y up) with the
    degrees of freedom ``fixed`` (``2 j`` is joint j's x, ``2 j + 1`` its y) held.

    Joints no member of the structure touches are left out; a joint touched but free to
    move without stretching a member makes the whole structure a :class:`Mechanism`.
    """
    n_joints = joints.shape[0]
    cases = loads.shape[1]
    m_all = ends.shape[0]
    if len(members) == 0:
        return Mechanism(-1, 0.0, 1.0)
    big, unit, _length, k = stiffness(joints, ends, ea, members)
    idx = np.asarray(members, dtype=np.int64)
    used = np.zeros(n_joints, dtype=bool)
    used[ends[idx].ravel()] = True
    free_mask = np.repeat(used, 2)
    free_mask[np.asarray(fixed, dtype=np.int64)] = False
    free = np.flatnonzero(free_mask)
    u = np.zeros((2 * n_joints, cases))
    if free.size:
        kff = big[np.ix_(free, free)]
        values = np.linalg.eigvalsh(kff)
        top = float(values[-1])
        if top <= 0.0 or float(values[0]) <= MECHANISM_RATIO * top:
            mode = np.linalg.eigh(kff)[1][:, 0]  # how it folds
            motion = np.zeros(2 * n_joints)
            motion[free] = mode
            per_joint = np.hypot(motion[0::2], motion[1::2])
            joint = int(np.argmax(per_joint))
            size = float(per_joint[joint]) or 1.0
            dx, dy = motion[2 * joint] / size, motion[2 * joint + 1] / size
            if dy < 0 or (dy == 0 and dx < 0):  # one sign for the same mode, for the tests
                dx, dy = -dx, -dy
            return Mechanism(joint, float(dx), float(dy))
        u[free] = np.linalg.solve(kff, loads[free])
    a, b = ends[idx, 0], ends[idx, 1]
    ux = u[2 * b] - u[2 * a]  # (m, cases)
    uy = u[2 * b + 1] - u[2 * a + 1]
    forces = np.zeros((m_all, cases))
    forces[idx] = k[:, None] * (unit[:, 0:1] * ux + unit[:, 1:2] * uy)
    reactions = big @ u - loads
    reactions[free] = 0.0
    return Solution(
        forces=forces,
        displacements=u.reshape(n_joints, 2, cases),
        reactions=reactions.reshape(n_joints, 2, cases),
    )


def euler_load(e: float, i: float, length: float) -> float:
    """Euler's critical load of a pin-ended strut: ``F_cr = π² E I / L²``."""
    return float(np.pi**2 * e * i / length**2)


def joint_residuals(
    joints: FloatArray,
    ends: IntArray,
    forces: FloatArray,
    loads: FloatArray,
    reactions: FloatArray,
) -> FloatArray:
    """ΣF at every joint (members' pulls + loads + reactions), (joints, 2): zero when the
    solution is in equilibrium (one load case: ``forces`` (m,), ``loads`` (2·joints,))."""
    d = joints[ends[:, 1]] - joints[ends[:, 0]]
    unit = d / np.hypot(d[:, 0], d[:, 1])[:, None]
    out = loads.reshape(-1, 2) + reactions.reshape(-1, 2)
    pull = unit * forces[:, None]  # a member in tension pulls a toward b, b toward a
    np.add.at(out, ends[:, 0], pull)
    np.add.at(out, ends[:, 1], -pull)
    return out
