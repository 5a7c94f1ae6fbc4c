"""Name-based hints: data type inferred from an item's name, items that look personal."""

from __future__ import annotations

import re

# Order matters: the first pattern that matches the item name wins.
_TYPE_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^是否"), "L"),
    (re.compile(r"(日期时间|时间戳|时间)$"), "T"),
    (re.compile(r"(日期|生日|出生年月)$"), "D"),
    (re.compile(r"(金额|资金|费用|价款|工资|税额|罚款|注册资本|收入)$"), "Y"),
    (re.compile(r"(数量|人口数|人数|次数|面积|年龄|个数|户数|总数|件数)$"), "N"),
)

# What a name must be typed as when it matches (SPEC §4 W rule): (suffix, prefix), allowed letters, label.
# Plain str.endswith/startswith: asked once per info item (60,000 distinct names in a department).
_TYPE_RULES: tuple[tuple[str, str, frozenset[str], str], ...] = (
    ("日期", "", frozenset("DT"), "日期型D或日期时间型T"),
    ("", "是否", frozenset("L"), "逻辑型L"),
    ("金额", "", frozenset("YNBF"), "货币型Y或数值型N"),
)
# A name no rule applies to neither ends with one of these nor starts with one of those: the one C call a caller can
# make first (most names, e.g. 60,000 distinct ones, need no more).
TYPE_RULE_ENDS = tuple(suffix for suffix, _prefix, _allowed, _label in _TYPE_RULES if suffix)
TYPE_RULE_STARTS = tuple(prefix for _suffix, prefix, _allowed, _label in _TYPE_RULES if prefix)

PERSONAL_KEYWORDS = (
    "身份证", "公民身份号码", "证件号码", "手机", "电话", "住址", "家庭地址", "户籍", "出生日期",
    "婚姻状况", "银行账号", "银行卡", "病历", "诊断", "指纹", "相片", "照片", "人脸", "收入", "民族",
)


def infer_data_type(name: str) -> str:
    """Suggested data type letter for an info item named `name` (C when nothing fits)."""
    name = name.strip()
    for pattern, letter in _TYPE_HINTS:
        if pattern.search(name):
            return letter
    return "C"


def type_mismatch(name: str, data_type: str) -> str | None:
    """The expected type's label when `data_type` contradicts the item's name, else None."""
    if not data_type:
        return None
    name = name.strip()
    for suffix, prefix, allowed, label in _TYPE_RULES:
        if (suffix and name.endswith(suffix)) or (prefix and name.startswith(prefix)):
            return None if data_type in allowed else label
    return None


_PERSONAL = re.compile("|".join(map(re.escape, PERSONAL_KEYWORDS)))


def looks_personal(name: str) -> bool:
    """True when an item name suggests personal information."""
    return _PERSONAL.search(name) is not None


_RESULT_SUFFIXES = ("登记", "审批", "核准", "许可", "备案", "认定", "确认", "办理", "申请", "变更", "注销")


def suggest_data_name(matter_name: str) -> str:
    """Suggest the resulting data's name from a matter's name (内地居民结婚登记 → 结婚证)."""
    name = re.sub(r"[（(][^）)]*[）)]", "", matter_name).strip()
    for known, result in _KNOWN_RESULTS:
        if known in name:
            return result
    for suffix in _RESULT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + suffix + "信息"
    return name + "信息" if name else ""


_KNOWN_RESULTS = (
    ("离婚登记", "离婚证"),
    ("结婚登记", "结婚证"),
    ("营业执照", "营业执照"),
    ("设立登记", "营业执照"),
    ("不动产", "不动产权证书"),
    ("出生医学证明", "出生医学证明"),
    ("户口", "居民户口簿"),
    ("身份证", "居民身份证"),
    ("驾驶证", "机动车驾驶证"),
    ("行驶证", "机动车行驶证"),
    ("建设工程规划许可", "建设工程规划许可证"),
    ("建筑工程施工许可", "建筑工程施工许可证"),
    ("食品经营许可", "食品经营许可证"),
    ("食品生产许可", "食品生产许可证"),
    ("药品经营许可", "药品经营许可证"),
    ("执业医师", "医师执业证书"),
    ("教师资格", "教师资格证书"),
    ("社会保障卡", "社会保障卡"),
    ("残疾人证", "残疾人证"),
)
