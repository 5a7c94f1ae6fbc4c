"""One renderer turns a form definition (forms/*.toml) into labelled widgets with 释义 help and live findings."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from govcat_desktop.formspec import FieldDef, FormDef, FormSet
from govcat_desktop.ui.items_editor import ItemsEditor
from govcat_desktop.ui.widgets import AreaEdit, DateEdit, MultiCheck, StringsEdit, TextEdit, VocabCombo

HIGHLIGHT = "border: 2px solid #e6a100; background: #fff8e1;"
SEVERITY_STYLE = {"error": "color:#c62828", "warning": "color:#b26a00"}


class ProblemLabel(QLabel):
    """A field's findings line: always two lines high (an appearing message never moves the fields below, so a
    click aimed at the next field lands there), a longer message elided with the whole text in its tooltip."""

    LINES = 2

    def __init__(self, fixed: bool = True) -> None:
        super().__init__()
        self._full = ""
        self.fixed = fixed  # False: the info items' list of problems grows (the last field of its page)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if fixed:
            self.setFixedHeight(self.fontMetrics().lineSpacing() * self.LINES + 2)

    def set_message(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._fit()

    def message(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if not self.fixed:
            super().setText(self._full)
            return
        text = self._full.replace("\n", "；")
        width = max(self.width(), 50)
        room = width * self.LINES - self.fontMetrics().horizontalAdvance("……") * 2  # wrapping wastes line ends
        shown = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room)
        if shown != self.text():
            super().setText(shown)


class FieldRow:
    """The widgets of one field: label, editor, 释义 help and the findings line."""

    def __init__(self, field: FieldDef, label: QLabel, editor: QWidget, help_label: QLabel,
                 problem: ProblemLabel) -> None:
        self.field = field
        self.label = label
        self.editor = editor
        self.help = help_label
        self.problem = problem

    def set_visible(self, visible: bool) -> None:
        for w in (self.label, self.editor, self.help, self.problem):
            w.setVisible(visible)


class FormView(QWidget):
    """Widgets for the fields of `form` (optionally one page). `edited` on every keystroke, `committed` on finish."""

    edited = Signal(object)
    committed = Signal(object)

    def __init__(
        self,
        form: FormDef,
        forms: FormSet,
        *,
        page: str | None = None,
        keys: tuple[str, ...] | None = None,
        choices: dict[str, list[str]] | None = None,
        show_help: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = form
        self.forms = forms
        self.choices = choices or {}
        self.choice_values: dict[str, dict[str, str]] = {}
        self.matter_names: dict[str, str] = {}  # code → name, to fill 关联事项名称 when a matter is chosen
        self.rows: dict[str, FieldRow] = {}
        self.groups: dict[str, FormView] = {}
        self._record: Any = None
        self._loading = False
        fields = [f for f in form.fields if (page is None or f.page == page) and (keys is None or f.key in keys)]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        layout.addLayout(grid)
        layout.addWidget(self.banner)  # below the fields: a message appearing never moves them
        row = 0
        self._stretch = True
        previous: QWidget | None = None
        for f in fields:
            if f.widget == "group":
                box = QGroupBox(f.label)
                box.setObjectName(f"group:{f.key}")
                inner = QVBoxLayout(box)
                if f.help and show_help:
                    note = QLabel(f.help)
                    note.setWordWrap(True)
                    note.setStyleSheet("color:#666")
                    inner.addWidget(note)
                sub = FormView(forms[f.subform], forms, show_help=show_help, parent=box)
                sub.edited.connect(lambda _r: self._on_edited())
                sub.committed.connect(lambda _r: self._on_committed())
                inner.addWidget(sub)
                self.groups[f.key] = sub
                grid.addWidget(box, row, 0, 1, 2)
                row += 1
                continue
            editor = self._make_editor(f)
            editor.setObjectName(f.key)
            editor.setAccessibleName(f.label)
            editor.setAccessibleDescription(f.help)
            editor.setToolTip(f.help)
            if f.readonly and hasattr(editor, "setReadOnly"):
                editor.setReadOnly(True)
                editor.setStyleSheet("background:#f1f3f5; color:#333")
            editor.edited.connect(self._on_edited)
            editor.committed.connect(self._on_committed)
            label = QLabel(f.label)
            label.setBuddy(editor)
            help_label = QLabel(f.help if show_help else "")
            help_label.setObjectName(f"help:{f.key}")
            help_label.setWordWrap(True)
            help_label.setStyleSheet("color:#666; font-size:9pt")
            help_label.setVisible(bool(f.help and show_help))
            problem = ProblemLabel(fixed=f.widget != "items")  # reserved: a message never moves the fields
            problem.setObjectName(f"problem:{f.key}")
            grid.addWidget(label, row, 0)
            grid.addWidget(editor, row, 1)
            grid.addWidget(help_label, row + 1, 1)  # the 释义 right under its own field, not above the next label
            grid.addWidget(problem, row + 2, 1)
            if f.widget == "items":
                grid.setRowStretch(row, 1)
                self._stretch = False
            row += 3
            self.rows[f.key] = FieldRow(f, label, editor, help_label, problem)
            if previous is not None:
                QWidget.setTabOrder(previous, editor)
            previous = editor
        if self._stretch:
            layout.addStretch(1)
        else:
            layout.setStretch(0, 1)
        self._highlighted: QWidget | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._unhighlight)

    def _make_editor(self, f: FieldDef) -> QWidget:
        if f.widget == "choice":
            return VocabCombo(f.vocabulary)
        if f.widget in ("matter", "entry"):
            return VocabCombo(None, self.choices.get(f.key, []), values=self.choice_values.get(f.key))
        if f.widget == "multi" and f.vocabulary is not None:
            return MultiCheck(f.vocabulary, f.key)
        if f.widget == "strings":
            return StringsEdit()
        if f.widget == "textarea":
            return AreaEdit()
        if f.widget == "items":
            return ItemsEditor(self.forms[f.subform or "item"], self.forms.vocab("data_type"))
        if f.widget == "date":
            example = re.search(r"\d{4}-\d{2}-\d{2}", f.help)  # the placeholder shows the 释义's own example
            editor = DateEdit(example=example.group(0) if example else "2026-09-24")
            editor.repaired.connect(lambda text, key=f.key: self._repaired(key, text))
            return editor
        return TextEdit()

    def _repaired(self, key: str, text: str) -> None:
        """A repair of what was typed (a date normalised) shown in the field's help line."""
        row = self.rows.get(key)
        if row is not None:
            row.help.setText(f"<span style='color:#2e6b2e'>✓ {text}</span> {row.field.help}")
            row.help.setVisible(True)

    # ----- record in, record out ------------------------------------------------
    def set_choices(self, key: str, labels: list[str], values: dict[str, str] | None = None) -> None:
        self.choices[key] = labels
        self.choice_values[key] = dict(values or {})
        row = self.rows.get(key)
        if row is not None and isinstance(row.editor, VocabCombo):
            row.editor.set_labels(labels, values)

    def set_matters(self, key: str, matters: list[tuple[str, str]]) -> None:
        """Offer matters (code, name) by name first; choosing one stores its code and fills matter_name."""
        from govcat_desktop.ui.widgets import matter_label

        labels = [matter_label(code, name) for code, name in matters]
        self.matter_names = {code: name for code, name in matters}
        self.set_choices(key, labels, dict(zip(labels, (code for code, _n in matters))))

    def _fill_matter_name(self) -> None:
        code_row, name_row = self.rows.get("matter_code"), self.rows.get("matter_name")
        if code_row is None or name_row is None:
            return
        name = self.matter_names.get(code_row.editor.value())
        current = name_row.editor.value().strip()
        if name and current != name and (not current or current in self.matter_names.values()):
            name_row.editor.set_value(name)

    def set_record(self, record: Any) -> None:
        self._loading = True
        self._record = record
        for key, row in self.rows.items():
            row.editor.set_value(getattr(record, key))
            if isinstance(row.editor, DateEdit) and row.help.text() != row.field.help:
                row.help.setText(row.field.help)
        for key, sub in self.groups.items():
            sub.set_record(getattr(record, key))
        self._loading = False
        self.show_findings([])
        self.update_conditions()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {key: row.editor.value() for key, row in self.rows.items()}
        for key, sub in self.groups.items():
            out[key] = sub.record()
        return out

    def record(self) -> Any:
        """The record as currently typed (a copy; the original is never changed)."""
        return self._record.model_copy(update=self.values(), deep=True)

    def flush(self) -> None:
        """Commit what is typed but not yet committed (before undo, save, switching records, closing)."""
        for row in self.rows.values():
            if isinstance(row.editor, (AreaEdit, TextEdit)):
                row.editor._last = row.editor.value()
        if self._record is not None:
            self._on_committed()

    # ----- live behaviour -------------------------------------------------------
    def _on_edited(self) -> None:
        if self._loading or self._record is None:
            return
        self._fill_matter_name()
        draft = self.record()
        self.update_conditions(draft)
        self.edited.emit(draft)

    def _on_committed(self) -> None:
        if self._loading or self._record is None:
            return
        self._fill_matter_name()
        self.committed.emit(self.record())

    def update_conditions(self, draft: Any = None) -> None:
        """Show fields whose condition holds; mark the ones required now with a red star."""
        draft = draft if draft is not None else (self.record() if self._record is not None else None)
        if draft is None:
            return
        for row in self.rows.values():
            f = row.field
            if f.linked_field:  # options follow another field (格式类型 ← 格式分类); what is typed is kept
                table = self.forms.national.get(f.linked_table, {})
                labels = [str(v) for v in table.get(getattr(draft, f.linked_field, ""), [])]
                if labels != self.choices.get(f.key):
                    self.set_choices(f.key, labels)
            row.set_visible(f.is_visible(draft))
            star = " <span style='color:#c62828'>*</span>" if f.is_required(draft) else ""
            row.label.setText(f"{f.label}{star}")

    def show_findings(self, findings: list) -> None:
        """Put each finding under its field; findings of no shown field go to the banner on top."""
        by_field: dict[str, list] = {}
        loose = []
        for f in findings:
            if f.field in self.rows:
                by_field.setdefault(f.field, []).append(f)
            else:
                loose.append(f)
        for key, row in self.rows.items():
            mine = by_field.get(key, [])
            if mine:
                worst = "error" if any(x.is_error for x in mine) else "warning"
                row.problem.set_message("\n".join(("✗ " if x.is_error else "⚠ ") + x.message for x in mine))
                row.problem.setStyleSheet(SEVERITY_STYLE[worst])
            else:
                row.problem.set_message("")
        self.banner.setText("\n".join(("✗ " if x.is_error else "⚠ ") + x.message for x in loose))
        self.banner.setStyleSheet(SEVERITY_STYLE["error" if any(x.is_error for x in loose) else "warning"])
        self.banner.setVisible(bool(loose))

    def editor(self, key: str) -> QWidget | None:
        row = self.rows.get(key)
        return row.editor if row else None

    def focus_field(self, key: str) -> bool:
        """Give the field focus and highlight it for a few seconds."""
        row = self.rows.get(key)
        if row is None:
            return False
        self._unhighlight()
        row.editor.setFocus()
        row.editor.setStyleSheet(f"#{key} {{{HIGHLIGHT}}}")
        row.label.setStyleSheet("background:#fff3c4")
        self._highlighted = row.editor
        self._timer.start(4000)
        return True

    @property
    def highlighted(self) -> str:
        return self._highlighted.objectName() if self._highlighted else ""

    def _unhighlight(self) -> None:
        if self._highlighted is not None:
            row = self.rows.get(self._highlighted.objectName())
            readonly = row is not None and row.field.readonly
            self._highlighted.setStyleSheet("background:#f1f3f5; color:#333" if readonly else "")
            row = self.rows.get(self._highlighted.objectName())
            if row:
                row.label.setStyleSheet("")
            self._highlighted = None

    def current_field(self) -> FieldDef | None:
        """The field whose editor (or a child of it) has focus, for F1."""
        from PySide6.QtWidgets import QApplication

        focus = QApplication.focusWidget()
        for row in self.rows.values():
            if focus is not None and (focus is row.editor or row.editor.isAncestorOf(focus)):
                return row.field
        for sub in self.groups.values():
            found = sub.current_field()
            if found:
                return found
        return None


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setStyleSheet("color:#ddd")
    return line
