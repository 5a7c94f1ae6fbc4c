"""目录总表: every catalog entry in one grid, its info items below; bulk edits, reuse and drafts."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)

from govcat_desktop import settings
from govcat_desktop.services import bulk, drafts, entry_cells as EC
from govcat_desktop.services.changes import Changes
from govcat_desktop.services.commands import Command, UpdateEntry
from govcat_desktop.services.rules import write_refusal
from govcat_desktop.ui.context import Page, AppContext
from govcat_desktop.ui.grid.delegate import GridDelegate
from govcat_desktop.ui.grid.dialogs import BulkSetDialog, ChecklistDialog, ConfirmDraftsDialog, FindReplaceDialog
from govcat_desktop.ui.grid.model import COLUMNS, ENTRY_ROLE, KEYS, EntryTableModel
from govcat_desktop.ui.grid.proxy import PROBLEMS, STATES, GridFilterProxy
from govcat_desktop.ui.grid.reuse import ReuseActions
from govcat_desktop.ui.grid.view import FrozenTableView
from govcat_desktop.ui.items_editor import ItemsEditor
from govcat_desktop.ui.widgets import SearchField, push_button

HIDDEN_SETTING = "grid_hidden_columns"
DEFAULT_HIDDEN = ("resource_code", "resource_format", "resource_subformat", "open_to_public", "open_condition",
                  "publish_date", "res_class", "res_item", "res_target", "res_detail", "related_codes")


class GridPage(ReuseActions, QWidget, Page):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.setObjectName("grid_page")
        self.ctx = ctx
        self.dialog = None  # the open dialog (tests and keyboard users drive it)
        self.sharing_source: int | None = None
        self.model = EntryTableModel(ctx.forms, self)
        self.model.commit = self._commit_cell
        self.proxy = GridFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._filters())
        layout.addLayout(self._actions())
        self.view = FrozenTableView(EC.FROZEN)
        self.view.setObjectName("grid")
        self.view.setAccessibleName("目录总表")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        triggers = QAbstractItemView.EditTrigger
        self.view.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed)
        self.view.setModel(self.proxy)
        self.view.set_delegates(*(GridDelegate(ctx.forms, self._live, v) for v in (self.view, self.view.frozen)))
        self.view.setSortingEnabled(True)
        self.proxy.sort(-1)
        vh = self.view.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(24)
        self.view.frozen.verticalHeader().setDefaultSectionSize(24)
        self.view.frozen.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setSectionsMovable(False)
        for n, col in enumerate(COLUMNS):
            self.view.setColumnWidth(n, int(col.width * 7.5))
        self.view.sync_columns()
        for signal, slot in ((self.view.copy_requested, self.copy), (self.view.paste_requested, self.paste),
                             (self.view.fill_down_requested, self.fill_down), (self.view.clear_requested, self.clear)):
            signal.connect(slot)
        self.view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._current_changed())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        below = QWidget()
        bv = QVBoxLayout(below)
        bv.setContentsMargins(0, 0, 0, 0)
        self.items_title = QLabel()
        self.items_title.setObjectName("grid_items_title")
        bv.addWidget(self.items_title)
        self.live_label = QLabel()
        self.live_label.setObjectName("grid_findings")
        self.live_label.setWordWrap(True)
        bv.addWidget(self.live_label)
        self.items = ItemsEditor(ctx.forms["item"], ctx.forms.vocab("data_type"), compact=True)
        self.items.setObjectName("grid_items")
        self.items.committed.connect(self._items_committed)
        bv.addWidget(self.items, 1)
        split.addWidget(below)
        self.items.view.setMinimumHeight(96)
        # Maximised at 1366×768 with an entry selected: about 9 entry rows above and 5 item rows below (issue 25
        # item 10); a taller screen gives both more, the table above a little more.
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([300, 240])
        self.split = split
        layout.addWidget(split, 1)
        self._shortcuts()
        self._loading_items = False
        self._update_buttons()

    # ----- layout -------------------------------------------------------------------
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
        row.addWidget(push_button("列…", "grid_columns", self.choose_columns, "选择显示哪些列"))
        for sig in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset, self.proxy.layoutChanged):
            sig.connect(lambda *_a: self._update_count())
        return row

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.generate_btn = push_button("为未编目的事项生成草稿", "grid_generate", self.generate_drafts,
                                    "按事项名称和类型、本单位相似事项的目录和常用证照库，"
                                    "为每个还没有目录的事项拟一个草稿（Ctrl+Shift+G）")
        self.accept_all_btn = push_button("全部接受", "grid_accept_all", self.accept_all,
                                      "接受全部草稿预览（一次修改，可撤销）")
        self.accept_btn = push_button("接受所选", "grid_accept", self.accept_selected)
        self.reject_btn = push_button("拒绝所选", "grid_reject", self.reject_selected)
        self.confirm_btn = push_button("确认草稿", "grid_confirm", self.confirm_selected,
                                       "已逐项核对所选草稿（Ctrl+Shift+K）")
        for b in (self.generate_btn, self.accept_all_btn, self.accept_btn, self.reject_btn, self.confirm_btn):
            row.addWidget(b)
        row.addSpacing(12)
        row.addWidget(push_button("批量设置…", "grid_bulk", self.bulk_set, "为所选目录设置同一个值（Ctrl+B）"))
        row.addWidget(push_button("查找替换…", "grid_replace", self.find_replace, "Ctrl+H"))
        more = QPushButton("复用 ▾")
        more.setObjectName("grid_reuse")
        menu = QMenu(more)
        for text, slot in self.reuse_actions():
            menu.addAction(text).triggered.connect(lambda _c=False, s=slot: s())
        more.setMenu(menu)
        row.addWidget(more)
        row.addStretch(1)
        row.addWidget(self.count)
        return row

    def _shortcuts(self) -> None:
        for seq, slot in (("Ctrl+B", self.bulk_set), ("Ctrl+H", self.find_replace),
                          ("Ctrl+Shift+G", self.generate_drafts), ("Ctrl+Shift+K", self.confirm_selected),
                          ("Ctrl+Shift+F", self.focus_filter)):
            shortcut = QShortcut(QKeySequence(seq), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _context_menu(self, pos) -> None:
        menu = QMenu(self.view)
        edits = [("批量设置…", self.bulk_set), ("向下填充\tCtrl+D", self.fill_down), ("复制\tCtrl+C", self.copy),
                 ("粘贴\tCtrl+V", self.paste), ("清空所选单元格\tDelete", self.clear), *self.reuse_actions(),
                 ("确认草稿", self.confirm_selected), ("删除所选目录", self.delete_selected)]
        for text, slot in edits:
            menu.addAction(text).triggered.connect(lambda _c=False, s=slot: s())
        menu.popup(self.view.viewport().mapToGlobal(pos))

    @property
    def readonly(self) -> bool:
        return self.ctx.session is None or self.ctx.session.readonly

    def _confirm(self, title: str, text: str) -> bool:
        return self.ctx.interaction.confirm(title, text, parent=self.ctx.window.dialog_parent())

    # ----- host protocol (set_session, apply, show_findings, flush, current_field) -------------------
    def set_session(self) -> None:
        self.model.set_session(self.ctx.session)
        hidden = settings.get(HIDDEN_SETTING)
        hidden = {k for k in hidden if isinstance(k, str)} if isinstance(hidden, list) else set(DEFAULT_HIDDEN)
        for n, key in enumerate(KEYS):
            self.view.setColumnHidden(n, key in hidden)
        self.view.sync_columns()
        no_edit = QAbstractItemView.EditTrigger.NoEditTriggers
        self.view.setEditTriggers(no_edit if self.readonly else self.view.editTriggers())
        self.view.frozen.setEditTriggers(self.view.editTriggers())
        self.show_findings()
        self._current_changed()

    def apply(self, changes: Changes) -> None:
        """After a step of the history: rows rebuilt only when entries came or went, else the written ones repainted."""
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
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return EC.form_field(self.ctx.forms, COLUMNS[self.proxy.mapToSource(index).column()])

    def delete_selected(self) -> None:
        ids = self.selected_entry_ids()
        if not ids:
            return
        if not self._confirm("删除目录", f"删除所选的 {len(ids)} 个目录（连同信息项）？删除后可用“编辑 ▸ 撤销”恢复。"):
            return
        from govcat_desktop.services.commands import Composite, DeleteEntry

        self._push(Composite([DeleteEntry(i) for i in ids], text=f"删除 {len(ids)} 个目录"))

    # ----- selection ------------------------------------------------------------------------------
    def _source_rows(self) -> list[int]:
        """Selected rows in view order (source row numbers)."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in rows]

    def selected_entry_ids(self) -> list[int]:
        return [self.model.rows[r] for r in self._source_rows() if r < len(self.model.rows)]

    def selected_drafts(self) -> list:
        n = len(self.model.rows)
        return [self.model.drafts[r - n] for r in self._source_rows() if r >= n]

    def visible_keys(self) -> list[str]:
        header = self.view.horizontalHeader()
        order = sorted((header.visualIndex(c), c) for c in range(len(COLUMNS)) if not self.view.isColumnHidden(c))
        return [KEYS[c] for _v, c in order if COLUMNS[c].key in EC.BY_KEY]

    def current_entry_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        value = index.data(ENTRY_ROLE)
        return value if isinstance(value, int) and value >= 0 else None

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

    def focus(self, ref: tuple, field: str) -> bool:
        if not ref or ref[0] not in ("catalog", "item"):
            return False
        key = EC.ITEMS if ref[0] == "item" else (field if field in EC.BY_KEY else "name")
        if self.proxy.mapFromSource(self.model.index(max(0, self.model.row_of(ref[1])), 0)).isValid() is False:
            self.clear_filters()
        ok = self.select_entry(ref[1], key)
        self.view.setFocus()
        return ok

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

    # ----- current entry: items and findings -------------------------------------------------------
    def _current_changed(self) -> None:
        index = self.view.currentIndex()
        found = self.model.record(self.proxy.mapToSource(index).row()) if index.isValid() else None
        self._loading_items = True
        if found is None:
            self.items_title.setText("信息项：选中一行目录后在这里编辑它的信息项。")
            self.items.set_value([])
            self.items.setEnabled(False)
        else:
            matter, entry, draft = found
            what = "草稿预览" if draft else "目录"
            self.items_title.setText(f"<b>{what}“{entry.name or '（未命名）'}”的信息项</b>　"
                                     f"<span style='color:#666'>事项：{matter.name}</span>")
            self.items.set_value(entry.items)
            self.items.setEnabled(draft is None and not self.readonly)
            if draft is None and bulk.opened(self.ctx.session, entry.id):  # confirmed in bulk, now opened
                self.ctx.workspace.recheck_entry(entry.id)
        self._loading_items = False
        self._show_entry_findings()

    def _show_entry_findings(self, live: list | None = None) -> None:
        entry_id = self.current_entry_id()
        if live is None:
            live = [f for f in self.ctx.workspace.findings if f.ref and f.ref[0] in ("catalog", "item")
                    and f.ref[1] == entry_id] if entry_id is not None else []
        text = "<br>".join(("<span style='color:#c62828'>✗ " if f.is_error else "<span style='color:#b26a00'>⚠ ")
                           + f.message + "</span>" for f in live[:6])
        if len(live) > 6:
            text += f"<br>……另有 {len(live) - 6} 条"
        self.live_label.setText(text)
        self.live_label.setVisible(bool(text))

    def _live(self, key: str, text: str) -> None:
        """While a cell is typed in: the findings the entry would have (the forms' live findings)."""
        entry_id = self.current_entry_id()
        session = self.ctx.session
        if entry_id is None or session is None:
            return
        matter, entry = session.entries[entry_id]
        draft = entry.model_copy(update=EC.parse_cell(entry, EC.column(key), text, self.ctx.forms))
        self._show_entry_findings(self.ctx.workspace.validator.check_entry(draft, matter))

    # ----- edits ----------------------------------------------------------------------------------
    def _push(self, command: Command | None, ask_errors: bool = False) -> bool:
        session = self.ctx.session
        if command is None or session is None:
            return False
        if ask_errors:
            if reason := write_refusal(session, command):  # the rules first: no question about an edit they refuse
                self.ctx.notifier.warning(reason)
                return False
            warning = bulk.warning_text(session, command)
            if warning and not self._confirm("修改会产生错误", warning + "\n仍要修改吗？"):
                return False
        return self.ctx.push(command)

    def _commit_cell(self, entry_id: int, key: str, text: str) -> bool:
        session = self.ctx.session
        if key == EC.ASSIGNEE:  # the matter's 承办科室 (issue 23): one undoable edit of the matter
            return self._push(bulk.set_fields(session, [entry_id], {key: text}))
        old = session.entries[entry_id][1]
        new = old.model_copy(update=EC.parse_cell(old, EC.column(key), text, self.ctx.forms), deep=True)
        if new == old:
            return False
        return self._push(UpdateEntry(old, new, text=f"修改“{old.name}”的{EC.column(key).header}"))

    def _items_committed(self) -> None:
        if self._loading_items:
            return
        entry_id = self.current_entry_id()
        session = self.ctx.session
        if entry_id is None or session is None or entry_id not in session.entries:
            return
        old = session.entries[entry_id][1]
        items = self.items.value()
        if items != old.items:
            new = old.model_copy(update={"items": items}, deep=True)
            self._push(UpdateEntry(old, new, text=f"修改“{old.name}”的信息项"))

    def _selected_cells(self) -> dict[int, dict[str, str]]:
        cells: dict[int, dict[str, str]] = {}
        for index in self.view.selectionModel().selectedIndexes():
            source = self.proxy.mapToSource(index)
            if source.row() < len(self.model.rows) and COLUMNS[source.column()].editable:
                cells.setdefault(self.model.rows[source.row()], {})[KEYS[source.column()]] = ""
        return cells

    def clear(self) -> None:
        cells = self._selected_cells()
        if cells:
            n = sum(len(v) for v in cells.values())
            self._push(bulk.set_cells(self.ctx.session, cells, text=f"清空 {n} 个单元格"), ask_errors=True)

    def copy(self) -> str:
        indexes = self.view.selectionModel().selectedIndexes() or [self.view.currentIndex()]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        header = self.view.horizontalHeader()
        cols = sorted({i.column() for i in indexes}, key=header.visualIndex)
        chosen = {(i.row(), i.column()) for i in indexes}
        table = [[str(self.proxy.index(r, c).data(Qt.ItemDataRole.EditRole) or "") if (r, c) in chosen else ""
                  for c in cols] for r in rows]
        text = bulk.to_tsv(table)
        QGuiApplication.clipboard().setText(text)
        self.ctx.notifier.info(f"已复制 {len(rows)} 行 × {len(cols)} 列，可粘贴到 Excel/WPS。")
        return text

    def paste(self, text: str | None = None) -> bool:
        session = self.ctx.session
        index = self.view.currentIndex()
        if session is None:
            return False
        text = QGuiApplication.clipboard().text() if text is None else text
        keys = self.visible_keys()
        if not text.strip():
            return False
        if index.isValid():
            key = KEYS[self.proxy.mapToSource(index).column()]
            first = index.row()
        else:
            key, first = keys[0], self.proxy.rowCount()
        if key not in keys:
            key = keys[0]
        ids = []
        for r in range(first, self.proxy.rowCount()):
            value = self.proxy.index(r, 0).data(ENTRY_ROLE)
            if isinstance(value, int) and value >= 0:
                ids.append(value)
        plan = bulk.paste(session, text, ids, key, keys)
        if plan.problems:
            self.ctx.notifier.warning("\n".join(plan.problems[:10]))
        if plan.command is None:
            return False
        ok = self._push(plan.command, ask_errors=True)
        if ok:
            self.ctx.notifier.info(f"已粘贴：修改 {plan.updated} 个、新增 {plan.created} 个目录"
                            + ("（已跳过表头行）" if plan.skipped_header else "") + "。")
        return ok

    def fill_down(self) -> bool:
        ids = self.selected_entry_ids()
        cols = sorted({self.proxy.mapToSource(i).column() for i in self.view.selectionModel().selectedIndexes()})
        keys = [KEYS[c] for c in cols if COLUMNS[c].editable]
        if len(ids) < 2 or not keys:
            self.ctx.notifier.info("先选中一列中的几个单元格（第一个是要向下复制的值），再按 Ctrl+D。")
            return False
        return self._push(bulk.fill_down(self.ctx.session, ids, keys), ask_errors=True)

    def _targets(self) -> list[int]:
        ids = self.selected_entry_ids()
        if not ids:
            self.ctx.notifier.info("先在目录总表中选中要修改的目录（Ctrl+A 选中筛选出的全部）。")
        return ids

    def bulk_set(self) -> None:
        ids = self._targets()
        session = self.ctx.session
        if not ids or session is None:
            return
        index = self.view.currentIndex()
        key = KEYS[self.proxy.mapToSource(index).column()] if index.isValid() else ""
        key = key if key in EC.BY_KEY and EC.BY_KEY[key].editable else ""

        def preview(values: dict[str, str]) -> tuple[int, str]:
            command = bulk.set_fields(session, ids, values)
            if command is not None and command.refusal:
                return 0, command.refusal
            warning = bulk.warning_text(session, command)
            if command is not None and command.skipped:
                warning += f"{command.skipped_text}这些目录将保持原状。"
            return (command.count if command else 0), warning

        def apply() -> None:
            command = bulk.set_fields(session, ids, dialog.values())
            if self._push(command) and command.skipped:
                self.ctx.notifier.info(f"已修改 {len(command.pairs)} 个目录；{command.skipped_text}")

        dialog = BulkSetDialog(self, self.ctx.forms, len(ids), preview, key)
        dialog.applied.connect(apply)
        self._open(dialog)

    def find_replace(self) -> None:
        session = self.ctx.session
        if session is None:
            return
        ids = self.selected_entry_ids() if len(self.selected_entry_ids()) > 1 else [
            v for r in range(self.proxy.rowCount())
            if isinstance(v := self.proxy.index(r, 0).data(ENTRY_ROLE), int) and v >= 0]
        index = self.view.currentIndex()
        key = KEYS[self.proxy.mapToSource(index).column()] if index.isValid() else "name"

        def preview(k: str, find: str, replace: str) -> int:
            command = bulk.find_replace(session, ids, k, find, replace)
            return command.count if command else 0

        dialog = FindReplaceDialog(self, key if key in EC.BY_KEY else "name", preview)
        dialog.applied.connect(lambda: self._push(bulk.find_replace(
            session, ids, dialog.column.currentData(), dialog.find.text(), dialog.replace.text()), ask_errors=True))
        self._open(dialog)

    def choose_columns(self) -> None:
        cols = [(c.header, n, not self.view.isColumnHidden(n)) for n, c in enumerate(COLUMNS)]
        dialog = ChecklistDialog(self, "显示的列", cols, "勾选要显示的列（事项编码、事项名称、目录名称固定在左侧）。")

        def apply() -> None:
            shown = set(dialog.checked())
            for n in range(len(COLUMNS)):
                self.view.setColumnHidden(n, n not in shown)
            self.view.sync_columns()
            settings.update(**{HIDDEN_SETTING: [KEYS[n] for n in range(len(COLUMNS)) if n not in shown]})

        dialog.applied.connect(apply)
        self._open(dialog)

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None) if self.dialog is dialog else None)
        dialog.open()

    # ----- drafts ---------------------------------------------------------------------------------
    def generate_drafts(self) -> int:
        session = self.ctx.session
        if session is None or self.readonly:
            return 0
        found = drafts.propose(session)
        self.model.set_drafts(found)
        self._update_buttons()
        if not found:
            self.ctx.notifier.info("每个事项都已有目录，没有需要生成的草稿。")
            return 0
        self.state.setCurrentIndex(STATES.index("草稿预览"))
        self.view.setFocus()
        self.view.setCurrentIndex(self.proxy.index(0, KEYS.index("name")))
        self.ctx.notifier.info(f"已为 {len(found)} 个未编目的事项拟好草稿（蓝色行，尚未保存）："
                               "核对后“全部接受”或逐行接受、拒绝。")
        return len(found)

    def _accept(self, chosen: list) -> bool:
        if not chosen:
            return False
        keep = [d for d in self.model.drafts if d not in chosen]
        ok = self._push(drafts.accept(chosen))
        if ok:
            self.model.set_drafts(keep)
            if not keep and self.state.currentIndex() == STATES.index("草稿预览"):
                self.state.setCurrentIndex(STATES.index("未确认草稿"))
            self._update_buttons()
            self.ctx.notifier.info(f"已新增 {len(chosen)} 个目录（草稿，未经人工确认；核对后可“确认草稿”）。")
        return ok

    def accept_all(self) -> bool:
        return self._accept(list(self.model.drafts))

    def accept_selected(self) -> bool:
        return self._accept(self.selected_drafts())

    def reject_selected(self) -> None:
        chosen = self.selected_drafts()
        self.model.set_drafts([d for d in self.model.drafts if d not in chosen])
        self._update_buttons()

    def confirm_selected(self) -> bool:
        ids = ConfirmDraftsDialog.choose(self.ctx.interaction, self.ctx.session, self._targets(), self)
        return bool(ids) and self._push(bulk.confirm_drafts(self.ctx.session, ids))

    def select_all_rows(self) -> None:
        self.view.selectAll()
        self.view.selectionModel().setCurrentIndex(self.view.currentIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
