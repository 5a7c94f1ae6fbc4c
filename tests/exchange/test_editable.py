"""The editable copy keeps the SPEC §6.2 contract: sheets, headers, _govcat, text cells, dropdowns, no formulas."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from govcat_desktop.services.transfer import export_task

# Headers copied by hand from SPEC §6.2.
SPEC_HEADERS = {
    "服务事项": "序号 | 事项编码 | 事项名称 | 事项类型 | 实施部门",
    "数据资源目录": "序号 | 事项编码 | 事项名称 | 目录名称 | 资源摘要 | 数据领域 | 安全级别 | 共享类型 | 共享条件 | "
    "不予共享依据 | 共享方式 | 网络环境 | 更新周期 | 信息项名称 | 数据类型 | 数据长度 | 信息项说明 | 审核状态 | 审核意见",
    "共享数据需求": "序号 | 数据提供方层级 | 数据提供部门 | 提供方已有目录 | 需求目录名称 | 数据名称 | 数据来源依据 | "
    "信息项名称 | 关联事项编码 | 关联事项名称 | 应用场景 | 应用描述 | 是否在国办前三批共享责任清单 | 共享方式 | 更新频率 | 是否已申请 | 驳回理由",
    "需求审核确认": "序号 | 需求方 | 需求数据名称 | 需求信息项 | 应用场景 | 共享方式 | 审核结论 | 对应本部门目录 | 可提供信息项 | 理由",
    "工作联系表": "角色 | 姓名 | 职务 | 办公电话 | 手机 | 邮箱",
    "体制机制情况": "项目 | 内容",
}
META_KEYS = ["format", "format_version", "kind", "org_name", "org_code", "region", "exported_at", "spec_version", "fingerprint",
             "print_pages"]
DAY = dt.date(2026, 9, 20)


def _editable(session, tmp_path, task):
    paths = export_task(session, task, tmp_path / "out", today=DAY)
    return [p for p in paths if "可编辑版" in p.name][0]


@pytest.mark.parametrize(
    ("task", "sheets"),
    [("catalog", ["数据资源目录", "服务事项"]), ("demand", ["共享数据需求"]), ("review", ["需求审核确认"]),
     ("contacts", ["工作联系表"]), ("mechanism", ["体制机制情况"])],
)
def test_sheets_headers_and_meta(session, tmp_path, task, sheets):
    path = _editable(session, tmp_path, task)
    wb = openpyxl.load_workbook(path)
    assert [n for n in wb.sheetnames if n != "_lists"] == sheets + ["_govcat"]
    if "_lists" in wb.sheetnames:  # long dropdown lists and the 格式类型 lists live on a hidden sheet
        assert wb.sheetnames[-2:] == ["_lists", "_govcat"] and wb["_lists"].sheet_state == "hidden"
    for name in sheets:
        headers = [c.value for c in wb[name][1]]
        expected = SPEC_HEADERS[name].split(" | ")
        assert headers[: len(expected)] == expected
        assert not wb[name].merged_cells.ranges
    meta_ws = wb["_govcat"]
    assert meta_ws.sheet_state == "hidden"
    meta = {r[0].value: r[1].value for r in meta_ws.iter_rows(min_row=2)}
    # the §6.2 keys, then (a catalog, issue 22) the unit's version number of this export
    assert list(meta) == META_KEYS + (["version"] if task == "catalog" else [])
    assert meta["format"] == "govcat-exchange" and meta["format_version"] == "1" and meta["kind"] == task
    assert meta["org_name"] == "阳泉市民政局" and meta["org_code"] == "11511301008778183N"
    assert len(meta["fingerprint"]) == 9 and meta["fingerprint"][4] == "-"


def test_file_names_tell_unit_form_kind_and_date(session, tmp_path):
    names = [p.name for p in export_task(session, "catalog", tmp_path, today=DAY)]
    assert names == ["阳泉市民政局_政务数据资源目录_盖章版_20260920.xlsx", "阳泉市民政局_政务数据资源目录_盖章版_20260920.pdf",
                     "阳泉市民政局_政务数据资源目录_可编辑版_20260920.xlsx"]


def test_every_cell_is_text_and_no_formula(session, tmp_path):
    path = _editable(session, tmp_path, "catalog")
    ws = openpyxl.load_workbook(path)["数据资源目录"]
    values = []
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.value is not None:
                assert cell.data_type == "s", cell.coordinate
                assert cell.number_format == "@", cell.coordinate
                values.append(cell.value)
    assert "=收养登记证信息，+含 -号 @符号\n第二行" in values
    assert "=SUM(A1)" in values
    raw = openpyxl.load_workbook(path, data_only=False)
    assert not any(c.data_type == "f" for ws in raw for row in ws.iter_rows() for c in row)


def test_one_row_per_item_entry_columns_repeated(session, tmp_path):
    ws = openpyxl.load_workbook(_editable(session, tmp_path, "catalog"))["数据资源目录"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    # 结婚证 has 4 items, 收养登记证 2, 收养档案 none (one row with empty item columns)
    assert len(rows) == 4 + 2 + 1
    assert {r[3] for r in rows[:4]} == {"结婚证"} and {r[0] for r in rows[:4]} == {"1"}
    assert [r[13] for r in rows[:4]] == ["男方姓名", "女方姓名", "登记日期", "结婚证字号"]
    assert rows[0][14] == "字符型C" and rows[2][14] == "日期型D"
    assert rows[4][5] == "文化旅游" and rows[4][12] == "每三年" and rows[4][6] == "4级"
    assert rows[6][3] == "收养档案" and rows[6][13] is None
    # the optional national metadata rides after the contract columns
    headers = [c.value for c in ws[1]]
    assert headers[19:21] == ["信息资源代码", "信息资源格式"]
    assert rows[4][19] == "307001001/000123"


def test_dropdowns_on_vocabulary_columns(session, tmp_path):
    ws = openpyxl.load_workbook(_editable(session, tmp_path, "catalog"))["数据资源目录"]
    by_column = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            by_column[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    assert by_column["G"].formula1 == '"1级,2级,3级,4级"'
    assert "字符型C" in by_column["O"].formula1
    assert "无条件共享" in by_column["H"].formula1
    for letter in "FKLMR":
        assert letter in by_column


def test_blank_template_has_help_in_header_comments(session, tmp_path):
    paths = export_task(session, "catalog", tmp_path, blank=True, today=DAY)
    assert [p.name for p in paths] == ["阳泉市民政局_政务数据资源目录_空白模板_20260920.xlsx"]
    wb = openpyxl.load_workbook(paths[0])
    ws = wb["数据资源目录"]
    assert ws.max_row == 1
    comments = {c.value: c.comment.text for c in ws[1] if c.comment}
    assert "办理结婚登记" in comments["目录名称"]
    assert "字符型C" in comments["数据类型"]
    assert "多个取值" in comments["共享方式"]
    meta = {r[0].value: r[1].value for r in wb["_govcat"].iter_rows(min_row=2)}
    assert meta["kind"] == "catalog" and not meta["fingerprint"]


def test_blank_mechanism_template_lists_its_items(session, tmp_path):
    path = export_task(session, "mechanism", tmp_path, blank=True, today=DAY)[0]
    ws = openpyxl.load_workbook(path)["体制机制情况"]
    labels = [r[0].value for r in ws.iter_rows(min_row=2)]
    assert labels == ["县（区）", "主管机构", "职责", "工作机制", "目录编制负责人", "负责人电话", "联系人", "联系人电话"]
    assert ws["B2"].value == "城区"
    assert ws["A3"].comment is not None


class _CancelAfter:
    """A notifier that lets `calls` progress reports through, then asks to stop."""

    def __init__(self, calls: int) -> None:
        self.calls = calls

    def info(self, message: str) -> None:
        pass

    def warning(self, message: str) -> None:
        pass

    def progress(self, done: int, total: int, label: str = "") -> bool:
        self.calls -= 1
        return self.calls >= 0


def test_cancel_in_the_middle_of_a_big_sheet_leaves_no_file(tmp_path):
    from govcat_desktop.domain.models import InfoItem
    from govcat_desktop.services.session import Session
    from govcat_desktop.services.transfer import Cancelled
    from tests import factories as f

    project = f.valid_project()
    project.matters[0].entries[0].items = [InfoItem(name=f"信息项{i}", data_type="C") for i in range(4500)]
    session = Session.open(f.write_project(tmp_path / "big.govcat", project), readonly=True)
    out = tmp_path / "out"
    try:
        with pytest.raises(Cancelled):
            export_task(session, "catalog", out, notifier=_CancelAfter(2))  # 1 before the file, 1 at row 2000
    finally:
        session.close()
    assert list(out.iterdir()) == []
