"""Read editable copies (§6.2) — from this app or typed into the blank template — into records, with notes."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from govcat_desktop.domain.models import Contacts, Demand, InfoItem, Matter, Mechanism, Person, Review, Withdrawal
from govcat_desktop.exchange import cells as C
from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange.catalog_sheet import CatalogSheet, blank_row, model_defaults
from govcat_desktop.exchange.errors import ImportRefused
from govcat_desktop.exchange.fingerprint import fingerprint
from govcat_desktop.exchange.notes import Note, NoteBook, cell_ref
from govcat_desktop.exchange.reader import Book, Row
from govcat_desktop.formspec import FormSet

HEADER_SEARCH_ROWS = 5
OTHER_READING = "列表中，按“其他："  # the note of cells.read_other for text read as 其他 + text


@dataclass
class ParsedCopy:
    """What one editable copy holds, read and normalised; nothing is applied to a project yet."""

    path: str
    kind: str
    meta: dict[str, str]
    matters: list[Matter] = field(default_factory=list)
    demands: list[Demand] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    contacts: Contacts | None = None
    mechanism: Mechanism | None = None
    region: str = ""
    repairs: list[Note] = field(default_factory=list)
    problems: list[Note] = field(default_factory=list)
    fingerprint: str = ""
    with_entries: bool = True  # catalog copies carry entries; matter lists only matters
    withdrawn: list[Withdrawal] = field(default_factory=list)  # issue 22: the 注销 sheet of a catalog copy

    @property
    def stored_fingerprint(self) -> str:
        return self.meta.get("fingerprint", "")

    @property
    def edited(self) -> bool:
        """The content differs from what was exported (fingerprint ≠ stored fingerprint)."""
        return bool(self.stored_fingerprint) and self.stored_fingerprint != self.fingerprint

    @property
    def records(self) -> list:
        if self.kind in ("catalog", "matters"):
            return list(self.matters)
        if self.kind == "demand":
            return list(self.demands)
        if self.kind == "review":
            return list(self.reviews)
        if self.kind == "contacts":
            return [self.contacts] if self.contacts else []
        return [self.mechanism] if self.mechanism else []


def _norm_header(value: object) -> str:
    text, _ = C.to_text(value)
    text = C.halfwidth(text).replace(" ", "").replace("\n", "").replace("\r", "").strip("*")
    for suffix in ("(必填)", "(选填)", "(可选)"):
        text = text.removesuffix(suffix)
    return text


def _norm_sheet(name: str) -> str:
    return C.halfwidth(name).strip().replace(" ", "").replace("(", "（").replace(")", "）")


def read_meta(book: Book) -> dict[str, str]:
    """The key | value pairs of the hidden _govcat sheet ({} when absent)."""
    if L.META_SHEET not in book.sheet_names:
        return {}
    meta = {}
    for row in book.rows(L.META_SHEET)[1:]:
        if len(row) >= 2:
            key, _ = C.read_text(row[0])
            value, _ = C.read_text(row[1])
            if key:
                meta[key] = value
    return meta


def find_sheets(book: Book) -> dict[str, str]:
    """Data sheets recognised by name: kind of layout → actual sheet name."""
    found: dict[str, str] = {}
    wanted = {_norm_sheet(name): kind for name, kind in L.SHEET_KIND.items()}
    for name in book.sheet_names:
        kind = wanted.get(_norm_sheet(name))
        if kind and kind not in found:
            found[kind] = name
    return found


def detect_kind(book: Book, meta: dict[str, str], sheets: dict[str, str]) -> str | None:
    kind = meta.get("kind", "")
    if kind in L.WORKBOOK_SHEETS:
        return kind
    for candidate in ("catalog", "demand", "review", "contacts", "mechanism", "matters"):
        if candidate in sheets:
            return candidate
    return None


class _Table:
    """A data sheet with its header row located and its columns mapped to the layout."""

    def __init__(self, book: Book, sheet: str, layout: L.SheetLayout, notes: NoteBook, columns=None) -> None:
        self.book, self.sheet, self.layout, self.notes = book, sheet, layout, notes
        rows = book.rows(sheet)
        known = {_norm_header(h): c for c in (columns or layout.columns) for h in (*c.aliases, c.header)}
        required = [c for c in layout.columns if c.required]
        header_at = None
        for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            names = {_norm_header(v) for v in row}
            if all(_norm_header(c.header) in names for c in required):
                header_at = i
                break
        if header_at is None:
            first = rows[0] if rows else []
            names = {_norm_header(v) for v in first}
            missing = [c.header for c in required if c.header not in names] or [c.header for c in required]
            raise ImportRefused(
                f"文件“{book.name}”的工作表“{sheet}”缺少“{'”“'.join(missing)}”列"
                f"（第1行应为表头：{'、'.join(layout.headers[:6])}…）。"
            )
        self.header_row = header_at + 1  # 1-based sheet row
        self.index: dict[str, int] = {}
        self.width = 0
        for col, value in enumerate(rows[header_at]):
            name = _norm_header(value)
            if not name:
                continue
            self.width = col + 1
            if name in known and name not in self.index:
                self.index[known[name].key] = col
            elif name not in known:
                notes.problem(sheet, cell_ref(col, self.header_row), f"列“{name}”不是本表的列，已忽略")
        self.columns = [c for c in (columns or layout.columns) if c.key in self.index]
        self.data = rows[header_at + 1 :]

    def raw_texts(self) -> Iterator[list]:
        """Data rows cut or padded to the header's width (what the fingerprint covers)."""
        width = self.width
        for row in self.data:
            if len(row) == width:
                yield row
            elif len(row) > width:
                yield row[:width]
            else:
                yield list(row) + [""] * (width - len(row))


