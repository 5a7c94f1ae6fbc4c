"""Records to the text rows of the editable copy (§6.2): what is written, and what the fingerprint covers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from govcat_desktop.domain.models import CatalogEntry, Contacts, Demand, Matter, Mechanism, Project, Review, Withdrawal
from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange.cells import write_other
from govcat_desktop.formspec import FormSet


@dataclass
class SheetRows:
    """One data sheet: its columns and its rows of text (row 1 = headers is not included)."""

    layout: L.SheetLayout
    columns: tuple[L.Column, ...]
    rows: list[list[str]]
    spans: list[tuple[int, int]] | None = None  # catalog: (first row index, row count) of each entry


class RowWriter:
    """Turns field values into cell text according to a column's kind."""

    def __init__(self, forms: FormSet) -> None:
        self.forms = forms
        self._labels = {key: vocab for key, vocab in forms.vocabularies.items()}

    def cell(self, column: L.Column, record: object, key: str | None = None) -> str:
        value = getattr(record, key or column.key.split(".")[-1], "")
        kind = column.kind
        if kind in (L.VOCAB,):
            return self._labels[column.vocab].label_of(value) if value else ""
        if kind == L.MULTI:
            vocab = self._labels[column.vocab]
            return "、".join(vocab.label_of(v) for v in value)
        if kind == L.LIST:
            return "、".join(value)
        if kind == L.OTHER:
            if not value:
                return ""
            return write_other(value, getattr(record, column.other_key, ""), self._labels[column.vocab])
        return value if isinstance(value, str) else str(value)

    def record_row(self, columns: tuple[L.Column, ...], record: object, seq: int) -> list[str]:
        return [str(seq) if c.kind == L.SEQ else self.cell(c, record) for c in columns]


def has_metadata(matters: list[Matter]) -> bool:
    keys = [c.key for c in L.CATALOG_METADATA]
    return any(getattr(e, k) for m in matters for e in m.entries for k in keys)


def has_life(matters: list[Matter]) -> bool:
    """Whether an entry carries its identity or a change reason (issue 22): the copy then has those columns."""
    return any(e.uid or e.change_reason or e.change_note for m in matters for e in m.entries)


def catalog_columns(matters: list[Matter]) -> tuple[L.Column, ...]:
    return (L.CATALOG.columns + (L.CATALOG_METADATA if has_metadata(matters) else ())
            + (L.CATALOG_LIFE if has_life(matters) else ()))


def withdrawn_sheet(withdrawn: list[Withdrawal], writer: RowWriter) -> SheetRows:
    cols = L.WITHDRAWN.columns
    return SheetRows(L.WITHDRAWN, cols, [writer.record_row(cols, w, i) for i, w in enumerate(withdrawn, 1)])


def matter_sheet(matters: list[Matter], writer: RowWriter) -> SheetRows:
    cols = L.MATTERS.columns
    return SheetRows(L.MATTERS, cols, [writer.record_row(cols, m, i) for i, m in enumerate(matters, 1)])


def catalog_sheet(matters: list[Matter], writer: RowWriter) -> SheetRows:
    cols = catalog_columns(matters)
    matter_cols = [(i, c) for i, c in enumerate(cols) if c.key.startswith("matter.")]
    item_cols = [(i, c) for i, c in enumerate(cols) if c.key.startswith("item.")]
    entry_cols = [(i, c) for i, c in enumerate(cols) if c.kind != L.SEQ and "." not in c.key]
    rows: list[list[str]] = []
    spans: list[tuple[int, int]] = []
    seq = 0
    empty_item = None
    for matter in matters:
        matter_cells = [(i, writer.cell(c, matter)) for i, c in matter_cols]
        for entry in matter.entries:
            seq += 1
            base = [""] * len(cols)
            base[0] = str(seq)
            for i, text in matter_cells:
                base[i] = text
            for i, c in entry_cols:
                base[i] = writer.cell(c, entry)
            start = len(rows)
            for item in entry.items or [empty_item]:
                row = base.copy()
                if item is not None:
                    for i, c in item_cols:
                        row[i] = writer.cell(c, item)
                rows.append(row)
            spans.append((start, len(rows) - start))
    return SheetRows(L.CATALOG, cols, rows, spans)


