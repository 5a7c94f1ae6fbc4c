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

    def drive(forms, folder, interaction):
        wizard = NewProjectWizard(forms, tmp_path, window, interaction)
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

    window.interaction.answers["新建项目"] = drive
    qtbot.mouseClick(window.start.findChild(QPushButton, "start_new"), Qt.MouseButton.LeftButton)
    import datetime as dt

    past = dt.date.today() > dt.date(2026, 11, 5)  # the last 2026 deadline (T4)
    asked = [q for q in window.interaction.asked if q[0] == "截止日期都已过去"]  # the headless answer: keep the year
    assert bool(asked) == past and (not past or "改为" not in asked[0][1] or "2027年度" in asked[0][1])
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


def test_a_project_whose_deadlines_are_all_past_is_offered_the_next_year(qtbot, window, tmp_path, monkeypatch):
    from govcat_desktop.services.session import default_profile
    from tests import factories

    window.interaction.answers["截止日期都已过去"] = True
    info = factories.info()
    info.profile = default_profile(window.forms, 2019)  # long past, whatever today is
    assert window.create_project(tmp_path / "旧.govcat", info)
    profile = window.session.project.info.profile
    assert profile.year == "2020" and profile.deadline_t1.startswith("2020-")
    window.undo()
    assert window.session.project.info.profile.year == "2019"


def test_project_settings_dialog_changes_year_and_a_deadline(qtbot, opened, monkeypatch):
    from govcat_desktop.ui.project_settings_dialog import ProjectSettingsDialog

    def drive(profile, forms):
        dialog = ProjectSettingsDialog(opened, profile, forms)
        qtbot.addWidget(dialog)
        dialog.year.setText("2031")
        dialog._apply_year()
        assert dialog.dates["deadline_t1"].text() == "2031-09-03"
        dialog.dates["deadline_t4"].setText("2031年11月20日")
        dialog._accept()
        return dialog.result_profile

    opened.interaction.answers["项目设置"] = drive
    assert opened.project_settings()
    profile = opened.session.project.info.profile
    assert (profile.year, profile.deadline_t1, profile.deadline_t4) == ("2031", "2031-09-03", "2031-11-20")
    assert "2031" in opened.history.undo_text


def test_the_overview_says_when_every_deadline_is_past(qtbot, window, tmp_path):
    from govcat_desktop.services.session import default_profile
    from tests import factories

    project = factories.valid_project()
    project.info.profile = default_profile(window.forms, 2019)
    path = factories.write_project(tmp_path / "旧.govcat", project)
    assert window.open_project(path)
    assert "截止日期都已过去" in window.pages["overview"].counts.text() and "2020年度" in window.pages["overview"].counts.text()


def test_the_wizard_offers_the_first_year_with_open_deadlines_and_names_the_file_after_the_year(qtbot, tmp_path):
    import datetime as dt

    from govcat_desktop.ui.new_project import first_open_year

    forms = default_forms()
    assert first_open_year(forms, dt.date(2026, 12, 6)) == 2027  # every 2026 deadline (last 11-05) is past
    assert first_open_year(forms, dt.date(2026, 11, 5)) == 2026
    wizard = NewProjectWizard(forms, tmp_path)
    qtbot.addWidget(wizard)
    assert wizard.schedule.year.text() == str(first_open_year(forms))
    type_text(wizard.unit.view.editor("org_name"), "阳泉市大数据局")
    wizard.schedule.year.setText("2027")
    wizard.schedule.year.textEdited.emit("2027")
    wizard.file.initializePage()
    assert wizard.file.path.text() == str(tmp_path / "阳泉市大数据局-2027.govcat")
    wizard.schedule.year.setText("2028")  # Back, another year, Next: the suggested name follows
    wizard.file.initializePage()
    assert wizard.file.path.text() == str(tmp_path / "阳泉市大数据局-2028.govcat")
    wizard.file.path.setText(str(tmp_path / "我的项目.govcat"))  # a name the clerk chose is kept
    wizard.schedule.year.setText("2029")
    wizard.file.initializePage()
    assert wizard.file.path.text() == str(tmp_path / "我的项目.govcat")
