"""Merging a work package back (issue 23): a three-way comparison of base / 本单位 / 科室, one undoable command.

Per field: a change only one side made is taken; the same field changed alike on both sides is no change; changed
differently it is a conflict (原值 / 本单位 / 科室), decided per field or per entry — nothing is overwritten without
a decision. An entry is the same record in both files by its id (the package keeps the coordinator's ids) and the
origin mark the package's copy carries (an id SQLite gives again to a new entry after a deletion is not taken for the
old entry). Entries for matters outside the package are flagged, never merged. After a merge the coordinator's base
of the package is the package as merged, so merging it again changes nothing.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govcat_desktop.domain.models import CatalogEntry, InfoItem, Matter, Project
from govcat_desktop.services.commands import AddEntry, Command, Composite, DeleteEntry, UpdateEntry, UpdateMatter
from govcat_desktop.services.rules import Refused
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile, package_store
from govcat_desktop.storage.package_store import BaseRow, Package

ORIGIN = "package_origin"  # a key of `extra` on the package's copy of an entry: the id it had when the package was cut
MATTER_FIELDS = ("code", "name", "kind", "dept", "no_data_reason")
_SKIP = frozenset({"id", "extra", "code_exported"})
MINE, THEIRS = "mine", "package"
CHOICES = {"本单位": MINE, "mine": MINE, "科室": THEIRS, "package": THEIRS, "工作包": THEIRS}
DELETED = "删除"
_LABELS = {"items": "信息项", "review_status": "审核状态", "review_note": "审核意见", "unconfirmed": "草稿未确认",
           "bulk_confirmed": "批量确认后未打开",
           DELETED: "目录本身（一方删除、另一方修改）"}
_MATTER_LABELS = {"code": "事项编码", "name": "事项名称", "kind": "事项类型", "dept": "实施部门",
                  "no_data_reason": "不产生数据的原因"}


def entry_values(entry: CatalogEntry) -> dict[str, Any]:
    """What is compared of an entry: its fields (info items as one), the forms' extra fields one by one."""
    values = entry.model_dump(mode="json", exclude=set(_SKIP))  # pydantic takes a set, not a frozenset
    for key, value in entry.extra.items():
        if key != ORIGIN:
            values["extra." + key] = value
    return values


def matter_values(matter: Matter) -> dict[str, Any]:
    return {k: getattr(matter, k) for k in MATTER_FIELDS}


def base_rows(matters: Iterable[Matter], local: Mapping[int, int] | None = None) -> list[BaseRow]:
    """The base of `matters` as they are (in the package's ids; `local` maps them to ids here, default the same)."""
    local = local or {}
    rows = []
    for m in matters:
        assert m.id is not None
        rows.append(BaseRow("matter", m.id, local.get(-m.id, m.id), json.dumps(matter_values(m), ensure_ascii=False)))
        for e in m.entries:
            assert e.id is not None
            data = {"matter": m.id, "tag": e.extra.get(ORIGIN, ""), "values": entry_values(e)}
            rows.append(BaseRow("entry", e.id, local.get(e.id, e.id), json.dumps(data, ensure_ascii=False)))
    return rows


def tag(matters: list[Matter]) -> list[Matter]:
    """The package's copies of `matters`: each entry marked with its origin (its id here)."""
    for m in matters:
        for e in m.entries:
            e.extra = {**e.extra, ORIGIN: str(e.id)}
    return matters


@dataclass
class Conflict:
    """One field (or a whole entry: field DELETED) that both sides changed differently."""

    key: str
    entry_id: int
    matter: str
    entry: str
    field: str
    label: str
    base: str
    mine: str
    theirs: str


