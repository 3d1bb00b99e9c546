"""The four charts of one flight: altitude, speeds, tilt and fuel, with the safe bands."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QGridLayout, QWidget

from admin_gui.records import FlightPlot
from admin_gui.widgets.chart import Band, Series, TimeSeriesChart


class FlightPlots(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.altitude = TimeSeriesChart(self.tr("Altitude above ground"), "m")
        self.speeds = TimeSeriesChart(self.tr("Speeds"), "m/s")
        self.tilt = TimeSeriesChart(self.tr("Tilt from upright"), "°")
        self.fuel = TimeSeriesChart(self.tr("Fuel"), "kg")
        grid = QGridLayout(self)
        grid.addWidget(self.altitude, 0, 0)
        grid.addWidget(self.speeds, 0, 1)
        grid.addWidget(self.tilt, 1, 0)
        grid.addWidget(self.fuel, 1, 1)

    def charts(self) -> list[TimeSeriesChart]:
        return [self.altitude, self.speeds, self.tilt, self.fuel]

    def show_flight(self, plot: FlightPlot) -> None:
        tel = plot.telemetry
        world = plot.config.world
        limits = world.limits
        spec = world.lander
        ground = plot.terrain.height_at(tel.x)
        altitude = tel.y - spec.foot_depth - ground
        self.altitude.set_data(
            tel.t,
            [Series(self.tr("altitude"), altitude, "#1e88e5")],
            [Band(0.0, 0.0, self.tr("ground"), "#6d4c41")],
        )
        self.speeds.set_data(
            tel.t,
            [
                Series(self.tr("vertical"), tel.vy, "#e53935"),
                Series(self.tr("horizontal"), tel.vx, "#8e24aa"),
            ],
            [
                Band(
                    -limits.max_vertical_speed,
                    limits.max_vertical_speed,
                    self.tr("safe touchdown: |vertical| ≤ {0:g}, |horizontal| ≤ {1:g}").format(
                        limits.max_vertical_speed, limits.max_horizontal_speed
                    ),
                ),
                Band(-limits.max_horizontal_speed, limits.max_horizontal_speed, "", "#2e7d32"),
            ],
        )
        tilt = np.degrees(np.arctan2(np.sin(tel.angle), np.cos(tel.angle)))
        self.tilt.set_data(
            tel.t,
            [Series(self.tr("tilt"), tilt, "#00897b")],
            [
                Band(
                    -limits.max_tilt_deg,
                    limits.max_tilt_deg,
                    self.tr("safe: ±{0:g}°").format(limits.max_tilt_deg),
                )
            ],
        )
        capacity = float(plot.config.params.fuel)
        reserve = capacity * 0.1
        self.fuel.set_data(
            tel.t,
            [Series(self.tr("fuel left"), tel.fuel, "#f9a825")],
            [
                Band(reserve, max(capacity, reserve), self.tr("above 10% reserve")),
                Band(0.0, reserve, self.tr("reserve"), "#c62828"),
            ],
        )
