"""Checks before a file reaches a parser: what format it is, zip bombs, and XML with DTD declarations."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from govcat_desktop.exchange import extent
from govcat_desktop.exchange.errors import ImportRefused

MAX_TOTAL_BYTES = 200 * 1024 * 1024  # uncompressed size of all parts of one archive
MAX_RATIO = 100  # uncompressed : compressed, for parts large enough to matter
RATIO_FLOOR = 1024 * 1024  # parts smaller than this may compress as well as they like
MAX_FILE_BYTES = 200 * 1024 * 1024  # .xls files
# A CSV is read whole into Python strings and lists (about 30 bytes of memory per byte of file): a department's full
# catalog as CSV (60,000 items) is under 20 MB, so 50 MB is room enough and stays within about 1.5 GB.
MAX_CSV_BYTES = 50 * 1024 * 1024
_PROLOG_LIMIT = 1024 * 1024
# calamine allocates a sheet's used area densely: one value at XFD1048576 asks for 549 GB and aborts the process.
# Bounds for every format (.xlsx, .xls, .ods), declared and actual: SPEC §7's city-wide list is 600,000 info items,
# one row each in an editable copy, so 700,000 rows take the largest real sheet with room; 12 million cells is
# 20 columns of that (a copy has 17), about 1.5 GB at the read's peak; 1,000 columns is 30 times the widest form.
MAX_SHEET_CELLS = 12_000_000
MAX_SHEET_COLUMNS = 1_000
MAX_SHEET_ROWS = 700_000
# The fast path's cell tag, the form Excel, WPS, LibreOffice and this app write: `<c r="A1">`,
# `<c r="J2" s="2" t="n" />` — first attribute r with one letter and at most five digits, then at most s (digits)
# and t (letters), nothing else.
# An unprefixed cell tag not of exactly this form (another attribute, a second r, other quotes or spaces, a wide or
# far reference) sends the sheet to the exact scan. Row tags need no look: calamine places a cell that has an r by
# its r alone (a <row r="1048576"> with <c r="A2"> is 2 rows), and ignores the declared <dimension>.
# (Possessive quantifiers: the same matches as without, a third faster — nothing here can need a step back.)
_UNUSUAL_CELL = re.compile(rb'<c(?! r="[A-Z]\d{1,5}+"(?: s="\d{1,5}+")?+(?: t="[a-zA-Z]{1,9}+")?+ ?+/?+>)[\s/>]')
# A row or cell start tag with its attributes (quoted values holding ">" included).
_TAG = re.compile(rb"<(?:\w+:)?(row|c)\b" + extent.TAG_ATTRS + rb">")
# An attribute named exactly r (not x:r or xr): calamine reads the LAST one of a tag, so the exact scan does too.
_R_ATTR = re.compile(rb'(?<![\w:.-])r\s*=\s*["\']([A-Za-z]{0,3})(\d{0,7})["\']')
_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: Path) -> str:
    """'xlsx', 'ods', 'xls' or 'csv' for a file we may read; ImportRefused otherwise."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise ImportRefused(f"文件“{name}”不存在。") from None
    except IsADirectoryError:
        raise ImportRefused(f"“{name}”是文件夹，不是表格文件。") from None
    except OSError as exc:
        raise ImportRefused(f"无法读取文件“{name}”：{exc.strerror or exc}。") from None
    if size == 0:
        raise ImportRefused(f"文件“{name}”是空文件，不是表格文件。")
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(path)
    if head.startswith(OLE_MAGIC):
        if size > MAX_FILE_BYTES:
            raise ImportRefused(f"文件“{name}”超过 {MAX_FILE_BYTES // 1024 // 1024} MB，不予读取。")
        extent.check_xls(path, MAX_SHEET_ROWS, MAX_SHEET_COLUMNS, MAX_SHEET_CELLS)
        return "xls"
    if path.suffix.lower() in (".csv", ".txt"):
        if size > MAX_CSV_BYTES:
            raise ImportRefused(
                f"文件“{name}”有 {size // 1024 // 1024} MB，超过 CSV 文件 {MAX_CSV_BYTES // 1024 // 1024} MB 的上限"
                "（一个大型部门的全部目录约 20 MB），不予读取。"
            )
        return "csv"
    raise ImportRefused(
        f"文件“{name}”不是可以读取的表格文件（支持 .xlsx、.xls、.ods 和 .csv）。"
        "如是 WPS 专有格式（.et），请先另存为 .xlsx。"
    )


