"""The 目录变更表 (issue 22, item 3): exported with the catalog when it changed, its rows, its QR codes at the bureau."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
from openpyxl import load_workbook

from govcat_desktop.exchange import pdf_qr
from govcat_desktop.exchange.scan import read_scan
from govcat_desktop.services import revisions
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.bureau.paper import MISSING, NONE, SAME, paper_cells, take_scans
from govcat_desktop.services.commands import UndoStack, UpdateEntry
from govcat_desktop.services.export import export_task
from govcat_desktop.storage import ProjectFile
from govcat_desktop.storage.bureau_store import BureauStore
from tests.paper import scans as S
from tests.registry.test_life import _city, _copy, _merge_and_accept, _resubmit, _unit


def _sheet(paths: list[Path], suffix: str) -> Path | None:
    return next((p for p in paths if "变更表" in p.name and p.suffix == suffix), None)


def _changed_unit(tmp_path: Path, n: int = 12):
    """A unit that exported v1 (accepted by the bureau at `city`), then changed 3, added 2, removed 1, and changed an
    entry's info items and share type with reason 其他; returns (session, city, v1 files)."""
    s = _unit(tmp_path, n)
    city = _city(tmp_path)
    first = export_task(s, "catalog", tmp_path / "v1")
    _merge_and_accept(city, _copy(first))
    _resubmit(s)
    e = s.project.matters[8].entries[0]
    items = [i.model_copy(update={"length": "99"}) if k == 0 else i for k, i in enumerate(e.items)]
    UndoStack(s).push(UpdateEntry(e, e.model_copy(update={"items": items, "share_type": "不予共享",
                                                          "change_reason": "其他", "change_note": "长度按新标准"},
                                                  deep=True)))
    revisions.refresh_withdrawn(s)
    revisions.set_reason(s, "目录5", "职能调整")
    return s, city, first


def _rows(path: Path) -> list[list[str]]:
    ws = load_workbook(path).worksheets[0]
    return [["" if v is None else str(v).replace("\n", "") for v in row] for row in ws.iter_rows(values_only=True)]


def test_the_change_sheet_goes_with_a_changed_catalog_and_lists_each_change_with_its_reason(tmp_path: Path) -> None:
    s, _city_path, first = _changed_unit(tmp_path)
    try:
        assert _sheet(first, ".xlsx") is None and _sheet(first, ".pdf") is None  # the first export: nothing extra
        second = export_task(s, "catalog", tmp_path / "v2")
        again = export_task(s, "catalog", tmp_path / "v3")  # the same content again: no change since the last export
    finally:
        s.close()
    book, pdf = _sheet(second, ".xlsx"), _sheet(second, ".pdf")
    assert book is not None and pdf is not None and len(second) == 5
    assert book.name == "阳泉市民政局_政务数据资源目录变更表_盖章版_" + book.name.rsplit("_", 1)[1]
    rows = _rows(book)
    assert rows[0][0] == "阳泉市民政局政务数据资源目录变更表" and "第2版" in rows[1][0]
    body = [r for r in rows[3:] if r[1] in ("新增", "变更", "注销")]
    assert sorted((r[1], r[3]) for r in body) == sorted(
        [("变更", "目录0"), ("变更", "目录1"), ("变更", "目录2"), ("变更", "目录8"), ("新增", "新目录A"),
         ("新增", "新目录B"), ("注销", "目录5")])
    first_change = next(r for r in body if r[3] == "目录0")
    assert first_change[4:8] == ["资源摘要", "内地居民办理结婚登记后产生的结婚证信息。", "改0", "纠错"]
    at = rows.index(next(r for r in body if r[3] == "目录8"))
    lines = [rows[at]] + [r for r in rows[at + 1:at + 3] if r[1] == ""]
    assert ["共享类型", "有条件共享", "不予共享"] in [r[4:7] for r in lines]
    assert any(r[4].startswith("信息项“") and r[6].endswith("99") for r in lines)
    assert rows[at][7:9] == ["其他", "长度按新标准"]
    assert next(r for r in body if r[3] == "目录5")[4:8] == ["注销目录", "目录5", "（注销）", "职能调整"]
    assert any("新增 2 条，变更 4 条，注销 1 条" in r[0] for r in rows)
    assert any(r[0].startswith("填报单位（盖章）") for r in rows)
    # the print file: a QR code of its own kind on every page, with the catalog's fingerprint
    catalog_pdf = next(p for p in second if p.suffix == ".pdf" and "变更表" not in p.name)
    scanned = read_scan(S.to_pdf(S.render_pages(pdf), tmp_path / "scan.pdf"))
    payloads = [pl for page in scanned.pages for pl in page.payloads]
    assert payloads and {pl.kind for pl in payloads} == {"changes"}
    assert [pl.page for pl in payloads] == list(range(1, len(payloads) + 1))
    catalog_scan = read_scan(S.to_pdf(S.render_pages(catalog_pdf)[:1], tmp_path / "scan_catalog.pdf"))
    catalog_codes = {pl.fingerprint for page in catalog_scan.pages for pl in page.payloads}
    assert {pl.fingerprint for pl in payloads} == catalog_codes
    doc = pdfium.PdfDocument(str(pdf))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in doc).replace("\r\n", "")
    finally:
        doc.close()
    assert "阳泉市民政局政务数据资源目录变更表" in text and "职能调整" in text and "长度按新标准" in text
    assert _sheet(again, ".xlsx") is None and len(again) == 3


