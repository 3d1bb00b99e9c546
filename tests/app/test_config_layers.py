"""Settings layers for IT (issue 16): defaults < system file < user file < environment < flags,
``moonbase config --show``, the settings IT sets (discovery interfaces, language), and one
clear line for a broken file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import (
    SYSTEM_CONFIG_ENV,
    ConfigError,
    Settings,
    describe,
    load_settings,
    load_settings_traced,
    mask_key,
    system_config_file,
)
from app.host.lan import announce_plan

ROOT = Path(__file__).resolve().parents[2]


def files(tmp_path: Path, system: str, user: str) -> tuple[Path, Path]:
    sys_file = tmp_path / "etc" / "moonbase.toml"
    user_file = tmp_path / "home" / "moonbase.toml"
    sys_file.parent.mkdir()
    user_file.parent.mkdir()
    sys_file.write_text(system, encoding="utf-8")
    user_file.write_text(user, encoding="utf-8")
    return sys_file, user_file


def test_every_layer_in_order(tmp_path: Path) -> None:
    system, user = files(
        tmp_path,
        "[moonbase]\nport = 6000\nworld = 'mars'\nclass_name = 'IT'\nround_seconds = 30\n"
        "cloud_url = 'https://cloud.example'\n",
        "[moonbase]\nport = 6001\nworld = 'earth'\nclass_name = 'Mine'\n",
    )
    env = {"MOONBASE_PORT": "6002", "MOONBASE_WORLD": "titan"}
    traced = load_settings_traced(config_file=user, env=env, cli={"port": 6003}, system_file=system)
    s = traced.settings
    assert s.cloud_url == "https://cloud.example"  # system beats default
    assert s.round_seconds == 30.0
    assert s.class_name == "Mine"  # user beats system
    assert s.world == "titan"  # environment beats user
    assert s.port == 6003  # flag beats environment
    assert traced.origins["cloud_url"] == f"system config file {system}"
    assert traced.origins["class_name"] == f"config file {user}"
    assert traced.origins["world"] == "environment MOONBASE_WORLD"
    assert traced.origins["port"] == "--port"
    assert traced.origins["tick_rate"] == "default"


def test_system_file_from_the_environment_and_its_absence(tmp_path: Path) -> None:
    system, _ = files(tmp_path, "class_name = 'Lab 3'\n", "")
    assert load_settings(env={SYSTEM_CONFIG_ENV: str(system)}).class_name == "Lab 3"
    # a system file that is not there is no error: most machines have none
    missing = {SYSTEM_CONFIG_ENV: str(tmp_path / "none.toml")}
    assert load_settings(env=missing).class_name == Settings().class_name
    # empty: no system file is looked for
    assert system_config_file({SYSTEM_CONFIG_ENV: ""}) is None


def test_system_file_per_os(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    assert system_config_file({}) == Path("/etc/moonbase/moonbase.toml")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert system_config_file({}) == Path("/Library/Application Support/Moonbase/moonbase.toml")
    monkeypatch.setattr(sys, "platform", "win32")
    found = system_config_file({"PROGRAMDATA": r"D:\ProgramData"})
    assert found == Path(r"D:\ProgramData") / "Moonbase" / "moonbase.toml"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("port = 'abc'", "setting 'port' = 'abc' (from system config file"),
        ("prot = 1", "unknown setting 'prot'"),
        ("[moonbase\n", "is not valid TOML"),
        ("discovery_interfaces = ['10.0.0.1', 'eth0']", "'eth0', which is not an IPv4"),
        ("discovery_interfaces = 5", "'discovery_interfaces' = 5"),
        ("language = 'fr'", "setting 'language' = 'fr'"),
    ],
)
def test_a_broken_system_file_is_named(tmp_path: Path, text: str, needle: str) -> None:
    system, _ = files(tmp_path, text, "")
    with pytest.raises(ConfigError) as info:
        load_settings(env={SYSTEM_CONFIG_ENV: str(system)})
    message = str(info.value)
    assert needle in message
    assert str(system) in message
    assert "\n" not in message


def test_discovery_interfaces_forms(tmp_path: Path) -> None:
    system, _ = files(tmp_path, "discovery_interfaces = ['10.1.2.3', ' 10.1.2.4 ']\n", "")
    s = load_settings(env={SYSTEM_CONFIG_ENV: str(system)})
    assert s.discovery_interfaces == "10.1.2.3,10.1.2.4"
    assert s.discovery_addresses() == ["10.1.2.3", "10.1.2.4"]
    assert s.browse_interfaces() == ["10.1.2.3", "10.1.2.4"]
    env = {SYSTEM_CONFIG_ENV: "", "MOONBASE_DISCOVERY_INTERFACES": "127.0.0.1"}
    assert load_settings(env=env).browse_interfaces() == ["127.0.0.1"]
    assert Settings().browse_interfaces() == "all"  # auto: the player listens everywhere
    off = {SYSTEM_CONFIG_ENV: "", "MOONBASE_LAN_DISCOVERY": "false"}
    assert load_settings(env=off).browse_interfaces() is None
    with pytest.raises(ConfigError, match="must be auto, all or 1 to 16 IPv4"):
        load_settings(env={SYSTEM_CONFIG_ENV: "", "MOONBASE_DISCOVERY_INTERFACES": ","})


def test_the_host_announces_where_it_is_told() -> None:
    assert announce_plan("127.0.0.1") == ("127.0.0.1", ["127.0.0.1"])
    assert announce_plan("127.0.0.1", "127.0.0.1") == ("127.0.0.1", ["127.0.0.1"])
    assert announce_plan("0.0.0.0", "10.0.0.5,10.0.0.6") == ("10.0.0.5", ["10.0.0.5", "10.0.0.6"])
    assert announce_plan("10.0.0.5", "all") == ("10.0.0.5", "all")
    assert announce_plan("10.0.0.5", "auto") == ("10.0.0.5", ["10.0.0.5"])


def test_language_values() -> None:
    env = {SYSTEM_CONFIG_ENV: "", "MOONBASE_LANGUAGE": "de"}
    assert load_settings(env=env).language == "de"
    assert Settings().language == "auto"


def test_describe_lists_every_setting_with_its_source_and_masks_the_key(tmp_path: Path) -> None:
    system, user = files(
        tmp_path, "cloud_key = 'tenant_7_s3cr3t'\nlanguage = 'de'\n", "port = 7000\n"
    )
    traced = load_settings_traced(config_file=user, env={}, system_file=system)
    text = describe(traced)
    assert f"# system config: {system} (read)" in text
    assert f"# user config: {user} (read)" in text
    assert f'cloud_key            = "tenant_7_******"  # system config file {system}' in text
    assert "s3cr3t" not in text
    assert f"port                 = 7000  # config file {user}" in text
    assert 'world                = ""  # default' in text
    body = [line for line in text.splitlines() if not line.startswith(("#", "["))]
    assert len(body) == len(Settings.__dataclass_fields__)
    assert mask_key("nonsense") == "******"


def test_config_show_command(tmp_path: Path) -> None:
    system, user = files(tmp_path, "class_name = 'Room 5'\n", "world = 'mars'\n")
    env = {
        **os.environ,
        SYSTEM_CONFIG_ENV: str(system),
        "MOONBASE_CONFIG": str(user),
        "MOONBASE_PORT": "5999",
    }
    out = subprocess.run(
        [sys.executable, "-m", "app.cli", "config", "--show", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=True,
    ).stdout
    assert f'class_name           = "Room 5"  # system config file {system}' in out
    assert f'world                = "mars"  # config file {user}' in out
    assert "port                 = 5999  # environment MOONBASE_PORT" in out
    assert f'data_dir             = "{tmp_path}"  # --data-dir' in out


def test_config_show_with_a_broken_file_is_one_line(tmp_path: Path) -> None:
    system, _ = files(tmp_path, "port = 99999\n", "")
    env = {**os.environ, SYSTEM_CONFIG_ENV: str(system)}
    env.pop("MOONBASE_CONFIG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "config", "--show"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"moonbase: setting 'port' = 99999 (from system config file {system}) "
        "must be between 0 and 65535"
    )


def test_the_debian_conffile_documents_every_setting_and_sets_none() -> None:
    import dataclasses

    conffile = ROOT / "packaging" / "linux" / "moonbase.toml"
    text = conffile.read_text(encoding="utf-8")
    documented = {
        line[1:].split("=")[0].strip()
        for line in text.splitlines()
        if re.match(r"^# [a-z_]+ = ", line)
    }
    assert documented == {f.name for f in dataclasses.fields(Settings)}
    traced = load_settings_traced(env={}, system_file=conffile, config_file=conffile)
    assert set(traced.origins.values()) == {"default"}


def test_console_language_flag_is_checked_before_any_window(tmp_path: Path) -> None:
    env = {**os.environ, SYSTEM_CONFIG_ENV: "", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("MOONBASE_CONFIG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "console", "--language", "fr", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        "moonbase: setting 'language' = 'fr' (from --language) must be one of auto, en, de"
    )
