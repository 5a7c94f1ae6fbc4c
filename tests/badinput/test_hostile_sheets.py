"""Tiny workbooks that would abort calamine: refused with file, sheet and cell named, in bounded time and memory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.exchange.bureau.feedback import FeedbackRow, write_feedback
from govcat_desktop.exchange.errors import ImportRefused
from govcat_desktop.exchange.reader import open_book
from tests import factories as f
from tests.badinput.conftest import file_dump
from tests.badinput.hostile_sheets import DATA, hostile_sheet_corpus, padded_ods

ROOT = Path(__file__).resolve().parents[2]
LINUX = sys.platform.startswith("linux")
CAP = 1024**3  # address space of the child: 1 GB is far below what any of these files asks calamine for

RAW_CALAMINE = r'''
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(sys.argv[1])
wb.get_sheet_by_name(wb.sheet_names[0]).to_python()
print("read")
'''

CAPPED_CLI = r'''
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
from govcat_desktop.cli import main
sys.exit(main(sys.argv[2:]))
'''


def _capped(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", CAPPED_CLI, str(CAP), *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=timeout)


EXPECTED = {
    "xls_cell_at_ffff": ("远处单元格.xls", "事项清单", "65536 行 × 65536 列，最远的单元格在 CRXP65536"),
    "xls_dimension_huge": ("声明范围过大.xls", "事项清单", "1048575 行 × 5 列，最远的单元格在 E1048575（DIMENSION 声明的范围）"),
    "ods_repeated_rows_and_cells": ("重复行列.ods", "事项清单", "990001 行 × 100 列，最远的单元格在 CV990001"),
    "ods_million_rows": ("百万行.ods", "事项清单", "1000001 行 × 1 列，最远的单元格在 A1000001"),
    "ods_wide_row": ("超宽行.ods", "事项清单", "2 行 × 20000 列，最远的单元格在 ACOF2"),
}


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return hostile_sheet_corpus(tmp_path_factory.mktemp("sheets"))


@pytest.mark.skipif(not LINUX, reason="RLIMIT_AS is a Linux cap")
@pytest.mark.parametrize("kind", ["xls_cell_at_ffff", "ods_repeated_rows_and_cells"])
def test_these_files_really_abort_a_bare_calamine(kind: str, sheets: dict[str, Path]) -> None:
    """The corpus is real: read without the guard, the process dies (Rust aborts on the failed allocation)."""
    env = dict(os.environ, RUST_BACKTRACE="0")
    proc = subprocess.run([sys.executable, "-c", RAW_CALAMINE, str(sheets[kind]), str(CAP)], capture_output=True,
                          text=True, timeout=120, env=env)
    assert proc.returncode != 0 and "read" not in proc.stdout
    assert "memory allocation" in proc.stderr or "MemoryError" in proc.stderr, proc.stderr[-500:]


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_open_book_refuses_naming_file_sheet_and_cell(kind: str, sheets: dict[str, Path]) -> None:
    file, sheet, extent = EXPECTED[kind]
    t0 = time.perf_counter()
    with pytest.raises(ImportRefused) as caught:
        open_book(sheets[kind])
    assert time.perf_counter() - t0 < 5
    assert caught.value.message.startswith(f"文件“{file}”的工作表“{sheet}”使用范围过大（{extent}），"), caught.value.message


@pytest.mark.skipif(not LINUX, reason="RLIMIT_AS is a Linux cap")
@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_cli_dry_run_refuses_within_a_memory_cap(kind: str, sheets: dict[str, Path], tmp_path: Path) -> None:
    unit = f.write_project(tmp_path / "本单位.govcat", f.valid_project())
    before = file_dump(unit)
    source = sheets[kind].read_bytes()
    t0 = time.perf_counter()
    proc = _capped("import", str(unit), str(sheets[kind]), "--dry-run")
    assert time.perf_counter() - t0 < 30
    assert proc.returncode == 2, proc.stdout + proc.stderr
    file, sheet, extent = EXPECTED[kind]
    assert proc.stderr.strip().splitlines()[-1].startswith(f"错误：文件“{file}”的工作表“{sheet}”使用范围过大（{extent}）")
    assert file_dump(unit) == before and sheets[kind].read_bytes() == source


def test_padded_and_sample_sheets_still_open(tmp_path: Path) -> None:
    """No false alarm: LibreOffice pads sheets with empty repeated rows and cells; the real .xls and .ods read."""
    for path in (padded_ods(tmp_path / "补齐.ods"), DATA / "matters_sample.ods", DATA / "matters_sample.xls"):
        book = open_book(path)
        try:
            assert len(book.rows(book.sheet_names[0])) >= 2
        finally:
            book.close()


def _far_cell_feedback(path: Path, unit: ProjectInfo) -> Path:
    """A genuine feedback workbook with one more cell at XFD1048576 (as a clerk's stray keystroke would leave)."""
    issuer = ProjectInfo(role="市大数据局", org_name="阳泉市大数据局", org_code=f.BUREAU_USCC, region="阳泉市")
    row = FeedbackRow("T1", "catalog", "", "结婚证", "", "", "退回", "请补充信息项。")
    clean = write_feedback(path.with_name("clean.xlsx"), unit, issuer, [row], lambda kind, key: key)
    with zipfile.ZipFile(clean) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
                data = re.sub(rb"</sheetData>", far, data, count=1)
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)
            zout.writestr(info, data)
    return path


