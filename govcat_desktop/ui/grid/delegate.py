"""Cells edit with the forms' own editors (forms/*.toml): vocabulary combos with pinyin, multi-choice boxes,
text fields; each editor carries the field's 释义 and reports live findings while typing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyledItemDelegate

from govcat_desktop.exchange import layout as L
from govcat_desktop.formspec import FormSet
from govcat_desktop.services import entry_cells as EC
from govcat_desktop.ui.grid.model import COLUMNS
from govcat_desktop.ui.widgets import MultiCheck, StringsEdit, TextEdit, VocabCombo


def editor_text(editor) -> str:
    """A cell editor's value as the text of its grid cell (the bulk-set dialog reads its editors the same way)."""
    if isinstance(editor, MultiCheck):
        return "、".join(editor.vocab.label_of(v) for v in editor.value())
    if isinstance(editor, VocabCombo):
        return editor.currentText().strip()
    if isinstance(editor, StringsEdit):
        return "、".join(editor.value())
    return editor.value()


class GridDelegate(QStyledItemDelegate):
    """`live(column_key, text)` is called on every keystroke of an open editor (live findings)."""

    def __init__(self, forms: FormSet, live: Callable[[str, str], None], parent=None) -> None:
        super().__init__(parent)
        self.forms = forms
        self.live = live

    def _column(self, index) -> EC.GridColumn:
        model = index.model()
        source = model.mapToSource(index) if hasattr(model, "mapToSource") else index
        return COLUMNS[source.column()]

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt override
        col = self._column(index)
        field = EC.form_field(self.forms, col)
        if col.kind in (L.VOCAB, L.OTHER):
            editor = VocabCombo(self.forms.vocab(col.vocab), parent=parent)
        elif col.kind == L.MULTI:
            editor = MultiCheck(self.forms.vocab(col.vocab), col.key, parent)
            editor.setAutoFillBackground(True)
        elif col.key == EC.ITEMS:
            editor = StringsEdit(parent)
        else:
            editor = TextEdit(parent)
        editor.setObjectName(f"grid_editor:{col.key}")
        if field is not None:
            editor.setToolTip(f"{field.label}：{field.help}")
            editor.setAccessibleName(field.label)
            editor.setAccessibleDescription(field.help)
        editor.edited.connect(lambda e=editor, c=col: self.live(c.key, editor_text(e)))
        if isinstance(editor, VocabCombo):  # a choice from the list (or pinyin completion) ends the edit
            editor.activated.connect(lambda _i, e=editor: self._finish(e))
            if not editor.fixed:
                editor.pinyin.activated.connect(lambda _t, e=editor: self._finish(e))
                editor.lineEdit().returnPressed.connect(lambda e=editor: self._finish(e))
        return editor

    def _finish(self, editor) -> None:
        if getattr(editor, "_finished", False):
            return
        editor._finished = True
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)


    def setEditorData(self, editor, index) -> None:  # noqa: N802 - Qt override
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, MultiCheck):
            editor.set_value([p for p in text.split("、") if p])
        elif isinstance(editor, VocabCombo):
            editor.set_value(text)
        else:
            editor.set_value(text.split("、") if isinstance(editor, StringsEdit) else text)

    def setModelData(self, editor, model, index) -> None:  # noqa: N802 - Qt override
        text = editor_text(editor)
        if text != str(index.data(Qt.ItemDataRole.EditRole) or ""):
            model.setData(index, text, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor, option, index) -> None:  # noqa: N802 - Qt override
        rect = option.rect
        if isinstance(editor, MultiCheck):
            rect = rect.adjusted(0, 0, max(0, editor.sizeHint().width() - rect.width()), 0)
        editor.setGeometry(rect)
