"""The content fingerprint: a short code (XXXX-XXXX) over a submission's records — the one module that makes them.

Two inputs, one format and one hash: `fingerprint` over a workbook's sheets (the cell text as exported: what an
editable copy and the print file carry), `records_fingerprint` over records that never were a workbook (a .govcat
submission, the bureau's registers). The two hash different bytes, so a workbook and a .govcat of the same
records print different codes; each stays what it was, as the bureau's database has stored them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence

from govcat_desktop.exchange.cells import to_text

# Crockford's base32: no I, L, O, U, so the code reads aloud without confusion.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BATCH = 4096  # rows per hash update


def fingerprint(kind: str, org_code: str, sheets: Mapping[str, Iterable[Sequence[object]]]) -> str:
    """Fingerprint of the data rows of each sheet (cell text as exported), the kind and the unit's code."""
    digest = hashlib.sha256()
    digest.update(json.dumps([kind, org_code], ensure_ascii=False).encode("utf-8"))
    for name in sorted(sheets):
        digest.update(b"\x1e" + name.encode("utf-8"))
        lines: list[str] = [""]  # each row as "\x1d" + its cells joined by "\x1f", hashed in batches
        for row in sheets[name]:
            try:
                lines.append("\x1f".join(row))  # type: ignore[arg-type]
            except TypeError:  # a number or date typed into a cell: as the reader shows it
                lines.append("\x1f".join(v if type(v) is str else to_text(v)[0] for v in row))
            if len(lines) > _BATCH:
                digest.update("\x1d".join(lines).encode("utf-8"))
                lines = [""]
        if len(lines) > 1:
            digest.update("\x1d".join(lines).encode("utf-8"))
    return format_code(digest.digest())


def records_fingerprint(data: object) -> str:
    """A short, stable fingerprint of JSON-able records (same records → same code)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return format_code(hashlib.sha256(text.encode("utf-8")).digest())


def format_code(raw: bytes) -> str:
    """The first 40 bits of `raw` as 8 base32 characters, grouped 4-4."""
    number = int.from_bytes(raw[:5], "big")
    chars = "".join(_ALPHABET[(number >> shift) & 31] for shift in range(35, -1, -5))
    return f"{chars[:4]}-{chars[4:]}"
