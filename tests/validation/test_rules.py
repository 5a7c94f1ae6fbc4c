"""Every SPEC §4 rule: a record that breaks it, and one that satisfies it."""

from __future__ import annotations

import pytest

from govcat_desktop.domain.models import InfoItem, Project
from govcat_desktop.validation import Validator
from tests import factories as f


@pytest.fixture(scope="module")
def validator():
    return Validator()


def rules_of(findings, severity=None):
    return {(x.rule, x.field) for x in findings if severity is None or x.severity == severity}


def test_complete_project_has_no_errors_and_no_warnings(validator):
    for role in ("市直部门", "县（区）主管机构", "县（区）部门"):
        findings = validator.validate(f.valid_project(role))
        assert findings == [], (role, findings)


def _with_entry(**changes) -> Project:
    p = f.valid_project()
    p.matters[0].entries[0] = f.entry(**changes)
    return p


# ---- required and conditionally required -------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"summary": "  "}, "summary"),
        ({"domain": ""}, "domain"),
        ({"security_level": ""}, "security_level"),
        ({"share_type": ""}, "share_type"),
        ({"network": ""}, "network"),
        ({"update_cycle": ""}, "update_cycle"),
        ({"items": []}, "items"),
        ({"domain": "其他", "domain_other": ""}, "domain_other"),
        ({"update_cycle": "其他", "update_cycle_other": ""}, "update_cycle_other"),
        ({"share_type": "有条件共享", "share_condition": ""}, "share_condition"),
        ({"share_type": "不予共享", "share_methods": [], "no_share_basis": ""}, "no_share_basis"),
        ({"share_type": "无条件共享", "security_level": "2级", "share_methods": []}, "share_methods"),
        ({"review_status": "退回", "review_note": ""}, "review_note"),
    ],
)
def test_catalog_required(validator, changes, field):
    findings = validator.validate(_with_entry(**changes))
    assert ("required", field) in rules_of(findings, "error")
    message = next(x.message for x in findings if x.field == field)
    assert "请" in message


@pytest.mark.parametrize(
    "changes",
    [
        {"domain": "其他", "domain_other": "文化旅游"},
        {"update_cycle": "其他", "update_cycle_other": "每三年"},
        {"share_type": "不予共享", "share_methods": [], "no_share_basis": "《中华人民共和国统计法》第三十九条"},
        {"review_status": "退回", "review_note": "请补充信息项"},
    ],
)
def test_catalog_conditions_satisfied(validator, changes):
    assert [x for x in validator.validate(_with_entry(**changes)) if x.is_error] == []


def test_item_required_and_length(validator):
    p = _with_entry(items=[InfoItem(name="", data_type="C"), InfoItem(name="姓名", data_type="", length="0")])
    found = rules_of(validator.validate(p), "error")
    assert ("required", "name") in found
    assert ("required", "data_type") in found
    assert ("length-positive", "length") in found
    ok = _with_entry(items=[InfoItem(name="姓名", data_type="C", length="20")])
    assert not [x for x in validator.validate(ok) if x.kind == "item"]


def test_item_record_names_entry_and_item(validator):
    p = _with_entry(items=[InfoItem(name="登记日期", data_type="X")])
    finding = next(x for x in validator.validate(p) if x.kind == "item")
    assert finding.record == "结婚证 / 登记日期"
    assert finding.ref[0] == "item"


# ---- vocabularies --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"domain": "文化"}, "domain"),
        ({"security_level": "5级"}, "security_level"),
        ({"share_type": "部分共享"}, "share_type"),
        ({"update_cycle": "每两天"}, "update_cycle"),
        ({"share_methods": ["邮件"]}, "share_methods"),
        ({"review_status": "通过"}, "review_status"),
    ],
)
def test_catalog_vocabulary(validator, changes, field):
    findings = validator.validate(_with_entry(**changes))
    assert ("vocabulary", field) in rules_of(findings, "error")


def test_open_vocabulary_accepts_other_text(validator):
    assert not validator.validate(_with_entry(network="视频专网"))


def test_data_type_vocabulary(validator):
    p = _with_entry(items=[InfoItem(name="姓名", data_type="字符串")])
    assert ("vocabulary", "data_type") in rules_of(validator.validate(p), "error")


# ---- project, contacts, mechanism -------------------------------------------------------------
def test_uscc_check_digit(validator):
    p = f.valid_project()
    p.info.org_code = "11511301008778183X"
    finding = next(x for x in validator.validate(p) if x.rule == "uscc-check")
    assert finding.severity == "error" and "第18位" in finding.message


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [("office_phone", "2021234", "phone-format"), ("mobile", "12345678901", "mobile-format"), ("email", "wang@", "email-format"), ("name", "", "required")],
)
def test_contact_formats(validator, field, value, rule):
    p = f.valid_project()
    setattr(p.contacts.contact, field, value)
    findings = [x for x in validator.validate(p) if x.kind == "contacts"]
    assert [(x.rule, x.field, x.ref) for x in findings] == [(rule, field, ("contacts", "contact"))]
    assert findings[0].record.startswith("联系人")


