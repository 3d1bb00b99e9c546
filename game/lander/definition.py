"""Lunar Lander as a game of the platform: its declarations and the adapters between the
generic API (:mod:`game.api`) and the lander's own simulation, AI and results.

The simulation itself (:mod:`game.lander.sim`) is unchanged by the adapters: the golden
test (tests/game/lander/test_lander_golden.py) pins its state hashes and results.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np

from game.api import (
    Channel,
    Discipline,
    FloatArray,
    Frame,
    Game,
    InputField,
    InputSpec,
    IntArray,
    Knob,
    Level,
    PlayerFinished,
    PlayerResult,
    ResultColumn,
    RoundSetup,
    ScoreLine,
    SnapshotField,
    SnapshotSchema,
    Status,
    Value,
)
from game.errors import InvalidConfigError
from game.lander.ai import AIPilot, Personality
from game.lander.body import LanderArrays, LanderState, LanderStatus
from game.lander.config import OVERRIDE_RANGES, PhysicsOverrides, RoundConfig
from game.lander.events import FlightEnded
from game.lander.inputs import PlayerInput
from game.lander.outcomes import FlightResult, Outcome
from game.lander.sim import Simulation
from game.lander.terrain import Terrain, generate_terrain
from game.lander.waves import wave_config
from game.lander.worlds import WORLDS, World, get_world
from game.modes import Mode
from game.scene import Dot, Glyph, Label, Poly, Scene, Shape, told_panel
from game.series import Series
from game.words import Words, fixed, words

KEY = "lunar_lander"
PALETTE = (
    "#4fc3f7",
    "#ffb74d",
    "#ba68c8",
    "#fff176",
    "#f06292",
    "#81c784",
    "#90a4ae",
    "#ff8a65",
    "#7986cb",
    "#4db6ac",
    "#dce775",
    "#a1887f",
)
STATUS_COLOURS = {
    int(LanderStatus.LANDED): "#66bb6a",
    int(LanderStatus.CRASHED): "#ef5350",
    int(LanderStatus.OUT_OF_BOUNDS): "#9e9e9e",
    int(LanderStatus.OUT_OF_FUEL): "#ef5350",
    int(LanderStatus.TIMED_OUT): "#9e9e9e",
}
SKY, GROUND, PAD = "#0b1026", "#5d5a58", "#ffd54f"
MIN_LANDER_PX = 18.0
_KNOB_TEXT = {
    "gravity": ("Gravity", 0.1, "How hard the world pulls the lander down."),
    "air_density": ("Air density", 0.05, "Thicker air means more drag (Titan is thick)."),
    "wind": ("Wind", 1.0, "The mean wind; + blows to the right. Gusts stay."),
    "thrust_scale": ("Thrust", 0.05, "The engine's power, times the world's own engine."),
    "fuel": ("Fuel at start", 5.0, "Kilograms of fuel in the tank at the start."),
}
_BREAKDOWN = (
    ("base", "Base"),
    ("pad_multiplier", "Pad multiplier"),
    ("fuel_bonus", "Fuel bonus"),
    ("precision_bonus", "Precision bonus"),
    ("time_bonus", "Time bonus"),
    ("difficulty_multiplier", "World difficulty"),
)


def round_config(setup: RoundSetup) -> RoundConfig:
    """The lander's own configuration of a generic setup."""
    try:
        world = get_world(setup.level)
    except KeyError as exc:
        raise InvalidConfigError(str(exc)) from None
    return RoundConfig(
        world=world,
        seed=setup.seed,
        time_limit_s=setup.time_limit_s,
        overrides=PhysicsOverrides(**dict(setup.knobs)),
    )


def setup_of(config: RoundConfig) -> RoundSetup:
    return RoundSetup(
        KEY,
        config.world.key,
        config.seed,
        float(config.time_limit_s),
        {k: float(v) for k, v in config.overrides.to_dict().items()},  # type: ignore[arg-type]
    )


