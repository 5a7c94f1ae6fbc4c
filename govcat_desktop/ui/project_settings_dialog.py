"""文件 ▸ 项目设置…: the project's year and its four deadlines (services/project_settings.py does the work).

Receives an explicit context (the session, the forms, a push function for undoable commands), not the main window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from govcat_desktop.domain.models import Profile
from govcat_desktop.formspec import FormSet
from govcat_desktop.services import project_settings as ps
from govcat_desktop.services.commands import Command
from govcat_desktop.services.interaction import Interaction
from govcat_desktop.services.revisions import next_cycle_command
from govcat_desktop.ui.screen import fit_window


class ProjectSettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, profile: Profile, forms: FormSet) -> None:
        super().__init__(parent)
        self.setObjectName("project_settings")
        self.setWindowTitle("项目设置")
        self.forms = forms
        self.profile = profile
        layout = QVBoxLayout(self)
        note = QLabel("年度决定各项任务的截止日期（按通知的安排）；也可以逐项修改截止日期。修改可撤销。")
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        row = QHBoxLayout()
        self.year = QLineEdit(profile.year)
        self.year.setObjectName("year")
        self.year.setAccessibleName("年度")
        self.year.setMaximumWidth(90)
        apply = QPushButton("按该年度安排截止日期")
        apply.setObjectName("apply_year")
        apply.clicked.connect(self._apply_year)
        row.addWidget(self.year)
        row.addWidget(apply)
        row.addStretch(1)
        form.addRow("年度", row)
        self.dates: dict[str, QLineEdit] = {}
        for key, label in ps.DEADLINES.items():
            edit = QLineEdit(getattr(profile, key))
            edit.setObjectName(key)
            edit.setAccessibleName(label)
            edit.setPlaceholderText("如 2027-09-24 或 2027年9月24日")
            self.dates[key] = edit
            form.addRow(label, edit)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color:#c62828")
        self.problem.setMinimumHeight(self.problem.fontMetrics().height() * 2)  # reserved: nothing moves
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.result_profile: Profile | None = None
        fit_window(self, 520, 340)

    def _apply_year(self) -> None:
        try:
            moved = ps.updated_profile(self.profile, year=self.year.text(), forms=self.forms)
        except ps.SettingsError as exc:
            self.problem.setText(str(exc))
            return
        for key, edit in self.dates.items():
            edit.setText(getattr(moved, key))
        self.problem.setText("")

    def _accept(self) -> None:
        try:
            profile = ps.updated_profile(self.profile, year=self.year.text())
            profile = ps.updated_profile(profile, deadlines={k: e.text() for k, e in self.dates.items()})
        except ps.SettingsError as exc:
            self.problem.setText(str(exc))
            return
        self.result_profile = profile
        self.accept()

    @classmethod
    def run(cls, parent: QWidget | None, profile: Profile, forms: FormSet) -> Profile | None:
        dialog = cls(parent, profile, forms)
        return dialog.result_profile if dialog.exec() == QDialog.DialogCode.Accepted else None


def edit_settings(interaction: Interaction, session, forms: FormSet, push: Callable[[Command], bool]) -> bool:
    """Ask for the year and deadlines and push the change; True when something changed."""
    profile = interaction.form("项目设置", ProjectSettingsDialog, session.project.info.profile, forms)
    if profile is None:
        return False
    command = ps.settings_command(session, profile)
    old_year = session.project.info.profile.year
    if old_year.isdigit() and profile.year.isdigit() and int(profile.year) > int(old_year):
        command = next_cycle_command(session, command)  # a later year: the catalog's next cycle (issue 22)
    return command is not None and push(command)


def offer_next_year(interaction: Interaction, session, forms: FormSet, push: Callable[[Command], bool]) -> bool:
    """A project whose deadlines are all past: say so, and offer the next year's schedule."""
    profile = session.project.info.profile
    if session.readonly or not ps.stale_deadlines(profile):
        return False
    following = ps.next_year(profile, forms)
    if not interaction.confirm("截止日期都已过去",
                               f"本项目为{profile.year}年度，各项任务的截止日期都已过去。\n"
                               f"如为{following.year}年度的编制工作，可改为{following.year}年度（截止日期按通知安排顺延一年；"
                               f"以后可在“文件 ▸ 项目设置…”中修改）。\n"
                               "目录保留，并以上级最近审核通过的版本为基础：新年度报送时只列出新增、变更和注销的目录。",
                               yes=f"改为{following.year}年度", no=f"保持{profile.year}年度"):
        return False
    command = next_cycle_command(session, ps.settings_command(session, following))
    return command is not None and push(command)
