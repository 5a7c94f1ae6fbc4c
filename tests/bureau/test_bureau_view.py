"""The bureau view in the main window: board, cross-unit findings, review buttons, charts; the unit's 审核意见 page."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcat_desktop.services.bureau import review
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.storage import ProjectFile
from tests.bureau.conftest import bureau_info
from tests.ui.fakes import Told


@pytest.fixture
def city(units, tmp_path: Path) -> Path:
    path = tmp_path / "阳泉市大数据局.govcat"
    store = ProjectFile.create(path, bureau_info())
    try:
        merge(store, [units["minzheng"], units["ziran"], units["chengqu"]])
    finally:
        store.close()
    return path


def _nav(window, title: str):
    return next(window.nav.item(r) for r in range(window.nav.count()) if window.nav.item(r).text() == title)


def test_bureau_page_shows_board_checks_and_charts(win, city) -> None:
    win.open_project(city)
    assert not _nav(win, "汇总与审核").isHidden()
    assert _nav(win, "审核意见").isHidden()
    page = win.show_page("bureau")
    assert page.board.rowCount() == 3
    units = {page.board.item(r, 0).text() for r in range(page.board.rowCount())}
    assert units == {"阳泉市民政局", "阳泉市规划和自然资源局", "城区行政审批服务管理局"}
    kinds = {page.checks.item(r, 0).text() for r in range(page.checks.rowCount())}
    assert {"同名目录信息项不一致", "同一事项多个单位报送", "供需匹配"} <= kinds
    assert dict(page.charts["共享类型"].data) == {"有条件共享": 3, "无条件共享": 2}
    assert page.entries.rowCount() == 5
    # Cross-unit findings reach the issues dock through Session.findings().
    win.wait_for_validation()
    assert any(f.rule == "cross-unit-same-name" for f in win.findings)


def test_merge_button_and_review_buttons(win, city, units, monkeypatch) -> None:
    shown = Told(win)
    win.interaction.answers["选择各单位报送的文件"] = [str(units["gongan"])]
    win.open_project(city)
    page = win.show_page("bureau")
    page.merge_files()
    assert page.board.rowCount() == 4 and "已汇总 1 个文件" in shown[-1]
    # Reject the first entry of 民政局 with a note, approve another.
    page.board.selectRow([page.board.item(r, 0).text() for r in range(4)].index("阳泉市民政局"))
    assert page.entries.rowCount() == 2
    page.entries.selectRow(0)
    win.interaction.answers["退回"] = "请补充信息项。"
    page.reject()
    statuses = {page.entries.item(r, 2).text(): page.entries.item(r, 5).text() for r in range(page.entries.rowCount())}
    assert "退回" in statuses.values()
    rows = {page.board.item(r, 0).text(): page.board.item(r, 4).text() for r in range(4)}
    assert rows["阳泉市民政局"].startswith("退回")
    # Edit ▸ Undo takes the decision back (and its comment).
    win.undo()
    rows = {page.board.item(r, 0).text(): page.board.item(r, 4).text() for r in range(4)}
    assert rows["阳泉市民政局"].startswith("已报送")
    assert win.session.store.conn.execute("SELECT count(*) FROM comment").fetchone()[0] == 0
    win.redo()
    rows = {page.board.item(r, 0).text(): page.board.item(r, 4).text() for r in range(4)}
    assert rows["阳泉市民政局"].startswith("退回")


def test_unit_sees_received_comments(win, units, city, tmp_path, monkeypatch) -> None:
    store = ProjectFile.open(city)
    try:
        entry = store.conn.execute(
            "SELECT e.id FROM unit_entry e JOIN submission s ON s.id = e.submission_id JOIN unit u ON u.id = s.unit_id"
            " WHERE u.org_name = '阳泉市民政局' AND e.name = '结婚证' AND s.superseded = 0"
        ).fetchone()[0]
        review.mark_entry(store, entry, "退回", "请补充“证件有效期限”信息项。")
        [path] = review.export_feedback(store, tmp_path / "fb")
    finally:
        store.close()
    win.open_project(units["minzheng"])
    assert _nav(win, "汇总与审核").isHidden() and not _nav(win, "审核意见").isHidden()
    page = win.show_page("bureau_comments")
    win.interaction.answers["选择上级发来的审核意见"] = str(path)
    page.import_feedback()
    assert page.table.rowCount() == 1 and page.table.item(0, 4).text() == "未处理"
    win.wait_for_validation()
    [finding] = [f for f in win.findings if f.rule == "bureau-comment"]
    assert finding.severity == "error" and finding.ref[0] == "catalog"
    page.jump(0)
    assert win.current_page_key() == "catalog"
    # 编辑 ▸ 撤销 takes the whole import back (the list empties, the finding goes); 重做 brings it again
    assert win.history.undo_text.startswith("导入上级审核意见")
    win.undo()
    page = win.show_page("bureau_comments")
    assert page.table.rowCount() == 0
    win.wait_for_validation()
    assert not [f for f in win.findings if f.rule == "bureau-comment"]
    win.redo()
    page = win.show_page("bureau_comments")
    assert page.table.rowCount() == 1 and page.table.item(0, 4).text() == "未处理"


def test_scan_dropped_on_the_bureau_page_fills_the_paper_column(win, qtbot, units, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    shown = Told(win)
    from govcat_desktop.services import transfer
    from govcat_desktop.services.session import Session
    from tests.paper import scans as S

    session = Session.open(units["minzheng"], readonly=True)
    try:
        pdf = next(p for p in transfer.export_task(session, "contacts", tmp_path / "out") if p.suffix == ".pdf")
    finally:
        session.close()
    scan = S.to_pdf([S.red_stamp(p) for p in S.render_pages(pdf)], tmp_path / "联系表扫描.pdf")
    path = tmp_path / "局.govcat"
    store = ProjectFile.create(path, bureau_info())
    try:
        merge(store, [units["minzheng"]])
    finally:
        store.close()
    win.open_project(path)
    page = win.show_page("bureau")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(scan))])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    page.dropEvent(event)
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)  # the merge starts after the drop has returned
    texts = [page.board.item(0, c).toolTip() for c in range(page.board.columnCount()) if page.board.item(0, c)]
    assert any("纸质版：一致" in t for t in texts), texts
    assert any("纸质版：未收到" in t for t in texts), texts
    assert page.board.item(0, 6).text() == "未收到 2"  # the short paper cell: two tasks' paper still missing
    assert shown and "1 个盖章版扫描件" in shown[-1]


def test_bureau_overview_is_about_the_units_it_gathers(win, city) -> None:
    from govcat_desktop.services.bureau.board import board
    from govcat_desktop.services.bureau.overview import bureau_overview

    win.open_project(city)
    win.show_page("overview")
    text = win.pages["overview"].counts.text()
    assert "汇总的 3 个单位" in text and "T3 编报数据资源目录" in text
    units, figures = bureau_overview(win.session.store)
    rows = board(win.session.store)
    t3 = next(f for f in figures if f.task == "T3")
    assert units == 3 and t3.owed == sum(1 for r in rows if r.cells["T3"].owed)
    assert t3.received == sum(1 for r in rows if r.cells["T3"].state in ("已报送", "有错误", "已审核", "退回")) == 3
    # a 市大数据局 sees the bureau tools, not a unit's 梳理事项数据 wizard or 体制机制情况
    assert win.findChild(type(win.page_actions["overview"]), "action_wizard").isVisible() is False
    assert not win.page_actions["mechanism"].isEnabled() and not win.page_actions["catalog"].isEnabled()
    merge_action = next(a for a in win.menus["tools"].actions() if a.text() == "汇总各单位报送材料…")
    assert merge_action.isVisible()


def test_a_comment_on_a_field_offers_the_form_s_labels(win, city, monkeypatch) -> None:
    """One dialog (target, its current value, the text) instead of two; the 审核意见 column shows the comment."""
    from govcat_desktop.storage.bureau_store import BureauStore
    from govcat_desktop.ui.bureau_comment import CommentDialog

    seen: list[CommentDialog] = []

    def answer(dialog) -> int:
        seen.append(dialog)
        dialog.target.setCurrentText("共享类型")
        dialog.text.setPlainText("请说明共享类型的依据。")
        return 1

    win.interaction.answers["添加意见"] = lambda title, targets: (
        lambda d: d.chosen() if answer(d) else None)(CommentDialog(win, title, targets))
    win.open_project(city)
    page = win.show_page("bureau")
    page.entries.selectRow(0)
    share = page.entries.item(0, 3).text()
    page.add_comment()
    [dialog] = seen
    offered = [dialog.target.itemText(i) for i in range(dialog.target.count())]
    assert offered[:11] == ["（整条目录）", "目录名称", "资源摘要", "数据领域", "安全级别", "共享类型", "共享条件",
                            "不予共享依据", "共享方式", "网络环境", "更新周期"]
    assert share and dialog.value.text() == share  # the field's current value, shown beside the choice
    assert any(t.startswith("信息项：") for t in offered)
    [c] = [c for c in BureauStore(win.session.store).comments(origin="bureau") if c.message == "请说明共享类型的依据。"]
    assert c.field == "share_type"
    assert "请说明共享类型的依据。" in page.entries.item(0, 6).text()


def test_the_feedback_result_names_the_folder(win, city, tmp_path, monkeypatch) -> None:
    from govcat_desktop.services.bureau import review as review_mod
    shown = Told(win)
    out = tmp_path / "意见"
    out.mkdir()
    win.interaction.answers["选择保存审核意见文件的文件夹"] = str(out)
    store = ProjectFile.open(city)
    try:
        entry = store.conn.execute("SELECT id FROM unit_entry LIMIT 1").fetchone()[0]
        review_mod.comment(store, entry, "请补充。")
    finally:
        store.close()
    win.open_project(city)
    page = win.show_page("bureau")
    page.export_feedback()
    assert shown and str(out) in shown[-1] and "导出到文件夹" in shown[-1]


def test_the_view_menu_opens_the_bureau_page_and_the_units_comments(win, city, units) -> None:
    """视图 ▸ 汇总与审核 (bureau) and 视图 ▸ 审核意见 (unit), both Ctrl+8: one shows for each role, none without a project."""
    from PySide6.QtGui import QAction, QKeySequence

    bureau = win.findChild(QAction, "action_bureau")
    comments = win.findChild(QAction, "action_bureau_comments")
    assert bureau.shortcut() == comments.shortcut() == QKeySequence("Ctrl+8")
    assert bureau in win.menus["view"].actions() and comments in win.menus["view"].actions()
    assert not bureau.isEnabled() and not comments.isEnabled()
    win.open_project(city)
    win.show_page("catalog")
    assert bureau.isEnabled() and not comments.isEnabled() and not comments.isVisible()
    bureau.trigger()
    assert win.current_page_key() == "bureau"
    win.open_project(units["minzheng"])
    assert comments.isEnabled() and not bureau.isEnabled()
    comments.trigger()
    assert win.current_page_key() == "bureau_comments"


def test_a_review_mark_repaints_its_row_and_the_board_only(win, city, monkeypatch) -> None:
    """Issue 24: the page repaints what a step changed. A mark (and its undo) rewrites the marked entry's row and the
    board; the other rows keep their very items and the cross-unit checks are not run again (a whole reload did
    both: 30,000 rows and every unit's checks at city scale, for one click)."""
    from govcat_desktop.services.bureau import checks

    win.open_project(city)
    page = win.show_page("bureau")
    assert page.entries.rowCount() == 5
    before = [page.entries.item(r, 0) for r in range(5)]
    marks = [page.entries.item(r, page.entries.columnCount() - 1) for r in range(5)]  # the 变化 column
    ran: list[int] = []
    real = checks.cross_unit_findings
    monkeypatch.setattr(checks, "cross_unit_findings", lambda store: ran.append(1) or real(store))
    page.entries.selectRow(1)
    marked, unit = page.selected_entry(), page.entries.item(1, 0).text()
    win.interaction.answers["退回"] = "请补充信息项。"
    page.reject()

    def board() -> str:
        return next(page.board.item(r, 4).text() for r in range(page.board.rowCount())
                    if page.board.item(r, 0).text() == unit)

    assert page.entries.item(1, 5).text() == "退回" and "请补充信息项。" in page.entries.item(1, 6).text()
    assert board().startswith("退回") and "退回 1" in page.summary.text()
    assert all(page.entries.item(r, 0) is before[r] for r in range(5))  # not rebuilt
    assert all(page.entries.item(r, page.entries.columnCount() - 1) is marks[r] for r in range(5))
    assert ran == []
    win.undo()
    assert page.entries.item(1, 5).text() != "退回" and not board().startswith("退回")
    assert all(page.entries.item(r, 0) is before[r] for r in range(5)) and ran == []
    assert page.entries.item(1, 0).data(256) == marked


def test_the_bureau_s_file_dialogs_open_in_the_project_s_folder(win, city) -> None:
    """汇总报送文件… / 汇总文件夹… / 生成督办表… / 导出审核意见… start where the bureau's project is — they opened in the
    process's working folder (seen in the real-window trial: /work/main, meaningless to a clerk)."""
    win.open_project(city)
    page = win.show_page("bureau")
    for action in (page.merge_files, page.merge_folder, page.write_outputs, page.export_feedback):
        action()  # no answer scripted: the headless dialog is cancelled
    starts = [text for _title, text in win.interaction.asked[-4:]]
    assert starts == [str(city.parent)] * 4
