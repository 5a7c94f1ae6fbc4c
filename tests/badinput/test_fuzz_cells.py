"""Hypothesis fuzzing of the cell-value readers: total, typed, idempotent, bounded notes, vocabularies found."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govcat_desktop.exchange import cells as C
from govcat_desktop.exchange.notes import Note
from govcat_desktop.formspec import default_forms

FORMS = default_forms()
VOCABS = {name: FORMS.vocab(name) for name in ("data_type", "security_level", "domain", "update_cycle", "share_method")}
SPACES = " \t\r\n\u3000\u00a0\ufeff\u200b"
FULLWIDTH_ASCII = re.compile("[\uff01-\uff5e]")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
SEPARATORS = "、,，;；\r\n"

# Anything a spreadsheet library can hand over, with the awkward corners weighted in.
awkward_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list(SPACES + SEPARATORS + "\x00\x01\x07\x1b\ufffe\uffff＝＋－１２Ａａ（）：其他")),
    ),
    max_size=200,
)
cell_values = st.one_of(
    st.none(), st.booleans(), awkward_text, st.text(max_size=5000),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.floats(min_value=-1e25, max_value=1e25),
    st.dates(), st.datetimes(), st.times(), st.timedeltas(),
    st.builds(lambda d: f"{d.year}/{d.month}/{d.day}", st.dates()),
    st.builds(lambda d: f"{d.year}年{d.month}月{d.day}日", st.dates()),
    st.builds(lambda n: f"{n:.6E}", st.integers(min_value=0, max_value=10**20)),
)
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _note_is_bounded(note: str) -> None:
    assert isinstance(note, str)
    assert len(str(Note("文件.xlsx", "工作表", "A1", note))) <= 400  # what the clerk reads stays short


@FUZZ
@given(cell_values)
def test_read_text_is_total_trimmed_and_idempotent(value: object) -> None:
    out, note = C.read_text(value)
    assert isinstance(out, str)
    _note_is_bounded(note)
    assert out == out.strip(SPACES)
    again, again_note = C.read_text(out)
    assert again == out and again_note == ""


@FUZZ
@given(cell_values)
def test_read_code_is_half_width_and_idempotent(value: object) -> None:
    out, note = C.read_code(value)
    assert isinstance(out, str)
    _note_is_bounded(note)
    assert not FULLWIDTH_ASCII.search(out), out
    assert out == out.strip(SPACES)
    assert C.read_code(out)[0] == out


@FUZZ
@given(cell_values)
def test_read_date_gives_real_dates(value: object) -> None:
    out, note = C.read_date(value)
    assert isinstance(out, str)
    _note_is_bounded(note)
    match = ISO_DATE.match(out)
    if match:
        dt.date(int(match[1]), int(match[2]), int(match[3]))  # an ISO-looking result is a real day
    if isinstance(value, (dt.date, dt.datetime)):
        day = value.date() if isinstance(value, dt.datetime) else value
        assert out == day.isoformat()


@FUZZ
@given(cell_values)
def test_split_values_parts_are_clean_and_in_order(value: object) -> None:
    parts, note = C.split_values(value)
    _note_is_bounded(note)
    text = C.to_text(value)[0]
    position = 0
    for part in parts:
        assert part and part == part.strip(SPACES)
        assert not any(sep in part for sep in "、,，;；\r\n")
        found = text.find(part, position)
        assert found >= 0, (part, text)
        position = found + len(part)


@FUZZ
@given(cell_values, st.sampled_from(sorted(VOCABS)))
def test_vocabulary_readers_are_total(value: object, name: str) -> None:
    vocab = VOCABS[name]
    out, note = C.read_vocab(value, vocab)
    assert isinstance(out, str)
    _note_is_bounded(note)
    many, note = C.read_multi(value, vocab)
    assert all(isinstance(v, str) for v in many) and len(many) == len(C.split_values(value)[0])
    _note_is_bounded(note)
    if vocab.other:
        chosen, other, note, warn = C.read_other(value, vocab)
        _note_is_bounded(note)
        assert isinstance(warn, bool)
        if not C.read_text(value)[0]:
            assert (chosen, other, warn) == ("", "", False)
        elif warn:
            assert chosen == vocab.other and other  # unknown text is kept as 其他 + that text, and said so


@FUZZ
@given(
    st.sampled_from(sorted(VOCABS)).flatmap(lambda n: st.tuples(st.just(n), st.sampled_from(VOCABS[n].value_list))),
    st.sampled_from(["", " ", "\u3000", "\t", "\u00a0"]),
    st.sampled_from(["", " ", "\u3000", "\n"]),
    st.booleans(),
)
def test_every_written_label_reads_back_as_its_value(pair: tuple[str, str], before: str, after: str, use_label: bool) -> None:
    name, value = pair
    vocab = VOCABS[name]
    written = vocab.label_of(value) if use_label else value
    assert C.read_vocab(before + written + after, vocab)[0] == value
