"""The issues dock: every finding of the open project, grouped, searchable, sortable, each a step away from its field.

At real scale (1,135 matters) one rule can give a thousand identical findings ("该事项还没有数据资源目录"); they are
one expandable row with their count, so the one security error among them can still be seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from govcat_desktop.ui.icons import icon
from govcat_desktop.ui.row_moves import MAX_RUNS, plan, runs
from govcat_desktop.ui.screen import MIN_CONTENTS_CHARS
from govcat_desktop.ui.widgets import SearchField, matches
from govcat_desktop.validation.findings import SEVERITY_LABEL

HEADERS = ("级别", "任务", "记录", "说明")
TASK_FILTERS = ("全部任务", "T1", "T2", "T3", "T4", "项目")
SEVERITY_FILTERS = ("错误和提醒", "只看错误", "只看提醒")
ALL_RULES = "全部问题类型"
FINDING_ROLE = Qt.ItemDataRole.UserRole + 20
SORT_ROLE = Qt.ItemDataRole.UserRole + 21
RULE_NAMES = {"required": "必填项未填写"}
KIND_NOUN = {"matter": "个事项", "catalog": "条目录", "item": "个信息项", "demand": "条需求", "review": "条审核确认",
             "contacts": "处", "mechanism": "处", "project": "处"}


def rule_label(rule: str, message: str) -> str:
    """A rule as the clerk reads it: its name, or the start of its message."""
    if rule in RULE_NAMES:
        return RULE_NAMES[rule]
    head = message
    for stop in ("：", "。", "；", "，"):
        head = head.split(stop)[0]
    return head[:24] or rule


@dataclass
class Group:
    """Findings of the same severity, kind, rule and message (one row; expandable when more than one)."""

    findings: list = field(default_factory=list)
    branch: bool = False  # rows below even with one finding (FindingsModel._replace, between its row moves)

    @property
    def first(self):
        return self.findings[0]

    @property
    def single(self) -> bool:
        return len(self.findings) == 1 and not self.branch


def _group_key(group: Group) -> tuple:
    f = group.first
    return (f.severity, f.kind, f.rule, f.message)


def _finding_key(f) -> tuple:
    return (f.ref, f.field, f.record)


def group_findings(findings: list) -> list[Group]:
    """Identical findings together, in the order their first one came."""
    groups: dict[tuple, Group] = {}
    for f in findings:
        key = (f.severity, f.kind, f.rule, f.message)
        groups.setdefault(key, Group()).findings.append(f)
    return list(groups.values())


class FindingsModel(QAbstractItemModel):
    """Groups at the top level, their findings below (internalId: 0 for a group, group row + 1 for a finding)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.findings: list = []  # every finding of the project (counts)
        self.groups: list[Group] = []  # the shown ones, grouped

    def set_findings(self, findings: list, shown: list | None = None) -> None:
        """The findings after a step or a validation: the groups and rows that changed are removed, inserted or
        repainted in place — the clerk's expanded groups, current row and scroll position stay (a reset collapsed
        the 1,000-finding group being worked through after every fix). A change past MAX_RUNS runs resets."""
        self.findings = list(findings)
        groups = group_findings(self.findings if shown is None else shown)
        if not self.groups or not groups or not self._update(groups):
            self.beginResetModel()
            self.groups = groups
            self.endResetModel()

    def _update(self, groups: list[Group]) -> bool:
        """Turn self.groups into `groups` row by row; False (nothing done) when a reset is cheaper. Kept groups keep
        their rows (the view sorts them), new ones come after them."""
        new = {_group_key(g): g for g in groups}
        gone = runs([row for row, g in enumerate(self.groups) if _group_key(g) not in new])
        if len(gone) > MAX_RUNS:
            return False
        for first, last in reversed(gone):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self.groups[first:last + 1]
            self.endRemoveRows()
        kept = {_group_key(g) for g in self.groups}
        came = [g for g in groups if _group_key(g) not in kept]
        for row, mine in enumerate(self.groups):
            theirs = new[_group_key(mine)]
            if theirs.findings != mine.findings:
                self._replace(row, theirs)
        if came:
            first = len(self.groups)
            self.beginInsertRows(QModelIndex(), first, first + len(came) - 1)
            self.groups.extend(came)
            self.endInsertRows()
        return True

    def _replace(self, row: int, theirs: Group) -> None:
        """A kept group whose findings changed: its rows below changed as a plan of rows allows, else all of them."""
        mine = self.groups[row]
        parent = self.index(row, 0)
        old = [] if mine.single else [_finding_key(f) for f in mine.findings]
        fresh = [] if theirs.single else [_finding_key(f) for f in theirs.findings]
        moves = plan(old, fresh) if old and fresh else None
        if moves is not None and sum(b - a + 1 for a, b in moves[0]) == len(old):
            moves = None  # none kept: all go and come again (a group never stands without a finding)
        if moves is None:  # from or to one finding (no rows below), or a move: the rows below go and come again
            if old:
                self.beginRemoveRows(parent, 0, len(old) - 1)
                self.groups[row] = Group([mine.first])
                self.endRemoveRows()
            if fresh:
                self.beginInsertRows(parent, 0, len(fresh) - 1)
                self.groups[row] = theirs
                self.endInsertRows()
            self.groups[row] = theirs
        else:
            removed, inserted = moves
            findings = list(mine.findings)
            for first, last in reversed(removed):
                self.beginRemoveRows(parent, first, last)
                del findings[first:last + 1]
                self.groups[row] = Group(findings, branch=True)
                self.endRemoveRows()
            for first, last in inserted:
                self.beginInsertRows(parent, first, last)
                findings[first:first] = theirs.findings[first:last + 1]
                self.groups[row] = Group(findings, branch=True)
                self.endInsertRows()
            self.groups[row] = theirs  # the rows kept show the same: equal keys, one severity, rule and message
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))  # its count, its first

    # ----- structure -----------------------------------------------------------------
    def index(self, row, column, parent=QModelIndex()):
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self.groups) else QModelIndex()
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        group = self.groups[parent.row()]
        if group.single or row >= len(group.findings):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index=QModelIndex()):  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        group = self.groups[parent.row()]
        return 0 if group.single else len(group.findings)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

    def finding(self, index: QModelIndex):
        """The finding of a row; a group row stands for its first finding."""
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self.groups[index.row()].first if index.row() < len(self.groups) else None
        group = self.groups[index.internalId() - 1]
        return group.findings[index.row()] if index.row() < len(group.findings) else None

    def group(self, index: QModelIndex) -> Group | None:
        if not index.isValid() or index.internalId() != 0 or index.row() >= len(self.groups):
            return None
        return self.groups[index.row()]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        f = self.finding(index)
        if f is None:
            return None
        group = self.group(index)
        many = group is not None and not group.single
        col = index.column()
        if role == FINDING_ROLE:
            return f
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 2 and many:
                return f"{len(group.findings):,} {KIND_NOUN.get(f.kind, '处')}"
            return (SEVERITY_LABEL.get(f.severity, f.severity), f.task or "项目", f.record, f.message)[col]
        if role == SORT_ROLE:
            if col == 0:
                return 0 if f.is_error else 1
            if col == 2 and many:
                return -len(group.findings)
            return (f.severity, f.task or "项目", f.record, f.message)[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return icon("error" if f.is_error else "warning")
        if role == Qt.ItemDataRole.ToolTipRole:
            if many:
                return f"共 {len(group.findings):,} 处：{f.message}（展开查看每一处）"
            return f"{f.record}：{f.message}"
        return None

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags


class FindingsFilter(QSortFilterProxyModel):
    """Sorting by any column (the filters are applied before grouping, in the dock)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left, right) -> bool:  # noqa: N802
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if type(a) is not type(b):
            return str(a) < str(b)
        return a < b


class IssuesDock(QDockWidget):
    """Dock listing findings; `jump` is emitted with the finding the clerk clicked or moved to."""

    jump = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__("问题清单", parent)
        self.setObjectName("issues_dock")
        self.model = FindingsModel(self)
        self.proxy = FindingsFilter(self)
        self.proxy.setSourceModel(self.model)
        self.severity_filter = SEVERITY_FILTERS[0]
        self.task_filter = TASK_FILTERS[0]
        self.rule_filter = ""
        self.text_filter = ""
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.search = SearchField("issue_search", "查找问题", "查找问题（记录、说明，可输入拼音首字母）",
                                  lambda text: self._filter(text=text))
        self.search.setClearButtonEnabled(True)
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
        self.rule = QComboBox()
        self.rule.setObjectName("issue_rule")
        self.rule.setAccessibleName("按问题类型筛选")
        self.rule.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.rule.setMinimumContentsLength(MIN_CONTENTS_CHARS - 6)
        self.rule.activated.connect(lambda _i: self._filter(rule=self.rule.currentData() or ""))
        self.counts = QLabel()
        self.counts.setObjectName("issue_counts")
        bar.addWidget(self.search, 2)
        bar.addWidget(self.severity)
        bar.addWidget(self.task)
        bar.addWidget(self.rule, 1)
        bar.addWidget(self.counts, 1)
        layout.addLayout(bar)
        self.stack = QStackedWidget()
        self.view = QTreeView()
        self.view.setObjectName("issues")
        self.view.setAccessibleName("问题清单")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QTreeView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTreeView.SelectionMode.SingleSelection)
        self.view.setUniformRowHeights(True)
        self.view.setWordWrap(False)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 120)  # room for a child row's indentation
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 170)
        header.setStretchLastSection(True)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)
        self.view.selectionModel().currentChanged.connect(self._moved)
        self.ok = QLabel()
        self.ok.setObjectName("issues_ok")
        self.ok.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.ok.setStyleSheet("font-size:13pt; color:#2e7d32")
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.ok)
        layout.addWidget(self.stack, 1)
        self.setWidget(body)
        self._ready = False
        self._all: list = []
        self.set_findings(None)

    # ----- findings and filters ----------------------------------------------------------
    def set_findings(self, findings: list | None) -> None:
        """None: no project open (or validation pending)."""
        self._ready = findings is not None
        self._all = list(findings or [])
        self._fill_rules()
        self._apply()

    def _fill_rules(self) -> None:
        counts: dict[str, int] = {}
        labels: dict[str, str] = {}
        for f in self._all:
            counts[f.rule] = counts.get(f.rule, 0) + 1
            labels.setdefault(f.rule, rule_label(f.rule, f.message))
        wanted = [(ALL_RULES, "")] + [(f"{labels[rule]}（{n:,}）", rule)
                                      for rule, n in sorted(counts.items(), key=lambda kv: -kv[1])]
        if self.rule_filter and self.rule_filter not in counts:
            self.rule_filter = ""
        self.rule.blockSignals(True)
        if wanted != [(self.rule.itemText(i), self.rule.itemData(i)) for i in range(self.rule.count())]:
            self.rule.clear()  # only when the kinds or their counts changed: an open list stays open otherwise
            for text, rule in wanted:
                self.rule.addItem(text, rule)
        self.rule.setCurrentIndex(max(0, self.rule.findData(self.rule_filter)))
        self.rule.blockSignals(False)

    def _accept(self, f) -> bool:
        if self.severity_filter == "只看错误" and not f.is_error:
            return False
        if self.severity_filter == "只看提醒" and f.is_error:
            return False
        if self.task_filter == "项目":
            if f.task:
                return False
        elif self.task_filter != TASK_FILTERS[0] and f.task != self.task_filter:
            return False
        if self.rule_filter and f.rule != self.rule_filter:
            return False
        return not self.text_filter or matches(self.text_filter, f"{f.record} {f.message}")

    def _apply(self) -> None:
        shown = [f for f in self._all if self._accept(f)]
        self.model.set_findings(self._all, shown)
        if len(self.model.groups) == 1:
            self.view.expandAll()
        self._update_state(len(shown))

    def _filter(self, *, severity: str | None = None, task: str | None = None, rule: str | None = None,
                text: str | None = None) -> None:
        if severity is not None:
            self.severity_filter = severity
        if task is not None:
            self.task_filter = task
        if rule is not None:
            self.rule_filter = rule
        if text is not None:
            self.text_filter = text.strip()
        self._apply()

    def _update_state(self, shown: int = 0) -> None:
        findings = self._all
        errors = sum(1 for f in findings if f.is_error)
        text = f"{errors:,} 个错误，{len(findings) - errors:,} 个提醒" if findings else ""
        if findings and shown != len(findings):
            text += f"；显示 {shown:,} 个，{len(self.model.groups):,} 组"
        elif findings:
            text += f"（{len(self.model.groups):,} 组）"
        self.counts.setText(text)
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
        self._compact(not findings)

    def _compact(self, empty: bool) -> None:
        """Nothing to list: one line high (the pages get the room: the 目录总表 showed ~6 rows at 1366×768 under a
        230 px dock saying only 没有发现问题); findings again: a fifth of the window, at most 190 px."""
        filtering = bool(self.search.text())
        for w in (self.search, self.severity, self.task, self.rule, self.counts):  # nothing to filter: no filter bar
            w.setVisible(not empty or filtering)
        self.stack.setVisible(not empty or filtering)  # the title bar says it: 问题清单　✓ 没有发现问题
        self.setWindowTitle(f"问题清单　{self.ok.text()}" if empty and not filtering else "问题清单")
        if empty and not filtering:
            self.setMaximumHeight(self.titleBarHeight() + 6)
            return
        was_small = self.maximumHeight() < 1000
        self.setMaximumHeight(16777215)
        window = self.parentWidget()
        if was_small and isinstance(window, QMainWindow) and self.height() < 120:
            window.resizeDocks([self], [max(120, min(190, window.height() // 5))], Qt.Orientation.Vertical)
            window.layout().activate()  # at once: a click on a finding right after it appears lands on it

    def titleBarHeight(self) -> int:  # noqa: N802 - the title bar's height, as QDockWidget draws it
        return self.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight) + 8

    # ----- going to a finding ----------------------------------------------------------------
    def _clicked(self, index: QModelIndex) -> None:
        finding = self.proxy.data(index, FINDING_ROLE)
        if finding is not None:
            self.jump.emit(finding)

    def _moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Arrow keys: show the field as a click does, but keep the keyboard in the list."""
        if not current.isValid() or not self.view.hasFocus():
            return
        finding = self.proxy.data(current, FINDING_ROLE)
        if finding is not None:
            self.jump.emit(finding)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def row_of(self, rule: str) -> QModelIndex:
        """The first visible row of a rule (for tests and keyboard use); a group is expanded to show it."""
        for row in range(self.proxy.rowCount()):
            top = self.proxy.index(row, 0)
            f = top.data(FINDING_ROLE)
            if f is None or f.rule != rule:
                continue
            if self.proxy.rowCount(top) == 0:
                return self.proxy.index(row, 3)
            self.view.expand(top)
            return self.proxy.index(0, 3, top)
        return QModelIndex()