def test_contacts_record_names_the_person(validator):
    p = f.valid_project()
    p.contacts.leader.mobile = "1380353"
    finding = next(x for x in validator.validate(p) if x.kind == "contacts")
    assert finding.record == "负责人 王建国"


def test_mechanism_required_for_county_lead_only(validator):
    county = f.valid_project("县（区）主管机构")
    county.mechanism.lead_agency = ""
    assert ("required", "lead_agency") in rules_of(validator.validate(county), "error")
    city = f.valid_project("市直部门")
    city.mechanism.lead_agency = ""
    assert not [x for x in validator.validate(city) if x.kind == "mechanism"]


def test_contacts_not_required_from_county_department_until_filled(validator):
    p = f.valid_project("县（区）部门")
    p.contacts = type(p.contacts)()
    assert not [x for x in validator.validate(p) if x.kind == "contacts"]
    p.contacts.leader.name = "张三"
    assert [x for x in validator.validate(p) if x.kind == "contacts"]


def test_unknown_role_and_region(validator):
    p = f.valid_project()
    p.info.role = "市局"
    p.info.region = "太原市"
    assert {("vocabulary", "role"), ("vocabulary", "region")} <= rules_of(validator.validate(p), "error")


# ---- cross-record errors --------------------------------------------------------------------------
def test_duplicate_matter_code(validator):
    p = f.valid_project()
    p.matters.append(f.matter(code=p.matters[0].code, name="内地居民离婚登记", entries=[f.entry("离婚证")]))
    dup = [x for x in validator.validate(p) if x.rule == "duplicate-matter-code"]
    assert len(dup) == 1 and dup[0].record == "内地居民离婚登记"
    p.matters[1].code = "11140300MB0002"
    assert not [x for x in validator.validate(p) if x.rule == "duplicate-matter-code"]


def test_duplicate_item_name(validator):
    p = _with_entry(items=[InfoItem(name="姓名", data_type="C"), InfoItem(name="姓名 ", data_type="C")])
    dup = [x for x in validator.validate(p) if x.rule == "duplicate-item"]
    assert len(dup) == 1 and dup[0].ref == ("item", None, 1)


def test_no_share_with_methods(validator):
    p = _with_entry(share_type="不予共享", no_share_basis="《中华人民共和国统计法》第三十九条", share_methods=["信息查询接口"])
    assert ("noshare-with-methods", "share_methods") in rules_of(validator.validate(p), "error")


def test_approved_demand_reason(validator):
    p = f.valid_project()
    p.demands[0] = f.demand(applied="已申请已通过", reject_reason="已通过")
    assert ("approved-reason", "reject_reason") in rules_of(validator.validate(p), "error")
    p.demands[0] = f.demand(applied="已申请已通过", reject_reason="申请已通过")
    assert not validator.validate(p)


def test_rejected_demand_needs_reason(validator):
    p = f.valid_project()
    p.demands[0] = f.demand(applied="已申请被驳回")
    assert ("required", "reject_reason") in rules_of(validator.validate(p), "error")


def test_demand_without_provider_catalog(validator):
    p = f.valid_project()
    p.demands[0] = f.demand(has_provider_catalog="否", catalog_name="")
    found = rules_of(validator.validate(p), "error")
    assert {("required", "data_name"), ("required", "source_basis")} <= found
    p.demands[0] = f.demand(has_provider_catalog="否", catalog_name="", data_name="结婚证", source_basis="《婚姻登记条例》第三条")
    assert not validator.validate(p)


def test_demand_record_names_provider_and_data(validator):
    p = f.valid_project()
    p.demands[0] = f.demand(usage=[])
    finding = next(x for x in validator.validate(p) if x.kind == "demand")
    assert finding.record == "公安部 / 居民身份证信息"


@pytest.mark.parametrize(
    ("changes", "rule_field"),
    [
        ({"decision": ""}, ("required", "decision")),
        ({"decision": "同意", "matched_entry": ""}, ("required", "matched_entry")),
        ({"decision": "部分同意", "reason": ""}, ("required", "reason")),
        ({"decision": "不同意", "matched_entry": "", "reason": ""}, ("required", "reason")),
        ({"decision": "驳回"}, ("vocabulary", "decision")),
    ],
)
def test_review_rules(validator, changes, rule_field):
    p = f.valid_project()
    p.reviews[0] = f.review(**changes)
    assert rule_field in rules_of(validator.validate(p), "error")


def test_refusal_should_cite_a_law(validator):
    p = f.valid_project()
    p.reviews[0] = f.review(decision="不同意", matched_entry="", reason="涉及隐私")
    assert ("refuse-basis-cite", "reason") in rules_of(validator.validate(p), "warning")
    p.reviews[0] = f.review(decision="不同意", matched_entry="", reason="依据《中华人民共和国个人信息保护法》第十三条")
    assert not validator.validate(p)


