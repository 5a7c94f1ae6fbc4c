"""The printable progress board (督办表): units × tasks, overdue units in red, a summary per task."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.domain.roles import TASK_NAMES
from govcat_desktop.exchange.bureau.common import (
    BORDER, CENTER, HEAD_FILL, print_setup, put, save, table, title, write_meta,
)

STATES = ("未报送", "已报送", "有错误", "已审核", "退回")


def write_board(path: Path, info: ProjectInfo, rows: list, totals: dict[str, dict[str, int]], today: _dt.date) -> Path:
    """rows: board Rows (unit + cells by task); totals: task → state → count."""
    tasks = [t for t in TASK_NAMES if any(r.cells[t].owed for r in rows)] or list(TASK_NAMES)
    wb = Workbook()
    ws = wb.active
    ws.title = "督办表"
    headers = ["序号", "单位", "所属地区"]
    widths = [6, 26, 10]
    groups = []
    for t in tasks:
        deadline = rows[0].cells[t].deadline if rows else ""
        groups.append((len(headers) + 1, f"{t} {TASK_NAMES[t]}（截止 {deadline or '未设置'}）"))
        headers += ["状态", "错误/提醒", "报送日期", "纸质版"]
        widths += [14, 9, 11, 14]
    headers.append("是否逾期")
    widths.append(8)
    ncols = len(headers)
    city = info.profile.city or info.region
    top = title(
        ws, f"{city}政务数据资源目录编制工作督办表", ncols,
        f"汇总单位：{info.org_name}    截至 {today.isoformat()}    共 {len(rows)} 个单位，"
        f"逾期 {sum(1 for r in rows if r.overdue)} 个"
        "（红色底纹：逾期未报送、逾期报送或退回后逾期未改，将报市政府予以通报）",
    )
    # Group header: one merged cell per task over its three columns; the fixed columns span both rows.
    for col, text in groups:
        cell = put(ws, top, col, text)
        ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + 3)
        for c in range(col, col + 4):
            ws.cell(top, c).border = BORDER
            ws.cell(top, c).fill = HEAD_FILL
        cell.font = Font(bold=True)
        cell.alignment = CENTER
    ws.row_dimensions[top].height = 32
    data, late = [], []
    for i, row in enumerate(rows):
        values: list[object] = [i + 1, row.unit.org_name, row.unit.region]
        for t in tasks:
            c = row.cells[t]
            if not c.owed:
                values += ["不涉及", "", "", ""]
                continue
            state = c.state + ("（逾期）" if c.overdue else "")
            history = f"\n第{c.history + 1}次报送" if c.history else ""
            counts = f"{c.errors}/{c.warnings}" if c.submissions else ""
            values += [state + history, counts, c.received, c.paper]
        values.append("是" if row.overdue else "")
        if row.overdue:
            late.append(i)
        data.append(values)
    centered = set(range(ncols)) - {1}
    after = table(ws, top + 1, headers, data, widths, late=late, center=centered)
    for col in (1, 2, 3, ncols):  # the merged fixed headers show their text from the first row
        ws.cell(top, col).value = headers[col - 1]
        ws.cell(top, col).font = Font(bold=True)
        ws.cell(top, col).alignment = CENTER
        ws.cell(top, col).fill = HEAD_FILL
        ws.cell(top, col).border = BORDER
        ws.cell(top + 1, col).value = None
        ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    ws.freeze_panes = ws.cell(top + 2, 3)
    # Summary per task.
    r = after + 1
    put(ws, r, 1, "汇总").font = Font(bold=True)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    summary_rows = [[TASK_NAMES[t] + f"（{t}）", *[totals[t][s] for s in STATES]] for t in tasks]
    sheet2 = wb.create_sheet("汇总")
    end = table(sheet2, 1, ["任务", *STATES], summary_rows, [22, 10, 10, 10, 10, 10], center=range(1, 6))
    put(sheet2, end + 1, 1, f"制表单位：{info.org_name}    制表日期：{today.isoformat()}")
    for k, values in enumerate(summary_rows):
        put(ws, r + 1 + k, 2, values[0])
        put(ws, r + 1 + k, 3, "，".join(f"{s}{n}" for s, n in zip(STATES, values[1:]) if n) or "—")
        ws.merge_cells(start_row=r + 1 + k, start_column=3, end_row=r + 1 + k, end_column=ncols)
    put(ws, r + 2 + len(summary_rows), 2, f"制表单位：{info.org_name}（盖章）        制表日期：    年  月  日")
    below = r + 2 + len(summary_rows)
    ws.merge_cells(start_row=below, start_column=2, end_row=below, end_column=ncols)
    print_setup(ws, f"{top}:{top + 1}", header=f"{city}政务数据资源目录编制工作督办表")
    print_setup(sheet2, "1:1")
    write_meta(wb, {"kind": "board", "org_name": info.org_name, "org_code": info.org_code, "region": info.region,
                    "fingerprint": ""})
    return save(wb, Path(path))