class CopyReader:
    """Turns the rows of recognised sheets into records, noting every repair and problem."""

    def __init__(self, forms: FormSet, book: Book, notes: NoteBook) -> None:
        self.forms, self.book, self.notes = forms, book, notes
        self.vocabs = forms.vocabularies
        self._memo: dict[str, dict[str, tuple[object, str, str, bool]]] = {}  # column key → cell text → result
        self._item_memo: dict[tuple, InfoItem] = {}  # info item cells read without a note → the record

    # ----- one cell ----------------------------------------------------------
    def read(self, column: L.Column, raw: object) -> tuple[object, str, str, bool]:
        """(value, other text, note, warn) of one cell; vocabulary cells are memoised (they repeat a lot)."""
        kind = column.kind
        if kind == L.TEXT:
            if type(raw) is str:
                text = raw.strip(C.SPACES)
                if text is raw or text == raw:
                    return raw, "", "", False
            value, note = C.read_text(raw)
            return value, "", note, False
        if kind in (L.CODE, L.PHONE):
            if type(raw) is str and raw.isascii() and raw.isalnum():
                return raw, "", "", False
            value, note = C.read_code(raw)
            return value, "", note, False
        if kind == L.DATE:
            value, note = C.read_date(raw)
            return value, "", note, False
        memo = self._memo.setdefault(column.key, {}) if type(raw) is str else None
        if memo is not None and raw in memo:
            return memo[raw]
        other, warn = "", False
        if kind == L.VOCAB:
            value, note = C.read_vocab(raw, self.vocabs[column.vocab])
        elif kind == L.MULTI:
            value, note = C.read_multi(raw, self.vocabs[column.vocab])
        elif kind == L.LIST:
            value, note = C.split_values(raw)
        elif kind == L.OTHER:
            value, other, note, warn = C.read_other(raw, self.vocabs[column.vocab])
        else:
            value, note = "", ""
        result = (value, other, note, warn)
        if memo is not None and kind in (L.VOCAB, L.OTHER):
            memo[raw] = result
        return result

    def value(self, column: L.Column, raw: object, sheet: str, ref: str) -> tuple[object, str]:
        """(value, other text) of one cell; repairs noted."""
        value, other, note, warn = self.read(column, raw)
        if note:
            if warn:
                self.notes.note(sheet, ref, f"{column.header}{note}", True)
            else:
                self.notes.note(sheet, ref, f"{column.header}：{note}")
        return (list(value) if isinstance(value, list) else value), other

    def record_values(self, table: _Table, row: Row, rownum: int, columns) -> dict[str, object]:
        values: dict[str, object] = {}
        n = len(row)
        index = table.index
        for column in columns:
            if column.kind == L.SEQ:
                continue
            col = index[column.key]
            raw = row[col] if col < n else ""
            field_key = column.field_key
            if raw == "" and column.kind not in (L.MULTI, L.LIST):
                values[field_key] = ""
                if column.other_key:
                    values[column.other_key] = ""
                continue
            value, other, note, warn = self.read(column, raw)
            if note:
                ref = cell_ref(col, rownum)
                text = f"{column.header}{note}" if warn else f"{column.header}：{note}"
                self.notes.note(table.sheet, ref, text, warn)
            values[field_key] = list(value) if isinstance(value, list) else value
            if column.other_key:
                values[column.other_key] = other
        return values

    # ----- sheets --------------------------------------------------------------
    def matters(self, table: _Table) -> list[Matter]:
        out = []
        for i, row in enumerate(table.data):
            rownum = table.header_row + 1 + i
            if blank_row(row):
                continue
            out.append(Matter(**self.record_values(table, row, rownum, table.columns)))
        return out

    def catalog(self, table: _Table, matters: list[Matter]) -> list[Matter]:
        """Entries of the catalog sheet attached to their matters (new matters made from the rows)."""
        return CatalogSheet(self, table, matters).read()

    def simple(self, table: _Table, model: type) -> list:
        out = []
        for i, row in enumerate(table.data):
            rownum = table.header_row + 1 + i
            if blank_row(row):
                continue
            values = self.record_values(table, row, rownum, table.columns)
            out.append(model.model_construct(**{**model_defaults(model), **values}))
        return out

    def contacts(self, table: _Table) -> Contacts:
        contacts = Contacts()
        seen: set[str] = set()
        date_col = table.index.get("fill_date")
        role_col = table.index["role"]
        for i, row in enumerate(table.data):
            rownum = table.header_row + 1 + i
            if blank_row(row):
                continue
            role, _ = C.read_text(row[role_col] if role_col < len(row) else "")
            key = {"负责人": "leader", "联系人": "contact", "工作负责人": "leader", "工作联系人": "contact"}.get(
                role.replace(" ", "")
            )
            if key is None:
                self.notes.problem(table.sheet, cell_ref(role_col, rownum),
                                   f"角色“{role}”应为“负责人”或“联系人”，本行未导入")
                continue
            if key in seen:
                self.notes.problem(table.sheet, cell_ref(role_col, rownum), f"“{role}”重复出现，本行未导入")
                continue
            seen.add(key)
            person_cols = [c for c in table.columns if c.key not in ("role", "fill_date")]
            setattr(contacts, key, Person(**self.record_values(table, row, rownum, person_cols)))
            if date_col is not None and date_col < len(row) and row[date_col] != "" and not contacts.fill_date:
                ref = cell_ref(date_col, rownum)
                contacts.fill_date = str(self.value(L.CONTACTS_FILL_DATE, row[date_col], table.sheet, ref)[0])
        return contacts

    def mechanism(self, table: _Table) -> tuple[Mechanism, str]:
        labels = {label: key for label, key in L.MECHANISM_ROWS}
        for f in self.forms["mechanism"].fields:
            labels.setdefault(f.label, f.key)
        mechanism, region = Mechanism(), ""
        label_col, value_col = table.index["label"], table.index["value"]
        phones = {"catalog_lead_phone", "contact_phone"}
        for i, row in enumerate(table.data):
            rownum = table.header_row + 1 + i
            if blank_row(row):
                continue
            label = _norm_header(row[label_col] if label_col < len(row) else "").replace("(", "（").replace(")", "）")
            raw = row[value_col] if value_col < len(row) else ""
            if label not in labels:
                self.notes.problem(table.sheet, cell_ref(label_col, rownum),
                                   f"项目“{label}”不是体制机制情况的项目，本行未导入")
                continue
            key = labels[label]
            column = L.Column(label, key or "region", L.PHONE if key in phones else L.TEXT)
            value, _ = self.value(column, raw, table.sheet, cell_ref(value_col, rownum))
            if key is None:
                region = str(value)
            else:
                setattr(mechanism, key, value)
        return mechanism, region

    def reviews_from_demands(self, table: _Table, requester: str, own_name: str) -> list[Review]:
        """Incoming demands (another unit's 共享数据需求 list) as reviews to answer; rows aimed elsewhere skipped."""
        out = []
        received = _dt.date.today().isoformat()  # the day this unit took the demands in: review deadlines run from it
        for demand in self.simple(table, Demand):
            provider = demand.provider
            if own_name and provider and own_name not in provider and provider not in own_name:
                self.notes.problem(table.sheet, "", f"需求“{demand.catalog_name or demand.data_name}”"
                                                    f"的提供部门是“{provider}”，不是本单位，未导入")
                continue
            usage = "、".join(demand.usage)
            if demand.usage_detail:
                usage = f"{usage}：{demand.usage_detail}" if usage else demand.usage_detail
            out.append(
                Review(
                    requester=requester,
                    data_name=demand.catalog_name or demand.data_name,
                    items=list(demand.items),
                    usage=usage,
                    share_method="、".join(demand.share_method),
                    received_date=received,
                )
            )
        return out


