"""Text read from files is text: control, format and bidi characters found, refused in names, shown as marks."""

from __future__ import annotations

import unicodedata

# Cc: C0/C1 controls (newline, CR, ESC, BEL …); Cf: format characters (bidi overrides U+202A–U+202E, U+2066–U+2069,
# zero-width joiners); Zl/Zp: line and paragraph separators; Cs/Co/Cn: surrogates, private use, unassigned.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def is_hidden(ch: str) -> bool:
    """Whether `ch` is a character no one can see for what it is (a control, format or bidi character)."""
    return unicodedata.category(ch) in _HIDDEN


def mark(ch: str) -> str:
    """The visible stand-in of one hidden character, in ASCII (every font can draw it): [U+001B]."""
    return f"[U+{ord(ch):04X}]"


def hidden_chars(text: str) -> list[str]:
    """The hidden characters of `text`, each once, in order of appearance."""
    seen: list[str] = []
    for ch in text:
        if ch not in seen and is_hidden(ch):
            seen.append(ch)
    return seen


def visible(text: str, *, keep: str = "") -> str:
    """`text` with every hidden character (except those in `keep`, e.g. "\\n") replaced by its mark."""
    if text.isprintable() or not any(is_hidden(ch) and ch not in keep for ch in text):
        return text
    return "".join(mark(ch) if ch not in keep and is_hidden(ch) else ch for ch in text)


def name_problem(label: str, value: str) -> str:
    """'' or a Chinese reason why `value` (a unit's name or code read from a file) cannot be taken as it is."""
    found = hidden_chars(value)
    if not found:
        return ""
    shown = "、".join(mark(ch) for ch in found[:5])
    return (f"{label}“{visible(value)[:80]}”中含有看不见的控制字符或文字方向控制符（{shown}），"
            "可能是复制时带入的或恶意构造的，未汇总；请该单位改正后重新报送")
