"""项目概况's table of the division of work (issue 23): per 承办科室 its matters, entries, errors, unconfirmed
drafts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

from govcat_desktop.services.packages import UNASSIGNED, AssigneeRow

HEADERS = ("承办科室", "事项", "尚未梳理的事项", "目录", "错误", "未确认的草稿")


class AssigneeBox(QGroupBox):
    """Hidden while nobody is assigned anything (a unit that does not divide its work sees nothing new)."""

    def __init__(self) -> None:
        super().__init__("分工（按承办科室）")
        self.setObjectName("assignee_box")
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("assignee_table")
        self.table.setAccessibleName("分工（按承办科室）")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)  # numbers beside their headers, not far right
        layout.addWidget(self.table)
        self.setVisible(False)

    def set_rows(self, rows: list[AssigneeRow]) -> None:
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            values = (row.assignee, row.matters, row.no_entry, row.entries, row.errors, row.unconfirmed)
            for col, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if (col == 4 and row.errors) or (col == 2 and row.no_entry):
                    item.setForeground(QBrush(QColor("#c62828" if col == 4 else "#b26a00")))
                if row.assignee == UNASSIGNED:
                    item.setForeground(QBrush(QColor("#777777")))
                self.table.setItem(n, col, item)
        self.table.resizeRowsToContents()
        shown = sum(self.table.rowHeight(r) for r in range(min(8, len(rows))))  # up to 8 rows whole, then a scroll
        self.table.setFixedHeight(shown + self.table.horizontalHeader().sizeHint().height()
                                  + 2 * self.table.frameWidth() + 2)
        self.setVisible(bool(rows))

    def text(self) -> str:
        """The table as lines (tests, screen readers)."""
        return "\n".join("｜".join(self.table.item(r, c).text() for c in range(len(HEADERS)))
                         for r in range(self.table.rowCount()))
