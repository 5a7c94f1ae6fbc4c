"""各单位汇总表: what the bureau prints and stamps of the city lists — one line per unit with its counts and the
校验码 of its catalog, the city's totals, and the 校验码 of each electronic list (the full lists stay electronic)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.exchange.bureau.common import WRAP, print_setup, put, save, table, title, write_meta

HEADERS = ("序号", "单位", "所属地区", "目录条数", "信息项个数", "无条件共享", "有条件共享", "不予共享", "已审核目录",
           "需求条数", "目录校验码")
WIDTHS = (6, 28, 10, 9, 10, 9, 9, 9, 9, 9, 13)


def summary_title(info: ProjectInfo) -> str:
    return f"{info.profile.city or info.region}政务数据资源目录汇总表（各单位）"


def lists_line(lists: Sequence[tuple[str, str, int]]) -> str:
    """The electronic lists this paper vouches for: name, 校验码 and row count of each."""
    return "；".join(f"{name}（{rows} 条）校验码 {code}" for name, code, rows in lists)


def write_summary(path: Path, info: ProjectInfo, rows: Sequence[Sequence[object]],
                  lists: Sequence[tuple[str, str, int]], code: str, today: _dt.date) -> Path:
    """rows: one per unit in HEADERS order without 序号 (the last line may be the city's 合计)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总表"
    heading = summary_title(info)
    top = title(ws, heading, len(HEADERS), f"汇总单位：{info.org_name}    截至 {today.isoformat()}    校验码：{code}")
    data = [[i, *r] if r[0] != "合计" else ["", *r] for i, r in enumerate(rows, start=1)]
    after = table(ws, top, HEADERS, data, WIDTHS, center=set(range(len(HEADERS))) - {1})
    put(ws, after + 1, 1, "全市清单（电子版，与本表同时报送）：" + lists_line(lists))
    ws.merge_cells(start_row=after + 1, start_column=1, end_row=after + 1, end_column=len(HEADERS))
    ws.row_dimensions[after + 1].height = 48
    ws.cell(after + 1, 1).alignment = WRAP
    put(ws, after + 3, 2, f"制表单位：{info.org_name}（盖章）        制表日期：    年  月  日").font = Font(bold=True)
    ws.merge_cells(start_row=after + 3, start_column=2, end_row=after + 3, end_column=len(HEADERS))
    ws.freeze_panes = ws.cell(top + 1, 3)
    print_setup(ws, f"{top}:{top}", fingerprint=code, header=heading)
    write_meta(wb, {"kind": "city_summary", "org_name": info.org_name, "org_code": info.org_code,
                    "region": info.region, "fingerprint": code})
    return save(wb, Path(path))
