"""Fast streaming sheets over openpyxl's write-only mode: every value a text cell, styles resolved once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from govcat_desktop.exchange.cells import xml_safe
from govcat_desktop.exchange.errors import ExportCancelled

MAX_CELL_TEXT = 32767
TICK_ROWS = 2000
from govcat_desktop.exchange.print_layout import FONT_CHARSET, FONT_NAME  # noqa: E402 - the one place of print decisions


class _StyledCell(Cell):
    """A cell whose style id is fixed in advance (no per-cell style lookup while streaming)."""

    __slots__ = ("_sid",)

    @property
    def style_id(self) -> int:  # type: ignore[override]
        return self._sid

    @property
    def has_style(self) -> bool:  # type: ignore[override]
        return self._sid != 0


@dataclass(frozen=True)
class Style:
    """A cell style resolved to its id in one workbook."""

    sid: int


def text_value(value: str) -> str:
    """User text as it may go into a cell: XML-safe and within Excel's cell limit."""
    value = xml_safe(value)
    return value if len(value) <= MAX_CELL_TEXT else value[:MAX_CELL_TEXT]


class FastSheet:
    """A write-only worksheet that streams rows of (text, style) pairs; text never becomes a formula."""

    def __init__(self, wb: Workbook, title: str, tick: Callable[[], bool] | None = None) -> None:
        self.wb = wb
        self.tick = tick  # asked every TICK_ROWS rows; False cancels the export
        self.ws = wb.create_sheet(title)
        self.ws._values_to_row = lambda values, row_idx: values  # rows arrive as positioned cells
        self.row_index = 0
        self._pool: dict[tuple[int, int], _StyledCell] = {}

    def style(
        self,
        *,
        bold: bool = False,
        size: float = 10.5,
        wrap: bool = False,
        horizontal: str | None = None,
        vertical: str | None = "center",
        border: bool = False,
        fill: str | None = None,
        text_format: bool = True,
        color: str | None = None,
    ) -> Style:
        probe = Cell(self.ws)
        probe.font = Font(name=FONT_NAME, size=size, bold=bold, charset=FONT_CHARSET, color=color)
        probe.alignment = Alignment(wrap_text=wrap, horizontal=horizontal, vertical=vertical)
        if border:
            side = Side(style="thin", color="000000")
            probe.border = Border(left=side, right=side, top=side, bottom=side)
        if fill:
            probe.fill = PatternFill("solid", fgColor=fill)
        if text_format:
            probe.number_format = "@"
        return Style(self.wb._cell_styles.add(probe._style))

    def _cell(self, column: int, style: Style, fresh: bool = False) -> _StyledCell:
        key = (column, style.sid)
        cell = None if fresh else self._pool.get(key)
        if cell is None:
            cell = _StyledCell(self.ws, row=1, column=column)
            cell._sid = style.sid
            if not fresh:
                self._pool[key] = cell
        return cell

    def append(
        self,
        values: list[str | None],
        styles: list[Style] | Style,
        *,
        height: float | None = None,
        comments: dict[int, str] | None = None,
    ) -> int:
        """Write one row; None leaves a cell empty (still styled, e.g. borders under a merge). Returns the row
        number."""
        self.row_index += 1
        row = self.row_index
        if self.tick is not None and row % TICK_ROWS == 0 and not self.tick():
            raise ExportCancelled("已取消导出。")
        if height is not None:
            self.ws.row_dimensions[row].height = round(height, 1)
        cells = []
        for col, value in enumerate(values, 1):
            style = styles if isinstance(styles, Style) else styles[col - 1]
            if value is None and style.sid == 0:
                continue
            note = comments.get(col) if comments else None
            cell = self._cell(col, style, fresh=note is not None)
            cell.row = row
            if value is None or value == "":
                cell._value = None
                cell.data_type = "n"
            else:
                cell._value = text_value(value)
                cell.data_type = "s"
            if note:
                comment = Comment(note, "govcat", width=320, height=max(80, 18 * (len(note) // 18 + 2)))
                cell._comment = comment
                comment.bind(cell)
            cells.append(cell)
        self.ws.append(cells)
        return row

    def widths(self, widths: list[float], *, text_format: bool = False) -> None:
        for i, width in enumerate(widths, 1):
            dim = self.ws.column_dimensions[get_column_letter(i)]
            dim.width = width
            if text_format:
                dim.number_format = "@"

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        if first_row == last_row and first_col == last_col:
            return
        # straight into the range set: MultiCellRange.add scans every range first (quadratic on big sheets)
        self.ws.merged_cells.ranges.add(
            CellRange(min_col=first_col, min_row=first_row, max_col=last_col, max_row=last_row)
        )