@pytest.mark.skipif(not LINUX, reason="RLIMIT_AS is a Linux cap")
def test_accept_feedback_with_a_cell_at_xfd1048576(tmp_path: Path) -> None:
    project = f.valid_project()
    unit = f.write_project(tmp_path / "本单位.govcat", project)
    fb = _far_cell_feedback(tmp_path / "阳泉市民政局-审核意见.xlsx", project.info)
    before = file_dump(unit)
    proc = _capped("accept-feedback", str(unit), str(fb))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == (
        "错误：文件“阳泉市民政局-审核意见.xlsx”的工作表“审核意见”使用范围过大（1048576 行 × 16384 列，"
        "最远的单元格在 XFD1048576），可能是很远的单元格里误填了内容或是恶意构造的文件，不予读取。请删除多余的行和列、另存后再导入。"
    )
    assert "Traceback" not in proc.stderr and "panicked" not in proc.stderr
    assert file_dump(unit) == before


def _sheet_with(path: Path, cell: bytes) -> Path:
    """A genuine matter-list workbook with `cell` added in a row of its own (the cell tag as a hostile file spells it)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "事项清单"
    ws.append(["事项名称", "事项编码"])
    ws.append(["内地居民结婚登记", "11140300MB0000000A"])
    wb.save(path.with_name("clean.xlsx"))
    with zipfile.ZipFile(path.with_name("clean.xlsx")) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'<row r="3">' + cell + b"</row></sheetData>", 1)
            zout.writestr(info, data)
    return path


@pytest.mark.skipif(not LINUX, reason="RLIMIT_AS is a Linux cap")
@pytest.mark.parametrize("cell", [
    # calamine places a cell by its LAST r attribute: the first one must not vouch for the tag
    b'<c r="A3" r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',
    # a ">" inside a quoted value does not end the tag for calamine: the r after it counts
    b'<c t="inlineStr" s="0" foo="a>b" r="XFD1048576"><is><t>x</t></is></c>',
    # a prefixed cell tag is a cell to calamine too
    b'<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD1048576" t="inlineStr">'
    b"<x:is><x:t>x</x:t></x:is></x:c>",
])
def test_a_far_cell_hidden_in_an_odd_tag_is_refused_not_aborted(cell: bytes, tmp_path: Path) -> None:
    sheet = _sheet_with(tmp_path / "藏起来的远处单元格.xlsx", cell)
    proc = subprocess.run([sys.executable, "-c", RAW_CALAMINE, str(sheet), str(CAP)], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, RUST_BACKTRACE="0"))
    assert proc.returncode != 0 and "read" not in proc.stdout  # the file is real: a bare read dies
    unit = f.write_project(tmp_path / "本单位.govcat", f.valid_project())
    before = file_dump(unit)
    proc = _capped("import", str(unit), str(sheet), "--dry-run")
    assert proc.returncode == 2, proc.stdout + proc.stderr[-800:]
    assert proc.stderr.strip().splitlines()[-1].startswith(
        "错误：文件“藏起来的远处单元格.xlsx”的工作表“事项清单”使用范围过大（1048576 行 × 16384 列，最远的单元格在 XFD1048576）")
    assert file_dump(unit) == before


@pytest.mark.parametrize("row", [
    '<table:table-row table:style-name="a>b" table:number-rows-repeated="1000000">',
])
def test_a_million_repeated_rows_hidden_in_an_odd_ods_tag_are_refused(row: str, tmp_path: Path) -> None:
    from tests.badinput.hostile_sheets import CELL, HEADER, ods

    sheet = ods(tmp_path / "藏起来的重复行.ods", HEADER + row + CELL.format("某事项") + CELL.format("123") + "</table:table-row>")
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(sheet))  # the rows are real: calamine expands them (a million)
    assert wb.get_sheet_by_name("事项清单").height == 1_000_001
    wb.close()
    with pytest.raises(ImportRefused) as caught:
        open_book(sheet)
    assert caught.value.message.startswith("文件“藏起来的重复行.ods”的工作表“事项清单”使用范围过大（1000001 行 × 1 列，最远的单元格在 A1000001）"), caught.value.message
