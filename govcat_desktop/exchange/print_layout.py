"""Print decisions shared by every 盖章版 (the page plan itself is print_plan: both printers follow it).

1. Fonts: the workbook's cells name 宋体 (SimSun) with the GB2312 charset (134). Windows and WPS have SimSun and use
   it; on a machine without it the charset asks for a Simplified Chinese substitute. LibreOffice on Linux maps 宋体
   through fontconfig to Noto Sans CJK SC (fc-match "SimSun:lang=zh-cn"), the face the print PDF embeds.
2. Line breaks: print_plan breaks every cell's text itself, measured with the PDF's font, and writes the lines
   (explicit line feeds in the workbook); no line starts with closing punctuation (、，。；：）” …): the character
   before it moves down with it (the Chinese typesetting rule 避头尾, simplified).
3. Entry columns (序号 … 更新周期) are merged over the entry's info-item rows; rows are as high as their own text
   (the entry's merged text stretches them when it is taller). An entry that fits on a page is never cut by a page
   break; one taller than a page continues on the next, its entry columns merged again there, 续 under its 序号.
4. The stamp block: 填报单位（盖章） with a blank stamp area beside it, 负责人（签字） as a blank signature line with
   the printed name after it, 联系人 and 联系电话, 填报日期 from the contacts form (2026年9月1日) or blank
   year/month/day spaces when it is not filled.
5. The 服务事项清单 of a unit lists only the unit's own matters (its 实施部门, services/scope.py) and says how many
   have no catalog entry yet, and how many are marked as producing no data, with the reasons.
6. Pages: the workbook carries a manual page break after each of the plan's pages and prints at fit-to-width, so
   LibreOffice, WPS and Excel print the PDF's pages (same count, same entries, same 第 N 页 共 M 页).
"""

from __future__ import annotations

import datetime as _dt
import re

from govcat_desktop.exchange.print_plan import CLOSING

FONT_NAME = "宋体"
FONT_CHARSET = 134  # GB2312: a Simplified Chinese face when 宋体 itself is missing
SIGNATURE_LINE = "＿" * 8


def bad_line_starts(text: str) -> list[str]:
    """Lines of a wrapped text that start with closing punctuation (tests, and a check of any writer)."""
    return [ln for ln in text.split("\n") if ln and ln[0] in CLOSING]


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
