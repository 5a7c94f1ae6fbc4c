"""Rules of the national core metadata (forms/national.toml): warnings a catalog team raises, and the
national fields as required only when the profile's national_required says so."""

from __future__ import annotations

import re
from collections.abc import Iterable

from govcat_desktop.domain.models import CatalogEntry, Matter
from govcat_desktop.formspec import FormDef, FormSet
from govcat_desktop.validation.findings import Finding

_TRAILING_NUMBER = re.compile(r"^(.*?)[\s_\-—（(]*([0-9０-９]+)[)）]?$")


class NationalRules:
    """The national tables of one FormSet, compiled once."""

    def __init__(self, forms: FormSet) -> None:
        data = forms.national or {}
        self.catalog: FormDef = forms["catalog"]
        self.required = bool(forms.profile.get("national_required", False))
        self.required_fields = tuple(f for f in self.catalog.fields if f.national)
        self.items: dict[str, dict[str, str]] = {
            str(c.get("code")): {str(i["code"]): str(i["name"]) for i in c.get("items", [])}
            for c in data.get("classification", {}).get("class", [])
        }
        self.class_names = {
            str(c.get("code")): str(c.get("name")) for c in data.get("classification", {}).get("class", [])
        }
        self.format_types: dict[str, list[str]] = {
            k: list(v) for k, v in data.get("formats", {}).items() if isinstance(v, list)
        }
        self.format_share: dict[str, set[str]] = {
            k: set(v) for k, v in data.get("format_share", {}).items() if isinstance(v, list)
        }
        suffixes = data.get("naming", {}).get("system_suffixes", [])
        self.system_suffixes = tuple(sorted((str(s) for s in suffixes), key=len, reverse=True))

    # ----- one entry -----------------------------------------------------------
    def check_entry(self, entry: CatalogEntry, label: str, ref: tuple, out: list[Finding]) -> None:
        if self.required:
            for f in self.required_fields:
                value = getattr(entry, f.key)
                if not (value.strip() if isinstance(value, str) else value):
                    out.append(Finding(
                        "error", "catalog", label, f.key, "national-required",
                        f"本地要求填写国家核心元数据：请填写“{f.label}”。", ref,
                    ))
        self._format_vs_share(entry, label, ref, out)
        self._system_name(entry, label, ref, out)
        self._linked(entry, label, ref, out)

    def _format_vs_share(self, entry: CatalogEntry, label: str, ref: tuple, out: list[Finding]) -> None:
        allowed = self.format_share.get(entry.resource_format)
        if not allowed or not entry.share_methods:
            return
        bad = [m for m in entry.share_methods if m not in allowed]
        if bad:
            out.append(Finding(
                "warning", "catalog", label, "share_methods", "format-share-conflict",
                f"信息资源格式为“{entry.resource_format}”，共享方式却有“{'、'.join(bad)}”，两者矛盾"
                f"（{entry.resource_format}类资源一般通过{'、'.join(sorted(allowed))}共享）；请核对格式或共享方式。",
                ref,
            ))

    def _system_name(self, entry: CatalogEntry, label: str, ref: tuple, out: list[Finding]) -> None:
        name = entry.name.strip()
        for suffix in self.system_suffixes:
            if name.endswith(suffix) and len(name) > len(suffix):
                out.append(Finding(
                    "warning", "catalog", label, "name", "name-looks-like-system",
                    f"目录名称“{name}”像信息系统的名称（以“{suffix}”结尾），目录应按办理事项产生的结果命名，"
                    "如办理结婚登记产生的数据是“结婚证”“结婚登记信息”。",
                    ref,
                ))
                return

    def _linked(self, entry: CatalogEntry, label: str, ref: tuple, out: list[Finding]) -> None:
        items = self.items.get(entry.res_class)
        item = entry.res_item.strip()
        if items and item and entry.res_class in ("1", "2") and item not in items:
            listing = "、".join(f"{k}{v}" for k, v in items.items())
            out.append(Finding(
                "warning", "catalog", label, "res_item", "class-item-unknown",
                f"“{self.class_names.get(entry.res_class, entry.res_class)}”类下没有编号为“{item}”的项，"
                f"应为：{listing}。",
                ref,
            ))
        if item and not (item.isascii() and item.isdigit() and len(item) == 2):
            out.append(Finding("warning", "catalog", label, "res_item", "class-item-format",
                               f"信息资源分类的“项”应为2位数字，现为“{item}”。", ref))
        target = entry.res_target.strip()
        if target and not (target.isascii() and target.isdigit() and len(target) == 3):
            out.append(Finding("warning", "catalog", label, "res_target", "class-target-format",
                               f"信息资源分类的“目”应为3位数字，现为“{target}”。", ref))
        types = self.format_types.get(entry.resource_format)
        sub = entry.resource_subformat.strip()
        if types and sub:
            known = {t.casefold() for t in types}
            other_types = {t.casefold() for k, ts in self.format_types.items() if k != entry.resource_format
                           for t in ts}
            if sub.casefold() not in known and sub.casefold() in other_types:
                out.append(Finding(
                    "warning", "catalog", label, "resource_subformat", "format-type-mismatch",
                    f"格式类型“{sub}”不属于格式分类“{entry.resource_format}”（该分类的类型有：{'、'.join(types)}），请核对。",
                    ref,
                ))

    # ----- consecutive entries -------------------------------------------------
    def drag_fill(self, entries: Iterable[tuple[Matter, CatalogEntry, str]]) -> list[Finding]:
        """W: consecutive entries whose names differ only by a trailing number (a dragged fill handle)."""
        out: list[Finding] = []
        previous: tuple[str, str, str] | None = None  # (stem, number, name)
        for _matter, entry, label in entries:
            name = entry.name.strip()
            m = _TRAILING_NUMBER.match(name)
            stem = m.group(1).strip() if m else ""
            # a letter right before the number is a code (驾驶证C1, C2), not a dragged counter
            coded = bool(stem) and stem[-1].isascii() and stem[-1].isalpha()
            current = (stem, m.group(2), name) if m and stem and not coded else None
            if current and previous and current[0] == previous[0] and current[1] != previous[1]:
                out.append(Finding(
                    "warning", "catalog", label, "name", "name-drag-fill",
                    f"目录名称“{name}”与上一条“{previous[2]}”只差末尾的数字，可能是下拉填充时数字自动递增造成的；"
                    "请核对是否为同一数据，同名目录应写相同的名称。",
                    ("catalog", entry.id),
                ))
            previous = current
        return out
