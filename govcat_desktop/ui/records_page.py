"""共享数据需求 and 需求审核确认: a table of records and the same form renderer as editor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from govcat_desktop.services.changes import Changes
from govcat_desktop.domain.models import Demand
from govcat_desktop.services.commands import AddRecord, DeleteRecord, UpdateRecord
from govcat_desktop.ui.context import Page
from govcat_desktop.ui.form_wizard import FormWizard
from govcat_desktop.ui.icons import icon
from govcat_desktop.ui.paged_form import PagedForm

if TYPE_CHECKING:
    from govcat_desktop.ui.context import AppContext

COLUMNS = {
    "demand": (("provider", "数据提供部门"), ("catalog_name", "需求目录/数据名称"), ("usage", "应用场景"),
               ("applied", "是否已申请")),
    "review": (("requester", "需求方"), ("data_name", "需求数据"), ("items", "需求信息项"), ("decision", "审核结论"),
               ("matched_entry", "对应目录"), ("reason", "理由"), ("due", "审核期限")),
}


class RecordsModel(QAbstractTableModel):
    """Table over the session's demands or reviews, with an error icon per row."""

    def __init__(self, kind: str, parent=None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.columns = COLUMNS[kind]
        self.session = None
        self.errors: dict[int, int] = {}
        self.ids: list[int] = []  # the rows as last reset: a list whose ids differ is reset again

    @property
    def records(self) -> list:
        if self.session is None:
            return []
        return self.session.project.demands if self.kind == "demand" else self.session.project.reviews

    def set_session(self, session) -> None:
        self.beginResetModel()
        self.session = session
        self.ids = [r.id for r in self.records]
        self.endResetModel()

    def reset(self) -> None:
        self.beginResetModel()
        self.ids = [r.id for r in self.records]
        self.endResetModel()

    @property
    def structure_changed(self) -> bool:
        return self.ids != [r.id for r in self.records]

    def repaint(self) -> None:
        if self.records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.records) - 1, len(self.columns) - 1))

    def set_findings(self, findings: list) -> None:
        errors: dict[int, int] = {}
        for f in findings:
            if f.ref and f.ref[0] == self.kind and f.is_error:
                errors[f.ref[1]] = errors.get(f.ref[1], 0) + 1
        self.errors = errors
        if self.records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.records) - 1, len(self.columns) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section][1]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.records)):
            return None
        record = self.records[index.row()]
        key = self.columns[index.column()][0]
        due_roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole)
        if key == "due" and role in due_roles:
            from govcat_desktop.services.deadlines import review_due

            due = review_due(record, self.session.project, self.session.forms)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor("#C00000") if due is not None and due.overdue else None
            if due is None:
                return "未填收到日期"
            return due.short() if role == Qt.ItemDataRole.DisplayRole else "审核期限：" + due.text()
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "catalog_name":
                return record.catalog_name or record.data_name
            value = getattr(record, key)
            return "、".join(value) if isinstance(value, list) else value
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0 and self.errors.get(record.id):
            return icon("error")
        if role == Qt.ItemDataRole.UserRole:
            return record.id
        return None

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def row_of(self, record_id: int) -> int:
        for row, record in enumerate(self.records):
            if record.id == record_id:
                return row
        return -1


