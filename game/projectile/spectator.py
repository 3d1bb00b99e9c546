"""What Watch live (and the player's own screen) draws: the range side on, the cannon at
the left, the targets on the ground with their distances, and every player's shot in the
player's colour: the arc so far and the shell while it flies, the whole arc faintly and
where it came down once it has landed.

A shot's arc is flown again here from its angle and speed (the snapshot carries them to
the 0.01 the host fired them at) with the host's own integrator, so every screen draws
the very arc the host flew.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game.api import Frame
from game.projectile.flight import Trajectory, fly
from game.projectile.results import ProjectileStatus
from game.projectile.sim import FIELDS
from game.projectile.world import World, world_of
from game.scene import Dot, Glyph, Label, Poly, Scene, Shape, rect, told, told_panel
from game.words import Words, fixed, words

SKY = "#0b1026"
GROUND = "#3b4a3a"
GROUND_TOP = "#8fae7e"
TARGET = "#e69f00"  # Okabe-Ito orange: the target to hit now
TARGET_LATER = "#8a7a5a"
TARGET_HIT = "#009e73"  # bluish green
CANNON = "#c8cde0"
COLOURS = (  # one per seat: Okabe-Ito and friends, readable on the night sky
    "#56b4e9",
    "#f0e442",
    "#cc79a7",
    "#e69f00",
    "#9ad0a0",
    "#ff8c69",
    "#b4a7ff",
    "#ffffff",
)
STATUS_WORDS = {
    int(ProjectileStatus.ALL_HIT): words("all hit"),
    int(ProjectileStatus.OUT_OF_SHOTS): words("out of shots"),
    int(ProjectileStatus.TIMED_OUT): words("timed out"),
}
BARREL = ((-0.12, -0.1), (0.12, -0.1), (0.09, 1.0), (-0.09, 1.0))  # pointing up, unit long
ARC_EVERY = 2  # draw every 2nd step of an arc


@dataclass(frozen=True)
class Gunner:
    """One player's row, as drawn."""

    aim_angle: float
    aim_speed: float
    shot_angle: float
    shot_speed: float
    x: float
    y: float
    flying: bool
    fired: int
    hits: int
    target: int
    last_x: float
    points: int
    status: int


def gunner_of(row: Sequence[float]) -> Gunner:
    v = dict(zip(FIELDS, (float(x) for x in row), strict=True))
    return Gunner(
        v["aim_angle"],
        v["aim_speed"],
        v["shot_angle"],
        v["shot_speed"],
        v["x"],
        v["y"],
        v["flying"] > 0.5,
        round(v["shots"]),
        round(v["hits"]),
        round(v["target"]),
        v["last_x"],
        round(v["points"]),
        round(v["status"]),
    )


def arc_of(w: World, angle: float, speed: float) -> Trajectory | None:
    if speed <= 0.0:
        return None
    return fly(angle, speed, w.physics)


def view_of(w: World, arcs: Sequence[Trajectory]) -> tuple[float, float, float, float]:
    """The metres to show: the cannon, the farthest target with room beyond, every arc
    drawn (at most 3 times the farthest target's distance), and the ground under them."""
    far = w.farthest + w.half_width
    x1 = far * 1.12
    top = 0.0
    for a in arcs:
        x1 = max(x1, min(3.0 * far, a.range + 0.06 * far))
        top = max(top, a.apex)
    width = x1 * 1.08
    x0 = x1 - width
    height = max(0.5 * width, min(2.0 * width, top * 1.25 + 0.1 * width))
    y0 = -0.08 * height
    return (x0, y0, x1, y0 + height)


def ground_shapes(
    w: World, view: tuple[float, float, float, float], hits: int | None
) -> list[Shape]:
    """The ground, the targets (coloured by ``hits``, the own hits, when given) and their
    distances, the cannon's base."""
    x0, y0, x1, y1 = view
    h = y1 - y0
    out: list[Shape] = [
        Poly(rect(x0, y0, x1, 0.0), None, GROUND, closed=True),
        Poly(((x0, 0.0), (x1, 0.0)), GROUND_TOP, width=2.0),
    ]
    post = 0.05 * h
    for i, d in enumerate(w.targets):
        colour = TARGET
        if hits is not None:
            colour = TARGET_HIT if i < hits else TARGET if i == hits else TARGET_LATER
        a, b = d - w.half_width, d + w.half_width
        out.append(Poly(rect(a, -0.025 * h, b, 0.0), colour, colour + "88", 2.0, closed=True))
        out.append(Poly(((d, 0.0), (d, post)), colour, width=2.0))
        out.append(
            Poly(
                ((d, post), (d + 0.02 * h, post * 0.8), (d, post * 0.6)),
                colour,
                colour,
                closed=True,
            )
        )
        word = words("{0} m ✓" if hits is not None and i < hits else "{0} m", f"{d:g}")
        out.append(told(d, y0, word, colour, 15.0, offset_px=(0.0, 8.0), bold=i == hits))
    out.append(Dot(0.0, 0.0, 0.012 * h, CANNON, None, 14.0))
    return out


def cannon_shape(angle_deg: float, colour: str, length: float, min_px: float) -> Glyph:
    """The barrel at the origin, raised by ``angle_deg`` above the ground."""
    outline = tuple((x * length, y * length) for x, y in BARREL)
    return Glyph(0.0, 0.0, math.radians(angle_deg - 90.0), outline, colour, None, min_px)


