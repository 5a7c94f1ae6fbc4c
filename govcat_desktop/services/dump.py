"""Deterministic JSON of every record of a project, without internal ids.

A bureau project (市大数据局, 县（区）主管机构) also holds what its units submitted: `units` lists each unit
with every submission it made (task, source file, fingerprint, counts; earlier ones flagged `superseded`) and
the records of its current ones, so what went into a merge can be compared with what the bureau holds.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from govcat_desktop.domain.models import Project
from govcat_desktop.domain.roles import BUREAU_ROLES
from govcat_desktop.storage.bureau_store import BureauStore
from govcat_desktop.storage.life_store import LifeStore
from govcat_desktop.storage.project_file import ProjectFile

KIND_ORDER = ("contacts", "mechanism", "catalog", "demand", "review")


# Internal bookkeeping, like ids: when an entry's 信息资源代码 first left the project (it freezes the code).
# Likewise an entry's identity across versions (issue 22), given when it first leaves the project, and the number of
# a version being exported (never stored).
_INTERNAL = frozenset({"id", "code_exported", "uid", "version"})


def _strip_ids(value: Any) -> Any:
    if isinstance(value, dict):
        out = {k: _strip_ids(v) for k, v in value.items() if k not in _INTERNAL and k != "extra"}
        extra = value.get("extra")
        if isinstance(extra, dict):  # an entry's fields declared in forms/ dump like its other fields
            out.update({k: v for k, v in extra.items() if k not in out})
        return out
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def _key(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def project_dump(project: Project) -> dict[str, Any]:
    """Records sorted by content, so two projects holding the same records dump the same."""
    data = _strip_ids(project.model_dump(mode="json"))
    for matter in data["matters"]:
        matter["entries"].sort(key=_key)
    data["matters"].sort(key=lambda m: (m["code"], m["name"], _key(m)))
    data["demands"].sort(key=_key)
    data["reviews"].sort(key=_key)
    return data


def units_dump(store: ProjectFile) -> list[dict[str, Any]]:
    """Every unit of a bureau project: its submissions (history flagged) and the records of the current ones.

    Records are sorted by content and carry no internal ids; receipt times are left out (they differ between
    two merges of the same files), so two bureau projects that took in the same files dump the same.
    """
    bureau = BureauStore(store)
    marks = bureau.entry_marks()
    life = LifeStore(store)
    change_marks = {r[1]: r[4] for r in life.current_marks()}  # issue 22: 新增 / 变更 against the accepted version
    versions = life.versions()
    records: dict[int, dict[str, Any]] = defaultdict(dict)
    for unit_id, matter in bureau.current_matters():
        records[unit_id].setdefault("catalog", {"matters": [], "entries": []})["matters"].append(
            _strip_ids(matter.model_dump(mode="json", exclude={"entries"})))
    for unit_id, entry_id, code, name, entry in bureau.current_entries():
        row = {"matter_code": code, "matter_name": name, **_strip_ids(entry.model_dump(mode="json"))}
        status, note = marks.get(entry_id, ("", ""))
        row["bureau_status"], row["bureau_note"] = status, note
        row["change_mark"] = change_marks.get(entry_id, "")
        records[unit_id].setdefault("catalog", {"matters": [], "entries": []})["entries"].append(row)
    for kind in ("demand", "review"):
        for unit_id, _, record in bureau.current_records(kind):
            records[unit_id].setdefault(kind, []).append(_strip_ids(record.model_dump(mode="json")))
    comments: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for c in bureau.comments(origin="bureau"):
        comments[c.unit_id].append({
            "kind": c.kind, "matter_code": c.matter_code, "record": c.record_name, "item": c.item_name,
            "field": c.field, "decision": c.decision, "message": c.message, "status": c.status,
            "resolution": c.resolution,
        })
    by_unit: dict[int, list] = defaultdict(list)
    for sub in bureau.submissions():
        by_unit[sub.unit_id].append(sub)
    out: list[dict[str, Any]] = []
    for unit in bureau.units():
        subs = sorted(by_unit[unit.id], key=lambda s: (KIND_ORDER.index(s.kind) if s.kind in KIND_ORDER else 99, s.id))
        held = records.get(unit.id, {})
        listed = []
        for sub in subs:
            listing: dict[str, Any] = {
                "task": sub.kind, "source": sub.source, "fingerprint": sub.fingerprint, "superseded": sub.superseded,
                "errors": sub.errors, "warnings": sub.warnings, "records": sub.records, "items": sub.items,
                "review_status": sub.review_status, "review_note": sub.review_note,
            }
            if sub.kind == "catalog":
                listing["version"] = versions.get(sub.id, 0)
            if not sub.superseded:
                listing["data"] = _current_data(bureau, unit.id, sub.kind, held)
                if sub.kind == "catalog":
                    listing["data"]["withdrawn"] = _withdrawn(life, sub.id)
            listed.append(listing)
        out.append({
            "org_name": unit.org_name, "org_code": unit.org_code, "region": unit.region, "role": unit.role,
            "submissions": listed,
            "comments": sorted(comments.get(unit.id, []), key=_key),
        })
    out.sort(key=lambda u: (u["org_name"], u["org_code"]))
    return out


def _withdrawn(life: LifeStore, submission_id: int) -> list[dict[str, Any]]:
    """The 注销 entries of a current catalog with the bureau's decision on each (待确认 / 已确认 / 不予注销)."""
    rows = [{"matter_code": w.matter_code, "matter_name": w.matter_name, "name": w.name, "reason": w.reason,
             "note": w.note, "status": w.status, "bureau_note": w.bureau_note}
            for w in life.withdrawn(submission_id=submission_id)]
    return sorted(rows, key=lambda r: (r["matter_code"], r["name"], _key(r)))


def _current_data(bureau: BureauStore, unit_id: int, kind: str, held: dict[str, Any]) -> Any:
    if kind in ("contacts", "mechanism"):
        text = bureau.current_singleton(unit_id, kind)
        return _strip_ids(json.loads(text)) if text else None
    if kind == "catalog":
        catalog = held.get("catalog", {"matters": [], "entries": []})
        return {"matters": sorted(catalog["matters"], key=lambda m: (m["code"], m["name"], _key(m))),
                "entries": sorted(catalog["entries"], key=lambda e: (e["matter_code"], e["name"], _key(e)))}
    return sorted(held.get(kind, []), key=_key)


def dump_json(project: Project, store: ProjectFile | None = None) -> str:
    """The project's records; with `store` of a bureau project, also its units' submissions."""
    data = project_dump(project)
    if store is not None and project.info.role in BUREAU_ROLES:
        data["units"] = units_dump(store)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