def _zip_kind(path: Path) -> str:
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            check_archive(name, infos)
            if "xl/workbook.xml" in names:
                kind = "xlsx"
            elif "content.xml" in names:
                kind = "ods"
            else:
                raise ImportRefused(f"文件“{name}”是压缩包，但不是 Excel（.xlsx）或 ODS 工作簿。")
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    check_xml_part(name, info.filename, zf)
                if kind == "xlsx" and _SHEET_PART.fullmatch(info.filename):
                    check_sheet_extent(name, info.filename, zf)
            if kind == "ods":
                extent.check_ods(name, zf, MAX_SHEET_ROWS, MAX_SHEET_COLUMNS, MAX_SHEET_CELLS)
            return kind
    except zipfile.BadZipFile as exc:
        raise ImportRefused(f"文件“{name}”已损坏，无法作为工作簿打开（压缩包结构不完整）。", detail=str(exc)) from None
    except (OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise ImportRefused(
            f"文件“{name}”无法作为工作簿打开（压缩包已加密、已损坏或使用了不支持的压缩方式）。"
            "请在 Excel 或 WPS 中另存为 .xlsx 后再导入。",
            detail=str(exc),
        ) from None


def check_archive(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse archives whose parts would inflate past a sane size or ratio."""
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise ImportRefused(
            f"文件“{name}”解压后超过 {MAX_TOTAL_BYTES // 1024 // 1024} MB（{total // 1024 // 1024} MB），"
            "可能是恶意构造的文件，不予读取。"
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportRefused(
                f"文件“{name}”中的“{info.filename}”压缩比异常（超过 {MAX_RATIO}:1），可能是恶意构造的文件，不予读取。"
            )


def check_xml_part(name: str, part: str, zf: zipfile.ZipFile) -> None:
    """Refuse an XML part that declares a DOCTYPE or ENTITY (entity expansion attacks)."""
    prolog = _read_prolog(zf, part)
    if _DTD.search(prolog):
        raise ImportRefused(
            f"文件“{name}”中的“{part}”含有 DOCTYPE/ENTITY 声明，可能是恶意构造的文件，不予读取。"
        )


def check_sheet_extent(name: str, part: str, zf: zipfile.ZipFile) -> None:
    """Refuse a worksheet whose used area (up to its farthest cell) is too large to read.

    Fast path: a sheet whose cell tags are all of the plain form of _UNUSUAL_CELL (one-letter column, row below
    100,000) spans at most 26 × 99,999 cells (well under MAX_SHEET_CELLS). Anything else — a longer reference, a cell
    without an r attribute (calamine places it after the previous one, so a far row of them can span the sheet), a
    second r attribute (calamine takes the last), a prefixed or oddly spelt tag — triggers the exact scan.
    """
    tail = b""
    with zf.open(part) as fh:
        while True:
            chunk = fh.read(1 << 22)
            data = tail + chunk if tail else chunk
            cut = data.rfind(b"<") if chunk else len(data)  # whole tags only; the rest waits for the next chunk
            if cut < 0:
                cut = len(data)
            if _unusual_cells(data, cut):
                return _check_sheet_extent_exactly(name, part, zf)
            if not chunk:
                return None
            tail = data[cut:]
            if len(tail) > 1 << 20:
                return _check_sheet_extent_exactly(name, part, zf)


def _unusual_cells(data: bytes, end: int) -> bool:
    """True when data[:end] may hold a cell the fast path does not vouch for: one regex pass for unprefixed cell
    tags, one count for prefixed ones (`<x:c …>` is a cell to calamine too) — only in a chunk that has a ":" at
    all, which memchr finds ten times faster than the count runs. No copy of the chunk."""
    if data.find(b":", 0, end) != -1 and data.count(b":c", 0, end) > 0:
        return True
    return _UNUSUAL_CELL.search(data, 0, end) is not None


def _check_sheet_extent_exactly(name: str, part: str, zf: zipfile.ZipFile) -> None:
    """Walk every row and cell tag, placing cells as calamine does, and refuse a sheet that spans too much."""
    max_row = max_col = row = col = 0
    far = (0, 0)
    with zf.open(part) as fh:
        # Only whole tags are read; a tag longer than 1 MB is refused with the extent reached so far.
        for matches in extent.tag_chunks(fh, _TAG, lambda: _too_large(name, part, zf, max_row, max_col, far)):
            for m in matches:
                refs = _R_ATTR.findall(m[2])
                ref = refs[-1] if refs else None
                if m[1] == b"row":
                    row = int(ref[1]) if ref and ref[1] else row + 1
                    col = 0
                else:
                    if ref and ref[0]:
                        col = 0
                        for ch in ref[0].upper():
                            col = col * 26 + ch - 64
                        if ref[1]:
                            row = int(ref[1])
                    else:
                        col += 1
                    if col > max_col:
                        max_col, far = col, (col, row)
                if row > max_row:
                    max_row, far = row, (col, row)
            if (max_col > MAX_SHEET_COLUMNS or max_row > MAX_SHEET_ROWS
                    or max_row * max(max_col, 1) > MAX_SHEET_CELLS):
                _too_large(name, part, zf, max_row, max_col, far)


def _too_large(name: str, part: str, zf: zipfile.ZipFile, rows: int, cols: int, far: tuple[int, int]) -> None:
    where = f"{extent.column_name(far[0])}{far[1]}" if far[0] and far[1] else ""
    raise extent.refuse(name, _sheet_name(zf, part), rows, cols, where)


def _sheet_name(zf: zipfile.ZipFile, part: str) -> str:
    """The name a clerk sees for a worksheet part (falls back to the part name)."""
    try:
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        book = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return part
    target = part.removeprefix("xl/")
    for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
        if re.search(r'Target="/?(?:xl/)?' + re.escape(target) + '"', rel[0]):
            rid = re.search(r'Id="([^"]+)"', rel[0])
            for sheet in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", book):
                if rid and f'"{rid[1]}"' in sheet[0]:
                    found = re.search(r'name="([^"]*)"', sheet[0])
                    if found:
                        return found[1]
    return part


def _read_prolog(zf: zipfile.ZipFile, part: str) -> bytes:
    """The bytes before the root element (where a DTD must be), decoded to UTF-8 if the part is UTF-16."""
    data = b""
    with zf.open(part) as fh:
        while len(data) < _PROLOG_LIMIT:
            chunk = fh.read(16384)
            if not chunk:
                break
            data += chunk
            text = _as_utf8(data)
            root = _root_start(text)
            if root is not None:
                return text[:root]
    return _as_utf8(data)


def _as_utf8(data: bytes) -> bytes:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and (data[0] == 0 or data[1] == 0)):
        encoding = "utf-16-be" if data.startswith(b"\xfe\xff") or data[0] == 0 else "utf-16-le"
        return data[: len(data) // 2 * 2].decode(encoding, errors="replace").encode("utf-8")
    return data


def _root_start(text: bytes) -> int | None:
    """Offset of the first element start tag after comments and processing instructions, or None if not seen yet."""
    i = 0
    n = len(text)
    while i < n:
        j = text.find(b"<", i)
        if j < 0 or j + 1 >= n:
            return None
        if text.startswith(b"<?", j):
            end = text.find(b"?>", j)
            if end < 0:
                return None
            i = end + 2
        elif text.startswith(b"<!--", j):
            end = text.find(b"-->", j)
            if end < 0:
                return None
            i = end + 3
        elif text.startswith(b"<!", j):
            return n  # a declaration: keep it in the prolog, the DTD check sees it
        else:
            return j
    return None
