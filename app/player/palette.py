"""Colours: the Okabe-Ito palette (distinct for the common colour-vision deficiencies).

Players' colours come from :data:`CHARACTER_COLOURS`; the HUD's states use blue / yellow /
vermillion and always say it in words too, so nothing depends on colour alone.
:func:`simulate_cvd` (Machado et al. 2009, severity 1.0) lets the tests check the claim.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]

# Okabe & Ito (2008), without black (the sky is dark)
ORANGE: RGB = (230, 159, 0)
SKY_BLUE: RGB = (86, 180, 233)
BLUISH_GREEN: RGB = (0, 158, 115)
YELLOW: RGB = (240, 228, 66)
BLUE: RGB = (0, 114, 178)
VERMILLION: RGB = (213, 94, 0)
REDDISH_PURPLE: RGB = (204, 121, 167)

CHARACTER_COLOURS: tuple[RGB, ...] = (
    ORANGE,
    SKY_BLUE,
    BLUISH_GREEN,
    YELLOW,
    VERMILLION,
    REDDISH_PURPLE,
)

OK: RGB = SKY_BLUE
CAUTION: RGB = YELLOW
DANGER: RGB = VERMILLION

SKY: RGB = (8, 10, 24)
PANEL: RGBA = (20, 26, 48, 230)
PANEL_EDGE: RGB = (70, 90, 140)
TEXT: RGB = (235, 238, 245)
DIM_TEXT: RGB = (150, 160, 185)
GROUND: RGB = (92, 92, 104)
GROUND_DEEP: RGB = (44, 44, 54)
PAD: RGB = (240, 228, 66)
FLAME_CORE: RGB = (255, 244, 200)
FLAME_EDGE: RGB = (230, 159, 0)
DUST: RGB = (170, 170, 180)
SAFE_BAND: RGBA = (86, 180, 233, 60)

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB
_CVD: dict[str, npt.NDArray[np.float64]] = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
CVD_KINDS = tuple(_CVD)


def _to_linear(c: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _to_srgb(c: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    c = np.clip(c, 0.0, 1.0)
    return np.where(c <= 0.0031308, c * 12.92, 1.055 * c ** (1 / 2.4) - 0.055)


def simulate_cvd(colour: RGB, kind: str) -> RGB:
    """How ``colour`` looks with full ``kind`` (protanopia, deuteranopia, tritanopia)."""
    matrix = _CVD[kind]
    lin = _to_linear(np.asarray(colour, dtype=np.float64) / 255.0)
    out = _to_srgb(matrix @ lin) * 255.0
    r, g, b = (round(float(v)) for v in out)
    return (r, g, b)


def lab(colour: RGB) -> npt.NDArray[np.float64]:
    """CIELAB (D65) of an sRGB colour."""
    lin = _to_linear(np.asarray(colour, dtype=np.float64) / 255.0)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = (m @ lin) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: RGB, b: RGB) -> float:
    """CIE76 colour difference (about 2.3 is just noticeable; 20+ is clearly different)."""
    return float(np.linalg.norm(lab(a) - lab(b)))


def with_alpha(colour: RGB, alpha: int) -> RGBA:
    return (colour[0], colour[1], colour[2], alpha)
