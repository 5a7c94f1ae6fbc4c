"""The last registration the bureau exported (v11, issue 22): each registered entry's key, digest and rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from govcat_desktop.storage.project_file import ProjectFile


class RegistryStore:
    """Over one open bureau project file."""

    def __init__(self, store: ProjectFile) -> None:
        self.store = store
        self.conn: sqlite3.Connection = store.conn

    def last(self) -> tuple[str, str, int] | None:
        """(registered_at, mode, entries) of the last registration exported, if any."""
        row = self.conn.execute(
            "SELECT registered_at, mode, entries FROM registration ORDER BY id DESC LIMIT 1").fetchone()
        return (row[0], row[1], row[2]) if row else None

    def registered(self) -> dict[str, tuple[str, str]]:
        """key → (digest, rows as JSON) of every entry the last registration left registered."""
        return {r[0]: (r[1], r[2]) for r in self.conn.execute("SELECT key, digest, rows FROM registered_entry")}

    def remember(self, registered_at: str, mode: str, entries: Iterable[tuple[str, str, str]]) -> None:
        """Replace what is registered by `entries` (key, digest, rows JSON) and record the export."""
        rows = list(entries)
        with self.store.transaction():
            self.conn.execute("DELETE FROM registered_entry")
            self.conn.executemany("INSERT INTO registered_entry (key, digest, rows) VALUES (?, ?, ?)", rows)
            self.conn.execute("INSERT INTO registration (registered_at, mode, entries) VALUES (?, ?, ?)",
                              (registered_at, mode, len(rows)))
