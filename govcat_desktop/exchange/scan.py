"""Reading scanned stamped copies: each page's govcat QR code, from PDF (pypdfium2), JPEG, PNG or TIFF (Pillow).

Every file is decoded in a child process (exchange.scan_child) with limits of time and memory, so a hostile or
broken file ends as one Chinese line for that file; the bounds and the decoding passes are in exchange.scan_decode.
Every failure is a ScanRefused with a Chinese message; nothing here writes anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from govcat_desktop.exchange import pdf_qr
from govcat_desktop.exchange.scan_decode import (BLANK, CODE, MAX_FILE_BYTES, MAX_PAGES, MAX_PIXELS, SCAN_DPI,
                                                 UNREADABLE)

__all__ = ["BLANK", "CODE", "MAX_FILE_BYTES", "MAX_PAGES", "MAX_PIXELS", "SCAN_DPI", "SCAN_SUFFIXES", "UNREADABLE",
           "ScanFile", "ScanPage", "ScanRefused", "is_scan", "read_scan", "read_scans"]

SCAN_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")


class ScanRefused(Exception):
    """A file that cannot be taken as a scan; str() is the Chinese reason; printed: it is the unstamped print."""

    def __init__(self, text: str, printed: bool = False) -> None:
        super().__init__(text)
        self.printed = printed


@dataclass
class ScanPage:
    position: int  # 1-based page (sheet) in the file
    payloads: list[pdf_qr.PagePayload] = field(default_factory=list)
    state: str = ""  # CODE, BLANK or UNREADABLE

    def __post_init__(self) -> None:
        if not self.state:
            self.state = CODE if self.payloads else UNREADABLE


@dataclass
class ScanFile:
    path: Path
    pages: list[ScanPage]

    @property
    def unreadable(self) -> list[int]:
        return [p.position for p in self.pages if p.state == UNREADABLE]

    @property
    def blank(self) -> list[int]:
        return [p.position for p in self.pages if p.state == BLANK]


def is_scan(path: Path) -> bool:
    return path.suffix.lower() in SCAN_SUFFIXES


def read_scans(paths: Iterable[Path], tick: Callable[[Path, int, int], bool] | None = None
               ) -> Iterator[tuple[Path, ScanFile | ScanRefused]]:
    """(path, its ScanFile or the ScanRefused) per file, read one after another in one child process.

    tick(path, done, total) False cancels: the child is killed and ScanRefused("已取消") is raised.
    """
    from govcat_desktop.exchange.scan_child import ChildRefused, ScanChild

    with ScanChild() as child:
        for path in paths:
            path = Path(path)
            step = None if tick is None else (lambda done, total, p=path: tick(p, done, total))
            try:
                pages = child.read(path, step)
            except ChildRefused as exc:
                if str(exc) == "已取消":
                    raise ScanRefused("已取消") from None
                yield path, ScanRefused(str(exc), exc.printed)
                continue
            yield path, ScanFile(path, [ScanPage(pos, list(payloads), state) for pos, state, payloads, _ in pages])


def read_scan(path: str | os.PathLike[str], tick: Callable[[int, int], bool] | None = None) -> ScanFile:
    """Decode every page of one scan file; tick(done, total) False stops (ScanRefused)."""
    step = None if tick is None else (lambda _p, done, total: tick(done, total))
    for _, result in read_scans([Path(path)], step):
        if isinstance(result, ScanRefused):
            raise result
        return result
    raise ScanRefused("已取消")  # not reached: one path gives one result


_PRODUCER = b"/Producer (govcat)"


def is_print_file(path: Path) -> bool:
    """True for a PDF govcat wrote itself (its Info dictionary, read as bytes: no PDF parser runs in this process;
    a print re-saved by another program is told by its pages in the scan child, ScanRefused.printed)."""
    try:
        with open(path, "rb") as fh:
            if not fh.read(5).startswith(b"%PDF"):
                return False
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 4096))
            tail = fh.read()
    except OSError:
        return False
    return _PRODUCER in tail
