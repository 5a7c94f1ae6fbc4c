"""文件 ▸ 导出… / 导入… / 空白模板…: export dialogs, the column-mapping step and the import preview dialog."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from govcat_desktop import settings
from govcat_desktop.exchange.matters_import import FIELD_LABELS, FIELDS, REQUIRED, MatterTable
from govcat_desktop.services import transfer
from govcat_desktop.ui.context import AppContext
from govcat_desktop.ui.screen import fit_window
from govcat_desktop.ui.widgets import matches

RESCOPE = 2  # PreviewDialog's result: preview again with the departments ticked
IMPORT_TICKED = 3  # PreviewDialog's result: 导入 pressed with other ticks than previewed: import what the ticks say


class ImportTicked:
    """PreviewDialog.run's answer for 导入 pressed after changing the ticks: import the departments `depts`."""

    def __init__(self, depts: list[str] | None) -> None:
        self.depts = depts

TASK_CHOICES = (
    ("all", "本单位的全部任务"),
    ("contacts", "工作联系表（T1）"),
    ("mechanism", "体制机制情况（T2）"),
    ("catalog", "政务数据资源目录（T3，含服务事项）"),
    ("demand", "共享数据需求（T4）"),
    ("review", "需求审核确认（T4）"),
)
IMPORT_FILTER = "表格文件 (*.xlsx *.xls *.ods *.csv);;所有文件 (*)"
NOT_MAPPED = "（不导入）"
LIST_LIMIT = 2000  # rows shown per tab of the preview; the rest is counted


