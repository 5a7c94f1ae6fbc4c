"""Shared helpers of the bureau's workbooks: text-safe cells, print setup, the hidden `_govcat` sheet."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from govcat_desktop.exchange.cells import xml_safe

SPEC_VERSION = "1"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
LATE_FILL = PatternFill("solid", fgColor="F8CBAD")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def put(ws: Worksheet, row: int, col: int, value: object):
    """Write a value; text is always stored as text (never a formula)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = xml_safe(value)  # a control character typed into a unit name cannot stop the workbook
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def write_meta(wb: Workbook, values: dict[str, str]) -> None:
    """The hidden `_govcat` key | value sheet of SPEC §6.2."""
    ws = wb.create_sheet("_govcat")
    base = {"format": "govcat-exchange", "format_version": "1", "spec_version": SPEC_VERSION,
            "exported_at": _dt.datetime.now().replace(microsecond=0).isoformat()}
    put(ws, 1, 1, "key")  # the same header row as the exchange's copies
    put(ws, 1, 2, "value")
    for r, (key, value) in enumerate({**base, **values}.items(), start=2):
        put(ws, r, 1, key)
        put(ws, r, 2, str(value))
    ws.sheet_state = "hidden"


def read_meta(path: Path) -> dict[str, str]:
    """The `_govcat` sheet of a workbook as a dict (empty when there is none).

    Opened through exchange.reader.open_book like every workbook (format sniffed, zip bombs, DTDs and extents of
    .xlsx/.xls/.ods bounded first); ImportRefused with a Chinese message when the file cannot be read safely.
    """
    from govcat_desktop.exchange.reader import open_book

    book = open_book(path)
    try:
        if "_govcat" not in book.sheet_names:
            return {}
        rows = book.rows("_govcat")
    finally:
        book.close()
    return {str(r[0]).strip(): str(r[1]).strip() for r in rows if len(r) >= 2 and str(r[0]).strip()}


def char_width(text: str) -> float:
    return sum(2.0 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def row_height(values: Sequence[str], widths: Sequence[float], line: float = 15.0) -> float:
    """Estimated height of a row of wrapped text (openpyxl cannot autofit)."""
    lines = 1
    for value, width in zip(values, widths):
        for part in str(value).split("\n"):
            lines = max(lines, int(char_width(part) / max(width - 1, 1)) + 1)
    return max(line * lines + 4, 18)


def table(ws: Worksheet, top: int, headers: Sequence[str], rows: Iterable[Sequence[object]], widths: Sequence[float],
          *, late: Iterable[int] = (), center: Iterable[int] = ()) -> int:
    """Headers and rows with borders and wrapping; `late` rows (0-based) are filled red. Returns next row."""
    late_rows = set(late)
    centered = set(center)
    for c, (h, w) in enumerate(zip(headers, widths), start=1):
        cell = put(ws, top, c, h)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.border = BORDER
        cell.alignment = CENTER
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.row_dimensions[top].height = row_height(headers, widths)
    r = top
    for i, values in enumerate(rows):
        r += 1
        for c, value in enumerate(values, start=1):
            cell = put(ws, r, c, value)
            cell.border = BORDER
            cell.alignment = CENTER if (c - 1) in centered else WRAP
            if i in late_rows:
                cell.fill = LATE_FILL
        ws.row_dimensions[r].height = row_height([str(v) for v in values], widths)
    return r + 1


def print_setup(ws: Worksheet, title_rows: str, fingerprint: str = "", header: str = "") -> None:
    """A4 landscape, one page wide, header rows repeated, page numbers and fingerprint in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if header:
        ws.oddHeader.center.text = xml_safe(header)
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    if fingerprint:
        ws.oddFooter.right.text = f"指纹 {fingerprint}"


def title(ws: Worksheet, text: str, ncols: int, sub: str = "") -> int:
    """A merged title row (and an optional subtitle); returns the next free row."""
    put(ws, 1, 1, text).font = Font(bold=True, size=16)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    if not sub:
        return 2
    put(ws, 2, 1, sub)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    ws.cell(2, 1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = 20
    return 3


def save(wb: Workbook, path: Path) -> Path:
    """Save through a temporary file so a failed write never leaves half a workbook."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    try:
        wb.save(tmp)
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
