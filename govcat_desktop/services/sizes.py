"""Whether records read from a file are within the size limits of domain.limits (imports and the merge)."""

from __future__ import annotations

from govcat_desktop.domain import limits


def size_problem(name: str, matters, demands, reviews) -> str:
    """'' or why records read from a workbook are past the limits of domain.limits (counts, then field lengths)."""
    entries = [e for m in matters for e in m.entries]
    reason = limits.over_limit(name, {"matters": len(matters), "entries": len(entries),
                                      "items": sum(len(e.items) for e in entries), "demands": len(demands),
                                      "reviews": len(reviews)})
    if reason:
        return reason

    def values():
        for label, records in (("服务事项", matters), ("数据资源目录", entries), ("共享数据需求", demands),
                               ("需求审核确认", reviews)):
            for n, r in enumerate(records, start=1):
                for key, value in r.__dict__.items():
                    if isinstance(value, str):
                        yield f"{label}第 {n} 条", key, value
                    elif isinstance(value, list) and value and isinstance(value[0], str):
                        yield from ((f"{label}第 {n} 条", key, v) for v in value)
        for n, e in enumerate(entries, start=1):
            for it in e.items:
                for key in ("name", "data_type", "length", "note"):
                    yield f"数据资源目录第 {n} 条的信息项“{it.name[:20]}”", key, getattr(it, key)

    found = limits.long_field(values())
    return f"“{name}”中{found}，未读取" if found else ""