# ----- dialogs (each behind ask(), replaced in tests) ---------------------------------------
class ExportDialog(QDialog):
    """Which task, which folder (and for templates: which form)."""

    def __init__(self, parent: QWidget | None, blank: bool, folder: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出空白模板" if blank else "导出盖章版和可编辑电子版")
        self.setObjectName("export_dialog")
        layout = QVBoxLayout(self)
        text = (
            "空白模板含表头、下拉列表和填写说明（表头单元格的批注），供在 Excel 或 WPS 中填写后导入。"
            if blank else
            "每项任务导出两个文件：盖章版（打印、签字、盖章后扫描报送）和可编辑电子版（供上级导入）。"
            "两者页脚和隐藏表中的校验码相同，可据此核对纸质版与电子版是否一致。"
        )
        note = QLabel(text)
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.task = QComboBox()
        self.task.setObjectName("task")
        self.task.setAccessibleName("导出内容")
        for key, label in TASK_CHOICES:
            self.task.addItem(label, key)
        form.addRow("导出内容", self.task)
        row = QHBoxLayout()
        self.folder = QLineEdit(folder)
        self.folder.setObjectName("folder")
        self.folder.setAccessibleName("保存到文件夹")
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow("保存到文件夹", row)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("导出")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_window(self, 560, 200)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择保存文件夹", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    @classmethod
    def run(cls, parent: QWidget | None, blank: bool, folder: str) -> tuple[str, str] | None:
        dialog = cls(parent, blank, folder)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.folder.text().strip():
            return None
        return dialog.task.currentData(), dialog.folder.text().strip()


class MappingDialog(QDialog):
    """The column-mapping step of a matter list: the guess preselected, the clerk corrects it."""

    def __init__(self, parent: QWidget | None, table: MatterTable) -> None:
        super().__init__(parent)
        self.table = table
        self.setWindowTitle("导入事项清单：指定各列")
        self.setObjectName("mapping_dialog")
        layout = QVBoxLayout(self)
        where = f"第{table.header_row}行为表头" if table.file.lower().endswith(".csv") else (
            f"工作表“{table.sheet}”，第{table.header_row}行为表头"
        )
        intro = QLabel(
            f"“{table.file}”（{where}）不是本软件的可编辑电子版，"
            "按事项清单导入。请核对每项内容取自哪一列（已按表头自动识别）。带 * 的必须指定。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        for key in FIELDS:
            box = QComboBox()
            box.setObjectName(f"map_{key}")
            box.setAccessibleName(FIELD_LABELS[key])
            box.addItem(NOT_MAPPED, None)
            for col, header in enumerate(table.headers):
                if header:
                    box.addItem(f"{header}（第{col + 1}列）", col)
            guess = table.mapping.get(key)
            if guess is not None:
                box.setCurrentIndex(box.findData(guess))
            box.currentIndexChanged.connect(self._check)
            self.boxes[key] = box
            form.addRow(FIELD_LABELS[key] + (" *" if key in REQUIRED else ""), box)
        layout.addLayout(form)
        layout.addWidget(QLabel("前几行内容："))
        sample = table.sample(5)
        grid = QTableWidget(len(sample), len(table.headers))
        grid.setObjectName("sample")
        grid.setHorizontalHeaderLabels(table.headers)
        for r, row in enumerate(sample):
            for c, text in enumerate(row[: len(table.headers)]):
                grid.setItem(r, c, QTableWidgetItem(text))
        grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        grid.resizeColumnsToContents()
        layout.addWidget(grid, 1)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020;")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("下一步：预览")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        fit_window(self, 760, 480)
        self._check()

    def mapping(self) -> dict[str, int | None]:
        return {key: box.currentData() for key, box in self.boxes.items()}

    def _check(self) -> None:
        mapping = self.mapping()
        missing = [FIELD_LABELS[k] for k in REQUIRED if mapping[k] is None]
        chosen = [v for v in mapping.values() if v is not None]
        if missing:
            text = f"请指定“{'”“'.join(missing)}”所在的列。"
        elif len(chosen) != len(set(chosen)):
            text = "同一列不能对应两项内容。"
        else:
            text = ""
        self.problem.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not text)

    @classmethod
    def run(cls, parent: QWidget | None, table: MatterTable) -> dict[str, int | None] | None:
        dialog = cls(parent, table)
        return dialog.mapping() if dialog.exec() == QDialog.DialogCode.Accepted else None


class PreviewDialog(QDialog):
    """What the import will do — added, changed, left alone, every repair and problem — before anything changes."""

    def __init__(self, parent: QWidget | None, preview: transfer.ImportPreview, guessed: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入预览")
        self.setObjectName("preview_dialog")
        layout = QVBoxLayout(self)
        summary = QLabel(preview.summary())
        summary.setObjectName("summary")
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(summary)
        if preview.edited:
            warn = QLabel("注意：文件内容与导出时的校验码不一致，导出后可能被修改过，请核对后再导入。")
            warn.setObjectName("edited")
            warn.setWordWrap(True)
            warn.setStyleSheet("color: #b00020; font-weight: bold;")
            layout.addWidget(warn)
        self.new_scope: list[str] | None = None
        self.previewed = preview.scope
        self.departments = preview.departments
        self.scope_effect: QLabel | None = None
        self.import_button: QPushButton | None = None
        if len(preview.departments) > 1:
            layout.addWidget(self._scope_box(preview, guessed))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self._tab("新增", preview.added)
        self._tab("修改", [str(c) for c in preview.changed])
        self._tab("不变", preview.unchanged)
        self._tab("自动修正", [str(n) for n in preview.repairs])
        self._tab("需要注意", [str(n) for n in preview.problems])
        if preview.problems:
            self.tabs.setCurrentIndex(4)
        elif preview.changed:
            self.tabs.setCurrentIndex(1)
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox()
        if preview.command is not None:
            ok = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
            ok.setObjectName("import_button")
            self.import_button = ok
            if self.scope_effect is not None:  # Enter re-previews the ticks; importing is a deliberate click
                ok.setAutoDefault(False)
                self.rescope_button.setDefault(True)
            buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
            note = QLabel("导入是一次修改：可用“编辑 ▸ 撤销”整体撤回。")
        else:
            buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
            note = QLabel("没有需要导入的变化。")
        note.setObjectName("note")
        self._show_effect()
        buttons.accepted.connect(self._import)
        buttons.rejected.connect(self.reject)
        layout.addWidget(note)
        layout.addWidget(buttons)
        fit_window(self, 820, 560)

    def _scope_box(self, preview: transfer.ImportPreview, guessed: bool) -> QWidget:
        """实施部门: which departments' matters are the unit's own (checked ones are imported).

        guessed=False: no department was remembered or found in the unit's name; nothing is ticked and 导入 waits for
        the clerk's ticks (or 导入全部…) instead of importing every department's matters.
        """
        box = QGroupBox("只导入本单位的事项（按实施部门）")
        box.setObjectName("scope_box")
        inner = QVBoxLayout(box)
        chosen = set(preview.scope or [])
        self.scope_all = QCheckBox("导入全部实施部门的事项")
        self.scope_all.setObjectName("scope_all")
        self.scope_all.setChecked(preview.scope is None and guessed)
        inner.addWidget(self.scope_all)
        row = QHBoxLayout()
        self.scope_filter = QLineEdit()
        self.scope_filter.setObjectName("scope_filter")
        self.scope_filter.setPlaceholderText("查找实施部门（可输入拼音首字母）")
        self.scope_filter.setClearButtonEnabled(True)
        row.addWidget(self.scope_filter, 1)
        again = QPushButton("按所选部门重新预览")
        again.setObjectName("rescope_button")
        again.clicked.connect(self._rescope)
        self.rescope_button = again
        row.addWidget(again)
        inner.addLayout(row)
        self.scope_list = QListWidget()
        self.scope_list.setObjectName("scope_list")
        self.scope_list.setAccessibleName("实施部门")
        self.scope_list.setMaximumHeight(110)
        order = sorted(preview.departments.items(), key=lambda kv: (kv[0] not in chosen, -kv[1], kv[0]))
        for dept, count in order:
            item = QListWidgetItem(f"{dept or '（未填实施部门）'}（{count} 个事项）")
            item.setData(Qt.ItemDataRole.UserRole, dept)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if dept in chosen else Qt.CheckState.Unchecked)
            self.scope_list.addItem(item)
        self.scope_list.setEnabled(not self.scope_all.isChecked())
        self.scope_all.toggled.connect(lambda on: self.scope_list.setEnabled(not on))
        self.scope_filter.textChanged.connect(self._filter_scope)
        inner.addWidget(self.scope_list)
        self.scope_effect = QLabel()
        self.scope_effect.setObjectName("scope_effect")
        self.scope_effect.setWordWrap(True)
        inner.addWidget(self.scope_effect)
        self.scope_all.toggled.connect(self._show_effect)
        self.scope_list.itemChanged.connect(self._show_effect)
        self._show_effect()
        if preview.scope is None and not chosen:
            hint = QLabel("没有找到与本单位名称相符的实施部门；请勾选本单位的实施部门，再点“按所选部门重新预览”。")
            hint.setWordWrap(True)
            hint.setStyleSheet("color:#b26a00")
            inner.addWidget(hint)
        return box

    def _filter_scope(self, text: str) -> None:
        for row in range(self.scope_list.count()):
            item = self.scope_list.item(row)
            item.setHidden(not matches(text, item.text()))

    def chosen_scope(self) -> list[str] | None:
        if self.scope_all.isChecked():
            return None
        return [self.scope_list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.scope_list.count())
                if self.scope_list.item(r).checkState() == Qt.CheckState.Checked]

    def _show_effect(self, *_args: object) -> None:
        """What 导入 will import with the ticks as they are now (the summary above is the previewed scope)."""
        if self.scope_effect is None:
            return
        chosen = self.chosen_scope()
        if chosen is None:
            text = f"按“导入”将导入全部 {len(self.departments)} 个实施部门的 {sum(self.departments.values())} 个事项。"
        elif not chosen:
            text = "尚未勾选实施部门：请勾选本单位的实施部门，或勾选“导入全部实施部门的事项”。"
        else:
            kept = sum(self.departments.get(d, 0) for d in chosen)
            text = f"按“导入”将导入 {'、'.join(d or '（未填实施部门）' for d in chosen)} 的 {kept} 个事项。"
        if chosen != self.previewed and chosen != []:
            text += "（与上面的预览不同：导入时按勾选重新比较。）"
        self.scope_effect.setText(text)
        if self.import_button is not None:
            self.import_button.setEnabled(chosen != [])

    def _import(self) -> None:
        if self.scope_effect is not None and self.chosen_scope() != self.previewed:
            self.new_scope = self.chosen_scope()
            self.done(IMPORT_TICKED)
            return
        self.accept()

    def _rescope(self) -> None:
        self.new_scope = self.chosen_scope() or []
        self.done(RESCOPE)

    def _tab(self, title: str, lines: list[str]) -> None:
        view = QListWidget()
        view.setObjectName(f"tab_{title}")
        view.setAccessibleName(title)
        view.setWordWrap(True)
        for line in lines[:LIST_LIMIT]:
            view.addItem(QListWidgetItem(line))
        if len(lines) > LIST_LIMIT:
            view.addItem(QListWidgetItem(f"……另有 {len(lines) - LIST_LIMIT} 条未列出"))
        self.tabs.addTab(view, f"{title}（{len(lines)}）")

    @classmethod
    def run(cls, parent: QWidget | None, preview: transfer.ImportPreview,
            guessed: bool = True) -> bool | list[str] | ImportTicked | None:
        """True: import; False: cancel; a list (or None for all): preview again with these departments;
        ImportTicked: import these departments (导入 pressed after changing the ticks)."""
        dialog = cls(parent, preview, guessed=guessed)
        return dialog.answer(dialog.exec())

    def answer(self, result: int) -> bool | list[str] | ImportTicked | None:
        """What the button the clerk pressed (the dialog's result) means for the import."""
        if result == IMPORT_TICKED:
            return ImportTicked(self.new_scope)
        if result == RESCOPE:
            return self.new_scope if not self.scope_all.isChecked() else None
        return result == QDialog.DialogCode.Accepted


