"""Print PDF and scan intake: govcat's figure against bare fpdf2 / pypdfium2 + zxing-cpp doing the same I/O."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bench.generate import write_department
from bench.harness import Result, best_of

DAY = dt.date(2026, 9, 20)
SCAN_PAGES = 100


def _bare_pdf(path: Path, rows: list[list[str]], font: Path) -> None:
    """The same cell texts with bare fpdf2 (one cell() per text, automatic page breaks, same font and size)."""
    from govcat_desktop.exchange.pdf_layout import _fpdf_class

    pdf = _fpdf_class()(orientation="L", unit="mm", format="A4")
    pdf.add_font("sc", fname=str(font))
    pdf.set_font("sc", size=9)
    pdf.add_page()
    width = (297 - 24) / max(len(r) for r in rows)
    for row in rows:
        for text in row:
            pdf.cell(width, 5, text[:12], border=1)
        pdf.ln()
    pdf.output(str(path))


def _scan(pdf: Path, target: Path) -> Path:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    images = []
    for index in range(SCAN_PAGES):
        page = doc[index]
        bitmap = page.render(scale=150 / 72, grayscale=True)
        images.append(bitmap.to_pil().convert("L"))
        bitmap.close()
        page.close()
    doc.close()
    images[0].save(target, "PDF", save_all=True, append_images=images[1:], resolution=150)
    return target


def _bare_read(scan: Path) -> int:
    import pypdfium2 as pdfium
    import zxingcpp

    doc = pdfium.PdfDocument(str(scan))
    found = 0
    for page in doc:
        bitmap = page.render(scale=150 / 72, grayscale=True)
        found += len(zxingcpp.read_barcodes(bitmap.to_pil(), formats=zxingcpp.BarcodeFormat.QRCode))
        bitmap.close()
        page.close()
    doc.close()
    return found


def run(workdir: Path) -> list[Result]:
    from govcat_desktop.exchange.editable import copy_fingerprint
    from govcat_desktop.exchange.pdf_forms import write_submission_pdf
    from govcat_desktop.exchange.pdf_layout import font_path
    from govcat_desktop.exchange.rows import RowWriter, catalog_sheet
    from govcat_desktop.services.bureau.paper import take_scans
    from govcat_desktop.services.session import Session
    from govcat_desktop.storage import ProjectFile
    from tests.bureau.conftest import bureau_info

    project = write_department(workdir / "dept-paper.govcat")
    session = Session.open(project, readonly=True)
    try:
        code = copy_fingerprint("catalog", session.project, session.forms)
        rows = catalog_sheet(session.project.matters, RowWriter(session.forms)).rows
        pdf = workdir / "paper-catalog.pdf"
        pages: list[int] = []
        ours = best_of(lambda: pages.append(write_submission_pdf(pdf, "catalog", session.project, session.forms,
                                                                 code, DAY)), repeat=1)
        bare = best_of(lambda: _bare_pdf(workdir / "paper-bare.pdf", rows, font_path()), repeat=1)
    finally:
        session.close()
    scan = _scan(pdf, workdir / "paper-scan.pdf")
    bare_scan = best_of(lambda: _bare_read(scan), repeat=1)
    store = ProjectFile.create(workdir / "paper-bureau.govcat", bureau_info())
    try:
        intake = best_of(lambda: take_scans(store, [scan]), repeat=1)
    finally:
        store.close()
    size = pdf.stat().st_size / 1e6
    return [
        Result("print PDF of the catalog (3,000 entries / 60,000 items)", ours,
               "bare fpdf2 cell() per text, same rows and font", bare,
               note=f"{pages[-1]} pages, {size:.1f} MB; QR code, merged entry columns, line breaking"),
        Result(f"take in a {SCAN_PAGES}-page scanned PDF (150 dpi)", intake,
               "bare pypdfium2 render + zxing-cpp read of the same pages", bare_scan,
               note="decode, match rows stored in one transaction"),
    ]