def player_result(result: FlightResult) -> PlayerResult:
    """A lander flight's result in the platform's words."""
    lines: list[ScoreLine] = []
    if result.score is not None:
        s = result.score
        lines = [
            ScoreLine("base", "Base", s.base, f"{s.base}"),
            ScoreLine(
                "pad_multiplier", "Pad multiplier", s.pad_multiplier, f"×{s.pad_multiplier:g}"
            ),
            ScoreLine("fuel_bonus", "Fuel bonus", s.fuel_bonus, f"+{s.fuel_bonus}"),
            ScoreLine(
                "precision_bonus", "Precision bonus", s.precision_bonus, f"+{s.precision_bonus}"
            ),
            ScoreLine("time_bonus", "Time bonus", s.time_bonus, f"+{s.time_bonus}"),
            ScoreLine(
                "difficulty_multiplier",
                "World difficulty",
                s.difficulty_multiplier,
                f"×{s.difficulty_multiplier:g}",
            ),
        ]
    return PlayerResult(
        player_id=result.lander_id,
        outcome=str(result.outcome),
        success=result.outcome is Outcome.LANDED,
        reason_code=result.reason_code,
        reason=result.reason,
        measured=result.measured,
        limit=result.limit,
        score=result.total,
        stars=result.stars,
        breakdown=tuple(lines),
        time_s=result.flight_time_s,
        tick=result.tick,
        reason_words=result.said,
        details={
            "fuel_used": round(result.fuel_used, 3),
            "pad_id": result.pad_id,
            "pad": "" if result.score is None else f"×{result.score.pad_multiplier:g}",
        },
    )


class LanderSim:
    """:class:`game.api.Sim` over the lander's :class:`Simulation` (and Predictable)."""

    def __init__(self, setup: RoundSetup, sim: Simulation | None = None) -> None:
        self.setup = setup
        self.config = round_config(setup)
        self.sim = sim if sim is not None else Simulation(self.config)
        self._others: tuple[int, LanderArrays] | None = None
        self._results: dict[int, PlayerResult] = {}

    @property
    def tick(self) -> int:
        return int(self.sim.tick)

    @property
    def finished(self) -> bool:
        return self.sim.finished

    @property
    def terrain(self) -> Terrain:
        return self.sim.terrain

    def add_player(self, player_id: int, slot: int) -> None:
        self.sim.add_lander(player_id, slot=slot)

    def remove_player(self, player_id: int) -> None:
        self.sim.remove_lander(player_id)
        self._results.pop(player_id, None)

    def step(self, inputs: Mapping[int, tuple[Value, ...]]) -> list[PlayerFinished]:
        frames = {
            pid: PlayerInput(0, float(v[0]), float(v[1]), bool(v[2])) for pid, v in inputs.items()
        }
        out: list[PlayerFinished] = []
        for event in self.sim.step(frames):
            if isinstance(event, FlightEnded):
                result = player_result(event.result)
                self._results[event.lander_id] = result
                out.append(PlayerFinished(event.tick, event.lander_id, result))
        return out

    def result(self, player_id: int) -> PlayerResult | None:
        return self._results.get(player_id)

    def others(self) -> LanderArrays:
        """Every lander now, read once per tick however many AI pilots ask."""
        if self._others is None or self._others[0] != self.sim.tick:
            self._others = (self.sim.tick, self.sim.arrays())
        return self._others[1]

    def snapshot(self) -> tuple[IntArray, FloatArray]:
        a = self.sim.arrays()
        values = np.empty((len(a), 9))
        values[:, 0:2] = a.xy
        values[:, 2:4] = a.vxy
        values[:, 4] = a.angle
        values[:, 5] = a.angular_velocity
        values[:, 6] = a.fuel
        values[:, 7] = a.throttle
        values[:, 8] = a.status
        return a.ids, values

    def telemetry(self, player_id: int) -> Series:
        return self.sim.telemetry(player_id).series()

    def state_hash(self) -> str:
        return self.sim.state_hash()

    # -- Predictable -------------------------------------------------------------------
    def row(self, player_id: int) -> FloatArray:
        s = self.sim.lander(player_id)
        return np.array(
            [s.x, s.y, s.vx, s.vy, s.angle, s.angular_velocity, s.fuel, s.throttle, int(s.status)]
        )

    def set_row(self, player_id: int, values: FloatArray, tick: int) -> None:
        self.sim.tick = tick
        self.sim.set_lander(player_id, state_of(values))


def state_of(values: FloatArray | list[float]) -> LanderState:
    """A snapshot row (schema order and units) as a :class:`LanderState`."""
    v = [float(x) for x in values]
    return LanderState(
        x=v[0],
        y=v[1],
        vx=v[2],
        vy=v[3],
        angle=v[4],
        angular_velocity=v[5],
        fuel=max(0.0, v[6]),
        throttle=min(1.0, max(0.0, v[7])),
        status=LanderStatus(round(v[8])),
    )


