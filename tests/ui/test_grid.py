"""目录总表 driven by keyboard: models pass qtmodeltester, cells edit with the forms' editors, every edit undoes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from govcat_desktop.domain.models import Matter
from govcat_desktop.services.commands import AddMatter
from govcat_desktop.ui import grid as grid_ext
from govcat_desktop.ui.grid.model import KEYS
from govcat_desktop.ui.widgets import VocabCombo
from tests.ui.conftest import type_text


def _page(window):
    page = grid_ext.install(window.context)
    page.set_session()
    window.show_page("grid")
    page.view.setFocus()
    return page


def _go(page, row: int, key: str):
    index = page.proxy.index(row, KEYS.index(key))
    page.view.setCurrentIndex(index)
    return index


def test_models_pass_the_model_tester(qtmodeltester, opened):
    page = _page(opened)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    page.generate_drafts()  # no matter without entry in the fixture: still a valid model
    opened.push(AddMatter(Matter(code="111403000777", name="失业登记")))
    assert page.generate_drafts() == 1
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    qtmodeltester.check(page.items.model)


def test_enter_edits_a_vocabulary_cell_with_the_forms_combo_and_undo(qtbot, opened):
    window = opened
    page = _page(window)
    entry_id = page.model.rows[0]
    _go(page, 0, "network")
    QTest.keyClick(page.view, Qt.Key.Key_Return)
    editor = QGuiApplication.focusObject()
    combo = editor if isinstance(editor, VocabCombo) else editor.parent()
    assert isinstance(combo, VocabCombo) and combo.vocab.key == "network"
    assert "网络环境" in combo.toolTip()  # 释义
    combo.lineEdit().selectAll()
    type_text(combo.lineEdit(), "互联网")
    QTest.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert window.session.entries[entry_id][1].network == "互联网"
    assert window.session.store.load_entries(window.session.entries[entry_id][0].id)[0].network == "互联网"
    QTest.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.entries[entry_id][1].network == "政务外网"


def test_typing_starts_editing_and_live_findings_show(qtbot, opened):
    window = opened
    page = _page(window)
    entry_id = page.model.rows[0]
    before = window.session.entries[entry_id][1].summary
    _go(page, 0, "summary")
    QTest.keyClick(page.view, Qt.Key.Key_F2)
    editor = QGuiApplication.focusObject()
    assert "资源摘要" in editor.toolTip()  # 释义
    editor.selectAll()
    QTest.keyClick(editor, Qt.Key.Key_Backspace)
    assert "资源摘要" in page.live_label.text()  # required: shown while typing, before anything is saved
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert window.session.entries[entry_id][1].summary == before


def test_a_short_closed_list_is_a_plain_drop_down_in_the_cell(qtbot, opened):
    window = opened
    page = _page(window)
    entry_id = page.model.rows[0]
    _go(page, 0, "share_type")
    QTest.keyClick(page.view, Qt.Key.Key_Return)
    combo = QGuiApplication.focusObject()
    assert isinstance(combo, VocabCombo) and combo.fixed
    combo.setCurrentIndex(combo.findText("无条件共享"))
    combo.activated.emit(combo.currentIndex())  # picking from the list ends the edit
    assert window.session.entries[entry_id][1].share_type == "无条件共享"
    window.undo()
    assert window.session.entries[entry_id][1].share_type == "有条件共享"


def test_copy_paste_fill_down_delete_by_keyboard(qtbot, opened, monkeypatch):
    window = opened
    page = _page(window)
    session = window.session
    matter = session.project.matters[0]
    for n in range(3):
        window.push(AddMatter(Matter(code=f"11140300010{n}", name=f"事项{n}")))
    page.generate_drafts()
    assert page.accept_all()
    assert page.model.rowCount() == 4
    page.clear_filters()
    # Ctrl+C of two cells of the first row, Ctrl+V onto the second row.
    first = _go(page, 0, "summary")
    page.view.selectionModel().select(page.proxy.index(0, KEYS.index("domain")), page.view.selectionModel().SelectionFlag.Select)
    QTest.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(matter.entries[0].summary)
    _go(page, 1, "summary")
    QTest.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    second = page.model.rows[1]
    assert session.entries[second][1].summary == matter.entries[0].summary
    # Ctrl+D: 网络环境 of row 1 down to rows 2..4 (select the column range with Shift+Down).
    _go(page, 0, "network")
    for _ in range(3):
        QTest.keyClick(page.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(page.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len({session.entries[i][1].network for i in page.model.rows}) == 1
    # Delete clears the selected cells; the error count comes first (a required field): the test says yes.
    asked = []
    page.ctx.interaction.answers["修改会产生错误"] = lambda text: asked.append(text) or True
    _go(page, 3, "summary")
    QTest.keyClick(page.view, Qt.Key.Key_Delete)
    assert session.entries[page.model.rows[3]][1].summary == ""
    assert asked and "个错误" in asked[0]
    QTest.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.entries[page.model.rows[3]][1].summary != ""
    assert first.isValid()


def test_filter_by_pinyin_state_and_problems(qtbot, opened):
    window = opened
    page = _page(window)
    for n, name in enumerate(("失业登记", "创业补贴申请")):
        window.push(AddMatter(Matter(code=f"11140300020{n}", name=name)))
    page.generate_drafts()
    page.accept_all()
    page.clear_filters()
    page.column.setCurrentIndex(page.column.findText("目录名称"))
    page.search.setText("cybt")  # 创业补贴 by pinyin initials
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    assert page.proxy.rowCount() == 1
    assert "创业补贴" in page.proxy.index(0, KEYS.index("name")).data()
    page.search.clear()
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    page.state.setCurrentIndex(page.state.findText("未确认草稿"))
    assert page.proxy.rowCount() == 2
    page.state.setCurrentIndex(0)
    window.validate_now()
    page.problems.setCurrentIndex(page.problems.findText("有提醒"))
    assert page.proxy.rowCount() >= 2  # the drafts carry 草稿未经人工确认


def test_columns_can_be_hidden_and_the_frozen_view_follows(qtbot, opened):
    page = _page(opened)
    assert not page.view.frozen.isColumnHidden(KEYS.index("name"))
    assert page.view.frozen.isColumnHidden(KEYS.index("summary"))
    page.choose_columns()
    dialog = page.dialog
    dialog.set_checked(KEYS.index("summary"), False)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert page.view.isColumnHidden(KEYS.index("summary"))
    assert "summary" not in page.visible_keys()


def _ok(dialog):
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


def test_paste_from_excel_with_header_adds_rows_past_the_end(qtbot, opened, monkeypatch):
    window = opened
    page = _page(window)
    window.push(AddMatter(Matter(code="111403000900", name="收养登记")))
    matter = window.session.project.matters[0]
    text = ("事项编码\t事项名称\t目录名称\t资源摘要\r\n"
            f"{matter.code}\t{matter.name}\t结婚证（补）\t补发的结婚证\r\n"
            "111403000900\t收养登记\t收养登记证\t记录收养登记结果\r\n")
    QGuiApplication.clipboard().setText(text)
    asked = []
    page.ctx.interaction.answers["修改会产生错误"] = lambda text: asked.append(text) or True
    _go(page, 0, "matter.code")
    QTest.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert asked and "个错误" in asked[0]  # the new row lacks its attributes: said before pasting
    session = window.session
    assert session.entries[page.model.rows[0]][1].name == "结婚证（补）"
    adopted = [m for m in session.project.matters if m.code == "111403000900"][0]
    assert [e.name for e in adopted.entries] == ["收养登记证"]
    window.undo()  # one paste, one undo
    assert not [m for m in session.project.matters if m.code == "111403000900"][0].entries
    assert session.entries[page.model.rows[0]][1].name == "结婚证"


def test_find_replace_and_bulk_set_dialogs(qtbot, opened):
    window = opened
    page = _page(window)
    session = window.session
    entry_id = page.model.rows[0]
    _go(page, 0, "summary")
    page.find_replace()
    dialog = page.dialog
    dialog.find.setText("结婚证")
    dialog.replace.setText("结婚登记")
    assert "1 个目录" in dialog.status.text()
    _ok(dialog)
    assert "结婚登记信息" in session.entries[entry_id][1].summary
    _go(page, 0, "share_type")
    page.bulk_set()
    dialog = page.dialog
    assert dialog.field.currentData() == "share_type"
    assert "share_condition" in dialog.editors and "no_share_basis" in dialog.editors  # brought along by the form
    combo = dialog.editors["share_type"]
    combo.setCurrentIndex(combo.findText("不予共享"))
    combo.activated.emit(combo.currentIndex())
    assert "个错误" in dialog.status.text()  # 不予共享依据 missing, methods filled: said before applying
    dialog.reject()
    assert session.entries[entry_id][1].share_type == "有条件共享"


def test_reuse_duplicate_sharing_and_items(qtbot, opened, monkeypatch):
    window = opened
    page = _page(window)
    page.ctx.interaction.answers.update({"修改会产生错误": True, "删除目录": True})
    session = window.session
    for n in range(2):
        window.push(AddMatter(Matter(code=f"11140300030{n}", name=f"复用事项{n}")))
    source = page.model.rows[0]
    _go(page, 0, "name")
    page.duplicate()
    dialog = page.dialog
    targets = [m.id for m in session.project.matters if m.name.startswith("复用事项")]
    for t in targets:
        dialog.set_checked(t)
    _ok(dialog)
    assert all(len(session.matters[t].entries) == 1 for t in targets)
    copies = [session.matters[t].entries[0].id for t in targets]
    window.push(__import__("govcat_desktop.services.bulk", fromlist=["x"]).set_field(session, copies, "share_type", "无条件共享"))
    _go(page, 0, "name")
    page.take_sharing()
    for r in range(page.proxy.rowCount()):
        page.view.selectionModel().select(page.proxy.index(r, 0), page.view.selectionModel().SelectionFlag.Select)
    assert page.apply_sharing()
    assert {session.entries[i][1].share_type for i in copies} == {"有条件共享"}
    page.copy_items()
    dialog = page.dialog
    dialog.set_checked("library:居民身份证")
    _ok(dialog)
    assert "公民身份号码" in {i.name for i in session.entries[copies[0]][1].items}
    assert len(session.entries[source][1].items) > 4


def test_drafts_per_row_accept_reject_and_read_only(qtbot, opened, tmp_path):
    window = opened
    page = _page(window)
    for n, name in enumerate(("失业登记", "创业补贴申请", "职业指导")):
        window.push(AddMatter(Matter(code=f"11140300040{n}", name=name)))
    assert page.generate_drafts() == 3
    assert page.accept_all_btn.isVisibleTo(page)
    page.view.setCurrentIndex(page.proxy.index(0, KEYS.index("name")))
    page.reject_selected()
    assert len(page.model.drafts) == 2
    page.view.setCurrentIndex(page.proxy.index(0, KEYS.index("name")))
    assert page.accept_selected()
    assert len(page.model.drafts) == 1
    made = [e for m in window.session.project.matters for e in m.entries if e.unconfirmed]
    assert len(made) == 1
    window.undo()
    assert not [e for m in window.session.project.matters for e in m.entries if e.unconfirmed]
    # A project opened read-only: the grid shows it but takes no edits.
    path = window.session.path
    window.set_session(None)
    assert window.open_project(path, readonly=True)
    page.set_session()
    assert page.view.editTriggers() == page.view.EditTrigger.NoEditTriggers
    assert page.generate_drafts() == 0


def test_certificate_library_menu_is_grouped_by_department(qtbot, opened):
    from PySide6.QtWidgets import QToolButton

    from govcat_desktop.services.library import certificates

    page = _page(opened)
    menu = page.items.findChild(QToolButton, "item_library").menu()
    submenus = [a.menu() for a in menu.actions() if a.menu()]
    assert 5 < len(submenus) < 30
    assert sum(len(m.actions()) for m in submenus) == len(certificates())
    people = next(m for m in submenus if m.title() == "人力资源社会保障部门")
    assert any(a.text().startswith("劳务派遣经营许可证") for a in people.actions())


def test_sort_by_clicking_a_header(qtbot, opened):
    window = opened
    page = _page(window)
    for n, name in enumerate(("职业指导", "创业补贴申请", "失业登记")):
        window.push(AddMatter(Matter(code=f"11140300050{n}", name=name)))
    page.generate_drafts()
    page.accept_all()
    page.clear_filters()
    column = KEYS.index("name")
    from PySide6.QtCore import QPoint

    header = page.view.frozen.horizontalHeader()  # 目录名称 is a frozen column: its header is the overlay's
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(column) + 5, 5))
    names = [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())]
    assert names == sorted(names) and len(names) == 4
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(column) + 5, 5))
    assert [page.proxy.index(r, column).data() for r in range(page.proxy.rowCount())] == sorted(names, reverse=True)


def test_deleting_the_current_row_then_undo(qtbot, window, tmp_path, monkeypatch):
    """The row under the cursor is deleted: the grid resets without reading the removed entry (was a KeyError)."""
    from tests import factories as f

    project = f.valid_project()
    project.matters[0].entries.append(f.entry("离婚证"))
    assert window.open_project(f.write_project(tmp_path / "民政局.govcat", project))
    page = _page(window)
    page.ctx.interaction.answers.update({"修改会产生错误": True, "删除目录": True})
    first, second = page.model.rows
    _go(page, 1, "name")
    page.delete_selected()
    assert second not in window.session.entries and page.model.rows == [first]
    window.undo()
    assert page.model.rows == [first, second]


def test_confirm_drafts_asks_once_with_the_count_and_the_list(qtbot, opened, monkeypatch):
    """确认草稿 confirmed 144 drafts in one click without a question; now it lists them (name, matter, sharing) and
    confirms the ticked ones only."""
    from govcat_desktop.ui.grid.dialogs import ConfirmDraftsDialog

    window = opened
    page = _page(window)
    for n, name in enumerate(("失业登记", "创业补贴申请", "职业指导")):
        window.push(AddMatter(Matter(code=f"11140300050{n}", name=name)))
    assert page.generate_drafts() == 3
    page.accept_all()
    made = [e.id for m in window.session.project.matters for e in m.entries if e.unconfirmed]
    assert len(made) == 3
    seen: list[ConfirmDraftsDialog] = []

    def look(dialog) -> int:
        seen.append(dialog)
        assert dialog.windowTitle() == "确认 3 个草稿" and dialog.list.count() == 3
        assert "失业登记" in " ".join(dialog.list.item(i).text() for i in range(3))
        dialog.set_checked(made[0], False)
        assert dialog.ok.text() == "确认 2 个"
        return 1

    def answer(look):  # the dialog the clerk sees, built; `look` clicks (1: 确认, 0: 取消)
        return lambda session, pending: (lambda d: d.checked() if look(d) else [])(
            ConfirmDraftsDialog.build(window, session, pending))

    window.interaction.answers["确认草稿"] = answer(look)
    page.view.selectAll()
    assert page.confirm_selected()
    assert len(seen) == 1
    left = [e.id for m in window.session.project.matters for e in m.entries if e.unconfirmed]
    assert left == [made[0]]
    window.interaction.answers["确认草稿"] = answer(lambda dialog: 0)  # 取消: nothing changes
    page.view.selectAll()
    assert not page.confirm_selected()
    assert [e.id for m in window.session.project.matters for e in m.entries if e.unconfirmed] == [made[0]]
