"""The 数据资源目录 sheet of an editable copy: one row per info item, the entry's cells repeated on each of its rows.

Rows of one entry follow each other; a row whose 事项编码 and 目录名称 match the previous row's adds an info item to
that entry, a row with both empty continues it, any other row starts a new entry (and a new matter when its 事项编码
is not in the 服务事项 sheet). This runs once per info item (60,000 in a large department), so the common cases —
a row repeating the previous row's code and name, an info item seen before, plain text — are answered from memos
before any general reading.
"""

from __future__ import annotations

import operator
from typing import TYPE_CHECKING

from pydantic import BaseModel

from govcat_desktop.domain.models import CatalogEntry, InfoItem, Matter
from govcat_desktop.exchange import cells as C
from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange.notes import cell_ref
from govcat_desktop.exchange.reader import Row

if TYPE_CHECKING:
    from govcat_desktop.exchange.copies import CopyReader, _Table

ITEM_MEMO_LIMIT = 100_000  # distinct info items remembered while reading one copy


def model_defaults(model: type[BaseModel]) -> dict:
    return {k: f.get_default(call_default_factory=True) for k, f in model.model_fields.items()}


ENTRY_DEFAULTS = model_defaults(CatalogEntry)
_ITEM_DEFAULTS = model_defaults(InfoItem)
_set = object.__setattr__


def make_item(values: dict[str, object]) -> InfoItem:
    """InfoItem from read text: what model_construct does (trusted data), minus its per-call overhead."""
    item = object.__new__(InfoItem)
    _set(item, "__dict__", {**_ITEM_DEFAULTS, **values})
    _set(item, "__pydantic_fields_set__", set(values))
    _set(item, "__pydantic_extra__", None)
    _set(item, "__pydantic_private__", None)
    return item


