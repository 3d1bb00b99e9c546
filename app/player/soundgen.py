"""Generate the player's sound effects with numpy (no recordings, nothing to license).

``python -m app.player.soundgen [DIR]`` writes the WAV files (16-bit mono, 22 050 Hz) into
``assets/sounds/``; the same seed always gives the same bytes.
"""

from __future__ import annotations

import sys
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

RATE = 22_050
SEED = 2024
Samples = npt.NDArray[np.float64]


def _envelope(n: int, attack: float, release: float) -> Samples:
    env = np.ones(n)
    a, r = int(attack * RATE), int(release * RATE)
    if a:
        env[:a] = np.linspace(0.0, 1.0, a)
    if r:
        env[-r:] *= np.linspace(1.0, 0.0, r)
    return env


def _lowpass(x: Samples, alpha: float) -> Samples:
    """One-pole low-pass, vectorised through an exponential filter kernel."""
    kernel = alpha * (1 - alpha) ** np.arange(min(len(x), 2048))
    out: Samples = np.convolve(x, kernel)[: len(x)]
    return out


def thrust(rng: np.random.Generator) -> Samples:
    """A rocket's rumble: low-passed noise with a slow flutter; loops without a click."""
    n = RATE  # one second
    noise = _lowpass(rng.normal(0.0, 1.0, n), 0.05)
    t = np.arange(n) / RATE
    flutter = 0.8 + 0.2 * np.sin(2 * np.pi * 7 * t)
    fade = np.minimum(1.0, np.minimum(np.arange(n), np.arange(n)[::-1]) / (0.02 * RATE))
    out: Samples = noise / np.max(np.abs(noise)) * flutter * fade * 0.6
    return out


def land(rng: np.random.Generator) -> Samples:
    """A rising three-note chime."""
    del rng
    parts = []
    for freq in (523.25, 659.25, 783.99):
        n = int(0.16 * RATE)
        t = np.arange(n) / RATE
        tone = np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(4 * np.pi * freq * t)
        parts.append(tone * _envelope(n, 0.005, 0.12))
    return np.concatenate(parts) * 0.45


def crash(rng: np.random.Generator) -> Samples:
    """A thud and a crunch: falling low tone plus decaying noise."""
    n = int(0.9 * RATE)
    t = np.arange(n) / RATE
    thud = np.sin(2 * np.pi * (90 - 50 * t) * t) * np.exp(-t * 6)
    crunch = _lowpass(rng.normal(0.0, 1.0, n), 0.3) * np.exp(-t * 4)
    mix = thud + 0.8 * crunch / np.max(np.abs(crunch))
    out: Samples = mix / np.max(np.abs(mix)) * 0.8 * _envelope(n, 0.002, 0.05)
    return out


def beep(rng: np.random.Generator) -> Samples:
    """The countdown's short beep."""
    del rng
    n = int(0.12 * RATE)
    t = np.arange(n) / RATE
    return np.sin(2 * np.pi * 880 * t) * _envelope(n, 0.005, 0.04) * 0.4


SOUNDS: dict[str, Callable[[np.random.Generator], Samples]] = {
    "thrust": thrust,
    "land": land,
    "crash": crash,
    "beep": beep,
}


def write_wav(path: Path, samples: Samples) -> None:
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())


def generate_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in SOUNDS.items():
        path = folder / f"{name}.wav"
        write_wav(path, make(np.random.default_rng([SEED, len(name)])))
        written.append(path)
    return written


def default_folder() -> Path:
    return Path(__file__).resolve().parents[2] / "assets" / "sounds"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default_folder()
    for p in generate_all(target):
        print(p)
