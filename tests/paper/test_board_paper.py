"""The board's short 纸质版 column (ui/bureau_board.py) from the paper lines the services write (issue #19): a
duplex scan's blank backs are said in the tooltip and are no problem; the state word heads the short text."""

from __future__ import annotations

from govcat_desktop.services.bureau.board import NOT_OWED, TASKS, Cell, Row
from govcat_desktop.services.bureau.paper import MISSING, NONE, SAME, UNREADABLE, PaperCell
from govcat_desktop.storage.bureau_store import Unit
from govcat_desktop.ui.bureau_board import paper_summary


def _row(*papers: PaperCell) -> Row:
    unit = Unit(1, "11140300MB0000002X", "城区行政审批服务管理局", "城区", "县（区）主管机构")
    cells = {t: Cell(t, "已报送", paper=p.text) for t, p in zip(TASKS, papers, strict=False)}
    for t in TASKS[len(papers):]:
        cells[t] = Cell(t, NOT_OWED)
    return Row(unit, cells)


def test_blank_backs_of_a_duplex_scan_are_no_problem_on_the_board() -> None:
    blank = PaperCell(SAME, blank="城区-扫描件.pdf 第 2 页")
    assert blank.text == "一致；空白页：城区-扫描件.pdf 第 2 页"
    assert paper_summary(_row(blank, PaperCell(SAME))) == ("一致", "一致")
    assert paper_summary(_row(blank, PaperCell(NONE))) == ("未收到 1", "未收到")


def test_a_problem_is_named_by_its_state_word_even_with_blank_backs() -> None:
    missing = PaperCell(MISSING, "2", blank="扫描.pdf 第 4 页")
    assert paper_summary(_row(PaperCell(SAME, blank="扫描.pdf 第 2 页"), missing)) == ("缺页", "问题")
    unreadable = PaperCell(UNREADABLE, "缺第 2 页，无法识别：扫描.tif 第 1 页")
    assert paper_summary(_row(unreadable)) == ("无法识别", "问题")


def test_t4_names_its_two_forms_in_one_order_whatever_order_the_kinds_come_in() -> None:
    from govcat_desktop.services.bureau.paper import task_cell

    cells = {(1, "demand"): PaperCell(SAME, blank="扫描.pdf 第 4 页"), (1, "review"): PaperCell(SAME)}
    lines = {task_cell(cells, 1, "T4", kinds).text for kinds in (["demand", "review"], ["review", "demand"])}
    assert lines == {"一致（共享数据需求：一致；空白页：扫描.pdf 第 4 页；需求审核确认：一致）"}
