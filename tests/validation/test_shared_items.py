"""A project pass reads each shared info item record once (check_catalog's `reads`): its findings must be exactly
what each entry checked on its own gives — labels, refs, duplicates within an entry, type and personal hints."""

from __future__ import annotations

import pytest

from govcat_desktop.domain.models import InfoItem
from govcat_desktop.validation import Validator
from tests import factories as f


def _one_by_one(validator, project):
    return [x for m in project.matters for e in m.entries for x in validator.check_entry(e, m)]


def _catalog_entries(findings):
    return [x for x in findings if x.kind in ("catalog", "item")]


@pytest.mark.parametrize("distinct_first", [0, 12_000])  # the memo kept throughout, and given up after 10,000
def test_pass_over_shared_items_equals_each_entry_alone(distinct_first):
    validator = Validator()
    date = InfoItem(name="登记日期", data_type="C")  # type contradicts name: a warning on every entry having it
    name = InfoItem(name="姓名", data_type="C")
    phone = InfoItem(name="手机号码", data_type="C")  # personal, on a 1级 entry
    blank = InfoItem(name="", data_type="C")  # no name: an error, labelled by position
    project = f.valid_project()
    entries = []
    if distinct_first:
        many = [InfoItem(name=f"项{i}", data_type="C") for i in range(distinct_first)]
        entries.append(f.entry(name="大目录", items=many))
    entries += [
        f.entry(name="甲", items=[date, name, name]),  # the same record twice in one entry: a duplicate
        f.entry(name="乙", items=[name, date, blank], security_level="1级"),
        f.entry(name="丙", items=[phone, blank, name], security_level="1级"),
        f.entry(name="丁", items=[date, phone]),
    ]
    project.matters[0].entries = entries
    whole = _catalog_entries(validator.validate(project))
    alone = _catalog_entries(_one_by_one(Validator(), project))
    assert whole == alone
    rules = [(x.record, x.rule) for x in whole]
    assert ("甲 / 姓名", "duplicate-item") in rules
    assert ("甲 / 登记日期", "type-name-mismatch") in rules and ("丁 / 登记日期", "type-name-mismatch") in rules
    assert ("乙 / 第3个信息项", "required") in rules and ("丙 / 第2个信息项", "required") in rules
    assert ("丙", "personal-level1") in rules and ("丁", "personal-level1") not in rules
