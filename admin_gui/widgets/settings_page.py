"""Settings: port, data folder, UI language, the cloud tenant (for later), encryption status."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from admin_gui.address import encryption_note
from admin_gui.errors import PrefsError
from admin_gui.prefs import (
    LANGUAGES,
    ConsolePrefs,
    save_console_prefs,
    save_host_settings,
)
from app.config import Settings


class SettingsPage(QWidget):
    def __init__(
        self,
        settings: Settings,
        prefs: ConsolePrefs,
        config_file: Path,
        prefs_file: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.config_file = config_file
        self.prefs_file = prefs_file
        self.port = QSpinBox()
        self.port.setRange(0, 65534)  # the next port is the class's pairing port
        self.port.setSpecialValueText(self.tr("any free port"))
        self.port.setValue(settings.port)
        self.data_dir = QLineEdit(str(settings.data_dir))
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._browse)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_dir, stretch=1)
        data_row.addWidget(browse)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        self.cloud_url = QLineEdit(prefs.cloud_url)
        self.cloud_url.setPlaceholderText("https://moonbase.example.org/tenant/…")
        self.cloud_key = QLineEdit(prefs.cloud_key)
        self.cloud_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.cloud_key.setPlaceholderText("tenant_…")
        self.encryption = QLabel(encryption_note("curve"))
        self.encryption.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Host &port"), self.port)
        data_label = QLabel(self.tr("&Data folder"))
        data_label.setBuddy(self.data_dir)  # a label for a row of widgets needs its buddy
        form.addRow(data_label, data_row)
        form.addRow(self.tr("&Language"), self.language)
        form.addRow(self.tr("Cloud &address"), self.cloud_url)
        form.addRow(self.tr("Cloud &key"), self.cloud_key)
        form.addRow(self.tr("Encryption"), self.encryption)
        self.save_button = QPushButton(self.tr("&Save settings"))
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(self.tr("Saved settings apply the next time Mission Control starts."))
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def show_hosting_key(self, public_key: str | None) -> None:
        """The encryption sentence of the class being hosted (the same as the Start
        screen's: never encrypted here and unencrypted there)."""
        self.encryption.setText(encryption_note(public_key))

    @Slot()
    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Data folder"), self.data_dir.text())
        if path:
            self.data_dir.setText(path)

    @Slot()
    def save(self) -> bool:
        data_dir = self.data_dir.text().strip()
        if not data_dir:
            self.status.setText(self.tr("The data folder cannot be empty."))
            return False
        try:
            prefs = ConsolePrefs(
                language=str(self.language.currentData()),
                cloud_url=self.cloud_url.text().strip(),
                cloud_key=self.cloud_key.text().strip(),
            )
            save_host_settings(self.config_file, {"port": self.port.value(), "data_dir": data_dir})
            save_console_prefs(self.prefs_file, prefs)
        except PrefsError as exc:
            self.status.setText(str(exc))
            return False
        self.status.setText(
            self.tr(
                "Saved to {0} and {1}; they apply the next time Mission Control starts."
            ).format(self.config_file, self.prefs_file)
        )
        return True