class RecordsPage(QWidget, Page):
    """Top: the table. Bottom: the editor of the selected record (same renderer as everywhere)."""

    def __init__(self, context: AppContext, kind: str) -> None:
        super().__init__()
        self.context = context
        self.kind = kind
        self.form = context.forms[kind]
        self.model = RecordsModel(kind, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        title = QLabel(self.form.help)
        title.setWordWrap(True)
        title.setStyleSheet("color:#444")
        layout.addWidget(title)
        bar = QHBoxLayout()
        if kind == "demand":
            bar.addWidget(self._button("新增需求（向导）…", "add_demand", self.add_demand))
        bar.addWidget(self._button("删除", f"delete_{kind}", self.delete_selected))
        bar.addStretch(1)
        layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableView()
        self.table.setObjectName(f"{kind}_table")
        self.table.setAccessibleName(self.form.title)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        split.addWidget(self.table)
        self.stack = QStackedWidget()
        empty = QLabel("在上方选择一条记录进行编辑。" if kind == "review"
                       else "在上方选择一条需求进行编辑，或点“新增需求（向导）…”。")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(empty)
        self.editor = PagedForm(self.form, context.forms)
        self.editor.edited.connect(self._edited)
        self.editor.committed.connect(self._committed)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        self.scroll = scroll
        self.stack.addWidget(scroll)
        split.addWidget(self.stack)
        split.setSizes([220, 480])
        layout.addWidget(split, 1)
        self.current: int | None = None

    def _button(self, text: str, key: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(key)
        button.setAccessibleName(text)
        button.clicked.connect(slot)
        return button

    def check(self, record: Any) -> list:
        v = self.context.workspace.validator
        return v.check_demand(record) if self.kind == "demand" else v.check_review(record)

    def _choices(self) -> None:
        session = self.context.session
        if self.kind == "demand":
            self.editor.set_matters("matter_code", [(m.code, m.name) for m in session.project.matters if m.code])
        else:
            names = sorted({e.name for _m, e in session.entries.values() if e.name.strip()})
            self.editor.set_choices("matched_entry", names)

    def set_session(self) -> None:
        self.model.set_session(self.context.session)
        self.current = None
        self.stack.setCurrentIndex(0)

    def _records(self) -> dict:
        session = self.context.session
        return session.demands if self.kind == "demand" else session.reviews

    def _row_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        self.editor.flush()
        record_id = current.data(Qt.ItemDataRole.UserRole)
        if record_id is not None:
            self._show(record_id)

    def _show(self, record_id: int) -> None:
        self.current = record_id
        self._choices()
        self.editor.set_record(self._records()[record_id])
        self.editor.show_findings(self.context.workspace.findings_for((self.kind, record_id)))
        self.stack.setCurrentIndex(1)

    def select(self, record_id: int) -> bool:
        row = self.model.row_of(record_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        if self.current != record_id:
            self._show(record_id)
        return True

    def apply(self, changes: Changes) -> None:
        """After a step of the history that wrote this page's list (demands or reviews)."""
        if self.kind not in changes.records:
            return
        if self.model.structure_changed or changes.reloaded:
            current = self.current
            self.model.reset()
            if current is None or not self.select(current):
                self.current = None
                self.stack.setCurrentIndex(0)
            return
        self.model.repaint()
        if self.current is not None and self.current in self._records():
            stored = self._records()[self.current]
            if self.editor.record() != stored:
                self.editor.set_record(stored)

    def show_findings(self) -> None:
        self.model.set_findings(self.context.workspace.findings)
        if self.current is not None:
            self.editor.show_findings(self.context.workspace.findings_for((self.kind, self.current)))

    def _edited(self, draft: Any) -> None:
        self.editor.show_findings(self.check(draft))

    def _committed(self, draft: Any) -> None:
        old = self._records().get(draft.id)
        if old is not None and draft != old:
            self.context.push(UpdateRecord(self.kind, old, draft, text=f"修改{self.form.title}"))

    def flush(self) -> None:
        if self.current is not None:
            self.editor.flush()

    def add_demand(self) -> None:
        draft = self.context.interaction.form("新增共享数据需求", DemandWizard, self.context)
        if draft is None:
            return
        command = AddRecord("demand", draft, text=f"新增共享数据需求“{draft.catalog_name or draft.data_name}”")
        if self.context.push(command):
            self.select(command.record_id)

    def delete_targets(self) -> list[QWidget]:
        return [self.table]

    def set_editable(self, editable: bool) -> None:
        self.stack.setEnabled(editable)

    def delete_selected(self) -> None:
        if self.current is None:
            return
        record = self._records()[self.current]
        label = getattr(record, "data_name", "") or getattr(record, "catalog_name", "")
        text = f"确定删除“{label or '这条记录'}”吗？删除后可用“编辑 ▸ 撤销”恢复。"
        if self.context.interaction.confirm("删除", text, yes="删除", parent=self):
            self.context.push(DeleteRecord(self.kind, self.current, text=f"删除{self.form.title}"))

    def focus(self, ref: tuple, field: str) -> bool:
        if not self.select(ref[1]):
            return False
        if field and self.editor.focus_field(field):
            editor = self.editor.editor(field)
            if editor is not None:
                self.scroll.ensureWidgetVisible(editor, 50, 80)
        return True

    def current_field(self):
        return self.editor.current_field()


class DemandWizard(FormWizard):
    """共享数据需求, page by page as 附件2 asks."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context.forms["demand"], context.forms, Demand(), context.workspace.validator.check_demand,
                         parent=context.window.dialog_parent(), interaction=context.interaction)
        matters = [(m.code, m.name) for m in context.session.project.matters if m.code]
        for page in self.field_pages.values():
            if "matter_code" in page.view.rows:
                page.view.set_matters("matter_code", matters)
        self.setObjectName("demand_wizard")
        self.setWindowTitle("新增共享数据需求")

    @classmethod
    def run(cls, _parent: Any, context: AppContext) -> Demand | None:
        wizard = cls(context)
        if wizard.exec() == FormWizard.DialogCode.Accepted:
            return wizard.draft
        return None
