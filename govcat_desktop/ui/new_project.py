"""新建项目 wizard: role, unit, 统一社会信用代码 (checked live), region, year and deadlines, file location."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from govcat_desktop.domain.filenames import safe_filename
from govcat_desktop.ui.screen import fit_window
from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.formspec import FormSet
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.services.session import default_profile
from govcat_desktop.ui.form_view import FormView
from govcat_desktop.validation import Validator
from govcat_desktop.domain.models import Project


class UnitPage(QWizardPage):
    def __init__(self, wizard: NewProjectWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setObjectName("wizard_page:unit")
        self.setTitle("填报单位")
        self.setSubTitle("选择单位类型，填写与公章一致的单位全称和统一社会信用代码。")
        layout = QVBoxLayout(self)
        self.view = FormView(wizard.forms["project"], wizard.forms)
        self.view.set_record(ProjectInfo())
        self.view.edited.connect(self._edited)
        self.view.committed.connect(self._edited)
        layout.addWidget(self.view)

    def findings(self) -> list:
        info = self.view.record()
        return self.owner.validator.check_project_info(Project(info=info))

    def _edited(self, _draft=None) -> None:
        self.view.show_findings(self.findings())
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return not any(f.is_error for f in self.findings())


def first_open_year(forms: FormSet, today: _dt.date | None = None) -> int:
    """This year, or the next when every deadline of this year is already past (a project made in December)."""
    today = today or _dt.date.today()
    profile = default_profile(forms, today.year)
    dates = [getattr(profile, f"deadline_{t}") for t in ("t1", "t2", "t3", "t4")]
    dates = [_dt.date.fromisoformat(d) for d in dates if d]
    return today.year + 1 if dates and max(dates) < today else today.year


class SchedulePage(QWizardPage):
    def __init__(self, wizard: NewProjectWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setObjectName("wizard_page:schedule")
        self.setTitle("年度与截止日期")
        self.setSubTitle("截止日期按通知预填，可按本地安排修改（格式 2026-09-24）。")
        grid = QGridLayout(self)
        self.year = QLineEdit(str(first_open_year(wizard.forms)))
        self.year.setObjectName("year")
        self.year.setAccessibleName("年度")
        self.year.textEdited.connect(self._year_changed)
        grid.addWidget(QLabel("年度"), 0, 0)
        grid.addWidget(self.year, 0, 1)
        self.deadlines: dict[str, QLineEdit] = {}
        for row, (task, name) in enumerate(wizard.forms.tasks.items(), start=1):
            edit = QLineEdit()
            key = f"deadline_{task.lower()}"
            edit.setObjectName(key)
            edit.setAccessibleName(f"{task} {name} 截止日期")
            edit.textEdited.connect(lambda _t: self.completeChanged.emit())
            grid.addWidget(QLabel(f"{task} {name}"), row, 0)
            grid.addWidget(edit, row, 1)
            self.deadlines[key] = edit
        self._year_changed(self.year.text())

    def _year_changed(self, text: str) -> None:
        if text.strip().isdigit() and len(text.strip()) == 4:
            profile = default_profile(self.owner.forms, text.strip())
            for key, edit in self.deadlines.items():
                edit.setText(getattr(profile, key))
        self.completeChanged.emit()

    def profile(self):
        profile = default_profile(self.owner.forms, self.year.text().strip() or None)
        return profile.model_copy(update={"year": self.year.text().strip(),
                                          **{k: e.text().strip() for k, e in self.deadlines.items()}})

    def isComplete(self) -> bool:  # noqa: N802
        if not (self.year.text().strip().isdigit() and len(self.year.text().strip()) == 4):
            return False
        for edit in self.deadlines.values():
            try:
                _dt.date.fromisoformat(edit.text().strip())
            except ValueError:
                return False
        return True


class FilePage(QWizardPage):
    def __init__(self, wizard: NewProjectWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setObjectName("wizard_page:file")
        self.setTitle("保存位置")
        self.setSubTitle("项目保存为一个 .govcat 文件，每次修改都会立即写入该文件。")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.suggested = ""
        self.path = QLineEdit()
        self.path.setObjectName("project_path")
        self.path.setAccessibleName("项目文件")
        self.path.textChanged.connect(lambda _t: self._check())
        browse = QPushButton("浏览…")
        browse.setObjectName("browse")
        browse.setAccessibleName("浏览")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.problem = QLabel()
        self.problem.setObjectName("problem:project_path")
        self.problem.setStyleSheet("color:#c62828")
        layout.addWidget(self.problem)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        # The suggested name follows the unit and the 年度 chosen (going Back to change the year renames it);
        # a name the clerk typed or browsed to is kept.
        if not self.path.text() or self.path.text() == self.suggested:
            info = self.owner.unit.view.record()
            year = self.owner.schedule.year.text().strip()
            name = safe_filename(info.org_name.strip() or "新项目", f"-{year}", ".govcat", folder=self.owner.folder)
            self.suggested = str(self.owner.folder / name)
            self.path.setText(self.suggested)

    def _browse(self) -> None:
        path = self.owner.interaction.save_file("保存项目", self.path.text(), parent=self)
        if path:
            self.path.setText(path)

    def target(self) -> Path:
        text = self.path.text().strip()
        return Path(text if text.endswith(".govcat") else text + ".govcat")

    def _check(self) -> str:
        problem = ""
        if not self.path.text().strip():
            problem = "请选择保存位置。"
        elif self.target().exists():
            problem = "该文件已存在，请换一个文件名（不会覆盖已有文件）。"
        elif not self.target().parent.is_dir():
            problem = "文件夹不存在，请先选择一个已有的文件夹。"
        self.problem.setText(problem)
        self.completeChanged.emit()
        return problem

    def isComplete(self) -> bool:  # noqa: N802
        return not self._check_quiet()

    def _check_quiet(self) -> bool:
        text = self.path.text().strip()
        return not text or self.target().exists() or not self.target().parent.is_dir()


class NewProjectWizard(QWizard):
    """Collects a ProjectInfo and a file path; the window creates the project."""

    def __init__(self, forms: FormSet, folder: Path, parent=None, interaction: Interaction | None = None) -> None:
        super().__init__(parent)
        self.interaction = interaction or Interaction()  # the window's (its 浏览… asks through it)
        self.setObjectName("new_project_wizard")
        self.setWindowTitle("新建项目")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.forms = forms
        self.folder = folder
        self.validator = Validator(forms)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步 >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 上一步")
        self.setButtonText(QWizard.WizardButton.FinishButton, "创建项目")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")
        self.unit = UnitPage(self)
        self.schedule = SchedulePage(self)
        self.file = FilePage(self)
        for page in (self.unit, self.schedule, self.file):
            self.addPage(page)
        fit_window(self, 760, 620)

    def result_info(self) -> ProjectInfo:
        return self.unit.view.record().model_copy(update={"profile": self.schedule.profile()})

    @classmethod
    def run(cls, parent, forms: FormSet, folder: Path, interaction: Interaction) -> tuple[Path, ProjectInfo] | None:
        wizard = cls(forms, folder, parent, interaction)
        if wizard.exec() == QWizard.DialogCode.Accepted:
            return wizard.file.target(), wizard.result_info()
        return None