def demand_sheet(demands: list[Demand], writer: RowWriter) -> SheetRows:
    cols = L.DEMAND.columns
    return SheetRows(L.DEMAND, cols, [writer.record_row(cols, d, i) for i, d in enumerate(demands, 1)])


def review_sheet(reviews: list[Review], writer: RowWriter) -> SheetRows:
    cols = L.REVIEW.columns
    return SheetRows(L.REVIEW, cols, [writer.record_row(cols, r, i) for i, r in enumerate(reviews, 1)])


def contacts_sheet(contacts: Contacts, writer: RowWriter) -> SheetRows:
    cols = L.CONTACTS.columns + (L.CONTACTS_FILL_DATE,)
    rows = []
    for role, key in L.CONTACT_ROLES:
        person = getattr(contacts, key)
        rows.append([role] + [writer.cell(c, person) for c in L.CONTACTS.columns[1:]] + [contacts.fill_date])
    return SheetRows(L.CONTACTS, cols, rows)


def mechanism_sheet(mechanism: Mechanism, region: str) -> SheetRows:
    rows = [[label, region if key is None else getattr(mechanism, key)] for label, key in L.MECHANISM_ROWS]
    return SheetRows(L.MECHANISM, L.MECHANISM.columns, rows)


def content_sheets(kind: str, project: Project, forms: FormSet) -> list[SheetRows]:
    """The data sheets of the editable copy of `kind`, in workbook order."""
    writer = RowWriter(forms)
    if kind == "catalog":
        sheets = [catalog_sheet(project.matters, writer), matter_sheet(project.matters, writer)]
        if project.withdrawn:  # issue 22: the 注销 entries travel with the catalog
            sheets.append(withdrawn_sheet(project.withdrawn, writer))
        return sheets
    if kind == "matters":
        return [matter_sheet(project.matters, writer)]
    if kind == "demand":
        return [demand_sheet(project.demands, writer)]
    if kind == "review":
        return [review_sheet(project.reviews, writer)]
    if kind == "contacts":
        return [contacts_sheet(project.contacts, writer)]
    if kind == "mechanism":
        return [mechanism_sheet(project.mechanism, project.info.region)]
    raise ValueError(kind)


def sheets_fingerprint_input(sheets: list[SheetRows]) -> dict[str, list[list[str]]]:
    """What the fingerprint covers: each sheet's rows (序号 included, as exported)."""
    return {s.layout.name: s.rows for s in sheets}


def printed_entries(project: Project, forms: FormSet) -> Iterator[tuple[list[str], list[list[str]]]]:
    """The 盖章版 catalog's rows, the same for the workbook and the print PDF: each entry's 12 cells (序号 … 更新周期)
    and its info items' 4 cells each (one blank item row for an entry without items)."""
    writer = RowWriter(forms)
    domain, cycle, data_type = forms.vocab("domain"), forms.vocab("update_cycle"), forms.vocab("data_type")
    seq = 0
    for matter in project.matters:
        for entry in matter.entries:
            seq += 1
            cells = [
                str(seq), matter.code, matter.name, entry.name, entry.summary,
                write_other(entry.domain, entry.domain_other, domain) if entry.domain else "",
                entry.security_level, entry.share_type,
                "\n".join(t for t in (entry.share_condition, entry.no_share_basis) if t),
                writer.cell(L.CATALOG.column("share_methods"), entry), entry.network,
                write_other(entry.update_cycle, entry.update_cycle_other, cycle) if entry.update_cycle else "",
            ]
            items = [[it.name, data_type.label_of(it.data_type) if it.data_type else "", it.length, it.note]
                     for it in entry.items] or [["", "", "", ""]]
            yield cells, items


def entry_label(matter: Matter, entry: CatalogEntry) -> str:
    return f"{matter.name or matter.code}／{entry.name}"
