"""The bureau page's list of held and refused files: each with its reason; a held file is taken or refused here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from govcat_desktop.domain.text import visible
from govcat_desktop.services.bureau import records
from govcat_desktop.storage.errors import ProjectFileError

if TYPE_CHECKING:
    from govcat_desktop.services.bureau.intake import MergeOutcome
    from govcat_desktop.services.commands import Command
    from govcat_desktop.ui.context import AppContext

HELD, REFUSED = "待定", "拒收"


class HeldList(QWidget):
    """Held files (kept in the project until decided) above the files the last merge refused or skipped."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.refused: list[tuple[str, str, str]] = []  # (状态, file, reason) of the last merge, this session only
        self._step: Command | None = None  # the history step of that merge (None: it took nothing in)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        for text, name, take in (("作为同一单位接收", "held_take", True), ("拒收", "held_refuse", False)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAccessibleName(text)
            button.clicked.connect(lambda _c=False, t=take: self.decide(t))
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.note = QLabel("统一社会信用代码或单位名称与已汇总的单位不一致的文件待您决定；"
                           "其余未汇总的文件列在下面，并说明原因。")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("held_files")
        self.table.setAccessibleName("待定和拒收的文件")
        self.table.setHorizontalHeaderLabels(["状态", "文件", "原因"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)

    def remember(self, outcome: MergeOutcome, step: Command | None = None) -> None:
        """The refused and skipped files of a merge (held ones are read from the project); `step` is the merge's
        step in the history when it took something in: while it is undone, its refused files are not listed (a 拒收
        taken back is 待定 again, not both)."""
        self.refused = [(REFUSED if "已拒收" in r else "跳过", str(p), r) for p, r in outcome.skipped]
        self.refused += [("略过", str(p), r) for p, r in outcome.passed]
        self._step = step

    def reload(self) -> None:
        session = self.context.session
        shown = self.refused if self._step is None or self.context.workspace.history.is_done(self._step) else []
        rows = [(HELD, h.path, h.reason) for h in (records.held(session) if session else [])] + shown
        self.table.setRowCount(len(rows))
        for r, (state, path, reason) in enumerate(rows):
            for c, text in enumerate((state, visible(Path(path).name), visible(reason))):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, path if state == HELD else None)
                item.setToolTip(visible(path) if c == 1 else text)  # the whole reason, however narrow the column
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c in range(2):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 320))
        self.table.resizeRowsToContents()

    def selected_held(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def decide(self, take: bool) -> None:
        from govcat_desktop.services.bureau.merge_step import DecideHeld

        session = self.context.session
        path = self.selected_held()
        if session is None or path is None:
            self.context.notifier.info("请先在列表中选中一个“待定”的文件。")
            return
        step = DecideHeld([path], take=take)  # one step of the history: 编辑 ▸ 撤销 takes the decision back
        try:
            outcome = self.context.window.run_in_background(lambda notifier: step.run(session, notifier), "正在汇总…")
        except ProjectFileError as exc:
            self.context.interaction.inform("无法处理", exc.message, warning=True)
            return
        self.remember(outcome, step if step.changed else None)
        if not (step.changed and self.context.push(step)):  # the pages repaint from the step's Changes
            self.reload()
        if take and outcome.taken:
            self.context.notifier.info(f"已作为同一单位接收：{visible(Path(path).name)}")
        elif take:
            reasons = "；".join(r for _, r in outcome.skipped + outcome.held)
            self.context.interaction.inform("未能接收", visible(reasons) or "文件未能汇总。", warning=True)
        else:
            self.context.notifier.info(f"已拒收：{visible(Path(path).name)}")
