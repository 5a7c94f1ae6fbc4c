"""Forms as data: the bundled forms load and bind; broken form files name the file and entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govcat_desktop.domain import models
from govcat_desktop.formspec import FormSpecError, load_forms
from govcat_desktop.paths import forms_dir

SPEC_KEYS = {
    "project": {"role", "org_name", "org_code", "region", "parent"},
    "person": {"name", "title", "office_phone", "mobile", "email"},
    "mechanism": {"lead_agency", "duties", "mechanism", "catalog_lead_name", "catalog_lead_phone", "contact_name", "contact_phone"},
    "matter": {"code", "name", "kind", "dept"},
    "catalog": {
        "name", "summary", "domain", "domain_other", "security_level", "share_type", "share_condition",
        "no_share_basis", "share_methods", "network", "update_cycle", "update_cycle_other", "items",
        "review_status", "review_note",
    },
    "item": {"name", "data_type", "length", "note"},
    "demand": {
        "provider_level", "provider", "has_provider_catalog", "catalog_name", "data_name", "source_basis", "items",
        "matter_code", "usage", "usage_detail", "in_state_lists", "share_method", "update_cycle",
        "update_cycle_other", "applied", "reject_reason",
    },
    "review": {"requester", "data_name", "items", "usage", "share_method", "decision", "matched_entry", "provide_items", "reason"},
}


@pytest.fixture
def forms():
    return load_forms(forms_dir())


def test_every_spec_field_has_a_form_field_with_label_and_help(forms):
    for form_key, keys in SPEC_KEYS.items():
        form = forms[form_key]
        present = {f.key for f in form.fields}
        assert keys <= present, (form_key, keys - present)
        for f in form.fields:
            assert f.label and f.help, (form_key, f.key)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in f.label)


def test_every_field_binds_to_the_domain_model(forms):
    for form in forms.forms.values():
        fields = getattr(models, form.model).model_fields
        for f in form.fields:
            assert f.key in fields


def test_spec_vocabularies(forms):
    assert forms.vocab("share_type").value_list == ["无条件共享", "有条件共享", "不予共享"]
    assert len(forms.vocab("domain").value_list) == 23
    assert forms.vocab("data_type").label_of("C") == "字符型C"
    assert forms.vocab("data_type").canonical("字符串型C") == "C"
    assert forms.vocab("security_level").canonical("一级") == "1级"
    assert forms.vocab("region").value_list == ["阳泉市", "城区", "矿区", "郊区", "平定县", "盂县"]
    assert forms.vocab("network").open


def test_notice_help_text_is_used(forms):
    assert "居民身份证信息" in forms["item"].field("name").help
    assert "申请已通过" in forms["demand"].field("applied").help


def test_conditions(forms):
    cond = forms["catalog"].field("share_condition")
    assert cond.is_required(models.CatalogEntry(share_type="有条件共享"))
    assert not cond.is_required(models.CatalogEntry(share_type="无条件共享"))
    assert not cond.is_visible(models.CatalogEntry(share_type="无条件共享"))
    methods = forms["catalog"].field("share_methods")
    assert methods.is_required(models.CatalogEntry(share_type="有条件共享"))
    assert not methods.is_required(models.CatalogEntry(share_type="不予共享"))


def _copy_forms(tmp_path: Path) -> Path:
    target = tmp_path / "forms"
    shutil.copytree(forms_dir(), target)
    return target


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("catalog.toml", 'key = "summary"', 'key = "summery"', ["catalog.toml", "summery"]),
        ("catalog.toml", 'vocabulary = "share_type"', 'vocabulary = "share_kind"', ["catalog.toml", "share_kind"]),
        ("demand.toml", 'required_when = { applied =', 'required_when = { applyed =', ["demand.toml", "applyed"]),
        ("item.toml", 'widget = "choice"', 'widget = "spinner"', ["item.toml", "spinner"]),
        ("matter.toml", 'model = "Matter"', 'model = "Mater"', ["matter.toml", "Mater"]),
        ("catalog.toml", 'severity = "warning"', 'severity = "fatal"', ["catalog.toml", "severity"]),
        ("person.toml", '[[field]]\nkey = "title"', '[[field]\nkey = "title"', ["person.toml"]),
    ],
)
def test_broken_form_file_names_file_and_entry(tmp_path, file, old, new, expected):
    folder = _copy_forms(tmp_path)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FormSpecError) as info:
        load_forms(folder)
    for part in expected:
        assert part in str(info.value)


def test_missing_form_is_refused(tmp_path):
    folder = _copy_forms(tmp_path)
    (folder / "review.toml").unlink()
    with pytest.raises(FormSpecError, match="review"):
        load_forms(folder)


def test_a_new_vocabulary_value_needs_no_code_change(tmp_path):
    folder = _copy_forms(tmp_path)
    path = folder / "vocabularies.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"新冠疫苗", "其他"', '"新冠疫苗", "文化旅游", "其他"'), encoding="utf-8")
    forms = load_forms(folder)
    assert "文化旅游" in forms.vocab("domain")
