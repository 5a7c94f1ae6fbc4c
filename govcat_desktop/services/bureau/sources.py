"""Which files of the sources named to a merge are units' submissions (judged by content, never by name)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

COPY_SUFFIXES = (".xlsx", ".xlsm")
SCAN_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")  # scanned stamped copies (services/bureau/paper)
SOURCE_SUFFIXES = (".govcat", *COPY_SUFFIXES, *SCAN_SUFFIXES)


def scan_sources(sources: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]], list[tuple[Path, str]]]:
    """(files to read, sources refused, files of a folder left aside with the reason).

    A folder's files are judged by content, never by a name pattern: a unit may well be called “.阳泉…” or
    “~$…” or have 盖章版 in its name. Left aside (and listed) are only workbooks without the hidden `_govcat` sheet
    (a 盖章版 for printing: its editable copy carries the data), Office lock files and macOS resource forks.
    """
    files: list[Path] = []
    refused: list[tuple[Path, str]] = []
    ignored: list[tuple[Path, str]] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES)
            if not found:
                refused.append((path, "文件夹中没有 .govcat 项目文件、.xlsx 可编辑电子版或盖章版扫描件"))
            for p in found:
                reason = _not_a_submission(p)
                if reason:
                    ignored.append((p, reason))
                else:
                    files.append(p)
        elif not path.exists():
            refused.append((path, "文件不存在"))
        elif path.suffix.lower() not in SOURCE_SUFFIXES:
            refused.append((path, "不是 .govcat 项目文件、.xlsx 可编辑电子版或盖章版扫描件（PDF、JPEG、PNG、TIFF）"))
        elif _print_file(path):
            refused.append((path, "这是 govcat 导出的打印文件（未盖章），请汇总盖章后的扫描件"))
        else:
            files.append(path)
    return files, refused, ignored


_APPLE_DOUBLE = b"\x00\x05\x16\x07"
_GOVCAT_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*\bname=[\"']_govcat[\"']")


def _not_a_submission(path: Path) -> str:
    """Why a folder's file is not a unit's submission ('' when it should be read), judged by its content."""
    if path.suffix.lower() == ".govcat":
        return ""
    if _print_file(path):
        return "govcat 导出的打印文件（未盖章，不是扫描件）；其内容由同一次导出的可编辑电子版报送"
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
        size = path.stat().st_size
    except OSError:
        return ""  # read_workbook says in Chinese why it cannot be read
    if head == _APPLE_DOUBLE:
        return "macOS 生成的附属文件（不是工作簿）"
    if path.name.startswith("~$") and size < 4096 and not head.startswith(b"PK"):
        return "Excel 或 WPS 打开文件时生成的临时锁文件（不是工作簿）"
    if not head.startswith(b"PK"):
        return ""
    try:
        with zipfile.ZipFile(path) as zf, zf.open("xl/workbook.xml") as fh:
            book = fh.read(1 << 20)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, EOFError):
        return ""
    if _GOVCAT_SHEET.search(book):
        return ""
    return "没有隐藏的 _govcat 信息表，不是可编辑电子版（如盖章版，打印用，其内容由同一次导出的可编辑电子版报送）"


def _print_file(path: Path) -> bool:
    """An unstamped print PDF written by govcat itself (not a scan of the stamped paper)."""
    if path.suffix.lower() != ".pdf":
        return False
    from govcat_desktop.exchange.scan import is_print_file

    return is_print_file(path)
