"""Check characters of 统一社会信用代码 (GB 32100-2015) and 组织机构代码 (GB 11714)."""

from __future__ import annotations

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC_VALUE = {ch: i for i, ch in enumerate(USCC_ALPHABET)}


def uscc_check_char(body: str) -> str | None:
    """Check character for the first 17 characters of a USCC, or None if they are not valid."""
    if len(body) != 17:
        return None
    total = 0
    for ch, weight in zip(body, USCC_WEIGHTS):
        value = _USCC_VALUE.get(ch)
        if value is None:
            return None
        total += value * weight
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body: str) -> str | None:
    """Check character for the first 8 characters of a GB 11714 organisation code."""
    if len(body) != 8:
        return None
    total = 0
    for ch, weight in zip(body, ORG_WEIGHTS):
        if ch.isdigit():
            value = ord(ch) - 48
        elif "A" <= ch <= "Z":
            value = ord(ch) - 55
        else:
            return None
        total += value * weight
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def uscc_problem(code: str) -> str | None:
    """Why `code` is not a valid USCC, in Chinese; None when it is valid."""
    if len(code) != 18:
        return f"统一社会信用代码应为18位，当前为{len(code)}位"
    bad = [ch for ch in code if ch not in _USCC_VALUE]
    if bad and uscc_check_char(code.upper()[:17]) == code.upper()[17]:
        return "统一社会信用代码中的字母应为大写，请改为“" + code.upper() + "”"
    if bad:
        return f"统一社会信用代码含有不允许的字符“{bad[0]}”（不使用I、O、Z、S、V）"
    expected = uscc_check_char(code[:17])
    if expected != code[17]:
        return f"统一社会信用代码校验位错误：第18位应为“{expected}”，请核对代码是否抄错"
    return None


def org_code_problem(code: str) -> str | None:
    """Why a 9-character organisation code (without hyphen) is not valid; None when valid."""
    code = code.replace("-", "")
    if len(code) != 9:
        return f"组织机构代码应为9位，当前为{len(code)}位"
    expected = org_code_check_char(code[:8])
    if expected is None:
        return "组织机构代码含有不允许的字符"
    if expected != code[8]:
        return f"组织机构代码校验位错误：第9位应为“{expected}”"
    return None


def is_valid_uscc(code: str) -> bool:
    return uscc_problem(code) is None


def is_valid_org_code(code: str) -> bool:
    return org_code_problem(code) is None
