"""服务事项与数据资源目录: the matter → entry tree, the matter and entry editors, review states."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from govcat_desktop.domain.models import CatalogEntry, Matter
from govcat_desktop.services.actions import Action, Refused, RemoveMatter, SetEntryStatus
from govcat_desktop.services.bulk import opened
from govcat_desktop.services.changes import Changes
from govcat_desktop.services.commands import AddEntry, AddMatter, DeleteEntry, UpdateEntry, UpdateMatter
from govcat_desktop.ui.catalog_model import CatalogFilterProxy, CatalogTreeModel
from govcat_desktop.ui.context import Page
from govcat_desktop.ui.form_view import FormView
from govcat_desktop.ui.paged_form import PagedForm
from govcat_desktop.ui.widgets import SearchField

if TYPE_CHECKING:
    from govcat_desktop.ui.context import AppContext

ENTRY_PAGES = ["naming", "items", "sharing", "attributes", "metadata"]


def _button(text: str, key: str, slot) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(key)
    button.setAccessibleName(text)
    button.clicked.connect(slot)
    return button


class CatalogPage(QWidget, Page):
    """Left: filterable tree of matters and entries. Right: the editor of the selected record."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self._events = None  # the open session's events (services.events), while subscribed
        forms = context.forms
        self.model = CatalogTreeModel(self)
        self.proxy = CatalogFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.search = SearchField("catalog_search", "查找事项或目录", "查找（可输入拼音首字母）",
                                  lambda text: self.proxy.set_filter(text=text))
        self.state = QComboBox()
        self.state.setObjectName("state_filter")
        self.state.setAccessibleName("按状态筛选")
        self.state.addItems(CatalogFilterProxy.STATES)
        self.state.currentTextChanged.connect(lambda s: self.proxy.set_filter(state=s))
        filters.addWidget(self.search, 1)
        filters.addWidget(self.state)
        lv.addLayout(filters)
        self.tree = QTreeView()
        self.tree.setObjectName("catalog_tree")
        self.tree.setAccessibleName("事项与目录")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, 64)
        header.resizeSection(2, 120)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(3, 90)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        lv.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(_button("新增事项", "add_matter", self.add_matter))
        buttons.addWidget(_button("梳理事项数据…", "open_wizard", self.open_wizard))
        buttons.addWidget(_button("删除", "delete_record", self.delete_selected))
        buttons.addWidget(_button("建议资源代码", "propose_codes", self.propose_codes))
        lv.addLayout(buttons)
        split.addWidget(left)
        # Right: editors.
        self.stack = QStackedWidget()
        self.empty = QLabel("在左侧选择一个事项或数据资源目录进行编辑；\n点“梳理事项数据…”按向导为事项编制目录。")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.empty)
        self.matter_form = FormView(forms["matter"], forms)
        self.matter_form.committed.connect(self._matter_committed)
        self.matter_form.edited.connect(
            lambda d: self.matter_form.show_findings(context.workspace.validator.check_matter(d)))
        matter_box = QWidget()
        mv = QVBoxLayout(matter_box)
        title = QLabel("服务事项")
        title.setStyleSheet("font-size:14pt; font-weight:bold")
        mv.addWidget(title)
        mv.addWidget(self.matter_form)
        mv.addWidget(_button("为该事项梳理数据（向导）…", "matter_wizard", self.open_wizard))
        mv.addStretch(1)
        # In a scroll area like the entry's: the matter form is ~550 px high in the CJK font, and a page's minimum
        # height is the window's (at 1366×768 the status bar fell below the screen).
        matter_scroll = QScrollArea()
        matter_scroll.setWidgetResizable(True)
        matter_scroll.setWidget(matter_box)
        self.stack.addWidget(matter_scroll)
        entry_box = QWidget()
        ev = QVBoxLayout(entry_box)
        self.entry_title = QLabel()
        self.entry_title.setStyleSheet("font-size:14pt; font-weight:bold")
        ev.addWidget(self.entry_title)
        states = QHBoxLayout()
        self.state_label = QLabel()
        self.state_label.setObjectName("review_state")
        states.addWidget(self.state_label, 1)
        self.submit_btn = _button("提交审核", "submit_review", lambda: self.set_status("待审核"))
        self.approve_btn = _button("审核通过", "approve", lambda: self.set_status("已审核"))
        self.return_btn = _button("退回…", "return_entry", self.return_entry)
        self.draft_btn = _button("改回草稿", "back_to_draft", lambda: self.set_status("草稿"))
        for b in (self.submit_btn, self.approve_btn, self.return_btn, self.draft_btn):
            states.addWidget(b)
        ev.addLayout(states)
        self.entry_form = PagedForm(forms["catalog"], forms, pages=ENTRY_PAGES)
        self.entry_form.edited.connect(self._entry_edited)
        self.entry_form.committed.connect(self._entry_committed)
        ev.addWidget(self.entry_form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(entry_box)
        self.entry_scroll = scroll
        self.stack.addWidget(scroll)
        split.addWidget(self.stack)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([450, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        self.current: tuple[str, int] | None = None

    # ----- model / selection -------------------------------------------------------
    def set_session(self) -> None:
        if self._events is not None:
            self._events.entry_changed.disconnect(self._entry_event)
        session = self.context.session
        self._events = session.events if session is not None else None
        if self._events is not None:
            self._events.entry_changed.connect(self._entry_event)  # the core says which entry changed
        self.model.set_session(session)
        self.current = None
        self.stack.setCurrentIndex(0)

    def _entry_event(self, entry_id: int) -> None:
        """An entry changed (an edit, undo, a rule-guarded status move): the editor shows it if it is open."""
        if self.current == ("catalog", entry_id) and entry_id in self.context.session.entries:
            stored = self.context.session.entries[entry_id][1]
            if self.entry_form.record() != stored:
                self.entry_form.set_record(stored)
            self._update_entry_header(stored)

    def rebuild(self) -> None:
        """Structure changed: reset the tree, keep expansion and selection."""
        expanded = {self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 11) for r in range(self.proxy.rowCount())
                    if self.tree.isExpanded(self.proxy.index(r, 0))}
        current = self.current
        self.model.reset()
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(Qt.ItemDataRole.UserRole + 11) in expanded:
                self.tree.setExpanded(index, True)
        if current and self.select(*current):
            return
        self.current = None
        self.stack.setCurrentIndex(0)

    def select(self, kind: str, record_id: int) -> bool:
        source = self.model.index_of(kind, record_id)
        if not source.isValid():
            return False
        if not self.proxy.mapFromSource(source).isValid():
            self.search.clear()
            self.state.setCurrentIndex(0)
        index = self.proxy.mapFromSource(source)
        if index.parent().isValid():
            self.tree.setExpanded(index.parent(), True)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        self._show(kind, record_id)
        return True

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.flush()
        source = self.proxy.mapToSource(current)
        record = self.model.record(source)
        if record is None:
            return
        kind = "matter" if isinstance(record, Matter) else "catalog"
        self._show(kind, record.id)

    def _show(self, kind: str, record_id: int) -> None:
        session = self.context.session
        if kind == "catalog" and opened(session, record_id):  # a draft confirmed in bulk, now opened: no reminder
            self.context.workspace.recheck_entry(record_id)
        self.current = (kind, record_id)
        if kind == "matter":
            matter = session.matters[record_id]
            self.matter_form.set_record(matter.model_copy(update={"entries": []}))
            self.matter_form.show_findings(self.context.workspace.findings_for(("matter", record_id)))
            self.stack.setCurrentIndex(1)
        else:
            _matter, entry = session.entries[record_id]
            self.entry_form.set_record(entry)
            self.entry_form.editor("items").suggest_for(entry.name if not entry.items else "")
            self._update_entry_header(entry)
            self.entry_form.show_findings(self.context.workspace.findings_for(("catalog", record_id), items=True))
            self.stack.setCurrentIndex(2)

    def apply(self, changes: Changes) -> None:
        """After a step of the history: rebuild the tree only when its structure changed, else repaint the matters
        and entries named; reload the editor when its record changed."""
        if not changes.catalog:
            return
        if changes.structural:
            if self.proxy.filtering() or not self.model.follow():  # entries added or removed: those rows only
                self.rebuild()
            else:
                self.model.repaint_entries(changes.entries)
                self.model.repaint_matters(changes.matters)
        else:
            self.model.repaint_entries(changes.entries)
            self.model.repaint_matters(changes.matters)
        if self.current is None:
            return
        kind, record_id = self.current
        session = self.context.session
        if record_id not in (session.matters if kind == "matter" else session.entries):  # removed by the step
            self.current = None
            self.stack.setCurrentIndex(0)
            return
        if kind == "matter" and record_id in session.matters:
            stored = session.matters[record_id].model_copy(update={"entries": []})
            if self.matter_form.record() != stored:
                self.matter_form.set_record(stored)
        elif kind == "catalog" and record_id in session.entries:
            stored = session.entries[record_id][1]
            if self.entry_form.record() != stored:
                self.entry_form.set_record(stored)
            self._update_entry_header(stored)

    def show_findings(self) -> None:
        self.model.set_findings(self.context.workspace.findings)
        if self.current and self.current[0] == "catalog":
            self.entry_form.show_findings(self.context.workspace.findings_for(self.current, items=True))
            entry = self.context.session.entries.get(self.current[1])
            if entry:
                self._update_entry_header(entry[1])
        elif self.current and self.current[0] == "matter":
            self.matter_form.show_findings(self.context.workspace.findings_for(self.current))

    # ----- editing ------------------------------------------------------------------
    def _matter_committed(self, draft: Matter) -> None:
        if draft.id not in self.context.session.matters:
            return
        old = self.context.session.matters[draft.id].model_copy(update={"entries": []})
        if draft != old:
            self.context.push(UpdateMatter(old, draft))

    def _entry_edited(self, draft: CatalogEntry) -> None:
        if draft.id not in self.context.session.entries:
            return
        matter = self.context.session.entries[draft.id][0]
        self.entry_form.show_findings(self.context.workspace.validator.check_entry(draft, matter))

    def _entry_committed(self, draft: CatalogEntry) -> None:
        if draft.id not in self.context.session.entries:
            return
        old = self.context.session.entries[draft.id][1]
        if draft != old:
            self.context.push(UpdateEntry(old, draft))

    def flush(self) -> None:
        if self.current is None:
            return
        if self.current[0] == "catalog":
            self.entry_form.flush()
        else:
            self.matter_form.flush()

    def _update_entry_header(self, entry: CatalogEntry) -> None:
        matter = self.context.session.entries[entry.id][0]
        self.entry_title.setText(f"{entry.name or '（未命名）'}　<span style='font-size:10pt;color:#666'>"
                                 f"事项：{matter.name}</span>")
        errors = sum(1 for f in self.context.workspace.validator.check_entry(entry, matter) if f.is_error)
        status = entry.review_status or "草稿"
        text = f"审核状态：<b>{status}</b>"
        if status == "退回" and entry.review_note:
            text += f"（退回意见：{entry.review_note}）"
        self.state_label.setText(text)
        self.submit_btn.setVisible(status in ("草稿", "退回"))
        self.approve_btn.setVisible(status == "待审核")
        self.approve_btn.setEnabled(errors == 0)
        self.approve_btn.setToolTip("还有错误未改正，不能审核通过。" if errors else "确认该目录无误。")
        self.return_btn.setVisible(status == "待审核")
        self.draft_btn.setVisible(status in ("待审核", "已审核"))

    def context_actions(self) -> list[tuple[str, object]]:
        """What the right-click menu offers for the current record."""
        if not self.current:
            return [("新增事项", self.add_matter)]
        actions = [("梳理事项数据（向导）…", self.open_wizard), ("新增事项", self.add_matter)]
        if self.current[0] == "matter":  # issue 23: the matter's 承办科室
            from govcat_desktop.ui.package_actions import assign_matters

            actions.append(("分配承办科室…", lambda: assign_matters(self.context, [self.current[1]])))
        if self.current[0] == "catalog":
            status = self.context.session.entries[self.current[1]][1].review_status or "草稿"
            if status in ("草稿", "退回"):
                actions.append(("提交审核", lambda: self.set_status("待审核")))
            if status == "待审核":
                actions += [("审核通过", lambda: self.set_status("已审核")), ("退回…", self.return_entry)]
        actions.append(("删除", self.delete_selected))
        return actions

    def _context_menu(self, pos) -> None:
        menu = QMenu(self.tree)
        for text, slot in self.context_actions():
            menu.addAction(text).triggered.connect(lambda _c=False, s=slot: s())
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def set_status(self, status: str, note: str | None = None) -> bool:
        """Move the current entry to `status` (the rules are services.actions.SetEntryStatus's)."""
        if not self.current or self.current[0] != "catalog":
            return False
        self.flush()
        return self._run(SetEntryStatus(self.current[1], status, note))

    def _run(self, action: Action) -> bool:
        """ok_to_run → confirm → push: a refusal is said as a warning, a declined question does nothing."""
        try:
            command = action.prepare(self.context.session, self.context.interaction)
        except Refused as exc:
            self.context.notifier.warning(exc.message)
            return False
        return command is not None and self.context.push(command)

    def propose_codes(self) -> None:
        """信息资源代码 from each entry's classification and the unit's sequence (one undoable edit)."""
        from govcat_desktop.services.national import CodeError, code_command, propose_codes

        self.flush()
        try:
            proposals = propose_codes(self.context.session.project, self.context.forms)
        except CodeError as exc:
            self.context.notifier.warning(str(exc))
            return
        command = code_command(proposals)
        waiting = sum(1 for p in proposals if not p.proposed and not p.entry.code_exported)
        frozen = sum(1 for p in proposals if p.entry.code_exported)
        tail = (f"；{waiting} 条目录缺少信息资源分类，未建议" if waiting else "") + \
               (f"；{frozen} 条代码已导出，不再改变" if frozen else "")
        if command is None:
            self.context.notifier.info("没有需要建议或修改的信息资源代码" + tail + "。")
        elif self.context.push(command):
            self.context.notifier.info(
                f"已按分类为 {len(command.commands)} 条目录建议信息资源代码（可撤销）" + tail + "。")

    def return_entry(self) -> None:
        note = self.context.interaction.note("退回目录", "请写明退回意见（需要修改的内容）：", parent=self)
        if note:
            self.set_status("退回", note)

    def add_matter(self) -> None:
        command = AddMatter(Matter(name="新事项"))
        if self.context.push(command):
            self.select("matter", command.matter_id)
            self.matter_form.focus_field("code")

    def open_wizard(self) -> None:
        matter_id = None
        if self.current:
            kind, record_id = self.current
            matter_id = record_id if kind == "matter" else self.context.session.entries[record_id][0].id
        self.flush()
        self.open_matter_wizard(matter_id)

    def open_matter_wizard(self, matter_id: int | None) -> None:
        """梳理事项数据 (the guided wizard); what it made is selected on this page, shown."""
        from govcat_desktop.ui.matter_wizard import MatterWizard

        session = self.context.session
        if session is None:
            return
        wizard = MatterWizard(self.context, matter_id)
        wizard.exec()
        if wizard.created:
            self.context.window.show_page("catalog")
            last = wizard.created[-1]
            target = ("catalog", last.entry_id) if isinstance(last, AddEntry) else ("matter", last.matter_id)
            if target[0] == "matter":
                entries = session.matters[target[1]].entries
                target = ("catalog", entries[-1].id) if entries else target
            self.select(*target)

    def delete_targets(self) -> list[QWidget]:
        return [self.tree]

    def set_editable(self, editable: bool) -> None:
        self.stack.setEnabled(editable)

    def start_search(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def delete_selected(self) -> None:
        if not self.current:
            return
        kind, record_id = self.current
        session = self.context.session
        if kind == "matter":
            self._run(RemoveMatter(record_id))
        else:
            entry = session.entries[record_id][1]
            self.context.push(DeleteEntry(record_id, text=f"删除目录“{entry.name}”"))

    def focus(self, ref: tuple, field: str) -> bool:
        """Show the record of a finding and put the cursor in its field."""
        kind = ref[0]
        if kind == "matter":
            if not self.select("matter", ref[1]):
                return False
            return self.matter_form.focus_field(field) or True
        entry_id = ref[1]
        if not self.select("catalog", entry_id):
            return False
        if kind == "item":
            view = self.entry_form.view_of("items")
            if view:
                view.focus_field("items")  # highlight the table
            self.entry_form.editor("items").focus_item(ref[2], field or "name")
            self._scroll_to("items")
            return True
        if field and self.entry_form.focus_field(field):
            self._scroll_to(field)
        return True

    def _scroll_to(self, key: str) -> None:
        editor = self.entry_form.editor(key)
        if editor is not None:
            self.entry_scroll.ensureWidgetVisible(editor, 0, 80)
            self.entry_scroll.horizontalScrollBar().setValue(0)

    def current_field(self):
        if self.current and self.current[0] == "catalog":
            return self.entry_form.current_field()
        return self.matter_form.current_field()
