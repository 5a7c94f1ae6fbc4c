"""Printed pages a clerk can stamp: line breaks, repeated entry columns, the stamp block, only the unit's matters."""

from __future__ import annotations

import random

import openpyxl
from hypothesis import given, settings, strategies as st

from govcat_desktop.domain.models import InfoItem, Matter
from govcat_desktop.exchange import print_layout as P
from govcat_desktop.exchange.cells import display_width
from govcat_desktop.exchange.submission import write_submission
from govcat_desktop.formspec import default_forms
from tests import factories

WORDS = ["共享平台接口", "数据库交换", "文件下载", "电子证照", "在线核验", "（试行）", "“一网通办”", "婚姻登记", "A1"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12), st.sampled_from(["、", "，", "；", ""]),
       st.floats(min_value=5, max_value=30))
def test_no_line_starts_with_closing_punctuation(words, sep, width):
    text = sep.join(words)
    wrapped = P.wrap_for_print(text, width)
    assert P.bad_line_starts(wrapped) == []
    assert wrapped.replace("\n", "") == text.replace("\n", "")  # nothing lost or added
    usable = (width - 1.5) * P.WRAP_SAFETY
    lines = wrapped.split("\n")
    assert all(display_width(ln) <= usable + 4 or len(ln) <= 3 for ln in lines)


def test_a_list_breaks_after_its_separator():
    text = "、".join(["共享平台接口", "数据库交换", "文件下载", "电子证照"])
    assert P.wrap_for_print(text, 20).split("\n")[0] == "共享平台接口、"


def test_dates_and_signature():
    assert P.print_date("2026-09-01") == "2026年9月1日"
    assert P.print_date("") == P.print_date("2026-13-01") == "　　　　年　　月　　日"
    assert P.signature("负责人", "王建国") == "负责人（签字）：" + P.SIGNATURE_LINE + "（王建国）"


def _sheet_rows(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def test_entry_rows_repeat_seq_and_name_and_the_stamp_block(tmp_path):
    project = factories.valid_project()
    entry = project.matters[0].entries[0]
    entry.items = [InfoItem(name=f"信息项{n}", data_type="C") for n in range(40)]  # longer than a page
    path = tmp_path / "catalog.xlsx"
    write_submission(path, "catalog", project, default_forms(), "TEST-CODE")
    ws, rows = _sheet_rows(path, "数据资源目录")
    body = [r for r in rows[3:] if r[12] and str(r[12]).startswith("信息项")]
    assert len(body) == 40
    assert all(r[0] == "1" and r[3] == entry.name for r in body)  # on every row, so on every page
    assert not any(str(m).startswith("D") or str(m).startswith("A") for m in ws.merged_cells.ranges
                   if m.min_row > 3 and m.min_row != m.max_row and m.min_col in (1, 4))
    grey = ws.cell(row=5, column=4).font.color
    assert grey is not None and grey.rgb.endswith(P.CONTINUED_COLOR)
    assert ws.cell(row=4, column=4).font.name == "宋体" and ws.cell(row=4, column=4).font.charset == 134
    texts = [str(v) for r in rows for v in r if v]
    assert "填报单位（盖章）：阳泉市民政局" in texts
    assert P.signature("负责人", project.contacts.leader.name) in texts
    assert "填报日期：2026年9月1日" in texts
    stamp_row = next(i for i, r in enumerate(rows, 1) if r[0] == "填报单位（盖章）：阳泉市民政局")
    assert ws.row_dimensions[stamp_row].height >= P.STAMP_AREA_PT


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


def test_a_group_that_does_not_fit_moves_to_the_next_page_whole():
    # three entries: the second (200) does not fit below the first (300) on a page of 450, the third fits below it
    assert P.page_breaks([[100.0] * 3, [100.0] * 2, [50.0]], 450) == [3]


def test_no_break_when_everything_fits():
    assert P.page_breaks([[100.0], [100.0, 50.0], [100.0]], 450) == []
    assert P.page_breaks([], 450) == []


def test_a_group_taller_than_a_page_starts_a_page_and_the_next_one_starts_another():
    # the long entry (600 > 450) starts a new page and is left to the office suite to break inside (no break
    # between its rows here, where we do not know its real page end): the entry after it starts a new page
    assert P.page_breaks([[100.0], [100.0] * 6, [100.0]], 450) == [1, 7]


def test_the_first_page_is_never_left_without_rows():
    # the title takes 100 of the first page: an entry of 400 does not fit below it but is not moved (the first page
    # would hold only the title and header); what follows starts a new page
    assert P.page_breaks([[100.0] * 4, [50.0]], 450, head=100) == [4]
    # a small entry first fits below the title; then an entry that does not fit moves
    assert P.page_breaks([[100.0], [100.0] * 3], 450, head=100) == [1]


def test_page_capacity_from_a4_landscape_and_the_fit_to_width_scale():
    widths = [10.0] * 15  # 150 units, as the printed sheets' columns are fitted
    scale = P.fit_scale(widths)
    assert scale == 0.99  # 784 pt printable / (150 × 7 px × 0.75 pt), rounded down to whole percent
    assert P.fit_scale([5.0] * 4) == 1.0  # a narrow table is not enlarged
    capacity = P.page_capacity(widths, 47.0)
    assert capacity == (595.28 - 108) / 0.99 * 0.95 - 47.0
    assert 400 < capacity < 470


def test_an_export_places_page_breaks_between_entries_that_fit_on_a_page(tmp_path):
    project = factories.valid_project()
    matter = project.matters[0]
    matter.entries = [factories.entry(name=f"目录{n}") for n in range(6)]
    for entry in matter.entries:
        entry.items = [InfoItem(name=f"信息项{k}", data_type="C") for k in range(7)]  # about half a page each
    path = tmp_path / "catalog.xlsx"
    write_submission(path, "catalog", project, default_forms(), "TEST-CODE")
    ws, rows = _sheet_rows(path, "数据资源目录")
    breaks = [brk.id for brk in ws.row_breaks.brk]  # a new page after row id
    assert breaks, "six half-page entries need page breaks"
    first_rows = {i for i, r in enumerate(rows, 1) if i > 3 and r[12] == "信息项0"}
    assert all(b + 1 in first_rows for b in breaks[:-1])  # every break falls before an entry's first row
    assert breaks[-1] + 1 in first_rows or rows[breaks[-1]][0] is None  # the last may move the stamp block
    # and no page (between breaks) holds more estimated height than a page
    capacity = P.page_capacity([ws.column_dimensions[c].width for c in "ABCDEFGHIJKLMNOP"], ws.row_dimensions[3].height)
    edges = [3] + breaks + [len(rows)]
    for top, bottom in zip(edges, edges[1:]):
        assert sum(ws.row_dimensions[r].height for r in range(top + 1, bottom + 1)) <= capacity + (56 if top == 3 else 0)


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
    assert (1, body[0], body[-1]) in merged and (4, body[0], body[-1]) in merged  # 序号, 目录名称 merged too
    assert max(ws.row_dimensions[i].height for i in body) < 40
