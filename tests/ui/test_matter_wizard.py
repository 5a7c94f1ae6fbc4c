"""The matter wizard driven as a clerk would: choose, name, items, sharing, attributes, check, Finish; undo/redo."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard

from govcat_desktop.services.commands import AddMatter
from govcat_desktop.domain.models import Matter
from govcat_desktop.ui.matter_wizard import MatterWizard
from tests.ui.conftest import type_text


def _choose(combo, text):
    combo.setCurrentIndex(combo.findText(text))
    combo.activated.emit(combo.currentIndex())


def _next(qtbot, wizard):
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), wizard.currentPage().missing() if hasattr(wizard.currentPage(), "missing") else ""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_full_matter_wizard_then_undo_redo(qtbot, opened):
    window = opened
    command = AddMatter(Matter(code="000121003000", name="内地居民离婚登记", kind="行政确认"))
    assert window.push(command)
    session = window.session
    before = len(session.matters[command.matter_id].entries)
    wizard = MatterWizard(window.context, command.matter_id)
    qtbot.addWidget(wizard)
    wizard.show()
    # 选择事项: preselected
    assert wizard.currentPage().isComplete()
    _next(qtbot, wizard)
    # 数据命名: suggested from the matter
    naming = wizard.page_of("naming")
    assert naming.view.editor("name").value() == "离婚证"
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # 资源摘要 still missing
    summary = naming.view.editor("summary")
    summary.setFocus()
    type_text(summary, "记录内地居民办理离婚登记的双方身份信息和登记结果。")
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    _next(qtbot, wizard)
    # 信息项: empty, gated; the library offers 离婚证's items; a typed item gets its type inferred
    items_page = wizard.page_of("items")
    editor = items_page.view.editor("items")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert editor.suggestion.isVisible() and "离婚证" in editor.suggestion.text()
    qtbot.mouseClick(editor.suggestion, Qt.MouseButton.LeftButton)
    assert len(editor.model.items) == 8
    pasted = editor.paste("补领日期\n是否补领\t\t\t按申请\n工本费金额")
    assert pasted == 3
    assert [i.data_type for i in editor.model.items[-3:]] == ["D", "L", "Y"]
    editor.view.selectRow(len(editor.model.items) - 1)
    editor.move_selected(-1)
    assert editor.model.items[-1].name == "是否补领"
    editor.view.selectRow(0)
    editor.remove_selected()
    assert len(editor.model.items) == 10
    _next(qtbot, wizard)
    # 共享属性: the four level definitions are shown; 有条件共享 needs its condition
    sharing = wizard.page_of("sharing")
    assert "非常严重损害" in sharing.findChild(type(sharing.view.banner), "security_levels").text()
    _choose(sharing.view.editor("share_type"), "有条件共享")
    _choose(sharing.view.editor("security_level"), "3级")
    sharing.view.editor("share_methods").boxes["信息核验接口"].setChecked(True)
    assert not sharing.isComplete() and "共享条件" in sharing.missing()
    condition = sharing.view.editor("share_condition")
    condition.setFocus()
    type_text(condition, "仅限办理婚姻登记相关事项时核验")
    assert sharing.isComplete()
    _next(qtbot, wizard)
    attributes = wizard.page_of("attributes")
    _choose(attributes.view.editor("network"), "政务外网")
    _choose(attributes.view.editor("domain"), "生活服务")
    _choose(attributes.view.editor("update_cycle"), "实时")
    _next(qtbot, wizard)
    _next(qtbot, wizard)  # 国家核心元数据（选填）
    assert wizard.currentPage() is wizard.review
    texts = [wizard.review.list.item(i).text() for i in range(wizard.review.list.count())]
    assert texts == ["没有发现问题"]  # one check mark: the icon (the text had a second)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    entries = session.matters[command.matter_id].entries
    assert len(entries) == before + 1
    made = entries[-1]
    assert made.name == "离婚证" and made.share_condition == "仅限办理婚姻登记相关事项时核验"
    assert len(made.items) == 10 and made.review_status == "草稿"
    # It is in the file, not only in memory.
    assert len(session.store.load_entries(command.matter_id)) == before + 1
    # One undo removes the whole entry; redo brings it back with its items.
    window.undo()
    assert len(session.matters[command.matter_id].entries) == before
    assert len(session.store.load_entries(command.matter_id)) == before
    window.redo()
    again = session.matters[command.matter_id].entries[-1]
    assert again.name == "离婚证" and len(again.items) == 10


def test_wizard_can_create_the_matter_and_add_another_entry(qtbot, opened):
    window = opened
    wizard = MatterWizard(window.context, None)
    qtbot.addWidget(wizard)
    wizard.show()
    choose = wizard.choose
    qtbot.mouseClick(choose.new, Qt.MouseButton.LeftButton, pos=QPoint(8, choose.new.height() // 2))
    assert choose.new.isChecked()
    assert not choose.isComplete()
    name = choose.new_form.editor("name")
    name.setFocus()
    type_text(name, "内地居民结婚登记（补发）")
    code = choose.new_form.editor("code")
    code.setFocus()
    type_text(code, "000121009000")
    assert choose.isComplete()
    _next(qtbot, wizard)
    naming = wizard.page_of("naming")
    assert naming.view.editor("name").value() == "结婚证"
    naming.view.editor("summary").setFocus()
    type_text(naming.view.editor("summary"), "补发的结婚证信息。")
    _next(qtbot, wizard)
    editor = wizard.page_of("items").view.editor("items")
    editor.paste("男方姓名\n女方姓名\n登记日期")
    wizard.draft = wizard.draft.model_copy(update={
        "share_type": "无条件共享", "security_level": "1级", "share_methods": ["信息查询接口"],
        "network": "政务外网", "domain": "生活服务", "update_cycle": "每日"})
    for _ in range(4):
        _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.review
    assert wizard.button(QWizard.WizardButton.CustomButton1).isVisible()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CustomButton1), Qt.MouseButton.LeftButton)
    matter = next(m for m in window.session.project.matters if m.code == "000121009000")
    assert [e.name for e in matter.entries] == ["结婚证"]
    # Every matter has an entry now: the wizard starts again on 选择事项 with the same matter chosen.
    assert wizard.currentPage() is wizard.choose
    assert wizard.choose.chosen().id == matter.id
    window.undo()
    assert all(m.code != "000121009000" for m in window.session.project.matters)


def test_items_page_shows_item_findings_live(qtbot, opened):
    window = opened
    wizard = MatterWizard(window.context, window.session.project.matters[0].id)
    qtbot.addWidget(wizard)
    wizard.show()
    _next(qtbot, wizard)
    naming = wizard.page_of("naming")
    naming.view.editor("summary").setFocus()
    type_text(naming.view.editor("summary"), "摘要")
    _next(qtbot, wizard)
    page = wizard.page_of("items")
    editor = page.view.editor("items")
    editor.paste("办结日期\t字符型C\n办结日期")
    problem = page.view.rows["items"].problem
    assert problem.isVisible()
    assert "第1项" in problem.text() and "日期型D" in problem.text()
    assert "第2项" in problem.text() and "重复" in problem.text()
    assert set(editor.model.problems) == {0, 1}


def test_f1_in_the_wizard_explains_the_field(qtbot, opened):
    wizard = MatterWizard(opened.context, opened.session.project.matters[0].id)
    qtbot.addWidget(wizard)
    wizard.show()
    _next(qtbot, wizard)
    wizard.activateWindow()
    summary = wizard.page_of("naming").view.editor("summary")
    summary.setFocus()
    qtbot.waitUntil(summary.hasFocus)
    assert "资源摘要" in wizard.field_help()


def test_cancel_asks_before_discarding_typed_work(qtbot, opened, monkeypatch):
    wizard = MatterWizard(opened.context, opened.session.project.matters[0].id)
    qtbot.addWidget(wizard)
    wizard.show()
    _next(qtbot, wizard)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    asked = opened.interaction.asked
    assert asked and "放弃" in asked[-1][1] and wizard.isVisible()  # the suggested name counts as typed work
    opened.interaction.answers["梳理事项数据"] = True
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()
