"""Extent guards for .xls (BIFF records in an OLE compound file) and .ods (repeated rows and cells), before calamine.

calamine allocates a sheet densely from its first to its farthest cell. One BIFF cell record at row/column 0xFFFF, or
an .ods row repeated 990,000 times with 100 repeated cells, asks for tens of gigabytes and aborts the process. These
scans find the farthest cell without building anything, and refuse a sheet past the bounds of exchange.safety.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from govcat_desktop.exchange.errors import ImportRefused

_SPECIAL = 0xFFFFFFFA  # and above: DIFSECT, FATSECT, ENDOFCHAIN, FREESECT
# BIFF cell records: (row u16, col u16, ...) at the start of each; MULRK/MULBLANK end with their last column.
_CELL_RECORDS = {0x0006, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x00D6, 0x0406, 0x0002, 0x0003, 0x0004,
                 0x0005, 0x007E}
_MULTI = {0x00BD, 0x00BE}  # MULRK, MULBLANK
_DIMENSION = {0x0200, 0x0000}  # BIFF8 and BIFF2-5
_BOF = {0x0809, 0x0409, 0x0209, 0x0009}
_BOUNDSHEET = 0x0085
_FILEPASS = 0x002F


# A start tag's attributes as one group, up to the ">" that ends the tag: a quoted value may hold ">" (XML allows it,
# and so do calamine's parsers), so quoted values are skipped whole.
TAG_ATTRS = rb"""((?:[^>"']|"[^"]*"|'[^']*')*)"""


def column_name(col: int) -> str:
    """1 → A, 16384 → XFD."""
    name = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        name = chr(65 + rem) + name
    return name


def refuse(file: str, sheet: str, rows: int, cols: int, where: str = "") -> ImportRefused:
    cell = f"，最远的单元格在 {where}" if where else ""
    return ImportRefused(
        f"文件“{file}”的工作表“{sheet}”使用范围过大（{rows} 行 × {cols} 列{cell}），"
        "可能是很远的单元格里误填了内容或是恶意构造的文件，不予读取。请删除多余的行和列、另存后再导入。"
    )


# ----- .xls --------------------------------------------------------------------------------------------------------
class _Compound:
    """Just enough of [MS-CFB] to read one stream: FAT chains, the mini stream, the directory."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        if len(data) < 512:
            raise ValueError("short header")
        self.shift = 1 << struct.unpack_from("<H", data, 0x1E)[0]
        self.mini = 1 << struct.unpack_from("<H", data, 0x20)[0]
        if self.shift not in (512, 4096) or self.mini != 64:
            raise ValueError("sector size")
        n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
        self.cutoff, first_minifat, _, first_difat, n_difat = struct.unpack_from("<IIIII", data, 0x38)
        self.sectors = max((len(data) - 512) // self.shift, 0)
        per_sector = self.shift // 4
        difat = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _SPECIAL]
        sector, seen = first_difat, 0
        while sector < _SPECIAL and seen < min(n_difat, self.sectors):
            entries = struct.unpack_from(f"<{per_sector}I", self._sector(sector))
            difat.extend(s for s in entries[:-1] if s < _SPECIAL)
            sector, seen = entries[-1], seen + 1
        self.fat: list[int] = []
        for s in difat[:n_fat]:
            self.fat.extend(struct.unpack_from(f"<{per_sector}I", self._sector(s)))
        directory = self._chain(first_dir, self.fat, self._sector)
        self.entries = [directory[i: i + 128] for i in range(0, len(directory) - 127, 128)]
        self.ministream = b""
        if self.entries:
            start, size = struct.unpack_from("<IQ", self.entries[0], 116)
            self.ministream = self._chain(start, self.fat, self._sector)[:size]
        raw = self._chain(first_minifat, self.fat, self._sector)
        self.minifat = list(struct.unpack(f"<{len(raw) // 4}I", raw[: len(raw) // 4 * 4]))

    def _sector(self, index: int) -> bytes:
        if index >= self.sectors:
            raise ValueError("sector out of range")
        start = 512 + index * self.shift
        return self.data[start: start + self.shift]

    def _mini_sector(self, index: int) -> bytes:
        start = index * self.mini
        if start >= len(self.ministream):
            raise ValueError("mini sector out of range")
        return self.ministream[start: start + self.mini]

    @staticmethod
    def _chain(start: int, table: list[int], read) -> bytes:
        """The sectors of a chain, joined; a loop or a chain leaving the table ends it."""
        parts, sector = [], start
        while sector < _SPECIAL and sector < len(table) and len(parts) <= len(table):
            parts.append(read(sector))
            sector = table[sector]
        return b"".join(parts)

    def stream(self, names: tuple[str, ...]) -> bytes | None:
        for entry in self.entries:
            length = min(struct.unpack_from("<H", entry, 64)[0], 64)
            name = entry[: max(length - 2, 0)].decode("utf-16-le", "replace")
            if entry[66] == 2 and name in names:
                start, size = struct.unpack_from("<IQ", entry, 116)
                size &= 0xFFFFFFFF
                if size < self.cutoff:
                    return self._chain(start, self.minifat, self._mini_sector)[:size]
                return self._chain(start, self.fat, self._sector)[:size]
        return None


def check_xls(path: Path, max_rows: int, max_cols: int, max_cells: int) -> None:
    """Refuse an .xls whose declared (DIMENSION) or actual (cell records) extent is past the bounds."""
    try:
        data = path.read_bytes()
        book = _Compound(data).stream(("Workbook", "Book"))
    except (ValueError, struct.error, OSError, IndexError):
        return None  # not a compound file we understand: calamine refuses it with its own (translated) message
    if not book:
        return None  # e.g. an encrypted .xlsx in an OLE wrapper: no BIFF stream to bound
    names: dict[int, str] = {}
    offset, sheet_no, current = 0, 0, "（工作簿）"
    max_row = max_col = 0
    where = ""
    n = len(book)
    while offset + 4 <= n:
        rtype, size = struct.unpack_from("<HH", book, offset)
        body = book[offset + 4: offset + 4 + size]
        if rtype in _BOF:
            if offset in names:
                current = names[offset]
            elif offset:
                sheet_no += 1
                current = f"第{sheet_no}个工作表"
            max_row = max_col = 0
        elif rtype == _BOUNDSHEET and len(body) >= 8:
            pos = struct.unpack_from("<I", body, 0)[0]
            count, flags = body[6], body[7] if len(body) > 7 else 0
            raw = body[8: 8 + count * (2 if flags & 1 else 1)]
            names[pos] = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
        elif rtype == _FILEPASS:
            return None  # encrypted: calamine refuses it (password), the rest of the stream is not plain records
        elif rtype in _DIMENSION and len(body) >= 10:
            if rtype == 0x0200 and len(body) >= 14:
                _, last_row, _, last_col = struct.unpack_from("<IIHH", body, 0)
            else:
                _, last_row, _, last_col = struct.unpack_from("<HHHH", body, 0)
            if last_col > max_cols or last_row > max_rows or last_row * max(last_col, 1) > max_cells:
                raise refuse(path.name, current, last_row, last_col,
                             f"{column_name(last_col)}{last_row}（DIMENSION 声明的范围）")
        elif (rtype in _CELL_RECORDS or rtype in _MULTI) and len(body) >= 4:
            row, col = struct.unpack_from("<HH", body, 0)
            if rtype in _MULTI and len(body) >= 6:
                col = max(col, struct.unpack_from("<H", body, len(body) - 2)[0])
            if row + 1 > max_row or col + 1 > max_col:
                max_row, max_col = max(max_row, row + 1), max(max_col, col + 1)
                where = f"{column_name(col + 1)}{row + 1}"
                if max_col > max_cols or max_row > max_rows or max_row * max_col > max_cells:
                    raise refuse(path.name, current, max_row, max_col, where)
        offset += 4 + size
    return None


# ----- .ods --------------------------------------------------------------------------------------------------------
_ODS_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(table-row|table-cell|covered-table-cell|table)(?=[\s/>])"
                      + TAG_ATTRS + rb">")
# Attributes are read as calamine reads them: a quoted value may hold ">". Of two same-named ones calamine's .ods
# reader takes the first (its .xlsx reader the last r): the guard counts the larger, whichever it is.
_ROWS_REPEATED = re.compile(rb'number-rows-repeated\s*=\s*["\'](\d{1,12})["\']')
_COLS_REPEATED = re.compile(rb'number-columns-repeated\s*=\s*["\'](\d{1,12})["\']')
_VALUE_TYPE = re.compile(rb"value-type\s*=")
_TABLE_NAME = re.compile(rb'(?<![\w-])(?:[\w.-]+:)?name\s*=\s*["\']([^"\']*)["\']')


def check_ods(name: str, zf: zipfile.ZipFile, max_rows: int, max_cols: int, max_cells: int) -> None:
    """Count repeated rows and cells in content.xml (streamed) as calamine expands them: only cells with content and
    rows holding such cells reach its grid (trailing empty repeats are how LibreOffice pads a sheet)."""
    sheet = ""
    row = 0  # rows before the current one
    row_repeat = 1
    col = 0
    row_max_col = 0
    max_row = max_col = 0
    where = ""

    def long_tag() -> None:
        raise ImportRefused(f"文件“{name}”的 content.xml 中有超过 1 MB 的单个标记，可能是恶意构造的文件，不予读取。")

    with zf.open("content.xml") as fh:
        for matches in tag_chunks(fh, _ODS_TAG, long_tag):
            for m in matches:
                closing, tag, attrs = m[1], m[2], m[3]
                if tag == b"table":
                    if not closing:
                        found = _TABLE_NAME.search(attrs)
                        sheet = found[1].decode("utf-8", "replace") if found else ""
                        row = col = row_max_col = max_row = max_col = 0
                    continue
                if tag == b"table-row":
                    if closing:
                        if row_max_col:
                            max_row = row + row_repeat
                            max_col = max(max_col, row_max_col)
                            if max_col > max_cols or max_row > max_rows or max_row * max_col > max_cells:
                                raise refuse(name, sheet, max_row, max_col, where or f"第 {max_row} 行")
                        row += row_repeat
                    else:
                        reps = _ROWS_REPEATED.findall(attrs)
                        row_repeat = max(map(int, reps)) if reps else 1
                        col = row_max_col = 0
                        if attrs.rstrip().endswith(b"/"):  # an empty row
                            row += row_repeat
                    continue
                if closing:
                    continue
                reps = _COLS_REPEATED.findall(attrs)
                repeat = max(map(int, reps)) if reps else 1
                empty = attrs.rstrip().endswith(b"/") and not _VALUE_TYPE.search(attrs)
                col += repeat
                if not empty:
                    row_max_col = col
                    where = f"{column_name(col)}{row + row_repeat}"
                    wide = col > max_cols or (row + row_repeat) * col > max_cells
                    if wide or row + row_repeat > max_rows:
                        raise refuse(name, sheet, row + row_repeat, col, where)
    return None


def tag_chunks(fh, pattern: re.Pattern[bytes], too_long: Callable[[], None]) -> Iterator[Iterator[re.Match[bytes]]]:
    """The matches of `pattern` over a streamed XML part, one iterator per 1 MB chunk.

    Only whole tags are matched; a partial tag at a chunk's end waits for the next chunk. A single tag longer than
    1 MB calls `too_long()`, which raises (a hostile part must not make the reader buffer it whole)."""
    tail = b""
    while True:
        chunk = fh.read(1 << 20)
        data = tail + chunk
        cut = len(data) if not chunk else data.rfind(b"<")
        if cut < 0:
            cut = len(data)
        yield pattern.finditer(data, 0, cut)
        if not chunk:
            return
        tail = data[cut:]
        if len(tail) > 1 << 20:
            too_long()
