"""Dialogs of the catalog grid: 批量设置, 查找替换, 列, 复制到其他事项, 复制信息项. Each opens window-modal
(open(), not exec()), so the keyboard and tests drive it like any widget; `applied` says it was accepted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from govcat_desktop.exchange import layout as L
from govcat_desktop.formspec import FormSet
from govcat_desktop.services import entry_cells as EC
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.ui.grid.delegate import editor_text
from govcat_desktop.ui.widgets import MultiCheck, StringsEdit, TextEdit, VocabCombo, matches

EDITABLE = [c for c in EC.COLUMNS if c.editable]


def make_editor(forms: FormSet, col: EC.GridColumn) -> QWidget:
    """The form's editor for a column (the same widgets the forms and the grid cells use)."""
    if col.kind in (L.VOCAB, L.OTHER):
        editor = VocabCombo(forms.vocab(col.vocab))
    elif col.kind == L.MULTI:
        editor = MultiCheck(forms.vocab(col.vocab), col.key)
    elif col.key == EC.ITEMS:
        editor = StringsEdit()
    else:
        editor = TextEdit()
    editor.setObjectName(f"value:{col.key}")
    field = EC.form_field(forms, col)
    if field is not None:
        editor.setToolTip(f"{field.label}：{field.help}")
        editor.setAccessibleName(field.label)
    return editor


class _Dialog(QDialog):
    applied = Signal()

    def __init__(self, parent: QWidget, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.layout_ = QVBoxLayout(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("应用")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)

    @property
    def ok(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _accept(self) -> None:
        self.accept()
        self.applied.emit()


class BulkSetDialog(_Dialog):
    """批量设置: a field (and the fields it brings along, e.g. 共享条件 with 有条件共享) for the selected entries.
    `preview(values) -> (affected, warning)` tells before applying how many change and how many errors follow."""

    def __init__(self, parent: QWidget, forms: FormSet, count: int,
                 preview: Callable[[dict[str, str]], tuple[int, str]], key: str = "") -> None:
        super().__init__(parent, f"批量设置（已选 {count} 个目录）")
        self.forms = forms
        self.preview = preview
        self.field = QComboBox()
        self.field.setObjectName("bulk_field")
        self.field.setAccessibleName("要设置的字段")
        for c in EDITABLE:
            self.field.addItem(c.header, c.key)
        self.form = QFormLayout()
        self.form.addRow("字段", self.field)
        self.layout_.addLayout(self.form)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color:#666")
        self.layout_.addWidget(self.help)
        self.status = QLabel()
        self.status.setObjectName("bulk_status")
        self.status.setWordWrap(True)
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.buttons)
        self.editors: dict[str, QWidget] = {}
        self._rows: list[QWidget] = []
        self._timer = QTimer(self)  # many entries: validate the would-be records once typing pauses
        self._timer.setSingleShot(True)
        self._timer.setInterval(0 if count < 500 else 300)
        self._timer.timeout.connect(self.update_now)
        self.field.currentIndexChanged.connect(self._field_changed)
        if key:
            self.field.setCurrentIndex(max(0, self.field.findData(key)))
        self._field_changed()
        self.resize(560, 260)

    def _dependents(self, key: str) -> list[EC.GridColumn]:
        """Columns whose form field is shown or required depending on `key` (共享类型 → 共享条件, 不予共享依据)."""
        out = []
        for f in self.forms["catalog"].fields:
            conditions = (f.visible_when, f.required_when, f.visible_unless, f.required_unless)
            if f.key in EC.BY_KEY and f.key != key and any(key in c.fields for c in conditions):
                out.append(EC.BY_KEY[f.key])
        return out

    def _field_changed(self) -> None:
        for w in self._rows:
            self.form.removeRow(w)
        self._rows.clear()
        self.editors.clear()
        key = self.field.currentData()
        for col in [EC.BY_KEY[key], *self._dependents(key)]:
            editor = make_editor(self.forms, col)
            editor.edited.connect(self._update)
            self.editors[col.key] = editor
            self.form.addRow(col.header, editor)
            self._rows.append(editor)
        field = EC.form_field(self.forms, EC.BY_KEY[key])
        self.help.setText(field.help if field else "")
        self._update()
        next(iter(self.editors.values())).setFocus()

    def values(self) -> dict[str, str]:
        key = self.field.currentData()
        out = {key: editor_text(self.editors[key])}
        for k, editor in self.editors.items():
            if k != key and editor_text(editor):
                out[k] = editor_text(editor)
        return out

    def _update(self) -> None:
        if self._timer.interval() == 0:
            self.update_now()
        else:
            self.status.setText("正在检查修改后的目录……")
            self._timer.start()

    def update_now(self) -> None:
        self._timer.stop()
        count, warning = self.preview(self.values())
        text = f"将修改 {count} 个目录。"
        self.status.setText(text + (f"<br><span style='color:#c62828'>✗ {warning}</span>" if warning else ""))
        self.ok.setEnabled(count > 0)


class FindReplaceDialog(_Dialog):
    def __init__(self, parent: QWidget, key: str, preview: Callable[[str, str, str], int]) -> None:
        super().__init__(parent, "查找替换（所选目录，或筛选出的全部目录）")
        self.preview = preview
        form = QFormLayout()
        self.column = QComboBox()
        self.column.setObjectName("replace_column")
        for c in EDITABLE:
            self.column.addItem(c.header, c.key)
        self.column.setCurrentIndex(max(0, self.column.findData(key)))
        self.find = QLineEdit()
        self.find.setObjectName("replace_find")
        self.replace = QLineEdit()
        self.replace.setObjectName("replace_with")
        form.addRow("在列", self.column)
        form.addRow("查找", self.find)
        form.addRow("替换为", self.replace)
        self.layout_.addLayout(form)
        self.status = QLabel()
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.buttons)
        for w in (self.find, self.replace):
            w.textChanged.connect(self._update)
        self.column.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        count = self.preview(self.column.currentData(), self.find.text(), self.replace.text())
        self.status.setText(f"将修改 {count} 个目录。")
        self.ok.setEnabled(count > 0)


