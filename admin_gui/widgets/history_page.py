"""History: past lessons from the database, found by class name or join code and by date;
a lesson's rounds and each round's results; one student's data exported (JSON, in
Documents) or erased on request (COPPA/GDPR; the cloud erases it on the next sync).

The page only emits what it wants (:attr:`lessons_wanted`, :attr:`lesson_wanted`); the
bridge reads the database on the host thread and answers with :meth:`on_lessons` and
:meth:`on_lesson`. Typing is debounced, and an answer to an older query is dropped.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from admin_gui.dialogs.confirm import Confirm, ask_confirm
from admin_gui.dialogs.save_path import PathChooser, ask_save_path
from admin_gui.models.history_model import lessons_model, local_time, rounds_model
from admin_gui.models.results_model import ranked, results_model
from admin_gui.models.table import SORT_ROLE
from admin_gui.records import HistoryQuery, LessonDetail
from admin_gui.widgets.tables import record_table
from app.store import LessonInfo, LessonRound, StoredFlight

DEBOUNCE_MS = 250
DEFAULT_DAYS = 30  # the "from" date offered when the teacher ticks it


def _proxy(parent: QWidget, source: QAbstractItemModel) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(source)
    proxy.setSortRole(SORT_ROLE)
    return proxy


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class HistoryPage(QWidget):
    lessons_wanted = Signal(object)  # HistoryQuery
    lesson_wanted = Signal(int)  # lesson id
    student_export_wanted = Signal(int, str, str)  # student id, nickname, path
    student_erase_wanted = Signal(int, str)  # student id, nickname

    def __init__(
        self,
        parent: QWidget | None = None,
        today: date | None = None,
        choose_path: PathChooser = ask_save_path,
        confirm: Confirm = ask_confirm,
    ) -> None:
        super().__init__(parent)
        self.choose_path = choose_path
        self.confirm = confirm
        today = today or date.today()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("class name or join code"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search lessons"))
        self.since_box = QCheckBox(self.tr("&From"))
        self.since = QDateEdit(_qdate(today - timedelta(days=DEFAULT_DAYS)))
        self.until_box = QCheckBox(self.tr("&To"))
        self.until = QDateEdit(_qdate(today))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self._changed)
        self.since_box.toggled.connect(self.since.setEnabled)
        self.until_box.toggled.connect(self.until.setEnabled)
        self.since_box.toggled.connect(self._changed)
        self.until_box.toggled.connect(self._changed)
        self.search.textChanged.connect(self._changed)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)

        top = QHBoxLayout()
        search_label = QLabel(self.tr("&Search"))
        search_label.setBuddy(self.search)
        top.addWidget(search_label)
        top.addWidget(self.search, stretch=1)
        top.addWidget(self.since_box)
        top.addWidget(self.since)
        top.addWidget(self.until_box)
        top.addWidget(self.until)
        top.addWidget(self.refresh_button)

        self.lessons = lessons_model(self)
        self.lessons_proxy = _proxy(self, self.lessons)
        self.lessons_table = record_table(self.lessons_proxy)
        self.lessons_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.lessons_table.selectionModel().selectionChanged.connect(self._lesson_chosen)
        self.rounds = rounds_model(self)
        self.rounds_proxy = _proxy(self, self.rounds)
        self.rounds_table = record_table(self.rounds_proxy)
        self.rounds_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.rounds_table.selectionModel().selectionChanged.connect(self._round_chosen)
        self.results = results_model(self)
        self.results_proxy = _proxy(self, self.results)
        self.results_table = record_table(self.results_proxy)
        self.results_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.results_table.selectionModel().selectionChanged.connect(self._student_buttons)
        self.export_student_button = QPushButton(self.tr("E&xport this student's data…"))
        self.export_student_button.setToolTip(
            self.tr("Everything kept about the student of the selected result, as one JSON file")
        )
        self.erase_student_button = QPushButton(self.tr("&Erase this student…"))
        self.erase_student_button.setToolTip(
            self.tr(
                "Deletes the student of the selected result and all their results here; "
                "the cloud deletes them on the next sync"
            )
        )
        self.export_student_button.clicked.connect(self._export_student)
        self.erase_student_button.clicked.connect(self._erase_student)
        self._student_buttons()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.detail_title = QLabel(self.tr("Choose a lesson to see its rounds."))

        rounds_box = QWidget()
        rl = QVBoxLayout(rounds_box)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.detail_title)
        rl.addWidget(self.rounds_table, stretch=1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.lessons_table)
        splitter.addWidget(rounds_box)
        results_box = QWidget()
        resl = QVBoxLayout(results_box)
        resl.setContentsMargins(0, 0, 0, 0)
        resl.addWidget(self.results_table, stretch=1)
        student_row = QHBoxLayout()
        student_row.addWidget(self.export_student_button)
        student_row.addWidget(self.erase_student_button)
        student_row.addStretch(1)
        resl.addLayout(student_row)
        splitter.addWidget(results_box)
        for pane, stretch in enumerate((3, 2, 4)):
            splitter.setStretchFactor(pane, stretch)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, stretch=1)
        layout.addWidget(self.status)

        self._detail: LessonDetail | None = None
        self._asked: HistoryQuery | None = None
        self._stale = True
        self._note = ""  # what was just done, kept when the lessons are read again

    # -- what the page asks for -------------------------------------------------------------
    def query(self) -> HistoryQuery:
        """The lessons the controls describe now."""
        since = _pydate(self.since.date()) if self.since_box.isChecked() else None
        until = _pydate(self.until.date()) if self.until_box.isChecked() else None
        return HistoryQuery(self.search.text().strip(), since, until)

    @Slot()
    def refresh(self) -> None:
        """Ask for the lessons now (the bridge answers with :meth:`on_lessons`)."""
        self._debounce.stop()
        query = self.query()
        if query.since is not None and query.until is not None and query.since > query.until:
            self.status.setText(self.tr("The “from” date is after the “to” date."))
            return
        self._asked = query
        self._stale = False
        self.status.setText(self.tr("Reading the lessons…"))
        self.lessons_wanted.emit(query)

    @Slot()
    def mark_stale(self) -> None:
        """The database changed (a round ended, a class started): re-read when shown."""
        self._stale = True
        if self.isVisible():
            self.refresh()

    @Slot()
    def _changed(self) -> None:
        self._debounce.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- what is shown ------------------------------------------------------------------------
    def shown_lessons(self) -> list[LessonInfo]:
        """The lessons in the order the table shows them."""
        return [
            self.lessons.record(
                self.lessons_proxy.mapToSource(self.lessons_proxy.index(r, 0)).row()
            )
            for r in range(self.lessons_proxy.rowCount())
        ]

    def selected_lesson(self) -> LessonInfo | None:
        rows = self.lessons_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.lessons.record(self.lessons_proxy.mapToSource(rows[0]).row())

    def selected_round(self) -> LessonRound | None:
        rows = self.rounds_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.rounds.record(self.rounds_proxy.mapToSource(rows[0]).row())

    def shown_flights(self) -> list[StoredFlight]:
        return [row.flight for row in self.results.records()]

    def select_lesson(self, lesson_id: int) -> bool:
        for row in range(self.lessons_proxy.rowCount()):
            source = self.lessons_proxy.mapToSource(self.lessons_proxy.index(row, 0))
            if self.lessons.record(source.row()).id == lesson_id:
                self.lessons_table.selectRow(row)
                return True
        return False

    # -- answers from the bridge ------------------------------------------------------------
    @Slot(object, object)
    def on_lessons(self, query: HistoryQuery, lessons: list[LessonInfo]) -> None:
        if query != self._asked:
            return  # an answer to an older query: the teacher typed on
        self.lessons.replace(lessons)
        if lessons:
            found = self.tr("Lessons found: {0}").format(len(lessons))
        else:
            found = self.tr("No lesson matches.")
        self.status.setText(f"{found} {self._note}" if self._note else found)
        self._note = ""
        chosen = self.selected_lesson()
        if chosen is None:
            self._show_detail(None)
        else:  # its rounds may have changed since (a round ended): read them again
            self.lesson_wanted.emit(chosen.id)

    @Slot(object)
    def on_lesson(self, detail: LessonDetail) -> None:
        chosen = self.selected_lesson()
        if chosen is None or chosen.id != detail.lesson_id:
            return  # the teacher chose another lesson meanwhile
        self._show_detail(detail)

    def _show_detail(self, detail: LessonDetail | None) -> None:
        self._detail = detail
        self.rounds.replace(list(detail.rounds) if detail is not None else [])
        self.rounds_table.resizeColumnsToContents()
        lesson = self.selected_lesson()
        if detail is None or lesson is None:
            self.results.clear()
            self.detail_title.setText(self.tr("Choose a lesson to see its rounds."))
            return
        self.detail_title.setText(
            self.tr("{0}, {1} (code {2}). Rounds: {3}").format(
                lesson.class_name,
                local_time(lesson.started_at),
                lesson.join_code,
                len(detail.rounds),
            )
        )
        if self.selected_round() is None and self.rounds_proxy.rowCount() > 0:
            self.rounds_table.selectRow(0)
        self._round_chosen()

    # -- user choices --------------------------------------------------------------------------
    @Slot()
    def _lesson_chosen(self) -> None:
        lesson = self.selected_lesson()
        self.rounds.clear()
        self.results.clear()
        self._detail = None
        if lesson is None:
            self._show_detail(None)
            return
        self.detail_title.setText(self.tr("Reading lesson {0}…").format(lesson.join_code))
        self.lesson_wanted.emit(lesson.id)

    @Slot()
    def _round_chosen(self) -> None:
        chosen = self.selected_round()
        if chosen is None or self._detail is None:
            self.results.clear()
            return
        self.results.replace(ranked(self._detail.round_flights(chosen.id)))

    # -- one student's data (COPPA/GDPR) -------------------------------------------------------
    def selected_flight(self) -> StoredFlight | None:
        rows = self.results_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.results.record(self.results_proxy.mapToSource(rows[0]).row()).flight

    def select_student(self, nickname: str) -> bool:
        for row in range(self.results_proxy.rowCount()):
            source = self.results_proxy.mapToSource(self.results_proxy.index(row, 0))
            if self.results.record(source.row()).flight.nickname == nickname:
                self.results_table.selectRow(row)
                return True
        return False

    @Slot()
    def _student_buttons(self) -> None:
        chosen = self.selected_flight() is not None
        self.export_student_button.setEnabled(chosen)
        self.erase_student_button.setEnabled(chosen)

    @Slot()
    def _export_student(self) -> None:
        flight = self.selected_flight()
        if flight is None:
            return
        path = self.choose_path(self, f"student-{flight.student_id}-{flight.nickname}.json")
        if path is not None:
            self.status.setText(self.tr("Exporting {0}'s data…").format(flight.nickname))
            self.student_export_wanted.emit(flight.student_id, flight.nickname, path)

    @Slot()
    def _erase_student(self) -> None:
        flight = self.selected_flight()
        if flight is None:
            return
        question = self.tr(
            "Erase {0} and everything kept about them: every result, plot and chat line, in "
            "every lesson? This cannot be undone. The cloud erases them on the next sync."
        ).format(flight.nickname)
        if self.confirm(self, self.tr("Erase a student"), question):
            self.status.setText(self.tr("Erasing {0}…").format(flight.nickname))
            self.student_erase_wanted.emit(flight.student_id, flight.nickname)

    @Slot(str, str)
    def on_student_exported(self, nickname: str, path: str) -> None:
        self.status.setText(self.tr("{0}'s data saved in {1}").format(nickname, path))

    @Slot(str, int)
    def on_student_erased(self, nickname: str, results: int) -> None:
        self.mark_stale()  # the lesson is read again without them
        self._note = self.tr(
            "{0} erased here with {1} results; the cloud erases them on the next sync."
        ).format(nickname, results)
        self.status.setText(self._note)
