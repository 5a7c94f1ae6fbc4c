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

    cells = {(1, "demand"): PaperCell(MISSING, "2"), (1, "review"): PaperCell(SAME)}
    lines = {task_cell(cells, 1, "T4", kinds).text for kinds in (["demand", "review"], ["review", "demand"])}
    assert lines == {"缺页（共享数据需求：缺页（2）；需求审核确认：一致）"}


def test_t4_alike_in_both_forms_is_one_short_line_with_the_blank_backs_of_both() -> None:
    """Seen in the 督办表 of the real-window trial: 13 lines in the T4 纸质版 cell for two 一致 forms with blank backs."""
    from govcat_desktop.services.bureau.paper import task_cell

    cells = {(1, "demand"): PaperCell(SAME, blank="城区-扫描件.pdf 第 4 页", blank_at=(("城区-扫描件.pdf", 4),)),
             (1, "review"): PaperCell(SAME, blank="城区-扫描件.pdf 第 10 页", blank_at=(("城区-扫描件.pdf", 10),))}
    assert task_cell(cells, 1, "T4", ["review", "demand"]).text == "一致；空白页：城区-扫描件.pdf 第 4、10 页"
    cells[(1, "review")] = PaperCell(SAME)
    assert task_cell(cells, 1, "T4", ["review", "demand"]).text == "一致；空白页：城区-扫描件.pdf 第 4 页"


def test_a_long_page_list_says_its_count_once() -> None:
    from govcat_desktop.services.bureau.paper import at_pages

    assert at_pages([2, 4]) == "第 2、4 页"
    assert at_pages(range(1, 40, 2)) == "第 1、3、5、7、9、11、13、15 等 20 页"
