"""One page plan for both printers of a 盖章版: the print PDF (pdf_layout) and the workbook (submission) follow it.

From the records (sections of groups of rows) and the font's advance widths (the Noto Sans SC subset the PDF embeds,
measured through fpdf2), the plan decides in millimetres of an A4 landscape page:
- each column's width: the form's relative widths, then columns whose texts are all short give their room to the
  columns whose texts wrap (`fit_widths`), so names stay on two or three lines;
- each row's height from the lines of its cells (greedy breaking with the punctuation rules, kinsoku);
- where each page breaks: a group (an entry over its info items) that fits on a page is never cut; a longer one
  continues on the next page, its merged columns drawn again there with 续 under its 序号;
- the title and unit line on a section's first page, the column header on every page, the notes and the stamp block.
The PDF draws the plan; the workbook writes the same lines into its cells, the same heights (mm → pt) into its
rows, a manual page break after each page's last row and the merges per page piece, so LibreOffice, WPS and Excel
print the same pages as the PDF (the workbook prints at fit-to-width, never larger than the plan).
"""

from __future__ import annotations

import datetime as _dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.domain.text import is_hidden, mark
from govcat_desktop.exchange.errors import ExportCancelled

PAGE_W, PAGE_H = 297.0, 210.0  # mm, A4 landscape
MARGIN_X = 12.0
TOP_BAND = 34.0  # title, unit line and QR code above the table
BOTTOM = PAGE_H - 13.0  # the table ends above the footer
QR_SIZE = 26.0  # mm: 41 modules (version 4 + quiet zone) → 0.63 mm a module, 3.7 px at 150 dpi
QR_TOP = 5.0
BODY_PT = 8.0
HEAD_PT = 8.0
PT_MM = 0.3528
LINE_MM = BODY_PT * PT_MM * 1.45  # the CJK faces' line height (ascent + descent of Noto CJK: 1.448 em)
PAD = 0.7
MIN_COL = 7.0  # mm: no column narrower (two CJK characters of the header side by side)
STAMP_MM = 58.0  # the stamp block's height
STAMP_ROWS_MM = (4.0, 34.0, 10.0, 10.0)  # its rows in the workbook: space, stamp area with the signature, 2 lines
TITLE_ROWS_MM = (13.0, 7.0)  # the workbook's title and unit rows (within TOP_BAND less the page's top margin)
CONTINUED = "续"
# A line never starts with these (closing punctuation) and never ends with the opening ones.
CLOSING = set("、，。；：？！）》」』】〕〉’”%‰…·,.;:!?)]}")
OPENING = set("（《「『【〔〈‘“([{")
FONT_FILE = "NotoSansSC-GBK.otf"
TICK_PAGES = 20
_REF_PT = 10.0  # widths are measured once per character at this size and scaled


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
    sheet: str = ""  # the workbook's sheet of this section
    fit: bool = False  # widths follow the texts (fit_widths), not only the relative widths


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


def fpdf_class():
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


def new_pdf():
    """An A4 landscape FPDF with the embedded font set (the PDF writer draws on one, the plan measures with one)."""
    pdf = fpdf_class()(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN_X, 10, MARGIN_X)
    pdf.add_font("sc", fname=str(font_path()))
    pdf.set_font("sc", size=_REF_PT)
    return pdf


def close_pdf(pdf) -> None:
    """Release the font file (fontTools reads it lazily and keeps it open)."""
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()


class Measure:
    """Text widths in mm from the font's advance widths: measured once per character (at 10 pt, widths scale with
    the size) on one FPDF shared by every plan of the process, so the workbook and the PDF break lines alike."""

    _shared: Measure | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        self.pdf = new_pdf()
        self.cache: dict[str, float] = {}

    @classmethod
    def shared(cls) -> Measure:
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def char(self, ch: str, pt: float) -> float:
        w = self.cache.get(ch)
        if w is None:
            with self._lock:
                w = self.cache[ch] = self.pdf.get_string_width(ch)
        return w * pt / _REF_PT

    def text(self, text: str, pt: float) -> float:
        cache = self.cache
        if all(c in cache for c in text):
            return sum(map(cache.__getitem__, text)) * pt / _REF_PT
        return sum(self.char(c, pt) for c in text)

    def wrap(self, text: str, width: float, pt: float) -> list[str]:
        """Greedy line breaking by character with the punctuation rules (kinsoku)."""
        out: list[str] = []
        for para in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            if self.text(para, pt) <= width:
                out.append(para)
                continue
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
class Row:
    cells: list[list[str]]  # lines of each column ([] for a merged column)
    height: float


@dataclass
class Piece:
    """Part of a group on one page: its rows, the merged columns' lines over them, and whether the group began on an
    earlier page (then 续 under the first merged column)."""

    y: float
    rows: list[Row]
    merged: dict[int, list[str]]
    height: float
    group: int = 0
    continued: bool = False


@dataclass
class Page:
    section: int
    first_of_section: bool
    items: list = field(default_factory=list)  # ("head", y) | ("piece", Piece) | ("stamp", y) | ("notes", y)

    def pieces(self) -> list[Piece]:
        return [v for k, v in self.items if k == "piece"]


@dataclass
class SectionPlan:
    widths: list[float]  # mm
    head: list[list[str]]  # the header's lines per column
    head_h: float
    notes_h: float = 0.0


@dataclass
class Plan:
    pages: list[Page]
    sections: list[SectionPlan]


def height(lines: int) -> float:
    return lines * LINE_MM + 2 * PAD


def lines_of(m: Measure, text: str, width: float, pt: float = BODY_PT) -> list[str]:
    return m.wrap(text or "", max(2.0, width - 2 * PAD), pt)