def arrays_of(frame: Frame) -> LanderArrays:
    v = frame.values
    return LanderArrays(
        ids=frame.ids.astype(np.int64),
        xy=np.ascontiguousarray(v[:, 0:2]),
        vxy=np.ascontiguousarray(v[:, 2:4]),
        angle=v[:, 4].copy(),
        angular_velocity=v[:, 5].copy(),
        fuel=v[:, 6].copy(),
        throttle=v[:, 7].copy(),
        status=np.rint(v[:, 8]).astype(np.int8),
    )


class LanderAI:
    """An :class:`AIPilot` flying through the platform's AI interface."""

    def __init__(self, skill: float, personality: int, seed: int) -> None:
        self.pilot = AIPilot(skill, list(Personality)[personality % 4], seed)

    def decide(self, sim: Any, player_id: int) -> tuple[Value, ...]:
        lander: LanderSim = sim
        thrust, rotation, abort = self.pilot.decide(
            lander.sim.lander(player_id),
            lander.sim.terrain,
            lander.config,
            lander.sim.tick,
            others=lander.others(),
        )
        return (thrust, rotation, abort)

    def decide_remote(
        self, setup: RoundSetup, info: Mapping[str, Any], frame: Frame, player_id: int
    ) -> tuple[Value, ...]:
        row = frame.row(player_id)
        if row is None:
            return (0.0, 0.0, False)
        config, terrain = _config_and_terrain(setup)
        thrust, rotation, abort = self.pilot.decide(
            state_of(row), terrain, config, frame.tick, others=arrays_of(frame)
        )
        return (thrust, rotation, abort)


@lru_cache(maxsize=16)
def _config_and_terrain(setup: RoundSetup) -> tuple[RoundConfig, Terrain]:
    config = round_config(setup)
    return config, generate_terrain(config.seed, config.world)


NO_BURN_KG = 0.5  # less fuel than this used: the engine was (almost) never fired
_HINTS = {
    "too_fast_vertical": words("Fire the engine earlier, so you come down slowly near the ground."),
    "too_fast_horizontal": words("Tilt against your sideways drift before touchdown to stop it."),
    "too_tilted": words("Turn upright with LEFT and RIGHT before your feet touch."),
    "off_pad": words("Steer over a pad (the flat ×2, ×3, ×5 strips) before you come down."),
    "out_of_fuel": words(
        "Fire in short bursts: the tank runs dry if the engine burns all the way."
    ),
    "hit_lander": words("Keep clear of the other landers as you come down."),
    "out_of_bounds": words("Stay inside the mission area: steer back before the edge."),
    "timed_out": words("Come down sooner: let yourself fall, then fire to slow down."),
}


