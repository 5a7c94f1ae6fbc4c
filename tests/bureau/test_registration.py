"""目录注册表: national column order from forms/ data, one row per 信息项, accepted units only, re-import."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from openpyxl import load_workbook

from govcat_desktop.cli import main
from govcat_desktop.formspec import default_forms
from govcat_desktop.services.bureau.intake import merge
from govcat_desktop.services.bureau.outputs import write_outputs
from govcat_desktop.services.bureau.review import mark_entry
from govcat_desktop.services.registration import read_registration
from govcat_desktop.storage.bureau_store import BureauStore
from tests import factories as F
from tests.bureau.conftest import civil_affairs, natural_resources

NATIONAL = ("res_class", "res_item", "res_target", "res_detail", "resource_code", "resource_format",
            "resource_subformat", "open_to_public", "open_condition", "publish_date", "related_codes")


def _with_metadata(project, target: str):
    for i, e in enumerate(e for m in project.matters for e in m.entries):
        e.res_class, e.res_item, e.res_target, e.res_detail = "3", "07", target, "001"
        e.resource_code = f"307{target}001/{i + 1:06d}"
        e.resource_format, e.resource_subformat = "数据库", "Oracle"
        e.share_methods = ["批量库表交换"]
        e.open_to_public, e.open_condition, e.publish_date = "否", "", "2026-09-20"
        e.related_codes = "307012001/000009" if i == 0 else ""
    return project


def _national(e) -> dict:
    return {k: getattr(e, k) for k in NATIONAL}


def test_unit_registration_reimports_to_the_same_national_fields(tmp_path: Path, capsys) -> None:
    project = _with_metadata(civil_affairs(), "012")
    path = F.write_project(tmp_path / "民政局.govcat", project)
    assert main(["registration", str(path), "--out", str(tmp_path / "out")]) == 0
    sheet = Path(capsys.readouterr().out.strip())
    ws = load_workbook(sheet)["目录注册表"]
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    spec = [c["header"] for c in default_forms().national["registration"]["columns"]]
    assert header == spec  # the order is data (forms/national.toml)
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    items = sum(len(e.items) for m in project.matters for e in m.entries)
    assert len(rows) == items  # one row per 信息项
    col = header.index("共享方式类型")
    assert {r[col] for r in rows} == {"数据库"}  # 批量库表交换 → 共享平台方式 / 数据库
    assert {r[header.index("信息资源提供方")] for r in rows} == {"阳泉市民政局"}
    back = read_registration(sheet, default_forms())
    expected = [e for m in project.matters for e in m.entries]
    assert [_national(r.entry) for r in back] == [_national(e) for e in expected]
    assert [[i.name for i in r.entry.items] for r in back] == [[i.name for i in e.items] for e in expected]
    assert [i.data_type for i in back[0].entry.items] == [i.data_type for i in expected[0].items]
    # `govcat export --task registration` writes the same sheet
    assert main(["export", str(path), "--out", str(tmp_path / "out2"), "--task", "registration"]) == 0
    again = Path(capsys.readouterr().out.strip())
    assert [_national(r.entry) for r in read_registration(again, default_forms())] == [_national(e) for e in expected]


def test_bureau_sheet_takes_accepted_entries_of_every_unit(tmp_path: Path, bureau) -> None:
    units = {"mz": _with_metadata(civil_affairs(), "012"), "zr": _with_metadata(natural_resources(), "020")}
    paths = [F.write_project(tmp_path / f"{k}.govcat", p) for k, p in units.items()]
    merge(bureau, paths)
    store = BureauStore(bureau)
    entries = list(store.current_entries(with_items=False))
    accepted = [eid for _, eid, _, _, e in entries if e.name in ("养老机构备案信息", "不动产权证书信息")]
    for eid in accepted:
        mark_entry(bureau, eid, "已审核")
    out = write_outputs(bureau, tmp_path / "out")
    sheet = next(p for p in out if "目录注册表" in p.name)
    assert sheet.name.startswith("阳泉市政务数据资源目录注册表")
    back = read_registration(sheet, default_forms())
    assert sorted(r.entry.name for r in back) == ["不动产权证书信息", "养老机构备案信息"]  # 结婚证 not yet accepted
    by_name = {r.entry.name: r for r in back}
    assert by_name["不动产权证书信息"].entry.resource_code == "307020001/000001"
    assert by_name["不动产权证书信息"].provider == "阳泉市规划和自然资源局"
    assert by_name["养老机构备案信息"].provider_code == F.VALID_USCC


def test_a_province_template_is_an_edit(tmp_path: Path) -> None:
    forms = default_forms()
    national = dict(forms.national)
    national["registration"] = {**national["registration"], "sheet": "注册",
                                "columns": [{"header": "资源代码", "source": "resource_code"},
                                            {"header": "资源名称", "source": "name"},
                                            {"header": "信息项", "source": "item.name"}]}
    other = dataclasses.replace(forms, national=national)
    from govcat_desktop.services.registration import registration_rows, unit_entries

    project = _with_metadata(civil_affairs(), "012")
    rows = registration_rows(other, unit_entries(project))
    assert rows[0] == ["307012001/000001", "结婚证", "男方姓名"]


def test_a_sheet_without_its_columns_is_refused_with_file_and_sheet_named(tmp_path: Path) -> None:
    import pytest
    from openpyxl import Workbook

    from govcat_desktop.exchange.errors import ImportRefused

    path = tmp_path / "别的表.xlsx"
    wb = Workbook()
    wb.active.title = "目录注册表"
    wb.active.append(["序号", "名称"])
    wb.save(path)
    with pytest.raises(ImportRefused, match="别的表.xlsx.*目录注册表.*信息资源名称"):
        read_registration(path, default_forms())
    wb.active.title = "Sheet1"
    wb.save(path)
    with pytest.raises(ImportRefused, match="没有工作表“目录注册表”"):
        read_registration(path, default_forms())