@dataclass
class _EntryMerge:
    local_id: int
    rid: int
    mine: CatalogEntry | None
    theirs: CatalogEntry | None
    taken: list[str] = field(default_factory=list)  # fields to take from the package
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class MergePlan:
    """What merging one package would do, before any decision."""

    package: Package
    source: Path
    conflicts: list[Conflict]
    flags: list[str]
    changes: list[str]  # one line per change taken from the package without a question
    _entries: list[_EntryMerge]
    _matters: list[tuple[Matter, dict[str, Any]]]
    _added: list[tuple[int, CatalogEntry]]  # (matter id here, the package's new entry)
    _restores: list[tuple[str, int, CatalogEntry]]  # (conflict key, matter id here, entry deleted here, kept there)
    _rows: list[BaseRow]  # the new base, save new entries' local ids (filled when they are added)
    _old_rows: list[BaseRow]
    _old_package: Package

    @property
    def empty(self) -> bool:
        return not (self.conflicts or self.changes or self._added) and \
            sorted(self._rows, key=_row_key) == sorted(self._old_rows, key=_row_key)

    def unresolved(self, decisions: Mapping[str, str], default: str = "") -> list[Conflict]:
        return [c for c in self.conflicts if not _choice(c, decisions, default)]

    def command(self, session: Session, decisions: Mapping[str, str] | None = None, default: str = "",
                now: _dt.datetime | None = None) -> Command | None:
        """The one undoable command of this merge; Refused while a conflict is undecided. None: nothing to do."""
        decisions = decisions or {}
        left = self.unresolved(decisions, default)
        if left:
            shown = "；".join(f"{c.entry}／{c.label}" for c in left[:5])
            raise Refused(f"还有 {len(left)} 处冲突未决定（{shown}{'等' if len(left) > 5 else ''}），未合并。"
                          "请逐处选择采用“本单位”或“科室”的内容。")
        if self.empty:
            return None
        steps: list[Command] = []
        for matter, update in self._matters:
            steps.append(UpdateMatter(matter.model_copy(update={"entries": []}),
                                      matter.model_copy(update={"entries": [], **update})))
        adds: list[tuple[int, AddEntry]] = []
        for em in self._entries:
            steps += _entry_steps(em, decisions, default, adds)
        restored = [(m, e) for key, m, e in self._restores
                    if _choice(next(c for c in self.conflicts if c.key == key), decisions, default) == THEIRS]
        for matter_id, entry in self._added + restored:
            add = AddEntry(matter_id, _clean(entry))
            adds.append((entry.id or 0, add))
            steps.append(add)
        stamp = (now or _dt.datetime.now()).replace(microsecond=0).isoformat()
        steps.append(_PutBase(self._old_package, _replace(self._old_package, merged_at=stamp), self._old_rows,
                              self._rows, adds))
        return Composite(steps, text=f"合并“{self.package.assignee}”的工作包")


def _row_key(row: BaseRow) -> tuple:
    return (row.kind, row.record_id, row.local_id, row.data)


def _replace(package: Package, **changes: Any) -> Package:
    return Package(**{**package.__dict__, **changes})


def _choice(conflict: Conflict, decisions: Mapping[str, str], default: str) -> str:
    raw = decisions.get(conflict.key) or decisions.get(str(conflict.entry_id)) or default
    return CHOICES.get(raw.strip(), "") if raw else ""


def _clean(entry: CatalogEntry) -> CatalogEntry:
    """The package's copy as it becomes a record here: no id, no origin mark."""
    extra = {k: v for k, v in entry.extra.items() if k != ORIGIN}
    return entry.model_copy(update={"id": None, "extra": extra, "code_exported": ""}, deep=True)


def _take(mine: CatalogEntry, theirs: CatalogEntry, keys: Iterable[str]) -> CatalogEntry:
    update: dict[str, Any] = {}
    extra = dict(mine.extra)
    for key in keys:
        if key.startswith("extra."):
            name = key.removeprefix("extra.")
            if name in theirs.extra:
                extra[name] = theirs.extra[name]
            else:
                extra.pop(name, None)
        elif key == "items":
            update["items"] = [InfoItem.model_construct(**i.model_dump()) for i in theirs.items]
        else:
            value = getattr(theirs, key)
            update[key] = list(value) if isinstance(value, list) else value
    update["extra"] = extra
    return mine.model_copy(update=update)


