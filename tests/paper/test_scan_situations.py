"""The scans offices really send (issue #19): each situation built from the example's print PDFs, merged, and read
back from the board's 纸质版 column."""

from __future__ import annotations

import datetime as _dt
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from govcat_desktop.exchange import pdf_qr
from govcat_desktop.exchange.scan import read_scan
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.session import Session
from tests.paper import corpus as C
from tests.paper import scans as S
from tests.paper.test_roundtrip import city, export, paper_column  # noqa: F401 - the fixture

UNIT = "阳泉市民政局"


def _pdf(exports, key: str, name: str) -> Path:
    return next(p for p in exports[key] if p.suffix == ".pdf" and name in p.name)


def _pages(pdf: Path) -> list[Image.Image]:
    return S.render_pages(pdf, 300, grey=False)


def _scan(images: list[Image.Image], target: Path, dpi: int) -> Path:
    return S.to_pdf(images, target, dpi)


def _degraded(pdf: Path, make, target: Path) -> Path:
    made = [make(p) for p in _pages(pdf)]
    return _scan([m for m, _ in made], target, made[0][1])


def _hide_code(page: Image.Image) -> Image.Image:
    page = page.copy()
    ImageDraw.Draw(page).rectangle(C.code_box(page), fill=(20, 20, 20))
    return page


