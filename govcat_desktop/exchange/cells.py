"""Cell readers: total, pure functions from any spreadsheet value to text, with a note on every repair."""

from __future__ import annotations

import datetime as _dt
import math
import re

from govcat_desktop.domain.dates import normalise_date
from govcat_desktop.formspec import Vocabulary

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SPACES = " \t\r\n\u3000\u00a0\ufeff\u200b"
_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_SEPARATORS = re.compile(r"[、,，;；\r\n]+")
_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+]?\d+$")
_DECIMAL_ZERO = re.compile(r"^(\d+)\.0+$")
_OTHER_PREFIX = re.compile(r"^其他\s*[（(：:\-—]\s*(.*?)\s*[）)]?$")

Cell = object  # what calamine or csv hands us: str, float, int, bool, date, datetime, time, timedelta, None


def xml_safe(text: str) -> str:
    """`text` without characters that XML 1.0 cannot hold."""
    return _ILLEGAL_XML.sub("", text) if _ILLEGAL_XML.search(text) else text


def halfwidth(text: str) -> str:
    """Full-width digits, letters and punctuation (Ａ１，) to their ASCII forms."""
    return text.translate(_FULLWIDTH)


def number_text(value: float) -> str:
    """A number as a clerk would have typed it: 123.0 → 123, 1.5 → 1.5."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return ""
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def to_text(value: Cell) -> tuple[str, str]:
    """Any cell value as text, and a note ('' when none) saying what was converted."""
    if value is None:
        return "", ""
    if isinstance(value, str):
        return value, ""
    if isinstance(value, bool):
        return ("是" if value else "否"), ""
    if isinstance(value, (int, float)):
        return number_text(value), "number"
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0):
            return value.date().isoformat(), "date"
        return value.isoformat(sep=" "), "date"
    if isinstance(value, _dt.date):
        return value.isoformat(), "date"
    if isinstance(value, _dt.time):
        return value.isoformat(), "date"
    if isinstance(value, _dt.timedelta):
        return str(value), "date"
    return str(value), ""


def clean(text: str) -> str:
    """Surrounding spaces (also full-width and non-breaking ones) removed."""
    return text.strip(SPACES)


def read_text(value: Cell) -> tuple[str, str]:
    """Free text: the value trimmed; the note says what was repaired ('' when nothing)."""
    text, how = to_text(value)
    out = clean(text)
    if out != text:
        return out, "去掉了首尾空格"
    if how == "number":
        return out, ""
    return out, ""


def read_code(value: Cell) -> tuple[str, str]:
    """An identifier (事项编码, 电话, 长度): numbers, scientific notation and full-width characters normalised."""
    if isinstance(value, float) and not isinstance(value, bool):
        text = number_text(value)
        if not text:
            return "", "无法识别的数字，已留空"
        if abs(value) >= 1e15:
            return text, f"以数字形式保存，已还原为文字“{text}”；超过15位的数字可能已被表格软件改动，请核对"
        return text, f"以数字形式保存，已还原为文字“{text}”"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value), f"以数字形式保存，已还原为文字“{value}”"
    text, how = to_text(value)
    out = halfwidth(clean(text)).strip()
    while out != (trimmed := out.strip(SPACES).strip()):  # e.g. a form feed before a BOM
        out = trimmed
    notes = []
    if out != clean(text):
        notes.append("全角字符已改为半角")
    elif out != text:
        notes.append("去掉了首尾空格")
    if _SCIENTIFIC.match(out):
        try:
            number = float(out)
        except ValueError:  # pragma: no cover - the pattern only admits floats
            number = math.nan
        if math.isfinite(number) and abs(number) < 1e21:
            out = str(int(number))
            notes.append(f"科学计数法已还原为“{out}”，超过15位的数字可能已被表格软件改动，请核对")
    else:
        match = _DECIMAL_ZERO.match(out)
        if match:
            out = match.group(1)
            notes.append(f"“{text}”已还原为“{out}”")
    if how == "date":
        notes.append("以日期形式保存，已转为文字")
    return out, "；".join(notes)


def read_date(value: Cell) -> tuple[str, str]:
    """A date cell as ISO text (2026-09-01); text dates like 2026/9/1 are normalised."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        day = value.date() if isinstance(value, _dt.datetime) else value
        return day.isoformat(), ""
    text, _ = read_code(value)
    iso = normalise_date(text)
    if iso is None:
        return text, ""
    return iso, "" if iso == text else f"日期“{text}”已规范为“{iso}”"


def read_vocab(value: Cell, vocab: Vocabulary) -> tuple[str, str]:
    """One value of a vocabulary: labels and aliases become the stored value; unknown text is kept as typed."""
    text, note = read_text(value)
    if not text:
        return "", note
    found = vocab.canonical(text)
    if found is None:
        half = halfwidth(text).replace(" ", "")
        found = vocab.canonical(half) or vocab.canonical(half.upper())
    if found is None:
        return text, note
    written = vocab.label_of(found)
    if text != written and text != found:
        note = _join(note, f"“{text}”已规范为“{written}”")
    return found, note


def split_values(value: Cell) -> tuple[list[str], str]:
    """Several values in one cell, split on 、 , ， ; ； or line breaks."""
    text, _ = to_text(value)
    parts = [clean(p) for p in _SEPARATORS.split(text)]
    parts = [p for p in parts if p]
    note = ""
    if parts and "、".join(parts) != text:
        note = f"多个取值已按“、”分隔（原为“{_short(text)}”）"
    return parts, note


def read_multi(value: Cell, vocab: Vocabulary | None) -> tuple[list[str], str]:
    """Several values; each is canonicalised against `vocab` when one is given."""
    parts, note = split_values(value)
    if vocab is None:
        return parts, note
    out = []
    for part in parts:
        found, sub = read_vocab(part, vocab)
        out.append(found)
        if sub and not note:
            note = sub
    return out, note


def read_other(value: Cell, vocab: Vocabulary) -> tuple[str, str, str, bool]:
    """(value, other text, note, warn) for a vocabulary with 其他: unknown text is read as 其他 + that text."""
    text, note = read_text(value)
    if not text:
        return "", "", note, False
    found, sub = read_vocab(text, vocab)
    if found in vocab:
        return found, "", _join(note, sub), False
    match = _OTHER_PREFIX.match(text)
    if match and vocab.other:
        return vocab.other, match.group(1), note, False
    if vocab.other:
        return vocab.other, text, _join(note, f"“{text}”不在{vocab.label}列表中，按“{vocab.other}：{text}”读入"), True
    return text, "", note, False


def write_other(value: str, other: str, vocab: Vocabulary) -> str:
    """What a vocabulary-with-其他 cell holds: the value, or the written-out text when 其他 is chosen."""
    if value == vocab.other and other:
        if vocab.canonical(other) is not None or other == vocab.other:
            return f"{vocab.other}（{other}）"
        return other
    return vocab.label_of(value)


def display_width(text: str) -> int:
    """Width in character cells: CJK and other wide characters count 2, ASCII counts 1."""
    if text.isascii():
        return len(text)
    return len(text) + (len(text.encode("utf-8")) - len(text)) // 2


def line_count(text: str, width_units: float) -> int:
    """Lines a wrapped cell of `width_units` (Excel column width) needs to show `text`."""
    if not text:
        return 1
    usable = max(width_units - 1.5, 2.0)
    lines = 0
    for part in text.split("\n"):
        lines += max(1, math.ceil(display_width(part) / usable))
    return lines


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _join(a: str, b: str) -> str:
    return f"{a}；{b}" if a and b else a or b
