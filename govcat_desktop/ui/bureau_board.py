"""报送进度 at city scale: one line per unit, short coloured state cells (details in their tooltips), sorting,
filters by state, overdue and paper state, and a search by unit name or its pinyin initials."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from govcat_desktop.ui.widgets import SearchField, matches

TASK_COLUMNS = ("T1", "T2", "T3", "T4")
HEADERS = ["单位", "所属地区", "T1 联系人", "T2 体制机制", "T3 目录", "T4 供需", "纸质版", "逾期", "目录变化"]
STATE_COLOURS = {"未报送": "#f2f2f2", "已报送": "#ddebf7", "有错误": "#fce4d6", "已审核": "#e2efda", "退回": "#ffe699",
                 "—": "#ffffff"}
LATE = QColor("#f8cbad")
ALL_STATES = "全部状态"
STATES = (ALL_STATES, "未报送", "已报送", "有错误", "已审核", "退回")
PAPER = ("全部纸质版", "纸质版未收到", "纸质版有问题", "纸质版一致")
ORDER = {"未报送": 0, "退回": 1, "有错误": 2, "已报送": 3, "已审核": 4, "—": 5}


def paper_state(paper: str) -> str:
    """The state word a paper line starts with: 一致 of “一致；空白页：扫描.pdf 第 2 页” (the blank backs of a duplex
    scan are said, not a problem), 缺页 of “缺页（2）”."""
    return re.split("[（；]", paper, maxsplit=1)[0]


def paper_summary(row: Any) -> tuple[str, str]:
    """(short text, kind) of a unit's paper copies over the tasks it owes: kind 一致 / 未收到 / 问题 / ""
    (none owed)."""
    papers = [paper_state(c.paper) for c in row.cells.values() if c.owed and c.paper]
    if not papers:
        return "", ""
    problems = [p for p in papers if p != "一致" and p != "未收到"]
    if problems:
        return problems[0], "问题"
    missing = sum(1 for p in papers if p == "未收到")
    if missing:
        return f"未收到 {missing}", "未收到"
    return "一致", "一致"


def cell_tip(cell: Any, task_name: str) -> str:
    if not cell.owed:
        return f"{task_name}：本单位无需报送"
    lines = [f"{task_name}：{cell.state}{'（逾期）' if cell.overdue else ''}"]
    if cell.deadline:
        lines.append(f"截止日期：{cell.deadline}")
    if cell.submissions:
        lines.append(f"错误 {cell.errors} 条，提醒 {cell.warnings} 条；收到 {cell.received}")
    if cell.history:
        lines.append(f"此前报送 {cell.history} 次（已被替换）")
    if cell.paper:
        lines.append(f"纸质版：{cell.paper}")
    return "\n".join(lines)


class _SortItem(QTableWidgetItem):
    """Sorts by a key of its own (a state's order, not its text)."""

    def __init__(self, text: str, key: Any) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return self.key < getattr(other, "key", other.text())


class BoardTable(QTableWidget):
    """The board itself: one line per unit; the unit's id in column 0 (UserRole)."""

    def __init__(self) -> None:
        super().__init__(0, len(HEADERS))
        self.setObjectName("board")
        self.setHorizontalHeaderLabels(HEADERS)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.setAlternatingRowColors(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        font = self.font()
        font.setPointSizeF(max(8.0, font.pointSizeF() - 1))  # a dense table: one point below the window's text
        self.setFont(font)
        self.verticalHeader().setMinimumSectionSize(self.fontMetrics().height())
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 1)  # one line a unit
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # unsorted: the board's order (overdue first)
        self.setSortingEnabled(True)
        header.setSortIndicatorShown(True)


class BoardView(QWidget):
    """Filter bar + board. `unit_changed` when the selected unit changes."""

    unit_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.search = SearchField("board_search", "查找单位", "查找单位（名称或拼音首字母）",
                                  lambda _t: self.apply_filter())
        self.search.returnPressed.connect(self.search.filter_now)
        bar.addWidget(self.search, 2)
        self.state = QComboBox()
        self.state.setObjectName("board_state")
        self.state.setAccessibleName("按状态筛选")
        self.state.addItems(STATES)
        self.state.currentIndexChanged.connect(lambda _i: self.apply_filter())
        bar.addWidget(self.state)
        self.paper = QComboBox()
        self.paper.setObjectName("board_paper")
        self.paper.setAccessibleName("按纸质版筛选")
        self.paper.addItems(PAPER)
        self.paper.currentIndexChanged.connect(lambda _i: self.apply_filter())
        bar.addWidget(self.paper)
        self.overdue = QCheckBox("只看逾期")
        self.overdue.setObjectName("board_overdue")
        self.overdue.toggled.connect(lambda _on: self.apply_filter())
        bar.addWidget(self.overdue)
        self.count = QLabel()
        self.count.setObjectName("board_count")
        bar.addWidget(self.count)
        layout.addLayout(bar)
        self.table = BoardTable()
        self.table.itemSelectionChanged.connect(self.unit_changed.emit)
        layout.addWidget(self.table, 1)

    def set_rows(self, rows: list[Any], task_names: dict[str, str],
                 changes: dict[int, tuple[int, int, int]] | None = None) -> None:
        """`changes`: unit id → (新增, 变更, 注销) since the accepted version, waiting for review (issue 22)."""
        selected = self.selected_unit()
        self.rows = list(rows)
        table = self.table
        table.setSortingEnabled(False)
        table.blockSignals(True)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            name = QTableWidgetItem(row.unit.org_name)
            name.setData(Qt.ItemDataRole.UserRole, row.unit.id)
            name.setToolTip(row.unit.org_name)
            table.setItem(r, 0, name)
            table.setItem(r, 1, QTableWidgetItem(row.unit.region))
            for c, task in enumerate(TASK_COLUMNS, start=2):
                cell = row.cells[task]
                key = (ORDER.get(cell.state, 9), not cell.overdue)
                item = _SortItem(cell.state + ("·逾期" if cell.overdue else ""), key)
                item.setBackground(QBrush(LATE if cell.overdue else QColor(STATE_COLOURS.get(cell.state, "#ffffff"))))
                item.setToolTip(cell_tip(cell, f"{task} {task_names.get(task, '')}"))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(r, c, item)
            text, kind = paper_summary(row)
            paper = QTableWidgetItem(text)
            paper.setToolTip("\n".join(f"{t}：{row.cells[t].paper}" for t in TASK_COLUMNS if row.cells[t].paper))
            if kind == "问题":
                paper.setBackground(QBrush(QColor("#fce4d6")))
            table.setItem(r, 6, paper)
            late = QTableWidgetItem("逾期" if row.overdue else "")
            if row.overdue:
                late.setBackground(QBrush(LATE))
            table.setItem(r, 7, late)
            new, changed, gone = (changes or {}).get(row.unit.id, (0, 0, 0))
            moved = _SortItem(str(new + changed + gone) if new + changed + gone else "", new + changed + gone)
            moved.setToolTip(f"与已审核的版本相比，待审核：新增 {new}、变更 {changed}、注销 {gone}")
            moved.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(r, 8, moved)
        for c, width in enumerate((0, 70, 84, 84, 84, 84, 90, 44, 60)):
            if c:
                table.setColumnWidth(c, width)
        table.setSortingEnabled(True)
        table.blockSignals(False)
        self.apply_filter()
        if selected is not None:
            self.select_unit(selected)

    def _row_of(self, table_row: int) -> Any:
        item = self.table.item(table_row, 0)
        unit = item.data(Qt.ItemDataRole.UserRole) if item else None
        return next((r for r in self.rows if r.unit.id == unit), None)

    def shown(self, row: Any) -> bool:
        query = self.search.text().strip()
        if query and not matches(query, row.unit.org_name):
            return False
        state = self.state.currentText()
        if state != ALL_STATES and not any(c.owed and c.state == state for c in row.cells.values()):
            return False
        if self.overdue.isChecked() and not row.overdue:
            return False
        wanted = {1: "未收到", 2: "问题", 3: "一致"}.get(self.paper.currentIndex())
        return wanted is None or paper_summary(row)[1] == wanted

    def apply_filter(self) -> None:
        visible = 0
        for r in range(self.table.rowCount()):
            row = self._row_of(r)
            hide = row is None or not self.shown(row)
            self.table.setRowHidden(r, hide)
            visible += not hide
        self.count.setText(f"显示 {visible} / {len(self.rows)} 个单位")

    def selected_unit(self) -> int | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select_unit(self, unit_id: int) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == unit_id:
                self.table.selectRow(r)
                return
