"""A table model over frozen records, updated row by row with the proper begin/end calls."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

R = TypeVar("R")
AnyIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column(Generic[R]):
    """A column: its header, how to show a record, and a value to sort on."""

    header: str
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None
    numeric: bool = False


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """Rows of records keyed by ``key``; :meth:`replace` inserts, updates and removes rows
    in place so views keep their selection and scroll position."""

    def __init__(
        self,
        columns: Sequence[Column[R]],
        key: Callable[[R], Hashable],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._key = key
        self._rows: list[R] = []

    # -- reading ---------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = self._columns[index.column()]
        record = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(record)
        if role == SORT_ROLE:
            return column.sort(record) if column.sort is not None else column.text(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None

    def record(self, row: int) -> R:
        return self._rows[row]

    def records(self) -> list[R]:
        return list(self._rows)

    def set_headers(self, headers: Sequence[str]) -> None:
        """Rename the columns (a new UI language); the data stay."""
        for i, text in enumerate(headers[: len(self._columns)]):
            col = self._columns[i]
            self._columns[i] = Column(text, col.text, col.sort, col.numeric)
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)

    # -- editing ---------------------------------------------------------------------------
    def replace(self, records: Sequence[R]) -> None:
        """Make the rows equal to ``records`` (in that order) with minimal row changes."""
        wanted = list(records)
        wanted_keys = [self._key(r) for r in wanted]
        keep = set(wanted_keys)
        # 1. remove rows whose key is gone, from the bottom up
        for row in range(len(self._rows) - 1, -1, -1):
            if self._key(self._rows[row]) not in keep:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        # 2. walk the wanted order: update in place, move, or insert
        for target, (key, record) in enumerate(zip(wanted_keys, wanted, strict=True)):
            current = next(
                (i for i in range(target, len(self._rows)) if self._key(self._rows[i]) == key),
                None,
            )
            if current is None:
                self.beginInsertRows(QModelIndex(), target, target)
                self._rows.insert(target, record)
                self.endInsertRows()
                continue
            if current != target:
                self.beginMoveRows(QModelIndex(), current, current, QModelIndex(), target)
                self._rows.insert(target, self._rows.pop(current))
                self.endMoveRows()
            if self._rows[target] != record:
                self._rows[target] = record
                self.dataChanged.emit(
                    self.index(target, 0), self.index(target, len(self._columns) - 1)
                )

    def upsert(self, record: R) -> None:
        """Add a record at the end, or update the row with the same key."""
        key = self._key(record)
        for row, existing in enumerate(self._rows):
            if self._key(existing) == key:
                if existing != record:
                    self._rows[row] = record
                    self.dataChanged.emit(
                        self.index(row, 0), self.index(row, self.columnCount() - 1)
                    )
                return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(record)
        self.endInsertRows()

    def clear(self) -> None:
        if self._rows:
            self.beginRemoveRows(QModelIndex(), 0, len(self._rows) - 1)
            self._rows.clear()
            self.endRemoveRows()
