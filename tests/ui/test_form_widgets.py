"""The form renderer: pinyin filter, conditional fields, names for people and tests, live findings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from govcat_desktop.domain.models import CatalogEntry
from govcat_desktop.formspec import default_forms
from govcat_desktop.ui.form_view import FormView
from govcat_desktop.ui.widgets import VocabCombo, matches
from govcat_desktop.validation import Validator
from tests.ui.conftest import type_text


def _form(qtbot, page=None):
    forms = default_forms()
    view = FormView(forms["catalog"], forms, page=page)
    qtbot.addWidget(view)
    view.set_record(CatalogEntry())
    view.show()
    return view


def test_pinyin_initials_find_the_domain(qtbot):
    view = _form(qtbot, "attributes")
    combo = view.editor("domain")
    assert isinstance(combo, VocabCombo)
    combo.lineEdit().setFocus()
    type_text(combo.lineEdit(), "shbz")
    assert combo.pinyin.matching() == ["社保就业"]
    combo.pinyin.activated.emit("社保就业")
    assert combo.value() == "社保就业"
    assert view.record().domain == "社保就业"


def test_chinese_text_filters_too():
    assert matches("救助", "社会救助")
    assert matches("shjz", "社会救助")
    assert matches("shehui", "社会救助")
    assert not matches("shbz", "社会救助")


def test_condition_field_appears_when_it_applies(qtbot):
    view = _form(qtbot, "sharing")
    condition = view.rows["share_condition"]
    basis = view.rows["no_share_basis"]
    assert not condition.editor.isVisible() and not basis.editor.isVisible()
    combo = view.editor("share_type")
    combo.setCurrentIndex(combo.findText("有条件共享"))
    combo.activated.emit(combo.currentIndex())
    assert condition.editor.isVisible()
    assert "*" in condition.label.text()  # required now
    combo.setCurrentIndex(combo.findText("不予共享"))
    combo.activated.emit(combo.currentIndex())
    assert basis.editor.isVisible() and not condition.editor.isVisible()
    assert not view.rows["share_methods"].editor.isVisible()


def test_other_text_box_appears_for_other(qtbot):
    view = _form(qtbot, "attributes")
    assert not view.rows["update_cycle_other"].editor.isVisible()
    combo = view.editor("update_cycle")
    combo.setCurrentIndex(combo.findText("其他"))
    combo.activated.emit(combo.currentIndex())
    assert view.rows["update_cycle_other"].editor.isVisible()


def test_every_widget_has_object_and_accessible_name(qtbot):
    forms = default_forms()
    for key in ("catalog", "demand", "review", "project", "contacts"):
        view = FormView(forms[key], forms)
        qtbot.addWidget(view)
        for f_key, row in view.rows.items():
            assert row.editor.objectName() == f_key
            assert row.editor.accessibleName() == row.field.label
        for sub in view.groups.values():
            assert all(r.editor.accessibleName() for r in sub.rows.values())


def test_help_is_shown_beside_the_field_not_only_as_tooltip(qtbot):
    view = _form(qtbot, "naming")
    help_label = view.findChild(QWidget, "help:name")
    assert help_label.isVisible()
    assert "结婚证" in help_label.text()


def test_findings_appear_under_the_field_while_typing(qtbot):
    forms = default_forms()
    validator = Validator(forms)
    view = _form(qtbot, "naming")
    view.edited.connect(lambda draft: view.show_findings(validator.check_entry(draft)))
    name = view.editor("name")
    view.resize(700, 900)  # room to grow, as in the scrolling pages
    qtbot.wait(10)
    summary_y = view.editor("summary").y()
    name.setFocus()
    type_text(name, "结")
    problem = view.rows["summary"].problem
    assert problem.isVisible() and "资源摘要" in problem.text()
    assert view.rows["name"].problem.text() == ""
    qtbot.wait(10)
    assert view.editor("summary").y() == summary_y  # the message line was reserved: nothing moved


def test_a_date_typed_as_clerks_write_it_is_normalised_and_reported(qtbot):
    from govcat_desktop.domain.models import Contacts

    forms = default_forms()
    view = FormView(forms["contacts"], forms)
    qtbot.addWidget(view)
    view.set_record(Contacts())
    view.show()
    committed = []
    view.committed.connect(committed.append)
    date = view.editor("fill_date")
    date.setFocus()
    type_text(date, "2026年12月1日")
    date.editingFinished.emit()
    assert date.text() == "2026-12-01"
    assert committed and committed[-1].fill_date == "2026-12-01"
    assert "已把“2026年12月1日”规范为“2026-12-01”" in view.rows["fill_date"].help.text()


def test_paste_skips_a_header_row_and_says_how_many_rows_it_added(qtbot):
    from govcat_desktop.ui.items_editor import ItemsEditor

    forms = default_forms()
    editor = ItemsEditor(forms["item"], forms.vocab("data_type"))
    qtbot.addWidget(editor)
    added = editor.paste("信息项名称\t数据类型\t数据长度\t信息项说明\n姓名\t字符型C\t50\t\n出生日期\t\t\t\n1\t身份证号\t字符型C\t18")
    assert added == 3
    assert [i.name for i in editor.model.items] == ["姓名", "出生日期", "身份证号"]
    assert editor.status.text() == "已粘贴 3 行信息项（已跳过表头一行）。"


def test_tab_in_the_last_cell_adds_a_row(qtbot):
    from govcat_desktop.domain.models import InfoItem
    from govcat_desktop.ui.items_editor import ItemsEditor

    forms = default_forms()
    editor = ItemsEditor(forms["item"], forms.vocab("data_type"))
    qtbot.addWidget(editor)
    editor.show()
    editor.set_value([InfoItem(name="姓名", data_type="C")])
    last = editor.model.index(0, editor.model.columnCount() - 1)
    editor.view.setFocus()
    editor.view.setCurrentIndex(last)
    qtbot.keyClick(editor.view, Qt.Key.Key_Tab)
    assert len(editor.model.items) == 2
    assert editor.view.currentIndex().row() == 1 and editor.view.currentIndex().column() == 0


def test_fixed_lists_are_plain_dropdowns_and_keep_an_unknown_value(qtbot):
    forms = default_forms()
    share_type = VocabCombo(forms.vocab("share_type"))
    qtbot.addWidget(share_type)
    assert not share_type.isEditable() and share_type.lineEdit() is None
    share_type.set_value("无条件共享仅限本部门")  # typed so in an old file: shown as it was, not lost
    assert share_type.value() == "无条件共享仅限本部门"
    share_type.set_value("有条件共享")
    assert share_type.value() == "有条件共享"


def test_open_lists_replace_the_choice_when_typed_into(qtbot):
    forms = default_forms()
    network = VocabCombo(forms.vocab("network"))  # an open list: editable, with pinyin
    qtbot.addWidget(network)
    network.show()
    qtbot.waitExposed(network)
    network.activateWindow()
    assert network.isEditable()
    network.set_value("政务外网")
    network.setFocus()
    qtbot.waitUntil(lambda: network.lineEdit().selectedText() == "政务外网", timeout=2000)
    type_text(network.lineEdit(), "互联网")
    assert network.value() == "互联网"  # not "政务外网互联网"


def test_a_combo_over_long_names_is_not_as_wide_as_its_longest(qtbot):
    long_names = [f"{'很长的事项名称' * 12}{n}" for n in range(1135)]
    combo = VocabCombo(None, long_names)
    qtbot.addWidget(combo)
    assert combo.sizeHint().width() < 600


def test_long_findings_appearing_and_vanishing_never_move_the_fields(qtbot):
    """A two-line message (a required field's reminder with its 释义) pushed every field below it down while typing,
    so a click aimed at the next field missed it."""
    forms = default_forms()
    validator = Validator(forms)
    for page in ("naming", "sharing", "attributes"):
        view = _form(qtbot, page)
        view.resize(520, 1400)
        qtbot.wait(10)
        before = {key: row.editor.mapTo(view, row.editor.rect().topLeft()).y() for key, row in view.rows.items()}
        findings = validator.check_entry(CatalogEntry())
        assert any(len(f.message) > 40 for f in findings if f.field in view.rows)
        view.show_findings(findings)
        qtbot.wait(10)
        after = {key: row.editor.mapTo(view, row.editor.rect().topLeft()).y() for key, row in view.rows.items()}
        assert after == before, page
        shown = [row.problem for row in view.rows.values() if row.problem.message()]
        assert shown and all(p.toolTip() == p.message() for p in shown)  # the whole message on hover
        view.show_findings([])
        qtbot.wait(10)
        assert {key: row.editor.mapTo(view, row.editor.rect().topLeft()).y() for key, row in view.rows.items()} == before


def test_the_help_sits_right_under_its_own_field(qtbot):
    view = _form(qtbot, "naming")
    view.resize(700, 900)
    qtbot.wait(10)
    rows = list(view.rows.values())
    for row, following in zip(rows, rows[1:]):
        if not row.help.isVisible():
            continue
        to_own = row.help.y() - (row.editor.y() + row.editor.height())
        to_next = following.label.y() - (row.help.y() + row.help.height())
        assert to_own < to_next, (row.field.key, to_own, to_next)


def test_a_date_s_placeholder_shows_the_example_of_its_own_help(qtbot):
    """填报日期's placeholder said 2026-09-24 while its 释义 said 格式 2026-09-01."""
    forms = default_forms()
    view = FormView(forms["contacts"], forms)
    qtbot.addWidget(view)
    date = view.editor("fill_date")
    assert "2026-09-01" in view.rows["fill_date"].field.help
    assert date.placeholderText().startswith("如 2026-09-01（也可写 2026年9月1日")


def test_the_paste_note_stays_with_its_entry(qtbot):
    """"已粘贴 4 行信息项。" stayed on the next entry shown."""
    from govcat_desktop.domain.models import InfoItem

    forms = default_forms()
    view = FormView(forms["catalog"], forms, page="items")
    qtbot.addWidget(view)
    view.set_record(CatalogEntry())
    editor = view.editor("items")
    assert editor.paste("姓名\n公民身份号码\n出生日期\n住址") == 4
    assert editor.status.text().startswith("已粘贴 4 行")
    view.set_record(CatalogEntry(name="另一条", items=[InfoItem(name="证照编号")]))
    assert editor.status.text() == ""
