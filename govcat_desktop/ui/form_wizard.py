"""Wizards whose pages come from a form's [[page]] entries; Next is gated on what the page requires."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QScrollArea, QVBoxLayout, QWizard, QWizardPage

from govcat_desktop.formspec import FormDef, FormSet, PageDef
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.ui.form_view import FormView
from govcat_desktop.ui.items_editor import ItemsEditor
from govcat_desktop.validation import Finding
from govcat_desktop.ui.icons import icon
from govcat_desktop.ui.screen import fit_window


def _filled(value: Any) -> bool:
    return bool(value.strip()) if isinstance(value, str) else bool(value)


class FieldsPage(QWizardPage):
    """One [[page]] of a form: its fields, live findings, complete when its required fields are filled."""

    def __init__(self, wizard: FormWizard, page: PageDef, choices: dict[str, list[str]] | None = None) -> None:
        super().__init__()
        self.owner = wizard
        self.page_def = page
        self.setObjectName(f"wizard_page:{page.key}")
        self.setTitle(page.title)
        self.setSubTitle(page.help)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = FormView(wizard.form, wizard.forms, page=page.key, choices=choices)
        self.view.edited.connect(self._edited)
        self.view.committed.connect(self._edited)
        self.scroll = QScrollArea()  # a page taller than a small (or 150 %-scaled) screen scrolls
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)  # never cut a wide page silently
        self.scroll.setWidget(self.view)
        layout.addWidget(self.scroll)

    def initializePage(self) -> None:  # noqa: N802
        self.view.set_record(self.owner.draft)
        self._show(self.owner.check(self.owner.draft))

    def _show(self, findings: list) -> None:
        """Findings of this page's fields under them; item findings on their rows and under the table."""
        mine = [f for f in findings if f.field in self.view.rows and f.ref and f.ref[0] != "item"]
        items = [f for f in findings if f.ref and f.ref[0] == "item"]
        editor = self.view.editor("items")
        if isinstance(editor, ItemsEditor):
            problems: dict[int, list[str]] = {}
            for f in items:
                problems.setdefault(f.ref[2], []).append(f.message)
            editor.set_problems(problems)
            mine += [Finding(f.severity, f.kind, f.record, "items", f.rule, f"第{f.ref[2] + 1}项：{f.message}", f.ref)
                     for f in items]
        self.view.show_findings(mine)

    def _edited(self, _draft: Any = None) -> None:
        self.owner.draft = self.owner.draft.model_copy(update=self.view.values(), deep=True)
        self._show(self.owner.check(self.owner.draft))
        self.completeChanged.emit()

    def missing(self) -> list[str]:
        """Labels of the fields this page still needs."""
        draft = (self.owner.draft.model_copy(update=self.view.values()) if self.view._record is not None
                 else self.owner.draft)
        out = []
        for key, row in self.view.rows.items():
            f = row.field
            if f.is_visible(draft) and f.is_required(draft) and not _filled(getattr(draft, key)):
                out.append(f.label)
            if f.widget == "items" and not any(i.name.strip() for i in getattr(draft, key)):
                if f.label not in out:
                    out.append(f.label)
        return out

    def isComplete(self) -> bool:  # noqa: N802
        return not self.missing()


class ReviewPage(QWizardPage):
    """The last page: every finding of the record being made, or a plain 'nothing wrong'."""

    def __init__(self, wizard: FormWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setObjectName("wizard_page:review")
        self.setTitle("检查")
        self.setSubTitle("完成前请看一下还有哪些问题；错误需改正后才能报送，提醒请核对。")
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setObjectName("wizard_findings")
        self.list.setAccessibleName("检查结果")
        layout.addWidget(self.list)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)

    def initializePage(self) -> None:  # noqa: N802
        findings = self.owner.check(self.owner.draft)
        self.list.clear()
        for f in findings:
            item = QListWidgetItem(icon("error" if f.is_error else "warning"), f.message)
            self.list.addItem(item)
        if not findings:
            self.list.addItem(QListWidgetItem(icon("ok"), "没有发现问题"))  # the icon is the one check mark
        errors = sum(1 for f in findings if f.is_error)
        more = f"<br>还有 <b>{errors}</b> 个错误，完成后可在编辑区继续改正。" if errors else ""
        self.summary.setText(self.owner.summary() + more)