TABLE_W = PAGE_W - 2 * MARGIN_X


def fit_widths(section: Section, m: Measure, table_w: float = TABLE_W) -> list[float]:
    """Column widths in mm: the relative widths scaled to the table; with `section.fit`, a column whose longest
    text is narrower gives the difference (down to its header on two lines) to the columns whose texts wrap, in
    proportion to their widths."""
    cols = section.columns
    total = sum(c.width for c in cols) or 1.0
    base = [c.width * table_w / total for c in cols]
    if not section.fit or not section.groups:
        return base
    longest = [0.0] * len(cols)
    for group in section.groups:
        for r in group.rows:
            for i, t in enumerate(r):
                if t and i < len(cols):
                    w = max(m.text(p, BODY_PT) for p in t.split("\n"))
                    if w > longest[i]:
                        longest[i] = w
    need = []
    for c, w in zip(cols, longest):
        head = max(m.text(c.header, HEAD_PT) / 2 + m.char("字", HEAD_PT), m.char("字", HEAD_PT) * 2)
        need.append(max(w, head) + 2 * PAD + 0.4)
    widths = [max(MIN_COL, min(b, n)) for b, n in zip(base, need)]
    for _ in range(4):  # hand the spare room to the columns that still wrap
        spare = table_w - sum(widths)
        wanting = [i for i, (w, n) in enumerate(zip(widths, need)) if n > w + 0.01]
        if spare <= 0.01 or not wanting:
            break
        share = sum(base[i] for i in wanting)
        for i in wanting:
            widths[i] = min(need[i], widths[i] + spare * base[i] / share)
    spare = table_w - sum(widths)
    if spare > 0.01:  # every text fits on one line: widen all alike
        widths = [w + spare * w / sum(widths) for w in widths]
    return widths


def _fit_lines(lines: list[str], avail: float) -> list[str]:
    most = max(1, int((avail - 2 * PAD) / LINE_MM))
    return lines if len(lines) <= most else lines[: most - 1] + [lines[most - 1][:-1] + "…"]


def _split_tall(cells: list[list[str]], avail: float) -> list[Row]:
    """A row taller than a page becomes several rows (its lines cut between them)."""
    n = max((len(c) for c in cells), default=1) or 1
    most = max(1, int((avail - 2 * PAD) / LINE_MM))
    if n <= most:
        return [Row(cells, height(n))]
    out = []
    for start in range(0, n, most):
        part = [c[start:start + most] for c in cells]
        out.append(Row(part, height(max(len(c) for c in part) or 1)))
    return out


def notes_height(section: Section) -> float:
    return len(section.notes) * (LINE_MM + 1) + 4 if section.notes else 0.0


def plan(doc: PrintDoc, tick: Callable[[], bool] | None = None, m: Measure | None = None) -> Plan:
    """Every page of `doc`: what it holds and where (mm from the page's top)."""
    m = m or Measure.shared()
    pages: list[Page] = []
    plans: list[SectionPlan] = []
    for si, section in enumerate(doc.sections):
        widths = fit_widths(section, m)
        head = [lines_of(m, c.header, w, HEAD_PT) for c, w in zip(section.columns, widths)]
        head_h = height(max((len(h) for h in head), default=1))
        plans.append(SectionPlan(widths, head, head_h, notes_height(section)))
        top = TOP_BAND
        fresh_avail = BOTTOM - top - head_h
        page = Page(si, True, [("head", top)])
        pages.append(page)
        y = top + head_h

        def new_page() -> float:
            nonlocal page
            page = Page(si, False, [("head", top)])
            pages.append(page)
            if tick is not None and len(pages) % TICK_PAGES == 0 and not tick():
                raise ExportCancelled("已取消导出。")
            return top + head_h

        memo: dict[tuple[str, int], list[str]] = {}  # (text, column) → lines: item names repeat a lot

        def cell_lines(text: str, col: int) -> list[str]:
            key = (text, col)
            got = memo.get(key)
            if got is None:
                got = memo[key] = lines_of(m, text, widths[col])
            return got

        for gi, group in enumerate(section.groups):
            merged_cols = set(group.merged)
            merged = {c: lines_of(m, group.rows[0][c], widths[c]) for c in group.merged}
            rows = []
            for r in group.rows:
                cells = [[] if i in merged_cols else cell_lines(t, i) for i, t in enumerate(r)]
                rows.extend(_split_tall(cells, fresh_avail))
            merged_h = height(max((len(v) for v in merged.values()), default=0)) if merged else 0.0
            total = max(sum(r.height for r in rows), merged_h)
            if y + total > BOTTOM and total <= fresh_avail:
                y = new_page()
            continued = False
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
                shown = merged
                if continued and merged:
                    first = min(merged)
                    shown = {**merged, first: merged[first] + [CONTINUED]}
                cut = {c: _fit_lines(v, avail) for c, v in shown.items()}
                h = min(max(used, height(max((len(v) for v in cut.values()), default=0)) if cut else 0), avail)
                if h > used:  # stretch the rows so the merged text fits
                    extra = (h - used) / len(part)
                    part = [Row(r.cells, r.height + extra) for r in part]
                page.items.append(("piece", Piece(y, part, cut, h, gi, continued)))
                y += h
                if rows:
                    y = new_page()
                    continued = True
        if section.notes:
            need = notes_height(section)
            if y + need > BOTTOM:
                y = new_page()
            page.items.append(("notes", y + 3))
            y += need
        if section.stamp is not None:
            if y + STAMP_MM > BOTTOM:
                y = new_page()
                page.items = []  # a page holding only the stamp block: no empty table header
                y = TOP_BAND
            page.items.append(("stamp", y))
    return Plan(pages, plans)
