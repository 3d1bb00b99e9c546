"""Draw the two app icons (PNG in the Linux icon sizes, .ico for Windows, .icns for macOS).

    .venv/bin/python packaging/icons/make_icons.py

A navy rounded square with a pale moon; the player's has an orange lander descending, Mission
Control's a green radar sweep. Drawn at 4x and scaled down for smooth edges. The files are
committed; run this again only to change the design.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZES = (16, 32, 48, 64, 128, 256, 512)
NAVY = (20, 33, 61, 255)
MOON = (229, 229, 222, 255)
CRATER = (196, 196, 188, 255)
ORANGE = (252, 163, 17, 255)
GREEN = (87, 204, 153, 255)
SCALE = 4


def base(size: int) -> tuple[Image.Image, ImageDraw.ImageDraw, int]:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=NAVY)
    # the moon: lower half of the icon
    r = int(big * 0.42)
    cx, cy = big // 2, int(big * 1.02)
    draw.ellipse((cx - r * 1.6, cy - r, cx + r * 1.6, cy + r * 1.4), fill=MOON)
    for fx, fy, fr in ((0.28, 0.80, 0.06), (0.62, 0.74, 0.045), (0.78, 0.88, 0.05)):
        x, y, cr = big * fx, big * fy, big * fr
        draw.ellipse((x - cr, y - cr * 0.6, x + cr, y + cr * 0.6), fill=CRATER)
    return image, draw, big


def player(size: int) -> Image.Image:
    image, draw, big = base(size)
    u = big / 16
    # lander body, legs and flame
    draw.polygon([(8 * u, 2.5 * u), (11 * u, 7 * u), (5 * u, 7 * u)], fill=ORANGE)
    draw.rectangle((5.5 * u, 7 * u, 10.5 * u, 8.2 * u), fill=ORANGE)
    draw.line((6 * u, 8.2 * u, 4.5 * u, 10.2 * u), fill=ORANGE, width=int(0.7 * u))
    draw.line((10 * u, 8.2 * u, 11.5 * u, 10.2 * u), fill=ORANGE, width=int(0.7 * u))
    draw.polygon([(7.2 * u, 8.4 * u), (8.8 * u, 8.4 * u), (8 * u, 10.4 * u)], fill=MOON)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def console(size: int) -> Image.Image:
    image, draw, big = base(size)
    u = big / 16
    box = (3 * u, 1.8 * u, 13 * u, 11.8 * u)
    for width, inset in ((int(0.6 * u), 0.0), (int(0.45 * u), 1.6 * u)):
        draw.ellipse(
            (box[0] + inset, box[1] + inset, box[2] - inset, box[3] - inset),
            outline=GREEN,
            width=max(1, width),
        )
    draw.pieslice(box, start=-90, end=-30, fill=(87, 204, 153, 150))
    draw.ellipse((7.4 * u, 6.2 * u, 8.6 * u, 7.4 * u), fill=GREEN)
    draw.ellipse((9.9 * u, 3.9 * u, 10.9 * u, 4.9 * u), fill=ORANGE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    for name, make in (("moonbase-player", player), ("moonbase-console", console)):
        images = {size: make(size) for size in SIZES}
        images[256].save(HERE / f"{name}.png")
        for size in (48, 128):
            images[size].save(HERE / f"{name}-{size}.png")
        images[256].save(HERE / f"{name}.ico", sizes=[(s, s) for s in (16, 32, 48, 64, 256)])
        images[512].save(HERE / f"{name}.icns")
        print(name)


if __name__ == "__main__":
    main()
