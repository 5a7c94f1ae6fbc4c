"""Reading use cases: an editable copy (any kind) and a matter list, before anything is planned or changed."""

from __future__ import annotations

import os
from pathlib import Path

from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange.copies import ParsedCopy, find_sheets, parse_copy
from govcat_desktop.exchange.errors import ImportRefused
from govcat_desktop.exchange.matters_import import MatterTable, find_table, read_matters, resolve_mapping
from govcat_desktop.domain.collector import gc_paused
from govcat_desktop.exchange.reader import Book, open_book
from govcat_desktop.formspec import FormSet, default_forms


# ----- reading ----------------------------------------------------------------------
def read_copy(path: str | os.PathLike[str], *, kind: str | None = None, forms: FormSet | None = None,
              own_name: str = "") -> ParsedCopy:
    """Read an editable copy (any kind); ImportRefused when it is not one."""
    with gc_paused():
        book = open_book(path)
        try:
            return read_book_copy(book, kind=kind, forms=forms, own_name=own_name)
        finally:
            book.close()


def read_book_copy(book: Book, *, kind: str | None = None, forms: FormSet | None = None,
                   own_name: str = "") -> ParsedCopy:
    """read_copy of a workbook already opened (and safety-checked) with exchange.reader.open_book."""
    parsed = parse_copy(book, forms or default_forms(), kind=kind, own_name=own_name)
    if parsed is None:
        raise ImportRefused(unrecognised(book.name))
    return parsed


def unrecognised(name: str) -> str:
    sheets = "、".join(f"“{s}”" for s in L.SHEET_KIND)
    return f"文件“{name}”中没有可识别的工作表（应为 {sheets} 之一，第1行为表头），也不像事项清单（没有“事项名称”“事项编码”等列）。"


def inspect_matter_list(path: str | os.PathLike[str]) -> MatterTable:
    """The header row and guessed columns of a matter list, for the column-mapping step."""
    book = open_book(path)
    try:
        table = find_table(book)
    finally:
        book.close()
    if table is None:
        raise ImportRefused(
            f"文件“{Path(path).name}”中找不到事项清单的表头（如“事项名称”“事项编码”“事项类型”“实施部门”或 matter_name、item_code）。"
        )
    return table


def matter_list_table(path: str | os.PathLike[str]) -> MatterTable | None:
    """The matter-list table of `path` when it is not an editable copy (for the column-mapping step), else None."""
    book = open_book(path)
    try:
        if is_copy(book):
            return None
        return find_table(book)
    finally:
        book.close()


def read_source(source: str | os.PathLike[str] | Book, forms: FormSet, kind: str | None, mapping,
                 own_name: str) -> ParsedCopy:
    book = source if isinstance(source, Book) else open_book(source)
    path = book.path
    try:
        parsed = None if kind == "matters" and not is_copy(book) else parse_copy(book, forms, kind=kind, own_name=own_name)
        if parsed is not None:
            return parsed
        if kind not in (None, "matters"):
            raise ImportRefused(
                f"文件“{book.name}”中没有工作表“{'、'.join(s.name for s in L.WORKBOOK_SHEETS[kind])}”（第1行为表头）。"
            )
        table = find_table(book)
        if table is None:
            raise ImportRefused(unrecognised(book.name))
        matters, repairs, problems = read_matters(table, forms, resolve_mapping(table, mapping))
        return ParsedCopy(str(path), "matters", {}, matters=matters, repairs=repairs, problems=problems, with_entries=False)
    finally:
        book.close()


def is_copy(book) -> bool:
    return bool(find_sheets(book))


