"""The knobs a teacher changed for a round, in words, the same on every screen that shows
them (Watch live, the projector, the student's HUD): "Gravity 5 m/s²"."""

from __future__ import annotations

from collections.abc import Mapping

from app.common.gamewords import number as localised
from app.common.gamewords import say
from game.api import Game


def changed_knobs(
    game: Game, level: str, knobs: Mapping[str, float], language: str = "en"
) -> list[str]:
    """One "Label value unit" per knob the teacher set to other than the level's own value,
    in the order the game declares its knobs, in ``language``; [] when the round plays the
    world as it is."""
    own = game.knob_defaults(level)
    out: list[str] = []
    for knob in game.knobs:
        if knob.key not in knobs:
            continue
        value = float(knobs[knob.key])
        if knob.key in own and abs(own[knob.key] - value) <= 1e-9 * max(1.0, abs(value)):
            continue
        number = localised(f"{value:.0f}" if knob.integer else f"{value:g}", language)
        unit = f" {say(knob.unit, language)}" if knob.unit else ""
        out.append(f"{say(knob.label, language)} {number}{unit}")
    return out


def knobs_line(game: Game, level: str, knobs: Mapping[str, float]) -> str:
    """ "Changed: Gravity 5 m/s², Thrust 4000 N", or "" when nothing was changed (English:
    a screen in another language says it with :func:`changed_knobs` in its own words)."""
    changed = changed_knobs(game, level, knobs)
    return "Changed: " + ", ".join(changed) if changed else ""
