"""新建项目 from the start page, typed as a clerk would; the unified social credit code is checked live."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWizard

from govcat_desktop.formspec import default_forms
from govcat_desktop.ui.new_project import NewProjectWizard
from tests.factories import VALID_USCC
from tests.ui.conftest import type_text


def _choose(combo, text):
    combo.setCurrentIndex(combo.findText(text))
    combo.activated.emit(combo.currentIndex())


def test_new_project_wizard_creates_the_file(qtbot, window, tmp_path: Path, monkeypatch):
    seen = {}

    def drive(forms, folder, parent=None):
        wizard = NewProjectWizard(forms, tmp_path, parent)
        qtbot.addWidget(wizard)
        wizard.show()
        unit = wizard.unit
        _choose(unit.view.editor("role"), "市直部门")
        name = unit.view.editor("org_name")
        name.setFocus()
        type_text(name, "阳泉市民政局")
        code = unit.view.editor("org_code")
        code.setFocus()
        type_text(code, VALID_USCC[:-1] + ("0" if VALID_USCC[-1] != "0" else "1"))  # wrong check digit
        problem = unit.view.rows["org_code"].problem
        seen["problem"] = problem.text()
        assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        code.clear()
        type_text(code, VALID_USCC)
        assert problem.text() == ""
        _choose(unit.view.editor("region"), "阳泉市")
        assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        schedule = wizard.schedule
        schedule.year.clear()
        type_text(schedule.year, "2026")
        assert schedule.deadlines["deadline_t3"].text() == "2026-09-24"
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
        assert wizard.file.path.text() == str(tmp_path / "阳泉市民政局-2026.govcat")
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
        return wizard.file.target(), wizard.result_info()

    monkeypatch.setattr(NewProjectWizard, "ask", classmethod(lambda cls, *a, **k: drive(*a, **k)))
    qtbot.mouseClick(window.start.findChild(QPushButton, "start_new"), Qt.MouseButton.LeftButton)
    assert "校验" in seen["problem"] or "统一社会信用代码" in seen["problem"]
    target = tmp_path / "阳泉市民政局-2026.govcat"
    assert target.is_file()
    assert window.session is not None and window.session.path == target
    info = window.session.project.info
    assert (info.org_name, info.org_code, info.role, info.profile.deadline_t1) == (
        "阳泉市民政局", VALID_USCC, "市直部门", "2026-09-03")
    assert window.current_page_key() == "overview"
    assert target.name in window.windowTitle()


def test_existing_file_is_refused_by_the_wizard(qtbot, tmp_path: Path):
    (tmp_path / "已有.govcat").write_bytes(b"x")
    wizard = NewProjectWizard(default_forms(), tmp_path)
    qtbot.addWidget(wizard)
    wizard.file.path.setText(str(tmp_path / "已有.govcat"))
    assert not wizard.file.isComplete()
    assert "已存在" in wizard.file.problem.text()
