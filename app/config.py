"""Settings in one typed place.

Precedence, lowest to highest: built-in defaults, the system config file IT deploys
(:func:`system_config_file`), the user's config file, environment variables
(``MOONBASE_<KEY>``), command-line flags. Every bad value raises :class:`ConfigError`
naming the key, the value and where it came from; :func:`load_settings_traced` also tells
where each effective value came from (``moonbase config --show``).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import math
import os
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

ENV_PREFIX = "MOONBASE_"
CONFIG_ENV = "MOONBASE_CONFIG"
# Where the system-wide file is looked for instead of the OS's place (tests, odd installs);
# set to an empty string, no system file is read.
SYSTEM_CONFIG_ENV = "MOONBASE_SYSTEM_CONFIG"
CONFIG_NAME = "moonbase.toml"
LANGUAGES = ("auto", "en", "de")  # "auto": the teacher's own choice in Mission Control
MAX_INTERFACES = 16


class ConfigError(Exception):
    """A setting is missing, malformed or out of range; the message names it."""


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("moonbase", appauthor=False))


def default_config_file() -> Path:
    return Path(platformdirs.user_config_dir("moonbase", appauthor=False)) / "moonbase.toml"


def system_config_file(env: Mapping[str, str] | None = None) -> Path | None:
    """The machine-wide file IT deploys: ``/etc/moonbase/moonbase.toml`` on Linux,
    ``%ProgramData%\\Moonbase\\moonbase.toml`` on Windows, ``/Library/Application Support/
    Moonbase/moonbase.toml`` on macOS; ``MOONBASE_SYSTEM_CONFIG`` overrides (empty: none)."""
    env = os.environ if env is None else env
    if SYSTEM_CONFIG_ENV in env:
        return Path(env[SYSTEM_CONFIG_ENV]) if env[SYSTEM_CONFIG_ENV] else None
    if sys.platform == "win32":
        program_data = env.get("PROGRAMDATA") or os.environ.get("PROGRAMDATA") or r"C:\ProgramData"
        return Path(program_data) / "Moonbase" / CONFIG_NAME
    if sys.platform == "darwin":
        return Path("/Library/Application Support/Moonbase") / CONFIG_NAME
    return Path("/etc/moonbase") / CONFIG_NAME


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
    snapshot_rate: int = field(
        default=60, metadata={"help": "state updates per second (60: every step, on a LAN)"}
    )
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
        default=True,
        metadata={"help": "announce classes on the LAN and list them in the player (zeroconf)"},
    )
    discovery_interfaces: str = field(
        default="auto",
        metadata={
            "help": "network interfaces for LAN discovery: auto (the host follows its bind "
            "address, the player listens on all), all, or IPv4 addresses separated by commas"
        },
    )
    language: str = field(
        default="auto",
        metadata={
            "help": "the language (en, de) of Mission Control until the teacher picks one in "
            "its settings (auto = English), and of the player (auto = the computer's)"
        },
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
            from app.common.entitlement_token import check_public_key

            reason = check_public_key(self.cloud_public_key)
            if reason is not None:
                raise bad("cloud_public_key", f"is not an Ed25519 public key: {reason}")
        if self.discovery_interfaces not in ("auto", "all"):
            addresses = self.discovery_addresses()
            if not addresses or len(addresses) > MAX_INTERFACES:
                raise bad(
                    "discovery_interfaces",
                    f"must be auto, all or 1 to {MAX_INTERFACES} IPv4 addresses",
                )
            for address in addresses:
                try:
                    ipaddress.IPv4Address(address)
                except ValueError:
                    raise bad(
                        "discovery_interfaces", f"has {address!r}, which is not an IPv4 address"
                    ) from None
        if self.language not in LANGUAGES:
            raise bad("language", f"must be one of {', '.join(LANGUAGES)}")
        if self.log_level.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise bad("log_level", "must be DEBUG, INFO, WARNING or ERROR")
        return self

    def discovery_addresses(self) -> list[str]:
        """The addresses of ``discovery_interfaces`` (empty for auto and all)."""
        if self.discovery_interfaces in ("auto", "all"):
            return []
        return [a.strip() for a in self.discovery_interfaces.split(",") if a.strip()]

    def browse_interfaces(self) -> list[str] | str | None:
        """Where the player looks for classes: None (discovery off), "all" or addresses."""
        if not self.lan_discovery:
            return None
        return self.discovery_addresses() or "all"


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
        if key == "discovery_interfaces" and isinstance(raw, list | tuple):
            if not raw or not all(isinstance(a, str) for a in raw):
                raise ValueError
            return ",".join(a.strip() for a in raw)
        if not isinstance(raw, str):
            raise ValueError
        return raw.strip() if key in ("discovery_interfaces", "language") else raw
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
    system_file: Path | None = None,
) -> Settings:
    """Defaults < system file < user file < environment < CLI flags (``None`` CLI values are
    ignored). See :func:`load_settings_traced` for the arguments."""
    return load_settings_traced(
        config_file=config_file, env=env, cli=cli, system_file=system_file
    ).settings


@dataclass(frozen=True)
class TracedSettings:
    """The effective settings, where each came from, and the files that were looked at."""

    settings: Settings
    origins: dict[str, str]  # key -> "default", "system config file P", ...
    system_file: Path | None  # the system file looked for (None: none looked for)
    user_file: Path | None  # the user file read (None: none)


def _apply_file(path: Path, label: str, values: dict[str, Any], origins: dict[str, str]) -> None:
    for key, raw in load_toml(path).items():
        if key not in _FIELDS:
            known = ", ".join(sorted(_FIELDS))
            raise ConfigError(f"{label} {path}: unknown setting '{key}' (known: {known})")
        values[key] = _coerce(key, raw, f"{label} {path}")
        origins[key] = f"{label} {path}"


def load_settings_traced(
    *,
    config_file: Path | None = None,
    env: Mapping[str, str] | None = None,
    cli: Mapping[str, Any] | None = None,
    system_file: Path | None = None,
) -> TracedSettings:
    """Read every layer, lowest first.

    ``config_file`` is the user's file (``--config``); without it ``MOONBASE_CONFIG``, else
    the user's config folder if the file is there. ``system_file`` replaces the OS's system
    file (:func:`system_config_file`); a system file that does not exist is skipped.
    """
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}

    system = system_file if system_file is not None else system_config_file(env)
    if system is not None and system.is_file():
        _apply_file(system, "system config file", values, origins)

    path = config_file
    if path is None and env.get(CONFIG_ENV):
        path = Path(env[CONFIG_ENV])
    if path is None and default_config_file().is_file():
        path = default_config_file()
    if path is not None:
        _apply_file(path, "config file", values, origins)

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

    settings = Settings(**values).validate(origins)
    full = {key: origins.get(key, "default") for key in _FIELDS}
    return TracedSettings(settings, full, system, path)


def describe(traced: TracedSettings) -> str:
    """The text of ``moonbase config --show``: files looked at, then every effective setting
    with where it came from. The secret part of ``cloud_key`` is masked."""
    lines: list[str] = []
    if traced.system_file is None:
        lines.append("# system config: none (MOONBASE_SYSTEM_CONFIG is empty)")
    else:
        state = "read" if traced.system_file.is_file() else "not present"
        lines.append(f"# system config: {traced.system_file} ({state})")
    if traced.user_file is None:
        lines.append(f"# user config: {default_config_file()} (not present)")
    else:
        lines.append(f"# user config: {traced.user_file} (read)")
    lines.append("[moonbase]")
    width = max(len(k) for k in _FIELDS)
    for key in _FIELDS:
        value = getattr(traced.settings, key)
        if key == "cloud_key" and value:
            value = mask_key(value)
        shown = _toml_literal(value)
        lines.append(f"{key.ljust(width)} = {shown}  # {traced.origins[key]}")
    return "\n".join(lines) + "\n"


def mask_key(key: str) -> str:
    """``tenant_12_secret`` -> ``tenant_12_******`` (the tenant shows, the secret does not)."""
    head, sep, _secret = key.rpartition("_")
    return f"{head}{sep}******" if sep and head.startswith("tenant_") else "******"


def _toml_literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a valid TOML basic string
