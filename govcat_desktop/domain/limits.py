"""Size limits at the door: how much one unit's material may hold (imports and the bureau's merge).

SPEC §7: a large department has about 1,000 matters, 3,000 catalog entries and 60,000 info items. Ten times that is
far past any real unit and about the size of the whole city-wide list (600,000 items), which the bureau's machine must
handle anyway; anything beyond is refused with the limit named, before it can take that machine down.
"""

from __future__ import annotations

from collections.abc import Iterable

SCALE = 10  # × SPEC §7's large department
MAX_MATTERS = 1_000 * SCALE
MAX_ENTRIES = 3_000 * SCALE
MAX_ITEMS = 60_000 * SCALE
MAX_DEMANDS = 3_000 * SCALE  # a unit's demands and reviews: bounded like its entries
MAX_REVIEWS = 3_000 * SCALE
MAX_FIELD_CHARS = 32_767  # one Excel cell: a longer value cannot travel in a workbook anyway

LABEL = {"matters": "服务事项", "entries": "数据资源目录", "items": "信息项", "demands": "共享数据需求",
         "reviews": "需求审核确认"}
LIMIT = {"matters": MAX_MATTERS, "entries": MAX_ENTRIES, "items": MAX_ITEMS, "demands": MAX_DEMANDS,
         "reviews": MAX_REVIEWS}


def over_limit(name: str, counts: dict[str, int]) -> str:
    """'' when `counts` (keys of LIMIT) are within the limits; else a Chinese reason naming the count and the limit."""
    for key, limit in LIMIT.items():
        n = counts.get(key, 0)
        if n > limit:
            return (f"“{name}”中有 {n} 条{LABEL[key]}，超过每个单位 {limit} 条的上限"
                    f"（大型部门实际约 {limit // SCALE} 条），"
                    "远超正常填报规模，可能是错误或恶意构造的文件，未读取")
    return ""


def long_field(values: Iterable[tuple[str, str, str]]) -> str:
    """'' or a reason for the first (record, field label, value) whose value is longer than MAX_FIELD_CHARS."""
    for record, label, value in values:
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            return f"{record}的“{label}”长 {len(value)} 个字，超过每项 {MAX_FIELD_CHARS} 字的上限"
    return ""
