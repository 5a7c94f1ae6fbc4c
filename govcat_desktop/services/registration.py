"""全市政务数据资源目录注册表: one row per 信息项 in the national template's column order (forms/national.toml).

A unit writes its own catalog; the bureau writes every accepted entry of every unit (已审核 entries, or every entry
of a submission marked 已审核). The sheet reads back with `read_registration` to the same national fields.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from govcat_desktop.domain.filenames import FileNameError, safe_filename
from govcat_desktop.domain.models import BUREAU_ROLES, CatalogEntry, InfoItem, Matter
from govcat_desktop.formspec import FormSet
from govcat_desktop.services.atomic import AtomicSet, AtomicWriteError, describe

SOURCES = frozenset({
    "seq", "class_name", "class", "item", "target", "detail", "name", "resource_code", "provider", "provider_code",
    "summary", "format", "subformat", "item.name", "item.data_type", "item.length", "share_type", "share_condition",
    "share_class", "share_kind", "open_to_public", "open_condition", "update_cycle", "publish_date", "related_codes",
    "matter_code", "matter_name",
})


class RegistrationError(ValueError):
    """The registration sheet cannot be written or read (message in Chinese)."""


@dataclass(frozen=True)
class RegColumn:
    header: str
    source: str


@dataclass
class RegEntry:
    """One catalog entry with what the sheet needs besides the entry: its matter and its provider."""

    matter_code: str
    matter_name: str
    provider: str
    provider_code: str
    entry: CatalogEntry


def registration_spec(forms: FormSet) -> tuple[str, str, list[RegColumn]]:
    """(title, sheet name, columns) from forms/national.toml; RegistrationError names a broken entry."""
    raw = (forms.national or {}).get("registration")
    if not isinstance(raw, dict) or not raw.get("columns"):
        raise RegistrationError("表单定义 national.toml 中没有 [registration] 列定义，无法生成目录注册表。")
    cols = []
    extra = forms["catalog"].extra_fields  # a field declared in forms/ only: source entry.<key>
    for i, c in enumerate(raw["columns"], 1):
        source = str(c.get("source", "")) if isinstance(c, dict) else ""
        own = source.startswith("entry.") and source.removeprefix("entry.") in {f.key for f in extra}
        if not isinstance(c, dict) or not c.get("header") or (source not in SOURCES and not own):
            raise RegistrationError(f"national.toml 的 [registration] 第{i}列定义有误（需要 header 和有效的 source）。")
        cols.append(RegColumn(str(c["header"]), str(c["source"])))
    return str(raw.get("title", "政务数据资源目录注册表")), str(raw.get("sheet", "目录注册表")), cols


def _share(forms: FormSet, methods: list[str]) -> tuple[str, str]:
    table = (forms.national or {}).get("share_methods", {})
    classes: list[str] = []
    kinds: list[str] = []
    for m in methods:
        hit = table.get(m)
        if isinstance(hit, dict):
            for target, key in ((classes, "class"), (kinds, "type")):
                value = str(hit.get(key, ""))
                if value and value not in target:
                    target.append(value)
    return "、".join(classes), "、".join(kinds)


def _cells(forms: FormSet, reg: RegEntry) -> dict[str, str]:
    e = reg.entry
    classes = {c.value: c.label for c in forms.vocab("resource_class").values}
    share_class, share_kind = _share(forms, e.share_methods)
    basis = e.no_share_basis if e.share_type == "不予共享" else e.share_condition
    return {
        "class_name": classes.get(e.res_class, e.res_class), "class": e.res_class, "item": e.res_item,
        "target": e.res_target, "detail": e.res_detail, "name": e.name, "resource_code": e.resource_code,
        "provider": reg.provider, "provider_code": reg.provider_code, "summary": e.summary,
        "format": e.resource_format, "subformat": e.resource_subformat, "share_type": e.share_type,
        "share_condition": basis, "share_class": share_class, "share_kind": share_kind,
        "open_to_public": e.open_to_public, "open_condition": e.open_condition,
        "update_cycle": e.update_cycle_other if e.update_cycle == "其他" and e.update_cycle_other else e.update_cycle,
        "publish_date": e.publish_date, "related_codes": e.related_codes,
        "matter_code": reg.matter_code, "matter_name": reg.matter_name,
        **{f"entry.{key}": value for key, value in e.extra.items()},  # fields forms/ declares (source entry.<key>)
    }


def registration_rows(forms: FormSet, entries: Iterable[RegEntry]) -> list[list[str]]:
    """The sheet's data rows: one per info item (an entry without items still has its row)."""
    return list(iter_registration_rows(forms, entries))


