"""The print-ready submission workbook (盖章版, SPEC §6.1): the pages print_plan decides, as the print PDF prints them.

Each section of the print file (pdf_forms.submission_doc) becomes a sheet: the plan's column widths (mm → width
units), its title and unit rows, the header row repeated on every page (print titles), each row with the plan's
lines (explicit line feeds) and height (mm → pt), an entry's columns merged over its rows of one page (drawn again
with 续 on a continuing page), a manual page break after each page's last row, the notes and the stamp block;
第 N 页 共 M 页 in the footer. It prints at fit-to-width, never larger than the plan (LibreOffice measures the width
units with a wider default font and so prints a little smaller): each page holds what the PDF's page holds.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from govcat_desktop.domain.models import Project
from govcat_desktop.exchange import print_layout as P
from govcat_desktop.exchange import print_plan as PP
from govcat_desktop.exchange.errors import ExportCancelled
from govcat_desktop.exchange.xlsx import FastSheet, Style
from govcat_desktop.formspec import FormSet

PT_PER_MM = 72 / 25.4
PT_PER_WIDTH_UNIT = 7 * 0.75  # a width unit at 100 %: 7 px of the default font's digit, 0.75 pt a px
MARGIN_IN = PP.MARGIN_X / 25.4
MARGIN_TB_IN = 12 / 25.4  # top and bottom: the title rows take TOP_BAND less this on the first page
HEADER_IN = 5 / 25.4


def pt(mm: float) -> float:
    return round(mm * PT_PER_MM, 2)


def width_units(mm: float) -> float:
    return round(mm * PT_PER_MM / PT_PER_WIDTH_UNIT, 2)


class _Sheet:
    """One section of the plan written as a sheet."""

    def __init__(self, wb: Workbook, doc: PP.PrintDoc, index: int, splan: PP.SectionPlan,
                 tick: Callable[[], bool] | None) -> None:
        self.section = section = doc.sections[index]
        self.splan = splan
        self.n = n = len(section.columns)
        self.fast = fast = FastSheet(wb, section.sheet or f"Sheet{index + 1}", tick)
        fast.widths([width_units(w) for w in splan.widths])
        size = PP.BODY_PT
        self.title_style = fast.style(size=16, horizontal="center", text_format=False)
        self.unit_style = fast.style(size=10, horizontal="left", text_format=False)
        self.header_style = fast.style(size=PP.HEAD_PT, wrap=True, horizontal="center", border=True, fill="E7E6E6")
        body = fast.style(size=size, wrap=True, vertical="center", border=True)
        center = fast.style(size=size, wrap=True, horizontal="center", vertical="center", border=True)
        self.styles: list[Style] = [center if c.center else body for c in section.columns]
        self.stamp_style = fast.style(size=11, vertical="center", text_format=False)
        self.stamp_top = fast.style(size=11, vertical="top", text_format=False)
        self.note_style = fast.style(size=size, wrap=True, vertical="center", text_format=False)
        self._page_setup(doc.code)  # sheet properties are streamed with the first row: set them first
        title_h, unit_h = PP.TITLE_ROWS_MM
        fast.append([section.title] + [None] * (n - 1), self.title_style, height=pt(title_h))
        fast.merge(1, 1, 1, n)
        fast.append([section.unit_line] + [None] * (n - 1), self.unit_style, height=pt(unit_h))
        fast.merge(2, 1, 2, n)
        fast.append(["\n".join(h) for h in splan.head], self.header_style, height=pt(splan.head_h))

    def _page_setup(self, code: str) -> None:
        ws = self.fast.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_title_rows = "3:3"
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = MARGIN_IN
        ws.page_margins.top = ws.page_margins.bottom = MARGIN_TB_IN
        ws.page_margins.header = ws.page_margins.footer = HEADER_IN
        ws.oddHeader.left.text = self.section.title
        ws.oddHeader.left.size = 9
        ws.oddHeader.right.text = f"校验码：{code}"
        ws.oddHeader.right.size = 9
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        ws.oddFooter.center.size = 9
        ws.oddFooter.right.text = f"校验码：{code}"
        ws.oddFooter.right.size = 9

    def page(self, page: PP.Page, last: bool) -> None:
        for kind, value in page.items:
            if kind == "piece":
                self.piece(value)
            elif kind == "notes":
                self.notes()
            elif kind == "stamp":
                self.stamp()
        if not last:  # <brk id="n"/>: a new page after row n
            self.fast.ws.row_breaks.append(Break(id=self.fast.row_index))

    def piece(self, piece: PP.Piece) -> None:
        fast, n = self.fast, self.n
        first = fast.row_index + 1
        for k, row in enumerate(piece.rows):
            values: list[str | None] = []
            for col in range(n):
                if col in piece.merged:
                    values.append("\n".join(piece.merged[col]) if k == 0 else None)
                else:
                    lines = row.cells[col] if col < len(row.cells) else []
                    values.append("\n".join(lines) if lines else None)
            fast.append(values, self.styles, height=pt(row.height))
        if len(piece.rows) > 1:
            for col in piece.merged:
                fast.merge(first, col + 1, first + len(piece.rows) - 1, col + 1)

    def notes(self) -> None:
        text = "\n".join(self.section.notes)
        row = self.fast.append([text] + [None] * (self.n - 1), self.note_style, height=pt(self.splan.notes_h))
        self.fast.merge(row, 1, row, self.n)

    def stamp(self) -> None:
        """填报单位（盖章） with a blank stamp area, 负责人（签字） a blank line with the name beside it, 联系人,
        联系电话, 填报日期 (print_layout, rule 4): the plan's STAMP_MM in four rows."""
        stamp = self.section.stamp
        assert stamp is not None
        fast, n = self.fast, self.n
        half = max(1, n // 2)
        space, area, line1, line2 = PP.STAMP_ROWS_MM
        fast.append([None] * n, self.stamp_style, height=pt(space))
        label = stamp.signer_label.removesuffix("（签字）")
        rows = [
            (f"{stamp.org_label}：{stamp.org_name}", P.signature(label, stamp.leader), area, self.stamp_top),
            (f"联系人：{stamp.contact}", f"联系电话：{stamp.phone}", line1, self.stamp_style),
            (f"填报日期：{P.print_date(stamp.fill_date)}", "", line2, self.stamp_style),
        ]
        for left, right, h, style in rows:
            values: list[str | None] = [None] * n
            values[0] = left
            if n > 1:
                values[half] = right
            row = fast.append(values, style, height=pt(h))
            fast.merge(row, 1, row, half)
            if n > 1:
                fast.merge(row, half + 1, row, n)


def write_plan(path: str | os.PathLike[str], doc: PP.PrintDoc, tick: Callable[[], bool] | None = None) -> int:
    """The workbook of a print file: each section a sheet, paginated by the plan; returns the page count."""
    plan = PP.plan(doc, tick)
    wb = Workbook(write_only=True)
    try:
        by_section: dict[int, list[PP.Page]] = {}
        for page in plan.pages:
            by_section.setdefault(page.section, []).append(page)
        for index, splan in enumerate(plan.sections):
            sheet = _Sheet(wb, doc, index, splan, tick)
            pages = by_section.get(index, [])
            for k, page in enumerate(pages):
                sheet.page(page, k == len(pages) - 1)
    except ExportCancelled:
        wb.save(Path(path))  # closes the streamed sheets cleanly; the caller deletes the partial file
        raise
    wb.save(Path(path))
    return len(plan.pages)


def own_matters(project: Project) -> tuple[list, int]:
    """The unit's own matters (by its 实施部门, print_layout rule 5) and how many others the project holds."""
    depts = {d.strip() for d in project.info.matter_depts} | {project.info.org_name.strip(), ""}
    if not project.info.matter_depts:
        return list(project.matters), 0
    own = [m for m in project.matters if m.dept.strip() in depts or m.entries]
    return own, len(project.matters) - len(own)


def matters_note(matters: list) -> str:
    """How many matters have no catalog entry, and which produce no data and why."""
    without = [m for m in matters if not m.entries]
    no_data = [m for m in without if m.no_data]
    parts = [f"本清单共 {len(matters)} 个事项，已编制数据资源目录的 {len(matters) - len(without)} 个"]
    if no_data:
        reasons: dict[str, int] = {}
        for m in no_data:
            reason = m.no_data_reason.strip()
            reasons[reason] = reasons.get(reason, 0) + 1
        counted = "；".join(f"{r} {n} 个" for r, n in reasons.items())
        parts.append(f"经梳理不产生数据的 {len(no_data)} 个（{counted}）")
    pending = len(without) - len(no_data)
    if pending:
        parts.append(f"尚未梳理数据的 {pending} 个")
    return "，".join(parts) + "。"


def write_submission(path: str | os.PathLike[str], kind: str, project: Project, forms: FormSet, code: str,
                     tick: Callable[[], bool] | None = None, day: _dt.date | None = None) -> int:
    """Write the stamped copy of `kind` (contacts, mechanism, catalog, matters, demand, review) with fingerprint
    `code`, paginated as its print PDF; returns the page count."""
    from govcat_desktop.exchange.pdf_forms import submission_doc

    return write_plan(path, submission_doc(kind, project, forms, code, day or _dt.date.today()), tick)
