from __future__ import annotations

from pathlib import Path

import pytest

from app.config import ConfigError, Settings, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "moonbase.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_nothing_is_given(tmp_path: Path) -> None:
    s = load_settings(config_file=write(tmp_path, ""), env={})
    assert s.port == 0
    assert s.world == "" and s.game == "lunar_lander"
    assert s.tick_rate == 60


def test_precedence_defaults_file_env_cli(tmp_path: Path) -> None:
    cfg = write(tmp_path, "[moonbase]\nport = 6000\nworld = 'mars'\nround_seconds = 30\n")
    s = load_settings(config_file=cfg, env={"MOONBASE_PORT": "6001"}, cli={"world": "earth"})
    assert s.port == 6001  # env beats file
    assert s.world == "earth"  # cli beats file
    assert s.round_seconds == 30.0  # file beats default
    s2 = load_settings(config_file=cfg, env={"MOONBASE_PORT": "6001"}, cli={"port": 6002})
    assert s2.port == 6002  # cli beats env


def test_config_file_from_environment(tmp_path: Path) -> None:
    cfg = write(tmp_path, "class_name = 'Room 12'\n")
    s = load_settings(env={"MOONBASE_CONFIG": str(cfg)})
    assert s.class_name == "Room 12"


def test_unknown_key_is_named(tmp_path: Path) -> None:
    cfg = write(tmp_path, "[moonbase]\nprot = 5555\n")
    with pytest.raises(ConfigError, match="unknown setting 'prot'"):
        load_settings(config_file=cfg, env={})


def test_malformed_toml_names_the_file(tmp_path: Path) -> None:
    cfg = write(tmp_path, "[moonbase\nport = \n")
    with pytest.raises(ConfigError, match=r"moonbase.toml is not valid TOML"):
        load_settings(config_file=cfg, env={})


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(config_file=tmp_path / "nope.toml", env={})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("port = 70000", r"'port' = 70000 \(from config file .*\) must be between 0 and 65535"),
        ("port = 'abc'", r"'port' = 'abc' .* is not a valid int"),
        ("port = true", r"'port' = True .* is not a valid int"),
        ("round_seconds = 1", r"'round_seconds' = 1.0 .* must be between 5 and 3600"),
        ("tick_rate = 50", "must be 60: every game steps at a fixed 60 Hz"),
        ("tick_rate = 30", "set snapshot_rate to 20 or 30"),
        ("bind = 'not an ip'", "is not an IP address"),
        ("speed = nan", "is not a valid float"),
    ],
)
def test_bad_values_name_key_value_and_source(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(config_file=write(tmp_path, text), env={})


def test_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="environment MOONBASE_PORT"):
        load_settings(config_file=write(tmp_path, ""), env={"MOONBASE_PORT": "-1"})


def test_validate_returns_the_same_settings() -> None:
    s = Settings()
    assert s.validate() is s


def test_it_template_lists_every_setting_and_loads() -> None:
    import dataclasses
    import tomllib

    root = Path(__file__).resolve().parents[2]
    template = root / "packaging" / "moonbase.example.toml"
    text = template.read_text(encoding="utf-8")
    keys = set(tomllib.loads(text)["moonbase"])
    documented = keys | {
        line.split("=")[0].strip("# ").strip()
        for line in text.splitlines()
        if line.startswith("# data_dir")
    }
    assert documented == {f.name for f in dataclasses.fields(Settings)}
    assert load_settings(config_file=template, env={}).world == ""
