"""A student's result in any game: the plots, the knobs it was played with, telemetry as CSV."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from admin_gui.dialogs.save_path import PathChooser, ask_save_path
from admin_gui.i18n import game_label, game_number, game_text
from admin_gui.models.results_model import reason_text
from admin_gui.records import FlightPlot
from admin_gui.widgets.flight_plots import FlightPlots

__all__ = ["FlightDialog", "PathChooser", "ask_save_path"]


class FlightDialog(QDialog):
    def __init__(
        self,
        plot: FlightPlot,
        parent: QWidget | None = None,
        choose_path: PathChooser = ask_save_path,
    ) -> None:
        super().__init__(parent)
        self.plot = plot
        self.choose_path = choose_path
        flight = plot.flight
        self.setWindowTitle(self.tr("Round of {0}").format(flight.nickname))
        game = plot.game
        knobs = ", ".join(
            f"{game_label(k.label)} {game_number(plot.effective[k.key])}"
            f"{' ' + game_text(k.unit) if k.unit else ''}"
            for k in game.knobs
            if k.key in plot.effective
        )
        self.summary = QLabel(
            self.tr(
                "<b>{0}</b>: {1} ({2}), {3} points, {4} stars, {5:.1f} s in {6} on {7}.<br>"
                "Played with {8}."
            ).format(
                flight.nickname,
                game_text(game.status_label(flight.outcome)),
                reason_text(flight),
                flight.score,
                flight.stars,
                flight.flight_time_s,
                game_text(game.title),
                game_text(game.level(plot.setup.level).title),
                knobs or self.tr("the world's own values"),
            )
        )
        self.summary.setWordWrap(True)
        self.plots = FlightPlots()
        self.plots.show_flight(plot)
        self.save_button = QPushButton(self.tr("Save &telemetry as CSV…"))
        self.save_button.clicked.connect(self._save)
        self.saved = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.plots, stretch=1)
        layout.addWidget(self.saved)
        layout.addWidget(buttons)
        self.resize(1100, 720)

    @Slot()
    def _save(self) -> None:
        flight = self.plot.flight
        suggested = f"flight-{flight.id}-{flight.nickname}.csv"
        path = self.choose_path(self, suggested)
        if path is None:
            return
        try:
            Path(path).write_text(self.plot.telemetry.to_csv(), encoding="utf-8")
        except OSError as exc:
            self.saved.setText(self.tr("Could not save {0}: {1}").format(path, exc.strerror))
            return
        self.saved.setText(
            self.tr("Saved {0} samples to {1}").format(len(self.plot.telemetry), path)
        )
