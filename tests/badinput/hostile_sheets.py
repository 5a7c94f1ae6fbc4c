"""Tiny spreadsheets that ask calamine for gigabytes (issue #12): far BIFF cells, repeated ODS rows and cells."""

from __future__ import annotations

import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
LABELSST = b"\xfd\x00\x0a\x00"  # BIFF8 record type 0x00FD, 10 bytes: row, col, xf, sst index
DIMENSION = b"\x00\x02\x0e\x00"  # BIFF8 record type 0x0200, 14 bytes: first row, last row + 1 (u32), first col, ...


def _patch_xls(dest: Path, marker: bytes, offset: int, new: bytes) -> Path:
    """matters_sample.xls with the bytes after the first `marker` record header replaced (a cell or the DIMENSION)."""
    data = bytearray((DATA / "matters_sample.xls").read_bytes())
    at = data.index(marker) + len(marker) + offset
    data[at: at + len(new)] = new
    dest.write_bytes(bytes(data))
    return dest


def ods(dest: Path, body: str, sheet: str = "事项清单") -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="{sheet}" table:style-name="ta1">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                   'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                   "</manifest:manifest>")
        z.writestr("content.xml", content)
    return dest


CELL = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
HEADER = "<table:table-row>" + CELL.format("事项名称") + CELL.format("事项编码") + "</table:table-row>"


def hostile_sheet_corpus(folder: Path) -> dict[str, Path]:
    """kind → file; every one must be refused (file, sheet and farthest cell named) before calamine reads it."""
    folder.mkdir(parents=True, exist_ok=True)
    rep_cell = '<table:table-cell table:number-columns-repeated="100" office:value-type="string"><text:p>x</text:p></table:table-cell>'
    return {
        "xls_cell_at_ffff": _patch_xls(folder / "远处单元格.xls", LABELSST, 0, b"\xff\xff\xff\xff"),
        "xls_dimension_huge": _patch_xls(folder / "声明范围过大.xls", DIMENSION, 4, b"\xff\xff\x0f\x00"),
        "ods_repeated_rows_and_cells": ods(folder / "重复行列.ods", HEADER + '<table:table-row table:number-rows-repeated="990000">'
                                           f"{rep_cell}</table:table-row>"),
        "ods_million_rows": ods(folder / "百万行.ods", HEADER + '<table:table-row table:number-rows-repeated="1000000">'
                                + CELL.format("某事项") + CELL.format("123") + "</table:table-row>"),
        "ods_wide_row": ods(folder / "超宽行.ods", HEADER + "<table:table-row>"
                            '<table:table-cell table:number-columns-repeated="20000" office:value-type="float" '
                            'office:value="1"/></table:table-row>'),
    }


# A LibreOffice-style sheet padded with empty repeated rows and cells: calamine skips those, so must the guard.
def padded_ods(dest: Path) -> Path:
    body = (HEADER + "<table:table-row>" + CELL.format("内地居民结婚登记") + CELL.format("11140300MB0000000A")
            + '<table:table-cell table:number-columns-repeated="1022"/></table:table-row>'
            + '<table:table-row table:number-rows-repeated="1048573"><table:table-cell '
            'table:number-columns-repeated="1024"/></table:table-row>')
    return ods(dest, body)
