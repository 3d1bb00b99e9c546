"""The simulation: the one thing that moves time, one fixed step of :data:`DT` at a time.

Physics per step, for every flying lander at once (numpy, no loop over bodies; a room of
at most :data:`SMALL_ROOM` flying landers does the same arithmetic lander by lander on
Python floats, which is cheaper at that size and gives the same floats):

* gravity ``-g`` (pymunk's space gravity);
* thrust ``throttle x max_thrust`` along the lander's axis ``(-sin a, cos a)``;
* drag and wind ``1/2 rho Cd A |w - v| (w - v)`` with ``w = (wind(t, x), 0)``;
* mass = dry mass + fuel; fuel burns at ``burn_rate x throttle``. pymunk keeps one body mass
  (the full-tank mass) and every force is scaled by ``body mass / current mass``, so the
  acceleration is exactly ``F / (dry + fuel)`` without touching each body every tick.
  (Lander-lander contact impulses use the full-tank mass.)
* the rotation input commands a turn rate (``-rotation x max_turn_rate``: +1 turns right,
  clockwise); the RCS reaches it with at most ``max_angular_acceleration``.
* ``abort`` is an emergency climb: full throttle and the RCS turns the lander upright.

States are read out of pymunk and forces written in with ``pymunk.batch`` (one C call each).
A flight ends at its first ground contact (judged with the velocity just before contact),
on a hard lander-lander hit, out of bounds, or when the round's time runs out; an ended
lander leaves the physics space and no longer collides.
"""

from __future__ import annotations

import copy as copy_module
import hashlib
import math
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import pymunk
import pymunk.batch as pmb

from game.errors import (
    DuplicateLanderError,
    InvalidConfigError,
    InvalidInputError,
    UnknownLanderError,
)
from game.lander.body import LanderArrays, LanderState, LanderStatus
from game.lander.config import FlightParams, RoundConfig
from game.lander.events import (
    TERRAIN,
    Collision,
    Event,
    FlightEnded,
    FuelEmpty,
    Landing,
    OutOfBounds,
)
from game.lander.inputs import PlayerInput, validate_input
from game.lander.outcomes import (
    FlightResult,
    Outcome,
    Verdict,
    judge_lander_hit,
    judge_out_of_bounds,
    judge_time_up,
    judge_touchdown,
)
from game.lander.scoring import score_landing, stars_for
from game.lander.spawn import spawn_for
from game.lander.telemetry import SAMPLE_EVERY, Telemetry
from game.lander.terrain import Terrain, generate_terrain
from game.lander.wind import GustField
from game.timestep import DT

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_STATE_FIELDS = (  # six floats per body, in this order
    pmb.BodyFields.POSITION
    | pmb.BodyFields.ANGLE
    | pmb.BodyFields.VELOCITY
    | pmb.BodyFields.ANGULAR_VELOCITY
)
_FORCE_FIELDS = pmb.BodyFields.FORCE | pmb.BodyFields.TORQUE
_ARBITER_FIELDS = (
    pmb.ArbiterFields.BODY_A_ID
    | pmb.ArbiterFields.BODY_B_ID
    | pmb.ArbiterFields.IS_FIRST_CONTACT
    | pmb.ArbiterFields.CONTACT_COUNT
    | pmb.ArbiterFields.NORMAL
)
_FLYING = int(LanderStatus.FLYING)
ABORT_ATTITUDE_GAIN = 3.0  # 1/s: turn rate per radian of tilt while aborting
PAD_CONTACT_TOLERANCE = 1.0  # m: feet this close to the pad's surface are on the pad
FALL_THROUGH_DEPTH = 20.0  # m below the lowest ground counts as out of bounds
TERRAIN_FRICTION = 0.9
LANDER_FRICTION = 0.7
LANDER_ELASTICITY = 0.2

# At most this many flying landers, a step works lander by lander on Python floats
# (_compute_forces_small and friends): for a classroom room of a handful, numpy's cost per
# call, not per lander, was most of the step. The arithmetic is the same, operation for
# operation, so both ways give the same floats (tests/game/lander/test_small_rooms.py).
SMALL_ROOM = 16

# telemetry chunk columns (t is derived from the tick)
_TELEMETRY_COLS = 8


def _pairs(a: FloatArray) -> npt.NDArray[np.complex128]:
    """An (n, 2) float64 array (last axis contiguous) seen as n complex128: a view."""
    return a.view(np.complex128)[:, 0]


