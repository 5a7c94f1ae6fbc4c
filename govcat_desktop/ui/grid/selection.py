"""The 目录总表's selection over its view, proxy and model: the `GridSelection` the controllers read (ui.grid.host)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from govcat_desktop.services import entry_cells as EC
from govcat_desktop.ui.grid.model import COLUMNS, ENTRY_ROLE, KEYS, EntryTableModel
from govcat_desktop.ui.grid.proxy import GridFilterProxy
from govcat_desktop.ui.grid.view import FrozenTableView


class ViewSelection:
    """Selected rows and cells of the grid in entry ids and column keys; moves the cursor to an entry."""

    def __init__(self, view: FrozenTableView, proxy: GridFilterProxy, model: EntryTableModel) -> None:
        self.view, self.proxy, self.model = view, proxy, model

    def _indexes(self) -> list:
        return self.view.selectionModel().selectedIndexes()

    def _source_rows(self) -> list[int]:
        """Selected rows in view order (source row numbers)."""
        rows = sorted({i.row() for i in self._indexes()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in rows]

    def selected_entry_ids(self) -> list[int]:
        return [self.model.rows[r] for r in self._source_rows() if r < len(self.model.rows)]

    def selected_drafts(self) -> list[Any]:
        n = len(self.model.rows)
        return [self.model.drafts[r - n] for r in self._source_rows() if r >= n]

    def current_entry_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        value = index.data(ENTRY_ROLE)
        return value if isinstance(value, int) and value >= 0 else None

    def current_key(self) -> str | None:
        index = self.view.currentIndex()
        return KEYS[self.proxy.mapToSource(index).column()] if index.isValid() else None

    def selected_keys(self) -> list[str]:
        cols = sorted({self.proxy.mapToSource(i).column() for i in self._indexes()})
        return [KEYS[c] for c in cols if COLUMNS[c].editable]

    def selected_cells(self) -> dict[int, list[str]]:
        cells: dict[int, list[str]] = {}
        for index in self._indexes():
            source = self.proxy.mapToSource(index)
            if source.row() < len(self.model.rows) and COLUMNS[source.column()].editable:
                cells.setdefault(self.model.rows[source.row()], []).append(KEYS[source.column()])
        return cells

    def selected_table(self) -> list[list[str]]:
        indexes = [i for i in (self._indexes() or [self.view.currentIndex()]) if i.isValid()]
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes}, key=self.view.horizontalHeader().visualIndex)
        chosen = {(i.row(), i.column()) for i in indexes}
        return [[str(self.proxy.index(r, c).data(Qt.ItemDataRole.EditRole) or "") if (r, c) in chosen else ""
                 for c in cols] for r in rows]

    def shown_entry_ids(self, from_cursor: bool = False) -> list[int]:
        index = self.view.currentIndex()
        first = (index.row() if index.isValid() else self.proxy.rowCount()) if from_cursor else 0
        return [v for r in range(first, self.proxy.rowCount())
                if isinstance(v := self.proxy.index(r, 0).data(ENTRY_ROLE), int) and v >= 0]

    def visible_keys(self) -> list[str]:
        header = self.view.horizontalHeader()
        order = sorted((header.visualIndex(c), c) for c in range(len(COLUMNS)) if not self.view.isColumnHidden(c))
        return [KEYS[c] for _v, c in order if COLUMNS[c].key in EC.BY_KEY]

    def select_entry(self, entry_id: int, key: str = "name") -> bool:
        row = self.model.row_of(entry_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, KEYS.index(key)))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True