def parse_copy(book: Book, forms: FormSet, *, kind: str | None = None, own_name: str = "") -> ParsedCopy | None:
    """Read an editable copy; None when the workbook has no recognisable sheet (maybe a matter list)."""
    meta = read_meta(book)
    sheets = find_sheets(book)
    found = detect_kind(book, meta, sheets)
    if kind == "review" and "review" not in sheets and "demand" in sheets:
        found = "review"
    elif kind is not None and kind in sheets:
        found = kind
    elif kind == "matters" and "catalog" in sheets and "matters" not in sheets:
        found = "catalog"
    if found is None:
        return None
    if kind is not None and kind != found and not (kind == "matters" and found == "catalog"):
        raise ImportRefused(
            f"文件“{book.name}”是{L.KIND_LABEL.get(found, found)}，不是{L.KIND_LABEL.get(kind, kind)}"
            f"（没有工作表“{'、'.join(s.name for s in L.WORKBOOK_SHEETS[kind])}”）。"
        )
    notes = NoteBook(book.name)
    if meta and meta.get("format") not in ("", L.FORMAT_NAME):
        notes.problem(L.META_SHEET, "", f"格式标记“{meta.get('format')}”不是 {L.FORMAT_NAME}，按表头读取")
    version = meta.get("format_version", L.FORMAT_VERSION)
    if version != L.FORMAT_VERSION:
        notes.problem(L.META_SHEET, "", f"文件格式版本为 {version}（本软件为 {L.FORMAT_VERSION}），只读取本版本的列")
    used = ({layout.kind for layout in L.WORKBOOK_SHEETS[found]} | ({"demand"} if found == "review" else set())
            | ({"withdrawn"} if found == "catalog" else set()))
    for other, name in sheets.items():
        if other not in used:
            notes.problem(name, "", f"一次导入一种表：本文件按{L.KIND_LABEL[found]}导入，"
                                    f"工作表“{name}”未导入，请另行导入")
    reader = CopyReader(forms, book, notes)
    parsed = ParsedCopy(str(book.path), found, meta)
    raw: dict[str, Iterator[list]] = {}

    def table(layout: L.SheetLayout, columns=None) -> _Table:
        name = sheets.get(layout.kind)
        if name is None:
            raise ImportRefused(f"文件“{book.name}”没有工作表“{layout.name}”。")
        t = _Table(book, name, layout, notes, columns)
        raw[layout.name] = t.raw_texts()
        return t

    if found in ("catalog", "matters"):
        matters = reader.matters(table(L.MATTERS)) if "matters" in sheets else []
        if found == "catalog" and "catalog" in sheets:
            matters = reader.catalog(table(L.CATALOG, L.CATALOG.columns + L.CATALOG_METADATA + L.CATALOG_LIFE), matters)
        if found == "catalog" and "withdrawn" in sheets:  # issue 22: the 注销 entries and their reasons
            parsed.withdrawn = reader.simple(table(L.WITHDRAWN), Withdrawal)
        parsed.matters = matters
        parsed.with_entries = found == "catalog" and kind != "matters"
        exported = meta.get("exported_at", "")[:10] if meta.get("fingerprint") else ""
        if exported:  # codes in a copy this app wrote have left their project: they stay frozen where imported
            for m in matters:
                for e in m.entries:
                    if e.resource_code:
                        e.code_exported = exported
    elif found == "demand":
        parsed.demands = reader.simple(table(L.DEMAND), Demand)
    elif found == "review" and "review" in sheets:
        parsed.reviews = reader.simple(table(L.REVIEW), Review)
    elif found == "review":
        requester = meta.get("org_name", "")
        t = table(L.DEMAND, L.DEMAND.columns + (L.Column("需求方", "requester"),))
        parsed.reviews = reader.reviews_from_demands(t, requester, own_name)
        if not requester:
            notes.problem(t.sheet, "", "文件中没有注明需求方（没有 _govcat 表），需求方留空，请在审核时补填")
    elif found == "contacts":
        parsed.contacts = reader.contacts(table(L.CONTACTS, L.CONTACTS.columns + (L.CONTACTS_FILL_DATE,)))
    elif found == "mechanism":
        parsed.mechanism, parsed.region = reader.mechanism(table(L.MECHANISM))
    parsed.fingerprint = fingerprint(meta.get("kind") or found, meta.get("org_code", ""), raw)
    if parsed.stored_fingerprint and not parsed.edited:
        # the copy is exactly what this app wrote: a written-out 其他 text is its known encoding, not a doubt
        known = [n for n in notes.problems if OTHER_READING in n.message]
        notes.problems = [n for n in notes.problems if OTHER_READING not in n.message]
        notes.repairs.extend(known)
    parsed.repairs, parsed.problems = notes.repairs, notes.problems
    return parsed
