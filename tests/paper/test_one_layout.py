"""One page plan for both printers (issue 25, item 3): the 盖章版 workbook, printed by LibreOffice, has the print
PDF's pages — the same count, the same entries on each page, the same 第 N 页 共 M 页 — and the real 区人社局
(144 drafted entries) prints on at most one page per 4 entries plus the 服务事项清单 and the stamp blocks."""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

from govcat_desktop.cli import main
from govcat_desktop.domain.models import InfoItem, Matter
from govcat_desktop.exchange import print_plan as PP
from govcat_desktop.exchange.editable import copy_fingerprint
from govcat_desktop.exchange.pdf_forms import submission_doc, write_submission_pdf
from govcat_desktop.exchange.submission import write_submission
from govcat_desktop.formspec import default_forms
from govcat_desktop.services.session import Session
from tests import factories as F
from tests.paper.test_print_pdf import DAY, page_texts

DATA = Path(__file__).resolve().parent.parent / "data" / "zwfw_guangan_matters.csv"
WORDS = ["记录申请人", "办理结果", "审核意见", "（试行）", "发放金额", "养老保险", "转移接续", "待遇领取资格认证"]
NAME = re.compile(r"甲目录\d{3}")


def _department(n: int = 30, seed: int = 3):
    """A department whose entries differ in height: 1 to 25 items, summaries of 1 to 40 words, one of 70 items."""
    rnd = random.Random(seed)
    project = F.valid_project()
    project.matters = []
    for k in range(n):
        entry = F.entry(name=f"甲目录{k:03d}", summary="、".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 40))))
        count = 70 if k == 7 else rnd.randint(1, 25)
        entry.items = [InfoItem(name=f"信息项{j}", data_type="C", length="50",
                                note="由经办人核对" * rnd.choice((0, 0, 1, 4))) for j in range(count)]
        project.matters.append(Matter(code=f"11140300MB{k:04d}", name=f"事项{k:03d}", kind="行政确认",
                                      dept="阳泉市民政局", entries=[entry]))
    return project


def _entries_per_page(texts: list[str]) -> list[list[str]]:
    return [sorted(set(NAME.findall(t.replace("\r\n", "").replace("\n", "")))) for t in texts]


def test_libreoffice_prints_the_workbook_on_the_pdfs_pages(tmp_path: Path, soffice: str) -> None:
    project = _department()
    forms = default_forms()
    code = copy_fingerprint("catalog", project, forms)
    pdf, xlsx = tmp_path / "print.pdf", tmp_path / "book.xlsx"
    pages = write_submission_pdf(pdf, "catalog", project, forms, code, DAY)
    assert write_submission(xlsx, "catalog", project, forms, code) == pages
    out = tmp_path / "lo"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(out), str(xlsx)], check=True, capture_output=True, timeout=240)
    office, ours = page_texts(out / "book.pdf"), page_texts(pdf)
    assert len(office) == len(ours) == pages
    assert _entries_per_page(office) == _entries_per_page(ours)  # the same entries on the same pages
    assert sum(1 for p in _entries_per_page(ours) if "甲目录007" in p) >= 2  # the 70-item entry continues
    for number, text in enumerate(office, 1):
        assert re.search(rf"第\s*{number}\s*页\s*共\s*{pages}\s*页", text), number
    continued = [t for t in office if "甲目录007" in t][1]
    assert "续" in continued


def test_the_plan_keeps_an_entry_that_fits_on_one_page(tmp_path: Path) -> None:
    project = _department()
    doc = submission_doc("catalog", project, default_forms(), "X", DAY)
    plan = PP.plan(doc)
    seen: dict[int, list[int]] = {}
    held: dict[int, float] = {}
    for number, page in enumerate(plan.pages):
        for piece in page.pieces():
            if page.section == 0:
                seen.setdefault(piece.group, []).append(number)
                held[piece.group] = held.get(piece.group, 0.0) + sum(r.height for r in piece.rows)
    fresh = PP.BOTTOM - PP.TOP_BAND - plan.sections[0].head_h
    assert sorted(seen) == list(range(30))
    for group, pages in seen.items():
        assert len(pages) == 1 or held[group] > fresh - 1, (group, pages, held[group])
        assert pages == list(range(pages[0], pages[0] + len(pages)))  # on following pages
    assert len(seen[7]) >= 2 and sum(len(p) == 1 for p in seen.values()) >= 10


def test_the_real_district_department_prints_on_at_most_one_page_per_four_entries(tmp_path: Path) -> None:
    """区人社局 of the real list with its 144 drafts: 59 PDF pages and 96 in LibreOffice before the plan."""
    path = tmp_path / "rs.govcat"
    assert main(["new", str(path), "--role", "市直部门", "--org-name", "阳泉市人力资源和社会保障局",
                 "--org-code", "11140300MB1234567F", "--region", "阳泉市"]) == 0
    assert main(["import", str(path), str(DATA), "--dept", "区人社局"]) == 0
    assert main(["drafts", str(path)]) == 0
    session = Session.open(path, readonly=True)
    try:
        project, forms = session.project, session.forms
        entries = sum(len(m.entries) for m in project.matters)
        assert entries == 144
        pdf_pages = write_submission_pdf(tmp_path / "rs.pdf", "catalog", project, forms, "X", DAY)
        book_pages = write_submission(tmp_path / "rs.xlsx", "catalog", project, forms, "X")
    finally:
        session.close()
    assert pdf_pages == book_pages <= 44
