"""Issue 23 in the window: the 承办科室 column (grid, tree, 批量设置, undo), the overview per assignee, 导出工作包…,
合并工作包… with the conflict dialog (one undoable command), a package opened in the app (says so, refuses the
submission export, hands itself back). The user is scripted through Interaction.answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from govcat_desktop.services import entry_cells as EC
from govcat_desktop.services import packages
from govcat_desktop.services.commands import UpdateEntry
from govcat_desktop.services.package_merge import MINE, THEIRS
from govcat_desktop.services.session import Session
from govcat_desktop.ui.grid.model import KEYS
from govcat_desktop.ui.package_merge_dialog import PackageExportDialog, PackageMergeDialog
from tests.packages.helpers import add, assign, edit, state, unit
from tests import factories as f


def _open(win, path: Path):
    assert win.open_project(path)
    return win.session


def _row(page, entry_name: str) -> int:
    session = page.ctx.session
    return next(n for n, e in enumerate(page.model.rows) if session.entries[e][1].name == entry_name)


def _matter(session: Session, code: str):
    return next(m for m in session.project.matters if m.code == code)


def _entry(session: Session, name: str):
    return next(e for _m, e in session.entries.values() if e.name == name)


def test_the_assignee_column_edits_bulk_sets_and_undoes(win, tmp_path: Path) -> None:
    session = _open(win, unit(tmp_path / "审批局.govcat"))
    page = win.extensions["grid"]
    win.show_page("grid")
    col = KEYS.index(EC.ASSIGNEE)
    cell = page.model.index(_row(page, "营业执照"), col)
    assert page.model.flags(cell) & page.model.flags(cell).ItemIsEditable
    assert page.model.setData(cell, "登记科")  # what the cell's editor commits
    assert _matter(session, "A1").assignee == "登记科"
    assert page.model.data(cell) == "登记科"
    tree = win.pages["catalog"].model
    a1 = tree.index_of("matter", _matter(session, "A1").id)
    assert tree.headerData(3, Qt.Orientation.Horizontal) == "承办科室"
    assert tree.data(a1.siblingAtColumn(3)) == "登记科"
    overview = win.pages["overview"].assignees
    assert not overview.isHidden() and "登记科｜1｜0｜1｜0｜0" in overview.text()
    # a name no one can be: refused with a sentence, nothing written
    assert not page.model.setData(cell, "登记\u200b科")
    assert _matter(session, "A1").assignee == "登记科"
    assert "控制字符" in win.statusBar().currentMessage() + "".join(t for _t, t in win.interaction.told)
    # 批量设置 on every row: the matters of the selected entries, one undoable edit
    page.view.selectAll()
    page.view.setCurrentIndex(page.proxy.mapFromSource(page.model.index(0, col)))
    page.view.selectAll()
    page.bulk_set()
    dialog = page.dialog
    assert dialog.field.currentData() == EC.ASSIGNEE
    dialog.editors[EC.ASSIGNEE].setText("综合科")
    dialog.update_now()
    assert "将修改 4 个目录" in dialog.status.text() and dialog.ok.isEnabled()
    dialog.ok.click()
    assert [m.assignee for m in session.project.matters] == ["综合科"] * 4
    assert "综合科｜4｜0｜4" in overview.text()
    win.undo()
    assert [m.assignee for m in session.project.matters] == ["登记科", "", "", ""]
    win.undo()
    assert [m.assignee for m in session.project.matters] == [""] * 4
    assert overview.isHidden()  # nobody assigned anything: nothing new on the overview


def test_the_tree_menu_assigns_a_matter(win, tmp_path: Path) -> None:
    session = _open(win, unit(tmp_path / "审批局.govcat"))
    catalog = win.pages["catalog"]
    win.show_page("catalog")
    b1 = _matter(session, "B1")
    assert catalog.focus(("matter", b1.id), "")
    win.interaction.answers["分配承办科室"] = "规划科"
    action = dict(catalog.context_actions())["分配承办科室…"]
    assert action()
    assert _matter(session, "B1").assignee == "规划科"
    win.undo()
    assert _matter(session, "B1").assignee == ""


@pytest.fixture
def divided(tmp_path: Path) -> Path:
    home = unit(tmp_path / "审批局.govcat")
    s = Session.open(home)
    assign(s, ["A1", "A2"], "登记科")
    assign(s, ["B1"], "规划科")
    s.close()
    return home


def _export(win, tmp_path: Path, which=None) -> list[Path]:
    folder = tmp_path / "工作包"
    folder.mkdir(exist_ok=True)
    seen = []

    def answer(rows, start):
        seen.append([(r.assignee, r.matters, r.entries) for r in rows])
        return ([r.assignee for r in rows] if which is None else which), str(folder)

    win.interaction.answers["导出工作包"] = answer
    written = win.extensions["package_actions"].export_packages()
    assert seen == [[("登记科", 2, 2), ("规划科", 1, 1)]]
    return written


def test_export_fill_merge_with_a_decision_and_undo(win, tmp_path: Path, divided: Path, qtbot) -> None:
    session = _open(win, divided)
    written = _export(win, tmp_path)
    assert [p.name for p in written] == ["城区行政审批服务管理局-登记科-工作包.govcat",
                                         "城区行政审批服务管理局-规划科-工作包.govcat"]
    assert "已导出 2 个工作包" in win.interaction.told[-1][1]
    pkg = written[0]
    s = Session.open(pkg)  # the 科室 fills its package elsewhere
    assert [m.code for m in s.project.matters] == ["A1", "A2"]
    edit(s, "营业执照", summary="登记科的摘要")
    edit(s, "变更登记通知书", domain="市场监管")
    add(s, "A2", f.entry("企业变更备案"))
    s.close()
    old = _entry(session, "营业执照")  # the coordinator edits the same field meanwhile
    assert win.push(UpdateEntry(old.model_copy(deep=True), old.model_copy(update={"summary": "本单位的摘要"})))
    before = state(session)
    shown = []

    def decide(plan):
        dialog = PackageMergeDialog(win, plan)
        qtbot.addWidget(dialog)
        table = dialog.table
        shown.append([table.item(0, c).text() for c in range(6)])
        assert not dialog.ok.isEnabled() and "还有 1 处冲突未决定" in dialog.status.text()
        assert dialog.tabs.tabText(1) == "新增（1）" and dialog.tabs.tabText(2) == "修改（1）"
        table.selectRow(0)
        dialog.decide_entry(THEIRS)  # per entry: every conflict of 营业执照 from the 科室
        assert dialog.ok.isEnabled()
        return dialog.decisions()

    win.interaction.answers["选择交回的工作包"] = [str(pkg)]
    win.interaction.answers["合并工作包"] = decide
    assert win.extensions["package_actions"].merge_packages() == 1
    matter, entry, _label, *sides = shown[0]  # 原值 / 本单位 / 科室 side by side
    assert (matter, entry, sides) == ("企业设立登记", "营业执照", [f.entry().summary, "本单位的摘要", "登记科的摘要"])
    assert _entry(session, "营业执照").summary == "登记科的摘要"
    assert _entry(session, "变更登记通知书").domain == "市场监管"
    assert _entry(session, "企业变更备案") is not None
    assert win.history.undo_command.text == "合并“登记科”的工作包"
    win.undo()  # Ctrl+Z: the whole merge at once
    assert state(session) == before
    win.redo()
    assert _entry(session, "营业执照").summary == "登记科的摘要"
    assert win.extensions["package_actions"].merge_packages([str(pkg)]) == 0  # merged twice: nothing changes
    assert "都已合并过" in win.interaction.told[-1][1]


def test_nothing_is_overwritten_without_a_decision(win, tmp_path: Path, divided: Path) -> None:
    session = _open(win, divided)
    pkg = _export(win, tmp_path)[0]
    s = Session.open(pkg)
    edit(s, "营业执照", summary="登记科的摘要")
    s.close()
    old = _entry(session, "营业执照")
    win.push(UpdateEntry(old.model_copy(deep=True), old.model_copy(update={"summary": "本单位的摘要"})))
    before = state(session)
    win.interaction.answers["合并工作包"] = None  # the dialog cancelled
    assert win.extensions["package_actions"].merge_packages([str(pkg)]) == 0
    win.interaction.answers["合并工作包"] = {}  # no decision (the headless path): refused, with the sentence
    assert win.extensions["package_actions"].merge_packages([str(pkg)]) == 0
    assert "还有 1 处冲突未决定" in win.interaction.told[-1][1]
    assert state(session) == before
    win.interaction.answers["合并工作包"] = lambda plan: {plan.conflicts[0].key: MINE}
    assert win.extensions["package_actions"].merge_packages([str(pkg)]) == 1
    assert _entry(session, "营业执照").summary == "本单位的摘要"


def test_a_package_of_another_unit_is_refused_in_the_window(win, tmp_path: Path, divided: Path) -> None:
    alien_home = unit(tmp_path / "人社局.govcat", name="城区人力资源和社会保障局")
    s = Session.open(alien_home)
    assign(s, ["A1"], "登记科")
    alien = packages.export_package(s, "登记科", tmp_path / "人社局登记科.govcat").path
    s.close()
    session = _open(win, divided)
    before = state(session)
    assert win.extensions["package_actions"].merge_packages([str(alien)]) == 0
    title, text = win.interaction.told[-1]
    assert title == "无法合并" and "城区人力资源和社会保障局" in text and "不是本单位" in text
    assert state(session) == before


def test_a_package_in_the_app_says_so_refuses_the_submission_and_hands_back(win, tmp_path: Path,
                                                                             divided: Path) -> None:
    session = _open(win, divided)
    pkg = _export(win, tmp_path)[0]
    win.set_session(None)
    session = _open(win, pkg)
    assert "【工作包：登记科" in win.windowTitle()
    assert win.findChild(type(win.save_state), "package_state").text().startswith("工作包：登记科（城区行政审批服务管理局，导出于 ")
    actions = win.extensions["package_actions"]
    # a normal project: the grid edits, the validation runs
    page = win.extensions["grid"]
    cell = page.model.index(_row(page, "营业执照"), KEYS.index("summary"))
    assert page.model.setData(cell, "登记科填写的摘要")
    assert _entry(session, "营业执照").summary == "登记科填写的摘要"
    win.validate_now()
    # 导出报送 refused with the sentence, before any question
    win.interaction.answers["导出"] = ("catalog", str(tmp_path / "报送"))
    asked = len(win.interaction.asked)
    assert win.extensions["exchange_actions"].export() == []
    assert [t for t, _x in win.interaction.asked[asked:]] == ["导出"]
    assert "不能直接报送市大数据局" in win.interaction.told[-1][1]
    assert not (tmp_path / "报送").exists()
    # 导出工作包（交回）
    back = tmp_path / "交回" / "登记科-交回.govcat"
    back.parent.mkdir()
    win.interaction.answers["导出工作包（交回）"] = str(back)
    assert actions.hand_back() == back
    win.set_session(None)
    home = Session.open(divided)
    try:
        from govcat_desktop.services.package_merge import plan_merge

        plan = plan_merge(home, back)
        assert any("登记科填写的摘要" in c for c in plan.changes) and not plan.conflicts
    finally:
        home.close()


def test_the_actions_a_package_and_a_unit_offer(win, tmp_path: Path, divided: Path) -> None:
    actions = win.extensions["package_actions"]
    _open(win, divided)
    assert (actions.export_action.isVisible(), actions.merge_action.isVisible(), actions.return_action.isVisible()) \
        == (True, True, False)
    pkg = _export(win, tmp_path)[0]
    win.set_session(None)
    _open(win, pkg)
    assert (actions.export_action.isVisible(), actions.merge_action.isVisible(), actions.return_action.isVisible()) \
        == (False, False, True)
    win.interaction.answers["选择交回的工作包"] = [str(pkg)]
    assert actions.merge_packages() == 0  # even when reached another way: refused with the sentence
    assert "当前打开的是工作包" in win.interaction.told[-1][1]


def test_export_dialog_ticks_every_assignee(qtbot, tmp_path: Path) -> None:
    rows = [packages.AssigneeRow("登记科", 2, 3), packages.AssigneeRow("规划科", 1, 1)]
    dialog = PackageExportDialog(None, rows, str(tmp_path))
    qtbot.addWidget(dialog)
    assert dialog.chosen() == ["登记科", "规划科"]
    dialog.list.item(0).setCheckState(dialog.list.item(0).checkState().Unchecked)
    assert dialog.chosen() == ["规划科"]
