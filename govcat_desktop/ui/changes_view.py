"""与上次报送相比 (issue 22) in the window: the unit's grid filter of the entries changed since the base (with its
注销 entries and their reasons), the overview's count of changes; the bureau's review of what changed — filter 有变化,
the selected entry's field diff (before → after), the 注销 entries to confirm or refuse — and the board's count.

Kept out of the grid, overview and bureau pages (each gives this module one hook), over services.revisions (unit) and
services.bureau.life (bureau); every edit goes through the context's history, every question through the Interaction.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton, QSplitter,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from govcat_desktop.ui.context import AppContext

ALL, ANY, NEW, CHANGED = "全部", "有变化", "新增", "变更"
GRID_FILTERS = (ALL, ANY, NEW, CHANGED)
MARK_COLOURS = {NEW: "#e2efda", CHANGED: "#ddebf7", "注销": "#fce4d6"}
REASON_COLUMNS = ("change_reason", "change_note")


def counts_text(counts: dict[str, int]) -> str:
    return f"新增 {counts.get('新增', 0)}、变更 {counts.get('变更', 0)}、注销 {counts.get('注销', 0)}"


def unit_changes_line(session) -> str:
    """The overview's line: the catalog's changes since the base ('' before the first export)."""
    from govcat_desktop.services import revisions

    if session is None or session.store is None:
        return ""
    try:
        base, accepted = revisions.base_version(session)
        if base is None:
            return ""
        counts = revisions.summary(revisions.changes(session))
    except Exception:  # noqa: BLE001 - a damaged snapshot must not stop the overview; the next export rewrites it
        return ""
    what = "上级已审核的" if accepted else "上次导出的"
    return f"<br>与上次报送相比（{what}第{base.version}版）：{counts_text(counts)}。"


class _Shown(QObject):
    """Calls `slot` each time the watched widget is shown."""

    def __init__(self, widget: QWidget, slot) -> None:
        super().__init__(widget)
        self.slot = slot
        widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show:
            self.slot()
        return False


class GridChanges:
    """The grid's 与上次报送相比 filter: 全部 / 有变化 / 新增 / 变更, the counts, and the 注销 entries' reasons."""

    def __init__(self, ctx: AppContext, page: Any) -> None:
        self.ctx = ctx
        self.page = page
        self.marks: dict[int, str] = {}
        self.combo = QComboBox()
        self.combo.setObjectName("grid_changes")
        self.combo.setAccessibleName("与上次报送相比")
        self.combo.setToolTip("与上次报送（或上级已审核）的版本相比：只看新增或变更的目录")
        self.combo.addItems(["与上次报送相比" if f == ALL else f for f in GRID_FILTERS])
        self.combo.currentIndexChanged.connect(lambda _i: self.apply())
        self.withdrawn = QPushButton("注销 0")
        self.withdrawn.setObjectName("grid_withdrawn")
        self.withdrawn.setToolTip("上次报送后删除的目录（注销）：查看并填写注销原因")
        self.withdrawn.clicked.connect(lambda _c=False: self.edit_withdrawn())
        row = page.layout().itemAt(0).layout()  # the page's filter row
        at = row.indexOf(page.problems) + 1
        row.insertWidget(at, self.combo)
        row.insertWidget(at + 1, self.withdrawn)
        ctx.workspace.history.changed.connect(self.refresh)
        _Shown(page, self.refresh)
        self.refresh()

    @property
    def choice(self) -> str:
        return GRID_FILTERS[max(0, self.combo.currentIndex())]

    def refresh(self) -> None:
        """Read the marks again (after an edit, on showing the page) when they are looked at."""
        session = self.ctx.session
        if not self.page.isVisible() and self.choice == ALL:
            return
        from govcat_desktop.services import revisions

        gone = 0
        try:
            self.marks = revisions.marks(session) if session is not None and session.store is not None else {}
            if session is not None and session.store is not None:
                gone = sum(1 for c in revisions.changes(session) if c.mark == "注销")
        except Exception:  # noqa: BLE001 - a damaged snapshot: no marks (the next export rewrites it)
            self.marks = {}
        self.withdrawn.setText(f"注销 {gone}")
        self.withdrawn.setVisible(bool(gone))
        new = sum(1 for m in self.marks.values() if m == NEW)
        self.combo.setItemText(0, f"与上次报送相比（新增 {new}、变更 {len(self.marks) - new}）" if self.marks
                               else "与上次报送相比")
        if self.choice != ALL:
            self.apply()

    def apply(self) -> None:
        choice = self.choice
        if choice == ALL:
            self.page.proxy.set_entries(None)
            return
        wanted = {NEW, CHANGED} if choice == ANY else {choice}
        marks = self.marks
        self.page.proxy.set_entries(lambda eid: marks.get(eid) in wanted)
        from govcat_desktop.ui.grid.model import KEYS

        for key in REASON_COLUMNS:  # the reasons are what a 变更 needs: shown while looking at the changes
            self.page.view.setColumnHidden(KEYS.index(key), False)
        self.page.view.sync_columns()

    def edit_withdrawn(self) -> None:
        """Pick a 注销 entry and give its reason (from forms' change_reason; 其他 asks for the 说明)."""
        from govcat_desktop.services import revisions
        from govcat_desktop.services.rules import Refused

        session = self.ctx.session
        if session is None:
            return
        gone = revisions.refresh_withdrawn(session)
        if not gone:
            return
        ask = self.ctx.interaction
        parent = self.ctx.window.dialog_parent()
        options = [f"{w.matter_code}/{w.name}（{w.reason or '未填写原因'}）" for w in gone]
        pick = ask.choose("注销的目录", "上次报送后删除的目录将作为“注销”报送。选择一条填写注销原因：", options,
                          parent=parent)
        if pick < 0:
            return
        vocab = self.ctx.forms.vocab("change_reason")
        labels = list(vocab.label_list)
        at = ask.choose("注销原因", f"目录“{gone[pick].name}”的注销原因：", labels, parent=parent)
        if at < 0:
            return
        note = ""
        if vocab.canonical(labels[at]) == revisions.OTHER:
            note = ask.note("注销说明", "请写明注销的原因：", parent=parent) or ""
        try:
            command, said = revisions.reason_command(session, f"{gone[pick].matter_code}/{gone[pick].name}",
                                                     labels[at], note)
        except Refused as exc:
            ask.inform("注销原因", str(exc), warning=True, parent=parent)
            return
        if self.ctx.push(command):  # a history step (Edit ▸ 撤销 takes it back) like a cell edit
            self.ctx.notifier.info(said)  # the pages hear it (settings "withdrawn"), Ctrl+Z too


class BureauChanges:
    """The bureau's 目录审核 tab: a filter 有变化, a column 变化, the field diff of the selected entry and the 注销
    entries of the selected unit (or all) with 确认注销 / 不予注销…, each an undoable step like a review mark."""

    def __init__(self, ctx: AppContext, page: Any, bar: QHBoxLayout, column: QVBoxLayout) -> None:
        self.ctx = ctx
        self.page = page
        self.marks: dict[int, tuple[str, str, str]] = {}
        self.filter = QComboBox()
        self.filter.setObjectName("review_changes")
        self.filter.setAccessibleName("按变化筛选")
        self.filter.addItems(["全部目录", ANY])
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.insertWidget(bar.count() - 1, self.filter)
        entries: QTableWidget = page.entries
        entries.setColumnCount(entries.columnCount() + 1)
        entries.setHorizontalHeaderItem(entries.columnCount() - 1, QTableWidgetItem("变化"))
        entries.horizontalHeader().setStretchLastSection(False)
        entries.itemSelectionChanged.connect(self.show_diff)
        column.removeWidget(entries)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("review_split")
        split.addWidget(entries)
        below = QSplitter(Qt.Orientation.Horizontal)
        self.diff = QPlainTextEdit()
        self.diff.setObjectName("review_diff")
        self.diff.setAccessibleName("与已审核版本相比")
        self.diff.setReadOnly(True)
        self.diff.setPlaceholderText("选中一条有变化的目录，这里列出与已审核版本相比改了什么（之前 → 之后）。")
        below.addWidget(self.diff)
        gone = QWidget()
        gl = QVBoxLayout(gone)
        gl.setContentsMargins(0, 0, 0, 0)
        gb = QHBoxLayout()
        self.gone_title = QLabel("注销的目录")
        gb.addWidget(self.gone_title, 1)
        for text, name, slot in (("确认注销", "confirm_withdrawn", self.confirm),
                                 ("不予注销…", "refuse_withdrawn", self.refuse)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(lambda _c=False, s=slot: s())
            gb.addWidget(button)
        gl.addLayout(gb)
        self.gone = QTableWidget(0, 5)
        self.gone.setObjectName("withdrawn_entries")
        self.gone.setHorizontalHeaderLabels(["单位", "事项编码", "目录名称", "注销原因", "审核"])
        self.gone.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.gone.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.gone.verticalHeader().setVisible(False)
        self.gone.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.gone.horizontalHeader().setStretchLastSection(True)
        gl.addWidget(self.gone, 1)
        below.addWidget(gone)
        below.setSizes([520, 520])
        for widget in (self.diff, self.gone):  # the page's minimum height stays what it was (a 1366×768 screen)
            widget.setMinimumHeight(48)
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        column.addWidget(split, 1)

    def refresh(self) -> None:
        """After the page filled its entries: the 变化 column, the filter, the 注销 list."""
        from govcat_desktop.services.bureau import life

        session = self.ctx.session
        if session is None or session.store is None:
            return
        self.marks = life.review_marks(session.store)
        entries: QTableWidget = self.page.entries
        last = entries.columnCount() - 1
        only = self.filter.currentIndex() == 1
        for r in range(entries.rowCount()):
            first = entries.item(r, 0)
            mark = self.marks.get(first.data(Qt.ItemDataRole.UserRole) if first else None, ("", "", ""))[0]
            shown = entries.item(r, last)
            if shown is None or shown.text() != mark:  # only the marks that changed are repainted
                item = QTableWidgetItem(mark)
                if mark:
                    item.setBackground(QBrush(QColor(MARK_COLOURS.get(mark, "#ffffff"))))
                entries.setItem(r, last, item)
            entries.setRowHidden(r, only and not mark)
        entries.setColumnWidth(last, 52)
        unit = self.page.selected_unit()
        rows = life.withdrawn_rows(session.store, unit)
        self.gone_rows = [w for _, w in rows]
        self.gone.setRowCount(len(rows))
        for r, (name, w) in enumerate(rows):
            reason = w.reason + (f"（{w.note}）" if w.note else "") if w.reason else "未填写"
            state = w.status + (f"：{w.bureau_note}" if w.bureau_note else "")
            for c, text in enumerate((name, w.matter_code, w.name, reason, state)):
                item = QTableWidgetItem(text)
                if c == 4 and w.status == life.TO_CONFIRM:
                    item.setBackground(QBrush(QColor(MARK_COLOURS["注销"])))
                self.gone.setItem(r, c, item)
        self.gone.resizeColumnsToContents()
        waiting = sum(1 for w in self.gone_rows if w.status == life.TO_CONFIRM)
        self.gone_title.setText(f"注销的目录 {len(rows)} 条" + (f"（待确认 {waiting}）" if waiting else ""))
        self.show_diff()

    def show_diff(self) -> None:
        from govcat_desktop.services.bureau.life import diff_lines
        from govcat_desktop.services.bureau.review import field_label

        rows = self.page.entries.selectionModel().selectedRows()
        if not rows:
            self.diff.setPlainText("")
            return
        first = self.page.entries.item(rows[0].row(), 0)
        mark, _status, diff = self.marks.get(first.data(Qt.ItemDataRole.UserRole) if first else None, ("", "", ""))
        if not mark:
            self.diff.setPlainText("与已审核的版本相同（或首次报送）。")
            return
        lines = diff_lines(diff, lambda k: "事项编码" if k == "matter_code" else field_label("catalog", k))
        head = "新增的目录（此前没有报送过）。" if mark == NEW and not lines else f"{mark}：与已审核的版本相比"
        self.diff.setPlainText("\n".join([head, *lines]))

    def _selected_gone(self):
        rows = self.gone.selectionModel().selectedRows()
        if not rows:
            self.ctx.notifier.info("请先在“注销的目录”中选中一条。")
            return None
        return self.gone_rows[rows[0].row()]

    def confirm(self) -> None:
        from govcat_desktop.services.bureau import life
        from govcat_desktop.services.bureau.commands import DecideWithdrawn

        w = self._selected_gone()
        if w is not None:
            self.ctx.push(DecideWithdrawn(w.id, life.CONFIRMED, text="确认注销目录"))

    def refuse(self) -> None:
        from govcat_desktop.services.bureau import life
        from govcat_desktop.services.bureau.commands import DecideWithdrawn

        w = self._selected_gone()
        if w is None:
            return
        note = self.ctx.interaction.note("不予注销", f"请写明不同意注销目录“{w.name}”的理由：",
                                         parent=self.ctx.window.dialog_parent())
        if note is None:
            return
        if not note.strip():
            self.ctx.interaction.inform("不予注销", "不予注销时请写明理由。", warning=True)
            return
        self.ctx.push(DecideWithdrawn(w.id, life.REFUSED, note, text="不予注销目录"))


def board_changes(store) -> dict[int, tuple[int, int, int]]:
    """unit id → (新增, 变更, 注销) waiting for the bureau (the board's column 目录变化)."""
    from govcat_desktop.services.bureau.life import change_counts

    return change_counts(store)


def export_registration_changes(ctx: AppContext, folder: str | None = None):
    """The bureau's 目录注册表（变更）: only what changed since the last registration (column 操作: 新增 / 变更 /
    注销), remembered as the last registration — the window's way to `govcat registration --changes`."""
    from govcat_desktop.services.bureau.registry import register
    from govcat_desktop.services.registration import RegistrationError

    ask = ctx.interaction
    parent = ctx.window.dialog_parent()
    if ctx.session is None:
        ask.inform("目录注册表（变更）", "请先打开汇总项目。", parent=parent)
        return None
    if folder is None:
        folder = ask.folder("选择保存文件夹", str(ctx.session.path.parent), parent=parent)
        if not folder:
            return None
    try:
        written = register(ctx.session, folder, changes=True)
    except RegistrationError as exc:
        ask.inform("导出失败", str(exc), warning=True, parent=parent)
        return None
    c = written.counts
    since = f"上次注册（{written.since}）" if written.since else "上次注册（尚无，全部为新增）"
    ask.inform("导出完成", f"已导出目录注册表（变更）：\n{written.path}\n\n与{since}相比：新增 {c['新增']} 条，"
               f"变更 {c['变更']} 条，注销 {c['注销']} 条；本表 {written.rows} 行。", parent=parent)
    return written.path


def install(ctx: AppContext, roles) -> None:
    """The bureau's menu item 文件 ▸ 目录注册表（变更）… (the whole sheet stays 文件 ▸ 目录注册表…)."""
    ctx.window.add_action("file", "目录注册表（变更）…", lambda: export_registration_changes(ctx),
                          name="action_registration_changes", roles=roles, needs_project=True)
