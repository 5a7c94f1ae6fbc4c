"""The bureau page's merge is a step of the window's history (issue 24 item 5): the page repaints from the step's
Changes (not a whole-window refresh), 编辑 ▸ 撤销 takes the merged units off the board and the review list again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction

from govcat_desktop.storage import ProjectFile
from tests.bureau.conftest import bureau_info
from tests.bureau.test_intake_trust import _unit
from tests import factories as F


def _names(table) -> set[str]:
    return {table.item(r, 0).text() for r in range(table.rowCount())}


def _spy(win, page, monkeypatch) -> tuple[list, list]:
    applied: list = []
    refreshed: list = []
    apply = page.apply
    monkeypatch.setattr(page, "apply", lambda changes: (applied.append(changes), apply(changes)))
    monkeypatch.setattr(win, "refresh", lambda: refreshed.append(True))
    return applied, refreshed


def test_merge_from_the_page_then_ctrl_z(win, units, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "阳泉市大数据局.govcat"
    ProjectFile.create(path, bureau_info()).close()
    win.open_project(path)
    page = win.show_page("bureau")
    applied, refreshed = _spy(win, page, monkeypatch)
    win.interaction.answers["选择各单位报送的文件"] = [str(units["minzheng"]), str(units["ziran"])]
    page.merge_files()
    assert _names(page.board) == {"阳泉市民政局", "阳泉市规划和自然资源局"}
    assert {page.entries.item(r, 0).text() for r in range(page.entries.rowCount())} == _names(page.board)
    assert not refreshed and [c.bureau for c in applied] == [{"units"}]  # repainted from the step, not refresh()
    undo = win.findChild(QAction, "action_undo")
    assert undo.isEnabled() and undo.text() == "撤销 汇总 2 个单位的报送材料"
    undo.trigger()  # 编辑 ▸ 撤销 (Ctrl+Z)
    assert page.board.rowCount() == 0 and page.entries.rowCount() == 0
    assert not refreshed and [c.bureau for c in applied] == [{"units"}, {"units"}]
    assert win.session.store.conn.execute("SELECT count(*) FROM unit").fetchone()[0] == 0
    win.findChild(QAction, "action_redo").trigger()
    assert _names(page.board) == {"阳泉市民政局", "阳泉市规划和自然资源局"}


def test_held_file_taken_from_the_page_is_undoable(win, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "阳泉市大数据局.govcat"
    ProjectFile.create(path, bureau_info()).close()
    first = _unit(tmp_path / "in", "minzheng.govcat", "阳泉市民政局", F.VALID_USCC)
    renamed = _unit(tmp_path / "in", "renamed.govcat", "阳泉市民政厅", F.VALID_USCC)
    win.open_project(path)
    page = win.show_page("bureau")
    win.interaction.answers["选择各单位报送的文件"] = [str(first), str(renamed)]
    page.merge_files()
    assert page.held.table.rowCount() == 1 and page.held.table.item(0, 0).text() == "待定"
    applied, refreshed = _spy(win, page, monkeypatch)
    page.held.table.selectRow(0)
    page.held.decide(take=True)
    assert page.held.table.rowCount() == 0 and not refreshed and applied
    assert win.workspace.history.undo_text == "作为同一单位接收“renamed.govcat”"
    win.findChild(QAction, "action_undo").trigger()
    assert page.held.table.rowCount() == 1 and page.held.table.item(0, 0).text() == "待定"
