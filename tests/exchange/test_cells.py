"""Cell readers: the §6.2 variants are read as the stored value, each repair is said, and readers never fail."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govcat_desktop.exchange import cells as C
from govcat_desktop.formspec import default_forms

FORMS = default_forms()
DATA_TYPE = FORMS.vocab("data_type")
LEVEL = FORMS.vocab("security_level")
DOMAIN = FORMS.vocab("domain")
CYCLE = FORMS.vocab("update_cycle")
METHOD = FORMS.vocab("share_method")


@pytest.mark.parametrize("typed", ["字符型C", "C", "字符串型C", "字符型", "c", "ｃ", " 字符型C ", "字符型 C"])
def test_data_type_variants_read_as_C(typed):
    value, _ = C.read_vocab(typed, DATA_TYPE)
    assert value == "C"


def test_data_type_written_form_is_not_a_repair_but_variants_are():
    assert C.read_vocab("字符型C", DATA_TYPE) == ("C", "")
    value, note = C.read_vocab("字符串型C", DATA_TYPE)
    assert value == "C" and "字符型C" in note


@pytest.mark.parametrize("typed", ["1", "1级", "一级", "１", "１级", 1.0, " 1级"])
def test_security_level_variants(typed):
    value, _ = C.read_vocab(typed, LEVEL)
    assert value == "1级"


def test_unknown_vocabulary_text_is_kept_as_typed():
    assert C.read_vocab("五级", LEVEL) == ("五级", "")


@pytest.mark.parametrize(
    "typed",
    ["信息查询接口、信息核验接口", "信息查询接口,信息核验接口", "信息查询接口，信息核验接口", "信息查询接口;信息核验接口",
     "信息查询接口；信息核验接口", "信息查询接口\n信息核验接口", " 信息查询接口 、、 信息核验接口 "],
)
def test_several_values_any_separator(typed):
    values, _ = C.read_multi(typed, METHOD)
    assert values == ["信息查询接口", "信息核验接口"]


def test_written_separator_is_not_a_repair():
    assert C.read_multi("信息查询接口、信息核验接口", METHOD)[1] == ""
    assert C.read_multi("信息查询接口,信息核验接口", METHOD)[1] != ""


def test_other_text_becomes_other_with_warning():
    assert C.read_other("文化旅游", DOMAIN)[:2] == ("其他", "文化旅游")
    assert C.read_other("文化旅游", DOMAIN)[3] is True
    assert C.read_other("每三年", CYCLE)[:2] == ("其他", "每三年")
    assert C.read_other("其他（每三年）", CYCLE)[:2] == ("其他", "每三年")
    assert C.read_other("社会救助", DOMAIN) == ("社会救助", "", "", False)
    assert C.read_other("其他", DOMAIN)[:2] == ("其他", "")


def test_write_other_round_trips():
    for value, other in [("其他", "文化旅游"), ("社会救助", ""), ("其他", ""), ("其他", "社会救助")]:
        written = C.write_other(value, other, DOMAIN)
        assert C.read_other(written, DOMAIN)[:2] == (value, other)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (123.0, "123"),
        ("123.0", "123"),
        (" 11140300MB0001 ", "11140300MB0001"),
        ("１１１４０３００ＭＢ０００１", "11140300MB0001"),
        (1.1e17, "110000000000000000"),
        ("1.1E+17", "110000000000000000"),
        (42, "42"),
    ],
)
def test_codes_normalised_with_a_note(raw, expected):
    value, note = C.read_code(raw)
    assert value == expected
    assert note


def test_long_numeric_code_asks_to_check():
    assert "请核对" in C.read_code(1.1e17)[1]
    assert C.read_code("11140300MB0001") == ("11140300MB0001", "")


def test_dates():
    assert C.read_date(dt.date(2026, 9, 1)) == ("2026-09-01", "")
    assert C.read_date(dt.datetime(2026, 9, 1)) == ("2026-09-01", "")
    assert C.read_date("2026/9/1")[0] == "2026-09-01"
    assert C.read_date("2026年9月1日")[0] == "2026-09-01"
    assert C.read_date("下周")[0] == "下周"


def test_text_trimmed_with_note():
    assert C.read_text("  张三\u3000") == ("张三", "去掉了首尾空格")
    assert C.read_text("张三") == ("张三", "")
    assert C.read_text(None) == ("", "")


def test_display_width_counts_cjk_double():
    assert C.display_width("abc") == 3
    assert C.display_width("结婚证") == 6
    assert C.line_count("结婚证" * 10, 12) == 6
    assert C.line_count("a\nb", 20) == 2


cell_values = st.one_of(
    st.none(), st.text(), st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.booleans(),
    st.dates(), st.datetimes(), st.times(), st.timedeltas(),
)


@settings(max_examples=300, deadline=None)
@given(cell_values)
def test_readers_are_total(value):
    for reader in (C.read_text, C.read_code, C.read_date, C.split_values):
        result, note = reader(value)
        assert isinstance(note, str)
    assert isinstance(C.read_vocab(value, LEVEL)[0], str)
    assert isinstance(C.read_multi(value, METHOD)[0], list)
    assert isinstance(C.read_other(value, DOMAIN)[0], str)
    assert isinstance(C.xml_safe(C.to_text(value)[0]), str)


def test_fast_item_matches_model_construct():
    from govcat_desktop.domain.models import InfoItem
    from govcat_desktop.exchange.catalog_sheet import make_item as _item

    fast, slow = _item({"name": "姓名", "data_type": "C"}), InfoItem.model_construct(name="姓名", data_type="C")
    assert fast == slow and fast.model_dump() == slow.model_dump()
    assert fast.model_fields_set == slow.model_fields_set
    assert fast.model_copy(deep=True) == slow
