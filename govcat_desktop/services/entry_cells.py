"""The catalog grid's columns (exchange layout order) and one entry field ⇄ one cell of text.

Used by the 目录总表 grid, bulk edits, copy/paste with Excel/WPS and the CLI; Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass

from govcat_desktop.domain.heuristics import infer_data_type
from govcat_desktop.domain.models import CatalogEntry, InfoItem, Matter
from govcat_desktop.exchange import cells
from govcat_desktop.exchange import layout as L
from govcat_desktop.formspec import FormSet

ITEMS = "items"  # the 信息项 column: item names joined with 、 (new names get a type inferred)
ASSIGNEE = "matter.assignee"  # 承办科室: the matter's (issue 23); set from an entry's row, it assigns the matter


@dataclass(frozen=True, slots=True)
class GridColumn:
    key: str  # "matter.code", "matter.name", an entry field, or "items"
    header: str
    kind: str = L.TEXT
    vocab: str = ""
    other_key: str = ""
    width: float = 12.0
    editable: bool = True

    @property
    def is_matter(self) -> bool:
        return self.key.startswith("matter.")

    @property
    def field(self) -> str:
        return self.key.rpartition(".")[2]


def _columns() -> tuple[GridColumn, ...]:
    out: list[GridColumn] = []
    for c in L.CATALOG.columns + L.CATALOG_METADATA:
        if c.key == "seq" or c.key.startswith("item."):
            if c.key == "item.name":
                out.append(GridColumn(ITEMS, "信息项", L.LIST, width=30))
            continue
        # 信息资源代码 is frozen once exported (services of the national metadata); edit it in the entry form.
        editable = not c.key.startswith("matter.") and c.key != "resource_code"
        out.append(GridColumn(c.key, c.header, c.kind, c.vocab, c.other_key, c.width, editable=editable))
    # Issue 22: why an entry changed since the last submission (变更原因 from forms' change_reason, its 变更说明).
    out += [GridColumn(c.key, c.header, c.kind, c.vocab, width=c.width) for c in L.CATALOG_LIFE if c.key != "uid"]
    out.append(GridColumn(ASSIGNEE, "承办科室", width=10))
    return tuple(out)


COLUMNS: tuple[GridColumn, ...] = _columns()
BY_KEY = {c.key: c for c in COLUMNS}
BY_HEADER = {c.header: c for c in COLUMNS}
FROZEN = 3  # 事项编码, 事项名称, 目录名称 stay in view while scrolling sideways


def column(key: str) -> GridColumn:
    return BY_KEY[key]


def cell_text(matter: Matter, entry: CatalogEntry, col: GridColumn, forms: FormSet) -> str:
    """What the cell shows (and what Ctrl+C copies)."""
    if col.is_matter:
        return str(getattr(matter, col.field))
    if col.key == ITEMS:
        return "、".join(i.name for i in entry.items)
    value = getattr(entry, col.key)
    if col.kind == L.MULTI:
        vocab = forms.vocab(col.vocab)
        return "、".join(vocab.label_of(v) for v in value)
    if col.kind == L.OTHER:
        return cells.write_other(value, getattr(entry, col.other_key), forms.vocab(col.vocab))
    if col.kind == L.VOCAB:
        return forms.vocab(col.vocab).label_of(value)
    return str(value)


def parse_cell(entry: CatalogEntry, col: GridColumn, text: str, forms: FormSet) -> dict:
    """The field updates a typed or pasted cell text makes on `entry` (text that fits no list is kept as typed)."""
    text = "" if text is None else str(text)
    if col.key == ASSIGNEE:  # not a field of the entry: services.bulk assigns the matter
        return {}
    if col.key == ITEMS:
        names, _ = cells.split_values(text)
        known = {i.name: i for i in entry.items}
        return {"items": [known.get(n) or InfoItem(name=n, data_type=infer_data_type(n)) for n in dict.fromkeys(names)]}
    if col.kind == L.MULTI:
        values, _ = cells.read_multi(text, forms.vocab(col.vocab))
        return {col.key: values}
    if col.kind == L.OTHER:
        value, other, _note, _warn = cells.read_other(text, forms.vocab(col.vocab))
        return {col.key: value, col.other_key: other}
    if col.kind == L.VOCAB:
        value, _ = cells.read_vocab(text, forms.vocab(col.vocab))
        return {col.key: value}
    if col.kind == L.CODE:
        value, _ = cells.read_code(text)
        return {col.key: value}
    value, _ = cells.read_text(text)
    return {col.key: value}


def form_field(forms: FormSet, col: GridColumn):
    """The forms/*.toml field definition behind a column (label, 释义, vocabulary, widget), or None."""
    if col.is_matter:
        form, key = forms["matter"], col.field
    else:
        form, key = forms["catalog"], col.key
    for f in form.fields:
        if f.key == key:
            return f
    return None
