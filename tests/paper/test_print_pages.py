"""The print PDF's page count rides in the editable copy (`print_pages` on its _govcat sheet), is stored at intake,
and the paper state checks a scan's codes against it (issue #19): codes that agree among themselves on another count
are of another export's print, not 一致."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest

from govcat_desktop.exchange import pdf_qr
from govcat_desktop.services import transfer
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.bureau.reading import _print_pages
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile
from tests.paper.test_roundtrip import DAY, city, paper_column  # noqa: F401 - the fixture
from tests.paper.test_scan_situations import UNIT, _code_of, _code_page, _pdf

CATALOG = "政务数据资源目录"


def _meta(path: Path) -> dict[str, str]:
    ws = openpyxl.load_workbook(path)["_govcat"]
    return {r[0].value: r[1].value for r in ws.iter_rows(min_row=2)}


def _copy(exports, key: str, name: str) -> Path:
    return next(p for p in exports[key] if f"{name}_可编辑版" in p.name)


def _pdf_pages(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def _stored(store: ProjectFile) -> dict[str, int]:
    return dict(store.conn.execute("SELECT kind, print_pages FROM submission WHERE superseded = 0"))


def test_each_editable_copy_carries_its_print_pdfs_page_count(city) -> None:
    _store, _units, exports, _tmp = city
    copies = [p for p in exports["民政局"] if "可编辑版" in p.name]
    assert len(copies) == 4  # contacts, catalog, demand, review
    for copy in copies:
        pdf = copy.with_name(copy.name.replace("可编辑版", "盖章版")).with_suffix(".pdf")
        assert _meta(copy)["print_pages"] == str(_pdf_pages(pdf)), copy.name
    assert int(_meta(_copy(exports, "民政局", CATALOG))["print_pages"]) >= 3


def test_an_export_without_its_pdf_says_no_page_count(city, tmp_path: Path) -> None:
    _store, units, _exports, _tmp = city
    session = Session.open(units["民政局"], readonly=True)
    try:
        paths = transfer.export_task(session, "contacts", tmp_path / "no-pdf", today=DAY, pdf=False)
    finally:
        session.close()
    [copy] = [p for p in paths if "可编辑版" in p.name]
    assert _meta(copy)["print_pages"] in ("", None)


def test_the_page_count_is_stored_at_intake(city) -> None:
    store, _units, exports, _tmp = city
    merge(store, [_copy(exports, "民政局", CATALOG), _copy(exports, "民政局", "工作联系表")])
    pdf = _pdf(exports, "民政局", CATALOG)
    assert _stored(store) == {"catalog": _pdf_pages(pdf), "contacts": 1}


@pytest.mark.parametrize("value, pages", [("5", 5), ("5.0", 5), ("", 0), ("五", 0), ("99999", 0), ("-3", 0),
                                          ("1e400", 0)])
def test_a_copys_page_count_is_read_only_when_sane(value, pages) -> None:
    assert _print_pages({"print_pages": value}) == pages


def _shorter_print(exports, tmp: Path, pages: int) -> list[Path]:
    """Pages 1..n of n with the catalog's real unit code and fingerprint: a complete print of another layout."""
    real = _code_of(_pdf(exports, "民政局", CATALOG))
    return [_code_page(pdf_qr.encode("catalog", real.org_code, real.fingerprint, n, pages, real.export_date),
                       tmp / f"另一次打印-{n}.png") for n in range(1, pages + 1)]


def test_codes_complete_among_themselves_but_short_of_the_copys_print_are_missing_pages_not_consistent(city) -> None:
    store, _units, exports, tmp = city
    printed = _pdf_pages(_pdf(exports, "民政局", CATALOG))
    merge(store, [_copy(exports, "民政局", CATALOG), *_shorter_print(exports, tmp, 2)])
    text = paper_column(store)[(UNIT, "T3")]
    assert text.startswith(f"缺页（1–{printed}，") if printed > 2 else text.startswith("缺页（1、2，"), text
    assert "另一次打印-1.png 第 1 页；另一次打印-2.png 第 1 页的二维码为共 2 页" in text
    assert f"不是这份电子版导出时的打印件（共 {printed} 页）" in text


def test_a_scan_that_arrives_first_is_checked_against_the_copys_count_when_the_copy_arrives(city) -> None:
    store, _units, exports, tmp = city
    merge(store, _shorter_print(exports, tmp, 2))
    merge(store, [_copy(exports, "民政局", "工作联系表")])  # the unit is known; its catalog copy not yet
    assert paper_column(store)[(UNIT, "T3")] == "待电子版（已收到纸质版，未收到电子版）"
    merge(store, [_copy(exports, "民政局", CATALOG)])
    assert paper_column(store)[(UNIT, "T3")].startswith("缺页（1–")


def test_a_forged_count_over_the_copys_is_not_a_page_of_it(city) -> None:
    store, _units, exports, tmp = city
    printed = _pdf_pages(_pdf(exports, "民政局", CATALOG))
    real = _code_of(_pdf(exports, "民政局", CATALOG))
    forged = pdf_qr.encode("catalog", real.org_code, real.fingerprint, 1, 1_500, real.export_date)  # under the bound
    merge(store, [_copy(exports, "民政局", CATALOG), _code_page(forged, tmp / "伪造.png")])
    text = paper_column(store)[(UNIT, "T3")]
    assert text.startswith(f"缺页（1–{printed}，伪造.png 第 1 页的二维码为共 1500 页"), text


def test_a_genuine_scan_of_the_copys_print_is_consistent_and_a_missing_page_named(city) -> None:
    from tests.paper.test_scan_situations import C, _pages, _scan

    store, _units, exports, tmp = city
    pages = [C._resample(p, 150) for p in _pages(_pdf(exports, "民政局", CATALOG))]
    merge(store, [_copy(exports, "民政局", CATALOG), _scan(pages[:-1], tmp / "缺末页.pdf", 150)])
    assert paper_column(store)[(UNIT, "T3")] == f"缺页（{len(pages)}）"
    merge(store, [_scan(pages[-1:], tmp / "末页.pdf", 150)])
    assert paper_column(store)[(UNIT, "T3")] == "一致"


@pytest.mark.libreoffice
def test_the_page_count_survives_a_libreoffice_resave(city, soffice: str) -> None:
    store, _units, exports, tmp = city
    copy = _copy(exports, "民政局", CATALOG)
    out = tmp / "resaved"
    subprocess.run([soffice, f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}", "--headless", "--convert-to",
                    "xlsx", "--outdir", str(out), str(copy)], capture_output=True, text=True, timeout=240)
    again = out / copy.name
    assert again.read_bytes() != copy.read_bytes()
    merge(store, [again])
    assert _stored(store) == {"catalog": _pdf_pages(_pdf(exports, "民政局", CATALOG))}
