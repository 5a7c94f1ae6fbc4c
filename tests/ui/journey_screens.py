"""The clerk's journey at real scale, run by tests/ui/test_journey_screens.py in a process of its own whose
offscreen screen is 1366×768 (or 1920×1080 at 125 % / 150 %). Not collected on its own (no test_ prefix).

阳泉市民政局 imports the province's list of 1,135 matters (34 departments) keeping only its own, catalogs three
matters with the wizard (完成并梳理下一项 moves on to the next matter), adds a demand whose matter is chosen by
name, finds the findings grouped and searchable in the 问题清单, exports — and every window that opens lies within
the screen with its buttons on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget, QWizard

from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.formspec import default_forms
from govcat_desktop.services.session import Session, default_profile
from govcat_desktop.ui.dialogs import QtInteraction
from govcat_desktop.ui.screen import install_screen_guard
from tests.ui.conftest import type_text

DATA = Path(__file__).resolve().parents[1] / "data" / "zwfw_guangan_matters.csv"
Left = Qt.MouseButton.LeftButton
CHECKED = Qt.CheckState.Checked
USER = Qt.ItemDataRole.UserRole


class Screen:
    """Drives modal dialogs from inside their event loops, and checks each one's frame against the screen."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, object]] = []
        self.errors: list[BaseException] = []

    def area(self):
        return QApplication.primaryScreen().availableGeometry()

    def check(self, widget: QWidget) -> None:
        QApplication.processEvents()
        frame = widget.frameGeometry()
        self.seen.append((widget.objectName() or type(widget).__name__, frame))
        area = self.area()
        assert area.contains(frame.topLeft()) and area.contains(frame.bottomRight()), (
            f"{widget.objectName() or type(widget).__name__} {frame} is not within the screen {area}")
        hint = widget.sizeHint()  # what the window asks for by itself: never its content's full width
        assert hint.width() <= area.width() and widget.minimumSizeHint().width() <= area.width(), (
            f"{widget.objectName()} asks for {hint.width()} px of a {area.width()} px screen")
        for button in widget.findChildren(QAbstractButton):
            if button.isVisible() and button.window() is widget:
                top_left = button.mapToGlobal(button.rect().topLeft())
                bottom_right = button.mapToGlobal(button.rect().bottomRight())
                assert frame.contains(top_left) and frame.contains(bottom_right), f"button “{button.text()}” is off its window"

    def when(self, predicate, handler, timeout_ms: int = 30000) -> None:
        """Once a modal dialog satisfying predicate is shown: check it, then handler(dialog)."""
        state = {"waited": 0}

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is not None and dialog.isVisible() and predicate(dialog):
                try:
                    self.check(dialog)
                    handler(dialog)
                except BaseException as exc:  # noqa: BLE001 - reported by the test after the loop ends
                    self.errors.append(exc)
                    dialog.reject() if isinstance(dialog, QDialog) else dialog.close()
                return
            state["waited"] += 25
            if state["waited"] > timeout_ms:
                self.errors.append(TimeoutError("no dialog came"))
                if dialog is not None:
                    dialog.close()
                return
            QTimer.singleShot(25, poll)

        QTimer.singleShot(0, poll)

    def raise_errors(self) -> None:
        if self.errors:
            raise self.errors[0]


def named(name: str):
    return lambda w: w.objectName() == name


def _choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text} not in the list"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def _next(wizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    page = wizard.currentPage()
    assert button.isEnabled(), page.missing() if hasattr(page, "missing") else page.objectName()
    QTest.mouseClick(button, Left)


@pytest.fixture
def project(tmp_path) -> Path:
    forms = default_forms()
    info = ProjectInfo(role="市直部门", org_name="阳泉市民政局", org_code="11140300MB1958607D", region="阳泉市",
                       parent="阳泉市大数据局", profile=default_profile(forms, None))
    path = tmp_path / "阳泉市民政局.govcat"
    Session.create(path, info, forms).close()
    return path


