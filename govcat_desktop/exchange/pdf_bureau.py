"""Print files of the bureau's own stamped outputs: the 督办表 and the city-wide lists (same layout engine)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path

from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.exchange import pdf_qr
from govcat_desktop.exchange.pdf_layout import Group, PrintColumn, PrintDoc, Section, Stamp, write_pdf


def _doc(section: Section, info: ProjectInfo, kind: str, code: str, day: _dt.date) -> PrintDoc:
    def payload(page: int, pages: int) -> str:
        return pdf_qr.encode(kind, info.org_code, code, page, pages, day)

    return PrintDoc([section], code, day, payload, subject=section.title)


def _stamp(info: ProjectInfo) -> Stamp:
    return Stamp(info.org_name, "", "", "", "", org_label="汇总单位（盖章）")


def write_list_pdf(path: Path, kind: str, title: str, info: ProjectInfo, headers: Sequence[str],
                   widths: Sequence[float], blocks: list[tuple[list[object], list[list[object]]]], merge_cols: int,
                   code: str, day: _dt.date | None = None) -> Path:
    """A city-wide list: each block's first `merge_cols` columns span its lines (entry over its info items)."""
    n = len(headers)
    groups = []
    for own, lines in blocks:
        lines = [[str(v) for v in line] for line in lines] or [[""] * (n - merge_cols)]
        own = [str(v) for v in own]
        rows = [own + lines[0]] + [[""] * merge_cols + line for line in lines[1:]]
        groups.append(Group(rows, tuple(range(merge_cols)) if len(rows) > 1 else ()))
    columns = [PrintColumn(h, w, h in ("序号", "安全级别", "共享类型", "网络环境", "更新周期", "数据类型", "数据长度"))
               for h, w in zip(headers, widths)]
    section = Section(title, f"汇总单位：{info.org_name}　　统一社会信用代码：{info.org_code}　　校验码：{code}",
                      columns, groups, _stamp(info))
    write_pdf(path, _doc(section, info, kind, code, day or _dt.date.today()))
    return path


def write_board_pdf(path: Path, info: ProjectInfo, rows: list, tasks: Sequence[str], names: dict[str, str],
                    today: _dt.date, code: str = "") -> Path:
    """The 督办表: one line per unit; per task its state, 纸质版 and date received; overdue units marked."""
    columns = [PrintColumn("序号", 4, True), PrintColumn("单位", 16), PrintColumn("所属地区", 6, True)]
    for t in tasks:
        columns += [PrintColumn(f"{t}{names[t]}", 8, True), PrintColumn(f"{t}纸质版", 8, True),
                    PrintColumn(f"{t}报送日期", 10, True)]
    columns.append(PrintColumn("是否逾期", 5, True))
    groups = []
    for i, row in enumerate(rows, 1):
        cells = [str(i), row.unit.org_name, row.unit.region]
        for t in tasks:
            c = row.cells[t]
            if not c.owed:
                cells += ["不涉及", "", ""]
                continue
            cells += [c.state + ("（逾期）" if c.overdue else ""), c.paper, c.received]
        cells.append("是" if row.overdue else "")
        groups.append(Group([cells]))
    city = info.profile.city or info.region
    late = sum(1 for r in rows if r.overdue)
    section = Section(f"{city}政务数据资源目录编制工作督办表",
                      f"汇总单位：{info.org_name}　　截至 {today.isoformat()}　　共 {len(rows)} 个单位，逾期 {late} 个",
                      columns, groups, _stamp(info))
    write_pdf(path, _doc(section, info, "board", code, today))
    return path


def write_summary_pdf(path: Path, info: ProjectInfo, headers: Sequence[str], widths: Sequence[float],
                      rows: Sequence[Sequence[object]], note: str, title: str, today: _dt.date, code: str) -> Path:
    """各单位汇总表: one line per unit (and the city's total), the lists it vouches for under the table."""
    columns = [PrintColumn(h, w, i != 1) for i, (h, w) in enumerate(zip(headers, widths))]
    groups = [Group([[str(i) if r[0] != "合计" else "", *(str(v) for v in r)]]) for i, r in enumerate(rows, 1)]
    section = Section(title,
                      f"汇总单位：{info.org_name}　　统一社会信用代码：{info.org_code}　　截至 {today.isoformat()}",
                      columns, groups, _stamp(info), notes=[note])
    write_pdf(path, _doc(section, info, "city_summary", code, today))
    return path
