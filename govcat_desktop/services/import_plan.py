"""Import planning: what an editable copy or a matter list would change (added, changed, unchanged, kept), as
one undoable command (a Composite) the caller pushes; nothing is written by the preview."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.domain.models import CatalogEntry, Contacts, Demand, Matter, Mechanism, Person, Review
from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange.copies import ParsedCopy
from govcat_desktop.exchange.errors import ImportRefused
from govcat_desktop.exchange.notes import Note
from govcat_desktop.domain.collector import gc_paused
from govcat_desktop.exchange.reader import Book
from govcat_desktop.services.commands import (
    AddEntry,
    AddMatter,
    AddRecord,
    Command,
    Composite,
    SetSingleton,
    UpdateEntry,
    UpdateMatter,
    UpdateRecord,
)
from govcat_desktop.services import scope as scope_mod
from govcat_desktop.services.notify import Notifier, SilentNotifier
from govcat_desktop.services.rules import EntryWrite
from govcat_desktop.services.session import Session
from govcat_desktop.services.sizes import size_problem
from govcat_desktop.services.copy_reading import read_source
from govcat_desktop.services.export import Cancelled

AUTO_SCOPE = "auto"  # preview_import(depts=AUTO_SCOPE): remembered or guessed departments
IMPORT_KINDS = ("catalog", "matters", "demand", "review", "contacts", "mechanism")
REVIEW_ANSWER = ("decision", "matched_entry", "provide_items", "reason", "withheld_items")


BULK_MATTERS = 50  # from this many new matters on, one bulk insert and one reload beat one command each


@dataclass
class AddMatters(Command):
    """Append many new matters with their entries in one transaction, mirrored in memory without a reload
    (undo deletes them again and reloads).

    Ids given by the first do() are kept, so a redo restores the same records that later commands refer to.
    """

    matters: list[Matter]
    text: str = "导入事项"

    def entry_writes(self, session: Session) -> Iterable[EntryWrite]:
        return [(matter, None, entry) for matter in self.matters for entry in matter.entries]

    def do(self, session: Session) -> None:
        session.store.append_matters(self.matters)  # sets the ids of matters and entries
        session.append_matters(self.matters)

    def undo(self, session: Session) -> None:
        with session.store.transaction():
            for matter in reversed(self.matters):
                session.store.delete_matter(matter.id)
        session.reload()



# ----- preview ---------------------------------------------------------------------------
@dataclass
class Change:
    """One record that an import changes: its label and (field, old, new) per changed field."""

    label: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        parts = "；".join(f"{f}：“{_short(o)}” → “{_short(n)}”" for f, o, n in self.fields)
        return f"{self.label}（{parts}）"


@dataclass
class ImportPreview:
    """What an import would do; `command` applies it all at once (push it on an undo stack)."""

    kind: str
    sources: list[str]
    added: list[str] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: int = 0
    repairs: list[Note] = field(default_factory=list)
    problems: list[Note] = field(default_factory=list)
    copies: list[ParsedCopy] = field(default_factory=list)
    command: Command | None = None
    departments: Counter = field(default_factory=Counter)  # 实施部门 → matters, of the matter lists read
    scope: list[str] | None = None  # the departments kept (None: all)
    left_out: int = 0  # matters of other departments not imported

    @property
    def fingerprint(self) -> str:
        return self.copies[0].fingerprint if self.copies else ""

    @property
    def edited(self) -> bool:
        return any(c.edited for c in self.copies)

    @property
    def empty(self) -> bool:
        return self.command is None

    def summary(self) -> str:
        label = L.KIND_LABEL.get(self.kind, "多种记录")
        lines = [f"导入{label}：新增 {len(self.added)} 条，修改 {len(self.changed)} 条，不变 {len(self.unchanged)} 条"
                 + (f"；项目中另有 {self.kept} 条记录不在文件中，保持不变" if self.kept else "") + "。"]
        for copy in self.copies:
            if copy.stored_fingerprint:
                state = "（导出后已被修改）" if copy.edited else "（与导出时一致）"
                lines.append(f"“{Path(copy.path).name}”校验码：{copy.fingerprint}，导出时：{copy.stored_fingerprint}{state}")
            elif copy.fingerprint:
                lines.append(f"“{Path(copy.path).name}”内容校验码：{copy.fingerprint}")
        if len(self.departments) > 1 or self.scope:
            lines.append(scope_mod.describe(self.departments, self.scope or []))
        lines.append(f"自动修正 {len(self.repairs)} 处，需要注意的问题 {len(self.problems)} 个。")
        return "\n".join(lines)


def preview_import(
    session: Session,
    sources: Sequence[str | os.PathLike[str] | Book],
    *,
    kind: str | None = None,
    mapping: dict | None = None,
    notifier: Notifier | None = None,
    depts: Sequence[str] | str | None = None,
) -> ImportPreview:
    """Read every source and compare with the project; nothing changes until `preview.command` is pushed.

    A source is a path, or a Book already opened by exchange.reader.open_book (so that calamine can read it ahead
    while the caller opens the project); each source is closed once read.

    `depts`: keep only the matter-list rows of these 实施部门 (None keeps all; AUTO_SCOPE: the departments remembered
    from the last import, else guessed from the unit's name); the choice is remembered in the project with the
    import (ProjectInfo.matter_depts), see services/scope.py.
    """
    if kind is not None and kind not in IMPORT_KINDS:
        raise ImportRefused(f"未知的导入类型“{kind}”，应为：{'、'.join(IMPORT_KINDS)}。")
    if not sources:
        raise ImportRefused("没有指定要导入的文件。")
    notifier = notifier or SilentNotifier()
    forms = session.forms
    info = session.project.info
    with gc_paused():
        copies: list[ParsedCopy] = []
        for i, source in enumerate(sources):
            path = source.path if isinstance(source, Book) else Path(source)
            if not notifier.progress(i, len(sources), f"正在读取“{path.name}”"):
                raise Cancelled("已取消导入，项目未作任何修改。")
            copy = read_source(source, forms, kind, mapping, info.org_name)
            reason = size_problem(path.name, copy.matters, copy.demands, copy.reviews)
            if reason:
                raise ImportRefused(f"文件{reason}。项目未作任何修改。")
            copies.append(copy)
        kinds = {c.kind for c in copies}
        names = [str(s.path if isinstance(s, Book) else s) for s in sources]
        preview = ImportPreview(kinds.pop() if len(kinds) == 1 else "mixed", names, copies=copies)
        lists = [c for c in copies if c.kind == "matters" and not c.with_entries]
        for copy in lists:
            preview.departments.update(scope_mod.departments(copy.matters))
        if isinstance(depts, str):
            depts = scope_mod.default_scope(session, preview.departments)
        if depts is not None:
            for copy in lists:
                copy.matters, dropped = scope_mod.keep_own(copy.matters, depts)
                preview.left_out += dropped
        if depts is not None and preview.departments:
            preview.scope = [d for d in depts if d in preview.departments] or list(depts)
        for copy in copies:
            preview.repairs.extend(copy.repairs)
            preview.problems.extend(copy.problems)
            _check_origin(copy, info.org_code, info.region, preview)
        if not notifier.progress(len(sources), len(sources), "正在比较"):
            raise Cancelled("已取消导入，项目未作任何修改。")
        _Planner(session, preview).plan(copies)
        scope_mod.remember(session, preview)
    return preview


def _check_origin(copy: ParsedCopy, org_code: str, region: str, preview: ImportPreview) -> None:
    name = Path(copy.path).name
    meta = copy.meta
    if copy.edited:
        preview.problems.append(Note(name, "", "", f"文件内容与导出时不一致（导出时校验码 {copy.stored_fingerprint}，现为 {copy.fingerprint}），导出后可能被修改过，请核对", "warning"))
    if meta.get("org_code") and meta["org_code"] != org_code and copy.kind != "review":
        preview.problems.append(Note(name, "", "", f"此文件由“{meta.get('org_name', '')}”（{meta['org_code']}）导出，与本项目的单位不同，请确认", "warning"))
    if copy.kind == "mechanism" and copy.region and region and copy.region != region:
        preview.problems.append(Note(name, L.MECHANISM.name, "", f"文件中的县（区）为“{copy.region}”，本项目为“{region}”，请确认", "warning"))


class _Planner:
    """Compares incoming records with the project by key and builds one Composite command."""

    def __init__(self, session: Session, preview: ImportPreview) -> None:
        self.session, self.preview = session, preview
        self.forms = session.forms
        self.commands: list[Command] = []

    def plan(self, copies: list[ParsedCopy]) -> None:
        project = self.session.project
        self._matters_left = _index(project.matters, lambda m: m.code)
        self._demands_left = _index(project.demands, _demand_key)
        self._reviews_left = _index(project.reviews, _review_key)
        touched_entries = 0
        for copy in copies:
            if copy.kind in ("catalog", "matters"):
                touched_entries += self._matters(copy.matters, copy.with_entries)
            elif copy.kind == "demand":
                self._records("demand", copy.demands, self._demands_left, _demand_key, self._demand_label)
            elif copy.kind == "review":
                self._records("review", copy.reviews, self._reviews_left, _review_key, self._review_label)
            elif copy.kind == "contacts" and copy.contacts is not None:
                self._singleton("contacts", _merge_contacts(project.contacts, copy.contacts))
            elif copy.kind == "mechanism" and copy.mechanism is not None:
                self._singleton("mechanism", copy.mechanism)
        kinds = {c.kind for c in copies}
        kept = 0
        if kinds & {"catalog", "matters"}:
            kept += sum(len(v) for v in self._matters_left.values())
        if "catalog" in kinds:
            kept += project.entry_count() - touched_entries - sum(
                len(m.entries) for v in self._matters_left.values() for m in v
            )
        if "demand" in kinds:
            kept += sum(len(v) for v in self._demands_left.values())
        if "review" in kinds:
            kept += sum(len(v) for v in self._reviews_left.values())
        self.preview.kept = max(kept, 0)
        if self.commands:
            label = L.KIND_LABEL.get(self.preview.kind, "")
            self.preview.command = Composite(self.commands, text=f"导入{label}" if label else "导入")

    # ----- matters and entries --------------------------------------------------------
    def _matters(self, matters: list[Matter], with_entries: bool) -> int:
        """Plan matters (and their entries); returns how many existing entries were compared."""
        compared = 0
        new_matters: list[Matter] = []
        for incoming in matters:
            label = f"事项 {incoming.name}（{incoming.code}）" if incoming.code else f"事项 {incoming.name}".strip()
            existing = _take(self._matters_left, incoming.code)
            if existing is None:
                # parsed records belong to this preview: no copy (the command copies when it runs)
                new = incoming if with_entries else incoming.model_copy(update={"entries": []})
                new_matters.append(new)
                self.preview.added.append(label)
                self.preview.added.extend(f"目录 {incoming.name}／{e.name}" for e in new.entries)
                continue
            fields = self._diff("matter", existing, incoming, ("code", "name", "kind", "dept"))
            if fields:
                old = Matter.model_construct(**{k: getattr(existing, k) for k in ("id", "code", "name", "kind", "dept")}, entries=[])
                new = Matter.model_construct(**{k: getattr(incoming, k) for k in ("code", "name", "kind", "dept")}, id=existing.id, entries=[])
                self.commands.append(UpdateMatter(old, new))
                self.preview.changed.append(Change(label, fields))
            else:
                self.preview.unchanged.append(label)
            if with_entries:
                compared += self._entries(existing, incoming)
        if len(new_matters) >= BULK_MATTERS:
            self.commands.insert(0, AddMatters(new_matters))
        else:
            self.commands.extend(AddMatter(m) for m in new_matters)
        return compared

    def _entries(self, existing: Matter, incoming: Matter) -> int:
        left = _index(existing.entries, lambda e: e.name)
        compared = 0
        for entry in incoming.entries:
            label = f"目录 {existing.name}／{entry.name}"
            old = _take(left, entry.name)
            if old is None:
                self.commands.append(AddEntry(existing.id, entry))
                self.preview.added.append(label)
                continue
            compared += 1
            keys = tuple(k for k in CatalogEntry.model_fields if k not in ("id", "code_exported", "unconfirmed",
                                                                           "bulk_confirmed"))
            fields = self._diff("catalog", old, entry, keys)
            if fields:
                new = entry.model_copy(deep=True)
                new.id = old.id
                new.code_exported = old.code_exported or entry.code_exported  # an exported code stays frozen
                self.commands.append(UpdateEntry(old.model_copy(deep=True), new))
                self.preview.changed.append(Change(label, fields))
            else:
                self.preview.unchanged.append(label)
        return compared

    # ----- demands and reviews ------------------------------------------------------
    def _records(self, kind: str, records: list, left: dict, key, labeller) -> None:
        model = Demand if kind == "demand" else Review
        keys = tuple(k for k in model.model_fields if k != "id")
        for record in records:
            old = _take(left, key(record))
            label = labeller(record)
            if old is None:
                self.commands.append(AddRecord(kind, record))
                self.preview.added.append(label)
                continue
            new = record.model_copy(deep=True)
            if kind == "review" and not any(getattr(record, k) for k in REVIEW_ANSWER):
                for k in REVIEW_ANSWER:  # an incoming list without answers keeps the answers given
                    setattr(new, k, getattr(old, k))
            if kind == "review" and old.received_date and not (new.received_date and new.received_date < old.received_date):
                new.received_date = old.received_date  # the review deadline runs from the first receipt
            new.id = old.id
            fields = self._diff(kind, old, new, keys)
            if fields:
                self.commands.append(UpdateRecord(kind, old.model_copy(deep=True), new))
                self.preview.changed.append(Change(label, fields))
            else:
                self.preview.unchanged.append(label)

    def _demand_label(self, d: Demand) -> str:
        return f"需求 {d.provider}：{d.catalog_name or d.data_name}"

    def _review_label(self, r: Review) -> str:
        return f"审核 {r.requester}：{r.data_name}"

    # ----- contacts and mechanism ------------------------------------------------
    def _singleton(self, kind: str, new) -> None:
        old = getattr(self.session.project, kind)
        label = L.KIND_LABEL[kind]
        if kind == "contacts":
            fields = []
            for role, key in L.CONTACT_ROLES:
                for name, o, n in self._diff("person", getattr(old, key), getattr(new, key), tuple(Person.model_fields)):
                    fields.append((f"{role}{name}", o, n))
            if old.fill_date != new.fill_date:
                fields.append(("填报日期", old.fill_date, new.fill_date))
        else:
            fields = self._diff(kind, old, new, tuple(Mechanism.model_fields))
        if fields:
            self.commands.append(SetSingleton(kind, old.model_copy(deep=True), new))
            self.preview.changed.append(Change(label, fields))
        else:
            self.preview.unchanged.append(label)

    # ----- differences -------------------------------------------------------------------
    def _diff(self, form: str, old, new, keys: tuple[str, ...]) -> list[tuple[str, str, str]]:
        out = []
        for key in keys:
            a, b = getattr(old, key), getattr(new, key)
            if key == "items" and isinstance(a, list) and a and not isinstance(a[0], str):
                a = [i.model_dump() for i in a]
                b = [i.model_dump() if not isinstance(i, dict) else i for i in b]
                if a != b:
                    out.append(("信息项", _items_text(getattr(old, key)), _items_text(getattr(new, key))))
                continue
            if key == "items" and isinstance(b, list) and b and not isinstance(b[0], str):
                out.append(("信息项", "", _items_text(b)))
                continue
            if a != b:
                out.append((self._label(form, key), _text(a), _text(b)))
        return out

    def _label(self, form: str, key: str) -> str:
        try:
            return self.forms[form].field(key).label
        except KeyError:
            return key


def _items_text(items) -> str:
    return "、".join(f"{i.name}({i.data_type}{i.length})" for i in items)


def _text(value) -> str:
    return "、".join(value) if isinstance(value, list) else str(value)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _index(records, key) -> dict:
    out: dict = {}
    for r in records:
        out.setdefault(key(r), []).append(r)
    return out


def _take(index: dict, key):
    bucket = index.get(key)
    if not bucket:
        return None
    record = bucket.pop(0)
    if not bucket:
        del index[key]
    return record


def _demand_key(d: Demand) -> tuple[str, str]:
    return (d.provider, d.data_name or d.catalog_name)


def _review_key(r: Review) -> tuple[str, str]:
    return (r.requester, r.data_name)


def _merge_contacts(old: Contacts, new: Contacts) -> Contacts:
    """The copy's contacts; a person or date missing from the copy keeps the project's."""
    merged = new.model_copy(deep=True)
    for _, key in L.CONTACT_ROLES:
        if getattr(new, key) == Person():
            setattr(merged, key, getattr(old, key).model_copy())
    if not new.fill_date:
        merged.fill_date = old.fill_date
    return merged

