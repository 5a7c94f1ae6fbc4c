"""Undoable review edits (bureau marks and comments, a unit's answers), for the window's undo stack."""

from __future__ import annotations

from dataclasses import dataclass, field

from govcat_desktop.services.bureau import review
from govcat_desktop.services.commands import Command
from govcat_desktop.storage.bureau_store import COMMENT_COLUMNS, BureauStore


def _rows(session, where: str, params: tuple) -> list[tuple]:
    return session.store.conn.execute(f"SELECT {', '.join(COMMENT_COLUMNS)} FROM comment WHERE {where}", params).fetchall()


def _restore(session, rows: list[tuple]) -> None:
    marks = ", ".join("?" * len(COMMENT_COLUMNS))
    session.store.conn.executemany(f"INSERT INTO comment ({', '.join(COMMENT_COLUMNS)}) VALUES ({marks})", rows)


@dataclass
class MarkEntry(Command):
    """已审核 / 退回 on a received entry (replaces an open earlier decision)."""

    entry_id: int
    decision: str
    note: str = ""
    text: str = "审核目录"
    _old: tuple[str, str] = ("", "")
    _replaced: list[tuple] = field(default_factory=list)
    _comment: int | None = None

    def do(self, session) -> None:
        conn = session.store.conn
        self._old = conn.execute(
            "SELECT bureau_status, bureau_note FROM unit_entry WHERE id = ?", (self.entry_id,)
        ).fetchone() or ("", "")
        key = BureauStore(session.store).entry_key(self.entry_id)
        if key is not None:
            self._replaced = _rows(
                session, "origin = 'bureau' AND unit_id = ? AND kind = 'catalog' AND matter_code = ? AND record_name = ?"
                " AND field = '' AND item_name = '' AND decision != '' AND status = 'open'", key,
            )
        self._comment = review.mark_entry(session.store, self.entry_id, self.decision, self.note)

    def undo(self, session) -> None:
        with session.store.transaction() as conn:
            conn.execute("DELETE FROM comment WHERE id = ?", (self._comment,))
            _restore(session, self._replaced)
            conn.execute("UPDATE unit_entry SET bureau_status = ?, bureau_note = ? WHERE id = ?",
                         (*self._old, self.entry_id))


@dataclass
class AddComment(Command):
    """A comment pinned to a field or an info item of a received entry."""

    entry_id: int
    message: str
    field_key: str = ""
    item_name: str = ""
    text: str = "添加审核意见"
    _row: tuple | None = None

    def do(self, session) -> None:
        if self._row is not None:  # redo: the same comment, same token
            with session.store.transaction():
                _restore(session, [self._row])
            return
        cid = review.comment(session.store, self.entry_id, self.message, field=self.field_key, item_name=self.item_name)
        self._row = _rows(session, "id = ?", (cid,))[0]

    def undo(self, session) -> None:
        BureauStore(session.store).delete_comment(self._row[0])


@dataclass
class ResolveComment(Command):
    """A unit's answer to a received comment."""

    comment_id: int
    resolution: str
    text: str = "填写处理情况"
    _old: tuple | None = None

    def do(self, session) -> None:
        self._old = session.store.conn.execute(
            "SELECT status, resolution, resolved_at FROM comment WHERE id = ?", (self.comment_id,)
        ).fetchone()
        review.resolve(session, self.comment_id, self.resolution)

    def undo(self, session) -> None:
        with session.store.transaction() as conn:
            conn.execute("UPDATE comment SET status = ?, resolution = ?, resolved_at = ? WHERE id = ?",
                         (*self._old, self.comment_id))
