"""梳理事项数据: choose a matter → name its data → info items → sharing → attributes → check → Finish."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QButtonGroup, QLabel, QRadioButton, QVBoxLayout, QWizard, QWizardPage

from govcat_desktop.domain.heuristics import suggest_data_name
from govcat_desktop.domain.models import CatalogEntry, Matter
from govcat_desktop.formspec import PageDef
from govcat_desktop.services.commands import AddEntry, AddMatter, Command
from govcat_desktop.ui.form_view import FormView
from govcat_desktop.ui.form_wizard import FieldsPage, FormWizard
from govcat_desktop.ui.widgets import VocabCombo, matter_label

if TYPE_CHECKING:
    from govcat_desktop.ui.context import AppContext


def matter_choice(matter: Matter) -> str:
    """Name first, code second (a list of 1,135 bare codes tells a clerk nothing)."""
    return matter_label(matter.code, matter.name)


class ChooseMatterPage(QWizardPage):
    """Pick one of the project's matters, or describe a new one."""

    def __init__(self, wizard: MatterWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setObjectName("wizard_page:matter")
        self.setTitle("选择事项")
        self.setSubTitle("选择要梳理的政务服务事项；清单中没有的，可以新增一个事项。")
        layout = QVBoxLayout(self)
        self.existing = QRadioButton("本单位已有的事项")
        self.existing.setObjectName("use_existing")
        self.existing.setAccessibleName("本单位已有的事项")
        self.new = QRadioButton("新增事项")
        self.new.setObjectName("use_new")
        self.new.setAccessibleName("新增事项")
        group = QButtonGroup(self)
        group.addButton(self.existing)
        group.addButton(self.new)
        self.matters = wizard.matter_list
        self.combo = VocabCombo(None, [matter_choice(m) for m in self.matters])
        self.combo.setObjectName("matter")
        self.combo.setAccessibleName("事项")
        self.combo.lineEdit().setPlaceholderText("输入事项名称或拼音首字母查找")
        self.combo.edited.connect(self.completeChanged.emit)
        self.combo.committed.connect(self.completeChanged.emit)
        self.combo.currentIndexChanged.connect(lambda _i: self.completeChanged.emit())
        self.new_form = FormView(wizard.forms["matter"], wizard.forms, keys=("code", "name", "kind", "dept"))
        self.new_form.set_record(Matter(dept=wizard.context.session.project.info.org_name))
        self.new_form.edited.connect(lambda _d: self.completeChanged.emit())
        self.new_form.committed.connect(lambda _d: self.completeChanged.emit())
        layout.addWidget(self.existing)
        layout.addWidget(self.combo)
        layout.addWidget(self.new)
        layout.addWidget(self.new_form)
        self.existing.toggled.connect(self._mode)
        (self.existing if self.matters else self.new).setChecked(True)
        self.existing.setEnabled(bool(self.matters))
        self._mode()

    def _mode(self) -> None:
        use_existing = self.existing.isChecked()
        self.combo.setEnabled(use_existing)
        self.new_form.setEnabled(not use_existing)
        self.completeChanged.emit()

    def select(self, matter_id: int) -> None:
        for i, m in enumerate(self.matters):
            if m.id == matter_id:
                self.existing.setChecked(True)
                self.combo.setCurrentIndex(i + 1)
                self.combo.setEditText(matter_choice(m))
                return

    def chosen(self) -> Matter | None:
        if self.existing.isChecked():
            text = self.combo.currentText().strip()
            for m in self.matters:
                if matter_choice(m) == text:
                    return m
            return None
        draft = self.new_form.record()
        return draft if draft.name.strip() else None

    def isComplete(self) -> bool:  # noqa: N802
        return self.chosen() is not None

    def validatePage(self) -> bool:  # noqa: N802
        matter = self.chosen()
        if matter is None:
            return False
        if self.owner.matter is None or self.owner.matter.id != matter.id or matter.id is None:
            if not self.owner.draft.name.strip() or self.owner.suggested == self.owner.draft.name:
                self.owner.suggested = suggest_data_name(matter.name)
                self.owner.draft = self.owner.draft.model_copy(update={"name": self.owner.suggested})
        self.owner.matter = matter
        return True


class SharingPage(FieldsPage):
    """共享属性, with the four security levels' definitions shown in full."""

    def __init__(self, wizard: FormWizard, page: PageDef, choices) -> None:
        super().__init__(wizard, page, choices)
        levels = wizard.forms.vocab("security_level")
        text = "<b>安全级别的含义</b><br>" + "<br>".join(f"<b>{v.label}</b>：{v.help}" for v in levels.values)
        note = QLabel(text)
        note.setObjectName("security_levels")
        note.setWordWrap(True)
        note.setStyleSheet("background:#f5f7fa; padding:6px; border:1px solid #dde")
        self.layout().addWidget(note)


class ItemsPage(FieldsPage):
    """信息项: offers the certificate library's items for the data's name."""

    def initializePage(self) -> None:  # noqa: N802
        super().initializePage()
        editor = self.view.editor("items")
        editor.suggest_for(self.owner.draft.name)
        if not self.owner.draft.items and editor._cert is None:
            editor.suggest_for("")


class MatterWizard(FormWizard):
    """The guided wizard of issue 4; Finish pushes one undoable command."""

    def __init__(self, context: AppContext, matter_id: int | None = None) -> None:
        self.context = context
        session = context.session
        self.matter_list = list(session.project.matters)
        self.matter: Matter | None = None
        self.suggested = ""
        self.created: list[Command] = []
        super().__init__(
            context.forms["catalog"], context.forms, CatalogEntry(), self._validate,
            pages=[p.key for p in context.forms["catalog"].pages], parent=context.window.dialog_parent(),
            interaction=context.interaction,
        )
        self.setObjectName("matter_wizard")
        self.setWindowTitle("梳理事项数据")
        self.setButtonText(QWizard.WizardButton.CustomButton1, "完成并梳理下一项")
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.customButtonClicked.connect(self._another)
        self.currentIdChanged.connect(self._page_changed)
        if matter_id is not None:
            self.choose.select(matter_id)
        self._page_changed(self.currentId())

    def add_leading_pages(self) -> None:
        self.choose = ChooseMatterPage(self)
        self.addPage(self.choose)

    def make_page(self, page: PageDef, choices) -> FieldsPage:
        if page.key == "sharing":
            return SharingPage(self, page, choices)
        if page.key == "items":
            return ItemsPage(self, page, choices)
        return FieldsPage(self, page, choices)

    def _validate(self, draft: CatalogEntry) -> list:
        return self.context.workspace.validator.check_entry(draft, self.matter)

    def summary(self) -> str:
        matter = self.matter.name if self.matter else ""
        return f"事项“{matter}”产生的数据：<b>{self.draft.name}</b>，{len(self.draft.items)} 个信息项。"

    def _page_changed(self, _id: int) -> None:
        self.button(QWizard.WizardButton.CustomButton1).setVisible(self.currentPage() is self.review)

    def command(self) -> Command:
        """The one command that Finish pushes."""
        entry = self.draft.model_copy(deep=True)
        entry.review_status = entry.review_status or "草稿"
        if self.matter.id is None:
            matter = self.matter.model_copy(update={"entries": [entry]}, deep=True)
            return AddMatter(matter, text=f"新增事项“{matter.name}”及目录“{entry.name}”")
        return AddEntry(self.matter.id, entry, text=f"为事项“{self.matter.name}”新增目录“{entry.name}”")

    def finish(self) -> bool:
        command = self.command()
        if not self.context.push(command):
            return False
        self.created.append(command)
        if isinstance(command, AddMatter):
            self.matter = self.context.session.matters[command.matter_id]
            self.matter_list = list(self.context.session.project.matters)
        return True

    def accept(self) -> None:
        if self.finish():
            super().accept()

    def next_matter(self) -> Matter | None:
        """The next matter in the list (after the one just done) that has no entry yet and produces data."""
        session = self.context.session
        ids = [m.id for m in self.matter_list]
        start = ids.index(self.matter.id) + 1 if self.matter is not None and self.matter.id in ids else 0
        for m in self.matter_list[start:] + self.matter_list[:start]:
            current = session.matters.get(m.id)
            if current is not None and not current.entries and not current.no_data:
                return current
        return None

    def _another(self, which: int) -> None:
        """Save this entry and start on the next matter that has no entry yet."""
        if not self.finish():
            return
        done = self.matter
        self.draft = CatalogEntry()
        self.initial = CatalogEntry()
        self.suggested = ""
        self.matter_list = list(self.context.session.project.matters)
        following = self.next_matter()
        self.matter = None
        self.restart()
        self.choose.matters = self.matter_list
        self.choose.combo.set_labels([matter_choice(m) for m in self.matter_list])
        if following is None:
            self.choose.select(done.id)
            self.context.notifier.info("已保存。所有事项都已有数据资源目录；可为该事项再梳理一项数据。")
        else:
            self.choose.select(following.id)
            self.context.notifier.info(f"已保存。下一个事项：“{following.name}”。")
        # stays on 选择事项 with the next matter chosen: the clerk sees which one comes, and may pick another
