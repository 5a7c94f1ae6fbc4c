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

import datetime as _dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.domain.text import is_hidden, mark
from govcat_desktop.exchange.errors import ExportCancelled

PAGE_W, PAGE_H = 297.0, 210.0  # mm, A4 landscape
MARGIN_X = 12.0
TOP_BAND = 36.0  # title, unit line and QR code above the table
BOTTOM = PAGE_H - 14.0  # the table ends above the footer
QR_SIZE = 26.0  # mm: 41 modules (version 4 + quiet zone) → 0.63 mm a module, 3.7 px at 150 dpi
BODY_PT = 9.0
HEAD_PT = 9.0
LINE_MM = BODY_PT * 0.3528 * 1.38
PAD = 1.1
PT_MM = 0.3528
# A line never starts with these (closing punctuation) and never ends with the opening ones.
CLOSING = set("、，。；：？！）》」』】〕〉’”%‰…·,.;:!?)]}")
OPENING = set("（《「『【〔〈‘“([{")
FONT_FILE = "NotoSansSC-GBK.otf"
TICK_PAGES = 20


@dataclass
class PrintColumn:
    header: str
    width: float  # relative width
    center: bool = False


@dataclass
class Group:
    """Rows printed together: `merged` columns take their text from rows[0] and span every row of the group."""

    rows: list[list[str]]
    merged: tuple[int, ...] = ()


@dataclass
class Stamp:
    org_name: str
    leader: str
    contact: str
    phone: str
    fill_date: str  # YYYY-MM-DD or ''
    signer_label: str = "负责人（签字）"
    org_label: str = "填报单位（盖章）"


@dataclass
class Section:
    title: str
    unit_line: str
    columns: list[PrintColumn]
    groups: list[Group]
    stamp: Stamp | None = None
    notes: list[str] = field(default_factory=list)  # lines under the table (e.g. a summary)


@dataclass
class PrintDoc:
    """A whole print file: sections share one page numbering (第 N 页 共 M 页 over the file)."""

    sections: list[Section]
    code: str  # 校验码 shown in the footer
    export_date: _dt.date
    payload: Callable[[int, int], str] | None = None  # (page, pages) → QR text
    subject: str = ""


def font_path() -> Path:
    from govcat_desktop.paths import resources_dir

    return resources_dir() / "fonts" / FONT_FILE


class _Measure:
    """Text widths in mm from the font's advance widths (cached per character)."""

    def __init__(self, pdf) -> None:
        self.pdf = pdf
        self.cache: dict[tuple[str, float], float] = {}

    def char(self, ch: str, pt: float) -> float:
        key = (ch, pt)
        w = self.cache.get(key)
        if w is None:
            self.pdf.set_font_size(pt)
            w = self.pdf.get_string_width(ch)
            self.cache[key] = w
        return w

    def text(self, text: str, pt: float) -> float:
        return sum(self.char(c, pt) for c in text)

    def wrap(self, text: str, width: float, pt: float) -> list[str]:
        """Greedy line breaking by character with the punctuation rules (kinsoku)."""
        out: list[str] = []
        for para in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            line: list[str] = []
            used = 0.0
            for ch in para:
                w = self.char(ch, pt)
                if line and used + w > width:
                    carry: list[str] = []
                    if ch in CLOSING:
                        k = len(line)
                        while k > 0 and line[k - 1] in CLOSING:
                            k -= 1
                        if k <= 1:  # nothing to move down with it: the punctuation hangs in the padding
                            line.append(ch)
                            used += w
                            continue
                        carry, line = line[k - 1:], line[: k - 1]  # the run moves down with the character before it
                    while len(line) > 1 and line[-1] in OPENING:
                        carry.insert(0, line.pop())
                    out.append("".join(line))
                    line = carry
                    used = sum(self.char(c, pt) for c in line)
                line.append(ch)
                used += w
            out.append("".join(line))
        return out or [""]


@dataclass
class _Row:
    cells: list[list[str]]  # lines of each column ([] for a merged column)
    height: float


@dataclass
class _Piece:
    """Part of a group on one page."""

    y: float
    rows: list[_Row]
    merged: dict[int, list[str]]
    height: float


@dataclass
class _Page:
    section: int
    first_of_section: bool
    items: list = field(default_factory=list)  # ("head", y) | ("piece", _Piece) | ("stamp", y) | ("notes", y)


