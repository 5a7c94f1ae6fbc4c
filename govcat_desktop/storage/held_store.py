"""Files a merge held back for the bureau to decide (a code under another name, a name under another code)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from govcat_desktop.storage.bureau_store import now
from govcat_desktop.storage.project_file import ProjectFile

MAX_HELD = 500  # one row per source file; the list lives in one singleton row
_KIND = "held"


@dataclass(frozen=True)
class Held:
    """One held file: where it is, who it says it is from, why it was held, and the unit it may be."""

    path: str
    org_code: str
    org_name: str
    reason: str
    unit_id: int  # the unit already received that shares its code or name
    held_at: str = ""


class HeldStore:
    """The held-files list of a bureau project (a JSON singleton: no schema change)."""

    def __init__(self, store: ProjectFile) -> None:
        self.store = store

    def all(self) -> list[Held]:
        row = self.store.conn.execute("SELECT data FROM singleton WHERE kind = ?", (_KIND,)).fetchone()
        if not row:
            return []
        try:
            return [Held(**{k: r[k] for k in Held.__dataclass_fields__ if k in r}) for r in json.loads(row[0])]
        except (ValueError, TypeError, KeyError):
            return []  # written only by us; a damaged list is an empty list, never a crash

    def put(self, held: Held) -> None:
        """Add or replace (by path) a held file (inside the caller's transaction or one of its own)."""
        rows = [h for h in self.all() if h.path != held.path]
        rows.append(Held(**{**asdict(held), "held_at": held.held_at or now()}))
        self._write(rows[-MAX_HELD:])

    def drop(self, path: str) -> bool:
        """Forget a held file (taken or refused); whether it was held."""
        rows = self.all()
        kept = [h for h in rows if h.path != path]
        if len(kept) != len(rows):
            self._write(kept)
        return len(kept) != len(rows)

    def _write(self, rows: list[Held]) -> None:
        data = json.dumps([asdict(h) for h in rows], ensure_ascii=False)
        with self.store.transaction():  # a failed write raises ProjectFileError in Chinese; nothing half-written
            self.store.conn.execute("INSERT OR REPLACE INTO singleton (kind, data) VALUES (?, ?)", (_KIND, data))
