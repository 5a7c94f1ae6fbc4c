"""The print-ready submission workbook (盖章版, SPEC §6.1): A4 landscape, repeated header, stamp block."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties

from govcat_desktop.domain.models import Project
from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange import print_layout as P
from govcat_desktop.exchange.cells import line_count
from govcat_desktop.exchange.errors import ExportCancelled
from govcat_desktop.exchange.rows import RowWriter, content_sheets, printed_entries
from govcat_desktop.exchange.xlsx import FastSheet, Style
from govcat_desktop.formspec import FormSet

PAGE_WIDTH_UNITS = 150.0  # column width units that fill an A4 landscape page at about 95 % scale
LINE_PT = 14.0  # one line of 10.5 pt CJK text
ROW_PAD_PT = 5.0
MAX_ROW_PT = 409.0
FIRST_DATA_ROW = 4  # title, unit line, header
SEQ_COL, NAME_COL = 0, 3  # the catalog sheet's 序号 and 目录名称 (print_layout rule 3)


@dataclass(frozen=True)
class PrintColumn:
    header: str
    width: float


def fit_widths(widths: list[float], target: float = PAGE_WIDTH_UNITS) -> list[float]:
    """Column widths scaled so the table fills one landscape page width (never narrower than 4)."""
    total = sum(widths) or 1.0
    return [max(4.0, round(w * target / total, 1)) for w in widths]


def row_height(texts: list[str], widths: list[float]) -> float:
    lines = max((line_count(t, w) for t, w in zip(texts, widths) if t), default=1)
    return min(MAX_ROW_PT, lines * LINE_PT + ROW_PAD_PT)


class _Form:
    """One printed sheet: title, unit line, header row repeated on each page, body, stamp block, footer."""

    def __init__(self, wb: Workbook, sheet_title: str, project: Project, form_title: str, code: str,
                 columns: list[PrintColumn], tick: Callable[[], bool] | None = None) -> None:
        self.project, self.code = project, code
        self.fast = FastSheet(wb, sheet_title, tick)
        self.widths = fit_widths([c.width for c in columns])
        self.ncols = len(columns)
        fast = self.fast
        fast.widths(self.widths)
        self.title_style = fast.style(bold=True, size=16, horizontal="center", text_format=False)
        self.unit_style = fast.style(size=10.5, horizontal="left", text_format=False)
        self.header_style = fast.style(bold=True, wrap=True, horizontal="center", border=True, fill="E7E6E6")
        self.body = fast.style(wrap=True, vertical="center", border=True)
        self.body_center = fast.style(wrap=True, horizontal="center", vertical="center", border=True)
        self.continued = fast.style(wrap=True, vertical="center", border=True, color=P.CONTINUED_COLOR)
        self.continued_center = fast.style(wrap=True, horizontal="center", vertical="center", border=True,
                                           color=P.CONTINUED_COLOR)
        self.stamp_style = fast.style(size=12, vertical="center", text_format=False)
        self.stamp_top = fast.style(size=12, vertical="top", text_format=False)
        self.note_style = fast.style(size=10.5, wrap=True, vertical="center", text_format=False)
        org = project.info.org_name
        title = f"{org}{form_title}" if not form_title.startswith(org) else form_title
        self._page_setup(title)  # sheet properties are streamed with the first row: set them first
        fast.append([title] + [None] * (self.ncols - 1), self.title_style, height=34)
        fast.merge(1, 1, 1, self.ncols)
        unit = f"填报单位：{org}　　统一社会信用代码：{project.info.org_code}　　校验码：{code}"
        if project.version:  # issue 22: the unit's version number of this catalog
            unit += f"　　第{project.version}版"
        fast.append([unit] + [None] * (self.ncols - 1), self.unit_style, height=22)
        fast.merge(2, 1, 2, self.ncols)
        headers = [c.header for c in columns]
        header_pt = row_height(headers, self.widths)
        fast.append(headers, self.header_style, height=header_pt)
        # page breaks (print_layout rule 6): points the table rows may fill per page, and used on this one
        self.capacity = P.page_capacity(self.widths, header_pt)
        self.page_head = self.page_used = 34 + 22  # the title and unit lines, on the first page only
        self.paginate = False  # True on a sheet whose every table row goes through keep_together (the catalog)

    def keep_together(self, heights: list[float]) -> None:
        """Manual row breaks for the next rows, `heights` high, so they are not cut by a page break when they fit on a
        page (print_layout rule 6). Call before writing them; the breaks are written when the sheet is closed."""
        breaks, self.page_used = P.place_group(heights, self.page_used, self.capacity, self.page_head)
        if breaks:
            self.page_head = 0.0
        first = self.fast.row_index + 1
        for k in breaks:  # <brk id="n"/>: a new page after row n
            self.fast.ws.row_breaks.append(Break(id=first + k - 1))

    def _page_setup(self, title: str) -> None:
        ws = self.fast.ws
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_title_rows = "3:3"
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.75
        ws.page_margins.header = ws.page_margins.footer = 0.3
        ws.oddHeader.left.text = title
        ws.oddHeader.left.size = 9
        ws.oddHeader.right.text = f"校验码：{self.code}"
        ws.oddHeader.right.size = 9
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        ws.oddFooter.center.size = 10
        ws.oddFooter.right.text = f"校验码：{self.code}"
        ws.oddFooter.right.size = 9

    def styles(self, centered: set[int]) -> list[Style]:
        return [self.body_center if i in centered else self.body for i in range(self.ncols)]

    def wrapped(self, texts: list[str | None], first_col: int = 0) -> list[str | None]:
        """Texts broken for print by the layout rules (print_layout.wrap_for_print)."""
        return [t if not t else P.wrap_for_print(t, self.widths[first_col + i]) for i, t in enumerate(texts)]

    def row(self, texts: list[str | None], styles: list[Style], height: float | None = None) -> int:
        texts = self.wrapped(texts)
        return self.fast.append(texts, styles, height=height if height is not None else row_height(texts, self.widths))

    def note(self, text: str) -> None:
        """A line of explanation under the table, across the page."""
        width = sum(self.widths)
        text = P.wrap_for_print(text, width)
        row = self.fast.append([text] + [None] * (self.ncols - 1), self.note_style, height=row_height([text], [width]))
        self.fast.merge(row, 1, row, self.ncols)

    def stamp_block(self) -> None:
        """填报单位（盖章） with a blank stamp area, 负责人（签字） a blank line with the name beside it, 联系人, 联系电话,
        填报日期 from the contacts form (print_layout, rule 4)."""
        fast, n = self.fast, self.ncols
        contacts = self.project.contacts
        phones = "、".join(p for p in (contacts.contact.office_phone, contacts.contact.mobile) if p)
        half = max(1, n // 2)
        if self.paginate:
            self.keep_together([12, P.STAMP_AREA_PT, 26, 26])
        fast.append([None] * n, self.stamp_style, height=12)
        values: list[str | None] = [None] * n
        values[0] = f"填报单位（盖章）：{self.project.info.org_name}"
        if n > 1:
            values[half] = P.signature("负责人", contacts.leader.name)
        row = fast.append(values, self.stamp_top, height=P.STAMP_AREA_PT)  # the stamp goes over the blank below
        fast.merge(row, 1, row, half)
        if n > 1:
            fast.merge(row, half + 1, row, n)
        lines = [
            (f"联系人：{contacts.contact.name}", f"联系电话：{phones}", 26),
            (f"填报日期：{P.print_date(contacts.fill_date)}", "", 26),
        ]
        for left, right, height in lines:
            values: list[str | None] = [None] * n
            values[0] = left
            if n > 1:
                values[half] = right
            row = fast.append(values, self.stamp_style, height=height)
            fast.merge(row, 1, row, half)
            if n > 1:
                fast.merge(row, half + 1, row, n)


def _catalog_form(wb: Workbook, project: Project, forms: FormSet, code: str, tick=None) -> None:
    columns = [
        PrintColumn("序号", 4.5), PrintColumn("事项编码", 13), PrintColumn("事项名称", 15), PrintColumn("目录名称", 12),
        PrintColumn("资源摘要", 18), PrintColumn("数据领域", 7), PrintColumn("安全级别", 5.5), PrintColumn("共享类型", 7),
        PrintColumn("共享条件／不予共享依据", 14), PrintColumn("共享方式", 10), PrintColumn("网络环境", 7),
        PrintColumn("更新周期", 6), PrintColumn("信息项名称", 12), PrintColumn("数据类型", 9), PrintColumn("数据长度", 6.5),
        PrintColumn("信息项说明", 10),
    ]
    form = _Form(wb, "数据资源目录", project, "政务数据资源目录", code, columns, tick)
    form.paginate = True
    entry_n = 12
    widths = form.widths
    styles = form.styles({0, 5, 6, 7, 10, 11, 13, 14})
    continued = list(styles)
    continued[SEQ_COL], continued[NAME_COL] = form.continued_center, form.continued
    for entry_cells, items in printed_entries(project, forms):
        repeated = form.wrapped([entry_cells[SEQ_COL], entry_cells[NAME_COL]])
        repeated_widths = [widths[SEQ_COL], widths[NAME_COL]]
        heights = [row_height(form.wrapped(item, entry_n), widths[entry_n:]) for item in items]
        need = row_height(form.wrapped(entry_cells), widths[:entry_n])
        # An entry that fits on a page is kept whole (rule 6): every entry column, 序号 and 目录名称 too, is merged over
        # its items and the rows are as high as their own text. Only an entry taller than a page repeats 序号 and
        # 目录名称 on each row (rule 3), so that the page it continues on says whose rows they are.
        whole = max(sum(heights), need) <= form.capacity
        if not whole:
            heights = [max(h, row_height(repeated, repeated_widths)) for h in heights]
        if sum(heights) < need:
            extra = (need - sum(heights)) / len(heights)
            heights = [min(MAX_ROW_PT, h + extra) for h in heights]
        form.keep_together(heights)
        first = None
        for k, (item, height) in enumerate(zip(items, heights)):
            if k == 0 or whole:
                values, row_styles = (entry_cells if k == 0 else [None] * entry_n) + item, styles
            else:  # 序号 and 目录名称 on every row: a page break never leaves rows without their entry
                values = [None] * entry_n + item
                values[SEQ_COL], values[NAME_COL] = entry_cells[SEQ_COL], entry_cells[NAME_COL]
                row_styles = continued
            row = form.row(values, row_styles, height)
            first = row if first is None else first
        if len(items) > 1:
            for col in range(1, entry_n + 1):
                if whole or col - 1 not in (SEQ_COL, NAME_COL):
                    form.fast.merge(first, col, first + len(items) - 1, col)
    form.stamp_block()
    _matters_form(wb, project, forms, code, "服务事项", tick)


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
        parts.append(f"经梳理不产生数据的 {len(no_data)} 个（" + "；".join(f"{r} {n} 个" for r, n in reasons.items()) + "）")
    pending = len(without) - len(no_data)
    if pending:
        parts.append(f"尚未梳理数据的 {pending} 个")
    return "，".join(parts) + "。"


def _matters_form(wb: Workbook, project: Project, forms: FormSet, code: str, title: str, tick=None) -> None:
    columns = [PrintColumn(c.header, P.MATTERS_PRINT_WIDTHS.get(c.header, c.width)) for c in L.MATTERS.columns]
    columns.append(PrintColumn("数据资源目录数", P.MATTERS_PRINT_WIDTHS["数据资源目录数"]))
    form = _Form(wb, title, project, "政务服务事项清单", code, columns, tick)
    styles = form.styles({0, 3, 5})
    writer = RowWriter(forms)
    matters, _others = own_matters(project)
    for i, m in enumerate(matters, 1):
        count = "无数据" if m.no_data and not m.entries else str(len(m.entries))
        form.row(writer.record_row(L.MATTERS.columns, m, i) + [count], styles)
    form.note(matters_note(matters))
    form.stamp_block()


def _table_form(wb: Workbook, project: Project, forms: FormSet, code: str, kind: str, tick=None) -> None:
    sheet = content_sheets(kind, project, forms)[0]
    layout = sheet.layout
    if kind == "contacts":  # the fill date goes in the stamp block on paper
        sheet.columns = layout.columns
        sheet.rows = [row[: len(layout.columns)] for row in sheet.rows]
    columns = [PrintColumn(c.header, c.width) for c in sheet.columns]
    form = _Form(wb, layout.name, project, layout.title, code, columns, tick)
    centered = {i for i, c in enumerate(sheet.columns) if c.kind in (L.SEQ, L.VOCAB) or c.key == "role"}
    styles = form.styles(centered)
    for row in sheet.rows:
        height = row_height(row, form.widths)
        if kind in ("contacts", "mechanism"):
            height = max(height, 30.0)
        form.row(row, styles, height)
    form.stamp_block()


def write_submission(path: str | os.PathLike[str], kind: str, project: Project, forms: FormSet, code: str,
                     tick: Callable[[], bool] | None = None) -> None:
    """Write the stamped copy of `kind` (contacts, mechanism, catalog, demand, review) with fingerprint `code`."""
    wb = Workbook(write_only=True)
    try:
        if kind == "catalog":
            _catalog_form(wb, project, forms, code, tick)
        elif kind == "matters":
            _matters_form(wb, project, forms, code, "服务事项", tick)
        else:
            _table_form(wb, project, forms, code, kind, tick)
    except ExportCancelled:
        wb.save(Path(path))  # closes the streamed sheets cleanly; the caller deletes the partial file
        raise
    wb.save(Path(path))