# ---- warnings --------------------------------------------------------------------------------------
def test_level4_and_level3_unconditional(validator):
    four = rules_of(validator.validate(_with_entry(security_level="4级", share_type="无条件共享")), "warning")
    three = rules_of(validator.validate(_with_entry(security_level="3级", share_type="无条件共享")), "warning")
    assert ("level4-unconditional", "share_type") in four
    assert ("level3-unconditional", "share_type") in three
    assert not validator.validate(_with_entry(security_level="2级", share_type="无条件共享"))


def test_personal_items_in_level1(validator):
    items = [InfoItem(name="申请人身份证号", data_type="C"), InfoItem(name="住址", data_type="C")]
    found = validator.validate(_with_entry(security_level="1级", share_type="无条件共享", items=items))
    personal = [x for x in found if x.rule == "personal-level1"]
    assert len(personal) == 1 and "申请人身份证号" in personal[0].message
    assert not validator.validate(_with_entry(security_level="3级", items=items))


@pytest.mark.parametrize(("name", "data_type"), [("登记日期", "C"), ("是否有效", "C"), ("补贴金额", "C")])
def test_type_contradicts_name(validator, name, data_type):
    found = validator.validate(_with_entry(items=[InfoItem(name=name, data_type=data_type)]))
    assert ("type-name-mismatch", "data_type") in rules_of(found, "warning")


def test_type_matches_name(validator):
    items = [InfoItem(name="登记日期", data_type="D"), InfoItem(name="是否有效", data_type="L"), InfoItem(name="补贴金额", data_type="Y")]
    assert not validator.validate(_with_entry(items=items))


def test_same_name_in_two_matters_with_different_items(validator):
    p = f.valid_project()
    other = f.entry(items=[InfoItem(name="男方姓名", data_type="C"), InfoItem(name="持证人", data_type="C")])
    p.matters.append(f.matter(code="11140300MB0009", name="补领结婚证", entries=[other]))
    warn = [x for x in validator.validate(p) if x.rule == "same-name-different-items"]
    assert len(warn) == 1 and "补领结婚证" in warn[0].message and "持证人" in warn[0].message
    p.matters[1].entries[0] = f.entry()
    assert not [x for x in validator.validate(p) if x.rule == "same-name-different-items"]


@pytest.mark.parametrize("basis", ["涉及个人隐私", "《中华人民共和国统计法》", "第三十九条"])
def test_no_share_basis_must_cite_law_and_article(validator, basis):
    found = validator.validate(_with_entry(share_type="不予共享", share_methods=[], no_share_basis=basis))
    assert ("law-citation", "no_share_basis") in rules_of(found, "warning")


def test_matter_without_entry(validator):
    p = f.valid_project()
    p.matters.append(f.matter(code="11140300MB0003", name="收养登记", entries=[]))
    warn = [x for x in validator.validate(p) if x.rule == "matter-no-entry"]
    assert [(w.record, w.severity) for w in warn] == [("收养登记", "warning")]


def test_new_project_says_what_is_missing(validator):
    p = Project(info=f.info())
    found = validator.validate(p)
    assert ("no-matters", "") in rules_of(found, "warning")
    assert ("required", "name") in rules_of(found, "error")


def test_every_finding_is_in_chinese_and_complete(validator):
    p = Project(info=f.info())
    p.matters.append(f.matter(entries=[f.entry(name="", items=[InfoItem()])]))
    for x in validator.validate(p):
        assert x.severity in ("error", "warning")
        assert x.kind in ("project", "contacts", "mechanism", "matter", "catalog", "item", "demand", "review")
        assert x.rule and x.record
        assert any("\u4e00" <= ch <= "\u9fff" for ch in x.message)


@pytest.mark.parametrize("typed", ["zw", "ZWWW", "政务", "网"])
def test_network_typed_letters_or_a_stray_word_is_an_error(validator, typed):
    """网络环境 is an open list, but "zw" (pinyin letters left in the field) was accepted without a word."""
    findings = [x for x in validator.validate(_with_entry(network=typed)) if x.field == "network"]
    assert [(x.severity, x.rule) for x in findings] == [("error", "network-name")]
    assert f"网络环境“{typed}”不是网络的名称" in findings[0].message


@pytest.mark.parametrize("named", ["互联网", "政务外网", "部门专网", "电子政务内网", "公安专网（视频）"])
def test_network_of_the_list_or_named_is_accepted(validator, named):
    assert [x for x in validator.validate(_with_entry(network=named)) if x.field == "network"] == []


def test_the_region_reminder_of_the_bureau_names_the_bureau(validator):
    """For 市大数据局 the region error said only 市直部门选本市."""
    p = f.valid_project("市直部门")
    p.info.role = "市大数据局"
    p.info.region = ""
    [finding] = [x for x in validator.validate(p) if x.field == "region"]
    assert "市大数据局选本市" in finding.message
