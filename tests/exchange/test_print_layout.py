"""Printed pages a clerk can stamp: line breaks, repeated entry columns, the stamp block, only the unit's matters."""

from __future__ import annotations

import random

import openpyxl
from hypothesis import given, settings, strategies as st

from govcat_desktop.domain.models import InfoItem, Matter
from govcat_desktop.exchange import print_layout as P
from govcat_desktop.exchange import print_plan as PP
from govcat_desktop.exchange.submission import write_submission
from govcat_desktop.formspec import default_forms
from tests import factories

WORDS = ["共享平台接口", "数据库交换", "文件下载", "电子证照", "在线核验", "（试行）", "“一网通办”", "婚姻登记", "A1"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), st.sampled_from(["、", "，", "；", ""]),
       st.floats(min_value=8, max_value=60))
def test_no_line_starts_with_closing_punctuation(words, sep, width):
    text = sep.join(words)
    m = PP.Measure.shared()
    lines = m.wrap(text, width, PP.BODY_PT)
    assert P.bad_line_starts("\n".join(lines)) == []
    assert "".join(lines) == text  # nothing lost or added
    assert all(m.text(ln, PP.BODY_PT) <= width + 3 * m.char("字", PP.BODY_PT) for ln in lines)


def test_dates_and_signature():
    assert P.print_date("2026-09-01") == "2026年9月1日"
    assert P.print_date("") == P.print_date("2026-13-01") == "　　　　年　　月　　日"
    assert P.signature("负责人", "王建国") == "负责人（签字）：" + P.SIGNATURE_LINE + "（王建国）"


