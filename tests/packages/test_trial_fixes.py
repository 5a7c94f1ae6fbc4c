"""What the real-window trial of issue 23 found (区行政审批局, 344 matters, three 科室), each fixed and held here:
分配承办科室 asked a name in a multi-line box (Enter made a new line, the names already used had to be retyped),
a project opened by a relative path offered "." as the packages' folder, the overview per 承办科室 cut its last row
and pushed the last column to the window's edge, the merge listed "草稿未确认：否"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QPlainTextEdit

from govcat_desktop.services.package_merge import plan_merge
from govcat_desktop.services import packages
from govcat_desktop.services.session import Session
from govcat_desktop.ui import package_actions
from govcat_desktop.ui.dialogs import QtInteraction
from govcat_desktop.services.commands import UpdateEntry
from tests import factories as f
from tests.packages.helpers import assign, do, unit
from tests.ui.fakes import FakeContext


def test_assigning_asks_one_line_offering_the_names_in_use_and_enter_accepts(qtbot, tmp_path: Path) -> None:
    session = Session.open(unit(tmp_path / "审批局.govcat"))
    assign(session, ["A1"], "登记科")
    assign(session, ["B1"], "审批一科")
    context = FakeContext(session, QtInteraction())
    a2 = next(m for m in session.project.matters if m.code == "A2")
    seen: dict = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        combo = dialog.findChild(QComboBox) if isinstance(dialog, QInputDialog) else None
        seen["multiline"] = dialog.findChild(QPlainTextEdit) is not None and dialog.findChild(QPlainTextEdit).isVisible()
        seen["items"] = [combo.itemText(i) for i in range(combo.count())] if combo is not None else []
        seen["editable"] = combo is not None and combo.isEditable()
        if not seen["editable"]:  # not the one-line question: close it, the assertions below say what was wrong
            dialog.reject()
            return
        combo.setEditText("登记科")
        qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)  # Enter accepts: no line break in a name

    QTimer.singleShot(0, answer)
    assert package_actions.assign_matters(context, [a2.id])
    assert seen == {"multiline": False, "items": ["登记科", "审批一科"], "editable": True}
    assert a2.assignee == "登记科" and session.matters[a2.id].assignee == "登记科"
    # a matter already assigned: its 科室 is there to keep or change
    b1 = next(m for m in session.project.matters if m.code == "B1")

    def keep() -> None:
        dialog = QApplication.activeModalWidget()
        seen["current"] = dialog.textValue()
        dialog.reject()

    QTimer.singleShot(0, keep)
    assert not package_actions.assign_matters(context, [b1.id])
    assert seen["current"] == "审批一科" and session.matters[b1.id].assignee == "审批一科"
    session.close()


def test_a_project_opened_by_a_relative_path_offers_its_own_folder(win, tmp_path: Path, monkeypatch) -> None:
    home = unit(tmp_path / "审批局.govcat")
    s = Session.open(home)
    assign(s, ["A1"], "登记科")
    s.close()
    monkeypatch.chdir(tmp_path)
    assert win.open_project("审批局.govcat")  # as `govcat-desktop 审批局.govcat` from a terminal
    assert win.session.path == home
    offered = []

    def answer(rows, start):
        offered.append(start)
        return None

    win.interaction.answers["导出工作包"] = answer
    assert win.extensions["package_actions"].export_packages() == []
    assert offered == [str(tmp_path)]


def test_the_overview_per_assignee_shows_every_row_whole(win, tmp_path: Path) -> None:
    home = unit(tmp_path / "审批局.govcat")
    s = Session.open(home)
    assign(s, ["A1", "A2"], "登记科")
    assign(s, ["B1"], "审批一科")
    s.close()
    assert win.open_project(home)
    win.show_page("overview")
    table = win.pages["overview"].assignees.table
    QApplication.processEvents()
    assert table.rowCount() == 3  # 登记科, 审批一科, （未分配）
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    assert table.viewport().height() >= rows  # the last row is not cut
    header = table.horizontalHeader()
    last = header.sectionSize(table.columnCount() - 1)
    assert last < 200, last  # 未确认的草稿 is as wide as its header, its number beside it


def test_the_merge_says_a_draft_was_confirmed_in_words(tmp_path: Path) -> None:
    project = f.valid_project()
    a1 = f.matter("A1", "企业设立登记", [f.entry("营业执照", unconfirmed=True)])
    a1.assignee = "登记科"
    project.matters = [a1]
    home = f.write_project(tmp_path / "审批局.govcat", project)
    s = Session.open(home)
    cut = packages.export_package(s, "登记科", tmp_path / "包.govcat")
    s.close()
    p = Session.open(cut.path)
    entry = p.project.matters[0].entries[0]
    assert entry.unconfirmed
    do(p, UpdateEntry(entry.model_copy(deep=True), entry.model_copy(update={"unconfirmed": False})))
    p.close()
    s = Session.open(home)
    assert plan_merge(s, cut.path).changes == ["目录“营业执照”：草稿已经人工确认"]
    s.close()


def test_a_package_reassigning_its_matters_is_told_not_merged(tmp_path: Path) -> None:
    """The trial: a 科室 can type in its package's 承办科室 column; the merge kept the coordinator's silently."""
    home = unit(tmp_path / "审批局.govcat")
    s = Session.open(home)
    assign(s, ["A1", "A2"], "登记科")
    cut = packages.export_package(s, "登记科", tmp_path / "包.govcat")
    s.close()
    p = Session.open(cut.path)
    assign(p, ["A2"], "综合科")
    p.close()
    s = Session.open(home)
    plan = plan_merge(s, cut.path)
    assert [x for x in plan.flags if "承办科室" in x] == [
        "科室把事项“企业变更登记”的承办科室改为“综合科”，未合并（分工由本单位决定，可在“承办科室”列修改）。"]
    assert s.matters[next(m.id for m in s.project.matters if m.code == "A2")].assignee == "登记科"
    s.close()