def test_a_scanned_change_sheet_is_its_own_paper_not_the_catalogs(tmp_path: Path) -> None:
    s, city, _first = _changed_unit(tmp_path, 40)
    try:
        second = export_task(s, "catalog", tmp_path / "v2")
    finally:
        s.close()
    catalog_pdf = next(p for p in second if p.suffix == ".pdf" and "变更表" not in p.name)
    sheet_pdf = _sheet(second, ".pdf")
    catalog_pages, sheet_pages = S.render_pages(catalog_pdf), S.render_pages(sheet_pdf)
    assert len(catalog_pages) >= 2
    only_sheet = S.to_pdf(sheet_pages, tmp_path / "only_sheet.pdf")
    short = S.to_pdf(catalog_pages[:-1] + sheet_pages, tmp_path / "short.pdf")  # the catalog's last page missing
    whole = S.to_pdf(catalog_pages + sheet_pages, tmp_path / "whole.pdf")
    with ProjectFile.open(city) as st:
        merge(st, [_copy(second)])
        unit = BureauStore(st).units()[0].id

    def catalog_state(scan: Path) -> tuple[str, set[str]]:
        place = tmp_path / f"city_{scan.stem}.govcat"
        shutil.copy(city, place)
        with ProjectFile.open(place) as st:
            taken, skipped = take_scans(st, [scan])
            assert not skipped and taken
            cells = paper_cells(st)
        return cells[(unit, "catalog")].state if (unit, "catalog") in cells else NONE, {k for _u, k in cells}

    # the change sheet alone: the catalog's paper is still not received (not 与电子版不一致, not 一致)
    assert catalog_state(only_sheet) == (NONE, {"catalog"})
    # the change sheet's pages never fill the catalog's missing last page
    assert catalog_state(short)[0] == MISSING
    assert catalog_state(whole) == (SAME, {"catalog"})


def test_the_change_sheets_payload_is_its_own_kind() -> None:
    text = pdf_qr.encode("changes", "11140300MB1950437Y", "AAAA-0001", 1, 2, __import__("datetime").date(2026, 9, 1))
    assert text.startswith("GC1/CG/")
    decoded = pdf_qr.decode(text)
    assert decoded is not None and decoded.kind == "changes"


def test_the_change_sheet_opens_in_libreoffice_on_the_pdfs_pages(tmp_path: Path, soffice: str) -> None:
    s, _city_path, _first = _changed_unit(tmp_path)
    try:
        files = export_task(s, "catalog", tmp_path / "v2")
    finally:
        s.close()
    book, pdf = _sheet(files, ".xlsx"), _sheet(files, ".pdf")
    assert book is not None and pdf is not None
    printed = pdfium.PdfDocument(str(pdf))
    pdf_pages = len(printed)
    printed.close()
    out = tmp_path / "lo"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--convert-to",
                    "pdf", "--outdir", str(out), str(book)], check=True, capture_output=True, timeout=180)
    doc = pdfium.PdfDocument(str(out / (book.stem + ".pdf")))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in doc).replace("\r\n", "")
        assert len(doc) == pdf_pages  # one plan: the workbook prints on the PDF's pages
    finally:
        doc.close()
    assert "政务数据资源目录变更表" in text and "职能调整" in text and "填报单位（盖章）" in text