def _fpdf_class():
    """fpdf2's FPDF; in the bundle (no ssl: govcat opens no network connection) the HTTPS classes fpdf2 names
    for loading images from URLs get stand-ins that refuse — govcat never hands it a URL."""
    import http.client
    import urllib.request

    if not hasattr(urllib.request, "HTTPSHandler"):
        class HTTPSHandler(urllib.request.BaseHandler):
            def __init__(self, *args, **kwargs) -> None:
                raise OSError("govcat opens no network connection")

        urllib.request.HTTPSHandler = HTTPSHandler  # type: ignore[attr-defined]
    if not hasattr(http.client, "HTTPSConnection"):
        class HTTPSConnection(http.client.HTTPConnection):
            def __init__(self, *args, **kwargs) -> None:
                raise OSError("govcat opens no network connection")

        http.client.HTTPSConnection = HTTPSConnection  # type: ignore[attr-defined]
    from fpdf import FPDF

    class DrawnFPDF(FPDF):
        """Text the font cannot draw (ESC, BEL, U+202E, a character outside the font) is drawn as a visible mark,
        never handed to fpdf2 (which would drop it with an English “missing the following glyphs” warning)."""

        def drawable(self, text: str) -> str:
            cmap = getattr(self.current_font, "cmap", None)
            if not cmap or all(ord(ch) in cmap and not is_hidden(ch) for ch in text):
                return text
            return "".join(ch if ord(ch) in cmap and not is_hidden(ch) else _mark(ch, cmap) for ch in text)

        def text(self, x, y, text=""):  # noqa: D102 - same signature as fpdf2's
            return super().text(x, y, self.drawable(text))

        def get_string_width(self, s, normalized=False, markdown=False):  # noqa: D102
            return super().get_string_width(self.drawable(s), normalized, markdown)

    return DrawnFPDF


def _mark(ch: str, cmap) -> str:
    """A hidden or undrawable character as “[U+202E]” (ASCII is in every font; '?' if even that is missing)."""
    text = mark(ch)
    return text if all(ord(c) in cmap for c in text) else "?"


