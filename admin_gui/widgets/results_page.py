"""Results: each round's table from the database, the class leaderboard, plots and CSV."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from admin_gui.dialogs.flight_dialog import PathChooser, ask_save_path
from admin_gui.i18n import game_text
from admin_gui.models.results_model import leaderboard_model, ranked, results_model
from admin_gui.models.table import SORT_ROLE
from admin_gui.records import LESSON_TOTAL
from admin_gui.widgets.tables import record_table
from app.store import LeaderboardRow, StoredFlight
from game.registry import DEFAULT_GAME, all_games

ROUND_PERIOD = "round"


def _table(model: QSortFilterProxyModel) -> QTableView:
    table = record_table(model)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return table


class ResultsPage(QWidget):
    results_wanted = Signal(int)  # round id
    leaderboard_wanted = Signal(str, str)  # game (or LESSON_TOTAL), day / week / all
    plot_wanted = Signal(object)  # StoredFlight
    export_wanted = Signal(int, str)  # round id, path

    def __init__(
        self,
        parent: QWidget | None = None,
        choose_path: PathChooser = ask_save_path,
        game: str = DEFAULT_GAME,
    ) -> None:
        super().__init__(parent)
        self.choose_path = choose_path
        self.model = results_model(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = _table(self.proxy)
        self.table.activated.connect(self._activated)
        self.round_box = QComboBox()
        self.round_box.setPlaceholderText(self.tr("no round yet"))
        self.round_box.currentIndexChanged.connect(self._round_chosen)
        self.plot_button = QPushButton(self.tr("&Plot flight"))
        self.plot_button.clicked.connect(self._plot_selected)
        self.export_button = QPushButton(self.tr("&Export CSV…"))
        self.export_button.clicked.connect(self._export)
        self.status = QLabel()
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        round_label = QLabel(self.tr("R&ound"))
        round_label.setBuddy(self.round_box)
        top.addWidget(round_label)
        top.addWidget(self.round_box, stretch=1)
        top.addWidget(self.plot_button)
        top.addWidget(self.export_button)
        results_box = QWidget()
        rl = QVBoxLayout(results_box)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(top)
        rl.addWidget(self.table)
        rl.addWidget(self.status)

        self.board_model = leaderboard_model(self)
        self.board_proxy = QSortFilterProxyModel(self)
        self.board_proxy.setSourceModel(self.board_model)
        self.board_proxy.setSortRole(SORT_ROLE)
        self.board = _table(self.board_proxy)
        self.period = QComboBox()
        self.period.addItem(self.tr("This round"), ROUND_PERIOD)
        self.period.addItem(self.tr("Today"), "day")
        self.period.addItem(self.tr("This week"), "week")
        self.period.addItem(self.tr("All time"), "all")
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.board_game = QComboBox()
        for known in all_games():
            self.board_game.addItem(game_text(known.title), known.key)
        self.board_game.addItem(self.tr("Lesson total (all games)"), LESSON_TOTAL)
        self.board_game.setCurrentIndex(max(0, self.board_game.findData(game)))
        self.board_game.setAccessibleName(self.tr("Leaderboard of game"))
        self.board_game.currentIndexChanged.connect(self._period_chosen)
        board_box = QGroupBox(self.tr("Class leaderboard"))
        bl = QVBoxLayout(board_box)
        choices = QHBoxLayout()
        choices.addWidget(self.board_game)
        choices.addWidget(self.period)
        choices.addStretch(1)
        bl.addLayout(choices)
        bl.addWidget(self.board)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(results_box)
        splitter.addWidget(board_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._flights: dict[int, list[StoredFlight]] = {}
        self._update_buttons()

    # -- what the page shows ----------------------------------------------------------------
    def current_round(self) -> int | None:
        data = self.round_box.currentData()
        return int(data) if data is not None else None

    def flight_at(self, view_row: int) -> StoredFlight:
        """The flight on row ``view_row`` as the table shows it (after sorting)."""
        source = self.proxy.mapToSource(self.proxy.index(view_row, 0))
        return self.model.record(source.row()).flight

    def shown_flights(self) -> list[StoredFlight]:
        return [row.flight for row in self.model.records()]

    def _update_buttons(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.plot_button.setEnabled(has_rows)
        self.export_button.setEnabled(self.current_round() is not None)

    # -- from the bridge --------------------------------------------------------------------
    @Slot(int)
    def add_round(self, round_id: int) -> None:
        if self.round_box.findData(round_id) < 0:
            self.round_box.addItem(self.tr("Round {0}").format(round_id), round_id)
        self.round_box.setCurrentIndex(self.round_box.findData(round_id))

    @Slot(object)
    def on_flight_recorded(self, flight: StoredFlight) -> None:
        if flight.round_id == self.current_round():
            self.results_wanted.emit(flight.round_id)

    @Slot(int, object)
    def on_results(self, round_id: int, flights: list[StoredFlight]) -> None:
        self._flights[round_id] = list(flights)
        if round_id == self.current_round():
            self.model.replace(ranked(flights))
            self.status.setText(
                self.tr("{0} results of round {1}, read from the database.").format(
                    len(flights), round_id
                )
            )
            if self.period.currentData() == ROUND_PERIOD:
                self._show_round_board(flights)
        self._update_buttons()

    @Slot(int, object)
    def on_round_completed(self, round_id: int, flights: list[StoredFlight]) -> None:
        self.add_round(round_id)
        self.on_results(round_id, flights)
        game = flights[0].game if flights else None
        if game is not None and self.board_game.currentData() != LESSON_TOTAL:
            index = self.board_game.findData(game)
            if index >= 0 and index != self.board_game.currentIndex():
                self.board_game.setCurrentIndex(index)  # asks for that game's board
                return
        self._want_board()

    def board_key(self) -> str:
        """What the board shows now: ``"game|period"`` (as the bridge answers)."""
        return f"{self.board_game.currentData()}|{self.period.currentData()}"

    def _want_board(self) -> None:
        game, period = str(self.board_game.currentData()), str(self.period.currentData())
        if game == LESSON_TOTAL or period != ROUND_PERIOD:
            self.leaderboard_wanted.emit(game, period)

    @Slot(str, object)
    def on_leaderboard(self, key: str, rows: list[LeaderboardRow]) -> None:
        if key == self.board_key():
            self.board_model.replace(rows)

    @Slot(str, int)
    def on_exported(self, path: str, rows: int) -> None:
        self.status.setText(self.tr("Exported {0} results to {1}").format(rows, path))

    def _show_round_board(self, flights: list[StoredFlight]) -> None:
        rows = [
            LeaderboardRow(
                r.rank, r.flight.student_id, r.flight.nickname, r.flight.score, r.flight.stars, 1
            )
            for r in ranked(flights)
        ]
        self.board_model.replace(rows)

    # -- user actions ----------------------------------------------------------------------
    @Slot(int)
    def _round_chosen(self, _index: int) -> None:
        round_id = self.current_round()
        self.model.clear()
        if round_id is not None:
            if round_id in self._flights:
                self.on_results(round_id, self._flights[round_id])
            self.results_wanted.emit(round_id)
        self._update_buttons()

    @Slot(int)
    def _period_chosen(self, _index: int) -> None:
        period = str(self.period.currentData())
        total = self.board_game.currentData() == LESSON_TOTAL
        self.period.setEnabled(not total)  # a lesson total is this lesson's
        if period == ROUND_PERIOD and not total:
            round_id = self.current_round()
            self._show_round_board(self._flights.get(round_id, []) if round_id is not None else [])
        else:
            self.board_model.clear()
            self._want_board()

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        self.plot_wanted.emit(self.model.record(source.row()).flight)

    @Slot()
    def _plot_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        index = rows[0] if rows else self.proxy.index(0, 0)
        if index.isValid():
            self._activated(index)

    @Slot()
    def _export(self) -> None:
        round_id = self.current_round()
        if round_id is None:
            return
        path = self.choose_path(self, f"round-{round_id}-results.csv")
        if path is not None:
            self.status.setText(self.tr("Exporting round {0}…").format(round_id))
            self.export_wanted.emit(round_id, path)
