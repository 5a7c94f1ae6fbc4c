"""项目概况 (unit, deadlines with days left, task completion) and the single-record forms (T1, T2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGroupBox, QHeaderView, QLabel, QScrollArea, QTableView, QVBoxLayout, QWidget

from govcat_desktop.services.changes import Changes
from govcat_desktop.services.commands import SetSingleton
from govcat_desktop.services.status import TaskStatus, task_statuses
from govcat_desktop.ui.context import Page
from govcat_desktop.ui.form_view import FormView

if TYPE_CHECKING:
    from govcat_desktop.ui.context import AppContext

TASK_HEADERS = ("任务", "内容", "截止日期", "剩余天数", "完成情况", "错误", "提醒")
STATE_COLOR = {"未开始": "#777777", "填报中": "#1565c0", "有错误": "#c62828", "可报送": "#2e7d32"}


def days_text(status: TaskStatus) -> str:
    if status.days_left is None:
        return "—"
    if status.days_left < 0:
        return f"已过期 {-status.days_left} 天"
    if status.days_left == 0:
        return "今天截止"
    return f"还剩 {status.days_left} 天"


class TaskModel(QAbstractTableModel):
    """The unit's tasks (services.status.task_statuses)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[TaskStatus] = []

    def set_rows(self, rows: list[TaskStatus]) -> None:
        """The same tasks again (after each step and validation): the rows whose figures changed are repainted; other
        tasks (a role changed, a project opened or closed): a reset."""
        rows = list(rows)
        if [s.task for s in rows] != [s.task for s in self.rows]:
            self.beginResetModel()
            self.rows = rows
            self.endResetModel()
            return
        changed = [r for r, (old, new) in enumerate(zip(self.rows, rows)) if old != new]
        self.rows = rows
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(TASK_HEADERS) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(TASK_HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(TASK_HEADERS)):
            return TASK_HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        s = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            cells = (s.task, s.name, s.deadline or "—", days_text(s), s.state, str(s.errors), str(s.warnings))
            return cells[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            if index.column() == 4:
                return QBrush(QColor(STATE_COLOR.get(s.state, "#000")))
            if index.column() == 3 and s.overdue:
                return QBrush(QColor("#c62828"))
        return None

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled if index.isValid() else Qt.ItemFlag.NoItemFlags


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    return area


class SingletonPage(QScrollArea, Page):
    """A form over one record of the project: info, contacts or mechanism."""

    def __init__(self, context: AppContext, kind: str, form_key: str, intro: str = "") -> None:
        super().__init__()
        self.context = context
        self.kind = kind
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        form = context.forms[form_key]
        title = QLabel(form.title)
        title.setStyleSheet("font-size:14pt; font-weight:bold")
        layout.addWidget(title)
        if intro or form.help:
            note = QLabel(intro or form.help)
            note.setWordWrap(True)
            note.setStyleSheet("color:#444")
            layout.addWidget(note)
        self.form = FormView(form, context.forms)
        self.form.edited.connect(self._edited)
        self.form.committed.connect(self._committed)
        layout.addWidget(self.form)
        self.extra = layout
        self.setWidget(body)

    def stored(self) -> Any:
        return getattr(self.context.session.project, self.kind)

    def check(self, draft: Any) -> list:
        project = self.context.session.project.model_copy(update={self.kind: draft})
        v = self.context.workspace.validator
        checks = {"info": v.check_project_info, "contacts": v.check_contacts, "mechanism": v.check_mechanism}
        return checks[self.kind](project)

    def set_session(self) -> None:
        self.form.set_record(self.stored())
        self.show_findings()

    def set_editable(self, editable: bool) -> None:
        self.form.setEnabled(editable)

    def apply(self, changes: Changes) -> None:
        if self.kind in changes.settings and self.form.record() != self.stored():
            self.form.set_record(self.stored())

    def show_findings(self) -> None:
        kind = "project" if self.kind == "info" else self.kind
        self._distribute([f for f in self.context.workspace.findings if f.ref and f.ref[0] == kind])

    def _distribute(self, findings: list) -> None:
        if self.kind == "contacts":
            for key, sub in self.form.groups.items():
                sub.show_findings([f for f in findings if f.ref[1:] == (key,)])
            self.form.show_findings([f for f in findings if len(f.ref) == 1])
        else:
            self.form.show_findings(findings)

    def _edited(self, draft: Any) -> None:
        if self.context.session is None:
            return
        self._distribute(self.check(draft))

    def _committed(self, draft: Any) -> None:
        if self.context.session is None:  # a field losing its focus after the project closed (Ctrl+Q while typing);
            return                        # what was typed was committed by the window's flush before it closed
        old = self.stored()
        if draft != old:
            names = {"info": "修改项目概况", "contacts": "修改工作联系表", "mechanism": "修改体制机制情况"}
            self.context.push(SetSingleton(self.kind, old, draft, text=names[self.kind]))

    def flush(self) -> None:
        self.form.flush()

    def focus(self, ref: tuple, field: str) -> bool:
        if self.kind == "contacts" and len(ref) > 1:
            sub = self.form.groups.get(ref[1])
            return sub.focus_field(field) if sub else False
        return self.form.focus_field(field)

    def current_field(self):
        return self.form.current_field()


class OverviewPage(SingletonPage):
    """项目概况: the unit's info form, deadlines and task completion."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context, "info", "project", intro="本单位的基本信息。各项任务的截止日期和完成情况见下表。")
        box = QGroupBox("任务与截止日期")
        inner = QVBoxLayout(box)
        self.tasks = TaskModel(self)
        self.table = QTableView()
        self.table.setObjectName("task_table")
        self.table.setAccessibleName("任务与截止日期")
        self.table.setModel(self.tasks)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setFixedHeight(140)
        inner.addWidget(self.table)
        self.counts = QLabel()
        self.counts.setObjectName("project_counts")
        self.counts.setWordWrap(True)
        inner.addWidget(self.counts)
        self.extra.insertWidget(2, box)
        from govcat_desktop.ui.package_overview import AssigneeBox

        self.assignees = AssigneeBox()  # issue 23: per 承办科室 (hidden while nobody is assigned anything)
        self.extra.insertWidget(3, self.assignees)

    def apply(self, changes: Changes) -> None:
        super().apply(changes)
        if changes:  # the tasks a role owes, the counts of records: read again (the findings follow)
            self.show_findings()

    def show_findings(self) -> None:
        super().show_findings()
        session = self.context.session
        session = self.context.session
        self.tasks.set_rows(task_statuses(session.project, self.context.workspace.findings) if session else [])
        p = session.project
        own = (f"服务事项 {len(p.matters)} 个，数据资源目录 {p.entry_count()} 个，信息项 {p.item_count()} 个；"
               f"共享数据需求 {len(p.demands)} 条，需求审核确认 {len(p.reviews)} 条。")
        from govcat_desktop.services.bureau import is_bureau

        if is_bureau(p.info.role):  # a bureau's overview is about the units it gathers
            from govcat_desktop.services.bureau.overview import bureau_overview, overview_html

            units, figures = bureau_overview(session.store)
            self.counts.setText(overview_html(units, figures)
                                + f"<br><span style='color:#666'>本单位自身：{own}</span>")
        else:
            from govcat_desktop.ui.changes_view import unit_changes_line

            self.counts.setText(own + unit_changes_line(session))
        from govcat_desktop.services.packages import overview

        self.assignees.set_rows(overview(session, self.context.workspace.findings))
        from govcat_desktop.services.project_settings import stale_deadlines

        year = p.info.profile.year
        if stale_deadlines(p.info.profile):
            following = f"{int(year) + 1}年度" if year.isdigit() else "下一年度"
            self.counts.setText(self.counts.text() + "<br><span style='color:#b26a00'>各项任务的截止日期都已过去。"
                                "如为下一年度的工作，请在“文件 ▸ 项目设置（年度、截止日期）…”中"
                                f"改为{following}。</span>")