class PdfWriter:
    def __init__(self, doc: PrintDoc) -> None:
        FPDF = _fpdf_class()  # noqa: N806

        self.doc = doc
        pdf = FPDF(orientation="L", unit="mm", format="A4")
        pdf.set_auto_page_break(False)
        pdf.set_margins(MARGIN_X, 10, MARGIN_X)
        pdf.add_font("sc", fname=str(font_path()))
        pdf.set_font("sc", size=BODY_PT)
        when = _dt.datetime.combine(doc.export_date, _dt.time(12, 0), tzinfo=_dt.timezone.utc)
        pdf.set_creation_date(when)
        pdf.set_producer("govcat")
        pdf.set_creator("govcat")
        pdf.set_title(doc.sections[0].title if doc.sections else "")
        pdf.set_subject(doc.subject)
        pdf.set_lang("zh-CN")
        self.pdf = pdf
        self.m = _Measure(pdf)
        self.table_w = PAGE_W - 2 * MARGIN_X

    # ----- layout --------------------------------------------------------------------
    def _widths(self, section: Section) -> list[float]:
        total = sum(c.width for c in section.columns) or 1.0
        return [c.width * self.table_w / total for c in section.columns]

    def _lines(self, text: str, width: float, pt: float = BODY_PT) -> list[str]:
        return self.m.wrap(text or "", max(2.0, width - 2 * PAD), pt)

    @staticmethod
    def _h(lines: int) -> float:
        return lines * LINE_MM + 2 * PAD

    def layout(self, tick: Callable[[], bool] | None = None) -> list[_Page]:
        pages: list[_Page] = []
        for si, section in enumerate(self.doc.sections):
            widths = self._widths(section)
            head = [self._lines(c.header, w, HEAD_PT) for c, w in zip(section.columns, widths)]
            head_h = self._h(max(len(h) for h in head))
            self._head = head
            top = TOP_BAND
            fresh_avail = BOTTOM - top - head_h
            page = _Page(si, True, [("head", top)])
            pages.append(page)
            y = top + head_h

            def new_page() -> float:
                nonlocal page
                page = _Page(si, False, [("head", top)])
                pages.append(page)
                if tick is not None and len(pages) % TICK_PAGES == 0 and not tick():
                    raise ExportCancelled("已取消导出。")
                return top + head_h

            for group in section.groups:
                merged_cols = set(group.merged)
                merged = {c: self._lines(group.rows[0][c], widths[c]) for c in group.merged}
                rows = []
                for r in group.rows:
                    cells = [[] if i in merged_cols else self._lines(t, widths[i]) for i, t in enumerate(r)]
                    rows.extend(self._split_tall(cells, fresh_avail))
                merged_h = self._h(max((len(v) for v in merged.values()), default=0)) if merged else 0.0
                total = max(sum(r.height for r in rows), merged_h)
                if y + total > BOTTOM and total <= fresh_avail:
                    y = new_page()
                while rows:
                    avail = BOTTOM - y
                    take, used = 0, 0.0
                    while take < len(rows) and used + rows[take].height <= avail:
                        used += rows[take].height
                        take += 1
                    if take == 0 or (merged_h > avail and y > top + head_h + 0.01):
                        if y > top + head_h + 0.01:
                            y = new_page()
                            continue
                        take = max(take, 1)
                        used = rows[0].height
                    part, rows = rows[:take], rows[take:]
                    cut = {c: self._fit_lines(v, avail) for c, v in merged.items()}
                    height = min(max(used, self._h(max((len(v) for v in cut.values()), default=0)) if cut else 0), avail)
                    if height > used:  # stretch the rows so the merged text fits
                        extra = (height - used) / len(part)
                        part = [_Row(r.cells, r.height + extra) for r in part]
                    page.items.append(("piece", _Piece(y, part, cut, height)))
                    y += height
                    if rows:
                        y = new_page()
            if section.notes:
                need = len(section.notes) * (LINE_MM + 1) + 4
                if y + need > BOTTOM:
                    y = new_page()
                page.items.append(("notes", y + 3))
                y += need
            if section.stamp is not None:
                need = 58.0
                if y + need > PAGE_H - 12:
                    y = new_page()
                    page.items = []  # a page holding only the stamp block: no empty table header
                    y = TOP_BAND
                page.items.append(("stamp", y + 4))
        return pages

    def _fit_lines(self, lines: list[str], avail: float) -> list[str]:
        most = max(1, int((avail - 2 * PAD) / LINE_MM))
        return lines if len(lines) <= most else lines[: most - 1] + [lines[most - 1][:-1] + "…"]

    def _split_tall(self, cells: list[list[str]], avail: float) -> list[_Row]:
        """A row taller than a page becomes several rows (its lines cut between them)."""
        n = max((len(c) for c in cells), default=1) or 1
        most = max(1, int((avail - 2 * PAD) / LINE_MM))
        if n <= most:
            return [_Row(cells, self._h(n))]
        out = []
        for start in range(0, n, most):
            part = [c[start:start + most] for c in cells]
            out.append(_Row(part, self._h(max(len(c) for c in part) or 1)))
        return out

    # ----- drawing -------------------------------------------------------------------
    def render(self, path: str | os.PathLike[str], tick: Callable[[], bool] | None = None) -> int:
        pages = self.layout(tick)
        total = len(pages)
        pdf = self.pdf
        for number, page in enumerate(pages, 1):
            if tick is not None and number % TICK_PAGES == 0 and not tick():
                raise ExportCancelled("已取消导出。")
            section = self.doc.sections[page.section]
            widths = self._widths(section)
            pdf.add_page()
            self._frame(section, page, number, total)
            for kind, value in page.items:
                if kind == "head":
                    self._header_row(section, widths, value)
                elif kind == "piece":
                    self._piece(section, widths, value)
                elif kind == "notes":
                    self._notes(section, value)
                else:
                    self._stamp(section.stamp, value)
        pdf.output(str(path))
        return total

    def close(self) -> None:
        """Release the font file (fontTools reads it lazily and keeps it open)."""
        for font in self.pdf.fonts.values():
            ttfont = getattr(font, "ttfont", None)
            if ttfont is not None:
                ttfont.close()

    def _text(self, x: float, y: float, w: float, h: float, lines: list[str], pt: float, center: bool) -> None:
        pdf = self.pdf
        pdf.set_font_size(pt)
        block = len(lines) * LINE_MM
        base = y + (h - block) / 2 + LINE_MM * 0.5 + pt * PT_MM * 0.36
        for k, line in enumerate(lines):
            if not line:
                continue
            if center:
                lx = x + (w - self.m.text(line, pt)) / 2
            else:
                lx = x + PAD
            pdf.text(lx, base + k * LINE_MM, line)

    def _frame(self, section: Section, page: _Page, number: int, total: int) -> None:
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

            draw_qr(pdf, self.doc.payload(number, total), PAGE_W - MARGIN_X - QR_SIZE, 6.0, QR_SIZE)

    def _header_row(self, section: Section, widths: list[float], y: float) -> None:
        pdf = self.pdf
        h = self._h(max(len(c) for c in self._head_lines(section, widths)))
        x = MARGIN_X
        pdf.set_draw_color(0)
        pdf.set_line_width(0.2)
        pdf.set_fill_color(231, 230, 230)
        for lines, w in zip(self._head_lines(section, widths), widths):
            pdf.rect(x, y, w, h, style="DF")
            self._text(x, y, w, h, lines, HEAD_PT, True)
            x += w

    def _head_lines(self, section: Section, widths: list[float]) -> list[list[str]]:
        cache = getattr(self, "_head_cache", None)
        if cache is None or cache[0] is not section:
            lines = [self._lines(c.header, w, HEAD_PT) for c, w in zip(section.columns, widths)]
            self._head_cache = (section, lines)
        return self._head_cache[1]

    def _piece(self, section: Section, widths: list[float], piece: _Piece) -> None:
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
        """Left: 填报单位（盖章） and the blank stamp area; right: signature line with the printed name, contact, date."""
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
