"""Settings are saved where the programs read them; the UI language goes through Qt's
translation system (a .qm compiled by lrelease, loaded by QTranslator)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from admin_gui.errors import PrefsError
from admin_gui.i18n import install_language, remove_language
from admin_gui.prefs import ConsolePrefs, console_prefs_path, load_console_prefs
from admin_gui.widgets.settings_page import SettingsPage
from admin_gui.widgets.start_page import StartPage
from app.config import Settings, load_settings


def test_saved_settings_are_read_back_by_the_programs(qtbot: QtBot, tmp_path: Path) -> None:
    config = tmp_path / "cfg" / "moonbase.toml"
    config.parent.mkdir()
    config.write_text('[moonbase]\nclass_name = "7B"\n', encoding="utf-8")
    prefs_file = console_prefs_path(config)
    page = SettingsPage(Settings(), ConsolePrefs(), config, prefs_file)
    qtbot.addWidget(page)
    page.port.setValue(5555)
    page.data_dir.setText(str(tmp_path / "results"))
    page.language.setCurrentIndex(page.language.findData("de"))
    page.cloud_url.setText("https://cloud.example.org/t/1")
    page.cloud_key.setText("tenant_1_secret")
    assert page.save()
    loaded = load_settings(config_file=config, env={})
    assert loaded.port == 5555
    assert loaded.data_dir == tmp_path / "results"
    assert loaded.class_name == "7B"  # what was in the file stays
    prefs = load_console_prefs(prefs_file)
    assert prefs == ConsolePrefs("de", "https://cloud.example.org/t/1", "tenant_1_secret")
    assert prefs_file.stat().st_mode & 0o077 == 0  # the key is not readable by others


def test_bad_cloud_address_is_refused_with_its_value() -> None:
    with pytest.raises(PrefsError, match="ftp://x"):
        ConsolePrefs(cloud_url="ftp://x")


def test_german_comes_from_the_compiled_catalogue(qtbot: QtBot, qapp: QApplication) -> None:
    translators = install_language(qapp, "de")
    try:
        page = StartPage(Settings())
        qtbot.addWidget(page)
        assert page.start_button.text() == "Klasse &starten"
        assert page.setup_box.title() == "Klasse starten"
    finally:
        remove_language(qapp, translators)
    english = StartPage(Settings())
    qtbot.addWidget(english)
    assert english.start_button.text() == "&Start class"
