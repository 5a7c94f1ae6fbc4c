"""Layout decisions for every printed page (盖章版), in one place: the xlsx writer follows them, a PDF writer can too.

1. Fonts: cells name 宋体 (SimSun) with the GB2312 charset (134). Windows and WPS have SimSun and use it; on a
   machine without it the charset asks for a Simplified Chinese substitute. LibreOffice on Linux maps 宋体 through
   fontconfig to Noto Serif/Sans CJK SC (fc-match "SimSun:lang=zh-cn"); see README for what LibreOffice 7.4 renders.
2. Line breaks: the writer breaks long cell texts itself (explicit line feeds, measured conservatively so the office
   suite never needs to break again), and no line starts with closing punctuation (、，。；：）” …): the character
   before it moves down with it (the Chinese typesetting rule 避头尾, simplified).
3. Entry columns are merged over the entry's info-item rows, 序号 and 目录名称 too, and the rows are as high as
   their own text (the entry's cells share the height). Only an entry taller than a page, whose items continue over
   a page break, writes 序号 and 目录名称 on every info-item row (the first in black, the following in grey), so a
   continuing page always says which entry its rows belong to.
4. The stamp block: 填报单位（盖章） with a blank stamp area (STAMP_AREA_PT high) beside it, 负责人（签字） as a blank
   signature line with the printed name after it, 联系人 and 联系电话, 填报日期 from the contacts form
   (2026年9月1日) or blank year/month/day spaces when it is not filled.
5. The 服务事项清单 of a unit lists only the unit's own matters (its 实施部门, services/scope.py) and says how many
   have no catalog entry yet, and how many are marked as producing no data, with the reasons.
6. Page breaks: the writer places manual row breaks so that an entry (and the stamp block) that fits on one page is
   never cut by a page break; the merged entry columns would otherwise be split into fragments on both pages. Only an
   entry taller than a page (or than what the first page leaves below the title) still continues on the next page
   (rule 3), and the entry after it starts a new page. The rows a page holds are estimated (`page_capacity`) from
   A4 landscape, the margins, the repeated header row and the fit-to-width scale as Excel/WPS compute it, less 5 %:
   LibreOffice prints these sheets a little smaller, so its pages hold the same rows with room to spare.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

from govcat_desktop.exchange.cells import display_width

# The 服务事项清单's printed column widths: a province matter code (60 characters) on two lines, not three.
MATTERS_PRINT_WIDTHS = {"序号": 5, "事项编码": 36, "事项名称": 34, "事项类型": 9, "实施部门": 16, "不产生数据的原因": 14,
                        "数据资源目录数": 7}

FONT_NAME = "宋体"
FONT_CHARSET = 134  # GB2312: a Simplified Chinese face when 宋体 itself is missing
CONTINUED_COLOR = "808080"  # 序号 / 目录名称 repeated on an entry's following rows
REPEATED_HEADERS = ("序号", "目录名称")
STAMP_AREA_PT = 96.0  # about 34 mm: room for a 42 mm round stamp overlapping the unit line
SIGNATURE_LINE = "＿" * 8
WRAP_SAFETY = 0.9  # of a column's usable width: an office suite's font may be a little wider than measured

# Characters that must not begin a line (closing punctuation and marks that follow what they close).
NO_LINE_START = frozenset("、，。；：？！）》」』】〕〉”’…·％%),.;:!?]}/")
BREAK_AFTER = frozenset("、，；")
# Characters that must not end a line (opening brackets and quotes).
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")


# A4 landscape in points, and the margins the printed sheets set (inches; header and footer sit inside the top and
# bottom margins, so they take no room from the table).
A4_LANDSCAPE_PT = (841.89, 595.28)
MARGIN_LEFT_RIGHT_IN = 0.4
MARGIN_TOP_BOTTOM_IN = 0.75
PAGE_SAFETY = 0.05  # of the page height: row heights an office suite renders a little taller, rounding of the scale


def column_points(width_units: float) -> float:
    """The printed width at 100 % of a column `width_units` wide, as Excel and WPS measure it: a stored width already
    holds the cell padding (ECMA-376 18.3.1.13), so about width*7 px, 7 px the maximum digit width of the default
    11 pt Calibri, at 96 dpi and 0.75 pt a px (the common estimate width*7+5 px counts the padding twice and so
    under-estimates the scale, that is over-estimates the rows a page holds). LibreOffice without Carlito measures
    with a wider substitute (DejaVu Sans, about 9.4 px a unit) and prints smaller: more room, never less."""
    return width_units * 7 * 0.75


def fit_scale(widths: list[float]) -> float:
    """The scale fit-to-width (one page wide) prints at: printable width / table width, in whole percent rounded
    down as office suites set it, never above 100 %."""
    printable = A4_LANDSCAPE_PT[0] - 2 * 72 * MARGIN_LEFT_RIGHT_IN
    total = sum(column_points(w) for w in widths) or 1.0
    return min(100, math.floor(printable / total * 100)) / 100


def page_capacity(widths: list[float], repeated_pt: float, safety: float = PAGE_SAFETY) -> float:
    """The row height (in points, as rows are written) one printed page holds below the repeated header rows
    (`repeated_pt` high): the printable page height at the fit-to-width scale, less the safety margin."""
    printable = A4_LANDSCAPE_PT[1] - 2 * 72 * MARGIN_TOP_BOTTOM_IN
    return printable / fit_scale(widths) * (1 - safety) - repeated_pt


def place_group(heights: list[float], used: float, capacity: float, head: float = 0.0) -> tuple[list[int], float]:
    """Where one group of rows (an entry's info-item rows) breaks, given `used` points already on the page, `head` of
    them not table rows (the first page's title and unit lines).

    Returns the offsets in the group of the rows that begin a new page ([0] or none), and the points used on the page
    after it. A group that does not fit on this page moves to a new page whole, unless the page holds no table rows
    yet (moving would leave it empty). A group that cannot be placed whole (taller than a page, or too tall for what
    the first page leaves) gets no break inside: the office suite breaks it where its own page really ends (its rows
    repeat 序号/目录名称, rule 3), and as that position is not known here, the next group starts a new page."""
    total = sum(heights)
    if used + total <= capacity:
        return [], used + total
    if used > head:
        return [0], (total if total <= capacity else math.inf)
    return [], math.inf


def page_breaks(groups: list[list[float]], capacity: float, head: float = 0.0) -> list[int]:
    """The rows (0-based over all groups' rows) that begin a new page; `head` the points above the first group on the
    first page (title and unit lines)."""
    out: list[int] = []
    start, used = 0, head
    for heights in groups:
        breaks, used = place_group(heights, used, capacity, head)
        if breaks:
            head = 0.0
        out.extend(start + k for k in breaks)
        start += len(heights)
    return out


def _usable(width_units: float) -> float:
    return max((width_units - 1.5) * WRAP_SAFETY, 2.0)


def wrap_for_print(text: str, width_units: float) -> str:
    """`text` with line feeds where a cell of `width_units` breaks it, no line starting with closing punctuation."""
    if not text:
        return text
    usable = _usable(width_units)
    out: list[str] = []
    for paragraph in text.split("\n"):
        out.extend(_wrap_paragraph(paragraph, usable))
    return "\n".join(out)


def _wrap_paragraph(paragraph: str, usable: float) -> list[str]:
    if display_width(paragraph) <= usable:
        return [paragraph]
    lines: list[str] = []
    line: list[str] = []
    width = 0.0
    for ch in paragraph:
        w = display_width(ch)
        if line and width + w > usable:
            carry: list[str] = []
            if ch in NO_LINE_START:  # closing punctuation may not start a line: the character before it comes along
                while line and (not carry or carry[0] in NO_LINE_START):
                    carry.insert(0, line.pop())
            while line and line[-1] in NO_LINE_END:  # nor may an opening bracket end one
                carry.insert(0, line.pop())
            if not carry:  # a list breaks after its separator when one is near the end of the line
                cut = max((i for i, c in enumerate(line) if c in BREAK_AFTER), default=-1)
                if cut >= 0.6 * len(line) and cut < len(line) - 1:
                    carry, line = line[cut + 1:], line[: cut + 1]
            if not line:  # a line too narrow to move anything: the mark stays on this line, a little over
                line = carry
                line.append(ch)
                width = sum(display_width(c) for c in line)
                continue
            lines.append("".join(line).rstrip())
            line = carry
            width = sum(display_width(c) for c in line)
        line.append(ch)
        width += w
    if line:
        lines.append("".join(line))
    return [ln for ln in lines if ln != ""] or [""]


def bad_line_starts(text: str) -> list[str]:
    """Lines of a wrapped text that start with closing punctuation (tests, and a check of any writer)."""
    return [ln for ln in text.split("\n") if ln and ln[0] in NO_LINE_START]


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def print_date(iso: str) -> str:
    """2026-09-01 → 2026年9月1日; anything else (or nothing) → blank spaces to fill by hand."""
    m = _DATE.match((iso or "").strip())
    if m:
        try:
            day = _dt.date(int(m[1]), int(m[2]), int(m[3]))
            return f"{day.year}年{day.month}月{day.day}日"
        except ValueError:
            pass
    return "　　　　年　　月　　日"


def signature(label: str, name: str) -> str:
    """A blank line to sign on, the printed name beside it: 负责人（签字）：＿＿＿＿＿＿＿＿（张三）."""
    return f"{label}（签字）：{SIGNATURE_LINE}" + (f"（{name}）" if name.strip() else "")
