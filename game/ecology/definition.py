"""Predator and prey as a game of the platform: its declarations (levels, knobs, inputs,
snapshot schema, statuses, channels, results) and the adapters to its simulation, AI and
spectator scene."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

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
from game.ecology.ai import EcologyAI
from game.ecology.habitat import (
    KNOBS,
    LEVELS,
    MIN_ROUND_S,
    Habitat,
    feasibility,
    habitat,
    habitat_of_info,
    knob_defaults,
    level_spec,
)
from game.ecology.results import CODES, NEED, EcologyStatus
from game.ecology.sim import FIELDS, IDLE, EcologySim
from game.ecology.spectator import build_scene
from game.errors import InvalidConfigError
from game.modes import Mode
from game.scene import Scene
from game.series import Series
from game.words import Words, words

KEY = "predator_prey"
WAVE_BAND = 0.8  # survival: each wave's band is 20 % narrower than the one before


class PredatorPrey(Game):
    key = KEY
    title = "Predator and prey"
    discipline = Discipline.BIOLOGY
    concept = (
        "Rabbits and foxes follow the Lotka–Volterra equations dx/dt = αx − βxy and "
        "dy/dt = δxy − γy: left alone they cycle around the equilibrium x* = γ/δ, y* = α/β "
        "with period 2π/√(αγ), so a steady balance needs steering against the swing."
    )
    how_to_play = (
        "Keep the rabbits and the foxes inside the green band for as long as you can: "
        "W/S (or Up/Down) set the grass, A/D (or Left/Right) the fox hunting. Less grass "
        "when rabbits are many, more hunting when foxes are many."
    )
    levels = LEVELS
    modes = frozenset(Mode)
    default_seconds = 60.0
    knobs = KNOBS
    inputs = InputSpec(
        fields=(
            InputField("hunting", "float", 0.0, 1.0, "fox hunting: 0 none, 1 removes γ a week"),
            InputField("food", "float", 0.0, 1.0, "grass: the rabbits' births α·(0.5 + food)"),
        ),
        held=True,
        idle=IDLE,
    )
    schema = SnapshotSchema(
        fields=(
            SnapshotField("rabbits", 10, "", "linear", "rabbits in the habitat"),
            SnapshotField("foxes", 100, "", "linear", "foxes in the habitat"),
            SnapshotField("hunting", 1000, "", "step", "the hunting control in force, 0..1"),
            SnapshotField("food", 1000, "", "step", "the food control in force, 0..1"),
            SnapshotField("in_band", 100, "s", "linear", "time spent in the band so far"),
            SnapshotField("inside", 1, "", "step", "1 while both populations are in the band"),
            SnapshotField("status", 1, "", "step", "0 playing; see statuses"),
        ),
    )
    statuses = MappingProxyType(
        {
            int(s): Status(code, label, s is EcologyStatus.BALANCED)
            for s, (code, label) in CODES.items()
        }
    )
    channels = (
        Channel("rabbits", "Rabbits", ""),
        Channel("foxes", "Foxes", ""),
        Channel("hunting", "Hunting", "%"),
        Channel("food", "Grass (food)", "%"),
    )
    result_columns = (
        ResultColumn("band", "Band points"),
        ResultColumn("survived", "Both survived"),
        ResultColumn("end", "In band at the end"),
        ResultColumn("in_band_pct", "In band (%)"),
        ResultColumn("in_band_s", "In band", "s"),
        ResultColumn("first_in_s", "First in band (s)"),
        ResultColumn("rabbits", "Rabbits at the end"),
        ResultColumn("foxes", "Foxes at the end"),
        ResultColumn("low_rabbits", "Fewest rabbits"),
        ResultColumn("low_foxes", "Fewest foxes"),
    )
    success_word = "balanced"

    # -- set-up --------------------------------------------------------------------------
    def habitat(self, setup: RoundSetup) -> Habitat:
        return habitat(setup.level, setup.knobs, setup.seed, setup.time_limit_s)

    def validate(self, setup: RoundSetup) -> None:
        if setup.time_limit_s < MIN_ROUND_S:
            raise InvalidConfigError(
                f"a round of {self.title} needs at least {MIN_ROUND_S:g} s to bring the "
                f"populations into the band, got {setup.time_limit_s:g} s"
            )

    def knob_defaults(self, level: str) -> dict[str, float]:
        return knob_defaults(level)

    def check_knobs(self, level: str, knobs: Mapping[str, float]) -> list[Words]:
        return feasibility(habitat(level, knobs))

    def wave(self, base: RoundSetup, wave: int) -> RoundSetup:
        if wave < 1:
            raise InvalidConfigError(f"waves count from 1, got {wave}")
        band = {**knob_defaults(base.level), **base.knobs}["band"]
        low = next(k for k in KNOBS if k.key == "band").low
        narrower = max(low, float(round(band * WAVE_BAND ** (wave - 1))))
        knobs = {**base.knobs, "band": narrower}
        return RoundSetup(base.game, base.level, base.seed + wave - 1, base.time_limit_s, knobs)

    # -- play ----------------------------------------------------------------------------
    def new_sim(self, setup: RoundSetup) -> EcologySim:
        return EcologySim(setup)

    def new_ai(self, skill: float, personality: int, seed: int) -> EcologyAI:
        return EcologyAI(skill, personality, seed)

    def round_info(self, setup: RoundSetup) -> dict[str, Any]:
        info = self.habitat(setup).info()
        info["title"] = level_spec(setup.level).title
        info["seconds"] = float(setup.time_limit_s)
        info["need"] = NEED
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

    def channels_for(self, info: Mapping[str, Any]) -> tuple[Channel, ...]:
        """The channels with this round's band shaded on the populations."""
        h = habitat_of_info(info)
        (r0, r1), (f0, f1) = h.rabbits_band, h.foxes_band
        rabbits, foxes, hunting, food = self.channels
        return (
            dataclasses.replace(rabbits, safe_low=r0, safe_high=r1),
            dataclasses.replace(foxes, safe_low=f0, safe_high=f1),
            hunting,
            food,
        )

    def channels_of(self, info: Mapping[str, Any], series: Series) -> dict[str, FloatArray]:
        return {
            "rabbits": series["rabbits"],
            "foxes": series["foxes"],
            "hunting": 100.0 * series["hunting"],
            "food": 100.0 * series["food"],
        }

    def hint(self, result: PlayerResult) -> Words | None:
        if result.success:
            return None
        code = result.outcome
        if code == "foxes_gone":
            return words(
                "Hunt less when the foxes are few: with too few rabbits and steady hunting "
                "the foxes starve."
            )
        if code == "rabbits_gone":
            return words(
                "Give more grass and hunt the foxes harder when rabbits run low: too many "
                "foxes eat them all."
            )
        if code == "overrun":
            return words("Cut the grass when rabbits boom, and let the foxes live to eat them.")
        return words(
            "Act against the swing, early: less grass while rabbits are above the band, "
            "more hunting while foxes are above it."
        )


GAME = PredatorPrey()

__all__ = ["FIELDS", "GAME", "KEY", "PredatorPrey"]
