"""The issues dock: every finding of the open project, filterable, each a click away from its field."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from govcat_desktop.validation.findings import SEVERITY_LABEL
from govcat_desktop.ui.icons import icon
from govcat_desktop.ui.widgets import refilter

HEADERS = ("级别", "任务", "记录", "说明")
TASK_FILTERS = ("全部任务", "T1", "T2", "T3", "T4", "项目")
SEVERITY_FILTERS = ("错误和提醒", "只看错误", "只看提醒")
FINDING_ROLE = Qt.ItemDataRole.UserRole + 20


class FindingsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.findings: list = []

    def set_findings(self, findings: list) -> None:
        self.beginResetModel()
        self.findings = list(findings)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.findings)):
            return None
        f = self.findings[index.row()]
        col = index.column()
        if role == FINDING_ROLE:
            return f
        if role == Qt.ItemDataRole.DisplayRole:
            return (SEVERITY_LABEL.get(f.severity, f.severity), f.task or "项目", f.record, f.message)[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return icon("error" if f.is_error else "warning")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{f.record}：{f.message}"
        return None

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags


class FindingsFilter(QSortFilterProxyModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.severity = SEVERITY_FILTERS[0]
        self.task = TASK_FILTERS[0]

    def set_filter(self, severity: str | None = None, task: str | None = None) -> None:
        def change() -> None:
            if severity is not None:
                self.severity = severity
            if task is not None:
                self.task = task

        refilter(self, change)

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802
        f = self.sourceModel().findings[row]
        if self.severity == "只看错误" and not f.is_error:
            return False
        if self.severity == "只看提醒" and f.is_error:
            return False
        if self.task == "项目":
            return not f.task
        if self.task != TASK_FILTERS[0] and f.task != self.task:
            return False
        return True


class IssuesDock(QDockWidget):
    """Dock listing findings; `jump` is emitted with the finding the clerk clicked."""

    jump = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__("问题清单", parent)
        self.setObjectName("issues_dock")
        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.severity = QComboBox()
        self.severity.setObjectName("issue_severity")
        self.severity.setAccessibleName("按级别筛选")
        self.severity.addItems(SEVERITY_FILTERS)
        self.severity.currentTextChanged.connect(lambda s: self._filter(severity=s))
        self.task = QComboBox()
        self.task.setObjectName("issue_task")
        self.task.setAccessibleName("按任务筛选")
        self.task.addItems(TASK_FILTERS)
        self.task.currentTextChanged.connect(lambda t: self._filter(task=t))
        self.counts = QLabel()
        self.counts.setObjectName("issue_counts")
        bar.addWidget(self.severity)
        bar.addWidget(self.task)
        bar.addWidget(self.counts, 1)
        layout.addLayout(bar)
        self.stack = QStackedWidget()
        self.view = QTableView()
        self.view.setObjectName("issues")
        self.view.setAccessibleName("问题清单")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 150)
        header.setStretchLastSection(True)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.ok = QLabel()
        self.ok.setObjectName("issues_ok")
        self.ok.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ok.setStyleSheet("font-size:13pt; color:#2e7d32")
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.ok)
        layout.addWidget(self.stack, 1)
        self.setWidget(body)
        self._ready = False
        self.set_findings(None)

    def set_findings(self, findings: list | None) -> None:
        """None: no project open (or validation pending)."""
        self._ready = findings is not None
        self.model.set_findings(findings or [])
        self._update_state()

    def _filter(self, **kw) -> None:
        self.proxy.set_filter(**kw)
        self._update_state()

    def _update_state(self) -> None:
        findings = self.model.findings
        errors = sum(1 for f in findings if f.is_error)
        self.counts.setText(f"{errors} 个错误，{len(findings) - errors} 个提醒" if findings else "")
        if not self._ready:
            self.ok.setText("打开或新建项目后，这里列出需要改正的问题。")
            self.ok.setStyleSheet("font-size:11pt; color:#555")
            self.stack.setCurrentWidget(self.ok)
        elif not findings:
            self.ok.setText("✓ 没有发现问题")
            self.ok.setStyleSheet("font-size:13pt; color:#2e7d32")
            self.stack.setCurrentWidget(self.ok)
        elif self.proxy.rowCount() == 0:
            self.ok.setText("✓ 在所选范围内没有发现问题")
            self.ok.setStyleSheet("font-size:12pt; color:#2e7d32")
            self.stack.setCurrentWidget(self.ok)
        else:
            self.stack.setCurrentWidget(self.view)

    def _clicked(self, index: QModelIndex) -> None:
        finding = self.proxy.data(index, FINDING_ROLE)
        if finding is not None:
            self.jump.emit(finding)

    def row_of(self, rule: str) -> QModelIndex:
        """The first visible row of a rule (for tests and keyboard use)."""
        for row in range(self.proxy.rowCount()):
            f = self.proxy.index(row, 0).data(FINDING_ROLE)
            if f.rule == rule:
                return self.proxy.index(row, 3)
        return QModelIndex()
