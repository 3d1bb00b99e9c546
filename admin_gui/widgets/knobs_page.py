"""Physics knobs: "what if gravity were doubled?" for the next round; results remember it."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from game.lander import PhysicsOverrides, RoundConfig, get_world
from game.lander.config import OVERRIDE_RANGES

STEPS = {"gravity": 0.1, "air_density": 0.05, "wind": 1.0, "thrust_scale": 0.05, "fuel": 5.0}


class KnobsPage(QWidget):
    def __init__(self, world: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        names = {
            "gravity": self.tr("&Gravity"),
            "air_density": self.tr("&Air density"),
            "wind": self.tr("&Wind"),
            "thrust_scale": self.tr("&Thrust"),
            "fuel": self.tr("&Fuel at start"),
        }
        self.checks: dict[str, QCheckBox] = {}
        self.spins: dict[str, QDoubleSpinBox] = {}
        self.defaults: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("<b>Knob</b>")), 0, 0)
        grid.addWidget(QLabel(self.tr("<b>Next round</b>")), 0, 1)
        grid.addWidget(QLabel(self.tr("<b>World's own value</b>")), 0, 2)
        for row, (knob, (low, high, unit)) in enumerate(OVERRIDE_RANGES.items(), start=1):
            check = QCheckBox(names[knob])
            spin = QDoubleSpinBox()
            spin.setRange(low, high)
            spin.setSingleStep(STEPS[knob])
            spin.setDecimals(2)
            spin.setSuffix(f" {unit}")
            spin.setEnabled(False)
            check.toggled.connect(spin.setEnabled)
            check.toggled.connect(self._changed)
            spin.valueChanged.connect(self._changed)
            self.checks[knob], self.spins[knob] = check, spin
            self.defaults[knob] = QLabel()
            grid.addWidget(check, row, 0)
            grid.addWidget(spin, row, 1)
            grid.addWidget(self.defaults[knob], row, 2)
        self.reset_button = QPushButton(self.tr("&Use the world's physics"))
        self.reset_button.clicked.connect(self.reset)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        intro = QLabel(
            self.tr(
                "Change the physics for the next round: ask the class to predict what will "
                "happen, then fly it. Every result remembers the physics it was flown with."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(self.reset_button)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.set_world(world)

    def set_world(self, world_key: str) -> None:
        """Show the world's own values (and start the spin boxes from them)."""
        world = get_world(world_key)
        params = RoundConfig(world=world, seed=0).params
        own = {
            "gravity": params.gravity,
            "air_density": params.air_density,
            "wind": params.wind_mean,
            "thrust_scale": 1.0,
            "fuel": params.fuel,
        }
        for knob, value in own.items():
            low, high, unit = OVERRIDE_RANGES[knob]
            self.defaults[knob].setText(f"{value:g} {unit}")
            if not self.checks[knob].isChecked():
                self.spins[knob].setValue(min(high, max(low, value)))
        self._changed()

    def overrides(self) -> PhysicsOverrides:
        """The overrides for the next round (only the ticked knobs)."""
        values = {k: self.spins[k].value() for k, c in self.checks.items() if c.isChecked()}
        return PhysicsOverrides(**values)

    def set_override(self, knob: str, value: float) -> None:
        self.checks[knob].setChecked(True)
        self.spins[knob].setValue(value)

    @Slot()
    def reset(self) -> None:
        for check in self.checks.values():
            check.setChecked(False)

    @Slot()
    def _changed(self) -> None:
        chosen = self.overrides().to_dict()
        if not chosen:
            self.summary.setText(self.tr("The next round flies with the world's own physics."))
        else:
            parts = ", ".join(f"{k} = {v:g}" for k, v in sorted(chosen.items()))
            self.summary.setText(self.tr("The next round flies with {0}.").format(parts))