def _entry_steps(em: _EntryMerge, decisions: Mapping[str, str], default: str,
                 adds: list[tuple[int, AddEntry]]) -> list[Command]:
    chosen = {c.field: _choice(c, decisions, default) for c in em.conflicts}
    if DELETED in chosen:
        if chosen[DELETED] != THEIRS:
            return []
        if em.theirs is None:  # the package deleted it, this unit changed it: deleted as the package says
            assert em.mine is not None and em.mine.id is not None
            return [DeleteEntry(em.mine.id)]
        return []  # restoring an entry deleted here is added by the plan (see _added)
    if em.theirs is None:
        assert em.mine is not None and em.mine.id is not None
        return [DeleteEntry(em.mine.id)] if em.taken == [DELETED] else []
    if em.mine is None:
        return []
    keys = em.taken + [k for k, c in chosen.items() if c == THEIRS]
    if not keys:
        return []
    new = _take(em.mine, em.theirs, keys)
    return [UpdateEntry(em.mine.model_copy(deep=True), new)] if new != em.mine else []


@dataclass
class _PutBase(Command):
    """The package's base and row in this file, replaced by the merged ones (undo puts the old ones back)."""

    old_package: Package
    new_package: Package
    old_rows: list[BaseRow]
    new_rows: list[BaseRow]
    adds: list[tuple[int, AddEntry]]
    text: str = "合并工作包"

    def do(self, session: Session) -> None:
        rows = list(self.new_rows)
        for rid, add in self.adds:  # entries the merge added here: their ids are known once added
            if add.entry_id is not None:
                rows = [BaseRow(r.kind, r.record_id, add.entry_id, r.data)
                        if r.kind == "entry" and r.record_id == rid else r for r in rows]
        package_store.put_package(session.store, self.new_package)
        package_store.put_base(session.store, self.new_package.id, rows)

    def undo(self, session: Session) -> None:
        package_store.put_package(session.store, self.old_package)
        package_store.put_base(session.store, self.old_package.id, self.old_rows)


# ----- reading a package ------------------------------------------------------------------------------------------
def read_package(session: Session, source: str | os.PathLike[str]) -> tuple[Package, Project]:
    """The package file as a file from outside (every check of an untrusted open), refused unless it is a package
    this project cut, of this unit."""
    from govcat_desktop.services.packages import own_package

    if own_package(session) is not None:
        raise Refused("当前打开的是工作包，不能向工作包合并；请在本单位的项目中合并。")
    path = Path(source)
    store = ProjectFile.open(path, readonly=True, make_backup=False, untrusted_source=True)
    try:
        project = store.load()
        package = package_store.own_package(store)
    finally:
        store.close()
    info = session.project.info
    if package is None:
        raise Refused(f"“{path.name}”是普通的项目文件，不是工作包，未合并。工作包由“导出工作包”生成。")
    codes = {package.org_code.strip(), project.info.org_code.strip()}
    if codes != {info.org_code.strip()}:
        other = project.info.org_name or package.org_name
        raise Refused(f"“{path.name}”是“{other}”"
                      f"（统一社会信用代码 {project.info.org_code or package.org_code}）的工作包，"
                      f"不是本单位（{info.org_name}，{info.org_code}）的，未合并。")
    sent = {p.id: p for p in package_store.packages(session.store, package_store.SENT)}
    if package.id not in sent:
        raise Refused(f"“{path.name}”不是从本项目导出的工作包（可能来自本单位的另一个项目文件），未合并。")
    return sent[package.id], project


