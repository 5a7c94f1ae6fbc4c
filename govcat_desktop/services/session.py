"""An open project: the file, its records in memory, and the findings of validation."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govcat_desktop.domain.collector import gc_paused
from govcat_desktop.domain.models import CatalogEntry, Demand, Matter, Project, ProjectInfo, Profile, Review
from govcat_desktop.formspec import FormSet, default_forms
from govcat_desktop.services.events import SessionEvents
from govcat_desktop.storage import ProjectFile
from govcat_desktop.validation import Finding, Validator


def default_profile(forms: FormSet, year: int | str | None = None) -> Profile:
    """The profile of forms/profile.toml with `year` (default: this year) applied to its deadlines."""
    year = str(year or _dt.date.today().year)
    raw = forms.profile
    deadlines = {f"deadline_{t}": f"{year}-{raw[f'deadline_{t}']}"
                 for t in ("t1", "t2", "t3", "t4") if raw.get(f"deadline_{t}")}
    return Profile(year=year, city=str(raw.get("city", "")), province=str(raw.get("province", "")), **deadlines)


def stored_id(record: Matter | CatalogEntry | Demand | Review) -> int:
    """The id of a stored record (a record of the session always has one; models type it optional)."""
    if record.id is None:
        raise ValueError("a stored record without an id")
    return record.id


class Session:
    """One open project. Edits go through commands (services.commands); each commits at once."""

    def __init__(self, store: ProjectFile, forms: FormSet | None = None) -> None:
        self.store = store
        self.forms = forms or default_forms()
        self.validator = Validator(self.forms)
        with gc_paused():  # 60,000 items and their entries, no cycles: the collector would walk them again and again
            self.project: Project = store.load()
        self.events = SessionEvents()  # fine-grained change events (services.events), no Qt
        self._reindex()

    # ----- opening ----------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False, forms: FormSet | None = None) -> Session:
        store = ProjectFile.open(path, readonly=readonly)
        try:
            return cls(store, forms)
        except BaseException:
            store.close()  # a file that opens but cannot be loaded must not stay locked
            raise

    @classmethod
    def create(cls, path: str | os.PathLike[str], info: ProjectInfo, forms: FormSet | None = None) -> Session:
        forms = forms or default_forms()
        if not info.profile.year:
            info = info.model_copy(update={"profile": default_profile(forms)})
        return cls(ProjectFile.create(path, info), forms)

    def close(self) -> None:
        self.store.close()

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def readonly(self) -> bool:
        return self.store.readonly

    # ----- lookup -------------------------------------------------------------
    def _reindex(self) -> None:
        self.matters: dict[int, Matter] = {stored_id(m): m for m in self.project.matters}
        self.entries: dict[int, tuple[Matter, CatalogEntry]] = {
            stored_id(e): (m, e) for m in self.project.matters for e in m.entries
        }
        self.demands: dict[int, Demand] = {stored_id(d): d for d in self.project.demands}
        self.reviews: dict[int, Review] = {stored_id(r): r for r in self.project.reviews}

    def _index_for(self, kind: str) -> dict:
        return self.demands if kind == "demand" else self.reviews

    def reload(self) -> None:
        self.project = self.store.load()
        self._reindex()
        self.events.reloaded.emit()

    # ----- in-memory mirror of store writes (called by commands) -------------
    def _place(self, records: list, record, pos: int | None) -> None:
        if pos is None or pos >= len(records):
            records.append(record)
        else:
            records.insert(pos, record)

    def _index_of(self, records: list, record_id: int) -> int:
        for i, r in enumerate(records):
            if r.id == record_id:
                return i
        raise KeyError(record_id)

    def add_matter(self, matter: Matter, pos: int | None = None) -> Matter:
        matter = matter.model_copy(deep=True)
        matter.id = matter_id = self.store.insert_matter(matter, pos)
        stored = self.store.get_matter(matter_id)
        if stored is None:  # pragma: no cover - written in the line above
            raise KeyError(matter_id)
        self._place(self.project.matters, stored, pos)
        self.matters[matter_id] = stored
        for entry in stored.entries:
            self.entries[stored_id(entry)] = (stored, entry)
        self.events.matters_changed.emit()
        return stored

    def append_matters(self, matters: list[Matter]) -> None:
        """Mirror matters just written to the end of the file (ids set, e.g. by a bulk import) without reloading.

        The session gets its own matter and entry records; the info items are shared (records are values here,
        nobody changes an InfoItem in place), so 60,000 of them cost nothing to mirror."""
        for matter in matters:
            entries = [
                e.model_copy(update={"items": list(e.items), "share_methods": list(e.share_methods)})
                for e in matter.entries
            ]
            mirror = matter.model_copy(update={"entries": entries})
            self.project.matters.append(mirror)
            self.matters[stored_id(mirror)] = mirror
            for entry in entries:
                self.entries[stored_id(entry)] = (mirror, entry)
        self.events.matters_changed.emit()

    def replace_matter(self, matter: Matter) -> None:
        """Update a matter's own fields (not its entries)."""
        self.store.update_matter(matter)
        current = self.matters[stored_id(matter)]
        for key in Matter.model_fields:
            if key not in ("id", "entries"):
                setattr(current, key, getattr(matter, key))

        self.events.matter_changed.emit(matter.id)

    def remove_matter(self, matter_id: int) -> tuple[Matter, int]:
        index = self._index_of(self.project.matters, matter_id)
        self.store.delete_matter(matter_id)
        matter = self.project.matters.pop(index)
        del self.matters[matter_id]
        for entry in matter.entries:
            self.entries.pop(stored_id(entry), None)
        self.events.matters_changed.emit()
        return matter, index

    def add_entry(self, matter_id: int, entry: CatalogEntry, pos: int | None = None) -> CatalogEntry:
        entry = entry.model_copy(deep=True)
        entry.id = entry_id = self.store.insert_entry(matter_id, entry, pos)
        matter = self.matters[matter_id]
        self._place(matter.entries, entry, pos)
        self.entries[entry_id] = (matter, entry)
        self.events.entry_inserted.emit(matter_id, entry_id, matter.entries.index(entry))
        return entry

    def replace_entry(self, entry: CatalogEntry, items: bool = True, deep: bool = True) -> None:
        """Update an entry (its info items too unless `items` is False: they did not change).

        deep=False (bulk edits): the lists are copied but the info items are shared; records are values here,
        nobody changes an InfoItem in place."""
        if deep:
            entry = entry.model_copy(deep=True)
        else:
            entry = entry.model_copy(update={"items": list(entry.items), "share_methods": list(entry.share_methods)})
        entry_id = stored_id(entry)
        matter, current = self.entries[entry_id]
        if current.code_exported and not entry.code_exported:
            entry.code_exported = current.code_exported  # an exported 信息资源代码 stays marked (edits, undo)
        if current.uid and not entry.uid:
            entry.uid = current.uid  # an entry's identity across versions (issue 22) stays through edits and undo
        self.store.update_entry(entry, items=items)
        matter.entries[self._index_of(matter.entries, entry_id)] = entry
        self.entries[entry_id] = (matter, entry)

        self.events.entry_changed.emit(entry.id)

    def remove_entry(self, entry_id: int) -> tuple[int, CatalogEntry, int]:
        matter, entry = self.entries[entry_id]
        index = self._index_of(matter.entries, entry_id)
        self.store.delete_entry(entry_id)
        matter.entries.pop(index)
        del self.entries[entry_id]
        self.events.entry_removed.emit(matter.id, entry_id)
        return stored_id(matter), entry, index

    def add_record(self, kind: str, record, pos: int | None = None):
        record = record.model_copy(deep=True)
        store_insert = self.store.insert_demand if kind == "demand" else self.store.insert_review
        record.id = store_insert(record, pos)
        records = self.project.demands if kind == "demand" else self.project.reviews
        self._place(records, record, pos)
        self._index_for(kind)[record.id] = record
        self.events.records_changed.emit(kind)
        return record

    def replace_record(self, kind: str, record) -> None:
        record = record.model_copy(deep=True)
        (self.store.update_demand if kind == "demand" else self.store.update_review)(record)
        records = self.project.demands if kind == "demand" else self.project.reviews
        records[self._index_of(records, record.id)] = record
        self._index_for(kind)[record.id] = record
        self.events.records_changed.emit(kind)

    def remove_record(self, kind: str, record_id: int):
        records = self.project.demands if kind == "demand" else self.project.reviews
        index = self._index_of(records, record_id)
        (self.store.delete_demand if kind == "demand" else self.store.delete_review)(record_id)
        record = records.pop(index)
        del self._index_for(kind)[record_id]
        self.events.records_changed.emit(kind)
        return record, index

    def set_singleton(self, kind: str, record) -> None:
        record = record.model_copy(deep=True)
        savers: dict[str, Callable[[Any], None]] = {
            "info": self.store.save_info, "contacts": self.store.save_contacts, "mechanism": self.store.save_mechanism}
        savers[kind](record)
        setattr(self.project, kind, record)
        self.events.settings_changed.emit(kind)

    # ----- validation -----------------------------------------------------------
    def findings(self) -> list[Finding]:
        from govcat_desktop.services.bureau.checks import extra_findings  # cross-unit checks, bureau comments

        return self.validator.validate(self.project) + extra_findings(self)
