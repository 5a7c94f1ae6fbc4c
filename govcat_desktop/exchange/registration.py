"""The 目录注册表 workbook: written like an editable copy (row 1 headers, text cells, hidden _govcat), read back
through the exchange reader (open_book) with header matching that tolerates full-/half-width brackets."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from govcat_desktop.exchange import cells as C
from govcat_desktop.exchange import layout as L
from govcat_desktop.exchange.errors import ImportRefused
from govcat_desktop.exchange.reader import open_book

KIND = "registration"
CODE_SOURCES = frozenset({"class", "item", "target", "detail", "resource_code", "provider_code", "matter_code",
                          "item.length"})


def _norm(value: object) -> str:
    text, _ = C.to_text(value)
    return C.halfwidth(text).replace(" ", "").replace("\n", "").strip("*")


def write_sheet(path: str | os.PathLike[str], sheet: str, headers: list[str], rows: Iterable[list[str]],
                meta: dict[str, str]) -> None:
    """rows may be a generator: streamed to the file as they come (the city's sheet: hundreds of thousands)."""
    from govcat_desktop.exchange.bureau.xlsx import HEAD, Sheet, write_workbook

    widths = [max(8.0, min(30.0, 2.0 * len(h) + 2)) for h in headers]
    values = {"format": L.FORMAT_NAME, "format_version": L.FORMAT_VERSION, "kind": KIND,
              "exported_at": _dt.datetime.now().replace(microsecond=0).isoformat(), **meta}
    write_workbook(Path(path), [
        Sheet(sheet, list(headers), rows, widths, header_style=HEAD, header_height=30, autofilter=True),
        Sheet(L.META_SHEET, ("key", "value"), list(values.items()), (16, 40), hidden=True, bold_header=False),
    ])


def read_sheet(path: str | os.PathLike[str], sheet: str, columns: list[tuple[str, str]]) -> Iterator[dict[str, str]]:
    """Each data row as {source: text}; ImportRefused (file and sheet named) when the sheet or 信息资源名称 is
    missing."""
    book = open_book(path)
    try:
        wanted = _norm(sheet)
        name = next((n for n in book.sheet_names if _norm(n) == wanted), None)
        if name is None:
            raise ImportRefused(f"文件“{book.name}”没有工作表“{sheet}”。")
        rows = book.rows(name)
        by_header = {_norm(h): src for h, src in columns}
        header_at = next((i for i, r in enumerate(rows[:5]) if "name" in {by_header.get(_norm(v)) for v in r}), None)
        if header_at is None:
            raise ImportRefused(f"文件“{book.name}”的工作表“{name}”缺少“信息资源名称”列（前5行中没有表头）。")
        index = {by_header[_norm(v)]: col for col, v in enumerate(rows[header_at]) if _norm(v) in by_header}
        for row in rows[header_at + 1:]:
            cells = {}
            for src, col in index.items():
                raw = row[col] if col < len(row) else ""
                if raw == "":
                    text = ""
                elif src == "publish_date":
                    text = C.read_date(raw)[0]
                elif src in CODE_SOURCES:
                    text = C.read_code(raw)[0]
                else:
                    text = C.read_text(raw)[0]
                cells[src] = str(text)
            if any(v for k, v in cells.items() if k != "seq"):
                yield cells
    finally:
        book.close()
