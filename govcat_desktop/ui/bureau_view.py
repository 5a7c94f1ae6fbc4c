"""The bureau view (progress board, cross-unit findings, review, bar charts) and the unit's 审核意见 page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from govcat_desktop.services.changes import Changes
from govcat_desktop.domain.roles import BUREAU_ROLES, TASK_NAMES, duties
from govcat_desktop.services.bureau import KIND_LABEL, is_bureau, records
from govcat_desktop.services.rules import Refused, decision_refusal
from govcat_desktop.storage.errors import ProjectFileError
from govcat_desktop.ui.bureau_board import BoardView
from govcat_desktop.ui.bureau_comment import CommentDialog
from govcat_desktop.ui.changes_view import BureauChanges, board_changes
from govcat_desktop.ui.context import Page
from govcat_desktop.ui.held_view import HeldList

if TYPE_CHECKING:
    from govcat_desktop.ui.context import AppContext

STATE_COLOURS = {"未报送": "#f2f2f2", "已报送": "#ddebf7", "有错误": "#fce4d6", "已审核": "#e2efda", "退回": "#ffe699",
                 "—": "#ffffff"}
LATE = QColor("#f8cbad")
# The fields of an entry a bureau comment can point at (their labels come from forms/catalog.toml).
COMMENT_FIELDS = ("name", "summary", "domain", "security_level", "share_type", "share_condition", "no_share_basis",
                  "share_methods", "network", "update_cycle")
BAR = QColor("#4472c4")
SUBMISSION_FILTER = "报送文件 (*.xlsx *.govcat *.pdf *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)"


class BarChart(QWidget):
    """Horizontal bars with values, drawn with QPainter (QtCharts is not in PySide6-Essentials)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.data: list[tuple[str, int]] = []
        self.setObjectName("chart_" + title)
        self.setAccessibleName(title)
        self.setMinimumSize(360, 200)

    def set_data(self, data: list[tuple[str, int]]) -> None:
        self.data = list(data)
        self.setMinimumHeight(60 + 24 * max(len(self.data), 3))
        self.update()

    def paintEvent(self, event: Any) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(8, 4, self.width() - 16, 24), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self.title)
        p.setFont(self.font())
        if not self.data:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "（暂无数据）")
            return
        label_w = min(170.0, max(p.fontMetrics().horizontalAdvance(k) for k, _ in self.data) + 12.0)
        top, row_h = 34.0, 24.0
        span = max(self.width() - label_w - 60.0, 40.0)
        peak = max(v for _, v in self.data) or 1
        for i, (key, value) in enumerate(self.data):
            y = top + i * row_h
            p.setPen(QColor("#333333"))
            p.drawText(QRectF(4, y, label_w - 8, row_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       p.fontMetrics().elidedText(key, Qt.TextElideMode.ElideMiddle, int(label_w - 8)))
            width = span * value / peak
            p.fillRect(QRectF(label_w, y + 4, max(width, 1.0), row_h - 8), BAR)
            p.drawText(QRectF(label_w + width + 4, y, 56, row_h), Qt.AlignmentFlag.AlignVCenter, str(value))


def _table(headers: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setWordWrap(True)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: list[list[Any]], colours: list[list[QColor | None]] | None = None,
          keys: list[Any] | None = None) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(str(value))
            if colours and colours[r][c] is not None:
                item.setBackground(QBrush(colours[r][c]))
            if keys is not None and c == 0:
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(table.columnCount()):
        table.setColumnWidth(c, min(table.columnWidth(c), 320))


def _button(text: str, name: str, slot) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setAccessibleName(text)
    b.clicked.connect(lambda _c=False: slot())
    return b


class BureauPage(QWidget, Page):
    """Collect, board, cross-unit checks, review and charts of a bureau project."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setAcceptDrops(True)
        self.unit_ids: list[int] = []
        self._entry_rows: dict[int, int] = {}  # entry id → its row in 目录审核 (filled by _fill_entries)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        for text, name, slot in (("汇总报送文件…", "merge_files", self.merge_files),
                                 ("汇总文件夹…", "merge_folder", self.merge_folder),
                                 ("生成督办表、清单和报告…", "write_outputs", self.write_outputs),
                                 ("导出审核意见…", "export_feedback", self.export_feedback)):
            bar.addWidget(_button(text, name, slot))
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = QLabel()
        self.summary.setObjectName("board_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("bureau_tabs")
        layout.addWidget(self.tabs, 1)
        # Board + history of the selected unit.
        split = QSplitter(Qt.Orientation.Vertical)
        self.board_view = BoardView()  # one line per unit, filters and search (ui/bureau_board.py)
        self.board = self.board_view.table
        self.board_view.unit_changed.connect(self._unit_selected)
        self.history = _table(["类别", "文件", "指纹", "收到时间", "错误", "提醒", "状态"], "history")
        split.addWidget(self.board_view)
        split.addWidget(self.history)
        self.history.setVisible(False)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 110])
        self.tabs.addTab(split, "报送进度")
        self.checks = _table(["类型", "对象", "说明"], "cross_unit")
        self.tabs.addTab(self.checks, "跨单位检查")
        review = QWidget()
        rl = QVBoxLayout(review)
        rb = QHBoxLayout()
        for text, name, slot in (("审核通过", "approve", self.approve), ("退回…", "reject", self.reject),
                                 ("添加意见…", "add_comment", self.add_comment)):
            rb.addWidget(_button(text, name, slot))
        rb.addStretch(1)
        rl.addLayout(rb)
        self.entries = _table(["单位", "事项编码", "目录名称", "共享类型", "信息项", "审核结论", "审核意见"],
                              "unit_entries")
        rl.addWidget(self.entries)
        self.tabs.addTab(review, "目录审核")
        self.changes = BureauChanges(context, self, rb, rl)  # 有变化, the diff, the 注销 entries (issue 22)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        holder = QWidget()
        grid = QGridLayout(holder)
        self.charts = {name: BarChart(name) for name in
                       ("任务完成（已报送单位数）", "各单位目录条数", "数据领域", "共享类型", "安全级别", "更新周期")}
        for i, chart in enumerate(self.charts.values()):
            grid.addWidget(chart, i // 2, i % 2)
        scroll.setWidget(holder)
        self.tabs.addTab(scroll, "统计图表")
        self.held = HeldList(context)  # files held for the bureau's decision, and the last merge's refused ones
        self.tabs.addTab(self.held, "待定和拒收")

    # ----- data -------------------------------------------------------------------
    @property
    def store(self):
        return self.context.session.store if self.context.session is not None else None

    def set_session(self) -> None:
        session = self.context.session
        if session is not None and is_bureau(session.project.info.role):
            self.reload()

    def apply(self, changes: Changes) -> None:
        session = self.context.session
        if not (changes.bureau or changes.reloaded) or session is None or not is_bureau(session.project.info.role):
            return
        if changes.bureau == {"review"} and changes.bureau_entries and not changes.reloaded:
            self._marked(changes.bureau_entries)  # a review mark (or its undo): its rows and the board, no more
        else:
            self.reload()

    def _marked(self, entry_ids: set[int]) -> None:
        """After review marks: repaint the marked entries' rows of 目录审核, the board and the summary line — not the
        cross-unit checks, charts, held files or the other rows (30,000 at city scale)."""
        self._board()
        cells = self._entry_cells()
        for entry_id in entry_ids:
            row = self._entry_rows.get(entry_id)
            if row is None or entry_id not in cells:
                continue
            values, colour = cells[entry_id]
            for c, value in enumerate(values):
                item = self.entries.item(row, c)
                if item is None:
                    continue
                item.setText(str(value))
                item.setBackground(QBrush(colour) if colour is not None else QBrush())
        self.changes.refresh()

    def reload(self) -> None:
        from govcat_desktop.services.bureau.checks import cross_unit_findings
        from govcat_desktop.services.bureau.outputs import report

        store = self.store
        self._board()
        findings = cross_unit_findings(store)
        names = {"cross-unit-same-name": "同名目录信息项不一致", "cross-unit-same-matter": "同一事项多个单位报送",
                 "cross-unit-near-duplicate": "目录名称近似重复", "supply-demand-match": "供需匹配"}
        _fill(self.checks, [[names.get(f.rule, f.rule), f.record, f.message] for f in findings], keys=findings)
        self._fill_entries()
        data = report(store)
        self.charts["任务完成（已报送单位数）"].set_data([(t, done) for t, _, done, _, _ in data.completion])
        self.charts["各单位目录条数"].set_data([(u[0], u[2]) for u in data.by_unit[:20]])
        for key in ("数据领域", "共享类型", "安全级别", "更新周期"):
            self.charts[key].set_data(data.dimensions[key])
        self.held.reload()
        held = self.tabs.indexOf(self.held)
        count = self.held.table.rowCount()
        self.tabs.setTabText(held, f"待定和拒收（{count}）" if count else "待定和拒收")

    def _unit_selected(self) -> None:
        unit = self.selected_unit()
        self.history.setVisible(unit is not None)  # the selected unit's files; hidden, the board shows 25+ units
        subs = [s for s in records.submissions(self.context.session) if s.unit_id == unit] if unit else []
        _fill(self.history, [
            [KIND_LABEL.get(s.kind, s.kind), s.source, s.fingerprint, s.received_at, s.errors, s.warnings,
             "已被替换" if s.superseded else (s.review_status or "当前")]
            for s in reversed(subs)
        ])
        self._fill_entries()

    def selected_unit(self) -> int | None:
        return self.board_view.selected_unit()

    def _board(self) -> None:
        """The board of units and the summary line above it."""
        from govcat_desktop.services.bureau.board import board
        from govcat_desktop.services.bureau.outputs import state_counts

        store = self.store
        rows = board(store)
        self.unit_ids = [r.unit.id for r in rows]
        self.board_view.set_rows(rows, dict(TASK_NAMES), board_changes(store))
        counts = state_counts(rows)
        late = sum(1 for r in rows if r.overdue)
        self.summary.setText(
            f"已汇总 {len(rows)} 个单位；逾期 {late} 个（红色，将报市政府通报）"
            + "".join(f"，{k} {counts[k]}" for k in ("未报送", "已报送", "有错误", "已审核", "退回") if counts[k])
            + "。可把报送文件拖到此处汇总。"
        )

    def _entry_cells(self) -> dict[int, tuple[list[Any], QColor | None]]:
        """entry id → (the cells of its row in 目录审核, the row's colour), in the table's order."""
        session = self.context.session
        names = {u.id: u.org_name for u in records.units(session)}
        said: dict[tuple[str, str, str], list[str]] = {}  # the bureau's comments, shown beside the decision's note
        for c in records.comments(session):
            said.setdefault((names.get(c.unit_id, ""), c.matter_code, c.record_name), []).append(c.message)
        cells: dict[int, tuple[list[Any], QColor | None]] = {}
        for r in records.review_rows(session, self.selected_unit()):
            notes = [n for n in [r[7], *said.get((r[1], r[2], r[3]), [])] if n]
            cells[r[0]] = ([*r[1:7], "；".join(dict.fromkeys(notes))],
                           QColor(STATE_COLOURS[r[6]]) if r[6] in STATE_COLOURS else None)
        return cells

    def _fill_entries(self) -> None:
        cells = self._entry_cells()
        self._entry_rows = {entry_id: row for row, entry_id in enumerate(cells)}
        _fill(self.entries, [v for v, _c in cells.values()], [[c] * 7 for _v, c in cells.values()], list(cells))
        self.changes.refresh()

    def selected_entry(self) -> int | None:
        rows = self.entries.selectionModel().selectedRows()
        if not rows:
            self.context.notifier.info("请先在“目录审核”中选中一条目录。")
            return None
        return self.entries.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    # ----- actions ------------------------------------------------------------------
    def _start(self) -> str:
        """Where the file dialogs open: the project's folder (the process's working folder means nothing to a clerk)."""
        session = self.context.session
        return str(session.path.parent) if session is not None else str(Path.home())

    def merge_files(self) -> None:
        self.merge(self.context.interaction.open_files("选择各单位报送的文件", self._start(), SUBMISSION_FILTER,
                                                       parent=self))

    def merge_folder(self) -> None:
        folder = self.context.interaction.folder("选择存放各单位报送文件的文件夹", self._start(), parent=self)
        self.merge([folder] if folder else [])

    def merge(self, sources: list[str]) -> None:
        """Collect in the background, as one step of the history (编辑 ▸ 撤销 takes the whole merge back); the page
        repaints from the step's Changes; one summary message at the end."""
        from govcat_desktop.services.bureau.merge_step import Collecting, MergeSubmissions, summary

        session = self.context.session
        if not sources or session is None:
            return
        notes: list[str] = []
        step = MergeSubmissions(list(sources))
        try:
            outcome = self.context.window.run_in_background(lambda notifier: step.run(
                session, Collecting(notifier, notes)), "正在汇总各单位报送的材料…")
        except ProjectFileError as exc:
            self.context.interaction.inform("无法汇总", exc.message, warning=True)
            return
        self.held.remember(outcome, step if step.changed else None)
        if not (step.changed and self.context.push(step)):  # nothing taken in: only the refused files to list
            self.reload()
        text = summary(outcome, notes)
        self.context.interaction.inform("汇总结果", text, warning=bool(outcome.skipped or outcome.held))

    def write_outputs(self) -> None:
        from govcat_desktop.services.bureau.outputs import write_outputs

        folder = self.context.interaction.folder("选择保存督办表、清单和报告的文件夹", self._start(), parent=self)
        if not folder:
            return
        try:
            paths = self.context.window.run_in_background(lambda n: write_outputs(self.store, Path(folder), n),
                                                  "正在生成督办表、全市清单和报告…")
        except (OSError, ProjectFileError) as exc:
            self.context.interaction.inform("无法生成", getattr(exc, "message", "") or f"无法写入“{folder}”。",
                                            warning=True)
            return
        self.context.interaction.inform("已生成", "已生成以下文件：\n" + "\n".join(Path(p).name for p in paths))

    def export_feedback(self) -> None:
        from govcat_desktop.services.bureau.review import export_feedback

        folder = self.context.interaction.folder("选择保存审核意见文件的文件夹", self._start(), parent=self)
        if not folder:
            return
        try:
            paths = export_feedback(self.store, Path(folder))
        except (ProjectFileError, Refused) as exc:  # a read-only folder, a full disk: said in Chinese, nothing written
            self.context.interaction.inform("无法导出审核意见", exc.message, warning=True)
            return
        text = (f"已把 {len(paths)} 个单位的审核意见导出到文件夹：\n{folder}\n\n"
                + "\n".join(Path(p).name for p in paths)
                if paths else "没有需要发出的审核意见。")
        self.context.interaction.inform("审核意见", text)

    def _mark(self, decision: str, note: str) -> None:
        from govcat_desktop.services.bureau.commands import MarkEntry

        entry = self.selected_entry()
        if entry is None:
            return
        reason = decision_refusal(decision, note)  # the rule MarkEntry's service applies, checked before the push
        if reason:
            self.context.interaction.inform(decision, reason, warning=True)
            return
        self.context.push(MarkEntry(entry, decision, note, text=f"审核目录（{decision}）"))

    def approve(self) -> None:
        self._mark("已审核", "")

    def reject(self) -> None:
        if self.selected_entry() is None:
            return
        note = self.context.interaction.text("退回", "请写明退回原因（单位会在对应目录上看到）：", parent=self)
        if note is not None:
            self._mark("退回", note)

    def add_comment(self) -> None:
        from govcat_desktop.services.bureau.commands import AddComment
        from govcat_desktop.services.bureau.review import field_key, field_label

        entry = self.selected_entry()
        if entry is None:
            return
        current = records.current_entry(self.context.session, entry)
        def shown(key: str) -> str:
            value = getattr(current, key, "") if current is not None else ""
            return "、".join(value) if isinstance(value, list) else str(value or "")
        targets = [("（整条目录）", shown("name"))]
        targets += [(field_label("catalog", key, self.context.forms), shown(key)) for key in COMMENT_FIELDS]
        targets += [(f"信息项：{i.name}", f"{i.name}（{i.data_type}{(' ' + i.length) if i.length else ''}）")
                    for i in (current.items if current is not None else [])]
        title = f"对目录“{shown('name')}”的审核意见（一次写好，导出后发给该单位）"
        answer = self.context.interaction.form("添加意见", CommentDialog, title, targets, text=title, parent=self)
        if answer is None or not answer[1]:
            return
        target, text = answer
        item = target.removeprefix("信息项：") if target.startswith("信息项：") else ""
        field = "" if item or target == "（整条目录）" else field_key("catalog", target)
        if self.context.push(AddComment(entry, text.strip(), field, item)):
            self._fill_entries()  # the 审核意见 column shows it at once
            self.context.notifier.info("已记录审核意见；导出审核意见后发给该单位。")

    def focus(self, ref: tuple, field: str = "") -> bool:
        """Jump target of cross-unit findings: select the entry (or the demand's unit) in this view."""
        self.tabs.setCurrentIndex(2 if ref[0] == "unit_entry" else 1)
        if ref[0] == "unit_entry":
            for row in range(self.entries.rowCount()):
                if self.entries.item(row, 0).data(Qt.ItemDataRole.UserRole) == ref[1]:
                    self.entries.selectRow(row)
                    return True
        return False

    # ----- drag and drop ------------------------------------------------------------
    # Files and folders dropped anywhere on the page (over the board too) are merged as 汇总文件夹 merges a folder:
    # reports, copies and scans alike, with the same progress and 取消.
    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802
        if self.store is not None and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802
        self.dragEnterEvent(event)

    def dropEvent(self, event: Any) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            return
        event.acceptProposedAction()
        # After the drop has returned: the file manager the files came from waits for it, and the merge's progress
        # dialog runs an event loop of its own.
        QTimer.singleShot(0, lambda: self.merge(paths))




def install(context: AppContext) -> None:
    """Add the bureau page, the unit's 审核意见 page and their menu items, each for the roles that have them."""
    bureaus = BUREAU_ROLES  # forms/roles.toml
    # Every unit, a county lead agency included, can receive comments (those who submit a catalog upwards).
    units = tuple(r for r in duties().roles if duties().owes(r, "T3"))
    from govcat_desktop.ui.comments_page import CommentsPage

    page = BureauPage(context)
    comments = CommentsPage(context)
    context.window.add_page("bureau", "汇总与审核", page, roles=bureaus)
    context.window.add_page("bureau_comments", "审核意见", comments, roles=units)
    # Their 视图 entries and shortcuts (the two pages never show together: a role has one or the other).
    context.window.add_action("view", "汇总与审核", lambda: context.window.show_page("bureau"), name="action_bureau",
                              shortcut="Ctrl+8", roles=bureaus)
    context.window.add_action("view", "审核意见", lambda: context.window.show_page("bureau_comments"),
                              name="action_bureau_comments", shortcut="Ctrl+8", roles=units)
    for ref in ("unit_entry", "unit_matter", "unit_demand"):
        context.window.route(ref, "bureau")
    for text, slot, roles in (("汇总各单位报送材料…", page.merge_files, bureaus),
                              ("生成督办表、清单和报告…", page.write_outputs, bureaus),
                              ("导入上级审核意见…", comments.import_feedback, units),
                              ("导出审核意见答复…", comments.export_reply, units)):
        context.window.add_action("tools", text, lambda s=slot: _guarded(context, s), roles=roles)
    from govcat_desktop.ui import changes_view

    changes_view.install(context, bureaus)  # issue 22: 目录注册表（变更）…


def _guarded(context: AppContext, slot) -> None:
    if context.session is None:
        context.notifier.info("请先打开一个项目。")
        return
    slot()
