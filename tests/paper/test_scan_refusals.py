"""Files that are no scan: a clear Chinese reason, quickly, and the bureau project unchanged."""

from __future__ import annotations

import random
import resource
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from PIL import Image

from govcat_desktop.exchange.scan import ScanRefused, read_scan
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.storage import ProjectFile
from tests.bureau.conftest import bureau_info


def photo(path: Path) -> Path:
    rnd = random.Random(3)
    image = Image.new("RGB", (1600, 1200))
    image.putdata([(rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)) for _ in range(1600 * 1200)])
    image.save(path, "JPEG", quality=80)
    return path


def empty_pdf(path: Path) -> Path:
    pdfium.PdfDocument.new().save(str(path))
    return path


def encrypted_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica")
    pdf.cell(text="scan")
    pdf.set_encryption(owner_password="owner", user_password="user", encryption_method=EncryptionMethod.RC4)
    pdf.output(str(path))
    return path


def huge_pdf(path: Path, pages: int = 10_000) -> Path:
    doc = pdfium.PdfDocument.new()
    for _ in range(pages):
        doc.new_page(595, 842).close()
    doc.save(str(path))
    return path


CASES = {
    "照片.jpg": (photo, "没有找到 govcat 页码二维码"),
    "空.pdf": (empty_pdf, "中没有页面"),
    "加密.pdf": (encrypted_pdf, "加密的 PDF"),
    "一万页.pdf": (huge_pdf, "有 10000 页，超过扫描件上限"),
    "文本改名.pdf": (lambda p: (p.write_text("这不是 PDF"), p)[1], "不是 PDF、JPEG、PNG 或 TIFF 扫描件"),
    "截断.png": (lambda p: (p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40), p)[1], "不是可以读取的图片"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_scan_is_refused_in_chinese_quickly_and_nothing_changes(name, tmp_path: Path) -> None:
    make, reason = CASES[name]
    path = make(tmp_path / name)
    store = ProjectFile.create(tmp_path / "局.govcat", bureau_info())
    try:
        before = store.conn.execute("SELECT count(*) FROM paper_page").fetchone()[0]
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        outcome = merge(store, [path])
        elapsed = time.perf_counter() - start
        assert elapsed < 10
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss < 300_000  # kB
        assert not outcome.scans and outcome.exit_code == 1
        [(skipped, why)] = outcome.skipped
        assert skipped == path and reason in why, why
        assert not any(c.isascii() and c.isalpha() for c in why.replace(path.name, "").replace("govcat", "")
                       .replace("PDF", "").replace("JPEG", "").replace("PNG", "").replace("TIFF", "").replace("dpi", ""))
        assert store.conn.execute("SELECT count(*) FROM paper_page").fetchone()[0] == before
    finally:
        store.close()


def test_own_print_file_is_not_a_scan(tmp_path: Path) -> None:
    from govcat_desktop.exchange.editable import copy_fingerprint
    from govcat_desktop.exchange.pdf_forms import write_submission_pdf
    from govcat_desktop.formspec import default_forms
    from govcat_desktop.services.example import load_example
    import datetime as _dt

    project, forms = load_example(), default_forms()
    pdf = tmp_path / "打印件.pdf"
    write_submission_pdf(pdf, "contacts", project, forms, copy_fingerprint("contacts", project, forms), _dt.date.today())
    store = ProjectFile.create(tmp_path / "局.govcat", bureau_info())
    try:
        outcome = merge(store, [pdf])
        assert outcome.skipped == [(pdf, "这是 govcat 导出的打印文件（未盖章），请汇总盖章后的扫描件")]
        folder = merge(store, [tmp_path])  # in a folder it is left aside quietly, like the 盖章版 workbook
        assert not folder.scans and all(p.suffix != ".pdf" for p, _ in folder.skipped)
    finally:
        store.close()


def test_read_scan_refuses_in_chinese(tmp_path: Path) -> None:
    (tmp_path / "空.jpg").touch()
    with pytest.raises(ScanRefused, match="是空文件"):
        read_scan(tmp_path / "空.jpg")


def test_a_page_that_cannot_be_drawn_is_unreadable_not_a_crash(tmp_path: Path, monkeypatch) -> None:
    from govcat_desktop.exchange import scan_decode

    image = tmp_path / "页.png"
    Image.new("L", (400, 300), 255).save(image)

    def broken(render, budget):
        raise RuntimeError("pdfium: page tree damaged")

    monkeypatch.setattr(scan_decode, "decode_page", broken)  # in this process: decode_file is the child's work
    assert scan_decode.decode_file(image, lambda kind, value: None) == [(1, scan_decode.UNREADABLE, [], 0)]


def test_the_progress_of_a_scan_reaches_its_last_page(tmp_path: Path) -> None:
    """The scan progress bar stayed at 0 %: a one-page scan reported (0, 1) and nothing after its page was read."""
    image = tmp_path / "页.png"
    Image.new("L", (400, 300), 255).save(image)
    ticks: list[tuple[int, int]] = []
    read_scan(image, lambda done, total: ticks.append((done, total)) or True)
    assert ticks[-1] == (1, 1)  # the last page read: 100 %
