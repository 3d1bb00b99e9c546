"""The simulation: the one thing that moves time, one fixed step of :data:`DT` at a time.

Physics per step, for every flying lander at once (numpy, no loop over bodies):

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

from game.config import FlightParams, RoundConfig
from game.errors import (
    DuplicateLanderError,
    InvalidConfigError,
    InvalidInputError,
    UnknownLanderError,
)
from game.events import (
    TERRAIN,
    Collision,
    Event,
    FlightEnded,
    FuelEmpty,
    Landing,
    OutOfBounds,
)
from game.inputs import PlayerInput, validate_input
from game.lander import LanderArrays, LanderState, LanderStatus
from game.outcomes import (
    FlightResult,
    Outcome,
    Verdict,
    judge_lander_hit,
    judge_out_of_bounds,
    judge_time_up,
    judge_touchdown,
)
from game.scoring import score_landing, stars_for
from game.spawn import spawn_for
from game.telemetry import SAMPLE_EVERY, Telemetry
from game.terrain import Terrain, generate_terrain
from game.timestep import DT
from game.wind import GustField

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_BODY_FIELDS = (
    pmb.BodyFields.BODY_ID
    | pmb.BodyFields.POSITION
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

# telemetry chunk columns (t is derived from the tick)
_TELEMETRY_COLS = 8


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
        self._removed: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
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

        self._buf = pmb.Buffer()
        self._force_buf = pmb.Buffer()
        self._force = np.zeros((0, 3))
        self._space_ids: npt.NDArray[np.uint64] = np.zeros(0, dtype=np.uint64)
        self._space_rows: IntArray = np.zeros(0, dtype=np.int64)
        self._body_pos: IntArray = np.zeros(0, dtype=np.int64)
        self._read_pos: IntArray = np.zeros(0, dtype=np.int64)
        self._read_rows: IntArray = np.zeros(0, dtype=np.int64)
        self._lookup_ids: npt.NDArray[np.uint64] = np.zeros(0, dtype=np.uint64)
        self._lookup_rows: IntArray = np.zeros(0, dtype=np.int64)
        self._order_dirty = True
        self._sorted_rows: IntArray | None = None

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
        self._removed = np.append(self._removed, False)
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
        self._removed[row] = True
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

    def step(self, inputs: Mapping[int, PlayerInput]) -> list[Event]:
        """Advance exactly :data:`DT`. Every input is validated before anything changes."""
        thr_cmd, rot_cmd, abort = self._input_arrays(inputs)
        return self._advance(thr_cmd, rot_cmd, abort)

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
        thr_cmd, rot_cmd, abort_cmd = self._array_inputs(ids, thrust, rotation, abort)
        return self._advance(thr_cmd, rot_cmd, abort_cmd)

    def _advance(
        self, thr_cmd: FloatArray, rot_cmd: FloatArray, abort: npt.NDArray[np.bool_]
    ) -> list[Event]:
        self._sync_order()
        fl = np.flatnonzero((self._status == _FLYING) & ~self._removed)
        v_before = self._vxy[fl].copy()
        if fl.size:
            burn = self._apply_controls(fl, thr_cmd[fl], rot_cmd[fl], abort[fl])
        else:
            burn = np.zeros(0)
        self._space.step(DT)
        self.tick += 1
        events: list[Event] = []
        ended: dict[int, tuple[Verdict, str]] = {}  # row -> (verdict, why)
        if fl.size:
            self._read_bodies()
            before_fuel = self._fuel[fl]
            self._fuel[fl] = np.maximum(before_fuel - burn, 0.0)
            dry = fl[(self._fuel[fl] <= 0.0) & ~self._fuel_empty[fl]]
            self._fuel_empty[dry] = True
            for row in self._rows_by_id(dry):
                events.append(FuelEmpty(self.tick, int(self._ids[row])))
            self._contacts(v_before, fl, events, ended)
            self._bounds(fl, ended)
        if self.tick >= self._limit_ticks:
            for flying_row in fl.tolist():
                if flying_row not in ended:
                    empty = bool(self._fuel_empty[flying_row])
                    ended[flying_row] = (judge_time_up(self.config.time_limit_s, empty), "time")
        for row in self._rows_by_id(np.fromiter(ended, dtype=np.int64, count=len(ended))):
            verdict, why = ended[row]
            result = self._finish(row, verdict)
            lid = int(self._ids[row])
            if why == "ground":
                events.append(Landing(self.tick, lid, result.pad_id, result))
            elif why == "bounds":
                events.append(OutOfBounds(self.tick, lid))
        for row in self._rows_by_id(np.fromiter(ended, dtype=np.int64, count=len(ended))):
            lid = int(self._ids[row])
            events.append(FlightEnded(self.tick, lid, self._results[lid]))
        if self.tick % SAMPLE_EVERY == 0 and self._bodies:
            self._chunks.append((self.tick, self._sample_rows(np.arange(len(self._bodies)))))
        return events

    def _input_arrays(
        self, inputs: Mapping[int, PlayerInput]
    ) -> tuple[FloatArray, FloatArray, npt.NDArray[np.bool_]]:
        n = len(self._bodies)
        thr = np.zeros(n)
        rot = np.zeros(n)
        abort = np.zeros(n, dtype=bool)
        if not inputs:
            return thr, rot, abort
        rows: list[int] = []
        checked: list[PlayerInput] = []
        for lander_id, raw in inputs.items():
            rows.append(self._row(lander_id))
            checked.append(validate_input(raw))
        thr[rows] = [inp.thrust for inp in checked]
        rot[rows] = [inp.rotation for inp in checked]
        abort[rows] = [inp.abort for inp in checked]
        return thr, rot, abort

    def _array_inputs(
        self,
        ids: npt.ArrayLike,
        thrust: npt.ArrayLike,
        rotation: npt.ArrayLike,
        abort: npt.ArrayLike | None,
    ) -> tuple[FloatArray, FloatArray, npt.NDArray[np.bool_]]:
        id_arr = np.asarray(ids)
        if id_arr.ndim != 1 or (id_arr.size and id_arr.dtype.kind not in "iu"):
            raise InvalidInputError("ids", ids, "a 1-D array of integer lander ids")
        n = id_arr.shape[0]
        columns: dict[str, FloatArray] = {}
        for name, raw, low, high in (
            ("thrust", thrust, 0.0, 1.0),
            ("rotation", rotation, -1.0, 1.0),
        ):
            arr = np.asarray(raw)
            if arr.shape != (n,) or (n and arr.dtype.kind not in "iuf"):
                raise InvalidInputError(name, raw, f"a 1-D array of {n} numbers")
            values = arr.astype(np.float64, copy=False)
            bad = np.flatnonzero(~(np.isfinite(values) & (values >= low) & (values <= high)))
            if bad.size:
                i = int(bad[0])
                raise InvalidInputError(
                    f"{name} of lander {int(id_arr[i])}",
                    float(values[i]),
                    f"a finite number within {low:g}..{high:g}",
                )
            columns[name] = values
        if abort is None:
            abort_arr = np.zeros(n, dtype=np.bool_)
        else:
            abort_arr = np.asarray(abort)
            if abort_arr.shape != (n,) or (n and abort_arr.dtype.kind != "b"):
                raise InvalidInputError("abort", abort, f"a 1-D array of {n} booleans")
        size = len(self._bodies)
        thr = np.zeros(size)
        rot = np.zeros(size)
        out_abort = np.zeros(size, dtype=np.bool_)
        if n == 0:
            return thr, rot, out_abort
        active = self._active_rows()
        known = self._ids[active]  # sorted
        want = id_arr.astype(np.int64, copy=False)
        if known.size == 0:
            raise UnknownLanderError(int(want[0]))
        pos = np.minimum(np.searchsorted(known, want), known.size - 1)
        found = known[pos] == want
        if not np.all(found):
            raise UnknownLanderError(int(want[np.flatnonzero(~found)[0]]))
        rows = active[pos]
        if np.unique(rows).size != n:
            raise InvalidInputError("ids", ids, "lander ids without repeats")
        thr[rows] = columns["thrust"]
        rot[rows] = columns["rotation"]
        out_abort[rows] = abort_arr
        return thr, rot, out_abort

    def _apply_controls(
        self,
        fl: IntArray,
        thr_cmd: FloatArray,
        rot_cmd: FloatArray,
        abort: npt.NDArray[np.bool_],
    ) -> FloatArray:
        p = self.params
        spec = self.config.world.lander
        fuel = self._fuel[fl]
        throttle = np.where(abort, 1.0, thr_cmd)
        throttle = np.where(fuel > 0.0, throttle, 0.0)
        burn = p.burn_rate * throttle * DT
        short = burn > fuel
        if np.any(short):
            throttle = np.where(short, fuel / (p.burn_rate * DT), throttle)
            burn = np.where(short, fuel, burn)
        self._throttle[fl] = throttle
        mass = p.dry_mass + fuel
        angle = self._angle[fl]
        accel = throttle * p.max_thrust / mass
        ax = -np.sin(angle) * accel
        ay = np.cos(angle) * accel
        if self._drag_k > 0.0:
            vx = self._vxy[fl, 0]
            vy = self._vxy[fl, 1]
            rel_x = self._gusts.at(self.tick * DT, self._xy[fl, 0]) - vx
            rel_y = -vy
            k = self._drag_k * np.hypot(rel_x, rel_y) / mass
            ax += k * rel_x
            ay += k * rel_y
        target = np.where(
            abort,
            np.clip(-ABORT_ATTITUDE_GAIN * angle, -spec.max_turn_rate, spec.max_turn_rate),
            -rot_cmd * spec.max_turn_rate,
        )
        alpha = np.clip(
            (target - self._omega[fl]) / DT,
            -spec.max_angular_acceleration,
            spec.max_angular_acceleration,
        )
        pos = self._body_pos[fl]
        force = self._force
        force.fill(0.0)
        force[pos, 0] = self._body_mass * ax
        force[pos, 1] = self._body_mass * ay
        force[pos, 2] = self._body_moment * alpha
        pmb.set_space_bodies(self._space, _FORCE_FIELDS, self._force_buf)
        return np.asarray(burn, dtype=np.float64)

    # ------------------------------------------------------------------ pymunk plumbing

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
        self._order_dirty = True

    def _remove_body(self, row: int) -> None:
        body = self._bodies[row]
        if body is not None:
            self._space.remove(body, *body.shapes)
            self._bodies[row] = None
            self._body_ids[row] = 0
            self._order_dirty = True

    def _sync_order(self) -> None:
        """Map pymunk's body iteration order to rows (only after adds/removes)."""
        if not self._order_dirty:
            return
        self._buf.clear()
        pmb.get_space_bodies(self._space, pmb.BodyFields.BODY_ID, self._buf)
        space_ids = np.frombuffer(self._buf.int_buf(), dtype=np.uintp).astype(np.uint64)
        rows = self._rows_of_bodies(space_ids)
        body_pos = np.full(len(self._bodies), -1, dtype=np.int64)
        known = rows >= 0
        body_pos[rows[known]] = np.flatnonzero(known)
        self._space_ids = space_ids
        self._space_rows = rows
        self._body_pos = body_pos
        self._read_pos = np.flatnonzero(known)
        self._read_rows = rows[known]
        order = np.argsort(space_ids)
        self._lookup_ids = space_ids[order]
        self._lookup_rows = rows[order]
        self._force = np.zeros((space_ids.shape[0], 3))
        self._force_buf.set_float_buf(self._force)
        self._order_dirty = False

    def _rows_in_space(self, body_ids: npt.NDArray[np.uint64]) -> IntArray:
        """Like :meth:`_rows_of_bodies` for the few ids of this step's contacts."""
        ids, rows = self._lookup_ids, self._lookup_rows
        if ids.size == 0:
            return np.full(body_ids.shape, -1, dtype=np.int64)
        idx = np.minimum(np.searchsorted(ids, body_ids), ids.size - 1)
        return np.where(ids[idx] == body_ids, rows[idx], -1).astype(np.int64)

    def _rows_of_bodies(self, body_ids: npt.NDArray[np.uint64]) -> IntArray:
        """The row of each pymunk body id; -1 for bodies that are not landers (terrain)."""
        have = np.flatnonzero(self._body_ids != 0)
        if have.size == 0 or body_ids.size == 0:
            return np.full(body_ids.shape, -1, dtype=np.int64)
        order = np.argsort(self._body_ids[have])
        sorted_ids = self._body_ids[have][order]
        idx = np.minimum(np.searchsorted(sorted_ids, body_ids), sorted_ids.size - 1)
        return np.where(sorted_ids[idx] == body_ids, have[order][idx], -1).astype(np.int64)

    def _read_bodies(self) -> None:
        self._buf.clear()
        pmb.get_space_bodies(self._space, _BODY_FIELDS, self._buf)
        space_ids = np.frombuffer(self._buf.int_buf(), dtype=np.uintp).astype(np.uint64)
        if not np.array_equal(space_ids, self._space_ids):  # pymunk reordered its bodies
            self._order_dirty = True
            ids_now = space_ids.copy()
            data_now = np.frombuffer(self._buf.float_buf(), dtype=np.float64).copy()
            self._sync_order()
            if not np.array_equal(ids_now, self._space_ids):
                raise RuntimeError("pymunk body order changed during a read")
            data = data_now.reshape(-1, 6)
        else:
            data = np.frombuffer(self._buf.float_buf(), dtype=np.float64).reshape(-1, 6)
        rows = self._read_rows
        sel = data[self._read_pos]
        self._xy[rows] = sel[:, 0:2]
        self._angle[rows] = sel[:, 2]
        self._vxy[rows] = sel[:, 3:5]
        self._omega[rows] = sel[:, 5]

    def _contacts(
        self,
        v_before: FloatArray,
        fl: IntArray,
        events: list[Event],
        ended: dict[int, tuple[Verdict, str]],
    ) -> None:
        self._buf.clear()
        pmb.get_space_arbiters(self._space, _ARBITER_FIELDS, self._buf)
        ints = np.frombuffer(self._buf.int_buf(), dtype=np.uintp).reshape(-1, 4)
        if ints.shape[0] == 0:
            return
        normals = np.frombuffer(self._buf.float_buf(), dtype=np.float64).reshape(-1, 2)
        rows_a = self._rows_in_space(ints[:, 0].astype(np.uint64)).tolist()
        rows_b = self._rows_in_space(ints[:, 1].astype(np.uint64)).tolist()
        flags = ints[:, 2:4].tolist()
        pre_index = np.full(len(self._bodies), -1, dtype=np.int64)
        pre_index[fl] = np.arange(fl.size)

        def pre(row: int) -> FloatArray:
            i = int(pre_index[row])
            v: FloatArray = v_before[i] if i >= 0 else self._vxy[row]
            return v

        pairs: list[tuple[int, int, int, int, float]] = []  # (id_a, id_b, row_a, row_b, speed)
        ground: dict[int, float] = {}  # row -> impact speed along the contact normal
        for ra, rb, (first, count), normal in zip(rows_a, rows_b, flags, normals, strict=True):
            if count == 0:
                continue
            if ra < 0 and rb < 0:
                continue
            if ra < 0 or rb < 0:
                row = max(ra, rb)
                v = pre(row)
                ground[row] = max(ground.get(row, 0.0), abs(float(v @ normal)))
                continue
            if not first:
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

    def _bounds(self, fl: IntArray, ended: dict[int, tuple[Verdict, str]]) -> None:
        x = self._xy[fl, 0]
        y = self._xy[fl, 1]
        out = (
            (x < 0.0)
            | (x > self.terrain.width)
            | (y > self.config.world.ceiling)
            | (y < self.terrain.min_height - FALL_THROUGH_DEPTH)
        )
        for row in fl[out]:
            ended.setdefault(int(row), (judge_out_of_bounds(), "bounds"))

    def _finish(self, row: int, verdict: Verdict) -> FlightResult:
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
            stars = stars_for(score.total, self.config.world.star_thresholds)
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
        )
        self._status[row] = int(verdict.outcome.status)
        self._throttle[row] = 0.0
        self._end_tick[row] = self.tick
        self._results[lid] = result
        self._remove_body(row)
        self._last_sample[row] = self._sample_rows(np.array([row]))[0]
        return result

    # ------------------------------------------------------------------ read-outs

    def _row(self, lander_id: int) -> int:
        try:
            return self._row_of[lander_id]
        except (KeyError, TypeError):
            raise UnknownLanderError(lander_id) from None

    def _active_rows(self) -> IntArray:
        if self._sorted_rows is None:
            rows = np.fromiter(self._row_of.values(), dtype=np.int64, count=len(self._row_of))
            self._sorted_rows = rows[np.argsort(self._ids[rows], kind="stable")]
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
        """The flight so far: spawn, every 3rd tick, and the end (see :mod:`game.telemetry`)."""
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
            if name in {"_space", "_bodies", "_buf", "_force_buf"}:
                continue
            if isinstance(value, np.ndarray):
                setattr(new, name, value.copy())
            elif isinstance(value, dict | list):
                setattr(new, name, copy_module.copy(value))
            else:
                setattr(new, name, value)
        new._space = space
        new._bodies = bodies
        new._body_ids = np.array([0 if b is None else b.id for b in bodies], dtype=np.uint64)
        new._buf = pmb.Buffer()
        new._force_buf = pmb.Buffer()
        new._order_dirty = True
        return new
