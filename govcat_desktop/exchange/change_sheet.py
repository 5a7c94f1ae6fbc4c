"""The 目录变更表 (issue 22): the changes of a catalog since its base, printed for stamping next to the catalog.

One print plan (print_plan) written twice: the 盖章版 workbook (submission.write_plan) and its print PDF (pdf_layout,
a QR code on every page) — title, unit line with the version, header repeated on each page, page breaks that keep a
change whole, stamp block — so both print on the same pages. The rows
come ready from services.change_sheet (plain texts): one group per changed entry, its own columns (序号, 操作,
事项编码, 目录名称, 变更原因, 变更说明) spanning one line per changed field or info item (变更项, 变更前, 变更后).

The QR payload carries its own form kind (`changes`, code CG in pdf_qr) with the catalog's fingerprint: the bureau's
scan matching counts these pages as the change sheet's, never as pages of the catalog (services.bureau.paper).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.domain.models import Project
from govcat_desktop.exchange import pdf_qr
from govcat_desktop.exchange.pdf_forms import stamp_of
from govcat_desktop.exchange.pdf_layout import write_pdf
from govcat_desktop.exchange.print_plan import Group, PrintColumn, PrintDoc, Section
from govcat_desktop.exchange.submission import write_plan

KIND = "changes"
TITLE = "政务数据资源目录变更表"
SHEET = "目录变更表"
# (header, width, centred); the first four and the last two belong to the change and span its lines
COLUMNS = (
    ("序号", 4.5, True), ("操作", 5.5, True), ("事项编码", 15, False), ("目录名称", 13, False),
    ("变更项", 12, False), ("变更前", 20.5, False), ("变更后", 20.5, False), ("变更原因", 8, True),
    ("变更说明", 14, False),
)
OWN = (0, 1, 2, 3, 7, 8)
LINE = (4, 5, 6)


@dataclass
class ChangeRow:
    """One changed entry: its mark (新增/变更/注销), identity, reason and the lines (变更项, 变更前, 变更后)."""

    mark: str
    matter_code: str
    name: str
    reason: str = ""
    note: str = ""
    lines: list[tuple[str, str, str]] = field(default_factory=list)


def _cells(n: int, row: ChangeRow) -> tuple[list[str], list[list[str]]]:
    own = [str(n), row.mark, row.matter_code, row.name, row.reason, row.note]
    lines = [list(line) for line in row.lines] or [["", "", ""]]
    return own, lines


def _full(own: list[str], line: Sequence[str]) -> list[str | None]:
    out: list[str | None] = [""] * len(COLUMNS)
    for col, text in zip(OWN, own):
        out[col] = text
    for col, text in zip(LINE, line):
        out[col] = text
    return out


def _title(project: Project) -> str:
    org = project.info.org_name
    return TITLE if TITLE.startswith(org) else f"{org}{TITLE}"


def write_change_sheet(path: str | os.PathLike[str], project: Project, rows: Sequence[ChangeRow], summary: str,
                       code: str, day: _dt.date, tick: Callable[[], bool] | None = None) -> int:
    """The 盖章版 workbook of the change sheet, paginated as its print PDF (one plan); returns its page count."""
    return write_plan(Path(path), change_doc(project, rows, summary, code, day), tick)


def change_doc(project: Project, rows: Sequence[ChangeRow], summary: str, code: str, day: _dt.date) -> PrintDoc:
    groups = []
    for n, row in enumerate(rows, 1):
        own, lines = _cells(n, row)
        cells = [[t or "" for t in _full(own if k == 0 else [""] * len(OWN), line)] for k, line in enumerate(lines)]
        groups.append(Group(cells, OWN if len(cells) > 1 else ()))
    info = project.info
    unit = f"填报单位：{info.org_name}　　统一社会信用代码：{info.org_code}" + (f"　　校验码：{code}" if code else "")
    unit += f"　　第{project.version}版" if project.version else ""
    columns = [PrintColumn(h, w, c) for h, w, c in COLUMNS]
    section = Section(_title(project), unit, columns, groups, stamp_of(project), [summary], sheet=SHEET)
    org_code = info.org_code

    def payload(page: int, pages: int) -> str:
        return pdf_qr.encode(KIND, org_code, code, page, pages, day)

    return PrintDoc([section], code, day, payload, subject=f"{SHEET} 盖章版")


def write_change_pdf(path: str | os.PathLike[str], project: Project, rows: Sequence[ChangeRow], summary: str,
                     code: str, day: _dt.date, tick: Callable[[], bool] | None = None) -> int:
    """The change sheet's print file; returns its page count."""
    return write_pdf(Path(path), change_doc(project, rows, summary, code, day), tick)
