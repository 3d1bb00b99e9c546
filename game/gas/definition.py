"""Gas laws as a game of the platform: its declarations (levels, knobs, inputs, snapshot
schema, statuses, channels, results) and the adapters to its simulation, AI and spectator
scene."""

from __future__ import annotations

from collections.abc import Mapping
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
    PlayerResult,
    ResultColumn,
    RoundSetup,
    SnapshotField,
    SnapshotSchema,
    Status,
)
from game.errors import InvalidConfigError
from game.gas.ai import GasAI
from game.gas.model import (
    BORE,
    KNOBS,
    LEVELS,
    feasibility,
    knob_defaults,
    level_spec,
    make_plan,
    plan_of,
)
from game.gas.results import CODES, GasStatus
from game.gas.sim import GasSim
from game.gas.spectator import build_scene
from game.modes import Mode
from game.scene import Scene
from game.series import Series
from game.words import Words, words

KEY = "gas_laws"
WAVE_SPEED = 2.0  # survival: each wave's band moves 2 %/s faster


class GasLaws(Game):
    key = KEY
    title = "Gas laws"
    discipline = Discipline.CHEMISTRY
    concept = (
        "A gas pushes on its walls because its particles hit them: pressure, volume and "
        "temperature are tied by P V = N k T (here in 2D, P A = N k T, with P the force per "
        "metre of wall and A the cylinder's area): heat it or squeeze it and P rises."
    )
    how_to_play = (
        "Keep the gauge's needle in the moving band: Up heats, Down cools, Left pushes the "
        "piston in, Right pulls it out. Stay in the band longest to win."
    )
    levels = LEVELS
    modes = frozenset(Mode)
    default_seconds = 60.0
    knobs = KNOBS
    inputs = InputSpec(
        fields=(
            InputField("heater", "float", -1.0, 1.0, "-1 full cooling .. +1 full heating"),
            InputField("piston", "float", -1.0, 1.0, "-1 push in (smaller) .. +1 pull out"),
        ),
        held=True,
        idle=(0.0, 0.0),
    )
    schema = SnapshotSchema(
        fields=(
            SnapshotField("pressure", 10, "N/m", "linear", "the gauge: wall hits, averaged"),
            SnapshotField("temperature", 1, "K", "linear", "the gas temperature"),
            SnapshotField("length", 10, "cm", "linear", "the piston's distance from the end"),
            SnapshotField("heater", 2, "", "step", "the heater input, -1..1"),
            SnapshotField("piston", 2, "", "step", "the piston input, -1..1"),
            SnapshotField("in_band", 2, "s", "linear", "time the gauge read inside the band"),
            SnapshotField("phase", 15, "s", "linear", "the particles' drawing clock"),
            SnapshotField("status", 1, "", "step", "0 playing; see statuses"),
        ),
    )
    statuses = MappingProxyType(
        {int(s): Status(code, label, s is GasStatus.HELD) for s, (code, label) in CODES.items()}
    )
    # "Off target": the gauge's distance from the band's centre in % of the band's half
    # width, so the moving band is the fixed shaded strip -100..100 (the platform's plots
    # shade fixed bands); "Pressure" is the gauge in N/m
    channels = (
        Channel("offset", "Off target", "%", -100.0, 100.0),
        Channel("pressure", "Pressure", "N/m"),
        Channel("temperature", "Temperature", "K"),
        Channel("area", "Volume (area)", "cm²"),
    )
    result_columns = (
        ResultColumn("in_band", "In the band"),
        ResultColumn("centred", "Near the centre"),
        ResultColumn("held", "Goal held"),
        ResultColumn("in_band_pct", "In the band (%)"),
        ResultColumn("above_pct", "Above the band (%)"),
        ResultColumn("below_pct", "Below the band (%)"),
        ResultColumn("temperature", "Final temperature (K)"),
        ResultColumn("area", "Final area (cm²)"),
    )
    success_word = "held"

    # -- set-up --------------------------------------------------------------------------
    def validate(self, setup: RoundSetup) -> None:
        if setup.time_limit_s < 10.0:
            raise InvalidConfigError(
                f"a round of {self.title} needs at least 10 s, got {setup.time_limit_s:g} s"
            )

    def knob_defaults(self, level: str) -> dict[str, float]:
        return knob_defaults(level)

    def check_knobs(self, level: str, knobs: Mapping[str, float]) -> list[Words]:
        return feasibility(level, knobs)

    def wave(self, base: RoundSetup, wave: int) -> RoundSetup:
        if wave < 1:
            raise InvalidConfigError(f"waves count from 1, got {wave}")
        speed = {**knob_defaults(base.level), **base.knobs}["band_speed"]
        top = next(k for k in KNOBS if k.key == "band_speed").high
        knobs = {**base.knobs, "band_speed": min(top, speed + WAVE_SPEED * (wave - 1))}
        return RoundSetup(base.game, base.level, base.seed + wave - 1, base.time_limit_s, knobs)

    # -- play ----------------------------------------------------------------------------
    def new_sim(self, setup: RoundSetup) -> GasSim:
        return GasSim(setup)

    def new_ai(self, skill: float, personality: int, seed: int) -> GasAI:
        return GasAI(skill, personality, seed)

    def round_info(self, setup: RoundSetup) -> dict[str, Any]:
        plan = make_plan(setup.level, setup.seed, setup.time_limit_s, setup.knobs)
        info = plan.info()
        info["title"] = level_spec(setup.level).level.title
        info["seed"] = setup.seed
        return info

    # -- showing -------------------------------------------------------------------------
    def scene(
        self,
        info: Mapping[str, Any],
        frame: Frame | None,
        names: Mapping[int, str],
        *,
        me: int | None = None,
    ) -> Scene:
        return build_scene(info, frame, names, me=me)

    def channels_of(self, info: Mapping[str, Any], series: Series) -> dict[str, FloatArray]:
        plan = plan_of(info)
        t = series.t
        centre = np.array([plan.centre(float(x)) for x in t], dtype=np.float64)
        pressure = series["pressure"]
        half = np.maximum(centre * plan.half, 1e-9)
        return {
            "pressure": pressure,
            "offset": 100.0 * (pressure - centre) / half,
            "temperature": series["temperature"],
            "area": 100.0 * BORE * series["length"],
        }

    def hint(self, result: PlayerResult) -> Words | None:
        if result.success:
            return None
        if result.reason_code == "no_control":
            return words(
                "Use the controls: Up/Down heats and cools the gas, Left/Right moves the "
                "piston; the needle follows P = N k T / A."
            )
        if result.reason_code == "mostly_above":
            return words(
                "The pressure was mostly above the band: cool the gas (Down) or give it more "
                "room (Right) before the band moves on."
            )
        return words(
            "The pressure was mostly below the band: heat the gas (Up) or push the piston in "
            "(Left); when one is at its limit, use the other."
        )


GAME = GasLaws()