class FormWizard(QWizard):
    """Pages from `form.pages` (optionally a subset) plus a review page; `check` validates the draft."""

    def __init__(self, form: FormDef, forms: FormSet, draft: Any, check: Callable[[Any], list], *,
                 pages: list[str] | None = None, choices: dict[str, list[str]] | None = None, parent=None,
                 interaction: Interaction | None = None) -> None:
        super().__init__(parent)
        self.interaction = interaction or Interaction()  # the window's: "放弃已填写的内容吗？" is asked through it
        self.form = form
        self.forms = forms
        self.draft = draft
        self.initial = draft.model_copy(deep=True)
        self._check = check
        self.setWindowTitle(form.title)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步 >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 上一步")
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")
        cancel = self.button(QWizard.WizardButton.CancelButton)
        cancel.clicked.disconnect()
        cancel.clicked.connect(self.cancel)
        self.field_pages: dict[str, FieldsPage] = {}
        self.add_leading_pages()
        for page in form.pages:
            if pages is not None and page.key not in pages:
                continue
            field_page = self.make_page(page, choices)
            self.field_pages[page.key] = field_page
            self.addPage(field_page)
        self.review = ReviewPage(self)
        self.addPage(self.review)
        self.steps = QLabel()
        self.steps.setObjectName("wizard_steps")
        self.steps.setFixedWidth(190)
        self.steps.setWordWrap(True)
        self.steps.setStyleSheet("padding:8px; background:#eef2f8; font-size:10.5pt")
        self.steps.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setSideWidget(self.steps)
        self.currentIdChanged.connect(lambda _i: self._show_steps())
        self._show_steps()
        help_key = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), self)
        help_key.activated.connect(self.field_help)
        fit_window(self, 1100, 660)  # the items page (six buttons, four columns) needs ~1,000 px; clamped to the screen

    def field_help(self) -> str:
        """F1 inside the wizard: the 释义 of the field that has focus."""
        page = self.currentPage()
        field = page.view.current_field() if isinstance(page, FieldsPage) else None
        if field is None:
            return ""
        from PySide6.QtWidgets import QApplication, QWhatsThis

        focus = QApplication.focusWidget()
        text = f"<b>{field.label}</b><br>{field.help or '（无释义）'}"
        QWhatsThis.showText(focus.mapToGlobal(focus.rect().bottomLeft()) if focus else self.pos(), text, focus)
        return text

    def _show_steps(self) -> None:
        """The side panel: every step, the current one bold."""
        lines = []
        current = self.currentPage()
        for n, page_id in enumerate(self.pageIds(), start=1):
            page = self.page(page_id)
            text = f"{n}. {page.title()}"
            lines.append(f"<b>▶ {text}</b>" if page is current else f"<span style='color:#666'>{text}</span>")
        self.steps.setText("<br><br>".join(lines))

    def may_discard(self) -> bool:
        """True when nothing was typed, or the clerk agrees to throw it away."""
        return self.draft == self.initial or self.interaction.confirm(
            self.windowTitle(), "已填写的内容还没有保存，确定放弃吗？", yes="放弃", no="继续填写", parent=self
        )

    def cancel(self) -> None:
        """The Cancel button and Esc: ask before throwing away what was typed."""
        if self.may_discard():
            self.reject()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        if event.spontaneous() and not self.may_discard():  # the window's close button
            event.ignore()
            return
        super().closeEvent(event)

    def add_leading_pages(self) -> None:
        """Hook for pages before the form's own (e.g. choosing the matter)."""

    def make_page(self, page: PageDef, choices: dict[str, list[str]] | None) -> FieldsPage:
        return FieldsPage(self, page, choices)

    def check(self, draft: Any) -> list:
        return self._check(draft)

    def summary(self) -> str:
        label = getattr(self.draft, self.form.record_label, "") if self.form.record_label else ""
        return f"{self.form.title}：<b>{label}</b>" if label else self.form.title

    def page_of(self, key: str) -> FieldsPage:
        return self.field_pages[key]
