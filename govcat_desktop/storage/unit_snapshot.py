"""Before/after copies of the units a bureau's merge touched, for its undo and redo (services.bureau.merge_step).

The rows of a unit in every bureau table (the unit, its submissions and their singletons, matters, entries, items,
records and 注销 rows, the comments addressed to it) are copied into TEMP tables of the same connection, keyed by the
step and the side (BEFORE / AFTER): the copies stay in SQLite's temp store (spilled to a temp file past its cache),
not in Python lists. Scanned pages (not per unit: a scan may come before its unit's copy) are the rows appended after
the merge's first id; the held-files list is one small singleton, kept as its text.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import Iterable

from govcat_desktop.storage.project_file import ProjectFile

BEFORE, AFTER = 0, 1
_OF_UNIT = "IN (SELECT id FROM main.submission WHERE unit_id = :unit)"
# Each bureau table and the condition picking a unit's rows; parents before children (the order rows go back in).
UNIT_TABLES: dict[str, str] = {
    "unit": "id = :unit",
    "submission": "unit_id = :unit",
    "unit_singleton": f"submission_id {_OF_UNIT}",
    "unit_matter": f"submission_id {_OF_UNIT}",
    "unit_entry": f"submission_id {_OF_UNIT}",
    "unit_item": f"entry_id IN (SELECT id FROM main.unit_entry WHERE submission_id {_OF_UNIT})",
    "unit_record": f"submission_id {_OF_UNIT}",
    "unit_withdrawn": f"submission_id {_OF_UNIT}",
    "comment": "unit_id = :unit",
}
_HELD = "held"
_steps = itertools.count(1)


class UnitSnapshots:
    """The copies of one undoable merge: snapshot() a unit before it is first written; put() a side back."""

    def __init__(self, store: ProjectFile) -> None:
        self.store = store
        self.conn = store.conn
        self.step = next(_steps)
        self._columns: dict[str, str] = {}
        for table in (*UNIT_TABLES, "paper_page"):
            names = [r[1] for r in self.conn.execute(f"PRAGMA main.table_info({table})")]
            self._columns[table] = ", ".join(names)
            self.conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS undo_{table} AS SELECT 0 AS undo_step, "
                              f"0 AS undo_side, * FROM main.{table} WHERE 0")
            self.conn.execute(f"CREATE INDEX IF NOT EXISTS temp.undo_{table}_step"
                              f" ON undo_{table} (undo_step, undo_side)")
        self.paper_from = self.conn.execute("SELECT coalesce(max(id), 0) FROM paper_page").fetchone()[0]
        self.held_before = self.held()
        self.held_after: str | None = None

    def outside_units(self) -> bool:
        """Whether scanned pages were added or the held-files list changed since the step began."""
        pages = self.conn.execute("SELECT coalesce(max(id), 0) FROM paper_page").fetchone()[0]
        return pages != self.paper_from or self.held() != self.held_before

    def held(self) -> str | None:
        row = self.conn.execute("SELECT data FROM singleton WHERE kind = ?", (_HELD,)).fetchone()
        return row[0] if row else None

    def snapshot(self, units: Iterable[int], side: int = BEFORE) -> None:
        """Copy the rows of `units` (and, for AFTER, the scanned pages since the merge began) as `side`."""
        for unit in units:
            for table, where in UNIT_TABLES.items():
                self.conn.execute(f"INSERT INTO temp.undo_{table} SELECT :step, :side, * FROM main.{table} "
                                  f"WHERE {where}", {"step": self.step, "side": side, "unit": unit})
        if side == AFTER:
            self.conn.execute("INSERT INTO temp.undo_paper_page SELECT ?, ?, * FROM main.paper_page WHERE id > ?",
                              (self.step, AFTER, self.paper_from))
            self.held_after = self.held()

    def drop(self, side: int) -> None:
        """Forget the copies of one side (before a fresh AFTER copy at each undo)."""
        for table in (*UNIT_TABLES, "paper_page"):
            self.conn.execute(f"DELETE FROM temp.undo_{table} WHERE undo_step = ? AND undo_side = ?",
                              (self.step, side))

    def put(self, units: Iterable[int], side: int) -> None:
        """Make `units` (and the scanned pages, the held list) exactly as copied on `side`: their rows now are
        deleted, the copied ones inserted with their ids (inside one transaction)."""
        conn = self.conn
        with self.store.transaction():
            for unit in units:
                for table, where in reversed(UNIT_TABLES.items()):
                    conn.execute(f"DELETE FROM main.{table} WHERE {where}", {"unit": unit})
            conn.execute("DELETE FROM main.paper_page WHERE id > ?", (self.paper_from,))
            for table in (*UNIT_TABLES, "paper_page"):
                cols = self._columns[table]
                conn.execute(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM temp.undo_{table} "
                             "WHERE undo_step = ? AND undo_side = ?", (self.step, side))
            held = self.held_before if side == BEFORE else self.held_after
            if held is None:
                conn.execute("DELETE FROM singleton WHERE kind = ?", (_HELD,))
            else:
                conn.execute("INSERT OR REPLACE INTO singleton (kind, data) VALUES (?, ?)", (_HELD, held))

    def discard(self) -> None:
        """Forget every copy of this step (a failure to is harmless: the copies go with the connection)."""
        with contextlib.suppress(sqlite3.Error):
            self.drop(BEFORE)
            self.drop(AFTER)

    def size(self) -> int:
        """Rows held in the temp tables for this step (for the bench's memory figure)."""
        return sum(self.conn.execute(f"SELECT count(*) FROM temp.undo_{t} WHERE undo_step = ?", (self.step,))
                   .fetchone()[0] for t in (*UNIT_TABLES, "paper_page"))
