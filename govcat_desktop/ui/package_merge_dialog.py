"""The dialogs of work packages (issue 23): which 科室 to export, and a package's merge with its conflicts.

The merge dialog shows what the package brings — new entries, entries updated (changes only one side made, taken
without a question), reminders — and every conflict side by side (原值 / 本单位 / 科室), decided per field or per
entry. 合并 stays disabled until each conflict is decided: nothing is overwritten without a decision."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from govcat_desktop.services.package_merge import MINE, THEIRS, MergePlan
from govcat_desktop.services.packages import AssigneeRow
from govcat_desktop.ui.screen import fit_window

CHOICE_TEXT = (("", "（请选择）"), (MINE, "采用本单位"), (THEIRS, "采用科室"))
CONFLICT_HEADERS = ("事项", "目录", "字段", "原值", "本单位", "科室", "决定")
DECISION_COL = len(CONFLICT_HEADERS) - 1
ADDED = "新增目录"


def _button(text: str, name: str, slot) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(lambda _c=False: slot())
    return button


class PackageExportDialog(QDialog):
    """导出工作包: the 科室 ticked (all by default), the folder."""

    def __init__(self, parent: QWidget | None, rows: list[AssigneeRow], folder: str) -> None:
        super().__init__(parent)
        self.setObjectName("package_export_dialog")
        self.setWindowTitle("导出工作包")
        layout = QVBoxLayout(self)
        note = QLabel("为每个勾选的科室导出一个工作包：只含分给它的事项及其目录、本单位的设置。科室用 govcat 打开填写后"
                      "交回，再用“合并工作包…”合并。工作包不能报送市大数据局。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.list = QListWidget()
        self.list.setObjectName("package_assignees")
        self.list.setAccessibleName("承办科室")
        for row in rows:
            item = QListWidgetItem(f"{row.assignee}（事项 {row.matters} 个，目录 {row.entries} 条）")
            item.setData(Qt.ItemDataRole.UserRole, row.assignee)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        form = QFormLayout()
        line = QHBoxLayout()
        self.folder = QLineEdit(folder)
        self.folder.setObjectName("package_folder")
        self.folder.setAccessibleName("保存到文件夹")
        line.addWidget(self.folder, 1)
        line.addWidget(_button("选择…", "package_browse", self._browse))
        form.addRow("保存到文件夹", line)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导出")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_window(self, 560, 380)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择保存文件夹", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def chosen(self) -> list[str]:
        return [self.list.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.list.count())
                if self.list.item(n).checkState() == Qt.CheckState.Checked]

    @classmethod
    def run(cls, parent: QWidget | None, rows: list[AssigneeRow], folder: str) -> tuple[list[str], str] | None:
        dialog = cls(parent, rows, folder)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.folder.text().strip() or not dialog.chosen():
            return None
        return dialog.chosen(), dialog.folder.text().strip()


class PackageMergeDialog(QDialog):
    """合并工作包: what the package brings, the conflicts side by side with a decision each; `decisions()`."""

    def __init__(self, parent: QWidget | None, plan: MergePlan) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setObjectName("package_merge_dialog")
        self.setWindowTitle(f"合并工作包：{plan.package.assignee}")
        layout = QVBoxLayout(self)
        added = [c for c in plan.changes if c.startswith(ADDED)]
        updated = [c for c in plan.changes if not c.startswith(ADDED)]
        exported = plan.package.created_at.replace("T", " ")
        self.summary = QLabel(f"“{plan.source.name}”（{plan.package.assignee}，导出于 {exported}）"
                              f"与导出时的内容比较：新增目录 {len(added)} 条，"
                              f"只有科室改过、直接采用的修改 {len(updated)} 处，"
                              f"<b>两边改得不同的冲突 {len(plan.conflicts)} 处</b>"
                              + ("，须逐处决定后才能合并。" if plan.conflicts else "。") + "合并是一次修改，可撤销。")
        self.summary.setObjectName("merge_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("merge_tabs")
        self.table = self._conflict_table()
        conflicts = QWidget()
        cv = QVBoxLayout(conflicts)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.addWidget(self.table, 1)
        row = QHBoxLayout()
        for text, name, choice, whole in (("本条目录全部采用本单位", "merge_entry_mine", MINE, True),
                                          ("本条目录全部采用科室", "merge_entry_package", THEIRS, True),
                                          ("全部采用本单位", "merge_all_mine", MINE, False),
                                          ("全部采用科室", "merge_all_package", THEIRS, False)):
            row.addWidget(_button(text, name,
                                  lambda c=choice, w=whole: self.decide_entry(c) if w else self.decide_all(c)))
        row.addStretch(1)
        cv.addLayout(row)
        self.tabs.addTab(conflicts, f"冲突（{len(plan.conflicts)}）")
        self.tabs.addTab(self._lines(added), f"新增（{len(added)}）")
        self.tabs.addTab(self._lines(updated), f"修改（{len(updated)}）")
        self.tabs.addTab(self._lines(plan.flags), f"提醒（{len(plan.flags)}）")
        if not plan.conflicts:
            self.tabs.setCurrentIndex(1 if added else 2)
        layout.addWidget(self.tabs, 1)
        self.status = QLabel()
        self.status.setObjectName("merge_status")
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("合并")
        self.ok.setObjectName("merge_ok")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        fit_window(self, 1200, 620)
        self._update()

    def _lines(self, lines: list[str]) -> QListWidget:
        view = QListWidget()
        view.addItems(lines or ["（无）"])
        view.setWordWrap(True)
        return view

    def _conflict_table(self) -> QTableWidget:
        table = QTableWidget(len(self.plan.conflicts), len(CONFLICT_HEADERS))
        table.setObjectName("merge_conflicts")
        table.setAccessibleName("冲突")
        table.setHorizontalHeaderLabels(list(CONFLICT_HEADERS))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        for n, c in enumerate(self.plan.conflicts):
            for col, text in enumerate((c.matter, c.entry, c.label, c.base, c.mine, c.theirs)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col in (4, 5):
                    item.setBackground(QBrush(QColor("#e8f1fb" if col == 4 else "#fff6dd")))
                table.setItem(n, col, item)
            box = QComboBox()
            box.setObjectName(f"decision:{c.key}")
            box.setAccessibleName(f"{c.entry}的{c.label}：采用哪一边")
            for key, text in CHOICE_TEXT:
                box.addItem(text, key)
            box.currentIndexChanged.connect(lambda _i: self._update())
            table.setCellWidget(n, DECISION_COL, box)
        header = table.horizontalHeader()
        for col, width in enumerate((150, 150, 100, 170, 170, 170, 110)):
            table.setColumnWidth(col, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()
        return table

    def box(self, n: int) -> QComboBox:
        return self.table.cellWidget(n, DECISION_COL)  # type: ignore[return-value]

    def decide(self, n: int, choice: str) -> None:
        box = self.box(n)
        box.setCurrentIndex(box.findData(choice))

    def decide_all(self, choice: str) -> None:
        for n in range(len(self.plan.conflicts)):
            self.decide(n, choice)

    def decide_entry(self, choice: str) -> None:
        """Every conflict of the entry of the selected row (or the current one)."""
        rows = {i.row() for i in self.table.selectedIndexes()} or {self.table.currentRow()}
        entries = {self.plan.conflicts[r].entry_id for r in rows if 0 <= r < len(self.plan.conflicts)}
        for n, c in enumerate(self.plan.conflicts):
            if c.entry_id in entries:
                self.decide(n, choice)

    def decisions(self) -> dict[str, str]:
        out = {}
        for n, c in enumerate(self.plan.conflicts):
            choice = self.box(n).currentData()
            if choice:
                out[c.key] = choice
        return out

    def _update(self) -> None:
        left = len(self.plan.conflicts) - len(self.decisions())
        self.ok.setEnabled(left == 0)
        self.status.setText(f"<span style='color:#c62828'>还有 {left} 处冲突未决定。</span>" if left else
                            "各处冲突都已决定，可以合并。")

    @classmethod
    def run(cls, parent: QWidget | None, plan: MergePlan) -> dict[str, str] | None:
        dialog = cls(parent, plan)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.decisions()
