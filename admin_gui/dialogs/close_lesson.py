"""Asked when the window closes during a round."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from admin_gui.records import RoomStatus


def ask_end_round(parent: QWidget, running: list[RoomStatus]) -> bool:
    """True when the teacher agrees to end the running rounds now and close."""
    rooms = ", ".join(
        QCoreApplication.translate("CloseLesson", "room {0} ({1} flying, {2:.0f} s left)").format(
            r.room, r.flying, r.time_left
        )
        for r in running
    )
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("CloseLesson", "A round is running"))
    box.setText(
        QCoreApplication.translate(
            "CloseLesson",
            "Rounds are still running: {0}.\n"
            "Closing ends them now; every result already saved is kept. Close now?",
        ).format(rooms)
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes
