"""Window sizes: the canvas scales with the window, text stays readable and on screen.

Real window (Xvfb) resized to a small laptop (1024 x 576) and a full-HD projector
(1920 x 1080); every label drawn on each screen is measured against the window.
"""

from __future__ import annotations

import itertools

import arcade
import pytest
from pyglet.window import key as keys

from app.player.ui import HEIGHT, WIDTH
from app.player.views.base import PlayerView
from app.player.views.pick_character import PickCharacterView
from app.player.window import PlayerWindow

from .harness import CODE, Frames, HostThread, join_as

pytestmark = pytest.mark.gui

READABLE_PX = 10.0  # the smallest text on screen, in window pixels


def resize(window: PlayerWindow, frames: Frames, width: int, height: int) -> None:
    window.set_size(width, height)
    frames.until(lambda: window.get_size() == (width, height), 5, f"the {width}x{height} window")
    for _ in range(3):  # the resize event, then whole frames at the new size
        frames.frame()


def boxes(view: PlayerView) -> dict[str, tuple[float, float, float, float]]:
    """left, bottom, right, top of every label drawn in the last frame, in canvas units."""
    return {n: (t.left, t.bottom, t.right, t.top) for n, t in view.labels.visible().items()}


def check_screen(window: PlayerWindow, frames: Frames, width: int, height: int) -> None:
    resize(window, frames, width, height)
    view = window.screen
    assert view is not None
    box = window.box
    scale = min(width / WIDTH, height / HEIGHT)
    assert box.scale == pytest.approx(scale)
    # the canvas fills the window on the short side and is centred on the other
    vp = window.canvas.viewport
    assert (vp.width, vp.height) == (round(WIDTH * scale), round(HEIGHT * scale))
    assert vp.left >= 0 and vp.bottom >= 0 and vp.right <= width and vp.top <= height
    assert abs(vp.left - (width - vp.right)) <= 1 and abs(vp.bottom - (height - vp.top)) <= 1
    drawn = boxes(view)
    assert len(drawn) >= 3, f"{view.name}: too few labels drawn ({list(drawn)})"
    for name, label in view.labels.visible().items():
        px = label.font_size * box.scale
        assert px >= READABLE_PX, f"{view.name} {name!r}: {px:.1f} px text at {width}x{height}"
    for name, (left, bottom, right, top) in drawn.items():
        assert left >= 0 and right <= WIDTH and bottom >= 0 and top <= HEIGHT, (
            f"{view.name} {name!r} leaves the canvas: {left:.0f}..{right:.0f} x "
            f"{bottom:.0f}..{top:.0f}"
        )
        wl, wb = box.left + left * box.scale, box.bottom + bottom * box.scale
        wr, wt = box.left + right * box.scale, box.bottom + top * box.scale
        assert wl >= 0 and wr <= width and wb >= 0 and wt <= height, (name, width, height)
    for (a, ra), (b, rb) in itertools.combinations(drawn.items(), 2):
        apart = ra[2] <= rb[0] or rb[2] <= ra[0] or ra[3] <= rb[1] or rb[3] <= ra[1]
        assert apart, f"{view.name}: labels {a!r} and {b!r} overlap ({ra} / {rb})"
    # what is drawn lands inside the canvas: the letterbox bars stay the background colour
    if vp.left >= 2:
        image = arcade.get_image(0, 0, *window.get_framebuffer_size())
        bar = image.getpixel((0, image.height // 2))
        assert isinstance(bar, tuple) and bar[:3] == tuple(window.background_color)[:3]


@pytest.mark.parametrize("size", [(1024, 576), (1920, 1080)])
def test_screens_scale_with_the_window(
    host: HostThread, window: PlayerWindow, size: tuple[int, int]
) -> None:
    frames = Frames(window)
    width, height = size
    check_screen(window, frames, width, height)  # find the class
    join_as(window, frames, host.address, CODE, "Sam")
    picker = window.screen
    assert isinstance(picker, PickCharacterView)
    check_screen(window, frames, width, height)
    picker.on_key_press(keys.ENTER, 0)
    frames.until(lambda: window.screen is not None and window.screen.name == "lobby", 10, "lobby")
    frames.until(lambda: bool(window.session.members), 5, "the class list")
    check_screen(window, frames, width, height)
