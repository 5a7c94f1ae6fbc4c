"""Dates as clerks write them: 2026-12-01, 2026年12月1日, 2026/12/1, 2026.12.1, 20261201 → ISO 2026-12-01."""

from __future__ import annotations

import datetime as _dt
import re

_SEPARATED = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")


def normalise_date(text: str) -> str | None:
    """The ISO form of a date written in one of the usual ways; None when it is not such a date (or no real day)."""
    value = (text or "").strip().translate(_FULLWIDTH)
    match = _SEPARATED.match(value) or _COMPACT.match(value)
    if not match:
        return None
    try:
        return _dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None