class CatalogSheet:
    """Reads the catalog sheet's rows into entries attached to `matters` (new matters appended)."""

    def __init__(self, reader: CopyReader, table: _Table, matters: list[Matter]) -> None:
        self.reader, self.table, self.matters = reader, table, matters
        self.notes, self.sheet = reader.notes, table.sheet
        self.by_code: dict[str, Matter] = {}
        for m in matters:
            self.by_code.setdefault(m.code, m)
        index = table.index
        self.entry_cols = [c for c in table.columns if c.kind != L.SEQ and "." not in c.key]
        entry_idx = [index[c.key] for c in self.entry_cols]
        self.entry_idx, self.last_idx = entry_idx, max(entry_idx)
        self.pick_entry = operator.itemgetter(*entry_idx) if len(entry_idx) > 1 else (lambda r: (r[entry_idx[0]],))
        self.code_col, self.name_col = index["matter.code"], index["name"]
        self.mname_col = index.get("matter.name")
        item_cols = [c for c in table.columns if c.key.startswith("item.")]
        self.item_idx = [index[c.key] for c in item_cols]
        self.item_specs = [
            (c, index[c.key], c.field_key, c.kind, reader._memo.setdefault(c.key, {}) if c.kind == L.VOCAB else None)
            for c in item_cols
        ]
        self.item_memo = reader._item_memo
        self.code_column = L.CATALOG.column("matter.code")
        self.entry: CatalogEntry | None = None  # the entry being read, its (code, name), raw cells and first row
        self.entry_key: tuple = ()
        self.entry_raw: tuple = ()
        self.entry_row = 0
        self.seen: dict[tuple, int] = {}  # (code, name) → first row, to name entries whose rows are apart
        self.warned: set[tuple] = set()
        self.last_raw: tuple = (object(), None)  # raw code and name of the last row read without a note
        self.last_read: tuple = ()

    def read(self) -> list[Matter]:
        first = self.table.header_row + 1
        n_idx = self.last_idx
        for i, row in enumerate(self.table.data):
            if blank_row(row):
                continue
            rownum = first + i
            n = len(row)
            raw_entry = self.pick_entry(row) if n > n_idx else tuple(row[j] if j < n else "" for j in self.entry_idx)
            raw_code = row[self.code_col] if self.code_col < n else ""
            raw_name = row[self.name_col] if self.name_col < n else ""
            if self.entry is not None and raw_code == "" and raw_name == "" and not any(v != "" for v in raw_entry):
                self.notes.repair(self.sheet, f"第{rownum}行", "事项编码和目录名称为空，按上一目录的信息项读入")
            else:
                key = self._key(raw_code, raw_name, rownum)
                if self.entry is not None and key == self.entry_key:
                    self._same_entry(raw_entry, rownum)
                else:
                    self._new_entry(row, rownum, key, raw_entry)
            self._item(row, n, rownum)
        return self.matters

    def _key(self, raw_code: object, raw_name: object, rownum: int) -> tuple:
        """(matter code, entry name) of a row, as read; a row repeating the last clean row's cells reuses its
        reading."""
        last_code, last_name = self.last_raw
        if raw_code == last_code and raw_name == last_name and type(raw_code) is type(last_code) \
                and type(raw_name) is type(last_name):
            return self.last_read
        code, _, note, _ = self.reader.read(self.code_column, raw_code)
        if note:
            self.notes.note(self.sheet, cell_ref(self.code_col, rownum), f"事项编码：{note}")
        name, _ = C.read_text(raw_name)
        self.last_raw, self.last_read = ((object(), None), ()) if note else ((raw_code, raw_name), (code, name))
        return code, name

    def _same_entry(self, raw_entry: tuple, rownum: int) -> None:
        """Another info item row of the current entry: its entry cells should repeat the first row's."""
        if raw_entry != self.entry_raw and self.entry_key not in self.warned:
            self.warned.add(self.entry_key)
            name, first = self.entry_key[1], self.entry_row
            self.notes.problem(
                self.sheet, f"第{rownum}行",
                f"目录“{name}”的目录信息与第{first}行不一致，按第{first}行读入（同一目录各行的目录信息应相同）",
            )

    def _new_entry(self, row: Row, rownum: int, key: tuple, raw_entry: tuple) -> None:
        code, name = key
        values = self.reader.record_values(self.table, row, rownum, self.entry_cols)
        entry = CatalogEntry.construct(**{**ENTRY_DEFAULTS, **values, "items": []})  # declared keys → extra
        if not values.get("review_status"):
            entry.review_status = "草稿"
        self.entry, self.entry_key, self.entry_raw, self.entry_row = entry, key, raw_entry, rownum
        if key in self.seen:
            self.notes.problem(
                self.sheet, f"第{rownum}行",
                f"目录“{name}”（事项编码 {code}）在第{self.seen[key]}行已出现，"
                "同一目录的各行应连续；作为另一条目录读入",
            )
        self.seen.setdefault(key, rownum)
        self._matter_of(row, rownum, code).entries.append(entry)

    def _matter_of(self, row: Row, rownum: int, code: str) -> Matter:
        """The matter a new entry belongs to: from the 服务事项 sheet, else made from this row (and noted)."""
        col = self.mname_col
        mname = C.read_text(row[col])[0] if col is not None and col < len(row) else ""
        matter = self.by_code.get(code)
        if matter is None:
            matter = Matter(code=code, name=mname)
            self.matters.append(matter)
            self.by_code[code] = matter
            if code:
                self.notes.problem(self.sheet, cell_ref(self.code_col, rownum),
                                   f"事项编码“{code}”不在“服务事项”表中，已按本行新增事项")
        elif mname and col is not None and matter.name and mname != matter.name:  # a name read: its column is known
            self.notes.problem(self.sheet, cell_ref(col, rownum),
                               f"事项名称“{mname}”与“服务事项”表中的“{matter.name}”不同，按“服务事项”表读入")
        elif mname and not matter.name:
            matter.name = mname
        return matter

    def _item(self, row: Row, n: int, rownum: int) -> None:
        """The row's info item, added to the current entry (none when its cells are all empty)."""
        raw = tuple([row[j] if j < n else "" for j in self.item_idx])
        if raw.count("") == len(raw):
            return
        item = self.item_memo.get(raw)  # calamine cells (text, numbers, dates) are hashable
        if item is None:
            item = self._read_item(raw, rownum)
        assert self.entry is not None  # a row before any entry starts one
        self.entry.items.append(item)

    def _read_item(self, raw: tuple, rownum: int) -> InfoItem:
        """The info item of these cells; one read without a note is remembered, and equal cells get the same record
        (info items are values: nobody changes one in place)."""
        values: dict[str, object] = {}
        clean = True
        for (column, col, key, kind, memo), cell in zip(self.item_specs, raw):
            if cell == "":
                values[key] = ""
                continue
            if type(cell) is str:  # the common cases first
                if kind == L.TEXT and cell.strip(C.SPACES) is cell:
                    values[key] = cell
                    continue
                hit = memo.get(cell) if memo is not None else None
                if hit is not None and not hit[2]:
                    values[key] = hit[0]
                    continue
                if kind == L.CODE and cell.isascii() and cell.isalnum():
                    values[key] = cell
                    continue
            value, _, note, warn = self.reader.read(column, cell)
            values[key] = value
            if note:
                clean = False
                ref = cell_ref(col, rownum)
                self.notes.note(self.sheet, ref, f"{column.header}{note}" if warn else f"{column.header}：{note}", warn)
        if clean and len(self.item_memo) < ITEM_MEMO_LIMIT and all(type(v) is str for v in raw) and all(
            type(v) is str for v in values.values()
        ):
            item = self.item_memo[raw] = make_item(values)  # read without a note: the same cells read the same again
            return item
        return make_item(values)


def blank_row(row: Row) -> bool:
    for v in row:
        if v != "" and v is not None and not (isinstance(v, str) and not v.strip()):
            return False
    return True
