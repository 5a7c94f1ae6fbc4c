"""编制工作情况报告: counts by unit and by 数据领域/共享类型/安全级别/更新周期, completion per task, native bar
charts."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Font
from openpyxl.worksheet.pagebreak import Break

from govcat_desktop.domain.models import ProjectInfo
from govcat_desktop.exchange.bureau.common import print_setup, put, save, table, title, write_meta

MAX_UNITS_IN_CHART = 30


def _chart(ws, title_text: str, cats: Reference, data: Reference, anchor: str, *, horizontal: bool = False,
           height: float = 7.5, width: float = 16.0, series_title: bool = False) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title_text
    chart.style = 10
    chart.add_data(data, titles_from_data=series_title)
    chart.set_categories(cats)
    chart.height = height
    chart.width = width
    chart.legend = chart.legend if series_title else None
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.dataLabels.showSerName = False
    chart.dataLabels.showCatName = False
    chart.dataLabels.showLegendKey = False
    chart.dataLabels.showPercent = False
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # first unit on top
    chart.y_axis.majorGridlines = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    ws.add_chart(chart, anchor)
    return chart


def write_report(path: Path, info: ProjectInfo, report) -> Path:
    """report: services.bureau.outputs.Report."""
    wb = Workbook()
    ws = wb.active
    ws.title = "工作情况"
    city = info.profile.city or info.region
    t = report.totals
    top = title(
        ws, f"{city}政务数据资源目录编制工作情况报告", 6,
        f"汇总单位：{info.org_name}。共汇总 {t['units']} 个单位的材料，"
        f"数据资源目录 {t['entries']} 条、信息项 {t['items']} 个，"
        f"共享数据需求 {t['demands']} 条；逾期单位 {t['overdue_units']} 个。",
    )
    ws.row_dimensions[2].height = 36
    put(ws, top, 1, "一、各项任务完成情况").font = Font(bold=True, size=12)
    comp_rows = [[task, owed, done, f"{(done / owed * 100 if owed else 0):.0f}%", ok, late]
                 for task, owed, done, ok, late in report.completion]
    comp_top = top + 1
    after = table(ws, comp_top, ["任务", "应报单位", "已报送", "完成率", "已审核", "逾期"], comp_rows,
                  [24, 10, 10, 10, 10, 10], center=range(1, 6))
    if comp_rows:
        _chart(ws, "各项任务报送情况（单位数）", Reference(ws, min_col=1, min_row=comp_top + 1, max_row=after - 1),
               Reference(ws, min_col=2, max_col=3, min_row=comp_top, max_row=after - 1), "H3", series_title=True)
    r = max(after + 1, 20)
    for name, values in report.dimensions.items():
        ws.row_breaks.append(Break(id=r - 1))  # each count with its chart on a page of its own
        put(ws, r, 1, f"按{name}统计（数据资源目录条数）").font = Font(bold=True, size=12)
        start = r + 1
        end = table(ws, start, [name, "目录条数"], [[v, n] for v, n in values] or [["（无）", 0]], [24, 10],
                    center=(1,))
        if values:
            _chart(ws, f"按{name}统计", Reference(ws, min_col=1, min_row=start + 1, max_row=end - 1),
                   Reference(ws, min_col=2, min_row=start + 1, max_row=end - 1), f"H{r}",
                   horizontal=len(values) > 6, height=max(7.5, 0.55 * len(values) + 2))
        rows_used = max(end - r, int(max(7.5, 0.55 * len(values) + 2) / 0.5) + 2)
        r = r + rows_used + 2
    # Per unit, on its own sheet with a chart of the largest units.
    us = wb.create_sheet("各单位")
    put(us, 1, 1, "各单位编目情况").font = Font(bold=True, size=12)
    end = table(us, 2, ["单位", "所属地区", "目录条数", "信息项个数", "需求条数"],
                [list(u) for u in report.by_unit] or [["（无）", "", 0, 0, 0]], [28, 10, 10, 10, 10],
                center=(1, 2, 3, 4))
    if report.by_unit:
        last = min(end - 1, 2 + MAX_UNITS_IN_CHART)
        shown = last - 2
        _chart(us, f"各单位数据资源目录条数（前 {shown} 个单位）", Reference(us, min_col=1, min_row=3, max_row=last),
               Reference(us, min_col=3, min_row=3, max_row=last), "G2", horizontal=True,
               height=max(7.5, 0.5 * shown + 2), width=18)
    for sheet in (ws, us):
        print_setup(sheet, "", header=f"{city}政务数据资源目录编制工作情况报告")
    write_meta(wb, {"kind": "report", "org_name": info.org_name, "org_code": info.org_code, "region": info.region,
                    "fingerprint": ""})
    return save(wb, Path(path))
