"""Roles, their tasks and the record kinds come from forms/roles.toml, and every reader agrees with it."""

from __future__ import annotations

from govcat_desktop.domain.roles import duties
from govcat_desktop.exchange import layout as L
from govcat_desktop.formspec import default_forms
from govcat_desktop.validation.findings import Finding


def test_the_notice_s_duties():
    d = duties()
    assert d.tasks == {"T1": "报送工作联系人", "T2": "报送体制机制情况", "T3": "编报数据资源目录", "T4": "供需对接"}
    assert {r.name: r.tasks for r in d.roles.values()} == {
        "市直部门": ("T1", "T3", "T4"), "县（区）主管机构": ("T2", "T3", "T4"),
        "县（区）部门": ("T3", "T4"), "市大数据局": ("T4",)}
    assert d.export_kinds("市直部门") == ("contacts", "catalog", "demand", "review")
    assert d.export_kinds("县（区）主管机构") == ("mechanism", "catalog", "demand", "review")
    assert d.export_kinds("市大数据局") == ("demand", "review")
    assert d.export_kinds("不存在的类型") == ("contacts", "mechanism", "catalog", "demand", "review")


def test_readers_use_the_same_table():
    assert default_forms().tasks == duties().tasks
    assert L.KIND_LABEL["catalog"] == "政务数据资源目录" and L.KIND_LABEL["matters"] == "政务服务事项"
    assert Finding("error", "item", "", "", "r", "m").task == "T3"
    shorts = [k.short for k in duties().kinds.values() if k.short]
    assert len(shorts) == len(set(shorts))  # feedback workbooks are read back by these names