class ChecklistDialog(_Dialog):
    """A filterable (text or pinyin initials) list of check boxes: columns to show, matters to copy into."""

    def __init__(self, parent: QWidget, title: str, entries: list[tuple[str, object, bool]], hint: str = "") -> None:
        super().__init__(parent, title)
        if hint:
            label = QLabel(hint)
            label.setWordWrap(True)
            self.layout_.addWidget(label)
        self.filter = QLineEdit()
        self.filter.setObjectName("checklist_filter")
        self.filter.setPlaceholderText("筛选（可输入拼音首字母）")
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setObjectName("checklist")
        for text, data, checked in entries:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, data)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.layout_.addWidget(self.filter)
        self.layout_.addWidget(self.list, 1)
        self.layout_.addWidget(self.buttons)
        self.resize(520, 520)

    def _filter(self, text: str) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(not matches(text, item.text()))

    def set_checked(self, data: object, checked: bool = True) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == data:
                self.list.item(i).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def checked(self) -> list:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


class ConfirmDraftsDialog(ChecklistDialog):
    """确认草稿: the drafts about to be marked as read by a person, listed with their count, each can be unticked."""

    SHOWN_SHARING = ("share_type", "security_level", "network")

    @classmethod
    def choose(cls, interaction: Interaction, session, ids: list[int], parent: QWidget | None) -> list[int]:
        """The ids to confirm: all `ids` when none is an unconfirmed draft (nothing to ask), else the ones ticked
        in the list of the drafts (asked once, with their count)."""
        pending = [i for i in ids if session.entries[i][1].unconfirmed]
        return interaction.form("确认草稿", cls, session, pending, default=[], parent=parent) if pending else ids

    @classmethod
    def run(cls, parent: QWidget | None, session, pending: list[int]) -> list[int]:
        """The unconfirmed drafts `pending`, listed: the ticked ones (none when cancelled)."""
        dialog = cls.build(parent, session, pending)
        return dialog.checked() if dialog.exec() == QDialog.DialogCode.Accepted else []

    @classmethod
    def build(cls, parent: QWidget | None, session, pending: list[int]) -> ConfirmDraftsDialog:
        rows = []
        for entry_id in pending:
            matter, entry = session.entries[entry_id]
            sharing = " / ".join(str(getattr(entry, k)) for k in cls.SHOWN_SHARING if getattr(entry, k))
            rows.append((f"{entry.name or '（未命名）'}　— {matter.name}（{sharing}）", entry_id, True))
        dialog = cls(parent, f"确认 {len(pending)} 个草稿", rows,
                     f"将把下列 {len(pending)} 个草稿标为“已经人工核对”，“草稿未经人工确认”的提醒随之消失。"
                     "请确认每一个都已逐项看过（名称、信息项、共享属性）；没看过的请取消勾选。"
                     + ("一次确认多个时，每个草稿在被逐个打开之前仍有一条“批量确认、尚未打开”的提醒。"
                        if len(pending) > 1 else ""))
        dialog.setObjectName("confirm_drafts")
        dialog.ok.setText(f"确认 {len(pending)} 个")
        dialog.list.itemChanged.connect(lambda _i: dialog.ok.setText(f"确认 {len(dialog.checked())} 个"))
        return dialog
