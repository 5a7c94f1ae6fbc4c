"""目录总表: every catalog entry in one grid, its info items below; bulk edits, reuse and drafts.

The page builds the widgets, wires its buttons, shortcuts and context menu to the controllers (clipboard, bulk,
drafts, reuse, edits — each over a ui.grid.host.GridHost, never the page) and keeps the view in step: selection,
filters, repaint after each step of the history (apply(changes)) and the current entry's items and findings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)

from govcat_desktop.services import bulk, entry_cells as EC
from govcat_desktop.services.changes import Changes
from govcat_desktop.ui.context import AppContext, Page
from govcat_desktop.ui.grid.bulk import BulkEdits, remembered_hidden
from govcat_desktop.ui.grid.clipboard import Clipboard
from govcat_desktop.ui.grid.delegate import GridDelegate
from govcat_desktop.ui.grid.drafts import Drafts
from govcat_desktop.ui.grid.edits import EntryEdits
from govcat_desktop.ui.grid.host import GridHost
from govcat_desktop.ui.grid.model import COLUMNS, KEYS, EntryTableModel
from govcat_desktop.ui.grid.panel import EntryPanel
from govcat_desktop.ui.grid.proxy import PROBLEMS, STATES, GridFilterProxy
from govcat_desktop.ui.grid.reuse import Reuse
from govcat_desktop.ui.grid.selection import ViewSelection
from govcat_desktop.ui.grid.view import FrozenTableView
from govcat_desktop.ui.widgets import SearchField, push_button

_EDIT = QAbstractItemView.EditTrigger
TYPED = _EDIT.DoubleClicked | _EDIT.EditKeyPressed | _EDIT.AnyKeyPressed  # how a cell of a writable project opens


def _to(controller: str, name: str) -> Any:
    """One of the page's actions that is a controller's method (`page.paste` is `page.clipboard.paste`)."""
    return property(lambda page: getattr(getattr(page, controller), name), doc=f"{controller}.{name}")


class GridPage(QWidget, Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.setObjectName("grid_page")
        self.ctx = ctx
        self.dialog = None  # the open dialog (tests and keyboard users drive it)
        self.changes: Any = None  # the 与上次报送相比 filter (ui.changes_view.GridChanges), set by ui.grid.install
        self.model = EntryTableModel(ctx.forms, self)
        self.proxy = GridFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = FrozenTableView(EC.FROZEN)
        self.selection = ViewSelection(self.view, self.proxy, self.model)
        self.host = host = GridHost(ctx, self.selection, self, self._open)
        self.clipboard, self.edits, self.reuse = Clipboard(host), EntryEdits(host), Reuse(host)
        self.bulk, self.drafts = BulkEdits(host, self), Drafts(host, self)
        self.model.commit = self.edits.commit_cell
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._filters())  # first: ui.changes_view adds its filter to this row
        layout.addLayout(self._actions())
        self._grid(self.view)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        self.panel = EntryPanel(ctx.forms)
        self.panel.items_committed.connect(lambda: self.edits.commit_items(self.current_entry_id(), self.items.value()))
        self.items, self.items_title, self.live_label = self.panel.items, self.panel.title, self.panel.findings
        split.addWidget(self.panel)
        self.items.view.setMinimumHeight(96)  # after addWidget, as it always was: set before, the grid gets 12 px more
        # Maximised at 1366×768 with an entry selected: about 9 entry rows above and 5 item rows below (issue 25
        # item 10); a taller screen gives both more, the table above a little more.
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([300, 240])
        self.split = split
        layout.addWidget(split, 1)
        for seq, slot in (("Ctrl+B", self.bulk.bulk_set), ("Ctrl+H", self.bulk.find_replace),
                          ("Ctrl+Shift+G", self.drafts.generate), ("Ctrl+Shift+K", self.drafts.confirm_selected),
                          ("Ctrl+Shift+F", self.focus_filter)):
            shortcut = QShortcut(QKeySequence(seq), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_buttons()

    # ----- layout -------------------------------------------------------------------
    def _grid(self, view: FrozenTableView) -> None:
        view.setObjectName("grid")
        view.setAccessibleName("目录总表")
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(TYPED)
        view.setModel(self.proxy)
        forms = self.ctx.forms
        view.set_delegates(GridDelegate(forms, self._live, view), GridDelegate(forms, self._live, view.frozen))
        view.setSortingEnabled(True)
        self.proxy.sort(-1)
        for header in (view.verticalHeader(), view.frozen.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setDefaultSectionSize(24)
        view.horizontalHeader().setSectionsMovable(False)
        for n, col in enumerate(COLUMNS):
            view.setColumnWidth(n, int(col.width * 7.5))
        view.sync_columns()
        for signal, slot in ((view.copy_requested, self.clipboard.copy), (view.paste_requested, self.clipboard.paste),
                             (view.fill_down_requested, self.clipboard.fill_down),
                             (view.clear_requested, self.clipboard.clear)):
            signal.connect(lambda *_a, s=slot: s())
        view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._current_changed())
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = SearchField("grid_filter", "筛选目录", "筛选（可输入拼音首字母，如 sbk = 社保卡）",
                                  lambda text: self.proxy.set_filter(text=text))
        self.search.returnPressed.connect(self._filter_now)
        self.column = QComboBox()
        self.column.setObjectName("grid_filter_column")
        self.column.setAccessibleName("筛选的列")
        self.column.addItem("所有列", -1)
        for n, col in enumerate(COLUMNS):
            self.column.addItem(col.header, n)
        self.column.currentIndexChanged.connect(lambda _i: self.proxy.set_filter(column=self.column.currentData()))
        self.state = QComboBox()
        self.state.setObjectName("grid_state")
        self.state.setAccessibleName("按状态筛选")
        self.state.addItems([s if s != "全部" else "全部状态" for s in STATES])
        self.state.currentIndexChanged.connect(lambda i: self.proxy.set_filter(state=STATES[i]))
        self.problems = QComboBox()
        self.problems.setObjectName("grid_problems")
        self.problems.setAccessibleName("按问题筛选")
        self.problems.addItems([p if p != "全部" else "全部（问题）" for p in PROBLEMS])
        self.problems.currentIndexChanged.connect(lambda i: self.proxy.set_filter(problems=PROBLEMS[i]))
        self.count = QLabel()
        self.count.setObjectName("grid_count")
        row.addWidget(self.search, 2)
        row.addWidget(self.column)
        row.addWidget(self.state)
        row.addWidget(self.problems)
        row.addWidget(push_button("列…", "grid_columns", self.bulk.choose_columns, "选择显示哪些列"))
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(lambda *_a: self._update_count())
        return row

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        drafts = self.drafts
        self.generate_btn = push_button("为未编目的事项生成草稿", "grid_generate", drafts.generate,
                                    "按事项名称和类型、本单位相似事项的目录和常用证照库，为每个还没有目录的事项拟一个草稿"
                                    "（Ctrl+Shift+G）")
        self.accept_all_btn = push_button("全部接受", "grid_accept_all", drafts.accept_all,
                                      "接受全部草稿预览（一次修改，可撤销）")
        self.accept_btn = push_button("接受所选", "grid_accept", drafts.accept_selected)
        self.reject_btn = push_button("拒绝所选", "grid_reject", drafts.reject_selected)
        self.confirm_btn = push_button("确认草稿", "grid_confirm", drafts.confirm_selected,
                                   "已逐项核对所选草稿（Ctrl+Shift+K）")
        for b in (self.generate_btn, self.accept_all_btn, self.accept_btn, self.reject_btn, self.confirm_btn):
            row.addWidget(b)
        row.addSpacing(12)
        row.addWidget(push_button("批量设置…", "grid_bulk", self.bulk.bulk_set, "为所选目录设置同一个值（Ctrl+B）"))
        row.addWidget(push_button("查找替换…", "grid_replace", self.bulk.find_replace, "Ctrl+H"))
        more = QPushButton("复用 ▾")
        more.setObjectName("grid_reuse")
        menu = QMenu(more)
        for text, slot in self.reuse.actions():
            menu.addAction(text).triggered.connect(lambda _c=False, s=slot: s())
        more.setMenu(menu)
        row.addWidget(more)
        row.addStretch(1)
        row.addWidget(self.count)
        return row

    def _context_menu(self, pos) -> None:
        menu = QMenu(self.view)
        clip = self.clipboard
        for text, slot in [("批量设置…", self.bulk.bulk_set), ("向下填充\tCtrl+D", clip.fill_down),
                           ("复制\tCtrl+C", clip.copy), ("粘贴\tCtrl+V", clip.paste),
                           ("清空所选单元格\tDelete", clip.clear), *self.reuse.actions(),
                           ("确认草稿", self.drafts.confirm_selected), ("删除所选目录", self.delete_selected)]:
            menu.addAction(text).triggered.connect(lambda _c=False, s=slot: s())
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None) if self.dialog is dialog else None)
        dialog.open()

    # ----- host protocol (set_session, apply, show_findings, flush, current_field) -------------------
    def set_session(self) -> None:
        self.model.set_session(self.ctx.session)
        self.hide_columns(remembered_hidden())
        triggers = QAbstractItemView.EditTrigger.NoEditTriggers if self.host.readonly else TYPED  # each project anew
        self.view.setEditTriggers(triggers)
        self.view.frozen.setEditTriggers(triggers)
        self.show_findings()
        self._current_changed()

    def apply(self, changes: Changes) -> None:
        """After a step of the history: rows rebuilt only when entries came or went, else the written ones repainted."""
        if self.changes is not None and changes.settings & {"versions", "withdrawn"}:
            self.changes.refresh()  # an export recorded a version (the base of the marks), a 注销 got its reason
        if self.model.session is not self.ctx.session or not changes.catalog:
            return
        current = self.current_entry_id()
        if changes.structural and self.model.reset(changes) and current is not None:
            self.select_entry(current)
        elif not changes.structural:
            self.model.repaint(changes)
        if changes.structural or self.current_entry_id() in changes.entries or changes.matters:
            self._current_changed()
        self._update_buttons()

    def show_findings(self) -> None:
        self.model.set_findings(self.ctx.workspace.findings)
        self._show_entry_findings()

    def flush(self) -> None:
        """Commit a cell being typed in (before undo, switching pages, closing)."""
        from PySide6.QtWidgets import QApplication

        for view in (self.view, self.view.frozen):
            if view.state() != QAbstractItemView.State.EditingState:
                continue
            widget = QApplication.focusWidget()
            while widget is not None and widget.parentWidget() is not view.viewport():
                widget = widget.parentWidget()
            if widget is not None:
                view.commitData(widget)

    def current_field(self):
        key = self.selection.current_key()
        return EC.form_field(self.ctx.forms, COLUMNS[KEYS.index(key)]) if key is not None else None

    def delete_selected(self) -> None:
        self.edits.delete_selected()

    def focus(self, ref: tuple, field: str) -> bool:
        if not ref or ref[0] not in ("catalog", "item"):
            return False
        key = EC.ITEMS if ref[0] == "item" else (field if field in EC.BY_KEY else "name")
        if self.proxy.mapFromSource(self.model.index(max(0, self.model.row_of(ref[1])), 0)).isValid() is False:
            self.clear_filters()
        ok = self.select_entry(ref[1], key)
        self.view.setFocus()
        return ok

    # ----- selection (ui.grid.selection) and filters -----------------------------------------------
    def selected_entry_ids(self) -> list[int]:
        return self.selection.selected_entry_ids()

    def visible_keys(self) -> list[str]:
        return self.selection.visible_keys()

    def current_entry_id(self) -> int | None:
        return self.selection.current_entry_id()

    def select_entry(self, entry_id: int, key: str = "name") -> bool:
        return self.selection.select_entry(entry_id, key)

    def clear_filters(self) -> None:
        self.search.clear()
        self.state.setCurrentIndex(0)
        self.problems.setCurrentIndex(0)
        self.proxy.set_filter(text="", state="全部", problems="全部")

    def focus_filter(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _filter_now(self) -> None:
        self.search.filter_now()
        self.view.setFocus()
        if self.proxy.rowCount() and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.proxy.index(0, KEYS.index("name")))

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        drafts_n = len(self.model.drafts)
        text = f"{shown} / {total} 行" if shown != total else f"共 {total} 行"
        self.count.setText(text + (f"（含 {drafts_n} 个草稿预览）" if drafts_n else ""))

    def _update_buttons(self) -> None:
        has_drafts = bool(self.model.drafts)
        for b in (self.accept_all_btn, self.accept_btn, self.reject_btn):
            b.setVisible(has_drafts)
        self._update_count()

    # ----- what the controllers ask of the view: columns (bulk.GridColumns), drafts (drafts.DraftPreview) ---
    def hidden_keys(self) -> set[str]:
        return {key for n, key in enumerate(KEYS) if self.view.isColumnHidden(n)}

    def hide_columns(self, hidden: set[str]) -> None:
        for n, key in enumerate(KEYS):
            self.view.setColumnHidden(n, key in hidden)
        self.view.sync_columns()

    @property
    def previewed(self) -> list[Any]:
        return self.model.drafts

    def set_drafts(self, found: list[Any]) -> None:
        self.model.set_drafts(found)
        self._update_buttons()

    def show_preview(self) -> None:
        self.state.setCurrentIndex(STATES.index("草稿预览"))
        self.view.setFocus()
        self.view.setCurrentIndex(self.proxy.index(0, KEYS.index("name")))

    def end_preview(self) -> None:
        if self.state.currentIndex() == STATES.index("草稿预览"):
            self.state.setCurrentIndex(STATES.index("未确认草稿"))
            self._update_buttons()

    # ----- current entry: items and findings (ui.grid.panel) ----------------------------------------
    def _current_changed(self) -> None:
        index = self.view.currentIndex()
        found = self.model.record(self.proxy.mapToSource(index).row()) if index.isValid() else None
        self.panel.show_record(found, not self.host.readonly)
        if found is not None and found[2] is None and bulk.opened(self.ctx.session, found[1].id):
            self.ctx.workspace.recheck_entry(found[1].id)  # confirmed in bulk, now opened
        self._show_entry_findings()

    def _show_entry_findings(self) -> None:
        entry_id = self.current_entry_id()
        self.panel.show_findings([f for f in self.ctx.workspace.findings if f.ref and f.ref[0] in ("catalog", "item")
                                  and f.ref[1] == entry_id] if entry_id is not None else [])

    def _live(self, key: str, text: str) -> None:
        """While a cell is typed in: the findings the entry would have (the forms' live findings)."""
        if (found := self.edits.live_findings(key, text)) is not None:
            self.panel.show_findings(found)

    # ----- the controllers' actions, also the page's (tests, the journeys and extensions call them) ----------
    copy = _to("clipboard", "copy")
    paste = _to("clipboard", "paste")
    fill_down = _to("clipboard", "fill_down")
    clear = _to("clipboard", "clear")
    bulk_set = _to("bulk", "bulk_set")
    find_replace = _to("bulk", "find_replace")
    choose_columns = _to("bulk", "choose_columns")
    generate_drafts = _to("drafts", "generate")
    accept_all = _to("drafts", "accept_all")
    accept_selected = _to("drafts", "accept_selected")
    reject_selected = _to("drafts", "reject_selected")
    confirm_selected = _to("drafts", "confirm_selected")
    duplicate = _to("reuse", "duplicate")
    take_sharing = _to("reuse", "take_sharing")
    apply_sharing = _to("reuse", "apply_sharing")
    copy_items = _to("reuse", "copy_items")
