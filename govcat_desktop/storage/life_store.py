"""The bureau's reads and writes of the v8 columns (issue 22): change marks, accepted content, diffs, 注销 entries."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from govcat_desktop.storage.city_reads import ENTRY_COLUMNS
from govcat_desktop.storage.project_file import ProjectFile


@dataclass(frozen=True)
class HeldEntry:
    """A current entry of a unit at the bureau, as stored."""

    id: int
    matter_code: str
    matter_name: str
    values: tuple  # ENTRY_COLUMNS values as stored
    items: tuple[tuple[str, str, str, str], ...]
    bureau_status: str
    bureau_note: str
    change_mark: str
    base: str  # JSON of the content the bureau accepted ('' = none)
    diff: str  # JSON of the field-by-field diff against it


@dataclass(frozen=True)
class WithdrawnRow:
    id: int
    submission_id: int
    uid: str
    matter_code: str
    matter_name: str
    name: str
    reason: str
    note: str
    base: str
    status: str
    bureau_note: str = ""  # v11: why the bureau refused the 注销


class LifeStore:
    """Over one open bureau project file; writes happen inside the caller's transaction unless said."""

    def __init__(self, store: ProjectFile) -> None:
        self.store = store
        self.conn: sqlite3.Connection = store.conn

    def current_catalog(self, unit_id: int) -> tuple[int, str, int] | None:
        """(submission id, its review status, the unit's version number) of the unit's current catalog."""
        row = self.conn.execute(
            "SELECT id, review_status, version FROM submission WHERE unit_id = ? AND kind = 'catalog'"
            " AND superseded = 0 ORDER BY id DESC LIMIT 1", (unit_id,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def entries(self, submission_id: int) -> list[HeldEntry]:
        items: dict[int, list[tuple[str, str, str, str]]] = {}
        for eid, *item in self.conn.execute(
            "SELECT i.entry_id, i.name, i.data_type, i.length, i.note FROM unit_item i JOIN unit_entry e"
            " ON e.id = i.entry_id WHERE e.submission_id = ? ORDER BY i.entry_id, i.pos", (submission_id,)
        ):
            items.setdefault(eid, []).append(tuple(item))  # type: ignore[arg-type]
        columns = ", ".join(ENTRY_COLUMNS)
        n = len(ENTRY_COLUMNS)
        return [
            HeldEntry(r[0], r[1], r[2], tuple(r[3:3 + n]), tuple(items.get(r[0], ())), *r[3 + n:])
            for r in self.conn.execute(
                f"SELECT id, matter_code, matter_name, {columns}, bureau_status, bureau_note, change_mark, base, diff"
                " FROM unit_entry WHERE submission_id = ? ORDER BY pos", (submission_id,))
        ]

    def entry_ids(self, submission_id: int) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM unit_entry WHERE submission_id = ? ORDER BY pos", (submission_id,))]

    def mark_entries(self, rows: list[tuple[str, str, str, str, str, int]]) -> None:
        """rows: (bureau_status, bureau_note, change_mark, base, diff, entry id)."""
        self.conn.executemany(
            "UPDATE unit_entry SET bureau_status = ?, bureau_note = ?, change_mark = ?, base = ?, diff = ?"
            " WHERE id = ?",
            rows)

    def withdrawn(self, submission_id: int | None = None, unit_id: int | None = None) -> list[WithdrawnRow]:
        """The 注销 entries of a submission, or of a unit's current catalog."""
        params: tuple[int | None]
        if submission_id is not None:
            where, params = "w.submission_id = ?", (submission_id,)
        else:
            where, params = "s.unit_id = ? AND s.superseded = 0", (unit_id,)
        return [WithdrawnRow(*r) for r in self.conn.execute(
            "SELECT w.id, w.submission_id, w.uid, w.matter_code, w.matter_name, w.name, w.reason, w.note, w.base,"
            " w.status, w.bureau_note FROM unit_withdrawn w JOIN submission s ON s.id = w.submission_id"
            f" WHERE {where} ORDER BY w.id",
            params)]

    def put_withdrawn(self, submission_id: int, rows: list[tuple[str, str, str, str, str, str, str, str]]) -> None:
        """rows: (uid, matter_code, matter_name, name, reason, note, base, status)."""
        self.conn.executemany(
            "INSERT INTO unit_withdrawn"
            " (submission_id, uid, matter_code, matter_name, name, reason, note, base, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(submission_id, *r) for r in rows])

    def withdrawn_row(self, row_id: int) -> WithdrawnRow | None:
        rows = [WithdrawnRow(*r) for r in self.conn.execute(
            "SELECT id, submission_id, uid, matter_code, matter_name, name, reason, note, base, status, bureau_note"
            " FROM unit_withdrawn WHERE id = ?", (row_id,))]
        return rows[0] if rows else None

    def decide_withdrawn(self, row_id: int, status: str, note: str) -> bool:
        """The bureau's decision on a 注销 entry (已确认 / 不予注销 with its note, or back to 待确认)."""
        with self.store.transaction():
            cur = self.conn.execute("UPDATE unit_withdrawn SET status = ?, bureau_note = ? WHERE id = ?",
                                    (status, note, row_id))
        return cur.rowcount > 0

    def archive_decisions(self, submission_id: int, keys: list[tuple[str, str]], prefix: str) -> int:
        """The bureau's review decisions (已审核 / 退回) on the entries (matter_code, name) of the submission's unit
        become history: no decision any more, the message marked as said of an earlier version (`prefix`)."""
        row = self.conn.execute("SELECT unit_id FROM submission WHERE id = ?", (submission_id,)).fetchone()
        if row is None or not keys:
            return 0
        done = 0
        for code, name in keys:
            cur = self.conn.execute(
                "UPDATE comment SET decision = '', message = ? || message WHERE origin = 'bureau' AND unit_id = ?"
                " AND kind = 'catalog' AND matter_code = ? AND record_name = ? AND field = '' AND item_name = ''"
                " AND decision != ''", (prefix, row[0], code, name))
            done += cur.rowcount
        return done

    def set_version(self, submission_id: int, version: int) -> None:
        self.conn.execute("UPDATE submission SET version = ? WHERE id = ?", (version, submission_id))

    def versions(self) -> dict[int, int]:
        """submission id → the unit's version number (0: not said)."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, version FROM submission")}

    def current_marks(self) -> Iterator[tuple[int, int, str, str, str, str, str]]:
        """(unit_id, entry id, matter_code, name, change_mark, bureau_status, diff) of every current entry."""
        yield from self.conn.execute(
            "SELECT s.unit_id, e.id, e.matter_code, e.name, e.change_mark, e.bureau_status, e.diff FROM unit_entry e"
            " JOIN submission s ON s.id = e.submission_id WHERE s.superseded = 0 AND s.kind = 'catalog'"
            " ORDER BY s.unit_id, e.pos")

    def change_counts(self) -> dict[int, tuple[int, int, int]]:
        """unit_id → (新增, 变更, 注销) of the current catalog still waiting for the bureau: entries marked against
        the version it accepted and not 已审核 since, 注销 entries 待确认."""
        out: dict[int, list[int]] = {}
        for unit_id, mark, n in self.conn.execute(
            "SELECT s.unit_id, e.change_mark, count(*) FROM unit_entry e JOIN submission s ON s.id = e.submission_id"
            " WHERE s.superseded = 0 AND e.change_mark != '' AND e.bureau_status != '已审核'"
            " GROUP BY s.unit_id, e.change_mark"
        ):
            out.setdefault(unit_id, [0, 0, 0])[0 if mark == "新增" else 1] += n
        for unit_id, n in self.conn.execute(
            "SELECT s.unit_id, count(*) FROM unit_withdrawn w JOIN submission s ON s.id = w.submission_id"
            " WHERE s.superseded = 0 AND w.status = '待确认' GROUP BY s.unit_id"
        ):
            out.setdefault(unit_id, [0, 0, 0])[2] += n
        return {k: (v[0], v[1], v[2]) for k, v in out.items()}
