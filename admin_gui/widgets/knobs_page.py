"""The teacher's knobs for the next round, for any game: "what if gravity were doubled?".

The page lists the knobs the class's game declares (name, unit, range), each with the
level's own value; a ticked knob is sent with the next round. The game's feasibility check
runs on every change and says in words, before the round starts, when a setting makes the
goal impossible. Every result remembers the knobs it was played with.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from admin_gui.i18n import game_label, game_number, game_text, games_language
from game.api import Game
from game.errors import GameError
from game.registry import DEFAULT_GAME, get_game


def with_mnemonic(label: str, taken: set[str]) -> str:
    """``label`` with its keyboard letter (``&``) on the first letter no other knob of the
    page has taken yet ("&Schwerkraft", "Sc&hub"); ``taken`` gains it."""
    for i, char in enumerate(label):
        if char.isalpha() and char.lower() not in taken:
            taken.add(char.lower())
            return f"{label[:i]}&{label[i:]}"
    return label


class KnobsPage(QWidget):
    warnings_changed = Signal(list)

    def __init__(self, world: str, parent: QWidget | None = None, game: str = DEFAULT_GAME) -> None:
        super().__init__(parent)
        self.checks: dict[str, QCheckBox] = {}
        self.spins: dict[str, QDoubleSpinBox] = {}
        self.defaults: dict[str, QLabel] = {}
        self.warnings: list[str] = []  # in the console's language
        self.grid = QGridLayout()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.reset_button = QPushButton(self.tr("&Reset to the world's values"))
        self.reset_button.clicked.connect(self.reset)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #c62828; font-weight: bold;")
        self.warning_label.setAccessibleName(self.tr("Knob warnings"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.grid)
        layout.addWidget(self.reset_button)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning_label)
        layout.addStretch(1)
        self.game: Game = get_game(game)
        self.level = world
        self.set_game(game, world)

    def set_game(self, game_key: str, level: str = "") -> None:
        """Show the knobs of ``game_key`` (its level's own values in the right column)."""
        game = get_game(game_key)
        self.game = game
        for widgets in (self.checks, self.spins, self.defaults):
            for widget in widgets.values():
                self.grid.removeWidget(widget)
                widget.deleteLater()
            widgets.clear()
        for i in reversed(range(self.grid.count())):
            item = self.grid.takeAt(i)
            child = item.widget() if item is not None else None
            if child is not None:
                child.deleteLater()
        self.intro.setText(
            self.tr(
                "Change {0} for the next round: ask the class to predict what will happen, "
                "then play it. Every result remembers the settings it was played with."
            ).format(game_text(game.title))
        )
        self.grid.addWidget(QLabel(self.tr("<b>Knob</b>")), 0, 0)
        self.grid.addWidget(QLabel(self.tr("<b>Next round</b>")), 0, 1)
        self.grid.addWidget(QLabel(self.tr("<b>World's own value</b>")), 0, 2)
        letters: set[str] = set()
        for row, knob in enumerate(game.knobs, start=1):
            label = game_text(knob.label)
            check = QCheckBox(with_mnemonic(label, letters))
            check.setToolTip(game_text(knob.help))
            spin = QDoubleSpinBox()
            spin.setRange(knob.low, knob.high)
            spin.setSingleStep(knob.step)
            spin.setDecimals(0 if knob.integer else 2)
            spin.setLocale(QLocale(games_language()))  # 1,62 in German, as the words say
            spin.setSuffix(f" {game_text(knob.unit)}" if knob.unit else "")
            spin.setEnabled(False)
            spin.setAccessibleName(label)
            check.toggled.connect(spin.setEnabled)
            check.toggled.connect(self._changed)
            spin.valueChanged.connect(self._changed)
            self.checks[knob.key], self.spins[knob.key] = check, spin
            self.defaults[knob.key] = QLabel()
            self.grid.addWidget(check, row, 0)
            self.grid.addWidget(spin, row, 1)
            self.grid.addWidget(self.defaults[knob.key], row, 2)
        self.set_world(level or game.levels[0].key)

    def set_world(self, level: str) -> None:
        """Show the level's own values (and start the spin boxes from them)."""
        if not level or level not in {lv.key for lv in self.game.levels}:
            level = self.game.levels[0].key
        self.level = level
        own = self.game.knob_defaults(level)
        for knob in self.game.knobs:
            value = own.get(knob.key, knob.low)
            unit = f" {game_text(knob.unit)}" if knob.unit else ""
            self.defaults[knob.key].setText(f"{game_number(value)}{unit}")
            if not self.checks[knob.key].isChecked():
                self.spins[knob.key].setValue(min(knob.high, max(knob.low, value)))
        self._changed()

    def knobs(self) -> dict[str, float]:
        """The knobs for the next round (only the ticked ones)."""
        return {k: self.spins[k].value() for k, c in self.checks.items() if c.isChecked()}

    def set_knob(self, knob: str, value: float) -> None:
        self.checks[knob].setChecked(True)
        self.spins[knob].setValue(value)

    set_override = set_knob

    @Slot()
    def reset(self) -> None:
        for check in self.checks.values():
            check.setChecked(False)

    @Slot()
    def _changed(self) -> None:
        chosen = self.knobs()
        if not chosen:
            self.summary.setText(self.tr("The next round plays with the world's own values."))
        else:
            labels = {k.key: k for k in self.game.knobs}
            parts = ", ".join(
                f"{game_label(labels[k].label)} = {game_number(v)}"
                f"{' ' + game_text(labels[k].unit) if labels[k].unit else ''}"
                for k, v in sorted(chosen.items())
            )
            self.summary.setText(self.tr("The next round plays with {0}.").format(parts))
        try:
            warnings = [game_text(w) for w in self.game.check_knobs(self.level, chosen)]
        except GameError as exc:
            warnings = [str(exc)]
        self.warnings = warnings
        self.warning_label.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.warning_label.setVisible(bool(warnings))
        self.warnings_changed.emit(list(warnings))
