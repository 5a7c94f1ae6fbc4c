"""Export → print PDF → scans the test makes (rendered, degraded) → merge → the board's 纸质版 column."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import pytest

from govcat_desktop.domain.codes import uscc_check_char
from govcat_desktop.services import transfer
from govcat_desktop.services.bureau.board import board
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.example import load_example
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile
from tests import factories as F
from tests.bureau.conftest import bureau_info, chengqu
from tests.paper import scans as S

DAY = _dt.date(2026, 9, 20)


def uscc(serial: str) -> str:
    body = f"11140300MB{serial:0>7}"
    return body + uscc_check_char(body)


def _unit(tmp_path: Path, name: str, project) -> Path:
    return F.write_project(tmp_path / f"{name}.govcat", project)


def export(path: Path, out: Path, day: _dt.date = DAY) -> list[Path]:
    session = Session.open(path, readonly=True)
    try:
        return transfer.export_task(session, "all", out, today=day)
    finally:
        session.close()


def scan_of(pdf: Path, target: Path, make=lambda pages: pages, dpi: int = 150, grey: bool = True) -> Path:
    pages = make(S.render_pages(pdf, dpi, grey))
    return S.to_pdf(pages, target, dpi)


def paper_column(store: ProjectFile) -> dict[tuple[str, str], str]:
    return {(r.unit.org_name, t): c.paper for r in board(store) for t, c in r.cells.items() if c.owed}


@pytest.fixture
def city(tmp_path: Path):
    """民政局 (the example, 市直部门: T1 T3 T4) and 城区 (县（区）主管机构: T2 T3 T4), exported with print PDFs."""
    example = load_example()
    county = chengqu()
    county.info.org_code = uscc("0000002")
    county.contacts = F.contacts()
    county.demands, county.reviews = [F.demand()], [F.review()]
    units = {"民政局": _unit(tmp_path, "民政局", example), "城区": _unit(tmp_path, "城区", county)}
    exports = {key: export(path, tmp_path / f"out-{key}") for key, path in units.items()}
    store = ProjectFile.create(tmp_path / "阳泉市大数据局.govcat", bureau_info("2099-12-31"))
    yield store, units, exports, tmp_path
    store.close()


def _pdfs(paths: list[Path]) -> list[Path]:
    return [p for p in paths if p.suffix == ".pdf"]


def test_export_writes_a_print_pdf_per_stamped_copy(city) -> None:
    _, _, exports, _ = city
    for paths in exports.values():
        stamped = [p for p in paths if p.suffix == ".xlsx" and "盖章版" in p.name]
        assert sorted(p.with_suffix(".pdf") for p in stamped) == sorted(_pdfs(paths))
        for pdf in _pdfs(paths):
            assert pdf.read_bytes().startswith(b"%PDF")


def test_every_task_consistent_after_scans_of_degraded_pages(city) -> None:
    store, units, exports, tmp = city
    inbox = tmp / "scans"
    inbox.mkdir()
    degradations = [
        lambda pages: [S.signature(S.red_stamp(p)) for p in pages],
        lambda pages: [S.jpeg(S.rotate(p, 5), 50) for p in pages],
        lambda pages: [S.rotate(p, 180) for p in pages],
        lambda pages: [S.cut_edge(S.rotate(p, -4)) for p in pages],
    ]
    k = 0
    for key, paths in exports.items():
        for pdf in _pdfs(paths):
            scan_of(pdf, inbox / f"扫描{k}.pdf", degradations[k % len(degradations)], grey=k % 2 == 0)
            k += 1
    outcome = merge(store, [units["民政局"], units["城区"], inbox])
    assert not outcome.skipped, outcome.skipped
    assert len(outcome.scans) == k
    column = paper_column(store)
    assert column == {
        ("阳泉市民政局", "T1"): "一致", ("阳泉市民政局", "T3"): "一致", ("阳泉市民政局", "T4"): "一致",
        ("城区行政审批服务管理局", "T2"): "一致", ("城区行政审批服务管理局", "T3"): "一致",
        ("城区行政审批服务管理局", "T4"): "一致",
    }


def test_scan_of_an_older_export_differs_and_says_which_is_newer(city, tmp_path: Path) -> None:
    store, units, exports, tmp = city
    old_pdf = [p for p in _pdfs(exports["民政局"]) if "政务数据资源目录" in p.name][0]
    old_scan = scan_of(old_pdf, tmp / "旧目录扫描.pdf")
    # The unit edits its catalog and sends the new electronic copy; the paper is of the old export.
    session = Session.open(units["民政局"])
    try:
        entry = session.project.matters[0].entries[0]
        session.replace_entry(entry.model_copy(update={"summary": entry.summary + "（已修改）"}))
    finally:
        session.close()
    new = export(units["民政局"], tmp / "new-out", _dt.date(2026, 9, 25))
    copy = [p for p in new if "政务数据资源目录_可编辑版" in p.name][0]
    merge(store, [copy, old_scan])
    text = paper_column(store)[("阳泉市民政局", "T3")]
    assert text.startswith("与电子版不一致"), text
    assert "纸质版较旧：导出于 2026-09-20，电子版导出于 " in text  # the copy carries its real export time


def test_scan_missing_page_2_shows_it(city) -> None:
    store, units, exports, tmp = city
    pdf = [p for p in _pdfs(exports["民政局"]) if "政务数据资源目录" in p.name][0]
    pages = S.render_pages(pdf)
    assert len(pages) >= 3
    S.to_pdf([pages[0]] + pages[2:], tmp / "缺页.pdf")
    merge(store, [units["民政局"], tmp / "缺页.pdf"])
    assert paper_column(store)[("阳泉市民政局", "T3")] == "缺页（2）"


def test_scan_before_its_electronic_copy_is_kept_and_matched_later(city) -> None:
    store, units, exports, tmp = city
    pdf = [p for p in _pdfs(exports["城区"]) if "体制机制" in p.name][0]
    scan = scan_of(pdf, tmp / "先到的纸质版.png.pdf")
    first = merge(store, [scan])
    assert len(first.scans) == 1 and not first.skipped
    assert paper_column(store) == {}  # no unit yet: nothing to show, but the pages are kept
    merge(store, [units["城区"]])
    assert paper_column(store)[("城区行政审批服务管理局", "T2")] == "一致"
    assert paper_column(store)[("城区行政审批服务管理局", "T3")] == "未收到"


def test_one_pdf_holding_many_units_pages_shuffled_with_an_unreadable_page(city) -> None:
    store, units, exports, tmp = city
    pages = []
    for key in ("民政局", "城区"):
        for pdf in _pdfs(exports[key]):
            pages += [(pdf.name, n, image) for n, image in enumerate(S.render_pages(pdf), 1)]
    # 民政局's catalog page 2: the code smeared with ink (a coffee ring over the corner) → unreadable.
    from PIL import ImageDraw

    target = next(i for i, (name, n, _) in enumerate(pages) if "民政局_政务数据资源目录" in name and n == 2)
    smeared = pages[target][2].copy()
    ImageDraw.Draw(smeared).rectangle((int(smeared.width * 0.85), 0, smeared.width, int(smeared.height * 0.2)), fill=0)
    pages[target] = (pages[target][0], 2, smeared)
    import random

    random.Random(7).shuffle(pages)
    position = next(i for i, (name, n, image) in enumerate(pages, 1) if image is smeared)
    S.to_pdf([image for _, _, image in pages], tmp / "一沓.pdf")
    outcome = merge(store, [units["民政局"], units["城区"], tmp / "一沓.pdf"])
    assert len(outcome.scans) == 1 and outcome.scans[0].unreadable == [position]
    column = paper_column(store)
    assert column.pop(("阳泉市民政局", "T3")) == f"无法识别（缺第 2 页，无法识别：一沓.pdf 第 {position} 页）"
    assert set(column.values()) == {"一致"}


def test_board_workbook_and_cli_show_the_paper_column(city, capsys) -> None:
    store, units, exports, tmp = city
    pdf = [p for p in _pdfs(exports["民政局"]) if "工作联系表" in p.name][0]
    merge(store, [units["民政局"], scan_of(pdf, tmp / "联系表.pdf")])
    from govcat_desktop.cli import main

    path = store.path
    store.close()
    assert main(["board", str(path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"T1 .*纸质版：一致", out)
    assert re.search(r"T3 .*纸质版：未收到", out)


def test_jpeg_png_and_multipage_tiff_scans(city) -> None:
    store, units, exports, tmp = city
    pdfs = {p.name.split("_")[1]: p for p in _pdfs(exports["民政局"])}
    [contacts] = S.render_pages(pdfs["工作联系表"], 200, grey=False)
    S.jpeg(S.red_stamp(contacts), 60).save(tmp / "联系表.jpg", "JPEG", quality=60)
    [demand] = S.render_pages(pdfs["共享数据需求"], 150)
    demand.save(tmp / "需求.png")
    [review] = S.render_pages(pdfs["需求审核确认"], 150)
    review.save(tmp / "审核.tif")
    catalog = S.render_pages(pdfs["政务数据资源目录"], 150)
    catalog[0].save(tmp / "目录.tiff", save_all=True, append_images=catalog[1:], compression="tiff_lzw")
    outcome = merge(store, [units["民政局"], tmp / "联系表.jpg", tmp / "需求.png", tmp / "审核.tif", tmp / "目录.tiff"])
    assert not outcome.skipped and len(outcome.scans) == 4
    column = paper_column(store)
    assert {t: v for (u, t), v in column.items() if u == "阳泉市民政局"} == {"T1": "一致", "T3": "一致", "T4": "一致"}


def test_board_workbook_and_pdf_report_the_paper_column(city) -> None:
    from openpyxl import load_workbook

    from govcat_desktop.services.bureau.outputs import write_outputs
    from tests.paper.test_print_pdf import page_texts

    store, units, exports, tmp = city
    pdf = [p for p in _pdfs(exports["民政局"]) if "工作联系表" in p.name][0]
    merge(store, [units["民政局"], scan_of(pdf, tmp / "联系表.pdf")])
    paths = write_outputs(store, tmp / "report")
    book = next(p for p in paths if p.name.endswith("督办表.xlsx"))
    ws = load_workbook(book)["督办表"]
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(r for r in cells if "纸质版" in r)
    unit = next(r for r in cells if "阳泉市民政局" in r)
    first = header.index("纸质版")
    assert unit[first] == "一致"  # T1 (contacts scanned)
    assert unit[header.index("纸质版", first + 1)] == "未收到"  # T3
    [text] = page_texts(book.with_suffix(".pdf"))
    assert "纸质版" in text and "一致" in text and "未收到" in text


def test_every_page_of_the_degraded_set_decodes(city) -> None:
    """The issue's degradations (S.degraded_set) applied to every page of the example's catalog print."""
    from govcat_desktop.exchange.scan import read_scan

    _, _, exports, tmp = city
    pdf = [p for p in _pdfs(exports["民政局"]) if "政务数据资源目录" in p.name][0]
    rate = {}
    for name, pages in S.degraded_set(S.render_pages(pdf, 150), S.render_pages(pdf, 300)).items():
        scan = read_scan(S.to_pdf(pages, tmp / "deg.pdf", 300 if "300dpi" in name else 150))
        rate[name] = sorted(p.payloads[0].page for p in scan.pages if p.payloads)
    assert rate == {name: list(range(1, len(S.render_pages(pdf)) + 1)) for name in rate}
