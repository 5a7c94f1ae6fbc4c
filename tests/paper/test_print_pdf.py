"""The print PDF itself: embedded subset font, searchable text, layout rules, QR on every page, same bytes."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from govcat_desktop.domain.models import InfoItem
from govcat_desktop.exchange.editable import copy_fingerprint
from govcat_desktop.exchange.pdf_forms import write_submission_pdf
from govcat_desktop.exchange.pdf_layout import CLOSING, PdfWriter, PrintDoc
from govcat_desktop.exchange.scan import read_scan
from govcat_desktop.formspec import default_forms
from govcat_desktop.services.example import load_example
from tests import factories as F
from tests.paper import scans as S

DAY = _dt.date(2026, 9, 20)


def page_texts(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    try:
        out = []
        for page in doc:
            text = page.get_textpage()
            out.append(text.get_text_range())
            text.close()
            page.close()
        return out
    finally:
        doc.close()


def write(tmp_path: Path, kind: str, project, name: str = "out.pdf") -> tuple[Path, str]:
    forms = default_forms()
    code = copy_fingerprint(kind, project, forms)
    path = tmp_path / name
    write_submission_pdf(path, kind, project, forms, code, DAY)
    return path, code


def test_font_is_an_embedded_subset_and_the_text_is_searchable(tmp_path: Path) -> None:
    path, code = write(tmp_path, "contacts", load_example())
    data = path.read_bytes()
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+NotoSansCJKSC", data), "font not embedded as a subset"
    assert b"/FontFile3" in data and b"/ToUnicode" in data
    assert len(data) < 200_000  # a subset, not the 5 MB font
    [text] = page_texts(path)
    for word in ("阳泉市民政局政务数据资源目录编制工作联系表", "张卫东", "负责人（签字）", "填报单位（盖章）",
                 "2026年9月1日", f"校验码：{code}", "第 1 页 共 1 页"):
        assert word in text.replace("\r\n", "").replace("\n", ""), word


def test_same_project_same_bytes(tmp_path: Path) -> None:
    project = load_example()
    a, _ = write(tmp_path, "catalog", project, "a.pdf")
    b, _ = write(tmp_path, "catalog", project, "b.pdf")
    assert a.read_bytes() == b.read_bytes()


def _big_entry_project():
    """One entry with 70 info items (more than a page) between two small ones; matters of another dept too."""
    project = F.valid_project()
    items = [InfoItem(name=f"信息项{k:02d}", data_type="C", length="20", note="、".join(["说明"] * 9)) for k in range(70)]
    big = F.entry("超长目录", items=items)
    project.matters = [
        F.matter("11140300MB0001", "第一个事项", entries=[F.entry("前面的目录")]),
        F.matter("11140300MB0002", "第二个事项", entries=[big]),
        F.matter("11140300MB0003", "别的部门的事项", entries=[]),
    ]
    project.matters[2].dept = "阳泉市公安局"
    project.matters[0].dept = project.matters[1].dept = project.info.org_name
    project.matters.append(F.matter("11140300MB0004", "不产生数据的事项", entries=[]))
    project.matters[3].dept, project.matters[3].no_data_reason = project.info.org_name, "只出具证明，不留存数据"
    project.info.matter_depts = [project.info.org_name]  # the unit's own 实施部门 (chosen at import)
    return project


def test_entry_over_a_page_break_repeats_its_columns_and_header(tmp_path: Path) -> None:
    path, _ = write(tmp_path, "catalog", _big_entry_project())
    texts = [t.replace("\r\n", "").replace("\n", "") for t in page_texts(path)]
    with_big = [i for i, t in enumerate(texts) if "信息项3" in t or "信息项6" in t]
    assert len(with_big) >= 2, "the 70-item entry should continue on a second page"
    for i in with_big:
        assert "超长目录" in texts[i] and "第二个事项" in texts[i]  # merged entry columns drawn again
        assert "信息项名称" in texts[i] and "目录名称" in texts[i]  # header row on every page
        assert f"共 {len(texts)} 页" in texts[i]
    assert "（续）" in texts[with_big[1]]


def test_matter_list_has_only_own_matters(tmp_path: Path) -> None:
    path, _ = write(tmp_path, "catalog", _big_entry_project())
    texts = [t.replace("\r\n", "").replace("\n", "") for t in page_texts(path)]
    matters = [t for t in texts if "政务服务事项清单" in t]
    assert matters and not any("别的部门的事项" in t for t in texts)
    assert "本清单共 3 个事项，已编制数据资源目录的 2 个，经梳理不产生数据的 1 个（只出具证明，不留存数据 1 个）" in matters[0]
    assert "不产生数据的事项" in matters[0] and "无数据" in matters[0]


def test_no_line_starts_with_closing_punctuation(tmp_path: Path) -> None:
    writer = PdfWriter(PrintDoc([], "", DAY))
    text = "、".join(["共享交换平台接口"] * 12) + "。备注（一）、（二）。"
    try:
        for width in range(12, 60, 3):
            lines = writer.m.wrap(text, width, 9)
            assert "".join(lines) == text
            assert all(line[:1] not in CLOSING for line in lines[1:]), (width, lines)
    finally:
        writer.close()
    # and in a written page: every wrapped line of the 70-item entry's notes
    path, _ = write(tmp_path, "catalog", _big_entry_project())
    for page in page_texts(path):
        for line in page.splitlines():
            assert line[:1] not in CLOSING, line


def test_every_page_carries_a_readable_qr_code_with_its_number(tmp_path: Path) -> None:
    project = _big_entry_project()
    path, code = write(tmp_path, "catalog", project)
    scan = read_scan(S.to_pdf(S.render_pages(path, 150), tmp_path / "scan.pdf"))
    pages = [p.payloads[0] for p in scan.pages]
    assert [p.page for p in pages] == list(range(1, len(pages) + 1))
    assert {(p.kind, p.org_code, p.fingerprint, p.pages, p.export_date) for p in pages} == {
        ("catalog", project.info.org_code, code, len(pages), DAY)}


@pytest.mark.parametrize("kind", ["contacts", "mechanism", "demand", "review"])
def test_each_kind_prints(kind, tmp_path: Path) -> None:
    project = F.valid_project("县（区）主管机构")
    path, code = write(tmp_path, kind, project)
    [first, *_] = page_texts(path)
    assert f"校验码：{code}" in first and "填报单位（盖章）" in "".join(page_texts(path))


def test_pdf_written_without_ssl_as_in_the_bundle(tmp_path: Path) -> None:
    """The bundle leaves ssl out (no network); fpdf2 must still import and write."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys; sys.modules['ssl'] = None; sys.modules['_ssl'] = None\n"
        "import datetime, pathlib\n"
        "from govcat_desktop.services.example import load_example\n"
        "from govcat_desktop.formspec import default_forms\n"
        "from govcat_desktop.exchange.pdf_forms import write_submission_pdf\n"
        f"print(write_submission_pdf(pathlib.Path({str(tmp_path / 'x.pdf')!r}), 'contacts', load_example(),"
        " default_forms(), 'ABCD-EFGH', datetime.date(2026, 9, 20)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"


def test_cli_export_writes_pdfs_unless_no_pdf(tmp_path: Path) -> None:
    from govcat_desktop.cli import main
    from govcat_desktop.services.example import materialise_example

    project = materialise_example(tmp_path)
    assert main(["export", str(project), "--out", str(tmp_path / "a"), "--task", "contacts"]) == 0
    assert sorted(p.suffix for p in (tmp_path / "a").iterdir()) == [".pdf", ".xlsx", ".xlsx"]
    assert main(["export", str(project), "--out", str(tmp_path / "b"), "--task", "contacts", "--no-pdf"]) == 0
    assert sorted(p.suffix for p in (tmp_path / "b").iterdir()) == [".xlsx", ".xlsx"]
