"""The charts of one result, for any game: each telemetry channel the game declares (up to
four), over time, with its safe band shaded."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from admin_gui.i18n import game_label, game_text
from admin_gui.records import FlightPlot
from admin_gui.widgets.chart import Band, Series, TimeSeriesChart

COLOURS = ("#1e88e5", "#e53935", "#00897b", "#f9a825")
MAX_CHARTS = 4


class FlightPlots(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self._charts: list[TimeSeriesChart] = []

    def charts(self) -> list[TimeSeriesChart]:
        return list(self._charts)

    def show_flight(self, plot: FlightPlot) -> None:
        for chart in self._charts:
            self.grid.removeWidget(chart)
            chart.deleteLater()
        self._charts = []
        game = plot.game
        values = game.channels_of(plot.info, plot.telemetry)
        t = plot.telemetry.t
        shown = [c for c in game.channels_for(plot.info) if c.name in values][:MAX_CHARTS]
        for i, channel in enumerate(shown):
            chart = TimeSeriesChart(game_text(channel.label), game_text(channel.unit))
            bands: list[Band] = []
            if channel.safe_low is not None or channel.safe_high is not None:
                data = values[channel.name]
                low = channel.safe_low if channel.safe_low is not None else float(data.min())
                high = channel.safe_high if channel.safe_high is not None else float(data.max())
                bands.append(Band(low, high, self.tr("safe")))
            chart.set_data(
                t, [Series(game_label(channel.label), values[channel.name], COLOURS[i])], bands
            )
            self.grid.addWidget(chart, i // 2, i % 2)
            self._charts.append(chart)