def _parse_base(rows: list[BaseRow]) -> tuple[dict[int, tuple[int, dict]], dict[int, tuple[int, int, str, dict]]]:
    matters: dict[int, tuple[int, dict]] = {}
    entries: dict[int, tuple[int, int, str, dict]] = {}
    for row in rows:  # the coordinator's own file: written by us
        data = json.loads(row.data)
        if row.kind == "matter":
            matters[row.record_id] = (row.local_id, data)
        else:
            entries[row.record_id] = (row.local_id, data["matter"], data.get("tag", ""), data["values"])
    return matters, entries


# ----- the three-way comparison -------------------------------------------------------------------------------------
def shown(value: Any) -> str:
    """A value as a person reads it in a conflict (原值 / 本单位 / 科室)."""
    if value is None:
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):  # info items
            return "、".join(
                f"{i.get('name', '')}（{i.get('data_type', '')}{',' + i['length'] if i.get('length') else ''}）"
                for i in value)
        return "、".join(str(v) for v in value) or "（空）"
    return str(value) or "（空）"


def _label(session: Session, key: str) -> str:
    if key in _LABELS:
        return _LABELS[key]
    try:
        return session.forms["catalog"].field(key.removeprefix("extra.")).label
    except KeyError:
        return key


def plan_merge(session: Session, source: str | os.PathLike[str]) -> MergePlan:
    """Compare the package at `source` with its base and this project; nothing is written."""
    sent, theirs_project = read_package(session, source)
    old_rows = package_store.base(session.store, sent.id)
    base_matters, base_entries = _parse_base(old_rows)
    flags: list[str] = []
    changes: list[str] = []
    conflicts: list[Conflict] = []
    merges: list[_EntryMerge] = []
    matter_updates: list[tuple[Matter, dict[str, Any]]] = []
    added: list[tuple[int, CatalogEntry]] = []
    restores: list[tuple[str, int, CatalogEntry]] = []
    new_rows: list[BaseRow] = []
    seen_rids: set[int] = set()
    in_package = set(sent.matters)
    theirs_by_id = {m.id: m for m in theirs_project.matters}
    for pm, (local, _values) in base_matters.items():
        if pm not in theirs_by_id:
            flags.append(f"科室的工作包中没有事项“{_values.get('name', '')}”（可能被删除），本单位的该事项未改动。")
            new_rows += [r for r in old_rows if r.kind == "matter" and r.record_id == pm]
            new_rows += [r for r in old_rows if r.kind == "entry" and json.loads(r.data)["matter"] == pm]
    for tm in theirs_project.matters:
        assert tm.id is not None
        if tm.id not in base_matters or base_matters[tm.id][0] not in in_package:
            flags.append(f"科室新增了事项“{tm.name}”（{tm.code or '无编码'}），不在分给该科室的事项之内，"
                         f"它和它的 {len(tm.entries)} 条目录未合并。")
            continue
        local_matter, bvalues = base_matters[tm.id]
        mine_matter = session.matters.get(local_matter)
        if mine_matter is None:
            if tm.entries:
                flags.append(f"事项“{tm.name}”已在本单位的项目中删除，科室为它填写的 {len(tm.entries)} 条目录未合并。")
            continue
        if tm.assignee != sent.assignee:  # the division of work is the coordinator's: said, not merged
            flags.append(f"科室把事项“{tm.name}”的承办科室改为“{tm.assignee or '（未分配）'}”，未合并"
                         "（分工由本单位决定，可在“承办科室”列修改）。")
        update = {}
        tvalues, mvalues = matter_values(tm), matter_values(mine_matter)
        for key in MATTER_FIELDS:
            if tvalues[key] != bvalues.get(key) and mvalues[key] == bvalues.get(key):
                update[key] = tvalues[key]
                changes.append(f"事项“{mine_matter.name}”的{_MATTER_LABELS[key]}：{shown(tvalues[key])}")
            elif tvalues[key] != bvalues.get(key) and mvalues[key] != tvalues[key]:
                flags.append(f"事项“{mine_matter.name}”的{_MATTER_LABELS[key]}两边改得不同（本单位：{shown(mvalues[key])}；"
                             f"科室：{shown(tvalues[key])}），保留本单位的。")
        if update:
            matter_updates.append((mine_matter, update))
        new_rows.append(BaseRow("matter", tm.id, local_matter, json.dumps(tvalues, ensure_ascii=False)))
        for te in tm.entries:
            assert te.id is not None
            known = base_entries.get(te.id)
            tvals = entry_values(te)
            data = {"matter": tm.id, "tag": te.extra.get(ORIGIN, ""), "values": tvals}
            if known is None or known[2] != te.extra.get(ORIGIN, "") or te.id in seen_rids:
                added.append((local_matter, te))
                changes.append(f"新增目录“{te.name}”（事项“{mine_matter.name}”）")
                new_rows.append(BaseRow("entry", te.id, 0, json.dumps(data, ensure_ascii=False)))
                continue
            seen_rids.add(te.id)
            local_id, base_matter, _tag, bvals = known
            if base_matter != tm.id:
                flags.append(f"科室把目录“{te.name}”移到了事项“{tm.name}”；本单位中它仍在原事项下（移动未合并）。")
            new_rows.append(BaseRow("entry", te.id, local_id, json.dumps(data, ensure_ascii=False)))
            current = session.entries.get(local_id)
            em = _EntryMerge(local_id, te.id, current[1] if current else None, te)
            _compare(session, em, bvals, tvals, mine_matter.name, changes, restores, local_matter)
            conflicts += em.conflicts
            merges.append(em)
    for rid, (local_id, base_matter, _tag, bvals) in base_entries.items():
        if (rid in seen_rids or base_matter not in theirs_by_id
                or base_matters.get(base_matter, (None,))[0] not in in_package):
            continue
        current = session.entries.get(local_id)  # deleted in the package
        if current is None:
            continue
        em = _EntryMerge(local_id, rid, current[1], None)
        if entry_values(current[1]) == bvals:
            em.taken = [DELETED]
            changes.append(f"删除目录“{current[1].name}”（科室已删除）")
        else:
            em.conflicts.append(Conflict(f"{local_id}.{DELETED}", local_id, current[0].name, current[1].name, DELETED,
                                         _label(session, DELETED), "（原目录）", "已修改", "已删除"))
            conflicts += em.conflicts
        merges.append(em)
    return MergePlan(sent, Path(source), conflicts, flags, changes, merges, matter_updates, added, restores,
                     new_rows, old_rows, sent)


