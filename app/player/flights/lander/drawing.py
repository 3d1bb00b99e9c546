"""The flight's world in metres: terrain, pads and landers, through a camera that follows.

The camera shows ``height`` metres vertically (16:9 horizontally), zooming in as the lander
nears the ground. :meth:`WorldCamera.to_canvas` maps a world point onto the 1280 x 720
canvas, where labels (pad multipliers, nicknames) are drawn at a readable size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import arcade
import numpy as np
from arcade.types import LRBT

from app.player import palette
from app.player.palette import RGB, RGBA, with_alpha
from app.player.ui import HEIGHT, WIDTH, Letterbox
from game.lander import LanderSpec, Terrain

MIN_VIEW = 45.0  # m shown vertically, close to the ground
MAX_VIEW = 280.0
TRUE_SIZE_VIEW = 110.0  # m: wider views draw landers larger than life, to stay visible
ZOOM_TIME = 0.6  # s, time constant of the zoom
FLOOR_DEPTH = 400.0  # m of ground drawn under the lowest terrain point
ASPECT = WIDTH / HEIGHT


@dataclass
class WorldCamera:
    x: float = 0.0
    y: float = 0.0
    height: float = 200.0  # metres shown top to bottom

    @property
    def width(self) -> float:
        return self.height * ASPECT

    def follow(self, x: float, y: float, altitude: float, ground: float, dt: float) -> None:
        """Aim at the lander; zoom so the ground stays in view; smooth the zoom."""
        want = min(MAX_VIEW, max(MIN_VIEW, 1.5 * altitude + 30.0))
        k = 1.0 - math.exp(-dt / ZOOM_TIME) if dt > 0 else 1.0
        self.height += (want - self.height) * k
        self.x = x
        self.y = max(y, ground + 0.38 * self.height)

    @property
    def lander_scale(self) -> float:
        """How much larger than life landers are drawn (1 close to the ground)."""
        return max(1.0, self.height / TRUE_SIZE_VIEW)

    def to_canvas(self, x: float, y: float) -> tuple[float, float]:
        s = HEIGHT / self.height
        return (WIDTH / 2 + (x - self.x) * s, HEIGHT / 2 + (y - self.y) * s)

    def visible(self, x: float, y: float, margin: float = 0.0) -> bool:
        return (
            abs(x - self.x) <= self.width / 2 + margin
            and abs(y - self.y) <= self.height / 2 + margin
        )

    def camera(self, box: Letterbox) -> arcade.Camera2D:
        half_w, half_h = self.width / 2, self.height / 2
        return arcade.Camera2D(
            viewport=box.viewport(),
            projection=LRBT(-half_w, half_w, -half_h, half_h),
            position=(self.x, self.y),
        )


class TerrainShapes:
    """The ground as one vertex buffer, built once a round."""

    def __init__(self, terrain: Terrain) -> None:
        self.terrain = terrain
        pts = terrain.points
        floor = float(pts[:, 1].min()) - FLOOR_DEPTH
        strip: list[tuple[float, float]] = []
        colours: list[RGBA] = []
        top, deep = with_alpha(palette.GROUND, 255), with_alpha(palette.GROUND_DEEP, 255)
        for x, y in pts.tolist():
            strip += [(x, y), (x, floor)]
            colours += [top, deep]
        self.shapes: arcade.shape_list.ShapeElementList[arcade.shape_list.Shape] = (
            arcade.shape_list.ShapeElementList()
        )
        self.shapes.append(
            arcade.shape_list.create_triangles_strip_filled_with_colors(strip, colours)
        )
        self.shapes.append(
            arcade.shape_list.create_line_strip(
                [(float(x), float(y)) for x, y in pts.tolist()], (150, 150, 165, 255), 0.5
            )
        )
        for pad in terrain.pads:
            self.shapes.append(
                arcade.shape_list.create_rectangle_filled(
                    pad.centre, pad.y - 0.5, pad.width, 1.0, with_alpha(palette.PAD, 255)
                )
            )
            for edge in (pad.x_left, pad.x_right):
                self.shapes.append(
                    arcade.shape_list.create_rectangle_filled(
                        edge, pad.y + 1.0, 0.4, 2.0, with_alpha(palette.VERMILLION, 255)
                    )
                )

    def draw(self) -> None:
        self.shapes.draw()


class Starfield:
    """A fixed sky of points on the canvas."""

    def __init__(self, seed: int = 7, count: int = 140) -> None:
        rng = np.random.default_rng(seed)
        xs = rng.uniform(0, WIDTH, count)
        ys = rng.uniform(0, HEIGHT, count)
        self.shapes: arcade.shape_list.ShapeElementList[arcade.shape_list.Shape] = (
            arcade.shape_list.ShapeElementList()
        )
        for x, y, b in zip(xs, ys, rng.uniform(90, 220, count), strict=True):
            c = int(b)
            self.shapes.append(
                arcade.shape_list.create_rectangle_filled(float(x), float(y), 2, 2, (c, c, c, 255))
            )

    def draw(self) -> None:
        self.shapes.draw()


def _rotate(
    points: list[tuple[float, float]], angle: float, x: float, y: float
) -> list[tuple[float, float]]:
    c, s = math.cos(angle), math.sin(angle)
    return [(x + px * c - py * s, y + px * s + py * c) for px, py in points]


def draw_lander(
    spec: LanderSpec,
    x: float,
    y: float,
    angle: float,
    throttle: float,
    colour: RGB,
    *,
    flicker: float = 1.0,
    crashed: bool = False,
    scale: float = 1.0,
) -> None:
    """One lander at (x, y) in metres, ``angle`` rad counter-clockwise, its flame by throttle.

    ``scale`` > 1 draws it larger than life (about its centre of mass) in wide views.
    """
    if scale != 1.0:
        spec = replace(
            spec,
            width=spec.width * scale,
            top_width=spec.top_width * scale,
            height=spec.height * scale,
            foot_depth=spec.foot_depth * scale,
        )
    body = spec.vertices()
    bottom = -spec.foot_depth
    top = spec.height - spec.foot_depth
    half, top_half = spec.width / 2, spec.top_width / 2
    hull_colour = (120, 120, 130) if crashed else (215, 218, 228)
    # the hull sits above the legs: a trapezoid from 0.6 m above the feet
    hull = [
        (-half * 0.8, bottom + 0.6),
        (half * 0.8, bottom + 0.6),
        (top_half, top),
        (-top_half, top),
    ]
    arcade.draw_polygon_filled(_rotate(hull, angle, x, y), hull_colour)
    band_low, band_high = bottom + 1.3, bottom + 2.0
    wl = half * 0.8 + (top_half - half * 0.8) * (band_low - bottom - 0.6) / (top - bottom - 0.6)
    wh = half * 0.8 + (top_half - half * 0.8) * (band_high - bottom - 0.6) / (top - bottom - 0.6)
    band = [(-wl, band_low), (wl, band_low), (wh, band_high), (-wh, band_high)]
    arcade.draw_polygon_filled(_rotate(band, angle, x, y), colour)
    legs = [
        (-half * 0.55, bottom + 0.7),
        body[0],
        (half * 0.55, bottom + 0.7),
        body[1],
    ]
    arcade.draw_lines(_rotate(legs, angle, x, y), (180, 182, 192), 0.25)
    if throttle > 0.02 and not crashed:
        length = (1.2 + 3.5 * throttle) * flicker
        flame = [(-0.55, bottom + 0.55), (0.55, bottom + 0.55), (0.0, bottom + 0.55 - length)]
        arcade.draw_polygon_filled(_rotate(flame, angle, x, y), palette.FLAME_EDGE)
        core = [(-0.3, bottom + 0.55), (0.3, bottom + 0.55), (0.0, bottom + 0.55 - 0.6 * length)]
        arcade.draw_polygon_filled(_rotate(core, angle, x, y), palette.FLAME_CORE)


def nozzle(spec: LanderSpec, x: float, y: float, angle: float) -> tuple[float, float, float, float]:
    """Where the exhaust leaves (x, y) and its direction (dx, dy), unit length."""
    ((nx, ny),) = _rotate([(0.0, -spec.foot_depth + 0.3)], angle, x, y)
    return (nx, ny, math.sin(angle), -math.cos(angle))
