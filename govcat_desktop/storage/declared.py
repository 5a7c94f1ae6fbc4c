"""Fields declared in forms/ only: their stored form (one JSON list of text pairs) and the declared migrations."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any


def encode(extra: dict[str, str]) -> str:
    """{key: value} as stored: a JSON list of texts, key, value, key, value … (sorted by key)."""
    return json.dumps([t for k in sorted(extra) for t in (k, str(extra[k]))], ensure_ascii=False)


def decode(text: str) -> dict[str, str]:
    values = json.loads(text) if text and text != "[]" else []
    return {str(values[i]): str(values[i + 1]) for i in range(0, len(values) - 1, 2)}


def apply(conn: sqlite3.Connection, migrations: Iterable[dict[str, Any]]) -> int:
    """Give every entry the default of each declared field it lacks (forms/migrations.toml `add`, `default`);
    returns the number of entries changed. Run inside the caller's transaction when the file opens for editing."""
    adds = [(m["add"], m["default"]) for m in migrations if m.get("form") == "catalog" and m.get("default")]
    if not adds:
        return 0
    changed = []
    for entry_id, text in conn.execute("SELECT id, extra FROM entry").fetchall():
        extra = decode(text)
        missing = {key: default for key, default in adds if key not in extra}
        if missing:
            changed.append((encode({**extra, **missing}), entry_id))
    conn.executemany("UPDATE entry SET extra = ? WHERE id = ?", changed)
    return len(changed)