def _compare(session: Session, em: _EntryMerge, bvals: dict, tvals: dict, matter: str, changes: list[str],
             restores: list[tuple[str, int, CatalogEntry]], local_matter: int) -> None:
    assert em.theirs is not None
    if em.mine is None:  # deleted here
        if tvals != bvals:
            em.conflicts.append(Conflict(f"{em.local_id}.{DELETED}", em.local_id, matter, em.theirs.name, DELETED,
                                         _label(session, DELETED), "（原目录）", "已删除", "已修改"))
            restores.append((em.conflicts[-1].key, local_matter, em.theirs))  # taken only when decided 科室
        return
    mvals = entry_values(em.mine)
    for key in tvals.keys() | bvals.keys() | mvals.keys():
        bv, tv, mv = bvals.get(key), tvals.get(key), mvals.get(key)
        if tv == bv or tv == mv:
            continue
        if mv == bv:
            em.taken.append(key)
            if key == "unconfirmed":  # "草稿未确认：否" reads badly
                changes.append(f"目录“{em.mine.name}”：{'重新标为未确认的草稿' if tv else '草稿已经人工确认'}")
            else:
                changes.append(f"目录“{em.mine.name}”的{_label(session, key)}：{shown(tv)}")
        else:
            em.conflicts.append(Conflict(f"{em.local_id}.{key}", em.local_id, matter, em.mine.name, key,
                                         _label(session, key), shown(bv), shown(mv), shown(tv)))
