"""Demands through the 附件2 wizard (pages from forms/demand.toml) and the review table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWizard

from govcat_desktop.ui.records_page import DemandWizard
from tests.ui.conftest import type_text


def _choose(combo, text):
    combo.setCurrentIndex(combo.findText(text))
    combo.activated.emit(combo.currentIndex())


def _type(widget, text):
    widget.setFocus()
    type_text(widget, text)


def _next(qtbot, wizard):
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), wizard.currentPage().missing()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_demand_wizard_adds_one_undoable_demand(qtbot, opened, monkeypatch):
    window = opened
    before = len(window.session.project.demands)

    def drive(win):
        wizard = DemandWizard(win)
        qtbot.addWidget(wizard)
        wizard.show()
        assert [wizard.page(i).title() for i in wizard.pageIds()] == ["数据提供方", "所需数据", "应用场景", "共享方式与申请情况", "检查"]
        page = wizard.currentPage()
        _choose(page.view.editor("provider_level"), "省级部门")
        _type(page.view.editor("provider"), "山西省公安厅")
        _choose(page.view.editor("has_provider_catalog"), "否")
        _next(qtbot, wizard)
        page = wizard.currentPage()
        assert page.view.rows["data_name"].editor.isVisible()
        assert not page.view.rows["catalog_name"].editor.isVisible()
        _type(page.view.editor("data_name"), "户籍信息")
        _type(page.view.editor("source_basis"), "《中华人民共和国户口登记条例》第三条。")
        _type(page.view.editor("items"), "姓名、公民身份号码、户籍地址")
        _next(qtbot, wizard)
        page = wizard.currentPage()
        page.view.editor("usage").boxes["减材料"].setChecked(True)
        _type(page.view.editor("usage_detail"), "办理时核验户籍，免交户口簿复印件。")
        _next(qtbot, wizard)
        page = wizard.currentPage()
        _choose(page.view.editor("in_state_lists"), "否")
        page.view.editor("share_method").boxes["信息核验接口"].setChecked(True)
        _choose(page.view.editor("update_cycle"), "每日")
        assert not page.view.rows["reject_reason"].editor.isVisible()
        _choose(page.view.editor("applied"), "已申请被驳回")
        assert page.view.rows["reject_reason"].editor.isVisible()
        assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        _type(page.view.editor("reject_reason"), "缺少共享依据")
        _next(qtbot, wizard)
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
        return wizard.draft

    window.interaction.answers["新增共享数据需求"] = drive
    qtbot.mouseClick(window.show_page("demands").findChild(QPushButton, "add_demand"), Qt.MouseButton.LeftButton)
    demands = window.session.project.demands
    assert len(demands) == before + 1
    added = demands[-1]
    assert (added.provider, added.data_name, added.items) == ("山西省公安厅", "户籍信息", ["姓名", "公民身份号码", "户籍地址"])
    assert window.pages["demands"].current == added.id
    window.undo()
    assert len(window.session.project.demands) == before


def test_review_decision_shows_reason_and_is_saved(qtbot, opened):
    window = opened
    page = window.show_page("reviews")
    review = window.session.project.reviews[0]
    page.select(review.id)
    assert page.editor.editor("requester").isReadOnly()
    assert not page.editor.view_of("reason").rows["reason"].editor.isVisible()
    _choose(page.editor.editor("decision"), "不同意")
    assert page.editor.view_of("reason").rows["reason"].editor.isVisible()
    assert not page.editor.view_of("matched_entry").rows["matched_entry"].editor.isVisible()
    assert window.session.reviews[review.id].decision == "不同意"
    reason = page.editor.editor("reason")
    _type(reason, "涉及个人隐私")
    reason.flush()
    assert window.session.reviews[review.id].reason == "涉及个人隐私"
    qtbot.waitUntil(lambda: window.issues.row_of("refuse-basis-cite").isValid(), timeout=5000)  # in the background
