"""Sort and filter the catalog grid: any column's text or pinyin initials, state, errors/warnings."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSortFilterProxyModel, Qt

from govcat_desktop.ui.grid.model import COLUMNS, ENTRY_ROLE, PREVIEW, SEVERITY_ROLE, STATE_ROLE
from govcat_desktop.ui.widgets import matches, refilter

ALL = "全部"
STATES = (ALL, PREVIEW, "未确认草稿", "草稿", "待审核", "已审核", "退回")
PROBLEMS = (ALL, "有错误", "有提醒", "有错误或提醒", "没有问题")


class GridFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = ""
        self.column = -1  # -1: every column
        self.state = ALL
        self.problems = ALL
        self.entries: Callable[[int], bool] | None = None  # e.g. 与上次报送相比 (ui.changes_view): entry id → shown
        self.setSortRole(Qt.ItemDataRole.DisplayRole)
        self.setSortLocaleAware(False)

    def set_filter(self, *, text: str | None = None, column: int | None = None, state: str | None = None,
                   problems: str | None = None) -> None:
        def change() -> None:
            if text is not None:
                self.text = text.strip()
            if column is not None:
                self.column = column
            if state is not None:
                self.state = state
            if problems is not None:
                self.problems = problems

        refilter(self, change)

    def set_entries(self, shown: Callable[[int], bool] | None) -> None:
        def change() -> None:
            self.entries = shown

        refilter(self, change)

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 - Qt override
        model = self.sourceModel()
        first = model.index(row, 0, parent)
        if self.entries is not None and not self.entries(model.data(first, ENTRY_ROLE)):
            return False
        if self.state != ALL:
            state = model.data(first, STATE_ROLE)
            if self.state == "草稿":
                if state not in ("草稿", "未确认草稿"):
                    return False
            elif state != self.state:
                return False
        if self.problems != ALL:
            severity = model.data(first, SEVERITY_ROLE)
            wanted = {"有错误": ("error",), "有提醒": ("warning",), "有错误或提醒": ("error", "warning"),
                      "没有问题": ("",)}[self.problems]
            if severity not in wanted:
                return False
        if not self.text:
            return True
        columns = range(len(COLUMNS)) if self.column < 0 else (self.column,)
        return any(matches(self.text, str(model.data(model.index(row, c, parent)) or "")) for c in columns)