def iter_registration_rows(forms: FormSet, entries: Iterable[RegEntry]) -> Iterator[list[str]]:
    """registration_rows one at a time (the city's sheet is streamed)."""
    _, _, cols = registration_spec(forms)
    n = 0
    for reg in entries:
        for row in entry_rows(forms, cols, reg):
            n += 1
            yield [str(n) if c.source == "seq" else v for c, v in zip(cols, row)]


def entry_rows(forms: FormSet, cols: list[RegColumn], reg: RegEntry) -> list[list[str]]:
    """One entry's rows (one per info item, at least one), the 序号 column left empty."""
    data_type = forms.vocab("data_type")
    base = _cells(forms, reg)
    out = []
    slots: list[InfoItem | None] = list(reg.entry.items) or [None]  # an entry without items: one row all the same
    for item in slots:
        cells = dict(base)
        cells["item.name"] = item.name if item else ""
        cells["item.data_type"] = data_type.label_of(item.data_type) if item and item.data_type else ""
        cells["item.length"] = item.length if item else ""
        out.append([cells.get(c.source, "") for c in cols])
    return out


def unit_entries(project) -> list[RegEntry]:
    info = project.info
    return [
        RegEntry(m.code, m.name, info.org_name, info.org_code, e) for m in project.matters for e in m.entries
    ]


def bureau_entries(store) -> list[RegEntry]:
    """Every accepted entry of every unit: marked 已审核, or in a submission marked 已审核 (and not 退回)."""
    return list(iter_bureau_entries(store))


def iter_bureau_entries(store) -> Iterator[RegEntry]:
    """bureau_entries one at a time, streamed from the file (the city report's 目录注册表)."""
    import json

    from govcat_desktop.storage.bureau_store import ENTRY_COLUMNS, BureauStore
    from govcat_desktop.storage.declared import decode

    bureau = BureauStore(store)
    units = {u.id: u for u in bureau.units()}
    for uid, eid, code, mname, values, item_rows in bureau.stream_entries("accepted"):
        fields = dict(zip(ENTRY_COLUMNS, values))
        fields["share_methods"] = json.loads(fields["share_methods"])
        fields["extra"] = decode(fields["extra"])
        items = [InfoItem.model_construct(name=n, data_type=t, length=ln, note=nt) for n, t, ln, nt in item_rows]
        entry = CatalogEntry.model_construct(id=eid, items=items, **fields)
        yield RegEntry(code, mname, units[uid].org_name, units[uid].org_code, entry)


