"""Keys (remappable, saved as JSON), the optional gamepad, and turning them into controls.

Default keys: thrust Up / W / Space, turn Left / A and Right / D, abort X, mute M. A
:class:`KeyMap` is saved by key names (``"UP"``, ``"W"``) so a teacher can edit the file.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyglet.window import key as keys

from app.player.errors import KeyMapError

log = logging.getLogger(__name__)

ACTIONS = ("thrust", "left", "right", "abort", "mute")
ACTION_LABELS = {
    "thrust": "Thrust",
    "left": "Turn left",
    "right": "Turn right",
    "abort": "Abort (climb)",
    "mute": "Sound on/off",
}
DEFAULT_KEYS: dict[str, tuple[int, ...]] = {
    "thrust": (keys.UP, keys.W, keys.SPACE),
    "left": (keys.LEFT, keys.A),
    "right": (keys.RIGHT, keys.D),
    "abort": (keys.X,),
    "mute": (keys.M,),
}
MAX_KEYS_PER_ACTION = 4
STICK_DEAD_ZONE = 0.15


def key_name(symbol: int) -> str:
    return str(keys.symbol_string(symbol))


def key_from_name(name: str) -> int:
    value = getattr(keys, name.upper(), None)
    if not isinstance(value, int) or isinstance(value, bool):
        raise KeyMapError(f"{name!r} is not a key name (like UP, W, SPACE)")
    return value


@dataclass(frozen=True)
class KeyMap:
    """Action -> the keys that do it."""

    bindings: Mapping[str, tuple[int, ...]] = field(default_factory=lambda: dict(DEFAULT_KEYS))

    def __post_init__(self) -> None:
        for action in ACTIONS:
            if action not in self.bindings:
                raise KeyMapError(f"key map has no keys for {action!r}")
        unknown = sorted(set(self.bindings) - set(ACTIONS))
        if unknown:
            raise KeyMapError(f"key map has unknown action(s) {unknown}; known: {list(ACTIONS)}")

    def keys_for(self, action: str) -> tuple[int, ...]:
        return self.bindings[action]

    def action_of(self, symbol: int) -> str | None:
        for action in ACTIONS:
            if symbol in self.bindings[action]:
                return action
        return None

    def remap(self, action: str, symbol: int) -> KeyMap:
        """A new map where ``symbol`` does ``action`` first (and nothing else)."""
        if action not in ACTIONS:
            raise KeyMapError(f"no action {action!r}; known: {list(ACTIONS)}")
        out: dict[str, tuple[int, ...]] = {}
        for name in ACTIONS:
            rest = tuple(k for k in self.bindings[name] if k != symbol)
            if name == action:
                rest = (symbol, *rest)[:MAX_KEYS_PER_ACTION]
            out[name] = rest
        return KeyMap(out)

    def describe(self, action: str) -> str:
        return " / ".join(key_name(k) for k in self.bindings[action]) or "(none)"

    def to_json(self) -> str:
        return json.dumps({a: [key_name(k) for k in self.bindings[a]] for a in ACTIONS}, indent=2)

    @classmethod
    def from_json(cls, text: str) -> KeyMap:
        try:
            raw: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise KeyMapError(f"key file is not JSON: {exc}") from None
        if not isinstance(raw, dict):
            raise KeyMapError("key file must map actions to lists of key names")
        bindings = dict(DEFAULT_KEYS)
        for action, names in raw.items():
            if action not in ACTIONS:
                raise KeyMapError(f"key file names unknown action {action!r}")
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise KeyMapError(f"keys for {action!r} must be a list of key names")
            bindings[action] = tuple(key_from_name(n) for n in names[:MAX_KEYS_PER_ACTION])
        return cls(bindings)


def load_keymap(path: Path) -> KeyMap:
    """The saved map, or the defaults when there is none or it is broken (logged)."""
    try:
        return KeyMap.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return KeyMap()
    except (OSError, KeyMapError) as exc:
        log.warning("key file %s not used: %s", path, exc)
        return KeyMap()


def save_keymap(keymap: KeyMap, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(keymap.to_json(), encoding="utf-8")


@dataclass(frozen=True)
class Controls:
    thrust: float
    rotation: float  # -1 turn left .. +1 turn right
    abort: bool


def sample_keys(held: Iterable[int], keymap: KeyMap) -> Controls:
    """The controls from the keys held down now."""
    down = set(held)

    def on(action: str) -> bool:
        return any(k in down for k in keymap.keys_for(action))

    rotation = (1.0 if on("right") else 0.0) - (1.0 if on("left") else 0.0)
    return Controls(1.0 if on("thrust") else 0.0, rotation, on("abort"))


def merge(a: Controls, b: Controls | None) -> Controls:
    """Keyboard and gamepad together: the stronger of each."""
    if b is None:
        return a
    rotation = a.rotation if abs(a.rotation) >= abs(b.rotation) else b.rotation
    return Controls(max(a.thrust, b.thrust), rotation, a.abort or b.abort)


class Gamepad:
    """The first game controller, if one is plugged in: left stick turns, A/trigger thrusts."""

    def __init__(self) -> None:
        self._pad: Any = None
        with contextlib.suppress(Exception):  # no /dev/input, no driver: keyboard only
            import pyglet.input

            pads = pyglet.input.get_controllers()
            if pads:
                self._pad = pads[0]
                self._pad.open()

    @property
    def present(self) -> bool:
        return self._pad is not None

    def sample(self) -> Controls | None:
        pad = self._pad
        if pad is None:
            return None
        stick = float(getattr(pad, "leftx", 0.0))
        if abs(stick) < STICK_DEAD_ZONE:
            stick = 0.0
        trigger = float(getattr(pad, "righttrigger", 0.0))
        thrust = max(trigger, 1.0 if getattr(pad, "a", False) else 0.0)
        abort = bool(getattr(pad, "b", False))
        return Controls(min(1.0, max(0.0, thrust)), min(1.0, max(-1.0, stick)), abort)

    def close(self) -> None:
        if self._pad is not None:
            with contextlib.suppress(Exception):
                self._pad.close()
            self._pad = None
