"""The bureau's v2 tables: units, submissions (with history), their records, and review comments."""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from govcat_desktop.domain.models import CatalogEntry, Demand, InfoItem, Matter, Review
from govcat_desktop.storage import declared
from govcat_desktop.storage.appending import row_id
from govcat_desktop.storage.city_reads import ENTRY_COLUMNS, CityReads
from govcat_desktop.storage.errors import write_failed
from govcat_desktop.storage.project_file import ProjectFile

COMMENT_COLUMNS = (
    "id", "token", "origin", "unit_id", "kind", "matter_code", "record_name", "item_name", "field", "decision",
    "message", "status", "resolution", "created_at", "resolved_at",
)


@dataclass(frozen=True)
class Unit:
    """A unit that has submitted something."""

    id: int
    org_code: str
    org_name: str
    region: str
    role: str


@dataclass(frozen=True)
class Submission:
    """One received file of one unit for one kind (contacts/mechanism/catalog/demand/review)."""

    id: int
    unit_id: int
    kind: str
    source: str
    fingerprint: str
    received_at: str
    superseded: bool
    errors: int
    warnings: int
    records: int
    items: int
    review_status: str
    review_note: str


@dataclass(frozen=True)
class Comment:
    """A review comment pinned to a record, field or info item (bureau side or received by a unit)."""

    id: int
    token: str
    origin: str  # "bureau" (written here) or "received" (imported from a feedback file)
    unit_id: int | None
    kind: str  # catalog / item / matter / demand / review / contacts / mechanism / submission
    matter_code: str
    record_name: str
    item_name: str
    field: str
    decision: str  # 已审核 / 退回 / ""
    message: str
    status: str  # open / resolved
    resolution: str
    created_at: str
    resolved_at: str


def entry_values(e: CatalogEntry) -> tuple:
    """The ENTRY_COLUMNS values of an entry, as stored."""
    return (
        e.name, e.summary, e.domain, e.domain_other, e.security_level, e.share_type, e.share_condition,
        e.no_share_basis, json.dumps(e.share_methods, ensure_ascii=False), e.network, e.update_cycle,
        e.update_cycle_other, e.review_status, e.review_note,
        e.resource_code, e.resource_format, e.resource_subformat, e.open_to_public, e.open_condition, e.publish_date,
        e.res_class, e.res_item, e.res_target, e.res_detail, e.related_codes, declared.encode(e.extra),
        e.uid, e.change_reason, e.change_note,
    )


def now() -> str:
    return _dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")


