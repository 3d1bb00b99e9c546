"""Saved preferences: the host settings the console edits (port, data folder) go to the
``moonbase.toml`` every program reads; the console's own (UI language, cloud tenant) go to
``console.toml`` next to it."""

from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

from admin_gui.errors import PrefsError
from app.config import ConfigError, default_config_file, load_toml

LANGUAGES = {"en": "English", "de": "Deutsch"}
CONSOLE_FILE = "console.toml"
MAX_TEXT = 500


@dataclass(frozen=True)
class ConsolePrefs:
    language: str = "en"
    cloud_url: str = ""
    cloud_key: str = ""

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise PrefsError(
                f"language must be one of {', '.join(LANGUAGES)}, got {self.language!r}"
            )
        if self.cloud_url and not self.cloud_url.startswith(("https://", "http://")):
            raise PrefsError(
                f"cloud address must start with https:// or http://, got {self.cloud_url!r}"
            )
        for name in ("cloud_url", "cloud_key"):
            value = getattr(self, name)
            if len(value) > MAX_TEXT or any(ch in value for ch in "\r\n\t"):
                raise PrefsError(f"{name} must be one line of at most {MAX_TEXT} characters")


def console_prefs_path(config_file: Path | None = None) -> Path:
    return (config_file or default_config_file()).with_name(CONSOLE_FILE)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise PrefsError(f"cannot save the number {value!r}")
        return repr(value)
    if isinstance(value, str | Path):
        return json.dumps(str(value), ensure_ascii=False)  # a valid TOML basic string
    raise PrefsError(f"cannot save a value of type {type(value).__name__}")


def dump_table(name: str, values: dict[str, object]) -> str:
    lines = [f"[{name}]"]
    lines += [f"{key} = {_toml_value(v)}" for key, v in sorted(values.items())]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise PrefsError(f"cannot save {path}: {exc.strerror}") from None


def load_console_prefs(path: Path) -> ConsolePrefs:
    if not path.is_file():
        return ConsolePrefs()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PrefsError(f"cannot read {path}: {exc}") from None
    table = data.get("console", {})
    if not isinstance(table, dict):
        raise PrefsError(f"{path}: [console] must be a table")
    try:
        return ConsolePrefs(
            language=str(table.get("language", "en")),
            cloud_url=str(table.get("cloud_url", "")),
            cloud_key=str(table.get("cloud_key", "")),
        )
    except PrefsError as exc:
        raise PrefsError(f"{path}: {exc}") from None


def prefs_table(path: Path) -> dict[str, object]:
    """The raw ``[console]`` table of ``path`` (empty if the file or table is missing)."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}  # load_console_prefs reports it
    table = data.get("console", {})
    return table if isinstance(table, dict) else {}


def save_console_prefs(path: Path, prefs: ConsolePrefs) -> None:
    values: dict[str, object] = {
        "language": prefs.language,
        "cloud_url": prefs.cloud_url,
        "cloud_key": prefs.cloud_key,
    }
    _write(path, dump_table("console", values))
    if prefs.cloud_key:
        path.chmod(0o600)  # the key is a secret of the school


def save_host_settings(config_file: Path, changes: dict[str, object]) -> None:
    """Merge ``changes`` (setting name -> value) into the ``[moonbase]`` table of the file."""
    current: dict[str, object] = {}
    if config_file.is_file():
        try:
            current = dict(load_toml(config_file))
        except ConfigError as exc:
            raise PrefsError(str(exc)) from None
    current.update(changes)
    _write(config_file, dump_table("moonbase", current))
