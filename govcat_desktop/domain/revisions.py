"""Changes of a catalog against a base version (issue 22): 新增 / 变更 (fields and info items, before → after) / 注销.

Both sides use it: the unit against the last version the bureau accepted, the bureau against the entry it accepted.
An entry is a `Snap` — its identity (uid, matter, name) and its content as plain values — so that the comparison of a
3,000-entry, 60,000-item catalog is tuple equality; matching is by uid, then by (事项编码, 目录名称) for the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from govcat_desktop.domain.models import CatalogEntry

NEW, CHANGED, WITHDRAWN = "新增", "变更", "注销"
ITEM_NEW, ITEM_CHANGED, ITEM_GONE = "新增", "变更", "删除"

# What an entry's content is (the fields a person fills in): not its ids, the unit's own review state, the code's
# export mark, the draft flag, nor the identity and reason of the change itself.
CONTENT = (
    "name", "summary", "domain", "domain_other", "security_level", "share_type", "share_condition", "no_share_basis",
    "share_methods", "network", "update_cycle", "update_cycle_other", "resource_code", "resource_format",
    "resource_subformat", "open_to_public", "open_condition", "publish_date", "res_class", "res_item", "res_target",
    "res_detail", "related_codes", "extra",
)
Item = tuple[str, str, str, str]  # name, data_type, length, note


@dataclass(frozen=True, slots=True)
class Snap:
    """One entry of a version: identity, content (CONTENT order, lists as tuples) and its info items."""

    uid: str
    matter_code: str
    matter_name: str
    values: tuple
    items: tuple[Item, ...]
    state: str = ""  # the bureau's review state of this entry in the base ("已审核" = accepted)
    reason: str = ""
    note: str = ""

    @property
    def name(self) -> str:
        return self.values[0]

    @property
    def content(self) -> tuple:
        return (self.matter_code, self.values, self.items)

    def to_json(self) -> list:
        return [self.uid, self.matter_code, self.matter_name, [list(v) if isinstance(v, tuple) else v
                                                              for v in self.values], [list(i) for i in self.items],
                self.state]

    @classmethod
    def from_json(cls, data: Sequence) -> Snap:
        uid, code, mname, values, items, state = (list(data) + [""] * 6)[:6]
        four = tuple((str(i[0]), str(i[1]), str(i[2]), str(i[3])) for i in items)
        return cls(str(uid), str(code), str(mname), freeze(values), four, str(state))


def freeze(values: Iterable[Any]) -> tuple:
    """Content values as hashable plain values (a list becomes a tuple, a mapping its sorted pairs)."""
    out: list[Any] = []
    for v in values:
        if isinstance(v, dict):
            out.append(tuple(sorted((str(k), str(x)) for k, x in v.items())))
        elif isinstance(v, (list, tuple)):
            out.append(tuple(tuple(x) if isinstance(x, list) else x for x in v))
        else:
            out.append("" if v is None else v)
    return tuple(out)


def snap(entry: CatalogEntry, matter_code: str, matter_name: str, state: str = "") -> Snap:
    """The Snap of a unit's entry."""
    d = entry.__dict__
    values = freeze(d.get(k, "") if k != "extra" else d.get("extra", {}) for k in CONTENT)
    items = tuple((i.name, i.data_type, i.length, i.note) for i in entry.items)
    return Snap(entry.uid, matter_code, matter_name, values, items, state, entry.change_reason, entry.change_note)


@dataclass
class Change:
    """One entry's change against the base."""

    mark: str  # 新增 / 变更 / 注销
    uid: str
    matter_code: str
    matter_name: str
    name: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (field key, before, after)
    items: list[tuple[str, str, str, str]] = field(default_factory=list)  # (新增/变更/删除, item name, before, after)
    accepted: bool = False  # the base entry was accepted by the bureau: a 变更 or 注销 needs a reason
    reason: str = ""
    note: str = ""
    state: str = ""  # the base entry's review state


def text_of(value: Any) -> str:
    """A content value as a person reads it (lists joined with 、, declared fields as key=value)."""
    if isinstance(value, tuple):
        if value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
            return "；".join(f"{k}={v}" for k, v in value)
        return "、".join(str(v) for v in value)
    return str(value)


def item_text(item: Item) -> str:
    name, data_type, length, note = item
    return "／".join(p for p in (data_type, length, note) if p) or "（空）"