class BureauStore(CityReads):
    """Bulk reads and writes of the v2 tables of one open project file."""

    def __init__(self, store: ProjectFile) -> None:
        self.store = store
        self.conn: sqlite3.Connection = store.conn

    def _guard(self, fn, *args):
        try:
            return fn(*args)
        except sqlite3.Error as exc:
            raise write_failed(exc) from exc

    # ----- units and submissions ------------------------------------------------
    def unit_id(self, org_code: str, org_name: str, region: str, role: str) -> int:
        """The id of a unit, creating it (inside the caller's transaction)."""
        conn = self.conn
        row = conn.execute("SELECT id FROM unit WHERE org_code = ? AND org_name = ?", (org_code, org_name)).fetchone()
        if row:
            conn.execute(
                "UPDATE unit SET region = coalesce(nullif(?, ''), region), role = coalesce(nullif(?, ''), role)"
                " WHERE id = ?",
                (region, role, row[0]),
            )
            return row[0]
        return row_id(conn.execute(
            "INSERT INTO unit (org_code, org_name, region, role) VALUES (?, ?, ?, ?)",
            (org_code, org_name, region, role),
        ))

    def find_unit(self, org_code: str, org_name: str) -> int | None:
        """The id of the unit with exactly this code and name (never creating it)."""
        row = self.conn.execute("SELECT id FROM unit WHERE org_code = ? AND org_name = ?",
                                (org_code, org_name)).fetchone()
        return row[0] if row else None

    def units_like(self, org_code: str, org_name: str) -> list[Unit]:
        """Units holding this code (when not blank) or this name: who a file's identity may collide with."""
        return [Unit(*r) for r in self.conn.execute(
            "SELECT id, org_code, org_name, region, role FROM unit WHERE (? != '' AND org_code = ?) OR org_name = ?"
            " ORDER BY id", (org_code, org_code, org_name))]

    def has_submitted(self, unit_id: int) -> bool:
        """Whether the unit has any submission (current or not)."""
        row = self.conn.execute("SELECT 1 FROM submission WHERE unit_id = ? LIMIT 1", (unit_id,)).fetchone()
        return row is not None

    def units(self) -> list[Unit]:
        rows = self.conn.execute("SELECT id, org_code, org_name, region, role FROM unit ORDER BY id")
        return [Unit(*r) for r in rows]

    def add_submission(
        self, unit_id: int, kind: str, source: str, fingerprint: str, errors: int, warnings: int, records: int,
        items: int, *, current: bool = True,
    ) -> int:
        """Record a submission; the unit's earlier one of the same kind is superseded and its records dropped.
        `current=False`: an older version received late, kept in the history only (superseded at once, no records)."""
        conn = self.conn
        if not current:
            return row_id(conn.execute(
                "INSERT INTO submission (unit_id, kind, source, fingerprint, received_at, superseded, errors, warnings,"
                " records, items) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
                (unit_id, kind, source, fingerprint, now(), errors, warnings, records, items),
            ))
        old = [r[0] for r in conn.execute(
            "SELECT id FROM submission WHERE unit_id = ? AND kind = ? AND superseded = 0", (unit_id, kind)
        )]
        for sid in old:
            self._drop_records(sid)
        conn.execute("UPDATE submission SET superseded = 1 WHERE unit_id = ? AND kind = ?", (unit_id, kind))
        return row_id(conn.execute(
            "INSERT INTO submission (unit_id, kind, source, fingerprint, received_at, errors, warnings, records, items)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (unit_id, kind, source, fingerprint, now(), errors, warnings, records, items),
        ))

    def _drop_records(self, submission_id: int) -> None:
        conn = self.conn
        conn.execute(
            "DELETE FROM unit_item WHERE entry_id IN (SELECT id FROM unit_entry WHERE submission_id = ?)",
            (submission_id,),
        )
        for table in ("unit_entry", "unit_matter", "unit_record", "unit_singleton", "unit_withdrawn"):
            conn.execute(f"DELETE FROM {table} WHERE submission_id = ?", (submission_id,))

    def submissions(self, *, current_only: bool = False) -> list[Submission]:
        where = "WHERE superseded = 0" if current_only else ""
        return [
            Submission(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), *r[7:])
            for r in self.conn.execute(
                "SELECT id, unit_id, kind, source, fingerprint, received_at, superseded, errors, warnings, records,"
                f" items, review_status, review_note FROM submission {where} ORDER BY id"
            )
        ]

    def set_submission_review(self, submission_id: int, status: str, note: str) -> None:
        with self.store.transaction():
            self._guard(
                self.conn.execute, "UPDATE submission SET review_status = ?, review_note = ? WHERE id = ?",
                (status, note, submission_id),
            )

    # ----- records of a submission (one executemany per table) --------------------
    def put_singleton_json(self, submission_id: int, kind: str, data: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO unit_singleton (submission_id, kind, data) VALUES (?, ?, ?)",
            (submission_id, kind, data),
        )

    def put_matter_rows(self, submission_id: int, rows: list[tuple]) -> None:
        """rows: (code, name, kind, dept)."""
        self.conn.executemany(
            "INSERT INTO unit_matter (submission_id, pos, code, name, kind, dept) VALUES (?, ?, ?, ?, ?, ?)",
            [(submission_id, i, *r) for i, r in enumerate(rows)],
        )

    def put_entry_rows(self, submission_id: int, entries: list[tuple], items: list[tuple]) -> None:
        """entries: (matter_code, matter_name, *ENTRY_COLUMNS); items: (entry index, pos, name, type, length, note)."""
        conn = self.conn
        start = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM unit_entry").fetchone()[0]
        marks = ", ".join("?" * (5 + len(ENTRY_COLUMNS)))
        conn.executemany(
            f"INSERT INTO unit_entry (id, submission_id, pos, matter_code, matter_name, {', '.join(ENTRY_COLUMNS)})"
            f" VALUES ({marks})",
            [(start + pos, submission_id, pos, *row) for pos, row in enumerate(entries)],
        )
        conn.executemany(
            "INSERT INTO unit_item (entry_id, pos, name, data_type, length, note) VALUES (?, ?, ?, ?, ?, ?)",
            [(start + index, *rest) for index, *rest in items],
        )

    def put_record_json(self, submission_id: int, data: list[str]) -> None:
        self.conn.executemany(
            "INSERT INTO unit_record (submission_id, pos, data) VALUES (?, ?, ?)",
            [(submission_id, i, d) for i, d in enumerate(data)],
        )

    # ----- reading the current records ------------------------------------------
    def current_entries(self, *, with_items: bool = True,
                        only: int | None = None) -> Iterator[tuple[int, int, str, str, CatalogEntry]]:
        """(unit_id, unit_entry id, matter_code, matter_name, entry) of every current catalog submission (`only`:
        of that one unit_entry)."""
        conn = self.conn
        items: dict[int, list[InfoItem]] = {}
        one, args = ("", ()) if only is None else (" AND e.id = ?", (only,))
        if with_items:
            for eid, name, dt, length, note in conn.execute(
                "SELECT i.entry_id, i.name, i.data_type, i.length, i.note FROM unit_item i"
                " JOIN unit_entry e ON e.id = i.entry_id JOIN submission s ON s.id = e.submission_id"
                f" WHERE s.superseded = 0{one} ORDER BY i.entry_id, i.pos", args
            ):
                item = InfoItem.model_construct(name=name, data_type=dt, length=length, note=note)
                items.setdefault(eid, []).append(item)
        for row in conn.execute(
            f"SELECT s.unit_id, e.id, e.matter_code, e.matter_name, {', '.join('e.' + c for c in ENTRY_COLUMNS)},"
            " e.bureau_status, e.bureau_note"
            " FROM unit_entry e JOIN submission s ON s.id = e.submission_id"
            f" WHERE s.superseded = 0{one} ORDER BY s.unit_id, e.submission_id, e.pos", args
        ):
            values = dict(zip(ENTRY_COLUMNS, row[4:]))
            values["share_methods"] = json.loads(values["share_methods"])
            values["extra"] = declared.decode(values["extra"])
            entry = CatalogEntry.model_construct(id=row[1], items=items.get(row[1], []), **values)
            yield row[0], row[1], row[2], row[3], entry

    def entry_marks(self) -> dict[int, tuple[str, str]]:
        """unit_entry id → (bureau_status, bureau_note) of current entries that carry a mark."""
        return {
            r[0]: (r[1], r[2])
            for r in self.conn.execute(
                "SELECT e.id, e.bureau_status, e.bureau_note FROM unit_entry e"
                " JOIN submission s ON s.id = e.submission_id WHERE s.superseded = 0 AND e.bureau_status != ''"
            )
        }

    def submission_entry_marks(self) -> tuple[set[int], dict[int, bool]]:
        """Of current submissions: those with a 退回 entry, and for each whether every entry is 已审核."""
        rejected: set[int] = set()
        approved: dict[int, bool] = {}
        for sid, total, ok, back in self.conn.execute(
            "SELECT e.submission_id, count(*), sum(e.bureau_status = '已审核'), sum(e.bureau_status = '退回')"
            " FROM unit_entry e JOIN submission s ON s.id = e.submission_id WHERE s.superseded = 0"
            " GROUP BY e.submission_id"
        ):
            if back:
                rejected.add(sid)
            approved[sid] = total > 0 and ok == total
        return rejected, approved

    def current_matters(self) -> Iterator[tuple[int, Matter]]:
        for unit_id, code, name, kind, dept in self.conn.execute(
            "SELECT s.unit_id, m.code, m.name, m.kind, m.dept FROM unit_matter m JOIN submission s"
            " ON s.id = m.submission_id WHERE s.superseded = 0 ORDER BY s.unit_id, m.pos"
        ):
            yield unit_id, Matter.model_construct(code=code, name=name, kind=kind, dept=dept, entries=[])

    def current_records(self, kind: str) -> Iterator[tuple[int, int, Demand | Review]]:
        """(unit_id, unit_record id, record) of the current demand or review submissions."""
        model = Demand if kind == "demand" else Review
        for unit_id, rid, data in self.conn.execute(
            "SELECT s.unit_id, r.id, r.data FROM unit_record r JOIN submission s ON s.id = r.submission_id"
            " WHERE s.superseded = 0 AND s.kind = ? ORDER BY s.unit_id, r.pos",
            (kind,),
        ):
            record = model.model_validate_json(data)
            record.id = rid
            yield unit_id, rid, record

    def current_singleton(self, unit_id: int, kind: str):
        row = self.conn.execute(
            "SELECT u.data FROM unit_singleton u JOIN submission s ON s.id = u.submission_id"
            " WHERE s.unit_id = ? AND s.superseded = 0 AND u.kind = ?",
            (unit_id, kind),
        ).fetchone()
        return row[0] if row else None

    def mark_entry(self, entry_id: int, status: str, note: str) -> None:
        with self.store.transaction():
            self._guard(
                self.conn.execute, "UPDATE unit_entry SET bureau_status = ?, bureau_note = ? WHERE id = ?",
                (status, note, entry_id),
            )

    def entry_key(self, entry_id: int) -> tuple[int, str, str] | None:
        """(unit_id, matter_code, entry name) of a unit_entry."""
        row = self.conn.execute(
            "SELECT s.unit_id, e.matter_code, e.name FROM unit_entry e JOIN submission s ON s.id = e.submission_id"
            " WHERE e.id = ?",
            (entry_id,),
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    # ----- comments -------------------------------------------------------------
    def add_comment(self, *, origin: str, unit_id: int | None, kind: str, matter_code: str = "", record_name: str = "",
                    item_name: str = "", field: str = "", decision: str = "", message: str = "",
                    token: str | None = None, created_at: str | None = None) -> int:
        with self.store.transaction():
            return self._guard(
                lambda: self.conn.execute(
                    "INSERT INTO comment (token, origin, unit_id, kind, matter_code, record_name, item_name, field,"
                    " decision, message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (token or uuid.uuid4().hex[:12], origin, unit_id, kind, matter_code, record_name, item_name, field,
                     decision, message, created_at or now()),
                ).lastrowid
            )

    def comments(
        self, *, origin: str | None = None, unit_id: int | None = None, open_only: bool = False
    ) -> list[Comment]:
        where: list[str] = []
        params: list[object] = []
        if origin:
            where.append("origin = ?")
            params.append(origin)
        if unit_id is not None:
            where.append("unit_id = ?")
            params.append(unit_id)
        if open_only:
            where.append("status = 'open'")
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        return [
            Comment(*r)
            for r in self.conn.execute(f"SELECT {', '.join(COMMENT_COLUMNS)} FROM comment {clause} ORDER BY id", params)
        ]

    def resolve_comment(self, comment_id: int, resolution: str, *, status: str = "resolved") -> None:
        with self.store.transaction():
            self._guard(
                self.conn.execute, "UPDATE comment SET status = ?, resolution = ?, resolved_at = ? WHERE id = ?",
                (status, resolution, now() if status == "resolved" else "", comment_id),
            )

    def resolve_token(self, token: str, resolution: str, resolved_at: str, unit_id: int) -> bool:
        """Apply a unit's resolution to the bureau's comment addressed to that unit (in the caller's transaction)."""
        cur = self.conn.execute(
            "UPDATE comment SET status = 'resolved', resolution = ?, resolved_at = ?"
            " WHERE token = ? AND origin = 'bureau' AND unit_id = ?",
            (resolution, resolved_at or now(), token, unit_id),
        )
        return cur.rowcount > 0

    def bureau_comment(self, token: str) -> tuple[int | None, str] | None:
        """(unit_id, status) of the bureau's comment with this token, None when the bureau wrote none."""
        row = self.conn.execute(
            "SELECT unit_id, status FROM comment WHERE token = ? AND origin = 'bureau'", (token,)).fetchone()
        return (row[0], row[1]) if row else None

    def delete_comment(self, comment_id: int) -> None:
        with self.store.transaction():
            self._guard(self.conn.execute, "DELETE FROM comment WHERE id = ?", (comment_id,))

    def version(self) -> tuple[int, int, int]:
        """Changes whenever submissions, marks or comments change (cache key of cross-unit checks)."""
        a = self.conn.execute("SELECT coalesce(max(id), 0), count(*) FROM submission WHERE superseded = 0").fetchone()
        b = self.conn.execute("SELECT total_changes()").fetchone()[0]
        return (a[0], a[1], b)

    # ----- review: what services and the bureau view ask for (callers never touch the connection) ---------
    # An entry's open decision by the bureau (replaced by a new decision); written once for both uses.
    _OPEN_DECISION = ("origin = 'bureau' AND unit_id = ? AND kind = 'catalog' AND matter_code = ? AND record_name = ?"
                      " AND field = '' AND item_name = '' AND decision != '' AND status = 'open'")

    def entry_review(self, entry_id: int) -> tuple[str, str]:
        """(bureau_status, bureau_note) of a unit_entry ("" when unknown)."""
        row = self.conn.execute(
            "SELECT bureau_status, bureau_note FROM unit_entry WHERE id = ?", (entry_id,)
        ).fetchone()
        return (row[0], row[1]) if row else ("", "")

    def open_decision_rows(self, key: tuple[int, str, str]) -> list[tuple]:
        """Full rows (COMMENT_COLUMNS) of the open decisions on the entry with this entry_key."""
        return self.comment_rows(self._OPEN_DECISION, key)

    def delete_open_decisions(self, key: tuple[int, str, str]) -> None:
        """Drop the open decisions on an entry (inside the caller's transaction)."""
        self._guard(self.conn.execute, f"DELETE FROM comment WHERE {self._OPEN_DECISION}", key)

    def comment_rows(self, where: str, params: tuple) -> list[tuple]:
        return self.conn.execute(f"SELECT {', '.join(COMMENT_COLUMNS)} FROM comment WHERE {where}", params).fetchall()

    def comment_row(self, comment_id: int) -> tuple:
        return self.comment_rows("id = ?", (comment_id,))[0]

    def restore_comments(self, rows: list[tuple]) -> None:
        """Put back comment rows as they were (undo), ids and tokens included."""
        marks = ", ".join("?" * len(COMMENT_COLUMNS))
        with self.store.transaction():
            self._guard(self.conn.executemany,
                        f"INSERT INTO comment ({', '.join(COMMENT_COLUMNS)}) VALUES ({marks})", rows)

    def undo_mark(self, entry_id: int, comment_id: int | None, replaced: list[tuple], old: tuple[str, str]) -> None:
        """Take back a decision: its comment goes, the decisions it replaced and the entry's old mark return."""
        with self.store.transaction():
            self._guard(self.conn.execute, "DELETE FROM comment WHERE id = ?", (comment_id,))
            self.restore_comments(replaced)
            self._guard(self.conn.execute, "UPDATE unit_entry SET bureau_status = ?, bureau_note = ? WHERE id = ?",
                        (*old, entry_id))

    def comment_state(self, comment_id: int) -> tuple[str, str, str] | None:
        """(status, resolution, resolved_at) of a comment."""
        row = self.conn.execute("SELECT status, resolution, resolved_at FROM comment WHERE id = ?",
                                (comment_id,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def set_comment_state(self, comment_id: int, state: tuple[str, str, str]) -> None:
        with self.store.transaction():
            self._guard(self.conn.execute,
                        "UPDATE comment SET status = ?, resolution = ?, resolved_at = ? WHERE id = ?",
                        (*state, comment_id))

    def received_rows(self) -> list[tuple]:
        """Every comment received from the bureau, as stored (an undoable feedback import keeps them)."""
        return self.comment_rows("origin = 'received' ORDER BY id", ())

    def replace_received(self, rows: list[tuple]) -> None:
        """The received comments become exactly `rows` (received_rows of an earlier moment): undo / redo."""
        with self.store.transaction():
            self._guard(self.conn.execute, "DELETE FROM comment WHERE origin = 'received'")
            self.restore_comments(rows)

    def received_id(self, token: str) -> int | None:
        """The id of a comment received from the bureau, by its token."""
        row = self.conn.execute("SELECT id FROM comment WHERE token = ? AND origin = 'received'", (token,)).fetchone()
        return row[0] if row else None

    def update_received(self, comment_id: int, decision: str, message: str, field: str) -> None:
        """A feedback workbook taken again: the bureau's newer wording (inside the caller's transaction)."""
        self._guard(self.conn.execute, "UPDATE comment SET decision = ?, message = ?, field = ? WHERE id = ?",
                    (decision, message, field, comment_id))

    def submission_unit(self, submission_id: int) -> tuple[int, str] | None:
        """(unit_id, kind) of a submission."""
        row = self.conn.execute("SELECT unit_id, kind FROM submission WHERE id = ?", (submission_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def find_current_entries(self, unit_name: str, entry_name: str) -> list[tuple[int, str]]:
        """(id, matter_code) of the current entries of the unit so named with this name."""
        return [(r[0], r[1]) for r in self.conn.execute(
            "SELECT e.id, e.matter_code FROM unit_entry e JOIN submission s ON s.id = e.submission_id"
            " JOIN unit u ON u.id = s.unit_id WHERE s.superseded = 0 AND u.org_name = ? AND e.name = ?",
            (unit_name, entry_name),
        )]

    def review_rows(self, unit_id: int | None = None, limit: int = 2000) -> list[tuple]:
        """The bureau's review table: (id, unit name, matter code, name, share type, items, status, note)."""
        where = "AND s.unit_id = ?" if unit_id else ""
        return self.conn.execute(
            "SELECT e.id, u.org_name, e.matter_code, e.name, e.share_type,"
            " (SELECT count(*) FROM unit_item i WHERE i.entry_id = e.id), e.bureau_status, e.bureau_note"
            " FROM unit_entry e JOIN submission s ON s.id = e.submission_id JOIN unit u ON u.id = s.unit_id"
            f" WHERE s.superseded = 0 {where} ORDER BY s.unit_id, e.pos LIMIT ?",
            ((unit_id, limit) if unit_id else (limit,)),
        ).fetchall()

    def item_names(self, entry_id: int) -> list[str]:
        rows = self.conn.execute("SELECT name FROM unit_item WHERE entry_id = ? ORDER BY pos", (entry_id,))
        return [r[0] for r in rows]

    def current_item_names(self) -> dict[int, list[str]]:
        """unit_entry id → the names of its filled-in items, in order (current submissions)."""
        items: dict[int, list[str]] = {}
        for eid, name in self.conn.execute(
            "SELECT i.entry_id, i.name FROM unit_item i JOIN unit_entry e ON e.id = i.entry_id"
            " JOIN submission s ON s.id = e.submission_id WHERE s.superseded = 0 ORDER BY i.entry_id, i.pos"
        ):
            if name.strip():
                items.setdefault(eid, []).append(name.strip())
        return items

    def current_entry_heads(self) -> list[tuple[int, int, str, str, str, str]]:
        """(id, unit_id, matter_code, matter_name, name, share_type) of every current entry, by unit and place."""
        return self.conn.execute(
            "SELECT e.id, s.unit_id, e.matter_code, e.matter_name, e.name, e.share_type FROM unit_entry e"
            " JOIN submission s ON s.id = e.submission_id WHERE s.superseded = 0 ORDER BY s.unit_id, e.pos"
        ).fetchall()

    def has_review_tables(self) -> bool:
        """Whether the file has the comment table (schema v2 and later)."""
        return self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'comment'").fetchone() is not None

    # ----- intake: what a merge asks of the bureau's file ---------------------------------------
    def received_resolutions(self) -> list[tuple[str, str, str]]:
        """(token, resolution, resolved_at) of the bureau comments a unit's file says it has resolved."""
        try:
            return list(self.conn.execute(
                "SELECT token, resolution, resolved_at FROM comment WHERE origin = 'received' AND status = 'resolved'"
                " AND decision != '已审核'"
            ))
        except sqlite3.Error:
            return []  # a v1 file has no comments

    def awaits_answer(self, token: str) -> bool:
        """Whether the bureau's comment with this token is still waiting for the unit's answer."""
        return self.conn.execute(
            "SELECT 1 FROM comment WHERE token = ? AND origin = 'bureau' AND status != 'resolved'", (token,)
        ).fetchone() is not None

    def current_exported_at(self, unit_id: int, kind: str) -> str:
        """When the unit exported its current submission of `kind` ('' when unknown)."""
        row = self.conn.execute(
            "SELECT exported_at FROM submission WHERE unit_id = ? AND kind = ? AND superseded = 0", (unit_id, kind)
        ).fetchone()
        return (row[0] or "") if row else ""

    def current_fingerprint(self, unit_id: int, kind: str) -> str | None:
        """The fingerprint of a unit's current submission of `kind`, None when there is none."""
        row = self.conn.execute(
            "SELECT fingerprint FROM submission WHERE unit_id = ? AND kind = ? AND superseded = 0", (unit_id, kind)
        ).fetchone()
        return row[0] if row else None

    # ----- outputs: aggregates of the current submissions ----------------------------------------
    _COUNTABLE = frozenset({"domain", "share_type", "security_level", "update_cycle"})

    def count_entries_by(self, column: str, other: str | None = None) -> list[tuple[str, int]]:
        """(value, entries) of one classification column of the current entries, most first; with `other`
        (its 其他 text column), 其他 counts only where that text is filled."""
        if column not in self._COUNTABLE or other not in (None, f"{column}_other"):
            raise ValueError(f"not a countable column: {column}")
        expr = f"CASE WHEN e.{column} = '其他' AND e.{other} != '' THEN '其他' ELSE e.{column} END" if other \
            else f"e.{column}"
        return self.conn.execute(
            f"SELECT {expr}, count(*) FROM unit_entry e JOIN submission s ON s.id = e.submission_id"
            f" WHERE s.superseded = 0 GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall()

    def current_sizes(self) -> list[tuple[int, str, int, int]]:
        """(unit_id, kind, records, items) of every current submission."""
        return self.conn.execute("SELECT unit_id, kind, records, items FROM submission WHERE superseded = 0").fetchall()

