"""Text read from files is text (domain.text) and names derived from file names fit (domain.filenames.fit_name)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govcat_desktop.domain.filenames import MAX_NAME_BYTES, fit_name
from govcat_desktop.domain.text import hidden_chars, name_problem, visible


def test_hidden_characters_become_ascii_marks() -> None:
    assert visible("阳泉\x1b[2J市\u202e局\r\n") == "阳泉[U+001B][2J市[U+202E]局[U+000D][U+000A]"
    assert visible("第一行\n第二行", keep="\n") == "第一行\n第二行"
    assert visible("阳泉市民政局") == "阳泉市民政局"
    assert hidden_chars("a\x07b\x07\u200b") == ["\x07", "\u200b"]


def test_a_name_with_hidden_characters_is_refused_with_them_shown() -> None:
    reason = name_problem("填报单位名称", "阳泉市\x1b公安局")
    assert "[U+001B]" in reason and "\x1b" not in reason
    assert name_problem("填报单位名称", "阳泉市公安局（城区）") == ""


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=300), st.sampled_from(["-20260920-120000.govcat-journal", ".part", ".partial.pdf"]))
def test_fit_name_stays_within_a_component(stem: str, tail: str) -> None:
    name = fit_name(stem, tail)
    assert len(name.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES and name.endswith(tail)


def test_fit_name_keeps_two_long_names_apart() -> None:
    a, b = fit_name("很长的名称" * 30 + "甲", ".govcat"), fit_name("很长的名称" * 30 + "乙", ".govcat")
    assert a != b and len(a.encode()) <= MAX_NAME_BYTES
    assert fit_name("短名", ".govcat") == "短名.govcat"
