"""Watch live: the spectator view of the room, with a projector (full-screen) switch."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from admin_gui.records import RoundView, SpectatorFrame
from admin_gui.widgets.spectator_view import SpectatorView


class WatchPage(QWidget):
    watching_changed = Signal(bool)
    fullscreen_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = SpectatorView()
        self.fullscreen_button = QPushButton(self.tr("&Projector view (F11)"))
        self.fullscreen_button.clicked.connect(self.fullscreen_requested)
        self.hint = QLabel(
            self.tr("Names are drawn over the landers; Esc leaves the projector view.")
        )
        bar = QHBoxLayout()
        bar.addWidget(self.hint, stretch=1)
        bar.addWidget(self.fullscreen_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, stretch=1)
        self.controls = (self.hint, self.fullscreen_button)

    def set_projector(self, on: bool) -> None:
        for w in self.controls:
            w.setVisible(not on)

    @Slot(object)
    def on_round_started(self, view: RoundView) -> None:
        self.view.set_round(view)

    @Slot(object)
    def on_frame(self, frame: SpectatorFrame) -> None:
        self.view.set_frame(frame)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.watching_changed.emit(True)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        self.watching_changed.emit(False)
