"""Settings in one typed place.

Precedence, lowest to highest: built-in defaults, a TOML file, environment variables
(``MOONBASE_<KEY>``), command-line flags. Every bad value raises :class:`ConfigError`
naming the key, the value and where it came from.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

ENV_PREFIX = "MOONBASE_"
CONFIG_ENV = "MOONBASE_CONFIG"


class ConfigError(Exception):
    """A setting is missing, malformed or out of range; the message names it."""


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("moonbase", appauthor=False))


def default_config_file() -> Path:
    return Path(platformdirs.user_config_dir("moonbase", appauthor=False)) / "moonbase.toml"


@dataclass(frozen=True)
class Settings:
    """Everything a Moonbase program can be told. Field docs are the user-facing help."""

    bind: str = field(default="127.0.0.1", metadata={"help": "address the host listens on"})
    port: int = field(default=0, metadata={"help": "host port (0 = any free port)"})
    data_dir: Path = field(
        default_factory=default_data_dir, metadata={"help": "where results live"}
    )
    class_name: str = field(default="Moonbase class", metadata={"help": "shown to students"})
    teacher_name: str = field(
        default="", metadata={"help": "the teacher's name students see in the class list"}
    )
    game: str = field(
        default="lunar_lander", metadata={"help": "the game rounds are played (moonbase games)"}
    )
    world: str = field(
        default="", metadata={"help": "the game's level or world for rounds ('' = its first)"}
    )
    round_seconds: float = field(default=45.0, metadata={"help": "round time limit in seconds"})
    countdown_seconds: float = field(default=3.0, metadata={"help": "lobby countdown"})
    tick_rate: int = field(default=60, metadata={"help": "simulation steps per second (fixed: 60)"})
    snapshot_rate: int = field(default=30, metadata={"help": "state updates per second"})
    speed: float = field(default=1.0, metadata={"help": "wall-clock speed-up of the host"})
    cloud_url: str = field(
        default="", metadata={"help": "the school's cloud service (https://...)"}
    )
    cloud_key: str = field(default="", metadata={"help": "the tenant API key tenant_{id}_{secret}"})
    cloud_public_key: str = field(
        default="",
        metadata={
            "help": "the cloud's Ed25519 public key (base64url, from GET "
            "/v1/entitlements/public-key); verifies the offline plan token"
        },
    )
    lan_discovery: bool = field(
        default=True, metadata={"help": "announce the class on the LAN (zeroconf)"}
    )
    lockstep: bool = field(
        default=False, metadata={"help": "hold each step for every player's input (bots only)"}
    )
    log_level: str = field(default="WARNING", metadata={"help": "logging level"})

    def validate(self, source: Mapping[str, str] | None = None) -> Settings:
        """Check ranges; ``source`` maps a key to where its value came from."""
        where = source or {}

        def bad(key: str, why: str) -> ConfigError:
            value = getattr(self, key)
            origin = where.get(key, "default")
            return ConfigError(f"setting '{key}' = {value!r} (from {origin}) {why}")

        try:
            ipaddress.ip_address(self.bind)
        except ValueError:
            if self.bind not in ("localhost", "*"):
                raise bad("bind", "is not an IP address") from None
        if not 0 <= self.port <= 65535:
            raise bad("port", "must be between 0 and 65535")
        if not self.class_name.strip() or len(self.class_name) > 60:
            raise bad("class_name", "must be 1 to 60 characters")
        if len(self.teacher_name) > 60:
            raise bad("teacher_name", "must be at most 60 characters")
        if self.port == 65535:
            raise bad("port", "must leave room for the pairing port (port + 1): at most 65534")
        from game.errors import GameError
        from game.registry import get_game

        try:
            game = get_game(self.game)
        except GameError as exc:
            raise bad("game", f"is not a game: {exc}") from None
        if self.world and self.world not in {lv.key for lv in game.levels}:
            levels = ", ".join(lv.key for lv in game.levels)
            raise bad("world", f"is not a level of {game.title} ({levels})")
        if not 5.0 <= self.round_seconds <= 3600.0:
            raise bad("round_seconds", "must be between 5 and 3600")
        if not 0.0 <= self.countdown_seconds <= 60.0:
            raise bad("countdown_seconds", "must be between 0 and 60")
        if self.tick_rate != 60:
            raise bad(
                "tick_rate",
                "must be 60: every game steps at a fixed 60 Hz; for fewer updates a second "
                "set snapshot_rate to 20 or 30",
            )
        if self.snapshot_rate not in (20, 30, 60) or self.snapshot_rate > self.tick_rate:
            raise bad("snapshot_rate", "must be 20, 30 or 60 and at most tick_rate")
        if not 0.1 <= self.speed <= 20.0:
            raise bad("speed", "must be between 0.1 and 20")
        if self.cloud_url and not self.cloud_url.startswith(("http://", "https://")):
            raise bad("cloud_url", "must start with http:// or https://")
        if self.cloud_key and not self.cloud_key.startswith("tenant_"):
            raise bad("cloud_key", "must look like tenant_{id}_{secret}")
        if self.cloud_public_key:
            from app.sync.entitlement import check_public_key

            reason = check_public_key(self.cloud_public_key)
            if reason is not None:
                raise bad("cloud_public_key", f"is not an Ed25519 public key: {reason}")
        if self.log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise bad("log_level", "must be DEBUG, INFO, WARNING or ERROR")
        return self


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def _coerce(key: str, raw: Any, origin: str) -> Any:
    """Turn a TOML/env/CLI value into the field's type, or say exactly what is wrong."""
    kind = _FIELDS[key].type
    try:
        if kind == "int":
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError
            return int(raw)
        if kind == "float":
            if isinstance(raw, bool):
                raise ValueError
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError
            return value
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            if isinstance(raw, str) and raw.lower() in (
                "1",
                "true",
                "yes",
                "on",
                "0",
                "false",
                "no",
                "off",
            ):
                return raw.lower() in ("1", "true", "yes", "on")
            raise ValueError
        if kind == "Path":
            if not isinstance(raw, str | Path) or not str(raw).strip():
                raise ValueError
            return Path(raw).expanduser()
        if not isinstance(raw, str):
            raise ValueError
        return raw
    except (TypeError, ValueError):
        raise ConfigError(
            f"setting '{key}' = {raw!r} (from {origin}) is not a valid {kind}"
        ) from None


def load_toml(path: Path) -> dict[str, Any]:
    """Read the ``[moonbase]`` table (or the top level) of a TOML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    table = data.get("moonbase", data)
    if not isinstance(table, dict):
        raise ConfigError(f"config file {path}: [moonbase] must be a table")
    return table


def load_settings(
    *,
    config_file: Path | None = None,
    env: Mapping[str, str] | None = None,
    cli: Mapping[str, Any] | None = None,
) -> Settings:
    """Defaults < TOML file < environment < CLI flags (``None`` CLI values are ignored)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}

    path = config_file
    if path is None and env.get(CONFIG_ENV):
        path = Path(env[CONFIG_ENV])
    if path is None and default_config_file().is_file():
        path = default_config_file()
    if path is not None:
        for key, raw in load_toml(path).items():
            if key not in _FIELDS:
                known = ", ".join(sorted(_FIELDS))
                raise ConfigError(f"config file {path}: unknown setting '{key}' (known: {known})")
            values[key] = _coerce(key, raw, f"config file {path}")
            origins[key] = f"config file {path}"

    for key in _FIELDS:
        name = ENV_PREFIX + key.upper()
        if name in env:
            values[key] = _coerce(key, env[name], f"environment {name}")
            origins[key] = f"environment {name}"

    for key, raw in (cli or {}).items():
        if raw is None:
            continue
        if key not in _FIELDS:
            raise ConfigError(f"unknown setting '{key}'")
        values[key] = _coerce(key, raw, f"--{key.replace('_', '-')}")
        origins[key] = f"--{key.replace('_', '-')}"

    return Settings(**values).validate(origins)