def test_the_clerks_journey(qtbot, project, tmp_path):
    from govcat_desktop.ui.main_window import MainWindow

    install_screen_guard(QApplication.instance())
    screen = Screen()
    window = MainWindow(interaction=QtInteraction())  # the real dialogs, as app.py installs them: the clerk clicks them
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    screen.check(window)
    assert window.open_project(project)
    hidden = {window.nav.item(r).data(USER) for r in range(window.nav.count()) if window.nav.item(r).isHidden()}
    assert "mechanism" in hidden and "bureau" in hidden  # a 市直部门: no 体制机制情况, no bureau tools
    assert not window.page_actions["mechanism"].isEnabled()

    # 1. import the province's list, keeping the unit's own matters (guessed: 区民政局)
    screen.when(named("mapping_dialog"), lambda d: QTest.mouseClick(d.buttons.buttons()[0], Left))

    def preview(dialog) -> None:
        ticked = [dialog.scope_list.item(r).data(USER) for r in range(dialog.scope_list.count())
                  if dialog.scope_list.item(r).checkState() == CHECKED]
        assert ticked == ["区民政局"] and not dialog.scope_all.isChecked()
        assert "只导入本单位（区民政局）的 20 个" in dialog.findChild(QWidget, "summary").text()
        QTest.mouseClick(dialog.findChild(QAbstractButton, "import_button"), Left)

    screen.when(named("preview_dialog"), preview)
    assert window.extensions["exchange_actions"].import_files([str(DATA)])
    screen.raise_errors()
    session = window.session
    assert len(session.project.matters) == 20 and session.project.info.matter_depts == ["区民政局"]
    window.wait_for_validation()

    # 2. the wizard for three matters: the first chosen by name (pinyin), then 完成并梳理下一项 twice
    first = "结婚登记预约"
    done: list[str] = []

    def fill_entry(wizard, summary: str, finish_next: bool) -> None:
        _next(wizard)  # 选择事项 → 数据命名
        naming = wizard.page_of("naming")
        text = naming.view.editor("summary")
        text.setFocus()
        type_text(text, summary)
        _next(wizard)
        items = wizard.page_of("items").view.editor("items")
        assert items.paste("信息项名称\t数据类型\n姓名\t字符型C\n公民身份号码\t字符型C\n登记日期\t日期型D") == 3
        _next(wizard)
        sharing = wizard.page_of("sharing")
        _choose(sharing.view.editor("share_type"), "有条件共享")
        _choose(sharing.view.editor("security_level"), "3级")
        sharing.view.editor("share_methods").boxes["信息核验接口"].setChecked(True)
        condition = sharing.view.editor("share_condition")
        condition.setFocus()
        type_text(condition, "仅限办理民政相关事项时核验使用")
        _next(wizard)
        attributes = wizard.page_of("attributes")
        _choose(attributes.view.editor("network"), "政务外网")
        _choose(attributes.view.editor("domain"), "社会救助")
        _choose(attributes.view.editor("update_cycle"), "实时")
        while wizard.currentPage() is not wizard.review:
            _next(wizard)
        screen.check(wizard)
        done.append(wizard.matter.name)
        if finish_next:
            QTest.mouseClick(wizard.button(QWizard.WizardButton.CustomButton1), Left)
        else:
            QTest.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Left)

    def wizard_flow(wizard) -> None:
        combo = wizard.choose.combo
        combo.lineEdit().setFocus()
        type_text(combo.lineEdit(), "jhdjyy")  # 结婚登记预约 by its pinyin initials
        offered = combo.pinyin.matching()
        assert len(offered) == 1 and offered[0].startswith(first + "　")  # name first, code second
        combo.pinyin.activated.emit(offered[0])
        assert wizard.choose.chosen().name == first
        fill_entry(wizard, "办理结婚登记预约时产生的预约人和预约时间信息。", True)
        following = wizard.choose.chosen()
        assert following is not None and following.name != first and not following.entries
        fill_entry(wizard, f"办理“{following.name}”时产生的申请人信息。", True)
        fill_entry(wizard, f"办理“{wizard.choose.chosen().name}”时产生的申请人信息。", False)

    screen.when(named("matter_wizard"), wizard_flow, timeout_ms=60000)
    window.open_matter_wizard(None)
    screen.raise_errors()
    with_entries = [m.name for m in window.session.project.matters if m.entries]
    assert len(with_entries) == 3 and set(with_entries) == set(done) and first in done

    # 3. a demand whose matter is chosen by name; its name is filled in
    def demand_flow(wizard) -> None:
        provider = wizard.page_of("provider").view
        _choose(provider.editor("provider_level"), "省级部门")
        provider.editor("provider").setFocus()
        type_text(provider.editor("provider"), "山西省公安厅")
        _choose(provider.editor("has_provider_catalog"), "是")
        _next(wizard)
        data = wizard.page_of("data").view
        data.editor("catalog_name").setFocus()
        type_text(data.editor("catalog_name"), "居民户籍信息")
        data.editor("items").setFocus()
        type_text(data.editor("items"), "姓名、公民身份号码")
        _next(wizard)
        usage = wizard.page_of("usage").view
        combo = usage.editor("matter_code")
        combo.lineEdit().setFocus()
        type_text(combo.lineEdit(), "结婚登记预约")
        offered = combo.pinyin.matching()
        assert offered and offered[0].startswith("结婚登记预约　")
        combo.pinyin.activated.emit(offered[0])
        assert usage.editor("matter_name").value() == "结婚登记预约"
        assert combo.value() == next(m.code for m in window.session.project.matters if m.name == "结婚登记预约")
        usage.editor("usage").boxes["减材料"].setChecked(True)
        usage.editor("usage_detail").setFocus()
        type_text(usage.editor("usage_detail"), "预约时核验当事人户籍")
        usage.editor("usage_detail").flush()
        _next(wizard)
        sharing = wizard.page_of("sharing").view
        _choose(sharing.editor("in_state_lists"), "是")
        sharing.editor("share_method").boxes["信息核验接口"].setChecked(True)
        _choose(sharing.editor("update_cycle"), "实时")
        _choose(sharing.editor("applied"), "未申请")
        while wizard.currentPage() is not wizard.review:
            _next(wizard)
        screen.check(wizard)
        QTest.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Left)

    screen.when(named("demand_wizard"), demand_flow)
    window.show_page("demands").add_demand()
    screen.raise_errors()
    demands = window.session.project.demands
    assert len(demands) == 1 and demands[0].matter_name == "结婚登记预约" and demands[0].matter_code

    # 4. the 问题清单: 17 matters without entries are one row with their count; search finds by pinyin
    window.validate_now()
    dock = window.issues
    rows = [dock.proxy.index(r, 2).data() for r in range(dock.proxy.rowCount())]
    assert "17 个事项" in rows, rows
    group = next(r for r in range(dock.proxy.rowCount()) if dock.proxy.index(r, 2).data() == "17 个事项")
    assert dock.proxy.rowCount(dock.proxy.index(group, 0)) == 17
    dock.search.setText("fzr")  # 负责人, by pinyin initials: the contacts form is not filled
    qtbot.waitUntil(lambda: dock.proxy.rowCount() > 0 and all(
        "负责人" in (dock.proxy.index(r, 2).data() or "") + (dock.proxy.index(r, 3).data() or "")
        for r in range(dock.proxy.rowCount())), timeout=3000)
    dock.search.setText("")

    # 5. export; the confirmation lies within the screen too
    out = tmp_path / "导出"

    def export_dialog(dialog) -> None:
        dialog.folder.setText(str(out))
        dialog.accept()
        screen.when(named("export_done"), lambda box: next(b for b in box.buttons() if b.text() == "知道了").click())

    screen.when(named("export_dialog"), export_dialog)
    paths = window.extensions["exchange_actions"].export()
    screen.raise_errors()
    assert any("盖章版" in p.name for p in paths) and all(p.exists() for p in paths)

    # every window seen lay within the screen (checked as it was shown)
    names = [name for name, _frame in screen.seen]
    for expected in ("main_window", "mapping_dialog", "preview_dialog", "matter_wizard", "demand_wizard", "export_dialog"):
        assert expected in names, names


def test_the_wizard_over_all_1135_matters_fits(qtbot, project):
    """The clerk who imports every department's matters: the wizard still asks for less than the screen."""
    from govcat_desktop.services.commands import UndoStack
    from govcat_desktop.services.transfer import preview_import
    from govcat_desktop.ui.main_window import MainWindow
    from govcat_desktop.ui.matter_wizard import MatterWizard

    session = Session.open(project)
    try:
        UndoStack(session).push(preview_import(session, [DATA]).command)
    finally:
        session.close()
    install_screen_guard(QApplication.instance())
    screen = Screen()
    window = MainWindow(install_extensions=False)
    qtbot.addWidget(window)
    window.show()
    assert window.open_project(project) and len(window.session.project.matters) == 1135
    wizard = MatterWizard(window.context, None)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    screen.check(wizard)  # frame, own size hint and buttons within the screen
    assert wizard.choose.combo.count() == 1136