def arc_points(
    arc: Trajectory, until_x: float | None, view: tuple[float, float, float, float]
) -> tuple[tuple[float, float], ...]:
    """The arc's points (every :data:`ARC_EVERY`-th step), up to the shell at ``until_x``
    (None: all of it), cut where it leaves the view."""
    x0, _, x1, y1 = view
    pts: list[tuple[float, float]] = []
    n = len(arc.points)
    for i, (x, y) in enumerate(arc.points):
        if i % ARC_EVERY and i != n - 1:
            continue
        if until_x is not None and x > until_x:
            break
        if not (x0 <= x <= x1 and y <= y1):
            break
        pts.append((x, y))
    return tuple(pts)


def shot_shapes(
    w: World,
    g: Gunner,
    colour: str,
    view: tuple[float, float, float, float],
    *,
    faint: bool = False,
) -> list[Shape]:
    """A player's current shot: the arc so far and the shell, or the landed arc and where
    it came down."""
    if g.fired == 0:
        return []
    arc = arc_of(w, g.shot_angle, g.shot_speed)
    if arc is None:
        return []
    out: list[Shape] = []
    h = view[3] - view[1]
    if g.flying:
        pts = arc_points(arc, g.x, view)
        if len(pts) >= 2:
            out.append(Poly((*pts, (g.x, g.y)), colour + ("66" if faint else "cc"), width=2.0))
        out.append(Dot(g.x, g.y, 0.008 * h, colour, "#ffffff", 7.0 if faint else 10.0))
    else:
        pts = arc_points(arc, None, view)
        if len(pts) >= 2:
            out.append(Poly(pts, colour + ("33" if faint else "66"), width=1.5))
        x = g.last_x
        out.append(Poly(((x - 0.01 * h, 0.012 * h), (x + 0.01 * h, -0.008 * h)), colour, width=2))
        out.append(Poly(((x - 0.01 * h, -0.008 * h), (x + 0.01 * h, 0.012 * h)), colour, width=2))
    return out


def status_words(w: World, g: Gunner) -> Words:
    n = len(w.targets)
    word = STATUS_WORDS.get(g.status)
    if word is None:
        word = words("in the air") if g.flying else words("aiming")
    return words(
        "{0}/{1} hit · {2}/{3} shots · {4} pts · {5}",
        f"{g.hits}",
        f"{n}",
        f"{g.fired}",
        f"{w.shots}",
        f"{g.points}",
        word,
    )


def status_text(w: World, g: Gunner) -> str:
    return str(status_words(w, g))


def build_scene(
    info: Mapping[str, Any],
    frame: Frame | None,
    names: Mapping[int, str],
    *,
    me: int | None = None,
) -> Scene:
    w = world_of(info)
    ids = [] if frame is None else [int(i) for i in frame.ids.tolist()]
    gunners: list[tuple[int, Gunner]] = []
    if frame is not None:
        for pid in ids:
            row = frame.row(pid)
            if row is not None:
                gunners.append((pid, gunner_of(row.tolist())))
    arcs = [a for _, g in gunners if g.fired and (a := arc_of(w, g.shot_angle, g.shot_speed))]
    view = view_of(w, arcs)
    mine = next((g for pid, g in gunners if pid == me), None)
    shapes: list[Shape] = ground_shapes(w, view, None if mine is None else mine.hits)
    length = 0.06 * (view[3] - view[1])
    order = sorted(gunners, key=lambda pg: pg[0] == me)  # the own shot on top
    for pid, g in order:
        colour = COLOURS[ids.index(pid) % len(COLOURS)]
        faint = me is not None and pid != me
        shapes.append(cannon_shape(g.aim_angle, colour + ("66" if faint else "ff"), length, 6.0))
        shapes += shot_shapes(w, g, colour, view, faint=faint)
    x0, _, _, y1 = view
    for i, (pid, g) in enumerate(gunners):
        colour = COLOURS[i % len(COLOURS)]
        name = names.get(pid, f"#{pid}")
        if g.fired:
            x, y = (g.x, g.y) if g.flying else (g.last_x, 0.0)
            shapes.append(
                Label(x, y, name, colour, 13.0, offset_px=(0.0, 14.0), name=True, bold=True)
            )
        shapes.append(
            told(
                x0,
                y1,
                words("{0}: {1}", name, status_words(w, g)),
                colour,
                13.0,
                anchor="left",
                offset_px=(10.0, -22.0 - 19.0 * i),
            )
        )
    ph = w.physics
    air = words("no air") if ph.drag == 0.0 else words("drag k = {0}/m", f"{ph.drag:g}")
    done = sum(1 for _, g in gunners if g.status != 0)
    flying = sum(1 for _, g in gunners if g.flying)
    gravity = f"{ph.gravity:g}"
    panel = (
        words(
            "{0}: targets at {1} m, {2} m wide",
            fixed(str(info.get("title", "Projectile range"))),
            ", ".join(f"{d:g}" for d in w.targets),
            f"{2 * w.half_width:g}",
        ),
        words("g = {0} m/s², {1}; {2} shots each", gravity, air, f"{w.shots}")
        if ph.wind == 0.0
        else words(
            "g = {0} m/s², {1}, wind {2} m/s; {3} shots each",
            gravity,
            air,
            f"{ph.wind:+g}",
            f"{w.shots}",
        ),
        words(
            "{0} playing · {1} shells in the air · {2} done",
            f"{len(gunners) - done}",
            f"{flying}",
            f"{done}",
        ),
    )
    return Scene(view, SKY, tuple(shapes), **told_panel(*panel))
