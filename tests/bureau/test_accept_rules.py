"""The bureau's 审核通过 follows the unit's own rule for 已审核 (issue 24: one rule on every path): an entry that
still has an error is refused with one sentence — by the command, in the window and by `govcat review` (exit 2) —
and nothing is written; 退回 is how the bureau sends it back. Before, the bureau could accept an entry that the unit
itself could not have marked 已审核 (民办非企业单位登记证书 without its 资源摘要, seen in a real-window trial)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcat_desktop.cli import main as cli_main
from govcat_desktop.services.bureau import records
from govcat_desktop.services.bureau.commands import MarkEntry
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.commands import UndoStack
from govcat_desktop.services.rules import Refused
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile
from tests import factories as f
from tests.bureau.conftest import bureau_info
from tests.ui.fakes import Told

SAID = "目录“结婚证”还有 1 个错误"


@pytest.fixture
def city(tmp_path: Path) -> Path:
    project = f.valid_project("市直部门")
    project.info.org_name = "阳泉市民政局"
    project.matters[0].entries[0].summary = ""  # 资源摘要 is required: an error
    project.matters[0].entries.append(f.entry("离婚证"))
    unit = f.write_project(tmp_path / "民政局.govcat", project)
    path = tmp_path / "阳泉市大数据局.govcat"
    store = ProjectFile.create(path, bureau_info())
    try:
        merge(store, [unit])
    finally:
        store.close()
    return path


def _rows(session) -> dict[str, tuple]:
    return {r[3]: r for r in records.review_rows(session, None)}


def test_the_command_refuses_an_entry_with_errors_and_takes_one_without(city) -> None:
    session = Session.open(city)
    try:
        rows = _rows(session)
        history = UndoStack(session)
        with pytest.raises(Refused) as refused:
            history.push(MarkEntry(rows["结婚证"][0], "已审核"))
        assert refused.value.message.startswith(SAID) and "资源摘要" in refused.value.message
        assert _rows(session)["结婚证"][6] == "" and not history.can_undo
        history.push(MarkEntry(rows["离婚证"][0], "已审核"))
        history.push(MarkEntry(rows["结婚证"][0], "退回", "请补充资源摘要。"))
        assert _rows(session)["离婚证"][6] == "已审核" and _rows(session)["结婚证"][6] == "退回"
    finally:
        session.close()


def test_govcat_review_exits_2_with_the_sentence(city, capsys) -> None:
    args = ["review", str(city), "--unit", "阳泉市民政局", "--entry", "结婚证", "--decision", "已审核"]
    assert cli_main(args) == 2
    assert SAID in capsys.readouterr().err
    session = Session.open(city, readonly=True)
    try:
        assert _rows(session)["结婚证"][6] == ""
    finally:
        session.close()


def test_the_window_says_it_and_keeps_the_row(win, city) -> None:
    told = Told(win)
    win.open_project(city)
    page = win.show_page("bureau")
    row = next(r for r in range(page.entries.rowCount()) if page.entries.item(r, 2).text() == "结婚证")
    page.entries.selectRow(row)
    page.approve()
    assert page.entries.item(row, 5).text() == "" and SAID in told[-1]
    assert not win.workspace.history.can_undo