def _sheet_rows(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def _pages(ws, rows) -> list[tuple[int, int]]:
    """(first, last) row of each printed page below the header row 3, from the manual row breaks."""
    edges = [3] + [brk.id for brk in ws.row_breaks.brk] + [len(rows)]
    return list(zip([e + 1 for e in edges], edges[1:]))


def test_an_entry_longer_than_a_page_is_merged_again_on_each_page_and_marked_continued(tmp_path):
    project = factories.valid_project()
    entry = project.matters[0].entries[0]
    entry.items = [InfoItem(name=f"信息项{n}", data_type="C") for n in range(70)]  # longer than a page
    path = tmp_path / "catalog.xlsx"
    write_submission(path, "catalog", project, default_forms(), "TEST-CODE")
    ws, rows = _sheet_rows(path, "数据资源目录")
    body = [i for i, r in enumerate(rows, 1) if i > 3 and r[12] and str(r[12]).startswith("信息项")]
    assert len(body) == 70
    pages = [(a, b) for a, b in _pages(ws, rows) if any(a <= i <= b for i in body)]
    assert len(pages) >= 2
    merged = {(m.min_col, m.min_row, m.max_row) for m in ws.merged_cells.ranges}
    for k, (a, b) in enumerate(pages):
        first, last = min(i for i in body if i >= a), max(i for i in body if i <= b)
        assert (1, first, last) in merged and (4, first, last) in merged  # 序号 and 目录名称 over this page's rows
        assert rows[first - 1][3] == entry.name  # the name on every page it continues on, once
        assert rows[first - 1][0] == ("1" if k == 0 else "1\n续")
        assert all(rows[i - 1][3] is None for i in body if first < i <= last)
    assert ws.cell(row=body[0], column=4).font.name == "宋体" and ws.cell(row=body[0], column=4).font.charset == 134
    texts = [str(v) for r in rows for v in r if v]
    assert "填报单位（盖章）：阳泉市民政局" in texts
    assert P.signature("负责人", project.contacts.leader.name) in texts
    assert "填报日期：2026年9月1日" in texts


def test_matters_list_holds_only_the_units_own_and_says_how_many_have_no_data(tmp_path):
    project = factories.valid_project()
    project.info.matter_depts = ["区民政局"]
    project.matters += [Matter(code=f"M{n}", name=f"民政事项{n}", dept="区民政局") for n in range(3)]
    project.matters += [Matter(code=f"X{n}", name=f"交通事项{n}", dept="区交通运输局") for n in range(50)]
    path = tmp_path / "catalog.xlsx"
    write_submission(path, "catalog", project, default_forms(), "TEST-CODE")
    _ws, rows = _sheet_rows(path, "服务事项")
    names = [r[2] for r in rows[3:] if r[0] and str(r[0]).isdigit()]
    assert names == [project.matters[0].name, "民政事项0", "民政事项1", "民政事项2"]
    note = next(str(r[0]) for r in rows if r[0] and str(r[0]).startswith("本清单共"))
    assert note.replace("\n", "") == "本清单共 4 个事项，已编制数据资源目录的 1 个，尚未梳理数据的 3 个。"


def test_wrapped_cells_in_a_real_export_have_no_bad_line_start(tmp_path):
    project = factories.valid_project()
    rnd = random.Random(4)
    entry = project.matters[0].entries[0]
    entry.summary = "、".join(rnd.choice(WORDS) for _ in range(30))
    entry.share_methods = ["信息核验接口", "数据库交换", "文件下载", "批量库表交换"]
    path = tmp_path / "catalog.xlsx"
    write_submission(path, "catalog", project, default_forms(), "TEST-CODE")
    _ws, rows = _sheet_rows(path, "数据资源目录")
    cells = [str(v) for r in rows[3:] for v in r if v and "\n" in str(v)]
    assert cells and all(P.bad_line_starts(c) == [] for c in cells)


def test_page_breaks_fall_between_entries_and_no_page_holds_more_than_the_plans_page(tmp_path):
    project = factories.valid_project()
    matter = project.matters[0]
    matter.entries = [factories.entry(name=f"目录{n}") for n in range(9)]
    for entry in matter.entries:
        entry.items = [InfoItem(name=f"信息项{k}", data_type="C") for k in range(9)]  # about a third of a page each
    path = tmp_path / "catalog.xlsx"
    pages = write_submission(path, "catalog", project, default_forms(), "TEST-CODE")
    ws, rows = _sheet_rows(path, "数据资源目录")
    breaks = [brk.id for brk in ws.row_breaks.brk]
    assert len(breaks) >= 2, "nine third-of-a-page entries need page breaks"
    first_rows = {i for i, r in enumerate(rows, 1) if i > 3 and r[12] == "信息项0"}
    assert all(b + 1 in first_rows for b in breaks[:-1])  # every break falls before an entry's first row
    table_pt = (PP.BOTTOM - PP.TOP_BAND) * 72 / 25.4  # the PDF's table area, header row included
    for k, (a, b) in enumerate(_pages(ws, rows)):
        held = sum(ws.row_dimensions[r].height for r in range(a, b + 1)) + ws.row_dimensions[3].height
        assert held <= table_pt + 0.5, k
    stamp_sheet = len(_pages(*_sheet_rows(path, "服务事项")))
    assert len(_pages(ws, rows)) + stamp_sheet == pages  # the workbook's pages are the plan's


def test_an_entry_that_fits_a_page_merges_seq_and_name_and_its_rows_are_as_high_as_their_text(tmp_path):
    """序号 and 目录名称 were written (grey) into every item row, and each row was as high as the wrapped name
    (75 pt): the real 区人社局 printed on 147 pages in LibreOffice."""
    project = factories.valid_project()
    entry = project.matters[0].entries[0]
    entry.name = "城乡居民基本养老保险待遇领取资格认证对象信息"  # wraps to several lines in its column
    entry.items = [InfoItem(name=f"信息项{n}", data_type="C") for n in range(8)]
    path = tmp_path / "catalog.xlsx"
    write_submission(path, "catalog", project, default_forms(), "TEST-CODE")
    ws, rows = _sheet_rows(path, "数据资源目录")
    body = [i for i, r in enumerate(rows, 1) if i > 3 and r[12] and str(r[12]).startswith("信息项")]
    assert len(body) == 8
    assert [rows[i - 1][3] for i in body[1:]] == [None] * 7  # the name once, not repeated in grey
    merged = {(m.min_col, m.min_row, m.max_row) for m in ws.merged_cells.ranges}
    assert all((c, body[0], body[-1]) in merged for c in range(1, 13))  # every entry column merged
    assert max(ws.row_dimensions[i].height for i in body) < 25


def test_row_heights_grow_with_the_text(tmp_path):
    project = factories.valid_project()
    entry = project.matters[0].entries[0]
    entry.items = [InfoItem(name="姓名", data_type="C"),
                   InfoItem(name="申请人户籍所在地详细地址（省、市、县、乡镇、村或社区）", data_type="C"),
                   InfoItem(name="备注", data_type="C", note="按照《社会救助暂行办法》第十条的规定由乡镇人民政府审核确认" * 2)]
    path = tmp_path / "catalog.xlsx"
    write_submission(path, "catalog", project, default_forms(), "TEST-CODE")
    ws, rows = _sheet_rows(path, "数据资源目录")
    body = [i for i, r in enumerate(rows, 1) if i > 3 and (r[12] in ("姓名", "备注") or str(r[12]).startswith("申请人户籍"))]
    short, longer, longest = (ws.row_dimensions[i].height for i in body)
    assert short < longer < longest
    assert str(rows[body[2] - 1][15]).count("\n") >= 2  # the note on three lines or more, broken by the plan
