"""Projectile range as a game of the platform: its declarations (levels, knobs, inputs,
snapshot schema, statuses, channels, results) and the adapters to its simulation, AI and
spectator scene."""

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
from game.modes import Mode
from game.projectile.ai import ProjectileAI
from game.projectile.results import CODES, ProjectileStatus
from game.projectile.sim import ACTIONS, START_ANGLE, START_SPEED, ProjectileSim
from game.projectile.spectator import build_scene
from game.projectile.world import (
    KNOBS,
    LEVELS,
    MAX_ANGLE,
    MAX_SPEED,
    MIN_ANGLE,
    MIN_SPEED,
    World,
    knob_defaults,
    level_spec,
    world,
)
from game.scene import Scene
from game.series import Series
from game.words import Words, words

KEY = "projectile_range"
MIN_SECONDS = 10.0
WAVE_STEP = 0.15  # survival: each wave's targets are 15 % farther and 10 % narrower
ERROR_CLIP = 400.0  # % of the half-width: the "off target" channel is clipped here


class ProjectileRange(Game):
    key = KEY
    title = "Projectile range"
    discipline = Discipline.PHYSICS
    concept = (
        "Without air, a shell launched at speed v and angle θ lands R = v² sin 2θ / g away, "
        "farthest at 45°; with air, drag shortens every shot and the best angle drops."
    )
    how_to_play = (
        "Up and Down turn the angle, Left and Right the speed (hold Shift for fine steps); "
        "Space fires. Hit the three targets in order, nearest first, with few shots."
    )
    levels = LEVELS
    modes = frozenset(Mode)
    default_seconds = 90.0
    knobs = KNOBS
    inputs = InputSpec(
        fields=(
            InputField("action", "int", 0, ACTIONS, "0 nothing, 1 turn the dials, 2 fire"),
            InputField("angle", "float", MIN_ANGLE, MAX_ANGLE, "launch angle above the ground, °"),
            InputField("speed", "float", MIN_SPEED, MAX_SPEED, "launch speed, m/s"),
        ),
        held=False,
        idle=(0, START_ANGLE, START_SPEED),
    )
    schema = SnapshotSchema(
        fields=(
            SnapshotField("aim_angle", 10, "deg", "linear", "the angle dial now"),
            SnapshotField("aim_speed", 10, "m/s", "linear", "the speed dial now"),
            SnapshotField("shot_angle", 100, "deg", "step", "the last shot's launch angle"),
            SnapshotField("shot_speed", 100, "m/s", "step", "the last shot's launch speed"),
            SnapshotField("x", 100, "m", "linear", "the shell, from the cannon"),
            SnapshotField("y", 100, "m", "linear", "the shell, above the ground"),
            SnapshotField("vx", 100, "m/s", "linear"),
            SnapshotField("vy", 100, "m/s", "linear"),
            SnapshotField("flying", 1, "", "step", "1 while a shell is in the air"),
            SnapshotField("shots", 1, "", "step", "shells fired"),
            SnapshotField("hits", 1, "", "step", "targets hit"),
            SnapshotField("target", 1, "", "step", "the target of the last shell"),
            SnapshotField("last_x", 100, "m", "step", "where the last shell came down"),
            SnapshotField("points", 1, "", "step", "points so far"),
            SnapshotField("status", 1, "", "step", "0 playing; see statuses"),
        ),
        predict=(("x", "vx"), ("y", "vy")),
    )
    statuses = MappingProxyType(
        {
            int(s): Status(code, label, s is ProjectileStatus.ALL_HIT)
            for s, (code, label) in CODES.items()
        }
    )
    channels = (
        Channel("height", "Shell height", "m"),
        # (the shell's x - the centre of the target it was fired at) / the half-width:
        # within ±100 % a shell hits; clipped to ±400 %
        Channel("error", "Off target", "%", -100.0, 100.0),
        Channel("distance", "Shell distance", "m"),
        Channel("speed", "Shell speed", "m/s"),
    )
    result_columns = (
        ResultColumn("hits", "Targets hit"),
        ResultColumn("closeness", "Near the centres"),
        ResultColumn("shots_left", "Shots left"),
        ResultColumn("time", "Time left"),
        ResultColumn("shots", "Shots fired"),
        ResultColumn("best_error", "Closest to a centre (m)"),
        ResultColumn("mean_error", "Mean miss (m)"),
    )
    success_word = "hit every target"

    # -- set-up --------------------------------------------------------------------------
    def world(self, setup: RoundSetup) -> World:
        return world(setup.level, setup.knobs)

    def validate(self, setup: RoundSetup) -> None:
        if setup.time_limit_s < MIN_SECONDS:
            raise InvalidConfigError(
                f"a round of {self.title} needs at least {MIN_SECONDS:g} s, "
                f"got {setup.time_limit_s:g} s"
            )

    def knob_defaults(self, level: str) -> dict[str, float]:
        return knob_defaults(level)

    def check_knobs(self, level: str, knobs: Mapping[str, float]) -> list[Words]:
        w = world(level, knobs)
        out: list[Words] = []
        reach, angle = w.longest_shot()
        near_edge = w.farthest - w.half_width
        if reach < near_edge:
            ph = w.physics
            if ph.drag == 0.0 and ph.wind == 0.0:
                how = words(
                    "v_max²/g = {0}²/{1} = {2} m (at 45°)",
                    f"{MAX_SPEED:g}",
                    f"{ph.gravity:g}",
                    f"{reach:.0f}",
                )
            else:
                how = words(
                    "{0} m with this air (at {1}°, {2} m/s)",
                    f"{reach:.0f}",
                    f"{angle:.0f}",
                    f"{MAX_SPEED:g}",
                )
            out.append(
                words(
                    "the farthest target ({0} m) is beyond the cannon's maximum range "
                    "{1}: no one can hit it",
                    f"{w.farthest:g}",
                    how,
                )
            )
        if w.shots < len(w.targets):
            out.append(
                words(
                    "{0} targets but only {1} shots: no one can hit them all"
                    if w.shots != 1
                    else "{0} targets but only {1} shot: no one can hit them all",
                    f"{len(w.targets)}",
                    f"{w.shots}",
                )
            )
        gap = min(b - a for a, b in zip((0.0, *w.targets), w.targets, strict=False))
        if 2 * w.half_width >= gap and len(w.targets) > 1:
            out.append(
                words(
                    "the targets ({0} m wide) overlap or touch: one shell may "
                    "land in two of them (it counts for the one aimed at)",
                    f"{2 * w.half_width:g}",
                )
            )
        return out

    def wave(self, base: RoundSetup, wave: int) -> RoundSetup:
        if wave < 1:
            raise InvalidConfigError(f"waves count from 1, got {wave}")
        if wave == 1:
            return base
        w = self.world(base)
        top = next(k for k in KNOBS if k.key == "distance").high
        far = min(top, round(w.farthest * (1.0 + WAVE_STEP * (wave - 1)) / 5.0) * 5.0)
        size = max(1.0, round(4.0 * w.half_width * (1.0 - 0.1 * (wave - 1))) / 2.0)
        knobs = {**base.knobs, "distance": far, "target_size": size}
        return RoundSetup(base.game, base.level, base.seed + wave - 1, base.time_limit_s, knobs)

    # -- play ----------------------------------------------------------------------------
    def new_sim(self, setup: RoundSetup) -> ProjectileSim:
        return ProjectileSim(setup)

    def new_ai(self, skill: float, personality: int, seed: int) -> ProjectileAI:
        return ProjectileAI(skill, personality, seed)

    def round_info(self, setup: RoundSetup) -> dict[str, Any]:
        info = self.world(setup).info()
        info["title"] = level_spec(setup.level).title
        return info

    def hint(self, result: PlayerResult) -> Words | None:
        if result.success:
            return None
        if result.reason_code == "last_short":
            return words("Short? R grows as v²: 10 % more speed goes about 21 % farther.")
        if result.reason_code == "last_long":
            return words("Long? R grows as v²: 10 % less speed falls about 19 % shorter.")
        if result.reason_code == "out_of_shots":
            return words(
                "Each miss costs a shot: after one, change the speed by how far it missed."
            )
        shots = result.details.get("shots", 0)
        if not shots:
            return words("Press Space to fire: the dials start at 45° and 20 m/s.")
        return words("Fire sooner: watch where each shell lands, then correct the speed.")

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
        targets = np.asarray(info.get("targets", [1.0]), dtype=np.float64)
        half = max(1e-9, float(info.get("half_width", 1.0)))
        aimed = np.clip(np.rint(series["target"]).astype(np.int64), 0, len(targets) - 1)
        error = 100.0 * (series["x"] - targets[aimed]) / half
        return {
            "height": series["y"],
            "error": np.clip(error, -ERROR_CLIP, ERROR_CLIP),
            "distance": series["x"],
            "speed": np.hypot(series["vx"], series["vy"]),
        }


GAME = ProjectileRange()
