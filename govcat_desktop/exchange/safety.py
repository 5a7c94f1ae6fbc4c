"""Checks before a file reaches a parser: what format it is, zip bombs, and XML with DTD declarations."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from govcat_desktop.exchange.errors import ImportRefused

MAX_TOTAL_BYTES = 200 * 1024 * 1024  # uncompressed size of all parts of one archive
MAX_RATIO = 100  # uncompressed : compressed, for parts large enough to matter
RATIO_FLOOR = 1024 * 1024  # parts smaller than this may compress as well as they like
MAX_FILE_BYTES = 200 * 1024 * 1024  # .xls and .csv files
_PROLOG_LIMIT = 1024 * 1024
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
        return "xls"
    if path.suffix.lower() in (".csv", ".txt"):
        if size > MAX_FILE_BYTES:
            raise ImportRefused(f"文件“{name}”超过 {MAX_FILE_BYTES // 1024 // 1024} MB，不予读取。")
        return "csv"
    raise ImportRefused(
        f"文件“{name}”不是可以读取的表格文件（支持 .xlsx、.xls、.ods 和 .csv）。如是 WPS 专有格式（.et），请先另存为 .xlsx。"
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
            return kind
    except zipfile.BadZipFile as exc:
        raise ImportRefused(f"文件“{name}”已损坏，无法作为工作簿打开（{exc}）。") from None
    except (OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise ImportRefused(f"文件“{name}”无法作为工作簿打开（{exc}）。") from None


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
