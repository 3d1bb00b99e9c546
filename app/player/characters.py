"""The 12 characters (seed 003's CharacterFactory), drawn procedurally with arcade shapes.

Each character differs from every other by its feature (antenna, ears, crest...), and also by
colour and helmet where it can: six colour-blind-safe colours x two helmet shapes. So two
students never have to be told apart by colour alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import arcade

from app.player.palette import CHARACTER_COLOURS, RGB

COUNT = 12
FEATURES = (
    "antenna",
    "ears",
    "crest",
    "horns",
    "twin antennas",
    "halo",
    "star badge",
    "goggles",
    "fin",
    "bolt badge",
    "bubble",
    "spikes",
)
NAMES = (
    "Astra",
    "Bolt",
    "Comet",
    "Dash",
    "Echo",
    "Flare",
    "Gizmo",
    "Halley",
    "Ion",
    "Jet",
    "Kepler",
    "Luna",
)
VISOR: RGB = (25, 30, 50)
WHITE: RGB = (240, 240, 245)


@dataclass(frozen=True)
class Character:
    index: int
    name: str
    colour: RGB
    helmet: str  # "round" or "square"
    feature: str


def character(index: int) -> Character:
    """Character ``index`` (any int; taken modulo 12, so a bad number still draws)."""
    i = index % COUNT
    return Character(
        index=i,
        name=NAMES[i],
        colour=CHARACTER_COLOURS[i % len(CHARACTER_COLOURS)],
        helmet="round" if i < COUNT // 2 else "square",
        feature=FEATURES[i],
    )


def colour_of(index: int) -> RGB:
    return character(index).colour


def draw_character(index: int, x: float, y: float, size: float) -> None:
    """Draw character ``index`` centred at (x, y), ``size`` tall (current camera units)."""
    c = character(index)
    s = size / 2
    body = c.colour
    # body and shoulders
    arcade.draw_lrbt_rectangle_filled(x - 0.55 * s, x + 0.55 * s, y - s, y - 0.25 * s, body)
    arcade.draw_lrbt_rectangle_filled(x - 0.2 * s, x + 0.2 * s, y - 0.85 * s, y - 0.45 * s, WHITE)
    if c.feature != "goggles":
        _feature(c.feature, x, y + 0.3 * s, s, body)
    # helmet
    if c.helmet == "round":
        arcade.draw_circle_filled(x, y + 0.3 * s, 0.55 * s, body)
        arcade.draw_ellipse_filled(x, y + 0.3 * s, 0.75 * s, 0.45 * s, VISOR)
    else:
        arcade.draw_lrbt_rectangle_filled(
            x - 0.52 * s, x + 0.52 * s, y - 0.2 * s, y + 0.8 * s, body
        )
        arcade.draw_lrbt_rectangle_filled(
            x - 0.38 * s, x + 0.38 * s, y + 0.12 * s, y + 0.5 * s, VISOR
        )
    if c.feature == "goggles":
        _feature(c.feature, x, y + 0.3 * s, s, body)
    # the visor's glint
    arcade.draw_circle_filled(x + 0.2 * s, y + 0.4 * s, 0.07 * s, WHITE)
    _badge(c.feature, x, y - 0.62 * s, s)


def _feature(feature: str, x: float, hy: float, s: float, colour: RGB) -> None:
    top = hy + 0.55 * s
    if feature == "antenna":
        arcade.draw_line(x, top - 0.1 * s, x, top + 0.35 * s, WHITE, max(1.0, 0.06 * s))
        arcade.draw_circle_filled(x, top + 0.4 * s, 0.1 * s, colour)
    elif feature == "twin antennas":
        for dx in (-0.25, 0.25):
            arcade.draw_line(
                x + dx * s, top - 0.1 * s, x + dx * 1.6 * s, top + 0.3 * s, WHITE, 0.05 * s + 1
            )
            arcade.draw_circle_filled(x + dx * 1.6 * s, top + 0.33 * s, 0.08 * s, WHITE)
    elif feature == "ears":
        for dx in (-1, 1):
            arcade.draw_circle_filled(x + dx * 0.5 * s, hy + 0.35 * s, 0.2 * s, colour)
            arcade.draw_circle_filled(x + dx * 0.5 * s, hy + 0.35 * s, 0.1 * s, WHITE)
    elif feature == "crest":
        arcade.draw_triangle_filled(
            x - 0.15 * s, top - 0.1 * s, x + 0.15 * s, top - 0.1 * s, x, top + 0.4 * s, WHITE
        )
    elif feature == "horns":
        for dx in (-1, 1):
            arcade.draw_triangle_filled(
                x + dx * 0.3 * s,
                top - 0.15 * s,
                x + dx * 0.5 * s,
                top - 0.25 * s,
                x + dx * 0.55 * s,
                top + 0.25 * s,
                WHITE,
            )
    elif feature == "halo":
        arcade.draw_ellipse_outline(x, top + 0.2 * s, 0.8 * s, 0.22 * s, WHITE, 0.06 * s + 1)
    elif feature == "goggles":
        arcade.draw_lrbt_rectangle_filled(
            x - 0.6 * s, x + 0.6 * s, top - 0.3 * s, top - 0.18 * s, WHITE
        )
    elif feature == "fin":
        arcade.draw_polygon_filled(
            [
                (x - 0.1 * s, top - 0.1 * s),
                (x + 0.5 * s, top - 0.05 * s),
                (x - 0.05 * s, top + 0.35 * s),
            ],
            WHITE,
        )
    elif feature == "bubble":
        arcade.draw_circle_outline(x, hy, 0.75 * s, WHITE, 0.05 * s + 1)
    elif feature == "spikes":
        for k in range(-2, 3):
            a = math.pi / 2 + k * 0.45
            bx, by = x + math.cos(a) * 0.5 * s, hy + math.sin(a) * 0.5 * s
            arcade.draw_triangle_filled(
                bx - 0.08 * s,
                by,
                bx + 0.08 * s,
                by,
                x + math.cos(a) * 0.8 * s,
                hy + math.sin(a) * 0.8 * s,
                WHITE,
            )


def _badge(feature: str, x: float, y: float, s: float) -> None:
    if feature == "star badge":
        points = []
        for k in range(10):
            r = 0.2 * s if k % 2 == 0 else 0.08 * s
            a = math.pi / 2 + k * math.pi / 5
            points.append((x + r * math.cos(a), y + r * math.sin(a)))
        arcade.draw_polygon_filled(points, VISOR)
    elif feature == "bolt badge":
        arcade.draw_polygon_filled(
            [
                (x + 0.05 * s, y + 0.22 * s),
                (x - 0.12 * s, y - 0.02 * s),
                (x + 0.0 * s, y - 0.02 * s),
                (x - 0.06 * s, y - 0.22 * s),
                (x + 0.12 * s, y + 0.04 * s),
                (x + 0.0 * s, y + 0.04 * s),
            ],
            VISOR,
        )
