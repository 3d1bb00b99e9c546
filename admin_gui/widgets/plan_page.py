"""The lesson plan: the rounds of a lesson, across games, run one after another with "Next".

The teacher adds rounds (game, level, mode, length, and the Knobs page's settings when it
shows that game), orders them, saves the plan as a TOML file to reuse next year (the same
file ``moonbase serve --lesson`` runs), and during the lesson presses Next round: the next
planned round starts in every room. A round whose knobs make the goal impossible says so in
its row, and Next asks before starting it. At the end, Class report writes the lesson's
report (a printable page and a CSV).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from admin_gui.dialogs.save_path import documents_folder
from admin_gui.i18n import game_text
from app.host.plan import (
    MAX_PLANNED_ROUNDS,
    LessonPlan,
    LessonPlanError,
    PlannedRound,
    load_plan,
    make_plan,
    planned_round,
    save_plan,
)
from game.registry import all_games, get_game

FileAsker = Callable[[QWidget, str, str, str], str | None]  # parent, title, suggested, filter
Confirm = Callable[[QWidget, str], bool]
COLUMNS = ("#", "Game", "Level", "Mode", "Length", "Knobs", "")


def ask_open_file(parent: QWidget, title: str, suggested: str, filt: str) -> str | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, suggested, filt)
    return path or None


def ask_save_file(parent: QWidget, title: str, suggested: str, filt: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filt)
    return path or None


def ask_start_anyway(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.warning(
        parent,
        QCoreApplication.translate("PlanPage", "Start this round?"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class PlanPage(QWidget):
    next_requested = Signal(object)  # PlannedRound
    report_requested = Signal(str)  # the HTML path

    def __init__(
        self,
        knobs_for: Callable[[str], Mapping[str, float]] = lambda game: {},
        ask_open: FileAsker = ask_open_file,
        ask_save: FileAsker = ask_save_file,
        confirm: Confirm = ask_start_anyway,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.knobs_for = knobs_for
        self.ask_open = ask_open
        self.ask_save = ask_save
        self.confirm = confirm
        self.rounds: list[PlannedRound] = []
        self.played = 0  # rounds of the plan started so far
        self.waiting: PlannedRound | None = None  # asked to start, not confirmed yet
        self.hosting = False
        self.path: Path | None = None

        intro = QLabel(
            self.tr(
                "Plan the lesson as a list of rounds, across games. Save it to reuse next "
                "year; during the lesson, Next round starts the next one in every room."
            )
        )
        intro.setWordWrap(True)
        self.title_edit = QLineEdit(self.tr("Lesson"))
        self.title_edit.setAccessibleName(self.tr("Lesson title"))
        title_row = QHBoxLayout()
        title_label = QLabel(self.tr("&Title:"))
        title_label.setBuddy(self.title_edit)
        title_row.addWidget(title_label)
        title_row.addWidget(self.title_edit, stretch=1)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("#"),
                self.tr("Game"),
                self.tr("Level"),
                self.tr("Mode"),
                self.tr("Length"),
                self.tr("Knobs"),
                self.tr("Check"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Planned rounds"))

        self.game_box = QComboBox()
        for game in all_games():
            self.game_box.addItem(
                self.tr("{0} ({1})").format(
                    game_text(game.title), game_text(game.discipline.title)
                ),
                game.key,
            )
        self.level_box = QComboBox()
        self.mode_box = QComboBox()
        self.seconds = QDoubleSpinBox()
        self.seconds.setRange(5.0, 3600.0)
        self.seconds.setDecimals(0)
        self.seconds.setSuffix(" s")
        self.game_box.currentIndexChanged.connect(self._game_chosen)
        self.add_button = QPushButton(self.tr("&Add round"))
        self.add_button.clicked.connect(self.add_round)
        form = QHBoxLayout()
        for label, widget in (
            (self.tr("&Game:"), self.game_box),
            (self.tr("&Level:"), self.level_box),
            (self.tr("&Mode:"), self.mode_box),
            (self.tr("L&ength:"), self.seconds),
        ):
            text = QLabel(label)
            text.setBuddy(widget)
            form.addWidget(text)
            form.addWidget(widget)
        form.addWidget(self.add_button)
        form.addStretch(1)

        self.remove_button = QPushButton(self.tr("Remo&ve"))
        self.up_button = QPushButton(self.tr("Move &up"))
        self.down_button = QPushButton(self.tr("Move &down"))
        self.open_button = QPushButton(self.tr("&Open plan…"))
        self.save_button = QPushButton(self.tr("&Save plan…"))
        self.next_button = QPushButton(self.tr("&Next round ▶"))
        self.next_button.setToolTip(self.tr("Start the next planned round in every room (Ctrl+N)"))
        self.report_button = QPushButton(self.tr("Class &report…"))
        self.remove_button.clicked.connect(self.remove_round)
        self.up_button.clicked.connect(lambda: self.move_round(-1))
        self.down_button.clicked.connect(lambda: self.move_round(1))
        self.open_button.clicked.connect(self.open_plan)
        self.save_button.clicked.connect(self.save_plan)
        self.next_button.clicked.connect(self.next_round)
        self.report_button.clicked.connect(self.ask_report)
        QShortcut(QKeySequence("Ctrl+N"), self, self.next_round)
        buttons = QHBoxLayout()
        for button in (self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.open_button, self.save_button, self.report_button, self.next_button):
            buttons.addWidget(button)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Lesson plan status"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(title_row)
        layout.addWidget(self.table, stretch=1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._game_chosen()
        self._refresh()

    # -- building the plan -------------------------------------------------------------------
    def _game_chosen(self) -> None:
        game = get_game(str(self.game_box.currentData()))
        self.level_box.clear()
        for level in game.levels:
            self.level_box.addItem(game_text(level.title), level.key)
        self.mode_box.clear()
        for mode in sorted(game.modes, key=lambda m: m.value != "competitive"):
            self.mode_box.addItem(mode.value, mode.value)
        self.seconds.setValue(game.default_seconds)

    @Slot()
    def add_round(self) -> None:
        if len(self.rounds) >= MAX_PLANNED_ROUNDS:
            self._say(self.tr("A plan holds at most {0} rounds.").format(MAX_PLANNED_ROUNDS))
            return
        game = str(self.game_box.currentData())
        try:
            made = planned_round(
                game,
                level=str(self.level_box.currentData()),
                mode=str(self.mode_box.currentData()),
                seconds=self.seconds.value(),
                knobs=dict(self.knobs_for(game)),
            )
        except LessonPlanError as exc:
            self._say(str(exc), error=True)
            return
        self.rounds.append(made)
        self._refresh(select=len(self.rounds) - 1)
        self._say(self.tr("Added round {0}: {1}").format(len(self.rounds), made.describe()))

    @Slot()
    def remove_round(self) -> None:
        row = self._selected()
        if row is None or row < self.played:
            return
        del self.rounds[row]
        self._refresh(select=min(row, len(self.rounds) - 1))

    def move_round(self, delta: int) -> None:
        row = self._selected()
        if row is None:
            return
        other = row + delta
        if not self.played <= other < len(self.rounds) or row < self.played:
            return
        self.rounds[row], self.rounds[other] = self.rounds[other], self.rounds[row]
        self._refresh(select=other)

    def set_plan(self, plan: LessonPlan) -> None:
        self.title_edit.setText(plan.title)
        self.rounds = list(plan.rounds)
        self.played = 0
        self.waiting = None
        self._refresh(select=0)

    def plan(self) -> LessonPlan:
        return make_plan(self.title_edit.text(), self.rounds)

    @Slot()
    def open_plan(self) -> None:
        folder = str(self.path.parent if self.path else documents_folder())
        chosen = self.ask_open(
            self, self.tr("Open a lesson plan"), folder, self.tr("Lesson plans (*.toml)")
        )
        if not chosen:
            return
        try:
            plan = load_plan(Path(chosen))
        except LessonPlanError as exc:
            self._say(str(exc), error=True)
            return
        self.path = Path(chosen)
        self.set_plan(plan)
        self._say(self.tr("Opened {0}: {1} round(s)").format(chosen, len(plan.rounds)))

    @Slot()
    def save_plan(self) -> None:
        try:
            plan = self.plan()
        except LessonPlanError as exc:
            self._say(str(exc), error=True)
            return
        suggested = self.path or documents_folder() / f"{_file_name(plan.title)}.toml"
        chosen = self.ask_save(
            self, self.tr("Save the lesson plan"), str(suggested), self.tr("Lesson plans (*.toml)")
        )
        if not chosen:
            return
        path = Path(chosen) if chosen.endswith(".toml") else Path(chosen + ".toml")
        try:
            save_plan(plan, path)
        except LessonPlanError as exc:
            self._say(str(exc), error=True)
            return
        self.path = path
        self._say(self.tr("Saved the plan to {0}").format(path))

    # -- running it ----------------------------------------------------------------------------
    @Slot()
    def next_round(self) -> None:
        if not self.hosting:
            self._say(self.tr("Start the class first: the plan runs in a hosted class."))
            return
        if self.waiting is not None:
            return
        if self.played >= len(self.rounds):
            self._say(self.tr("Every planned round has been played. Add rounds to go on."))
            return
        planned = self.rounds[self.played]
        warnings = [game_text(w) for w in planned.warnings()]
        if warnings:
            text = self.tr("Round {0} ({1}): {2}\n\nStart it anyway?").format(
                self.played + 1, planned.describe(), " ".join(warnings)
            )
            if not self.confirm(self, text):
                return
        self.waiting = planned
        self._update_buttons()
        self._say(self.tr("Starting round {0}: {1}…").format(self.played + 1, planned.describe()))
        self.next_requested.emit(planned)

    @Slot(object, object)
    def on_planned_started(self, planned: PlannedRound, ids: object) -> None:
        if self.waiting is not planned:
            return
        self.waiting = None
        self.played += 1
        rooms = len(ids) if isinstance(ids, list) else 0
        self._refresh(select=min(self.played, len(self.rounds) - 1))
        left = len(self.rounds) - self.played
        self._say(
            self.tr("Round {0} started in {1} room(s); {2} planned round(s) to go.").format(
                self.played, rooms, left
            )
        )

    @Slot(str, str)
    def on_failed(self, action: str, message: str) -> None:
        if self.waiting is not None and action.startswith("start the planned round"):
            self.waiting = None
            self._update_buttons()
            self._say(message, error=True)

    @Slot(object)
    def on_hosting(self, info: object) -> None:
        self.hosting = True
        self._update_buttons()

    @Slot()
    def on_stopped(self) -> None:
        self.hosting = False
        self.waiting = None
        self._update_buttons()

    @Slot()
    def ask_report(self) -> None:
        suggested = documents_folder() / f"{_file_name(self.title_edit.text())} report.html"
        chosen = self.ask_save(
            self, self.tr("Save the class report"), str(suggested), self.tr("Web page (*.html)")
        )
        if not chosen:
            return
        path = chosen if chosen.lower().endswith((".html", ".htm")) else chosen + ".html"
        self._say(self.tr("Writing the class report…"))
        self.report_requested.emit(path)

    @Slot(str, str)
    def on_report_written(self, html_path: str, csv_path: str) -> None:
        self._say(
            self.tr("Class report saved: {0} (open it in a browser to print) and {1}").format(
                html_path, csv_path
            )
        )

    # -- showing -------------------------------------------------------------------------------
    def _selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _refresh(self, select: int | None = None) -> None:
        self.table.setRowCount(len(self.rounds))
        for row, planned in enumerate(self.rounds):
            game = get_game(planned.game)
            knobs = ", ".join(f"{k} {v:g}" for k, v in sorted(planned.knobs.items()))
            warnings = [game_text(w) for w in planned.warnings()]
            if row < self.played:
                state = self.tr("played")
            elif row == self.played:
                state = self.tr("next")
            else:
                state = ""
            check = " ".join(warnings) if warnings else ""
            note = " · ".join(part for part in (state, check and "⚠ " + check) if part)
            cells = (
                str(row + 1),
                game_text(game.title),
                game_text(game.level(planned.level).title),
                planned.mode.value,
                f"{planned.seconds:g} s",
                knobs or self.tr("world's values"),
                note,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if warnings and column == len(cells) - 1:
                    item.setForeground(Qt.GlobalColor.darkRed)
                if row < self.played:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if select is not None and 0 <= select < len(self.rounds):
            self.table.selectRow(select)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self._selected()
        editable = row is not None and row >= self.played
        self.remove_button.setEnabled(editable)
        self.up_button.setEnabled(editable and row is not None and row - 1 >= self.played)
        self.down_button.setEnabled(editable and row is not None and row + 1 < len(self.rounds))
        self.next_button.setEnabled(
            self.hosting and self.waiting is None and self.played < len(self.rounds)
        )

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet("color: #c62828;" if error else "")
        self.status.setText(text)


def _file_name(title: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in title).strip()
    return " ".join(cleaned.split())[:60] or "lesson"
