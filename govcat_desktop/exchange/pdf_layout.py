"""The print file (盖章版 PDF): A4 landscape tables laid out by govcat itself with fpdf2 and an embedded font.

Why fpdf2: pure Python (a few hundred kB in the bundle, no C library), embeds a *subset* of an OpenType/CFF font
(the Noto Sans CJK outlines, via fontTools, which the bundle already carries), writes a ToUnicode map so the text
is selectable and searchable. reportlab embeds TrueType outlines only; pypdfium2 cannot lay text out; Qt's
QPdfWriter would pull Qt into the CLI.

Layout (same rules as the workbook): a title and the unit line on a section's first page, the column header on
every page, an entry's merged columns drawn over its item rows and drawn again on a continuing page, 第 N 页 共 M 页
and the 校验码 in the footer, a QR code (pdf_qr) in the top-right corner of every page, and a stamp block at the
end of each section: 填报单位（盖章） with a blank stamp area, 负责人（签字） with a blank line and the printed
name beside it, 联系人, 联系电话, 填报日期. No line starts with closing punctuation. Page images do not depend on
the machine: the font ships with the app and the document dates come from the export date.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from govcat_desktop.exchange import print_plan as PP
from govcat_desktop.exchange.errors import ExportCancelled
from govcat_desktop.exchange.print_plan import (  # noqa: F401 - the print pieces other writers build on
    BODY_PT, CLOSING, HEAD_PT, LINE_MM, MARGIN_X, OPENING, PAD, PAGE_H, PAGE_W, PT_MM, QR_SIZE, QR_TOP, TICK_PAGES,
    TOP_BAND, Group, Page, Piece, PrintColumn, PrintDoc, Section, Stamp, font_path,
)


class PdfWriter:
    """Draws the pages print_plan.plan decides (the workbook writes the same plan)."""

    def __init__(self, doc: PrintDoc) -> None:
        import datetime as _dt

        self.doc = doc
        pdf = PP.new_pdf()
        pdf.set_font("sc", size=BODY_PT)
        when = _dt.datetime.combine(doc.export_date, _dt.time(12, 0), tzinfo=_dt.timezone.utc)
        pdf.set_creation_date(when)
        pdf.set_producer("govcat")
        pdf.set_creator("govcat")
        pdf.set_title(doc.sections[0].title if doc.sections else "")
        pdf.set_subject(doc.subject)
        pdf.set_lang("zh-CN")
        self.pdf = pdf
        self.m = PP.Measure.shared()
        self.table_w = PP.TABLE_W
        self.plan: PP.Plan | None = None
        self._encoded: dict[str, str] = {}
        self._ops: list[str] = []

    def layout(self, tick: Callable[[], bool] | None = None) -> list[Page]:
        self.plan = PP.plan(self.doc, tick, self.m)
        return self.plan.pages

    # ----- drawing -------------------------------------------------------------------
    def render(self, path: str | os.PathLike[str], tick: Callable[[], bool] | None = None) -> int:
        pages = self.layout(tick)
        assert self.plan is not None
        total = len(pages)
        pdf = self.pdf
        for number, page in enumerate(pages, 1):
            if tick is not None and number % TICK_PAGES == 0 and not tick():
                raise ExportCancelled("已取消导出。")
            section = self.doc.sections[page.section]
            splan = self.plan.sections[page.section]
            widths = splan.widths
            pdf.add_page()
            self._frame(section, page, number, total)
            for kind, value in page.items:
                if kind == "head":
                    self._header_row(splan, widths, value)
                elif kind == "piece":
                    self._piece(section, widths, value)
                elif kind == "notes":
                    self._notes(section, value)
                else:
                    self._stamp(section.stamp, value + 4)
        pdf.output(str(path))
        return total

    def close(self) -> None:
        """Release the font file (fontTools reads it lazily and keeps it open)."""
        PP.close_pdf(self.pdf)

    def _text(self, x: float, y: float, w: float, h: float, lines: list[str], pt: float, center: bool) -> None:
        """Queue the lines of one cell (drawn by _flush as one block of text operators, black)."""
        pdf = self.pdf
        if pdf.font_size_pt != pt:
            self._flush()
            pdf.set_font_size(pt)
        block = len(lines) * LINE_MM
        base = y + (h - block) / 2 + LINE_MM * 0.5 + pt * PT_MM * 0.36
        k_, top = pdf.k, pdf.h
        enc, ops = self._encoded, self._ops
        for k, line in enumerate(lines):
            if not line:
                continue
            lx = x + (w - self.m.text(line, pt)) / 2 if center else x + PAD
            code = enc.get(line)
            if code is None:  # the glyphs go into the font subset once; the operator is remembered
                code = enc[line] = pdf.current_font.encode_text(pdf.drawable(line))
            ops.append(f"BT {lx * k_:.2f} {(top - base - k * LINE_MM) * k_:.2f} Td {code} ET")

    def _flush(self) -> None:
        """The queued text as one run of operators (fpdf's text() per line costs more than the page)."""
        if self._ops:
            if not self.pdf.current_font_is_set_on_page:
                self.pdf._out(self.pdf._set_font_for_page(self.pdf.current_font, self.pdf.font_size_pt))  # noqa: SLF001
            self.pdf._out("q 0 g " + " ".join(self._ops) + " Q")  # noqa: SLF001
            self._ops = []

    def _frame(self, section: Section, page: Page, number: int, total: int) -> None:
        pdf = self.pdf
        if page.first_of_section:
            pdf.set_font_size(16)
            pdf.set_text_color(0)
            title = section.title
            lines = self.m.wrap(title, self.table_w - 2 * (QR_SIZE + 4), 16)
            for k, line in enumerate(lines[:2]):
                x = (PAGE_W - self.m.text(line, 16)) / 2
                pdf.text(x, 17 + k * 7.5, line)
            pdf.set_font_size(10)
            unit = self.m.wrap(section.unit_line, self.table_w - QR_SIZE - 6, 10)[0]
            pdf.text(MARGIN_X, TOP_BAND - 3, unit)
        else:
            pdf.set_font_size(9)
            pdf.text(MARGIN_X, TOP_BAND - 3, self.m.wrap(f"{section.title}（续）", self.table_w - QR_SIZE - 6, 9)[0])
        pdf.set_font_size(9)
        foot = f"第 {number} 页 共 {total} 页"
        pdf.text((PAGE_W - self.m.text(foot, 9)) / 2, PAGE_H - 7, foot)
        if self.doc.code:
            code = f"校验码：{self.doc.code}"
            pdf.text(PAGE_W - MARGIN_X - self.m.text(code, 9), PAGE_H - 7, code)
        if self.doc.payload is not None:
            from govcat_desktop.exchange.pdf_qr import draw_qr

            draw_qr(pdf, self.doc.payload(number, total), PAGE_W - MARGIN_X - QR_SIZE, QR_TOP, QR_SIZE)

    def _header_row(self, splan: PP.SectionPlan, widths: list[float], y: float) -> None:
        pdf = self.pdf
        h = splan.head_h
        x = MARGIN_X
        pdf.set_draw_color(0)
        pdf.set_line_width(0.2)
        pdf.set_fill_color(231, 230, 230)
        for lines, w in zip(splan.head, widths):
            pdf.rect(x, y, w, h, style="DF")
            self._text(x, y, w, h, lines, HEAD_PT, True)
            x += w
        self._flush()

    def _piece(self, section: Section, widths: list[float], piece: Piece) -> None:
        xs = [MARGIN_X]
        for w in widths:
            xs.append(xs[-1] + w)
        centers = [c.center for c in section.columns]
        boxes = []
        for col, lines in piece.merged.items():
            boxes.append((xs[col], piece.y, widths[col], piece.height))
            self._text(xs[col], piece.y, widths[col], piece.height, lines, BODY_PT, centers[col])
        y = piece.y
        for row in piece.rows:
            for col, lines in enumerate(row.cells):
                if col in piece.merged:
                    continue
                boxes.append((xs[col], y, widths[col], row.height))
                if lines:
                    self._text(xs[col], y, widths[col], row.height, lines, BODY_PT, centers[col])
            y += row.height
        self._flush()
        self._boxes(boxes)

    def _boxes(self, boxes: list[tuple[float, float, float, float]]) -> None:
        """Cell borders as one stroked path (fpdf's rect() per cell costs more than the text)."""
        k, height = self.pdf.k, self.pdf.h
        ops = " ".join(f"{x * k:.2f} {(height - y) * k:.2f} {w * k:.2f} {-h * k:.2f} re" for x, y, w, h in boxes)
        self.pdf._out(f"q {0.2 * k:.2f} w 0 G {ops} S Q")  # noqa: SLF001

    def _notes(self, section: Section, y: float) -> None:
        self.pdf.set_font_size(BODY_PT)
        for k, note in enumerate(section.notes):
            self.pdf.text(MARGIN_X, y + LINE_MM * (k + 1), self.m.wrap(note, self.table_w, BODY_PT)[0])

    def _stamp(self, stamp: Stamp, y: float) -> None:
        """Left: 填报单位（盖章） and the blank stamp area; right: signature line with the printed name, contact,
        date."""
        pdf = self.pdf
        pt = 11.0
        pdf.set_font_size(pt)
        left = MARGIN_X + 4
        right = MARGIN_X + self.table_w * 0.52
        label = f"{stamp.org_label}："
        pdf.text(left, y + 8, label + stamp.org_name)
        # The stamp area is left blank (about 45 mm square under the unit's name); nothing is printed there.
        sign = f"{stamp.signer_label}："
        x = right + self.m.text(sign, pt)
        pdf.text(right, y + 8, sign)
        pdf.set_line_width(0.3)
        pdf.line(x + 1, y + 9, x + 46, y + 9)  # the blank signature line
        if stamp.leader:
            pdf.set_font_size(9)
            pdf.text(x + 49, y + 8, f"（{stamp.leader}）")
            pdf.set_font_size(pt)
        pdf.text(right, y + 19, f"联系人：{stamp.contact}")
        pdf.text(right, y + 29, f"联系电话：{stamp.phone}")
        pdf.text(right, y + 39, f"填报日期：{_date_words(stamp.fill_date)}")


def _date_words(iso: str) -> str:
    import datetime as _dt

    try:
        day = _dt.date.fromisoformat(iso[:10])
    except ValueError:
        return "　　　　年　　月　　日"
    return f"{day.year}年{day.month}月{day.day}日"


def write_pdf(path: str | os.PathLike[str], doc: PrintDoc, tick: Callable[[], bool] | None = None) -> int:
    """Write `doc` to `path`; returns the number of pages."""
    writer = PdfWriter(doc)
    try:
        return writer.render(path, tick)
    finally:
        writer.close()