class LunarLander(Game):
    key = KEY
    title = "Lunar Lander"
    discipline = Discipline.PHYSICS
    concept = (
        "Newton's second law: the engine's thrust against the weight sets the acceleration, "
        "a = (T − m·g) / m, so a lander slows only while T > m·g."
    )
    how_to_play = (
        "Hold UP to fire the engine and LEFT/RIGHT to turn. Touch down on a pad slower than "
        "2 m/s, upright; narrow pads score more."
    )
    levels = tuple(
        Level(w.key, w.name.removeprefix("the ").capitalize(), _blurb)
        for w, _blurb in (
            (WORLDS["moon"], "1.62 m/s², no air"),
            (WORLDS["mars"], "3.71 m/s², thin air and gusts"),
            (WORLDS["earth"], "9.81 m/s², thick air"),
            (WORLDS["titan"], "1.35 m/s², very thick air"),
        )
    )
    modes = frozenset(Mode)
    default_seconds = 45.0
    knobs = tuple(
        Knob(key, _KNOB_TEXT[key][0], unit, low, high, _KNOB_TEXT[key][1], _KNOB_TEXT[key][2])
        for key, (low, high, unit) in OVERRIDE_RANGES.items()
    )
    inputs = InputSpec(
        fields=(
            InputField("thrust", "float", 0.0, 1.0, "throttle, 0 (off) to 1 (full)"),
            InputField("rotation", "float", -1.0, 1.0, "-1 turns left, +1 turns right"),
            InputField("abort", "bool", help="emergency climb: full throttle, upright"),
        ),
        held=True,
        idle=(0.0, 0.0, False),
    )
    schema = SnapshotSchema(
        fields=(
            SnapshotField("x", 100, "m", help="metres from the left edge of the terrain"),
            SnapshotField("y", 100, "m", help="metres above the level y = 0"),
            SnapshotField("vx", 100, "m/s", help="+ is to the right"),
            SnapshotField("vy", 100, "m/s", help="+ is up"),
            SnapshotField("angle", 1000, "rad", "angle", "counter-clockwise, 0 = upright"),
            SnapshotField("angular_velocity", 1000, "rad/s", help="counter-clockwise +"),
            SnapshotField("fuel", 10, "kg"),
            SnapshotField("throttle", 100, "", help="0..1"),
            SnapshotField("status", 1, "", "step", "0 flying; see statuses"),
        ),
        predict=(("x", "vx"), ("y", "vy")),
    )
    statuses = MappingProxyType(
        {
            int(LanderStatus.FLYING): Status("flying", "flying"),
            int(LanderStatus.LANDED): Status("landed", "landed", True),
            int(LanderStatus.CRASHED): Status("crashed", "crashed"),
            int(LanderStatus.OUT_OF_BOUNDS): Status("out_of_bounds", "out of bounds"),
            int(LanderStatus.OUT_OF_FUEL): Status("out_of_fuel", "out of fuel"),
            int(LanderStatus.TIMED_OUT): Status("timed_out", "timed out"),
        }
    )
    channels = (
        Channel("altitude", "Altitude", "m"),
        Channel("vertical_speed", "Vertical speed", "m/s", safe_low=-2.0),
        Channel("horizontal_speed", "Horizontal speed", "m/s", safe_high=1.0),
        Channel("tilt", "Tilt", "°", safe_high=10.0),
        Channel("fuel", "Fuel", "kg"),
        Channel("throttle", "Throttle", "%"),
    )
    result_columns = (
        *(ResultColumn(key, label) for key, label in _BREAKDOWN),
        ResultColumn("fuel_used", "Fuel used", "kg"),
        ResultColumn("pad", "Pad"),
    )
    success_word = "landed"
    predicts = True

    def validate(self, setup: RoundSetup) -> None:
        round_config(setup)

    def knob_defaults(self, level: str) -> dict[str, float]:
        params = RoundConfig(world=self._world(level), seed=0).params
        return {
            "gravity": params.gravity,
            "air_density": params.air_density,
            "wind": params.wind_mean,
            "thrust_scale": 1.0,
            "fuel": params.fuel,
        }

    def check_knobs(self, level: str, knobs: Mapping[str, float]) -> list[Words]:
        world = self._world(level)
        values = {**self.knob_defaults(level), **knobs}
        weight = (world.lander.dry_mass + values["fuel"]) * values["gravity"]
        thrust = world.max_thrust * values["thrust_scale"]
        warnings: list[Words] = []
        if values["fuel"] <= 0.0:
            warnings.append(words("no fuel: the engine cannot fire, so no one can land softly"))
        elif thrust <= weight:
            warnings.append(
                words(
                    "thrust {0} N is below the lander's weight {1} N "
                    "(mass × gravity): no one can slow down, no one can land",
                    f"{thrust:,.0f}",
                    f"{weight:,.0f}",
                )
            )
        elif thrust < 1.15 * weight:
            warnings.append(
                words(
                    "thrust {0} N is barely above the weight {1} N: "
                    "the lander slows very slowly; expect most to crash",
                    f"{thrust:,.0f}",
                    f"{weight:,.0f}",
                )
            )
        if abs(values["wind"]) > 20.0 and values["air_density"] > 0.5:
            warnings.append(
                words(
                    "a {0} m/s wind in thick air pushes landers sideways "
                    "faster than the 1 m/s a touchdown allows",
                    f"{abs(values['wind']):.0f}",
                )
            )
        return warnings

    def wave(self, base: RoundSetup, wave: int) -> RoundSetup:
        return setup_of(wave_config(round_config(base), wave))

    def new_sim(self, setup: RoundSetup) -> LanderSim:
        return LanderSim(setup)

    def new_ai(self, skill: float, personality: int, seed: int) -> LanderAI:
        return LanderAI(skill, personality, seed)

    def round_info(self, setup: RoundSetup) -> dict[str, Any]:
        config, terrain = _config_and_terrain(setup)
        world = config.world
        return {
            "world": world.key,
            "world_name": world.name,
            "params": config.params.to_dict(),
            "limits": {
                "max_vertical_speed": world.limits.max_vertical_speed,
                "max_horizontal_speed": world.limits.max_horizontal_speed,
                "max_tilt_deg": world.limits.max_tilt_deg,
                "max_impact_speed": world.limits.max_impact_speed,
            },
            "lander": {
                "width": world.lander.width,
                "top_width": world.lander.top_width,
                "height": world.lander.height,
                "foot_depth": world.lander.foot_depth,
            },
            "terrain": {
                "width": terrain.width,
                "ceiling": world.ceiling,
                "points": [[round(float(x), 2), round(float(y), 2)] for x, y in terrain.points],
                "pads": [
                    [p.id, round(p.x_left, 2), round(p.x_right, 2), round(p.y, 2), p.multiplier]
                    for p in terrain.pads
                ],
            },
        }

    def scene(
        self,
        info: Mapping[str, Any],
        frame: Frame | None,
        names: Mapping[int, str],
        *,
        me: int | None = None,
    ) -> Scene:
        terrain = info["terrain"]
        points = [(float(x), float(y)) for x, y in terrain["points"]]
        width = float(terrain["width"])
        top = max(y for _, y in points) + 150.0
        shapes: list[Shape] = [
            Poly(
                (*points, (points[-1][0], 0.0), (points[0][0], 0.0)),
                stroke=None,
                fill=GROUND,
                closed=True,
            )
        ]
        for _pid, x_left, x_right, y, mult in terrain["pads"]:
            shapes.append(Poly(((x_left, y), (x_right, y)), stroke=PAD, width=4.0))
            shapes.append(
                Label((x_left + x_right) / 2, y, f"×{mult:g}", PAD, 11.0, offset_px=(0.0, -14.0))
            )
        flying = 0
        if frame is not None and len(frame.ids):
            lander = info["lander"]
            outline = _outline(lander)
            top = max(top, float(frame.col("y").max()) + 40.0)
            for i, pid in enumerate(frame.ids.tolist()):
                x, y, _vx, _vy, angle, _w, _fuel, throttle, status_f = frame.values[i]
                status = round(float(status_f))
                colour = STATUS_COLOURS.get(status, PALETTE[pid % len(PALETTE)])
                if status == int(LanderStatus.FLYING):
                    flying += 1
                    if throttle > 0.02:
                        flame = (
                            (-0.6, -lander["foot_depth"]),
                            (0.6, -lander["foot_depth"]),
                            (0.0, -lander["foot_depth"] - 2.5 * float(throttle)),
                        )
                        shapes.append(
                            Glyph(x, y, angle, flame, "#ff7043", None, MIN_LANDER_PX * 0.3)
                        )
                shapes.append(Glyph(x, y, angle, outline, colour, "#ffffff", MIN_LANDER_PX))
                if me is not None and pid == me:
                    shapes.append(Dot(x, y, 0.5, None, "#ffffff", MIN_LANDER_PX * 1.8))
                shapes.append(
                    Label(
                        x,
                        y,
                        names.get(pid, f"#{pid}"),
                        "#ffffff",
                        12.0,
                        offset_px=(0.0, MIN_LANDER_PX + 6.0),
                        name=True,
                        bold=True,
                    )
                )
        said = (
            (words("{0}: {1} flying", fixed(self.level(str(info["world"])).title), f"{flying}"),)
            if frame is not None
            else ()
        )
        return Scene((0.0, 0.0, width, top), SKY, tuple(shapes), **told_panel(*said))

    def hint(self, result: PlayerResult) -> Words | None:
        if result.success:
            return None
        fuel_used = result.details.get("fuel_used")
        if isinstance(fuel_used, int | float) and fuel_used < NO_BURN_KG:
            return words("Hold UP to fire the engine: its thrust slows your fall.")
        return _HINTS.get(result.reason_code)

    def channels_of(self, info: Mapping[str, Any], series: Series) -> dict[str, FloatArray]:
        terrain = info["terrain"]
        pts = np.asarray(terrain["points"], dtype=np.float64)
        foot = float(info["lander"]["foot_depth"])
        x, y = series["x"], series["y"]
        ground = np.interp(x, pts[:, 0], pts[:, 1])
        tilt = np.abs(np.degrees(np.remainder(series["angle"] + math.pi, 2 * math.pi) - math.pi))
        return {
            "altitude": np.maximum(0.0, y - foot - ground),
            "vertical_speed": series["vy"],
            "horizontal_speed": np.abs(series["vx"]),
            "tilt": tilt,
            "fuel": series["fuel"],
            "throttle": 100.0 * series["throttle"],
        }

    def _world(self, level: str) -> World:
        try:
            return get_world(level)
        except KeyError as exc:
            raise InvalidConfigError(str(exc)) from None


def _outline(lander: Mapping[str, float]) -> tuple[tuple[float, float], ...]:
    bottom = -lander["foot_depth"]
    top = lander["height"] - lander["foot_depth"]
    half, top_half = lander["width"] / 2, lander["top_width"] / 2
    return ((-half, bottom), (half, bottom), (top_half, top), (-top_half, top))


GAME = LunarLander()