def match(base: Sequence[Snap], current: Sequence[Snap]) -> tuple[list[tuple[Snap, Snap]], list[Snap], list[Snap]]:
    """(pairs (base, current), current entries with no base, base entries with no current): by uid, then by
    (事项编码, 目录名称) among those left (copies without uids, an entry deleted and made again)."""
    by_uid = {b.uid: b for b in base if b.uid}
    pairs: list[tuple[Snap, Snap]] = []
    used: set[int] = set()
    rest: list[Snap] = []
    for c in current:
        b = by_uid.get(c.uid) if c.uid else None
        if b is not None and id(b) not in used:
            used.add(id(b))
            pairs.append((b, c))
        else:
            rest.append(c)
    by_key: dict[tuple[str, str], list[Snap]] = {}
    for b in base:
        if id(b) not in used:
            by_key.setdefault((b.matter_code, b.name), []).append(b)
    new: list[Snap] = []
    for c in rest:
        candidates = by_key.get((c.matter_code, c.name))
        if candidates:
            b = candidates.pop(0)
            used.add(id(b))
            pairs.append((b, c))
        else:
            new.append(c)
    gone = [b for b in base if id(b) not in used]
    return pairs, new, gone


def field_diff(before: Snap, after: Snap) -> list[tuple[str, str, str]]:
    out = [(k, text_of(a), text_of(b)) for k, a, b in zip(CONTENT, before.values, after.values) if a != b]
    if before.matter_code != after.matter_code:
        out.insert(0, ("matter_code", before.matter_code, after.matter_code))
    return out


def item_diff(before: Sequence[Item], after: Sequence[Item]) -> list[tuple[str, str, str, str]]:
    """Info items by name: added, changed (type, length, note), removed; a reorder alone is no change."""
    if tuple(before) == tuple(after):
        return []
    old = {i[0]: i for i in before}
    new = {i[0]: i for i in after}
    out = []
    for name, item in new.items():
        if name not in old:
            out.append((ITEM_NEW, name, "", item_text(item)))
        elif old[name] != item:
            out.append((ITEM_CHANGED, name, item_text(old[name]), item_text(item)))
    out += [(ITEM_GONE, name, item_text(item), "") for name, item in old.items() if name not in new]
    return out


def entry_change(before: Snap, after: Snap) -> Change | None:
    """The 变更 of one matched entry, or None when its content is the same (an item reorder included)."""
    if before.content == after.content:
        return None
    fields, items = field_diff(before, after), item_diff(before.items, after.items)
    if not fields and not items:
        return None
    return Change(CHANGED, after.uid or before.uid, after.matter_code, after.matter_name, after.name, fields, items,
                  accepted=before.state == "已审核", reason=after.reason, note=after.note, state=before.state)


def changes(base: Sequence[Snap], current: Sequence[Snap],
            withdrawn: dict[str, tuple[str, str]] | None = None) -> list[Change]:
    """Every change of `current` against `base`, in current order then the 注销 ones in base order; `withdrawn`
    gives the reasons of 注销 entries (by uid, else by "事项编码/目录名称")."""
    pairs, new, gone = match(base, current)
    new_ids = {id(c) for c in new}
    changed = {id(c): ch for b, c in pairs if (ch := entry_change(b, c)) is not None}
    out: list[Change] = []
    for c in current:
        if id(c) in new_ids:
            out.append(Change(NEW, c.uid, c.matter_code, c.matter_name, c.name, reason=c.reason, note=c.note,
                              items=[(ITEM_NEW, i[0], "", item_text(i)) for i in c.items]))
        elif id(c) in changed:
            out.append(changed[id(c)])
    reasons = withdrawn or {}
    for b in gone:
        reason, note = reasons.get(b.uid) or reasons.get(f"{b.matter_code}/{b.name}") or ("", "")
        out.append(Change(WITHDRAWN, b.uid, b.matter_code, b.matter_name, b.name, accepted=b.state == "已审核",
                          reason=reason, note=note, state=b.state))
    return out


def dumps(snaps: Iterable[Snap]) -> str:
    return json.dumps({"content": list(CONTENT), "entries": [s.to_json() for s in snaps]}, ensure_ascii=False)


def loads(text: str) -> list[Snap]:
    """Snaps of a stored version (content keys as stored: a later CONTENT reads an older snapshot by key)."""
    data = json.loads(text) if text else {}
    keys = data.get("content", list(CONTENT))
    out = []
    for row in data.get("entries", []):
        s = Snap.from_json(row)
        if keys != list(CONTENT):
            by_key = dict(zip(keys, s.values))
            s = Snap(s.uid, s.matter_code, s.matter_name,
                     tuple(by_key.get(k, "" if k != "extra" else ()) for k in CONTENT), s.items, s.state)
        out.append(s)
    return out
