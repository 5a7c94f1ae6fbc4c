"""A bureau's 项目概况 of the units it gathers: per task how many owe it, have sent it, are overdue, have errors."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from govcat_desktop.services.bureau.board import TASKS, board, task_title
from govcat_desktop.storage import ProjectFile

RECEIVED = ("已报送", "有错误", "已审核", "退回")


@dataclass
class TaskFigures:
    task: str
    title: str
    owed: int = 0
    received: int = 0
    overdue: int = 0
    with_errors: int = 0
    errors: int = 0
    approved: int = 0


def bureau_overview(store: ProjectFile, today: _dt.date | None = None) -> tuple[int, list[TaskFigures]]:
    """The number of units and, per task, what the board says of them."""
    rows = board(store, today)
    figures = {t: TaskFigures(t, task_title(t)) for t in TASKS}
    for row in rows:
        for task, cell in row.cells.items():
            if not cell.owed:
                continue
            f = figures[task]
            f.owed += 1
            f.received += cell.state in RECEIVED
            f.overdue += cell.overdue
            f.with_errors += cell.errors > 0
            f.errors += cell.errors
            f.approved += cell.state == "已审核"
    return len(rows), [f for f in figures.values() if f.owed]


def overview_html(units: int, figures: list[TaskFigures]) -> str:
    """The figures as a small table for the 项目概况 page."""
    if not units:
        return "还没有收到任何单位的报送材料。用“工具 ▸ 汇总各单位报送材料…”导入各单位的可编辑电子版或项目文件。"
    titles = ("任务", "应报单位", "已收到", "逾期", "有错误的单位", "错误数", "已审核")
    head = "".join(f"<th style='padding:2px 10px'>{h}</th>" for h in titles)
    body = "".join(
        "<tr>" + "".join(f"<td style='padding:2px 10px'>{v}</td>" for v in
                         (f.title, f.owed, f.received,
                          f"<span style='color:#c62828'>{f.overdue}</span>" if f.overdue else 0,
                          f.with_errors, f.errors, f.approved)) + "</tr>"
        for f in figures)
    return f"<b>汇总的 {units} 个单位</b><table>{'<tr>' + head + '</tr>'}{body}</table>"
