"""National metadata warnings: each rule with a breaking and a satisfying case; national fields required only
when the profile says so."""

from __future__ import annotations

import dataclasses

from govcat_desktop.domain.models import Project
from govcat_desktop.formspec import default_forms
from govcat_desktop.validation.engine import Validator
from tests import factories as F


def _rules(entry, forms=None) -> set[str]:
    return {f.rule for f in Validator(forms).check_entry(entry)}


def test_database_shared_as_file_download_is_a_contradiction() -> None:
    bad = F.entry(resource_format="数据库", share_methods=["文件下载交换"])
    good = F.entry(resource_format="数据库", share_methods=["批量库表交换", "信息查询接口"])
    assert "format-share-conflict" in _rules(bad)
    assert "format-share-conflict" not in _rules(good)
    # a file shared through a query interface contradicts too; no format given means nothing to compare
    assert "format-share-conflict" in _rules(F.entry(resource_format="电子文件", share_methods=["信息查询接口"]))
    assert "format-share-conflict" not in _rules(F.entry(resource_format="", share_methods=["文件下载交换"]))


def test_name_that_looks_like_an_it_system() -> None:
    for name in ("婚姻登记管理系统", "社会救助平台", "人口数据库"):
        assert "name-looks-like-system" in _rules(F.entry(name)), name
    for name in ("结婚证", "结婚登记信息", "系统"):  # the bare word is no system name
        assert "name-looks-like-system" not in _rules(F.entry(name)), name


def test_drag_fill_names_on_consecutive_entries() -> None:
    p = F.valid_project("市直部门")
    p.matters = [F.matter("M1", "事项一", entries=[F.entry("结婚证1"), F.entry("结婚证2")]),
                 F.matter("M2", "事项二", entries=[F.entry("离婚证")])]
    found = [f for f in Validator().validate(p) if f.rule == "name-drag-fill"]
    assert [f.record for f in found] == ["结婚证2"]
    # different stems, or one name without a number, are not a drag-fill
    p.matters[0].entries = [F.entry("结婚证1"), F.entry("离婚证2"), F.entry("离婚证"), F.entry("准驾车型C1"),
                            F.entry("准驾车型C2")]  # a letter before the number is a code
    assert not [f for f in Validator().validate(p) if f.rule == "name-drag-fill"]


def test_linked_classification_and_format_type() -> None:
    assert "class-item-unknown" in _rules(F.entry(res_class="1", res_item="09"))  # 基础 has 01–05
    assert "class-item-unknown" not in _rules(F.entry(res_class="1", res_item="05"))
    assert "format-type-mismatch" in _rules(F.entry(resource_format="电子文件", resource_subformat="Oracle"))
    assert "format-type-mismatch" not in _rules(F.entry(resource_format="数据库", resource_subformat="Oracle"))
    assert "class-target-format" in _rules(F.entry(res_target="12"))
    assert "class-target-format" not in _rules(F.entry(res_target="012"))


def test_national_fields_required_only_when_profile_says_so() -> None:
    entry = F.entry()  # no national metadata at all
    assert "national-required" not in _rules(entry)  # default profile: units are not burdened
    forms = default_forms()
    strict = dataclasses.replace(forms, profile={**forms.profile, "national_required": True})
    found = {f.field for f in Validator(strict).check_entry(entry) if f.rule == "national-required"}
    assert {"res_class", "res_item", "resource_code", "resource_format", "resource_subformat", "open_to_public"} == found
    full = F.entry(res_class="3", res_item="07", resource_code="307001001/000001", resource_format="数据库",
                   resource_subformat="Oracle", open_to_public="否", share_methods=["批量库表交换"])
    assert "national-required" not in {f.rule for f in Validator(strict).check_entry(full)}


def test_shipped_profile_leaves_national_fields_optional() -> None:
    assert default_forms().profile.get("national_required") is False
    assert isinstance(Project(), Project)
