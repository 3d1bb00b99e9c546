"""What the console says is true and reachable by keyboard (issue 14): the class is opened
to the network from the Start screen with a plain note on what the choice means; no claim of
discovery while bound to 127.0.0.1; encryption said once, the same everywhere; the "&Data
folder" label underlines its D instead of showing the ampersand; every button and check box
of every screen has a keyboard path, and no two on one screen share a letter."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from PySide6.QtCore import Qt, QTranslator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from admin_gui.address import EVERY, LOOPBACK
from admin_gui.i18n import remove_language
from admin_gui.records import HostInfo
from admin_gui.widgets.main_window import MainWindow
from tests.admin_gui.conftest import fast_settings, open_console


def texts(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]


def test_the_class_is_opened_to_the_network_from_the_start_screen(
    qtbot: QtBot, console: MainWindow
) -> None:
    page = console.start_page
    binds = [page.bind.itemData(i) for i in range(page.bind.count())]
    assert EVERY in binds and LOOPBACK in binds
    page.bind.setCurrentIndex(page.bind.findData(EVERY))
    assert page.reach.text() == "Students on this network can join."
    assert page.plan().bind == EVERY
    page.bind.setCurrentIndex(page.bind.findData(LOOPBACK))
    assert page.reach.text().startswith("Only this computer can join")
    assert page.plan().bind == LOOPBACK
    # started on loopback: no word of being found on the network
    with qtbot.waitSignal(console.bridge.hosting, timeout=10_000) as hosting:
        QTest.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    info = hosting.args[0]
    assert isinstance(info, HostInfo) and info.bind == LOOPBACK
    assert info.discovery == "off"
    said = page.discovery.text()
    assert "not open to the network" in said and "finds this class" not in said
    assert not page.bind.isEnabled()


def test_encryption_is_said_once_and_the_same_everywhere(qtbot: QtBot, console: MainWindow) -> None:
    with qtbot.waitSignal(console.bridge.hosting, timeout=10_000):
        QTest.mouseClick(console.start_page.start_button, Qt.MouseButton.LeftButton)
    everything = " ".join(texts(console.start_page) + texts(console.settings_page))
    assert "is encrypted" in everything
    assert "not encrypted" not in everything and "unencrypted" not in everything
    sentence = console.settings_page.encryption.text()
    assert sentence in console.start_page.database.text()


def test_the_data_folder_label_underlines_its_letter(console: MainWindow) -> None:
    label = next(
        w for w in console.settings_page.findChildren(QLabel) if w.text() == "&Data folder"
    )
    assert label.buddy() is not None  # a label with a buddy draws &D as an underlined D


MNEMONIC = re.compile(r"&([^&])")


def test_every_button_has_a_keyboard_path_and_no_letter_is_shared(console: MainWindow) -> None:
    assert keyboard_problems(console) == ([], [])


def test_in_german_too(qtbot: QtBot, tmp_path: Path) -> None:
    settings = dataclasses.replace(fast_settings(tmp_path / "data"), language="de")
    with open_console(qtbot, settings, tmp_path / "moonbase.toml") as window:
        try:
            assert window.watch_page.pause_button.text() == "Runde &anhalten"
            assert keyboard_problems(window) == ([], [])
        finally:
            app = QApplication.instance()
            assert app is not None
            # remove_language also puts the games' words back to English for later tests
            remove_language(app, list(app.findChildren(QTranslator)))


def keyboard_problems(console: MainWindow) -> tuple[list[str], list[str]]:
    """(buttons without a keyboard path, pairs of buttons sharing a letter on one screen)."""
    missing: list[str] = []
    shared: list[str] = []
    for _title, page in console.pages:
        letters: dict[str, str] = {}
        for button in page.findChildren(QAbstractButton):
            if not button.isVisibleTo(page) or not button.text():
                continue
            found = MNEMONIC.search(button.text())
            if found is None and button.shortcut().isEmpty():
                missing.append(f"{type(page).__name__}: {button.text()!r}")
                continue
            if found is not None:
                letter = found.group(1).casefold()
                other = letters.get(letter)
                if other is not None:
                    shared.append(f"{type(page).__name__}: {button.text()!r} and {other!r}")
                letters[letter] = button.text()
    return missing, shared
