"""Reading workbooks ahead (calamine on a worker thread): the same rows, the same refusals, nothing left running."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest

from govcat_desktop.exchange.errors import ImportRefused
from govcat_desktop.exchange.reader import open_book


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "事项清单"
    ws.append(["事项名称", "事项编码"])
    for i in range(500):
        ws.append([f"事项{i}", f"1114030000{i:06d}"])
    other = wb.create_sheet("说明")
    other.append(["本表为测试数据"])
    wb.save(path)
    return path


def _readers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "govcat-read-ahead"]


def test_rows_read_ahead_are_the_rows_read_in_place(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "清单.xlsx")
    plain = open_book(path)
    expected = {name: plain.rows(name) for name in plain.sheet_names}
    plain.close()
    ahead = open_book(path)
    ahead.read_ahead()
    assert {name: ahead.rows(name) for name in reversed(ahead.sheet_names)} == expected
    assert expected["事项清单"][500] == ["事项499", "1114030000000499"]
    ahead.close()
    assert not _readers()


def test_a_sheet_calamine_cannot_read_is_refused_in_chinese_when_read_ahead(tmp_path: Path) -> None:
    good = _workbook(tmp_path / "好的.xlsx")
    bad = tmp_path / "坏的.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"", 1)  # its cells never closed: calamine stops reading
            zout.writestr(info, data)
    book = open_book(bad)
    book.read_ahead()
    with pytest.raises(ImportRefused) as caught:
        book.rows("事项清单")
    assert caught.value.message == ("文件“坏的.xlsx”的工作表“事项清单”内容已损坏，无法读取。请在 Excel 或 WPS 中打开该文件、另存为 .xlsx 后再导入。")
    assert caught.value.detail  # calamine's own words kept for a log, not shown
    assert book.rows("说明") == [["本表为测试数据"]]  # the other sheet still reads
    book.close()
    assert not _readers()


def test_closing_a_book_read_ahead_waits_for_its_reader(tmp_path: Path) -> None:
    book = open_book(_workbook(tmp_path / "清单.xlsx"))
    book.read_ahead()
    book.close()  # never read: the worker is done and the workbook closed, nothing left running
    assert not _readers()
    with pytest.raises(KeyError):
        book.rows("事项清单")
