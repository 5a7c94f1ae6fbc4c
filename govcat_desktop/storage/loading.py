"""Loading a whole project from its file: one query per table, records built without re-validation.

The file's values were checked (storage.values.check_values) before this runs; the rows become pydantic
records with model_construct — and the info items (60,000 in a department) through a faster constructor
that sets exactly what model_construct sets, verified against it once per process.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from govcat_desktop.storage.declared import decode
from govcat_desktop.domain.models import CatalogEntry, Contacts, InfoItem, Matter, Mechanism, Project, Withdrawals

if TYPE_CHECKING:
    from govcat_desktop.storage.project_file import ProjectFile


FLAGS = ("unconfirmed", "bulk_confirmed")  # the entry's 0/1 columns, read back as booleans


@functools.cache
def _item_maker() -> Callable[[str, str, str, str], InfoItem]:
    """InfoItem(name, data_type, length, note) as model_construct would build it, about 3× faster."""
    fields = frozenset(("name", "data_type", "length", "note"))
    new = InfoItem.__new__
    put = object.__setattr__

    def make(name: str, data_type: str, length: str, note: str) -> InfoItem:
        item = new(InfoItem)
        put(item, "__dict__", {"name": name, "data_type": data_type, "length": length, "note": note})
        put(item, "__pydantic_fields_set__", set(fields))
        put(item, "__pydantic_extra__", None)
        put(item, "__pydantic_private__", None)
        return item

    try:
        probe = make("a", "b", "c", "d")
        slow = InfoItem.model_construct(name="a", data_type="b", length="c", note="d")
        same = (set(InfoItem.model_fields) == fields and probe == slow and probe.model_dump() == slow.model_dump()
                and probe.model_fields_set == slow.model_fields_set)
    except (AttributeError, TypeError):  # another pydantic: its own constructor
        same = False
    if same:
        return make
    return lambda name, data_type, length, note: InfoItem.model_construct(
        name=name, data_type=data_type, length=length, note=note)


def _record_maker(model: type[Any], probe: dict[str, Any]) -> Callable[..., Any]:
    """model.model_construct(**values) for values with every field of the model (as the loader gives), about twice as
    fast: the record built directly, as model_construct builds it — verified against it on the first values (`probe`);
    values missing a field, or another pydantic, get model_construct itself."""
    fields = frozenset(model.model_fields)
    slow = model.model_construct
    if set(probe) != fields:
        return slow
    new: Any = model.__new__
    put = object.__setattr__

    def make(**values: Any) -> Any:
        record = new(model)
        put(record, "__dict__", values)
        put(record, "__pydantic_fields_set__", set(fields))
        put(record, "__pydantic_extra__", None)
        put(record, "__pydantic_private__", None)
        return record

    try:
        fast, built = make(**dict(probe)), slow(**dict(probe))
        same = (fast == built and fast.model_dump_json() == built.model_dump_json()
                and fast.model_fields_set == built.model_fields_set)
    except (AttributeError, TypeError):
        same = False
    return make if same else slow


def load_project(store: ProjectFile, cols: dict[str, tuple[str, ...]], tables: dict[str, tuple[type, Any]]) -> Project:
    conn = store.conn
    make_item = _item_maker()
    items: dict[int, list[InfoItem]] = {}
    # Equal info items are one record: they are values, nobody changes an InfoItem in place (an edit replaces it,
    # the items editor works on copies), and a department repeats them a lot (姓名, 身份证号 …).
    shared: dict[tuple, InfoItem] = {}
    for row in conn.execute("SELECT name, data_type, length, note, entry_id FROM item ORDER BY entry_id, pos"):
        key = row[:4]
        item = shared.get(key)
        if item is None:
            item = shared[key] = make_item(*key)
        items.setdefault(row[4], []).append(item)
    entries: dict[int, list[CatalogEntry]] = {}
    entry_cols = cols["entry"]
    make_entry: Callable[..., CatalogEntry] | None = None
    order = tuple(CatalogEntry.model_fields)
    for row in conn.execute(f"SELECT id, matter_id, {', '.join(entry_cols)} FROM entry ORDER BY matter_id, pos"):
        values = {"id": row[0], "items": items.get(row[0], []), **dict(zip(entry_cols, row[2:]))}
        values["share_methods"] = json.loads(values["share_methods"])
        values.update({c: bool(values[c]) for c in FLAGS})
        values["extra"] = decode(values["extra"])
        if values.keys() == set(order):  # the model's field order: a record dumps its fields in that order
            values = {k: values[k] for k in order}
        if make_entry is None:
            make_entry = _record_maker(CatalogEntry, values)
        entries.setdefault(row[1], []).append(make_entry(**values))
    matters: list[Matter] = []
    make_matter: Callable[..., Matter] | None = None
    order = tuple(Matter.model_fields)
    for row in conn.execute(f"SELECT id, {', '.join(cols['matter'])} FROM matter ORDER BY pos, id"):
        raw = {"id": row[0], "entries": entries.get(row[0], []), **dict(zip(cols["matter"], row[1:]))}
        values = {k: raw[k] for k in order} if raw.keys() == set(order) else raw
        if make_matter is None:
            make_matter = _record_maker(Matter, values)
        matters.append(make_matter(**values))
    return Project.model_construct(  # every part above is built (and checked) already
        info=store.get_info(),
        contacts=store._get_singleton("contacts", Contacts),
        mechanism=store._get_singleton("mechanism", Mechanism),
        matters=matters,
        demands=_load_simple(store, "demand", cols, tables),
        reviews=_load_simple(store, "review", cols, tables),
        withdrawn=store._get_singleton("withdrawn", Withdrawals).entries,  # issue 22: 注销 since the base version
    )


def _load_simple(store: ProjectFile, table: str, cols: dict[str, tuple[str, ...]],
                 tables: dict[str, tuple[type[BaseModel], Any]]) -> list:
    model, lists = tables[table]
    out = []
    for row in store.conn.execute(f"SELECT id, {', '.join(cols[table])} FROM {table} ORDER BY pos, id"):
        values = dict(zip(cols[table], row[1:]))
        for key in lists:
            values[key] = json.loads(values[key])
        out.append(model.model_construct(id=row[0], **values))
    return out
