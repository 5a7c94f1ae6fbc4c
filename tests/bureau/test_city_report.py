"""The city report as the bureau prints and stamps it: the summary per unit vouches for the electronic lists; the
lists are streamed (one entry at a time from the file) with the same fingerprint as a list in memory would give."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from govcat_desktop.exchange.bureau.common import read_meta
from govcat_desktop.exchange.bureau.xlsx import Sheet, write_workbook
from govcat_desktop.services.bureau.intake import fingerprint, merge
from govcat_desktop.services.bureau.outputs import StreamStamp, catalog_rows, iter_catalog_rows, write_outputs
from tests.paper.test_print_pdf import page_texts


@pytest.fixture
def city(units, bureau):
    merge(bureau, list(units.values()))
    return bureau


def test_streamed_rows_and_fingerprint_match_the_list_in_memory(city) -> None:
    for shareable in (False, True):
        rows = catalog_rows(city, shareable_only=shareable)
        stamp = StreamStamp()
        streamed = list(iter_catalog_rows(city, shareable_only=shareable, stamp=stamp))
        assert [(r.unit, r.matter_code, r.values, r.items) for r in streamed] == \
            [(r.unit, r.matter_code, r.values, r.items) for r in rows]
        assert stamp.code() == fingerprint([(r.unit, r.matter_code, r.values, r.items) for r in rows])
        assert stamp.rows == len(rows) and rows
    assert StreamStamp().code() == fingerprint([])


def test_summary_per_unit_is_printed_and_names_each_list_code(city, tmp_path: Path) -> None:
    paths = write_outputs(city, tmp_path / "out")
    by_name = {p.name: p for p in paths}
    summary = by_name["阳泉市政务数据资源目录汇总表（各单位）.xlsx"]
    ws = load_workbook(summary)["汇总表"]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    unit = {r[1]: r for r in cells if r[1] in ("阳泉市民政局", "阳泉市规划和自然资源局")}
    ziran = unit["阳泉市规划和自然资源局"]
    assert ziran[3:9] == [2, 7, 0, 2, 0, 0]  # entries, items, 无条件, 有条件, 不予, accepted by the bureau
    total = next(r for r in cells if r[1] == "合计")
    assert total[2] == "4 个单位" and total[3] == 6 and total[4] == 18
    codes = {name: read_meta(p)["fingerprint"] for name, p in by_name.items() if "可编辑电子版" in name}
    note = next(r[0] for r in cells if isinstance(r[0], str) and r[0].startswith("全市清单"))
    assert codes["全市政务数据资源目录清单（可编辑电子版）.xlsx"] in note
    assert codes["全市可提供数据资源清单（可编辑电子版）.xlsx"] in note
    assert codes["全市供需对接清单（可编辑电子版）.xlsx"] in note
    [text] = page_texts(summary.with_suffix(".pdf"))
    assert "阳泉市规划和自然资源局" in text and "汇总单位（盖章）" in text
    assert codes["全市政务数据资源目录清单（可编辑电子版）.xlsx"] in text


def test_full_print_on_request_carries_the_same_code(city, tmp_path: Path) -> None:
    paths = write_outputs(city, tmp_path / "out", full_print=True)
    names = {p.name for p in paths}
    for name in ("全市政务数据资源目录清单", "全市可提供数据资源清单", "全市供需对接清单"):
        assert {f"{name}（盖章版）.xlsx", f"{name}（盖章版）.pdf", f"{name}（可编辑电子版）.xlsx"} <= names
    stamped = load_workbook(tmp_path / "out" / "全市政务数据资源目录清单（盖章版）.xlsx")["清单"]["A2"].value
    assert read_meta(tmp_path / "out" / "全市政务数据资源目录清单（可编辑电子版）.xlsx")["fingerprint"] in stamped


def test_plain_rows_written_in_chunks_read_back_cell_for_cell(tmp_path: Path) -> None:
    rows = [[f"{i}", "" if i % 3 else "a&b<c>\"d\"", None if i % 2 else "x", "控\x01制\x1f符\x1e", i, " 前后空格 "]
            for i in range(250)] + [[]] + [["末行"]]
    path = write_workbook(tmp_path / "plain.xlsx", [Sheet("表", ("一", "二", "三", "四", "五", "六"), rows)])
    got = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("表").to_python()
    assert got[0] == ["一", "二", "三", "四", "五", "六"]
    want = [[str(v) if v is not None else "" for v in r] for r in rows]
    want = [[v.replace("\x01", "").replace("\x1f", "").replace("\x1e", "") for v in r] for r in want]
    assert [r[: len(w)] for r, w in zip(got[1:], want)] == want and len(got) == len(rows) + 1
    assert not any(v for r, w in zip(got[1:], want) for v in r[len(w):])
    ws = load_workbook(path)["表"]
    assert ws["B1"].value == "二" and ws["B2"].value == "a&b<c>\"d\"" and ws["A253"].value == "末行"
