"""The 承办科室 column takes a paste (Ctrl+V of TSV from Excel/WPS) and 查找替换 like any other cell: the matters of
the rows get it, in one undoable command, through services.bulk (the path of a cell edit); a name no one can be is
refused whole with a sentence."""

from __future__ import annotations

from pathlib import Path

from govcat_desktop.services import bulk
from govcat_desktop.services import entry_cells as EC
from govcat_desktop.services.commands import UndoStack
from govcat_desktop.services.session import Session
from govcat_desktop.ui.grid.model import ENTRY_ROLE, KEYS
from tests.packages.helpers import assign, state, unit


def _ids(session: Session) -> list[int]:
    return [e.id for m in session.project.matters for e in m.entries]


def _assignees(session: Session) -> list[str]:
    return [m.assignee for m in session.project.matters]


def test_paste_into_the_assignee_column_assigns_the_matters_undoably(tmp_path: Path) -> None:
    session = Session.open(unit(tmp_path / "审批局.govcat"))
    history = UndoStack(session)
    before = state(session)
    keys = [EC.ASSIGNEE, "summary"]
    plan = bulk.paste(session, "登记科\n登记科\n规划科\n", _ids(session), EC.ASSIGNEE, keys)
    assert plan.command is not None and plan.updated == 3 and not plan.problems
    history.push(plan.command)
    assert _assignees(session) == ["登记科", "登记科", "规划科", ""]
    history.undo()
    assert state(session) == before
    history.redo()
    assert _assignees(session) == ["登记科", "登记科", "规划科", ""]
    # with another column beside it: both in the same command
    plan = bulk.paste(session, "综合科\t新的摘要\n", _ids(session)[3:], EC.ASSIGNEE, keys)
    assert plan.updated == 1
    history.push(plan.command)
    assert _assignees(session)[3] == "综合科" and session.project.matters[3].entries[0].summary == "新的摘要"
    history.undo()
    assert _assignees(session)[3] == "" and session.project.matters[3].entries[0].summary != "新的摘要"
    session.close()


def test_a_pasted_assignee_no_one_can_be_is_refused_whole(tmp_path: Path) -> None:
    session = Session.open(unit(tmp_path / "审批局.govcat"))
    before = state(session)
    plan = bulk.paste(session, "登记科\t摘要\n登\u200b记科\t摘要\n", _ids(session), EC.ASSIGNEE,
                      [EC.ASSIGNEE, "summary"])
    assert plan.command is None and "控制字符" in plan.problems[0] and "承办科室" in plan.problems[0]
    assert state(session) == before
    session.close()


def test_find_replace_in_the_assignee_column(tmp_path: Path) -> None:
    session = Session.open(unit(tmp_path / "审批局.govcat"))
    assign(session, ["A1", "A2"], "登记科")
    assign(session, ["B1"], "规划科")
    history = UndoStack(session)
    command = bulk.find_replace(session, _ids(session), EC.ASSIGNEE, "登记", "注册")
    assert command is not None and command.count == 2 and "承办科室" in command.text
    history.push(command)
    assert _assignees(session) == ["注册科", "注册科", "规划科", ""]
    history.undo()
    assert _assignees(session) == ["登记科", "登记科", "规划科", ""]
    assert bulk.find_replace(session, _ids(session), EC.ASSIGNEE, "人社", "x") is None  # nothing found
    refused = bulk.find_replace(session, _ids(session), EC.ASSIGNEE, "规划", "规\u200b划")
    assert refused is not None and refused.count == 0 and "控制字符" in refused.refusal
    session.close()


def test_ctrl_v_and_find_replace_on_the_assignee_column_in_the_window(win, tmp_path: Path) -> None:
    assert win.open_project(unit(tmp_path / "审批局.govcat"))
    session = win.session
    page = win.extensions["grid"]
    win.show_page("grid")
    col = KEYS.index(EC.ASSIGNEE)
    first = next(r for r in range(page.proxy.rowCount()) if page.proxy.index(r, 0).data(ENTRY_ROLE) == _ids(session)[0])
    page.view.setCurrentIndex(page.proxy.index(first, page.proxy.mapFromSource(page.model.index(0, col)).column()))
    assert page.paste("登记科\n登记科\n")
    assert sorted(_assignees(session)) == ["", "", "登记科", "登记科"]
    assert "已粘贴：修改 2 个" in win.statusBar().currentMessage() + "".join(t for _t, t in win.interaction.told)
    win.undo()
    assert _assignees(session) == [""] * 4
    win.redo()
    page.view.selectAll()
    page.find_replace()
    dialog = page.dialog
    dialog.column.setCurrentIndex(dialog.column.findData(EC.ASSIGNEE))
    dialog.find.setText("登记")
    dialog.replace.setText("注册")
    assert "将修改 2 个目录" in dialog.status.text() and dialog.ok.isEnabled()
    dialog.ok.click()
    assert sorted(_assignees(session)) == ["", "", "注册科", "注册科"]
    win.undo()
    assert sorted(_assignees(session)) == ["", "", "登记科", "登记科"]