def _blank_back(size: tuple[int, int], seed: int) -> Image.Image:
    """The back of a duplex sheet: paper grey, faint show-through of the front, a few specks of dust."""
    import random

    back = Image.new("L", size, 246)
    draw = ImageDraw.Draw(back)
    rnd = random.Random(seed)
    for y in range(size[1] // 8, size[1] * 7 // 8, size[1] // 30):
        draw.rectangle((size[0] // 10, y, size[0] * 9 // 10, y + 3), fill=226)  # mirrored text, seen through
    for _ in range(40):
        x, y = rnd.randrange(size[0]), rnd.randrange(size[1])
        draw.ellipse((x, y, x + 2, y + 2), fill=40)
    return back


def test_a_red_seal_over_the_code_is_read_through_the_red_channel(city) -> None:
    store, units, exports, tmp = city
    contacts = _degraded(_pdf(exports, "民政局", "工作联系表"), C.seal_colour, tmp / "联系表红章.pdf")
    catalog = _degraded(_pdf(exports, "民政局", "政务数据资源目录"), C.seal_colour_300, tmp / "目录红章.pdf")
    outcome = merge(store, [units["民政局"], contacts, catalog])
    assert not outcome.skipped and outcome.exit_code == 0
    column = paper_column(store)
    assert column[(UNIT, "T1")] == "一致" and column[(UNIT, "T3")] == "一致", column


def test_dithered_faded_mfp_pages_are_read_with_a_blur(city) -> None:
    store, units, exports, tmp = city
    catalog = _degraded(_pdf(exports, "民政局", "政务数据资源目录"), C.mfp_dither_faded, tmp / "目录抖动.pdf")
    merge(store, [units["民政局"], catalog])
    assert paper_column(store)[(UNIT, "T3")] == "一致"


def test_a_100_dpi_fax_is_read(city) -> None:
    store, units, exports, tmp = city
    made = [C.fax(p)[0] for p in _pages(_pdf(exports, "民政局", "政务数据资源目录"))]
    made[0].save(tmp / "传真.tif", save_all=True, append_images=made[1:], compression="group4", dpi=(100, 100))
    merge(store, [units["民政局"], tmp / "传真.tif"])
    assert paper_column(store)[(UNIT, "T3")] == "一致"


def test_blank_backs_of_a_duplex_scan_are_blank_not_unreadable(city) -> None:
    store, units, exports, tmp = city
    fronts = S.render_pages(_pdf(exports, "民政局", "政务数据资源目录"), 150)
    sheets = []
    for k, front in enumerate(fronts):
        sheets += [front, _blank_back(front.size, k)]
    outcome = merge(store, [units["民政局"], _scan(sheets, tmp / "双面.pdf", 150)])
    [scan] = outcome.scans
    assert scan.unreadable == [] and scan.blank == list(range(2, 2 * len(fronts) + 1, 2))
    assert outcome.exit_code == 0
    text = paper_column(store)[(UNIT, "T3")]
    backs = "、".join(str(n) for n in range(2, 2 * len(fronts) + 1, 2))
    assert text == f"一致；空白页：双面.pdf 第 {backs} 页", text


def test_a_2_up_sheet_with_one_code_hidden_has_that_page_unreadable_not_missing(city) -> None:
    store, units, exports, tmp = city
    pages = _pages(_pdf(exports, "民政局", "政务数据资源目录"))
    assert len(pages) >= 4
    pages[1] = _hide_code(pages[1])  # a seal in black ink right over page 2's code
    sheets = []
    for k in range(0, len(pages), 2):
        sheet = C.two_up(pages[k], pages[k + 1] if k + 1 < len(pages) else None)
        sheets.append(sheet.resize((1654, round(sheet.height * 1654 / sheet.width)), Image.LANCZOS))  # 200 dpi A4
    outcome = merge(store, [units["民政局"], _scan(sheets, tmp / "两版.pdf", 200)])
    assert outcome.scans[0].unreadable == [1] and outcome.exit_code == 1
    assert paper_column(store)[(UNIT, "T3")] == "无法识别（缺第 2 页，无法识别：两版.pdf 第 1 页）"


def test_unreadable_pages_are_not_given_to_a_form_of_another_kind(city) -> None:
    store, units, exports, tmp = city
    [contacts] = _pages(_pdf(exports, "民政局", "工作联系表"))
    [demand] = _pages(_pdf(exports, "民政局", "共享数据需求"))
    [review] = _pages(_pdf(exports, "民政局", "需求审核确认"))
    scan = _scan([C._resample(p, 150) for p in (contacts, _hide_code(demand), _hide_code(review))],
                 tmp / "三份.pdf", 150)
    outcome = merge(store, [units["民政局"], scan])
    assert outcome.scans[0].unreadable == [2, 3]
    column = paper_column(store)
    assert column[(UNIT, "T1")] == "一致"
    assert column[(UNIT, "T4")].startswith("无法识别") and "三份.pdf 第 2、3 页" in column[(UNIT, "T4")], column


def test_a_stale_page_is_named(city) -> None:
    store, units, exports, tmp = city
    old = _pages(_pdf(exports, "民政局", "政务数据资源目录"))
    old_copy = next(p for p in exports["民政局"] if "政务数据资源目录_可编辑版" in p.name)
    merge(store, [old_copy])
    session = Session.open(units["民政局"])
    try:
        entry = session.project.matters[0].entries[0]
        session.replace_entry(entry.model_copy(update={"summary": entry.summary + "（已修改）"}))
    finally:
        session.close()
    new = export(units["民政局"], tmp / "new-out", _dt.date(2026, 9, 25))
    pages = _pages(next(p for p in new if p.suffix == ".pdf" and "政务数据资源目录" in p.name))
    assert len(pages) == len(old)
    copy = next(p for p in new if "政务数据资源目录_可编辑版" in p.name)
    stack = pages[:2] + [old[2]] + pages[3:]  # page 3 taken from the earlier export
    merge(store, [copy, _scan([C._resample(p, 150) for p in stack], tmp / "混入旧页.pdf", 150)])
    assert paper_column(store)[(UNIT, "T3")] == "缺页（3，第 3 页是此前报送的版本）"


def _code_page(text: str, target: Path) -> Path:
    sheet = Image.new("L", (1754, 1240), 255)
    rows = pdf_qr.matrix(text)
    m = max(2, min(6, 1000 // len(rows)))
    left = 1754 - 60 - len(rows) * m
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                sheet.paste(0, (left + c * m, 60 + r * m, left + (c + 1) * m, 60 + (r + 1) * m))
    for y in range(400, 1100, 40):
        sheet.paste(0, (100, y, 500, y + 5))
    sheet.save(target)
    return target


def _code_of(pdf: Path) -> pdf_qr.PagePayload:
    return read_scan(_scan([C._resample(_pages(pdf)[0], 150)], pdf.with_suffix(".first.pdf"), 150)).pages[0].payloads[0]


def test_a_forged_page_count_cannot_stretch_the_form_and_a_genuine_scan_completes_it(city) -> None:
    store, units, exports, tmp = city
    catalog = _pdf(exports, "民政局", "政务数据资源目录")
    real = _code_of(catalog)
    forged = pdf_qr.encode("catalog", real.org_code, real.fingerprint, 1, 99_999, real.export_date)
    merge(store, [units["民政局"], _code_page(forged, tmp / "伪造.png")])
    text = paper_column(store)[(UNIT, "T3")]
    assert len(text) < 80, text  # not 99,998 page numbers
    merge(store, [_scan([C._resample(p, 150) for p in _pages(catalog)], tmp / "真.pdf", 150)])
    assert paper_column(store)[(UNIT, "T3")] == "一致"


@pytest.mark.parametrize("org, day, why", [
    ("1" * 1960, _dt.date(2026, 9, 20), "统一社会信用代码无效"),
    ("", _dt.date(2026, 9, 20), "没有统一社会信用代码"),
    (None, _dt.date(9999, 12, 31), "晚于今天"),
])
def test_a_forged_code_is_not_taken(city, org, day, why) -> None:
    store, units, exports, tmp = city
    real = _code_of(_pdf(exports, "民政局", "工作联系表"))
    text = pdf_qr.encode("contacts", real.org_code if org is None else org, real.fingerprint, 1, 1, day)
    outcome = merge(store, [units["民政局"], _code_page(text, tmp / "伪造.png")])
    [(path, reason)] = outcome.skipped
    assert why in reason and outcome.exit_code == 1
    assert store.conn.execute("SELECT count(*) FROM paper_page").fetchone()[0] == 0


def test_the_print_pdf_re_saved_by_another_program_is_refused(city) -> None:
    store, units, exports, tmp = city
    source = pdfium.PdfDocument(str(_pdf(exports, "民政局", "工作联系表")))
    copy = pdfium.PdfDocument.new()  # “打印到 PDF”: the same pages in a new file, no govcat Producer
    copy.import_pages(source)
    target = tmp / "另存为.pdf"
    copy.save(str(target))
    copy.close()
    source.close()
    assert b"govcat" not in target.read_bytes()
    outcome = merge(store, [units["民政局"], target])
    [(path, reason)] = outcome.skipped
    assert path == target and "打印文件（未盖章" in reason and not outcome.scans
    assert paper_column(store)[(UNIT, "T1")] == "未收到"


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript is not installed")
def test_the_print_pdf_re_written_by_ghostscript_is_refused(city) -> None:
    store, units, exports, tmp = city
    target = tmp / "pdfwrite.pdf"
    subprocess.run(["gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={target}",
                    str(_pdf(exports, "民政局", "工作联系表"))], check=True, timeout=120)
    assert b"/Producer (govcat)" not in target.read_bytes()
    outcome = merge(store, [units["民政局"], target])
    [(path, reason)] = outcome.skipped
    assert path == target and "打印文件（未盖章" in reason and not outcome.scans


def test_a_scan_with_an_ocr_text_layer_is_a_scan(city) -> None:
    from fpdf import FPDF
    from fpdf.enums import TextMode

    store, units, exports, tmp = city
    [page] = S.render_pages(_pdf(exports, "民政局", "工作联系表"), 150)
    page.save(tmp / "页.png")
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.add_page()
    pdf.image(str(tmp / "页.png"), x=0, y=0, w=297, h=210)
    pdf.set_font("helvetica", size=10)
    pdf.text_mode = TextMode.INVISIBLE  # what OCR software lays over the page image
    for y in range(30, 200, 8):
        pdf.text(15, y, "OCR text layer of the scanned page")
    pdf.set_producer("ABBYY FineReader")
    pdf.output(str(tmp / "OCR.pdf"))
    outcome = merge(store, [units["民政局"], tmp / "OCR.pdf"])
    assert not outcome.skipped and len(outcome.scans) == 1
    assert paper_column(store)[(UNIT, "T1")] == "一致"