def write_registration(session, out_dir: str | os.PathLike[str], today: _dt.date | None = None, *,
                       changes: bool = False) -> Path:
    """Write the unit's (or, for the bureau, the city's) registration sheet into `out_dir`; returns its path. The
    bureau's is remembered as the last registration; `changes`: only what changed since it (services.bureau.registry:
    a column 操作 — 新增 / 变更 / 注销)."""
    from govcat_desktop.exchange.registration import write_sheet

    from govcat_desktop.services.packages import NOT_FOR_BUREAU, own_package

    package = own_package(session)
    if package is not None:  # a 科室's work package registers nothing: the unit registers the merged catalog (issue 23)
        raise RegistrationError(NOT_FOR_BUREAU.format(assignee=package.assignee))
    forms = session.forms
    title, sheet, cols = registration_spec(forms)
    info = session.project.info
    day = today or _dt.date.today()
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegistrationError(f"无法创建文件夹“{out}”：{describe(exc)}。") from None
    if changes and info.role not in BUREAU_ROLES:
        raise RegistrationError("只有汇总项目（市大数据局或县（区）主管机构）可以导出变更注册表。")
    if info.role in BUREAU_ROLES:
        from govcat_desktop.services.bureau.registry import write_city_registration

        return write_city_registration(session, out, day, changes=changes).path
    entries = unit_entries(session.project)
    try:
        name = safe_filename(info.org_name.strip() or "未命名单位", f"_政务数据资源目录注册表_{day:%Y%m%d}", ".xlsx",
                             folder=out)
    except FileNameError as exc:
        raise RegistrationError(str(exc)) from None
    path = out / name
    files = AtomicSet(out)  # the one writer of temp-then-rename (temp files swept after a kill)
    files.add(path, lambda temp: write_sheet(temp, sheet, [c.header for c in cols], registration_rows(forms, entries),
                                             {"org_name": info.org_name, "org_code": info.org_code,
                                              "region": info.region}))
    try:
        files.commit()
    except AtomicWriteError as exc:
        raise RegistrationError(str(exc)) from None
    if not session.readonly:
        from govcat_desktop.services.national import mark_codes_exported

        mark_codes_exported(session, day)
    return path


def read_registration(path: str | os.PathLike[str], forms: FormSet) -> list[RegEntry]:
    """Entries (with matter and provider) read back from a registration sheet through the exchange reader."""
    from govcat_desktop.domain.models import InfoItem
    from govcat_desktop.exchange.registration import read_sheet

    _, sheet, cols = registration_spec(forms)
    classes = forms.vocab("resource_class")
    data_type = forms.vocab("data_type")
    out: list[RegEntry] = []
    last_key: tuple | None = None
    for cells in read_sheet(path, sheet, [(c.header, c.source) for c in cols]):
        key = tuple(cells.get(k, "") for k in (
            "matter_code", "name", "resource_code", "provider", "class_name", "item", "target", "detail", "summary",
            "format", "subformat", "share_type", "share_condition", "open_to_public", "open_condition",
            "update_cycle", "publish_date", "related_codes"))
        if key != last_key:
            share_type = cells.get("share_type", "")
            basis = cells.get("share_condition", "")
            cls = cells.get("class") or classes.canonical(cells.get("class_name", "")) or cells.get("class_name", "")
            entry = CatalogEntry(
                name=cells.get("name", ""), summary=cells.get("summary", ""), res_class=cls,
                res_item=cells.get("item", ""), res_target=cells.get("target", ""), res_detail=cells.get("detail", ""),
                resource_code=cells.get("resource_code", ""), resource_format=cells.get("format", ""),
                resource_subformat=cells.get("subformat", ""), share_type=share_type,
                share_condition="" if share_type == "不予共享" else basis,
                no_share_basis=basis if share_type == "不予共享" else "",
                open_to_public=cells.get("open_to_public", ""), open_condition=cells.get("open_condition", ""),
                update_cycle=cells.get("update_cycle", ""), publish_date=cells.get("publish_date", ""),
                related_codes=cells.get("related_codes", ""),
            )
            out.append(RegEntry(cells.get("matter_code", ""), cells.get("matter_name", ""), cells.get("provider", ""),
                                cells.get("provider_code", ""), entry))
            last_key = key
        name = cells.get("item.name", "")
        if name:
            dt = cells.get("item.data_type", "")
            out[-1].entry.items.append(
                InfoItem(name=name, data_type=data_type.canonical(dt) or dt, length=cells.get("item.length", ""))
            )
    return out


__all__ = ["Matter", "RegColumn", "RegEntry", "RegistrationError", "bureau_entries", "iter_bureau_entries",
           "iter_registration_rows", "registration_rows",
           "read_registration", "registration_spec", "unit_entries", "write_registration"]
