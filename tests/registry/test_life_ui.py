"""Issue 22 in the window (1366×768): the grid's 与上次报送相比 filter, the overview's count, and the bureau's
有变化 filter, field diff, 注销 confirmation (undoable) and the board's count of changed entries."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.commands import DeleteEntry, UndoStack, UpdateEntry
from govcat_desktop.services.export import export_task
from govcat_desktop.storage import ProjectFile
from govcat_desktop.ui.grid.model import KEYS
from tests.registry.test_life import _city, _copy, _merge_and_accept, _resubmit, _unit


def test_the_grid_filters_the_entries_changed_since_the_last_submission(win, tmp_path: Path) -> None:
    s = _unit(tmp_path, 6)
    try:
        export_task(s, "catalog", tmp_path / "v1", pdf=False)
        e = s.project.matters[0].entries[0]
        UndoStack(s).push(UpdateEntry(e, e.model_copy(update={"summary": "改过"}, deep=True)))
        UndoStack(s).push(DeleteEntry(s.project.matters[4].entries[0].id))
    finally:
        s.close()
    assert win.open_project(tmp_path / "unit.govcat")
    page = win.show_page("grid")
    changes = page.changes
    assert page.proxy.rowCount() == 5
    changes.combo.setCurrentIndex(1)  # 有变化
    assert page.proxy.rowCount() == 1 and "新增 0、变更 1" in changes.combo.itemText(0)
    assert not page.view.isColumnHidden(KEYS.index("change_reason"))
    assert changes.withdrawn.isVisibleTo(page) and changes.withdrawn.text() == "注销 1"
    # an edit of another entry joins the filtered rows
    other = win.session.project.matters[1].entries[0]
    win.context.push(UpdateEntry(other, other.model_copy(update={"summary": "也改了"}, deep=True)))
    assert page.proxy.rowCount() == 2
    # the 注销 entry's reason, through the Interaction
    win.interaction.answers["注销的目录"] = 0
    win.interaction.answers["注销原因"] = 0  # 事项调整
    changes.edit_withdrawn()
    assert [(w.name, w.reason) for w in win.session.project.withdrawn] == [("目录4", "事项调整")]
    # an undoable step like a cell edit (Edit ▸ 撤销 names it)
    assert win.workspace.history.undo_text == "填写注销原因"
    win.context.step(win.workspace.history.undo)
    assert [(w.name, w.reason) for w in win.session.project.withdrawn] == [("目录4", "")]
    win.context.step(win.workspace.history.redo)
    assert [(w.name, w.reason) for w in win.session.project.withdrawn] == [("目录4", "事项调整")]
    overview = win.show_page("overview")
    assert "与上次报送相比（上次导出的第1版）：新增 0、变更 2、注销 1" in overview.counts.text()
    changes.combo.setCurrentIndex(0)
    assert page.proxy.rowCount() == 5


def test_the_bureau_sees_only_the_changes_their_diff_and_confirms_a_withdrawal(win, tmp_path: Path) -> None:
    s = _unit(tmp_path, 10)
    city = _city(tmp_path)
    try:
        first = _copy(export_task(s, "catalog", tmp_path / "v1", pdf=False))
        _merge_and_accept(city, first)
        _resubmit(s)
        second = _copy(export_task(s, "catalog", tmp_path / "v2", pdf=False))
    finally:
        s.close()
    with ProjectFile.open(city) as st:
        merge(st, [second])
    assert win.open_project(city)
    page = win.show_page("bureau")
    board = page.board_view.table
    assert board.item(0, 8).text() == "6"  # 2 新增 + 3 变更 + 1 注销 waiting
    review = page.changes
    review.filter.setCurrentIndex(1)  # 有变化
    entries = page.entries
    shown = [r for r in range(entries.rowCount()) if not entries.isRowHidden(r)]
    assert sorted(entries.item(r, 2).text() for r in shown) == ["新目录A", "新目录B", "目录0", "目录1", "目录2"]
    row = next(r for r in shown if entries.item(r, 2).text() == "目录1")
    entries.selectRow(row)
    assert "资源摘要：内地居民办理结婚登记后产生的结婚证信息。 → 改1" in review.diff.toPlainText()
    assert review.gone.rowCount() == 1 and review.gone.item(0, 2).text() == "目录5"
    review.gone.selectRow(0)
    review.confirm()
    assert review.gone.item(0, 4).text() == "已确认" and board.item(0, 8).text() == "5"
    win.context.step(win.workspace.history.undo)
    assert page.changes.gone.item(0, 4).text() == "待确认"
    # 不予注销 needs its note
    page.changes.gone.selectRow(0)
    win.interaction.answers["不予注销"] = "该事项仍在办理"
    page.changes.refuse()
    assert page.changes.gone.item(0, 4).text() == "不予注销：该事项仍在办理"
    assert entries.item(row, 0).data(Qt.ItemDataRole.UserRole) is not None


def test_the_bureau_exports_the_registration_by_difference_and_the_unit_hears_a_refused_withdrawal(
        win, tmp_path: Path) -> None:
    from PySide6.QtGui import QAction

    from govcat_desktop.services.bureau import life
    from govcat_desktop.services.bureau.review import export_feedback
    from govcat_desktop.storage.bureau_store import BureauStore

    s = _unit(tmp_path, 10)
    city = _city(tmp_path)
    try:
        _merge_and_accept(city, _copy(export_task(s, "catalog", tmp_path / "v1", pdf=False)))
        _resubmit(s)
        second = _copy(export_task(s, "catalog", tmp_path / "v2", pdf=False))
    finally:
        s.close()
    with ProjectFile.open(city) as st:
        merge(st, [second])
        row = life.find_withdrawn(st, BureauStore(st).units()[0].org_name, "目录5")
        life.decide_withdrawn(st, row.id, life.REFUSED, "该事项仍在办理")
        [feedback] = export_feedback(st, tmp_path / "fb")
    assert win.open_project(city)
    action = win.findChild(QAction, "action_registration_changes")
    assert action is not None and action.isVisible()
    win.interaction.answers["选择保存文件夹"] = str(tmp_path / "reg")
    action.trigger()
    [written] = list((tmp_path / "reg").glob("*.xlsx"))
    assert "（变更）" in written.name
    title, text = win.interaction.told[-1]
    assert title == "导出完成" and "尚无，全部为新增" in text and "新增 6 条" in text  # the 6 unchanged and accepted; 3 wait for review
    # the unit imports the bureau's feedback: the refused 注销 is said at once, with the bureau's note
    assert win.open_project(tmp_path / "unit.govcat")
    assert not win.findChild(QAction, "action_registration_changes").isVisible()
    page = win.show_page("bureau_comments")
    win.interaction.answers["选择上级发来的审核意见"] = str(feedback)
    page.import_feedback()
    title, text = win.interaction.told[-1]
    assert title == "上级不同意注销" and "目录5" in text and "该事项仍在办理" in text
