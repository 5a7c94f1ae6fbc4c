"""Name heuristics: inferred data types, personal-looking items, suggested data names."""

from __future__ import annotations

import pytest

from govcat_desktop.domain.heuristics import infer_data_type, looks_personal, suggest_data_name, type_mismatch


@pytest.mark.parametrize(
    ("name", "letter"),
    [("登记日期", "D"), ("补贴金额", "Y"), ("是否残疾", "L"), ("办结时间", "T"), ("家庭人口数", "N"), ("姓名", "C")],
)
def test_infer_data_type(name, letter):
    assert infer_data_type(name) == letter


def test_type_mismatch_names_the_expected_type():
    assert type_mismatch("出生日期", "C") == "日期型D或日期时间型T"
    assert type_mismatch("出生日期", "D") is None
    assert type_mismatch("是否有效", "C") == "逻辑型L"
    assert type_mismatch("补助金额", "C") == "货币型Y或数值型N"
    assert type_mismatch("补助金额", "Y") is None
    assert type_mismatch("姓名", "N") is None
    assert type_mismatch("出生日期", "") is None


def test_looks_personal():
    assert looks_personal("申请人身份证号")
    assert looks_personal("手机号码")
    assert not looks_personal("登记机关")


@pytest.mark.parametrize(
    ("matter", "data"),
    [("内地居民结婚登记", "结婚证"), ("内地居民离婚登记", "离婚证"), ("社会团体成立登记", "社会团体成立登记信息"), ("", "")],
)
def test_suggest_data_name(matter, data):
    assert suggest_data_name(matter) == data


@pytest.mark.parametrize("data_type", ["C", "D", "L", "Y", "N", "T", "日期型"])
@pytest.mark.parametrize("name", ["出生日期", "是否有效", "补助金额", "日期", "金额", "是否", "登记日期时间", "日期说明",
                                  "金额（元）", "非是否", "姓名", "发证机关", "是否日期", "应缴金额日期"])
def test_type_rule_filter_lets_every_contradiction_through(name, data_type):
    """The validator asks type_mismatch only for names that pass the cheap filter: none it would flag is skipped."""
    from govcat_desktop.domain.heuristics import TYPE_RULE_ENDS, TYPE_RULE_STARTS

    if type_mismatch(name, data_type) is not None:
        assert name.endswith(TYPE_RULE_ENDS) or name.startswith(TYPE_RULE_STARTS)
