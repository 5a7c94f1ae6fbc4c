"""Format checks named by form fields (format = "uscc", …): severity and a Chinese message."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

from govcat_desktop.domain.codes import uscc_problem

_PHONE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CITE_LAW = re.compile(r"《[^》]+》")
_CITE_ARTICLE = re.compile(r"第[一二三四五六七八九十百千零〇两0-9]+条")
_RESOURCE_CODE = re.compile(r"^[123]\d{5}\d*/\d{6}$")


def _uscc(value: str) -> str | None:
    return uscc_problem(value)


def _phone(value: str) -> str | None:
    if _PHONE.match(value):
        return None
    return f"办公电话“{value}”格式不对，应带区号，如 0353-1234567"


def _mobile(value: str) -> str | None:
    if _MOBILE.match(value):
        return None
    return f"手机号码“{value}”格式不对，应为以1开头的11位数字"


def _phone_or_mobile(value: str) -> str | None:
    if _PHONE.match(value) or _MOBILE.match(value):
        return None
    return f"电话“{value}”格式不对，应为带区号的固定电话（如 0353-1234567）或11位手机号码"


def _email(value: str) -> str | None:
    if _EMAIL.match(value):
        return None
    return f"邮箱“{value}”格式不对，应形如 name@example.gov.cn"


def _positive_int(value: str) -> str | None:
    if value.isascii() and value.isdigit() and int(value) > 0:
        return None
    return f"数据长度“{value}”应为正整数"


def _law_citation(value: str) -> str | None:
    missing = []
    if not _CITE_LAW.search(value):
        missing.append("法律法规名称（用《》标明）")
    if not _CITE_ARTICLE.search(value):
        missing.append("具体条款（第…条）")
    if not missing:
        return None
    return "依据应写明" + "和".join(missing) + "，如《中华人民共和国统计法》第三十九条"


def _date(value: str) -> str | None:
    try:
        _dt.date.fromisoformat(value)
        return None
    except ValueError:
        return f"日期“{value}”格式不对，应为 2026-09-24 这样的年-月-日"


def _resource_code(value: str) -> str | None:
    if _RESOURCE_CODE.match(value):
        return None
    return f"信息资源代码“{value}”格式不对，应为前段码/顺序码，如 307001001/000123"


# format → (severity, rule id, checker)
_NETWORK = re.compile(
    r"^[\u4e00-\u9fff（）()A-Za-z0-9]*[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9]*网(?:[（(][^）)]*[）)])?$")


def _network_name(value: str) -> str | None:
    """网络环境 is an open list (互联网、政务外网、部门专网 or another network by name, e.g. 电子政务内网), but typed
    letters such as "zw" or a stray word are no network's name."""
    if _NETWORK.match(value.strip()):
        return None
    return (f"网络环境“{value}”不是网络的名称，请从列表中选择（互联网、政务外网、部门专网），"
            f"或填写网络的全称，如“××专网”")


FORMATS: dict[str, tuple[str, str, Callable[[str], str | None]]] = {
    "uscc": ("error", "uscc-check", _uscc),
    "phone": ("error", "phone-format", _phone),
    "mobile": ("error", "mobile-format", _mobile),
    "phone_or_mobile": ("error", "phone-format", _phone_or_mobile),
    "email": ("error", "email-format", _email),
    "positive_int": ("error", "length-positive", _positive_int),
    "law_citation": ("warning", "law-citation", _law_citation),
    "date": ("error", "date-format", _date),
    "resource_code": ("warning", "resource-code-format", _resource_code),
    "network_name": ("error", "network-name", _network_name),
}
