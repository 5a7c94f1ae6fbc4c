"""City-wide lists, the 督办表 and the report: content, §6.2 columns, native bar charts, the CLI."""

from __future__ import annotations

import datetime as _dt
import subprocess
import sys
from pathlib import Path

import pytest

from tests import factories as F
from openpyxl import load_workbook

from govcat_desktop.cli import main
from govcat_desktop.services import transfer
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.bureau.outputs import report, write_outputs
from govcat_desktop.storage import ProjectFile


@pytest.fixture
def city(units, bureau, tmp_path):
    merge(bureau, list(units.values()))
    return bureau


def test_report_counts(city) -> None:
    data = report(city)
    assert data.totals["units"] == 4
    assert data.totals["entries"] == 6
    assert data.totals["items"] == 4 + 3 + 4 + 3 + 2 + 2
    share = dict(data.dimensions["共享类型"])
    assert share == {"有条件共享": 4, "无条件共享": 2}
    domains = dict(data.dimensions["数据领域"])
    assert domains["社会救助"] == 2 and domains["城建住房"] == 1 and domains["公共安全"] == 1
    completion = {task: (owed, done) for task, owed, done, _, _ in data.completion}
    assert completion["T2 报送体制机制情况"] == (1, 1)
    assert completion["T3 编报数据资源目录"] == (4, 4)
    assert completion["T4 供需对接"] == (4, 1)  # only 民政局 raised demands


def test_outputs_written_and_readable(city, tmp_path: Path) -> None:
    paths = write_outputs(city, tmp_path / "out")
    names = {p.name for p in paths}
    assert "全市政务数据资源目录清单（可编辑电子版）.xlsx" in names
    assert "全市政务数据资源目录清单（盖章版）.xlsx" in names
    assert "阳泉市政务数据资源目录编制工作督办表.xlsx" in names
    assert all(p.exists() for p in paths)
    # The city-wide editable copy keeps the §6.2 columns first and is read back by the exchange reader.
    copy = tmp_path / "out" / "全市政务数据资源目录清单（可编辑电子版）.xlsx"
    wb = load_workbook(copy)
    header = [c.value for c in wb["数据资源目录"][1]]
    assert header[:19] == ["序号", "事项编码", "事项名称", "目录名称", "资源摘要", "数据领域", "安全级别", "共享类型",
                           "共享条件", "不予共享依据", "共享方式", "网络环境", "更新周期", "信息项名称", "数据类型",
                           "数据长度", "信息项说明", "审核状态", "审核意见"]
    assert header[19:] == ["填报单位", "所属地区"]
    assert wb["_govcat"].sheet_state == "hidden"
    starts = sorted(str(dv.sqref).split(":")[0] for dv in wb["数据资源目录"].data_validations.dataValidation)
    assert starts == ["G2", "H2", "L2"]  # dropdowns on 安全级别, 共享类型, 网络环境
    parsed = transfer.read_copy(copy)
    assert sum(len(m.entries) for m in parsed.matters) == 6
    assert parsed.meta["kind"] == "catalog" and parsed.meta["format"] == "govcat-exchange"
    assert parsed.meta["fingerprint"]  # (appended columns are noted as ignored by a per-unit reader)
    # Only 无条件/有条件 entries go to the province's list.
    supply = load_workbook(tmp_path / "out" / "全市可提供数据资源清单（可编辑电子版）.xlsx")["数据资源目录"]
    shares = {row[7] for row in supply.iter_rows(min_row=2, values_only=True)}
    assert shares == {"无条件共享", "有条件共享"}
    # The supply–demand list names the local provider of 不动产权证书.
    demand = load_workbook(tmp_path / "out" / "全市供需对接清单（可编辑电子版）.xlsx")["共享数据需求"]
    rows = list(demand.iter_rows(min_row=2, values_only=True))
    assert rows[0][17] == "阳泉市民政局" and "阳泉市规划和自然资源局" in rows[0][18]


def test_report_has_native_bar_charts(city, tmp_path: Path) -> None:
    paths = write_outputs(city, tmp_path / "out")
    path = next(p for p in paths if p.name.endswith("工作情况报告.xlsx"))
    wb = load_workbook(path)
    charts = [c for ws in wb.worksheets for c in ws._charts]
    assert len(charts) >= 5
    assert {type(c).__name__ for c in charts} == {"BarChart"}


def test_board_workbook_marks_overdue_units(city, tmp_path: Path) -> None:
    info = city.get_info()
    yesterday = (_dt.date.today() - _dt.timedelta(days=1)).isoformat()
    info.profile.deadline_t1 = info.profile.deadline_t2 = info.profile.deadline_t3 = info.profile.deadline_t4 = yesterday
    city.save_info(info)
    paths = write_outputs(city, tmp_path / "out")
    ws = load_workbook(next(p for p in paths if "督办表" in p.name))["督办表"]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=5) if r[1].value}
    assert {"阳泉市民政局", "盂县公安局", "城区行政审批服务管理局", "阳泉市规划和自然资源局"} <= set(rows)
    # Everything came in after yesterday's deadline: every unit is overdue, in red.
    yu = rows["盂县公安局"]
    assert yu[-1].value == "是" and yu[1].fill.fgColor.rgb.endswith("F8CBAD")
    assert ws.print_title_rows == "$3:$4"
    assert ws.page_setup.orientation == "landscape"


def test_cli_merge_and_report(units, tmp_path: Path, capsys) -> None:
    city = tmp_path / "city.govcat"
    assert main(["new", str(city), "--role", "市大数据局", "--org-name", "阳泉市大数据局", "--org-code",
                 F.BUREAU_USCC, "--region", "阳泉市", "--year", "2026"]) == 0
    folder = units["minzheng"].parent
    (folder / "坏的.govcat").write_bytes(b"junk")
    assert main(["merge", str(city), str(folder)]) == 1
    out = capsys.readouterr().out
    assert "坏的.govcat" in out and "共汇总 4 个文件，跳过 1 个" in out
    assert main(["merge", str(city), str(units["gongan"])]) == 0
    assert main(["merge", str(tmp_path / "没有.govcat"), str(units["gongan"])]) == 2
    assert main(["merge", str(units["gongan"]), str(units["ziran"])]) == 2
    capsys.readouterr()
    assert main(["report", str(city), "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out.split()
    assert len(printed) == 13 and all(Path(p).exists() for p in printed)  # incl. the 目录注册表 and 4 print PDFs
    assert main(["validate", str(city)]) == 0
    assert "supply" not in capsys.readouterr().out  # messages are Chinese; the rule shows as a message
    with ProjectFile.open(city, readonly=True) as store:
        assert store.conn.execute("SELECT count(*) FROM unit").fetchone()[0] == 4


def test_help_stays_light() -> None:
    code = "import sys, govcat_desktop.cli as c; c.build_parser(); print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_text_that_looks_like_a_formula_stays_text(units, bureau, tmp_path: Path) -> None:
    from govcat_desktop.storage.bureau_store import BureauStore

    merge(bureau, [units["gongan"]])
    with bureau.transaction():
        bureau.conn.execute("UPDATE unit_entry SET summary = '=HYPERLINK(\"x\")', name = '<户口&迁移>'")
    assert BureauStore(bureau).units()
    write_outputs(bureau, tmp_path / "out")
    ws = load_workbook(tmp_path / "out" / "全市政务数据资源目录清单（可编辑电子版）.xlsx")["数据资源目录"]
    row = [c for c in ws[2]]
    assert row[4].value == '=HYPERLINK("x")' and row[4].data_type == "s"
    assert row[3].value == "<户口&迁移>"