class ExportDone:
    """导出完成, with a button that opens the folder in the system's file manager."""

    @classmethod
    def run(cls, parent: QWidget | None, text: str, folder: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Information, "导出完成", text, QMessageBox.StandardButton.NoButton, parent)
        box.setObjectName("export_done")
        open_folder = box.addButton("打开文件夹", QMessageBox.ButtonRole.ActionRole)
        box.addButton("知道了", QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        if box.clickedButton() is open_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(folder))  # a local file manager; nothing leaves the machine
            return True
        return False


# ----- the actions ---------------------------------------------------------------------------
class ExchangeActions:
    """The menu items and their flows; the host is reached only through its AppContext."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.actions: list[QAction] = [
            context.window.add_action("file", text, slot, name=name, needs_project=True) for text, slot, name in (
                ("导出…", self.export, "action_export"),
                ("导入…", self.import_files, "action_import"),
                ("空白模板…", self.export_blank, "action_blank"),
                ("目录注册表…", self.export_registration, "action_registration"),
            )]

    def _folder(self) -> str:
        saved = settings.get("exchange_folder")
        if saved and Path(saved).is_dir():
            return str(saved)
        session = self.context.session
        return str(session.path.parent) if session is not None else str(Path.home())

    def _remember(self, folder: str) -> None:
        settings.update(exchange_folder=folder)

    # ----- export ------------------------------------------------------------------
    def export(self, blank: bool = False) -> list[Path]:
        context = self.context
        parent = context.window.dialog_parent()
        session = context.session
        if session is None:
            context.interaction.inform("导出", "请先打开项目。", parent=parent)
            return []
        if not blank:  # a 科室's work package never goes to the bureau (issue 23): said before any question
            from govcat_desktop.services.packages import NOT_FOR_BUREAU, own_package

            if (package := own_package(session)) is not None:
                context.interaction.inform("导出", NOT_FOR_BUREAU.format(assignee=package.assignee), warning=True,
                                           parent=parent)
                return []
        answer = context.interaction.form("导出", ExportDialog, blank, self._folder(), parent=parent)
        if answer is None:
            return []
        task, folder = answer
        self._remember(folder)
        if not blank and task in ("catalog", "all"):
            from govcat_desktop.services import revisions

            # the entries' uids are given here, on the GUI thread: a write from the export's worker thread would
            # reach the window's listeners (and their widgets) from that thread
            revisions.prepare_export(session)
        day = _dt.date.today()

        def export_and_mark() -> list[Path]:
            written = context.window.run_in_background(
                lambda notifier: transfer.export_task(session, task, folder, blank=blank, notifier=notifier, today=day,
                                                      mark_codes=False),
                "正在导出…",
            )
            if transfer.exports_catalog(session, task, blank):
                from govcat_desktop.services.national import mark_codes_exported

                # the 信息资源代码 written are marked exported here, on the GUI thread: the entry editor hears each
                # entry change (marked on the export's worker thread, it reached the editor's widgets from there)
                mark_codes_exported(session, day)
            return written

        try:  # what it wrote (the codes marked, the version recorded) is repainted, nothing else
            paths = context.recorded(export_and_mark)
        except transfer.Cancelled:
            context.notifier.info("已取消导出。")
            return []
        except transfer.TransferError as exc:
            context.interaction.inform("导出失败", str(exc), warning=True, parent=parent)
            return []
        names = "\n".join(p.name for p in paths)
        text = f"已导出 {len(paths)} 个文件到“{folder}”：\n{names}"
        context.interaction.form("导出完成", ExportDone, text, folder, text=text, default=False, parent=parent)
        return paths

    def export_blank(self) -> list[Path]:
        return self.export(blank=True)

    def export_registration(self, folder: str | None = None) -> Path | None:
        """政务数据资源目录注册表 (national template columns): the unit's own, or the city's accepted entries."""
        from govcat_desktop.services.registration import RegistrationError, write_registration

        context = self.context
        parent = context.window.dialog_parent()
        if context.session is None:
            context.interaction.inform("目录注册表", "请先打开项目。", parent=parent)
            return None
        if folder is None:
            folder = context.interaction.folder("选择保存文件夹", self._folder(), parent=parent)
            if not folder:
                return None
        self._remember(folder)
        session = context.session
        try:  # it marks the codes it wrote as exported: the views repaint those entries
            path = context.recorded(lambda: write_registration(session, folder))
        except RegistrationError as exc:
            context.interaction.inform("导出失败", str(exc), warning=True, parent=parent)
            return None
        context.interaction.inform("导出完成", f"已导出目录注册表：\n{path}", parent=parent)
        return path

    # ----- import --------------------------------------------------------------------
    def import_files(self, paths: list[str] | None = None) -> bool:
        """Choose files → (mapping step for a matter list) → preview → one undoable command."""
        context = self.context
        parent = context.window.dialog_parent()
        session = context.session
        if session is None:
            context.interaction.inform("导入", "请先打开项目。", parent=parent)
            return False
        paths = paths if paths is not None else context.interaction.open_files(
            "选择要导入的文件", self._folder(), IMPORT_FILTER, parent=parent)
        if not paths:
            return False
        mapping = None
        try:
            for path in paths:
                table = transfer.matter_list_table(path)
                if table is not None:
                    chosen = context.interaction.form("导入事项清单：指定各列", MappingDialog, table, parent=parent)
                    if chosen is None:
                        return False
                    mapping = {k: (table.headers[v] if v is not None else None) for k, v in chosen.items()}
                    break
            depts: Any = transfer.AUTO_SCOPE
            ticked = False
            while True:
                preview = context.window.run_in_background(
                    lambda notifier, d=depts: transfer.preview_import(session, paths, mapping=mapping,
                                                                      notifier=notifier, depts=d),
                    "正在读取和比较…",
                )
                if ticked:  # 导入 was pressed on the ticks: import them without asking again
                    answer = True
                    break
                unguessed = depts == transfer.AUTO_SCOPE and preview.scope is None and len(preview.departments) > 1
                answer = context.interaction.form("导入预览", PreviewDialog, preview, not unguessed, default=False,
                                                  parent=parent)
                if answer is True or answer is False:
                    break
                if isinstance(answer, ImportTicked):
                    depts, ticked = answer.depts, True
                    continue
                depts = answer
        except transfer.Cancelled:
            context.notifier.info("已取消导入，项目未作任何修改。")
            return False
        except transfer.ImportRefused as exc:
            context.interaction.inform("无法导入", f"{exc}\n\n项目未作任何修改。", warning=True, parent=parent)
            return False
        if not answer or preview.command is None:
            return False
        if not context.push(preview.command):  # the pages repaint what it wrote (history.applied)
            return False
        context.notifier.info(f"已导入：新增 {len(preview.added)} 条，修改 {len(preview.changed)} 条。")
        return True


def install(context: AppContext) -> ExchangeActions:
    """Called by the window at start-up: adds 文件 ▸ 导出… / 导入… / 空白模板… / 目录注册表…"""
    return ExchangeActions(context)