class Simulation:
    """One round's authoritative world. Only :meth:`step` advances time."""

    def __init__(self, config: RoundConfig) -> None:
        if not isinstance(config, RoundConfig):
            raise InvalidConfigError(f"config must be a RoundConfig, got {type(config).__name__}")
        self.config = config
        self.params: FlightParams = config.params
        self.terrain: Terrain = generate_terrain(config.seed, config.world)
        self.tick = 0
        self._limit_ticks = max(1, round(config.time_limit_s / DT))
        self._gusts = GustField.seeded(
            config.seed, self.params.wind_mean, self.params.gust_strength
        )
        spec = config.world.lander
        self._verts = spec.vertices()
        self._body_mass = self.params.dry_mass + self.params.fuel
        self._body_moment = float(pymunk.moment_for_poly(self._body_mass, self._verts))
        self._drag_k = 0.5 * self.params.air_density * spec.drag_coefficient * spec.reference_area

        self._space = pymunk.Space()
        self._space.gravity = (0.0, -self.params.gravity)
        for a, b in zip(self.terrain.points[:-1], self.terrain.points[1:], strict=True):
            seg = pymunk.Segment(self._space.static_body, (a[0], a[1]), (b[0], b[1]), 0.0)
            seg.friction = TERRAIN_FRICTION
            self._space.add(seg)

        # One row per lander ever added; rows are never reused.
        self._ids: IntArray = np.zeros(0, dtype=np.int64)
        self._xy: FloatArray = np.zeros((0, 2))
        self._vxy: FloatArray = np.zeros((0, 2))
        self._angle: FloatArray = np.zeros(0)
        self._omega: FloatArray = np.zeros(0)
        self._fuel: FloatArray = np.zeros(0)
        self._throttle: FloatArray = np.zeros(0)
        self._status: npt.NDArray[np.int8] = np.zeros(0, dtype=np.int8)
        self._fuel_empty: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
        self._fuel0: FloatArray = np.zeros(0)
        self._spawn_tick: IntArray = np.zeros(0, dtype=np.int64)
        self._end_tick: IntArray = np.zeros(0, dtype=np.int64)
        self._slot: IntArray = np.zeros(0, dtype=np.int64)
        self._bodies: list[pymunk.Body | None] = []
        self._body_ids: npt.NDArray[np.uint64] = np.zeros(0, dtype=np.uint64)  # 0 = none
        self._row_of: dict[int, int] = {}
        self._results: dict[int, FlightResult] = {}
        self._first_sample: dict[int, npt.NDArray[np.float32]] = {}
        self._last_sample: dict[int, npt.NDArray[np.float32]] = {}
        self._chunks: list[tuple[int, npt.NDArray[np.float32]]] = []

        self._static_id = np.uintp(self._space.static_body.id)
        self._ceiling = float(config.world.ceiling)
        self._floor = self.terrain.min_height - FALL_THROUGH_DEPTH
        self._terrain_top = self.terrain.max_height
        self._small_room = SMALL_ROOM
        self._space_row_list: list[int] = []  # _space_rows as a list
        self._fuel_left: list[float] = []  # the small path's fuel after this step's burn

        self._buf = pmb.Buffer()  # body reads
        self._arbiter_buf = pmb.Buffer()  # arbiter reads (a body read stays valid)
        self._force_buf = pmb.Buffer()
        self._force = np.zeros((0, 3))  # space order: fx, fy, torque per body
        self._space_rows: IntArray = np.zeros(0, dtype=np.int64)  # body i -> row
        self._ix: IntArray | slice = self._space_rows  # _space_rows, or slice(None) if 0..n-1
        self._body_pos: IntArray = np.zeros(0, dtype=np.int64)  # row -> body i, -1 = none
        self._order_ops: list[tuple[bool, int]] = []  # (added?, row) since the last sync
        self._order_dirty = True  # full remap needed
        self._cmd_perm: IntArray = np.zeros(0, dtype=np.int64)  # space pos -> input index
        self._cmd_key: IntArray | None = None  # the _sorted_rows _cmd_perm belongs to
        self._trig_angle: FloatArray = np.zeros(0)  # angles _sin/_cos were taken of
        self._sin: FloatArray = np.zeros(0)
        self._cos: FloatArray = np.zeros(0)
        self._other_bodies = 0  # bodies pymunk lists after the landers (the static body)
        self._lookup_ids: npt.NDArray[np.uint64] = np.zeros(0, dtype=np.uint64)
        self._lookup_rows: IntArray = np.zeros(0, dtype=np.int64)
        self._lookup_dirty = True
        self._sorted_rows: IntArray | None = None
        self._active_ids: IntArray = np.zeros(0, dtype=np.int64)
        self._active_row_list: list[int] = []  # _sorted_rows as a list
        self._rows_are_all = False

    # ------------------------------------------------------------------ landers

    def add_lander(self, lander_id: int, slot: int | None = None) -> None:
        """Spawn a lander at ``slot`` (the lowest free slot if None), deterministically."""
        if isinstance(lander_id, bool) or not isinstance(lander_id, int):
            raise DuplicateLanderError(f"lander_id must be an integer, got {lander_id!r}")
        if lander_id in self._row_of:
            raise DuplicateLanderError(f"lander {lander_id} is already in the simulation")
        used = {int(self._slot[r]) for r in self._row_of.values()}
        if slot is None:
            slot = next(s for s in range(len(used) + 1) if s not in used)
        elif isinstance(slot, bool) or not isinstance(slot, int) or slot < 0:
            raise DuplicateLanderError(f"slot must be an integer >= 0, got {slot!r}")
        elif slot in used:
            raise DuplicateLanderError(f"slot {slot} is already taken")
        start = spawn_for(self.terrain, self.config.seed, slot)
        row = len(self._bodies)
        self._ids = np.append(self._ids, np.int64(lander_id))
        self._xy = np.vstack([self._xy, [[start.x, start.y]]])
        self._vxy = np.vstack([self._vxy, [[start.vx, 0.0]]])
        self._angle = np.append(self._angle, 0.0)
        self._omega = np.append(self._omega, 0.0)
        self._fuel = np.append(self._fuel, self.params.fuel)
        self._throttle = np.append(self._throttle, 0.0)
        self._status = np.append(self._status, np.int8(_FLYING))
        self._fuel_empty = np.append(self._fuel_empty, self.params.fuel <= 0.0)
        self._fuel0 = np.append(self._fuel0, self.params.fuel)
        self._spawn_tick = np.append(self._spawn_tick, np.int64(self.tick))
        self._end_tick = np.append(self._end_tick, np.int64(-1))
        self._slot = np.append(self._slot, np.int64(slot))
        self._bodies.append(None)
        self._body_ids = np.append(self._body_ids, np.uint64(0))
        self._row_of[lander_id] = row
        self._add_body(row)
        self._first_sample[row] = self._sample_rows(np.array([row]))[0]
        self._sorted_rows = None

    def remove_lander(self, lander_id: int) -> None:
        """Take a lander out (a player left); it emits no further events."""
        row = self._row(lander_id)
        self._remove_body(row)
        del self._row_of[lander_id]
        self._results.pop(lander_id, None)
        self._sorted_rows = None

    def lander(self, lander_id: int) -> LanderState:
        row = self._row(lander_id)
        return LanderState(
            x=float(self._xy[row, 0]),
            y=float(self._xy[row, 1]),
            vx=float(self._vxy[row, 0]),
            vy=float(self._vxy[row, 1]),
            angle=float(self._angle[row]),
            angular_velocity=float(self._omega[row]),
            fuel=float(self._fuel[row]),
            throttle=float(self._throttle[row]),
            status=LanderStatus(int(self._status[row])),
        )

    def set_lander(self, lander_id: int, state: LanderState) -> None:
        """Overwrite one lander (client prediction / reconciliation).

        Setting an ended lander back to FLYING puts it back into the physics space and
        forgets its result; setting a flying one to an ended status freezes it (no result).
        """
        row = self._row(lander_id)
        values = (
            state.x,
            state.y,
            state.vx,
            state.vy,
            state.angle,
            state.angular_velocity,
            state.fuel,
            state.throttle,
        )
        if not all(math.isfinite(v) for v in values):
            raise InvalidConfigError(f"lander state must be finite, got {state}")
        if state.fuel < 0 or not 0.0 <= state.throttle <= 1.0:
            raise InvalidConfigError(
                f"lander state needs fuel >= 0 and throttle 0..1, got {state.fuel}, "
                f"{state.throttle}"
            )
        status = LanderStatus(state.status)
        self._xy[row] = (state.x, state.y)
        self._vxy[row] = (state.vx, state.vy)
        self._angle[row] = state.angle
        self._omega[row] = state.angular_velocity
        self._fuel[row] = state.fuel
        self._throttle[row] = state.throttle
        self._status[row] = int(status)
        if status is LanderStatus.FLYING:
            self._fuel_empty[row] = state.fuel <= 0.0
            self._end_tick[row] = -1
            self._results.pop(lander_id, None)
            body = self._bodies[row]
            if body is None:
                self._add_body(row)
            else:
                body.position = (state.x, state.y)
                body.velocity = (state.vx, state.vy)
                body.angle = state.angle
                body.angular_velocity = state.angular_velocity
                self._space.reindex_shapes_for_body(body)
        else:
            self._remove_body(row)

    def result(self, lander_id: int) -> FlightResult | None:
        self._row(lander_id)
        return self._results.get(lander_id)

    def mass(self, lander_id: int) -> float:
        """Current mass in kg: dry mass + fuel."""
        return self.params.dry_mass + float(self._fuel[self._row(lander_id)])

    def hover_throttle(self, lander_id: int) -> float:
        """The throttle whose thrust equals the lander's current weight."""
        return self.mass(lander_id) * self.params.gravity / self.params.max_thrust

    @property
    def lander_ids(self) -> list[int]:
        return sorted(self._row_of)

    @property
    def finished(self) -> bool:
        """True once the time limit is reached, or every lander (at least one) has ended."""
        if self.tick >= self._limit_ticks:
            return True
        rows = self._active_rows()
        return rows.size > 0 and not bool(np.any(self._status[rows] == _FLYING))

    # ------------------------------------------------------------------ stepping
    #
    # One step, in phases (each its own method so ``bench/sim.py`` can time them):
    #   inputs   -> _input_rows / _array_inputs: validate, map lander ids to rows
    #   order    -> _sync_order: follow pymunk's body order after adds/removes
    #   forces   -> _compute_forces: thrust, drag, RCS torque (numpy, space order)
    #   write    -> _write_forces: one batch call
    #   physics  -> _physics_step: pymunk's space.step
    #   read     -> _read_bodies: one batch call, scattered into the row arrays
    #   fuel     -> _burn_fuel: fuel left, FuelEmpty events
    #   contacts -> _contacts: new touches only, judged (one batch call for the arbiters)
    #   bounds   -> _bounds: out of the world
    #   judging  -> _end_flights: results, events, bodies out of the space
    #   sample   -> _sample_telemetry: every SAMPLE_EVERY ticks
    # Per-step work is in "space order" (pymunk's body order, ``_space_rows[i]`` is the row
    # of body ``i``): every body in the space is a flying lander and every flying lander has
    # a body, so the batch buffers line up with these arrays without a lookup.

    def step(self, inputs: Mapping[int, PlayerInput]) -> list[Event]:
        """Advance exactly :data:`DT`. Every input is validated before anything changes."""
        rows, thr, rot, abort = self._input_rows(inputs)
        return self._advance(rows, thr, rot, abort)

    def step_arrays(
        self,
        ids: npt.ArrayLike,
        thrust: npt.ArrayLike,
        rotation: npt.ArrayLike,
        abort: npt.ArrayLike | None = None,
    ) -> list[Event]:
        """:meth:`step` with the inputs as arrays, row ``i`` for lander ``ids[i]``.

        Validated all at once (numpy, no Python loop over landers), with the same rules and
        :class:`InvalidInputError` as :func:`validate_input`, before anything changes; the
        message names the first offending lander. Landers not in ``ids`` get thrust 0,
        rotation 0; ``abort`` None means no abort.
        """
        rows, thr, rot, abort_cmd = self._array_inputs(ids, thrust, rotation, abort)
        return self._advance(rows, thr, rot, abort_cmd)

    def _advance(
        self,
        rows: IntArray,
        thr: FloatArray,
        rot: FloatArray,
        abort: npt.NDArray[np.bool_] | None,
    ) -> list[Event]:
        """One step; ``thr[i]``, ``rot[i]``, ``abort[i]`` (None: no abort) for ``rows[i]``."""
        self._sync_order()
        sr = self._space_rows
        n = sr.shape[0]
        small = n <= self._small_room
        burn: FloatArray | None = None
        v_before: FloatArray | None = None
        if n:
            if not isinstance(self._ix, slice):
                v_before = _pairs(self._vxy)[sr].view(np.float64).reshape(-1, 2)  # a copy
            else:
                v_before = self._vxy.copy()
            thr_s, rot_s, abort_s = self._space_commands(rows, thr, rot, abort)
            if small:
                self._compute_forces_small(thr_s, rot_s, abort_s)
            else:
                burn = self._compute_forces(sr, thr_s, rot_s, abort_s)
            self._write_forces()
        self._physics_step()
        self.tick += 1
        events: list[Event] = []
        ended: dict[int, tuple[Verdict, str]] = {}  # row -> (verdict, why)
        if n and v_before is not None:
            state = self._read_bodies(sr)
            if small:
                self._burn_fuel_small(events)
                self._contacts(v_before, events, ended)
                ys = state[:, 1].tolist()
                if min(ys) < self._terrain_top:  # above every hill, nobody went through one
                    self._through_ground(sr, state, v_before, events, ended)
                self._bounds_small(state[:, 0].tolist(), ys, ended)
            elif burn is not None:
                self._burn_fuel(sr, burn, events)
                self._contacts(v_before, events, ended)
                self._through_ground(sr, state, v_before, events, ended)
                self._bounds(sr, state, ended)
        if self.tick >= self._limit_ticks:
            for flying_row in sr.tolist():
                if flying_row not in ended:
                    empty = bool(self._fuel_empty[flying_row])
                    ended[flying_row] = (judge_time_up(self.config.time_limit_s, empty), "time")
        if ended:
            self._end_flights(ended, events)
        if self.tick % SAMPLE_EVERY == 0 and self._bodies:
            self._sample_telemetry()
        return events

    def _input_rows(
        self, inputs: Mapping[int, PlayerInput]
    ) -> tuple[IntArray, FloatArray, FloatArray, npt.NDArray[np.bool_] | None]:
        quick = self._plain_input_rows(inputs)
        if quick is not None:
            return quick
        # something is off (or unusual): check one by one, raising for the first culprit
        rows: list[int] = []
        checked: list[PlayerInput] = []
        for lander_id, raw in inputs.items():
            rows.append(self._row(lander_id))
            checked.append(validate_input(raw))
        return (
            np.array(rows, dtype=np.int64),
            np.array([inp.thrust for inp in checked], dtype=np.float64),
            np.array([inp.rotation for inp in checked], dtype=np.float64),
            np.array([inp.abort for inp in checked], dtype=np.bool_),
        )

    def _plain_input_rows(
        self, inputs: Mapping[int, PlayerInput]
    ) -> tuple[IntArray, FloatArray, FloatArray, npt.NDArray[np.bool_]] | None:
        """:meth:`_input_rows` for the usual frame: known ids and PlayerInputs holding
        plain floats (or ints), bools and ints in range, checked in one pass (no numpy
        call: a room is a handful of landers). None if anything else: then the one-by-one
        path decides (and names the culprit). Every lander in id order (the host's usual
        frame) gives ``_sorted_rows`` itself, which :meth:`_space_commands` maps without
        a lookup."""
        row_of = self._row_of
        rows: list[int] = []
        thrust: list[float] = []
        rotation: list[float] = []
        abort: list[bool] = []
        try:
            for lander_id, f in inputs.items():
                if type(f) is not PlayerInput:
                    return None
                t, r, a, seq = f.thrust, f.rotation, f.abort, f.sequence
                # NaN fails every comparison and +-inf is out of range: both go the slow way
                if not (
                    (type(t) is float or type(t) is int)
                    and 0.0 <= t <= 1.0
                    and (type(r) is float or type(r) is int)
                    and -1.0 <= r <= 1.0
                    and type(a) is bool
                    and type(seq) is int
                    and seq >= 0
                ):
                    return None
                rows.append(row_of[lander_id])
                thrust.append(t)
                rotation.append(r)
                abort.append(a)
        except (KeyError, TypeError):
            return None
        sorted_rows = self._active_rows()
        row_arr = sorted_rows if rows == self._active_row_list else np.array(rows, dtype=np.int64)
        return (
            row_arr,
            np.array(thrust, dtype=np.float64),
            np.array(rotation, dtype=np.float64),
            np.array(abort, dtype=np.bool_),
        )

    def _array_inputs(
        self,
        ids: npt.ArrayLike,
        thrust: npt.ArrayLike,
        rotation: npt.ArrayLike,
        abort: npt.ArrayLike | None,
    ) -> tuple[IntArray, FloatArray, FloatArray, npt.NDArray[np.bool_] | None]:
        id_arr = np.asarray(ids)
        if id_arr.ndim != 1 or (id_arr.size and id_arr.dtype.kind not in "iu"):
            raise InvalidInputError("ids", ids, "a 1-D array of integer lander ids")
        n = id_arr.shape[0]
        columns: list[FloatArray] = []
        for name, raw, low, high in (
            ("thrust", thrust, 0.0, 1.0),
            ("rotation", rotation, -1.0, 1.0),
        ):
            arr = np.asarray(raw)
            if arr.shape != (n,) or (n and arr.dtype.kind not in "iuf"):
                raise InvalidInputError(name, raw, f"a 1-D array of {n} numbers")
            values = arr.astype(np.float64, copy=False)
            # min/max are NaN if any value is, and NaN fails both tests; +-inf is out of range
            if n and not (values.min() >= low and values.max() <= high):
                bad = np.flatnonzero(~(np.isfinite(values) & (values >= low) & (values <= high)))
                i = int(bad[0])
                raise InvalidInputError(
                    f"{name} of lander {int(id_arr[i])}",
                    float(values[i]),
                    f"a finite number within {low:g}..{high:g}",
                )
            columns.append(values)
        abort_arr: npt.NDArray[np.bool_] | None = None
        if abort is not None:
            abort_arr = np.asarray(abort)
            if abort_arr.shape != (n,) or (n and abort_arr.dtype.kind != "b"):
                raise InvalidInputError("abort", abort, f"a 1-D array of {n} booleans")
        if n == 0:
            return np.zeros(0, dtype=np.int64), columns[0], columns[1], None
        active = self._active_rows()
        known = self._active_ids  # sorted, unique
        want = id_arr.astype(np.int64, copy=False)
        if want.shape == known.shape and np.array_equal(want, known):
            rows = active  # every lander, in id order: no lookup, no repeats possible
        else:
            if known.size == 0:
                raise UnknownLanderError(int(want[0]))
            pos = np.minimum(np.searchsorted(known, want), known.size - 1)
            found = known[pos] == want
            if not np.all(found):
                raise UnknownLanderError(int(want[np.flatnonzero(~found)[0]]))
            seen = np.zeros(known.size, dtype=np.bool_)
            seen[pos] = True
            if int(np.count_nonzero(seen)) != n:
                raise InvalidInputError("ids", ids, "lander ids without repeats")
            rows = active[pos]
        return rows, columns[0], columns[1], abort_arr

    def _space_commands(
        self,
        rows: IntArray,
        thr: FloatArray,
        rot: FloatArray,
        abort: npt.NDArray[np.bool_] | None,
    ) -> tuple[FloatArray, FloatArray, npt.NDArray[np.bool_] | None]:
        """The validated inputs in space order; landers without a body ignore theirs."""
        n = self._space_rows.shape[0]
        abort_s: npt.NDArray[np.bool_] | None = None
        if rows is self._sorted_rows:
            # every lander in id order (the bodies are a subset of them): one gather each
            if self._cmd_key is not rows:
                index_of = np.empty(len(self._bodies), dtype=np.int64)
                index_of[rows] = np.arange(rows.shape[0])
                self._cmd_perm, self._cmd_key = index_of[self._space_rows], rows
            perm = self._cmd_perm
            if abort is not None and bool(abort.any()):
                abort_s = abort[perm]
            return thr[perm], rot[perm], abort_s
        thr_s = np.zeros(n)
        rot_s = np.zeros(n)
        if rows.shape[0] == 0:
            return thr_s, rot_s, abort_s
        pos = self._body_pos[rows]
        flying = pos >= 0
        if not bool(flying.all()):
            pos, thr, rot = pos[flying], thr[flying], rot[flying]
            abort = None if abort is None else abort[flying]
        thr_s[pos] = thr
        rot_s[pos] = rot
        if abort is not None and bool(abort.any()):
            abort_s = np.zeros(n, dtype=np.bool_)
            abort_s[pos] = abort
        return thr_s, rot_s, abort_s

    def _compute_forces(
        self,
        sr: IntArray,
        thr_cmd: FloatArray,
        rot_cmd: FloatArray,
        abort: npt.NDArray[np.bool_] | None,
    ) -> FloatArray:
        """Fill the force buffer (space order); the fuel each lander burns this step."""
        p = self.params
        spec = self.config.world.lander
        ix = self._ix  # sr, or every row (a slice: views, no gathers)
        fuel = self._fuel[ix]
        throttle = thr_cmd if abort is None else np.where(abort, 1.0, thr_cmd)
        throttle = np.where(fuel > 0.0, throttle, 0.0)
        burn = p.burn_rate * throttle * DT
        short = burn > fuel
        if np.any(short):
            throttle = np.where(short, fuel / (p.burn_rate * DT), throttle)
            burn = np.where(short, fuel, burn)
        self._throttle[ix] = throttle
        mass = p.dry_mass + fuel
        angle = self._angle[ix]
        sin, cos = self._sin_cos(angle)
        accel = throttle * p.max_thrust / mass
        ax = -sin * accel
        ay = cos * accel
        omega = self._omega[ix]
        if self._drag_k > 0.0:
            vx = self._vxy[ix, 0]
            vy = self._vxy[ix, 1]
            rel_x = self._gusts.at(self.tick * DT, self._xy[ix, 0]) - vx
            rel_y = -vy
            k = self._drag_k * np.hypot(rel_x, rel_y) / mass
            ax += k * rel_x
            ay += k * rel_y
        target = -rot_cmd * spec.max_turn_rate
        if abort is not None:
            upright = np.clip(-ABORT_ATTITUDE_GAIN * angle, -spec.max_turn_rate, spec.max_turn_rate)
            target = np.where(abort, upright, target)
        # np.clip's values with less call overhead (every value here is finite)
        alpha = (target - omega) / DT
        np.maximum(alpha, -spec.max_angular_acceleration, out=alpha)
        np.minimum(alpha, spec.max_angular_acceleration, out=alpha)
        force = self._force[: sr.shape[0]]
        np.multiply(self._body_mass, ax, out=force[:, 0])
        np.multiply(self._body_mass, ay, out=force[:, 1])
        np.multiply(self._body_moment, alpha, out=force[:, 2])
        return np.asarray(burn, dtype=np.float64)

    def _compute_forces_small(
        self,
        thr_cmd: FloatArray,
        rot_cmd: FloatArray,
        abort: npt.NDArray[np.bool_] | None,
    ) -> None:
        """:meth:`_compute_forces` lander by lander on Python floats (a small room), with the
        same operations in the same order, so the same floats: ``np.where`` and the clamps
        become conditionals, sin/cos/hypot and the gusts stay numpy's (one call each, on
        every lander). The fuel left after this step's burn waits in ``_fuel_left`` for
        :meth:`_burn_fuel_small`."""
        p = self.params
        spec = self.config.world.lander
        ix = self._ix
        fuel = self._fuel[ix]
        angle = self._angle[ix]
        sin_a, cos_a = self._sin_cos(angle)
        sin, cos = sin_a.tolist(), cos_a.tolist()
        omega = self._omega[ix].tolist()
        thr, rot = thr_cmd.tolist(), rot_cmd.tolist()
        aborting = abort.tolist() if abort is not None else None
        angles = angle.tolist() if aborting is not None else None
        drag_x: list[float] | None = None
        drag_y: list[float] = []
        if self._drag_k > 0.0:
            vx = self._vxy[ix, 0]
            vy = self._vxy[ix, 1]
            rel_x = self._gusts.at(self.tick * DT, self._xy[ix, 0]) - vx
            rel_y = -vy
            k = self._drag_k * np.hypot(rel_x, rel_y) / (p.dry_mass + fuel)
            drag_x, drag_y = (k * rel_x).tolist(), (k * rel_y).tolist()
        burn_rate, dry_mass, max_thrust = p.burn_rate, p.dry_mass, p.max_thrust
        full_burn = p.burn_rate * DT
        turn, max_alpha = spec.max_turn_rate, spec.max_angular_acceleration
        body_mass, body_moment = self._body_mass, self._body_moment
        throttles: list[float] = []
        forces: list[tuple[float, float, float]] = []
        left: list[float] = []
        for i, f in enumerate(fuel.tolist()):
            t = thr[i]
            if aborting is not None and aborting[i]:
                t = 1.0
            if not f > 0.0:
                t = 0.0
            b = burn_rate * t * DT
            if b > f:
                t = f / full_burn
                b = f
            throttles.append(t)
            rest = f - b
            left.append(rest if rest >= 0.0 else 0.0)
            accel = t * max_thrust / (dry_mass + f)
            ax = -sin[i] * accel
            ay = cos[i] * accel
            if drag_x is not None:
                ax += drag_x[i]
                ay += drag_y[i]
            target = -rot[i] * turn
            if aborting is not None and angles is not None and aborting[i]:
                upright = -ABORT_ATTITUDE_GAIN * angles[i]
                target = max(min(upright, turn), -turn)
            alpha = (target - omega[i]) / DT
            alpha = min(max(alpha, -max_alpha), max_alpha)
            forces.append((body_mass * ax, body_mass * ay, body_moment * alpha))
        self._throttle[ix] = throttles
        self._force[: len(forces)] = forces
        self._fuel_left = left

    def _burn_fuel_small(self, events: list[Event]) -> None:
        """:meth:`_burn_fuel` with the fuel :meth:`_compute_forces_small` worked out."""
        left = self._fuel_left
        self._fuel[self._ix] = left
        rows = self._space_row_list
        dry = [rows[i] for i, f in enumerate(left) if f <= 0.0 and not self._fuel_empty[rows[i]]]
        if dry:
            self._fuel_empty[dry] = True
            for row in self._rows_by_id(dry):
                events.append(FuelEmpty(self.tick, int(self._ids[row])))

    def _bounds_small(
        self, xs: list[float], ys: list[float], ended: dict[int, tuple[Verdict, str]]
    ) -> None:
        """:meth:`_bounds` on Python floats (space order)."""
        width, ceiling, floor = self.terrain.width, self._ceiling, self._floor
        rows = self._space_row_list
        for i, x in enumerate(xs):
            y = ys[i]
            if x < 0.0 or x > width or y > ceiling or y < floor:
                ended.setdefault(rows[i], (judge_out_of_bounds(), "bounds"))

    def _sin_cos(self, angle: FloatArray) -> tuple[FloatArray, FloatArray]:
        """sin and cos of each angle (space order), worked out again only for the landers
        whose angle changed since the last step (bit for bit): a lander that is not being
        turned keeps its angle exactly, and sin/cos are the dearest numpy calls in a step.
        The cache is dropped whenever the body order changes."""
        cached = self._trig_angle
        if cached.shape == angle.shape:
            changed = angle.view(np.int64) != cached.view(np.int64)
            if not bool(changed.any()):
                return self._sin, self._cos
            idx = np.flatnonzero(changed)
            if 4 * idx.shape[0] < angle.shape[0]:
                moved = angle[idx]
                cached[idx] = moved
                self._sin[idx] = np.sin(moved)
                self._cos[idx] = np.cos(moved)
                return self._sin, self._cos
        self._trig_angle = angle.copy()
        self._sin = np.sin(angle)
        self._cos = np.cos(angle)
        return self._sin, self._cos

    def _write_forces(self) -> None:
        pmb.set_space_bodies(self._space, _FORCE_FIELDS, self._force_buf)

    def _physics_step(self) -> None:
        self._space.step(DT)

    def _burn_fuel(self, sr: IntArray, burn: FloatArray, events: list[Event]) -> None:
        left = np.maximum(self._fuel[self._ix] - burn, 0.0)
        self._fuel[self._ix] = left
        dry = left <= 0.0
        if bool(dry.any()):
            rows = sr[dry]
            rows = rows[~self._fuel_empty[rows]]
            self._fuel_empty[rows] = True
            for row in self._rows_by_id(rows):
                events.append(FuelEmpty(self.tick, int(self._ids[row])))

    # ------------------------------------------------------------------ pymunk plumbing
    #
    # pymunk lists its dynamic bodies (the landers) first, then the others (the static
    # body holding the terrain). It keeps the dynamic ones in an array: adding appends,
    # removing moves the last one into the freed place. ``_order_ops`` records our adds
    # and removes since the last step so :meth:`_sync_order` can replay them on
    # ``_space_rows``; it then checks the result against the body ids pymunk reports (one
    # batch read, only after a change) and falls back to a full remap if they ever differ
    # (and after :meth:`copy`).

    def _add_body(self, row: int) -> None:
        body = pymunk.Body(self._body_mass, self._body_moment)
        body.position = (float(self._xy[row, 0]), float(self._xy[row, 1]))
        body.velocity = (float(self._vxy[row, 0]), float(self._vxy[row, 1]))
        body.angle = float(self._angle[row])
        body.angular_velocity = float(self._omega[row])
        shape = pymunk.Poly(body, self._verts)
        shape.friction = LANDER_FRICTION
        shape.elasticity = LANDER_ELASTICITY
        self._space.add(body, shape)
        self._bodies[row] = body
        self._body_ids[row] = body.id
        self._order_ops.append((True, row))
        self._lookup_dirty = True

    def _remove_body(self, row: int) -> None:
        body = self._bodies[row]
        if body is not None:
            self._space.remove(body, *body.shapes)
            self._bodies[row] = None
            self._body_ids[row] = 0
            self._order_ops.append((False, row))

    def _sync_order(self) -> None:
        """Bring ``_space_rows`` / ``_body_pos`` up to pymunk's body order (after changes)."""
        if not self._order_ops and not self._order_dirty:
            return
        order: IntArray | None = None
        if not self._order_dirty:
            order = self._replay_order_ops()
        self._order_ops.clear()
        self._buf.clear()
        pmb.get_space_bodies(self._space, pmb.BodyFields.BODY_ID, self._buf)
        space_ids = np.frombuffer(self._buf.int_buf(), dtype=np.uintp).astype(np.uint64)
        if (
            order is None
            or space_ids.shape[0] != order.shape[0] + self._other_bodies
            or not np.array_equal(space_ids[: order.shape[0]], self._body_ids[order])
        ):
            rows = self._rows_of_bodies(space_ids)
            landers = int(np.count_nonzero(rows >= 0))
            if not np.all(rows[:landers] >= 0):
                raise RuntimeError("pymunk lists a non-lander body before a lander")
            order = rows[:landers]
            self._other_bodies = space_ids.shape[0] - landers
        body_pos = np.full(len(self._bodies), -1, dtype=np.int64)
        body_pos[order] = np.arange(order.shape[0])
        self._space_rows = order
        self._space_row_list = order.tolist()
        self._body_pos = body_pos
        # every row flying, in row order (a room where nobody's flight ended yet): the
        # per-step gathers and scatters become slices
        identity = order.shape[0] == len(self._bodies) and bool(
            np.array_equal(order, np.arange(order.shape[0]))
        )
        self._ix = slice(None) if identity else order
        self._trig_angle = np.zeros(0)
        self._cmd_key = None
        if self._force.shape[0] != space_ids.shape[0]:
            self._force = np.zeros((space_ids.shape[0], 3))  # other bodies' rows stay 0
            self._force_buf.set_float_buf(self._force)
        self._order_dirty = False

    def _replay_order_ops(self) -> IntArray:
        """pymunk's body order after ``_order_ops``, predicted from the last known one."""
        adds = sum(1 for is_add, _ in self._order_ops if is_add)
        count = self._space_rows.shape[0]
        order = np.empty(count + adds, dtype=np.int64)
        order[:count] = self._space_rows
        pos = np.full(len(self._bodies), -1, dtype=np.int64)
        pos[: self._body_pos.shape[0]] = self._body_pos
        for is_add, row in self._order_ops:
            if is_add:
                order[count] = row
                pos[row] = count
                count += 1
            else:
                at = int(pos[row])
                count -= 1
                moved = int(order[count])
                order[at] = moved
                pos[moved] = at
                pos[row] = -1
        return order[:count]

    def _rows_of_bodies(self, body_ids: npt.NDArray[np.uint64]) -> IntArray:
        """The row of each pymunk body id; -1 for bodies that are not landers (terrain).

        The sorted lookup is rebuilt only after a body was added; a removed body's stale
        entry is harmless, as pymunk reports no arbiter of a body no longer in the space,
        and a new body reusing its id marks the lookup dirty.
        """
        if self._lookup_dirty:
            have = np.flatnonzero(self._body_ids != 0)
            order = np.argsort(self._body_ids[have])
            self._lookup_ids = self._body_ids[have][order]
            self._lookup_rows = have[order]
            self._lookup_dirty = False
        ids, rows = self._lookup_ids, self._lookup_rows
        if ids.size == 0 or body_ids.size == 0:
            return np.full(body_ids.shape, -1, dtype=np.int64)
        idx = np.minimum(np.searchsorted(ids, body_ids), ids.size - 1)
        found = (ids[idx] == body_ids) & (self._body_ids[rows[idx]] == body_ids)
        return np.where(found, rows[idx], -1).astype(np.int64)

    def _read_bodies(self, sr: IntArray) -> FloatArray:
        """Scatter pymunk's state into the row arrays; returns the read itself, (n, 6) in
        space order (a view of ``_buf``, valid until the next read)."""
        self._buf.clear()
        pmb.get_space_bodies(self._space, _STATE_FIELDS, self._buf)
        flat = np.frombuffer(self._buf.float_buf(), dtype=np.float64)
        if flat.shape[0] != 6 * (sr.shape[0] + self._other_bodies):
            raise RuntimeError("pymunk holds a different number of bodies than expected")
        data = flat.reshape(-1, 6)[: sr.shape[0]]
        # (x, y) and (vx, vy) pairs moved as one complex128 each: numpy scatters 1-D
        # arrays several times faster than the rows of an (n, 2) array
        ix = self._ix
        _pairs(self._xy)[ix] = _pairs(data[:, 0:2])
        self._angle[ix] = data[:, 2]
        _pairs(self._vxy)[ix] = _pairs(data[:, 3:5])
        self._omega[ix] = data[:, 5]
        return data

    def _contacts(
        self,
        v_before: FloatArray,
        events: list[Event],
        ended: dict[int, tuple[Verdict, str]],
    ) -> None:
        """Judge this step's new touches (``v_before`` in space order, from the step start).

        Only arbiters that matter reach Python: any touch between a lander and the ground
        (the lander leaves the space at its first one), and the first touch of two landers.
        """
        buf = self._arbiter_buf
        buf.clear()
        pmb.get_space_arbiters(self._space, _ARBITER_FIELDS, buf)
        ints = np.frombuffer(buf.int_buf(), dtype=np.uintp).reshape(-1, 4)
        if ints.shape[0] == 0:
            return
        # the only body that is not a lander is the static one holding the terrain
        on_ground = (ints[:, 0] == self._static_id) | (ints[:, 1] == self._static_id)
        keep = (ints[:, 3] != 0) & (on_ground | (ints[:, 2] != 0))
        if not bool(keep.any()):
            return
        kept = ints[keep].astype(np.uint64)
        rows_a = self._rows_of_bodies(kept[:, 0]).tolist()
        rows_b = self._rows_of_bodies(kept[:, 1]).tolist()
        normals = np.frombuffer(buf.float_buf(), dtype=np.float64).reshape(-1, 2)[keep]
        body_pos = self._body_pos

        def pre(row: int) -> FloatArray:
            i = int(body_pos[row])
            v: FloatArray = v_before[i] if i >= 0 else self._vxy[row]
            return v

        pairs: list[tuple[int, int, int, int, float]] = []  # (id_a, id_b, row_a, row_b, speed)
        ground: dict[int, float] = {}  # row -> impact speed along the contact normal
        for ra, rb, normal in zip(rows_a, rows_b, normals, strict=True):
            if ra < 0 or rb < 0:
                row = max(ra, rb)
                v = pre(row)
                ground[row] = max(ground.get(row, 0.0), abs(float(v @ normal)))
                continue
            rel = pre(ra) - pre(rb)
            speed = abs(float(rel @ normal))
            ia, ib = int(self._ids[ra]), int(self._ids[rb])
            if ia < ib:
                pairs.append((ia, ib, ra, rb, speed))
            else:
                pairs.append((ib, ia, rb, ra, speed))
        limits = self.config.world.limits
        for ia, ib, ra, rb, speed in sorted(pairs):
            events.append(Collision(self.tick, ia, ib, speed))
            if speed > limits.max_impact_speed:
                for r in (ra, rb):
                    ended.setdefault(r, (judge_lander_hit(speed, limits), "lander"))
        for row in sorted(ground, key=lambda r: int(self._ids[r])):
            if row in ended:
                continue
            vx, vy = (float(v) for v in pre(row))
            events.append(Collision(self.tick, int(self._ids[row]), TERRAIN, ground[row]))
            ended[row] = (self._judge_ground(row, vx, vy), "ground")
            self._vxy[row] = (vx, vy)  # keep the touchdown velocity, not the bounce

    def _through_ground(
        self,
        sr: IntArray,
        state: FloatArray,
        v_before: FloatArray,
        events: list[Event],
        ended: dict[int, tuple[Verdict, str]],
    ) -> None:
        """A lander whose centre is below the ground after a step went through it (a speed
        that covers more than its own height in one step, which knobs allow: pymunk then
        sees no contact, or a contact deep inside). It touched down this step: judged like
        any touchdown, with the step's starting velocity, and put back on the surface."""
        x = state[:, 0]
        y = state[:, 1]
        inside = (x >= 0.0) & (x <= self.terrain.width)
        if not bool(inside.any()):
            return
        ground = self.terrain.height_at(np.clip(x, 0.0, self.terrain.width))
        under = np.flatnonzero(inside & (y < ground))
        if under.shape[0] == 0:
            return
        foot = self.config.world.lander.foot_depth
        for i in under.tolist():
            row = int(sr[i])
            if row in ended and ended[row][1] != "ground":
                continue
            self._xy[row, 1] = float(ground[i]) + foot  # on the surface, not inside it
            if row in ended:
                continue  # pymunk saw this touchdown: judged already
            vx, vy = (float(v) for v in v_before[i])
            events.append(Collision(self.tick, int(self._ids[row]), TERRAIN, math.hypot(vx, vy)))
            ended[row] = (self._judge_ground(row, vx, vy), "ground")
            self._vxy[row] = (vx, vy)

    def _judge_ground(self, row: int, vx: float, vy: float) -> Verdict:
        spec = self.config.world.lander
        x, y = float(self._xy[row, 0]), float(self._xy[row, 1])
        angle = float(self._angle[row])
        feet = y - spec.foot_depth * abs(math.cos(angle)) - spec.width / 2 * abs(math.sin(angle))
        pad = self.terrain.pad_at(x)
        if pad is not None and abs(feet - pad.y) > PAD_CONTACT_TOLERANCE:
            pad = None
        nearest = self.terrain.nearest_pad(x)
        distance = max(0.0, nearest.x_left - x, x - nearest.x_right)
        return judge_touchdown(
            vx,
            vy,
            angle,
            pad,
            self.config.world.limits,
            distance_to_pad=distance,
            fuel_empty=bool(self._fuel_empty[row]),
        )

    def _bounds(
        self, sr: IntArray, state: FloatArray, ended: dict[int, tuple[Verdict, str]]
    ) -> None:
        """Out of the world: ``state`` is this step's read (space order, x and y first)."""
        x = state[:, 0]
        y = state[:, 1]
        out = (x < 0.0) | (x > self.terrain.width) | (y > self._ceiling) | (y < self._floor)
        if bool(out.any()):
            for row in sr[out].tolist():
                ended.setdefault(row, (judge_out_of_bounds(), "bounds"))

    def _end_flights(self, ended: dict[int, tuple[Verdict, str]], events: list[Event]) -> None:
        """Judge every flight that ended this step, in lander id order."""
        rows = self._rows_by_id(np.fromiter(ended, dtype=np.int64, count=len(ended)))
        for row in rows:
            verdict, why = ended[row]
            result = self._finish(row, verdict)
            lid = int(self._ids[row])
            if why == "ground":
                events.append(Landing(self.tick, lid, result.pad_id, result))
            elif why == "bounds":
                events.append(OutOfBounds(self.tick, lid))
        last = self._sample_rows(np.array(rows, dtype=np.int64))
        for i, row in enumerate(rows):
            self._last_sample[row] = last[i]
            lid = int(self._ids[row])
            events.append(FlightEnded(self.tick, lid, self._results[lid]))

    def _sample_telemetry(self) -> None:
        """Every lander row (ended ones too), taken with slices: no gather."""
        out = np.empty((len(self._bodies), _TELEMETRY_COLS), dtype=np.float32)
        out[:, 0:2] = self._xy
        out[:, 2:4] = self._vxy
        out[:, 4] = self._angle
        out[:, 5] = self._omega
        out[:, 6] = self._throttle
        out[:, 7] = self._fuel
        self._chunks.append((self.tick, out))

    def _finish(self, row: int, verdict: Verdict) -> FlightResult:
        """Record the flight's result and take the lander out of the space; the caller
        takes its last telemetry sample."""
        lid = int(self._ids[row])
        flight_time = (self.tick - int(self._spawn_tick[row])) * DT
        fuel_left = float(self._fuel[row])
        score = None
        stars = 0
        pad_id = None
        if verdict.outcome is Outcome.LANDED and verdict.pad is not None:
            pad = verdict.pad
            pad_id = pad.id
            score = score_landing(
                pad_multiplier=pad.multiplier,
                pad_width=pad.width,
                offset=float(self._xy[row, 0]) - pad.centre,
                fuel_left=fuel_left,
                flight_time_s=flight_time,
                time_limit_s=self.config.time_limit_s,
                difficulty=self.config.world.difficulty,
            )
            # a safe landing earns at least one star, whatever the knobs did to the score
            stars = max(1, stars_for(score.total, self.config.world.star_thresholds))
            self._vxy[row] = 0.0
            self._omega[row] = 0.0
        result = FlightResult(
            lander_id=lid,
            outcome=verdict.outcome,
            reason_code=verdict.reason_code,
            reason=verdict.reason,
            measured=None if verdict.measured is None else round(verdict.measured, 3),
            limit=verdict.limit,
            score=score,
            stars=stars,
            flight_time_s=round(flight_time, 6),
            fuel_used=float(self._fuel0[row]) - fuel_left,
            pad_id=pad_id,
            tick=self.tick,
            said=verdict.said,
        )
        self._status[row] = int(verdict.outcome.status)
        self._throttle[row] = 0.0
        self._end_tick[row] = self.tick
        self._results[lid] = result
        self._remove_body(row)
        return result

    # ------------------------------------------------------------------ read-outs

    def _row(self, lander_id: int) -> int:
        try:
            return self._row_of[lander_id]
        except (KeyError, TypeError):
            raise UnknownLanderError(lander_id) from None

    def _active_rows(self) -> IntArray:
        """Rows of the landers still in the simulation, by id (cached until one joins/leaves)."""
        if self._sorted_rows is None:
            rows = np.fromiter(self._row_of.values(), dtype=np.int64, count=len(self._row_of))
            rows = rows[np.argsort(self._ids[rows], kind="stable")]
            self._sorted_rows = rows
            self._active_row_list = rows.tolist()
            self._active_ids = self._ids[rows]
            self._rows_are_all = rows.shape[0] == len(self._bodies) and bool(
                np.array_equal(rows, np.arange(rows.shape[0]))
            )
        return self._sorted_rows

    def _rows_by_id(self, rows: npt.ArrayLike) -> list[int]:
        r = np.asarray(rows, dtype=np.int64)
        return [int(v) for v in r[np.argsort(self._ids[r], kind="stable")]]

    def _sample_rows(self, rows: IntArray) -> npt.NDArray[np.float32]:
        out = np.empty((rows.shape[0], _TELEMETRY_COLS), dtype=np.float32)
        out[:, 0:2] = self._xy[rows]
        out[:, 2:4] = self._vxy[rows]
        out[:, 4] = self._angle[rows]
        out[:, 5] = self._omega[rows]
        out[:, 6] = self._throttle[rows]
        out[:, 7] = self._fuel[rows]
        return out

    def arrays(self) -> LanderArrays:
        """Every lander still in the simulation, sorted by id (copies)."""
        rows = self._active_rows()
        if self._rows_are_all:  # rows 0..n-1 already in id order: plain copies
            return LanderArrays(
                ids=self._ids.copy(),
                xy=self._xy.copy(),
                vxy=self._vxy.copy(),
                angle=self._angle.copy(),
                angular_velocity=self._omega.copy(),
                fuel=self._fuel.copy(),
                throttle=self._throttle.copy(),
                status=self._status.copy(),
            )
        return LanderArrays(
            ids=self._ids[rows],
            xy=self._xy[rows],
            vxy=self._vxy[rows],
            angle=self._angle[rows],
            angular_velocity=self._omega[rows],
            fuel=self._fuel[rows],
            throttle=self._throttle[rows],
            status=self._status[rows],
        )

    def telemetry(self, lander_id: int) -> Telemetry:
        """The flight so far: spawn, every 3rd tick, and the end (:mod:`game.lander.telemetry`)."""
        row = self._row(lander_id)
        spawn = int(self._spawn_tick[row])
        end = int(self._end_tick[row])
        ticks = [spawn]
        samples = [self._first_sample[row]]
        for tick, chunk in self._chunks:
            if tick <= spawn or row >= chunk.shape[0]:
                continue
            if end >= 0 and tick >= end:
                break
            ticks.append(tick)
            samples.append(chunk[row])
        if end >= 0 and row in self._last_sample:
            ticks.append(end)
            samples.append(self._last_sample[row])
        matrix = np.empty((len(ticks), 9))
        matrix[:, 0] = (np.asarray(ticks, dtype=np.float64) - spawn) * DT
        matrix[:, 1:] = np.asarray(samples, dtype=np.float64)
        return Telemetry.from_matrix(matrix)

    def state_hash(self) -> str:
        """SHA-256 over the tick and every lander array (determinism checks)."""
        a = self.arrays()
        h = hashlib.sha256()
        h.update(np.int64(self.tick).tobytes())
        for arr in (a.ids, a.xy, a.vxy, a.angle, a.angular_velocity, a.fuel, a.throttle, a.status):
            h.update(np.ascontiguousarray(arr).tobytes())
        return h.hexdigest()

    def copy(self) -> Simulation:
        """An independent deep copy; stepping it never affects this one."""
        new = object.__new__(Simulation)
        memo: dict[int, object] = {}
        space, bodies = copy_module.deepcopy((self._space, self._bodies), memo)
        for name, value in vars(self).items():
            if name in {"_space", "_bodies", "_buf", "_arbiter_buf", "_force_buf"}:
                continue
            if isinstance(value, np.ndarray):
                setattr(new, name, value.copy())
            elif isinstance(value, dict | list):
                setattr(new, name, copy_module.copy(value))
            else:
                setattr(new, name, value)
        new._space = space
        new._bodies = bodies
        new._static_id = np.uintp(space.static_body.id)
        new._body_ids = np.array([0 if b is None else b.id for b in bodies], dtype=np.uint64)
        new._buf = pmb.Buffer()
        new._arbiter_buf = pmb.Buffer()
        new._force_buf = pmb.Buffer()
        new._force = np.zeros((0, 3))
        new._order_ops = []
        new._cmd_key = None
        new._order_dirty = True
        new._lookup_dirty = True
        return new
