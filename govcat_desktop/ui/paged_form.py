"""A record edited through several FormViews (one per form page), shown as titled sections."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from govcat_desktop.formspec import FieldDef, FormDef, FormSet
from govcat_desktop.ui.form_view import FormView
from govcat_desktop.ui.items_editor import ItemsEditor


class PagedForm(QWidget):
    """Sections per [[page]] of the form (or one section when the form has no pages)."""

    edited = Signal(object)
    committed = Signal(object)

    def __init__(self, form: FormDef, forms: FormSet, *, pages: list[str] | None = None,
                 choices: dict[str, list[str]] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self._record: Any = None
        self.views: list[FormView] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        page_defs = [p for p in form.pages if pages is None or p.key in pages]
        if pages is not None:
            page_defs += [p for p in _extra_pages(form, pages) if p.key not in {d.key for d in page_defs}]
        sections = [(p.key, p.title, p.help) for p in page_defs] or [(None, "", "")]
        for key, title, help_text in sections:
            view = FormView(form, forms, page=key, choices=choices)
            view.edited.connect(self._on_edited)
            view.committed.connect(self._on_committed)
            if title:
                box = QGroupBox(title)
                box.setObjectName(f"page:{key}")
                inner = QVBoxLayout(box)
                if help_text:
                    note = QLabel(help_text)
                    note.setWordWrap(True)
                    note.setStyleSheet("color:#555")
                    inner.addWidget(note)
                inner.addWidget(view)
                layout.addWidget(box)
            else:
                layout.addWidget(view)
            self.views.append(view)
        layout.addStretch(1)

    def set_record(self, record: Any) -> None:
        self._record = record
        for view in self.views:
            view.set_record(record)

    def record(self) -> Any:
        values: dict[str, Any] = {}
        for view in self.views:
            values.update(view.values())
        return self._record.model_copy(update=values, deep=True)

    def _on_edited(self, _draft: Any) -> None:
        draft = self.record()
        for view in self.views:
            view.update_conditions(draft)
        self.edited.emit(draft)

    def _on_committed(self, _draft: Any) -> None:
        self.committed.emit(self.record())

    def show_findings(self, findings: list) -> None:
        own = [f for f in findings if f.ref and f.ref[0] != "item"]
        for view in self.views:
            mine = [f for f in own if f.field in view.rows]
            view.show_findings(mine)
        items = self.editor("items")
        if isinstance(items, ItemsEditor):
            problems: dict[int, list[str]] = {}
            for f in findings:
                if f.ref and f.ref[0] == "item":
                    problems.setdefault(f.ref[2], []).append(f.message)
            items.set_problems(problems)
            view = self.view_of("items")
            item_findings = [f for f in findings if f.ref and f.ref[0] == "item"]
            if view is not None and item_findings:
                own_items = [f for f in own if f.field == "items"]
                row = view.rows["items"]
                lines = [("✗ " if f.is_error else "⚠ ") + f.message for f in own_items]
                lines += [("✗ " if f.is_error else "⚠ ") + f"第{f.ref[2] + 1}项：{f.message}" for f in item_findings]
                row.problem.setText("\n".join(lines[:6]) + (f"\n……共 {len(lines)} 条" if len(lines) > 6 else ""))
                colour = "color:#c62828" if any(f.is_error for f in item_findings) else "color:#b26a00"
                row.problem.setStyleSheet(colour)
                row.problem.setVisible(True)
        loose = [f for f in own if not any(f.field in v.rows for v in self.views)]
        if loose and self.views:
            first = self.views[0]
            first.banner.setText("\n".join(("✗ " if x.is_error else "⚠ ") + x.message for x in loose))
            first.banner.setVisible(True)

    def editor(self, key: str):
        for view in self.views:
            found = view.editor(key)
            if found is not None:
                return found
        return None

    def focus_field(self, key: str) -> bool:
        for view in self.views:
            if view.focus_field(key):
                return True
        return False

    def view_of(self, key: str) -> FormView | None:
        for view in self.views:
            if key in view.rows:
                return view
        return None

    def flush(self) -> None:
        """Commit what is typed but not yet committed, once for the whole record."""
        if self._record is None:
            return
        for view in self.views:
            for row in view.rows.values():
                if hasattr(row.editor, "_last"):
                    row.editor._last = row.editor.value()
        self.committed.emit(self.record())

    def current_field(self) -> FieldDef | None:
        for view in self.views:
            found = view.current_field()
            if found:
                return found
        return None

    def set_choices(self, key: str, labels: list[str]) -> None:
        for view in self.views:
            view.set_choices(key, labels)

    def set_matters(self, key: str, matters: list[tuple[str, str]]) -> None:
        for view in self.views:
            if key in view.rows:
                view.set_matters(key, matters)


class _Page:
    def __init__(self, key: str, title: str) -> None:
        self.key, self.title, self.help = key, title, ""


def _extra_pages(form: FormDef, wanted: list[str]) -> list[_Page]:
    """Pages named only on fields (e.g. catalog's "review" section)."""
    titles = {"review": "审核"}
    return [_Page(k, titles.get(k, k)) for k in wanted if k not in {p.key for p in form.pages}]
