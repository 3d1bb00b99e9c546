"""Bridge builder as a game of the platform: its declarations (levels, knobs, inputs,
snapshot schema, statuses, channels, results) and the adapters to its simulation, AI and
spectator scene."""

from __future__ import annotations

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
    ResultColumn,
    RoundSetup,
    SnapshotField,
    SnapshotSchema,
    Status,
)
from game.bridge.ai import BridgeAI
from game.bridge.designs import reference, strongest
from game.bridge.geometry import (
    CANDIDATES,
    KNOBS,
    LEVELS,
    Geometry,
    geometry,
    knob_defaults,
    level_spec,
)
from game.bridge.results import CODES, BridgeStatus, money
from game.bridge.sim import ACTIONS, BridgeSim
from game.bridge.spectator import build_scene
from game.errors import InvalidConfigError
from game.modes import Mode
from game.scene import Scene
from game.series import Series
from game.words import Words, words

KEY = "bridge_builder"
MIN_BUILD_S = 2.0  # a round leaves at least this long to build before the trucks must go
WAVE_LOAD = 0.2  # survival: each wave's trucks are 20 % heavier than the first's


class BridgeBuilder(Game):
    key = KEY
    title = "Bridge builder"
    discipline = Discipline.ENGINEERING
    concept = (
        "A truss carries a load by pulling and pushing along its members: at every joint the "
        "forces balance, ΣFx = 0 and ΣFy = 0, and a member fails when |F| exceeds its "
        "strength (in compression it buckles first, at F = π²EI/L²)."
    )
    how_to_play = (
        "Click the faint lines to build members (1: light, 2: heavy; right-click removes). "
        "Stay within the budget, then press T to send the truck over: the cheapest bridge "
        "that holds wins."
    )
    levels = LEVELS
    modes = frozenset(Mode)
    default_seconds = 60.0
    knobs = KNOBS
    inputs = InputSpec(
        fields=(
            InputField(
                "action",
                "int",
                0,
                ACTIONS,
                "0 nothing, 1 build light, 2 build heavy, 3 remove, 4 test (send the trucks)",
            ),
            InputField("member", "int", 0, CANDIDATES - 1, "the candidate member (0..30)"),
        ),
        held=False,
        idle=(0, 0),
    )
    schema = SnapshotSchema(
        fields=(
            SnapshotField("built", 1, "", "step", "bit i set: candidate i is built"),
            SnapshotField("heavy", 1, "", "step", "bit i set: candidate i is heavy"),
            SnapshotField("broken", 1, "", "step", "bit i set: candidate i broke"),
            SnapshotField("cost", 1, "$", "step", "what the members cost"),
            SnapshotField("stage", 1, "", "step", "0 building, 1 testing"),
            SnapshotField("load_x", 100, "m", "linear", "the lead truck's centre"),
            SnapshotField("load_v", 100, "m/s", "linear", "the trucks' speed"),
            SnapshotField("stress", 100, "", "linear", "highest member force / strength now"),
            SnapshotField("deflection", 10, "mm", "linear", "the deck's largest sag now"),
            SnapshotField("status", 1, "", "step", "0 playing; see statuses"),
        ),
        predict=(("load_x", "load_v"),),
    )
    statuses = MappingProxyType(
        {int(s): Status(code, label, s is BridgeStatus.HELD) for s, (code, label) in CODES.items()}
    )
    channels = (
        Channel("stress", "Stress", "%", safe_high=100.0),
        Channel("budget", "Budget used", "%", safe_high=100.0),
        Channel("deflection", "Deck sag", "mm"),
        Channel("load_x", "Truck position", "m"),
    )
    result_columns = (
        ResultColumn("load", "Load carried"),
        ResultColumn("budget_left", "Budget left"),
        ResultColumn("intact", "No member broke"),
        ResultColumn("cost", "Cost", "k$"),
        ResultColumn("peak_stress", "Peak stress / strength (%)"),
        ResultColumn("deflection", "Max sag (mm)"),
        ResultColumn("members", "Members"),
        ResultColumn("heavy_members", "Heavy members"),
        ResultColumn("broken", "Broken members"),
    )
    success_word = "held"

    # -- set-up --------------------------------------------------------------------------
    def geometry(self, setup: RoundSetup) -> Geometry:
        return geometry(setup.level, setup.knobs)

    def validate(self, setup: RoundSetup) -> None:
        geo = self.geometry(setup)
        need = geo.test_seconds + MIN_BUILD_S
        if setup.time_limit_s < need:
            raise InvalidConfigError(
                f"a round of {self.title} on {level_spec(setup.level).title} needs at least "
                f"{need:.0f} s (the trucks take {geo.test_seconds:.1f} s to cross), "
                f"got {setup.time_limit_s:g} s"
            )

    def knob_defaults(self, level: str) -> dict[str, float]:
        return knob_defaults(level)

    def check_knobs(self, level: str, knobs: Mapping[str, float]) -> list[Words]:
        geo = geometry(level, knobs)
        ref = reference(geo)
        load = f"{geo.load:g}"
        if ref is None:
            best = strongest(geo)
            if best.capacity <= 0.0:
                return [
                    words(
                        "even the strongest known bridge (a {0} truss, every member heavy) "
                        "breaks under its own weight and the deck's: nobody can pass",
                        best.name,
                    )
                ]
            breaks = f"{best.capacity:.0f}"
            if geo.trucks > 1:
                return [
                    words(
                        "{0} trucks of {1} kN is more than the strongest known bridge can carry "
                        "(a {2} truss with every member heavy first breaks at {3} kN): "
                        "nobody can pass",
                        f"{geo.trucks}",
                        load,
                        best.name,
                        breaks,
                    )
                ]
            return [
                words(
                    "a truck of {0} kN is more than the strongest known bridge can carry "
                    "(a {1} truss with every member heavy first breaks at {2} kN): "
                    "nobody can pass",
                    load,
                    best.name,
                    breaks,
                )
            ]
        if ref.cost > geo.budget:
            return [
                words(
                    "the cheapest known bridge that carries {0} kN (a {1} truss sized to "
                    "its forces) costs {2}, more than the budget {3}: expect nobody to pass",
                    load,
                    ref.name,
                    money(ref.cost),
                    money(geo.budget),
                )
            ]
        if ref.cost > 0.95 * geo.budget:
            return [
                words(
                    "the budget is tight: the cheapest known bridge costs {0} of "
                    "the {1}; most bridges will be over budget",
                    money(ref.cost),
                    money(geo.budget),
                )
            ]
        return []

    def wave(self, base: RoundSetup, wave: int) -> RoundSetup:
        if wave < 1:
            raise InvalidConfigError(f"waves count from 1, got {wave}")
        load = self.geometry(base).load * (1.0 + WAVE_LOAD * (wave - 1))
        top = next(k for k in KNOBS if k.key == "load").high
        knobs = {**base.knobs, "load": min(top, round(load / 10.0) * 10.0)}
        return RoundSetup(base.game, base.level, base.seed + wave - 1, base.time_limit_s, knobs)

    # -- play ----------------------------------------------------------------------------
    def new_sim(self, setup: RoundSetup) -> BridgeSim:
        return BridgeSim(setup)

    def new_ai(self, skill: float, personality: int, seed: int) -> BridgeAI:
        return BridgeAI(skill, personality, seed)

    def round_info(self, setup: RoundSetup) -> dict[str, Any]:
        geo = self.geometry(setup)
        ref = reference(geo)
        info = geo.info()
        info["title"] = level_spec(setup.level).title
        info["reference_cost"] = None if ref is None else ref.cost
        info["reference_design"] = None if ref is None else ref.name
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
        budget = max(1.0, float(info.get("budget", 1.0)))
        return {
            "stress": 100.0 * series["stress"],
            "budget": 100.0 * series["cost"] / budget,
            "deflection": series["deflection"],
            "load_x": series["load_x"],
        }


GAME = BridgeBuilder()
