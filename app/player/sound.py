"""Sound effects with a mute switch; a missing file or audio driver only means silence."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

import arcade

from app.player.soundgen import SOUNDS, default_folder

log = logging.getLogger(__name__)


class SoundBoard:
    """Plays the generated effects; the thrust loop follows :meth:`set_thrust`."""

    def __init__(self, folder: Path | None = None, *, enabled: bool = True) -> None:
        self.muted = False
        self._sounds: dict[str, arcade.Sound] = {}
        self._thrust_player: Any = None
        self.played: list[str] = []  # what was asked to play (the tests read it)
        if not enabled:
            return
        base = folder or default_folder()
        for name in SOUNDS:
            path = base / f"{name}.wav"
            try:
                self._sounds[name] = arcade.Sound(path, streaming=False)
            except Exception as exc:
                log.warning("sound %s not loaded: %s", path, exc)

    def toggle_mute(self) -> bool:
        self.muted = not self.muted
        if self.muted:
            self.set_thrust(0.0)
        return self.muted

    def play(self, name: str, volume: float = 1.0) -> None:
        self.played.append(name)
        sound = self._sounds.get(name)
        if sound is None or self.muted:
            return
        with contextlib.suppress(Exception):
            sound.play(volume=volume)

    def set_thrust(self, level: float) -> None:
        """Engine loop volume 0..1 (0 stops it)."""
        sound = self._sounds.get("thrust")
        if sound is None:
            return
        if level <= 0.01 or self.muted:
            if self._thrust_player is not None:
                with contextlib.suppress(Exception):
                    sound.stop(self._thrust_player)
                self._thrust_player = None
            return
        with contextlib.suppress(Exception):
            if self._thrust_player is None:
                self._thrust_player = sound.play(volume=0.5 * level, loop=True)
            else:
                self._thrust_player.volume = 0.5 * level

    def close(self) -> None:
        self.set_thrust(0.0)
