"""The QR code on every printed page: a short versioned payload, written with segno, read back by exchange.scan.

Payload (QR alphanumeric mode, about 50 characters → version 4 at level Q):

    GC1/CA/<统一社会信用代码>/<指纹 XXXX-XXXX>/<page>/<pages>/<YYYYMMDD>

GC1 = govcat paper format 1; the kind code is one of KIND_CODES. Level Q restores a quarter of the code, so a
pen stroke or a speck of toner on the code still reads.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

PREFIX = "GC1"
KIND_CODES = {
    "contacts": "CT", "mechanism": "ME", "catalog": "CA", "demand": "DE", "review": "RV", "matters": "MA",
    "changes": "CG",  # the 目录变更表 printed with a catalog (exchange.change_sheet), never a page of the catalog
    "board": "BD", "city_catalog": "CC", "city_demand": "CD", "city_offer": "CO", "city_summary": "CS",
}
CODE_KINDS = {v: k for k, v in KIND_CODES.items()}
MAX_FORM_PAGES = 2000  # a form's pages at most (a department's catalog prints a few hundred): codes and copies past it
_PAYLOAD = re.compile(r"^GC(\d+)/([A-Z]{2})/([0-9A-Z]*)/([0-9A-Z-]{0,16})/(\d{1,5})/(\d{1,5})/(\d{8})$")


@dataclass(frozen=True)
class PagePayload:
    kind: str
    org_code: str
    fingerprint: str
    page: int
    pages: int
    export_date: _dt.date


def encode(kind: str, org_code: str, fingerprint: str, page: int, pages: int, export_date: _dt.date) -> str:
    code = re.sub(r"[^0-9A-Z]", "", org_code.upper())
    return f"{PREFIX}/{KIND_CODES[kind]}/{code}/{fingerprint}/{page}/{pages}/{export_date:%Y%m%d}"


def decode(text: str) -> PagePayload | None:
    """The payload of one QR code, or None when it is not a govcat page code (another QR, a later format)."""
    match = _PAYLOAD.match(text.strip())
    if not match or match.group(1) != "1" or match.group(2) not in CODE_KINDS:
        return None
    page, pages = int(match.group(5)), int(match.group(6))
    if not 1 <= page <= pages:
        return None
    try:
        day = _dt.datetime.strptime(match.group(7), "%Y%m%d").date()
    except ValueError:
        return None
    return PagePayload(CODE_KINDS[match.group(2)], match.group(3), match.group(4), page, pages, day)


def matrix(text: str) -> list[list[bool]]:
    import segno

    # A fixed mask: choosing the best of eight costs more than the rest of a page, and any mask reads well here.
    qr = segno.make_qr(text, error="q", boost_error=False, mask=2)
    return [[bool(v) for v in row] for row in qr.matrix]


def draw_qr(pdf, text: str, x: float, y: float, size: float) -> None:
    """Draw the code as one filled path of rectangles (a run of dark modules each), with a 4-module quiet zone."""
    rows = matrix(text)
    n = len(rows) + 8
    module = size / n
    pdf.set_fill_color(255)
    pdf.rect(x, y, size, size, style="F")
    k, height = pdf.k, pdf.h
    ops = []
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                left, top = x + (start + 4) * module, y + (r + 4) * module
                ops.append(f"{left * k:.2f} {(height - top) * k:.2f} {(c - start) * module * k + 0.02:.2f}"
                           f" {-(module * k + 0.02):.2f} re")
            else:
                c += 1
    pdf._out("q 0 g " + " ".join(ops) + " f Q")  # noqa: SLF001 - one path instead of hundreds of rect() calls
