"""Undoable review edits (bureau marks and comments, a unit's answers), for the window's undo stack."""

from __future__ import annotations

from dataclasses import dataclass, field

from govcat_desktop.services import rules
from govcat_desktop.services.bureau import life, review
from govcat_desktop.services.commands import Command
from govcat_desktop.storage.bureau_store import BureauStore


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
        bureau = BureauStore(session.store)
        if self.decision == "已审核":  # the unit's own rule for 已审核: no errors (services.rules)
            received = next(bureau.current_entries(only=self.entry_id), None)
            reason = rules.bureau_accept_refusal(session.validator, received[4] if received else None)
            if reason:
                raise rules.Refused(reason)
        self._old = bureau.entry_review(self.entry_id)
        key = bureau.entry_key(self.entry_id)
        if key is not None:
            self._replaced = bureau.open_decision_rows(key)
        self._comment = review.mark_entry(session.store, self.entry_id, self.decision, self.note)
        session.events.bureau_entry_changed.emit(self.entry_id)  # the page repaints this entry's row, no more

    def undo(self, session) -> None:
        BureauStore(session.store).undo_mark(self.entry_id, self._comment, self._replaced, self._old)
        session.events.bureau_entry_changed.emit(self.entry_id)


@dataclass
class DecideWithdrawn(Command):
    """已确认 / 不予注销 on an entry a resubmission withdrew (注销), issue 22."""

    row_id: int
    decision: str
    note: str = ""
    text: str = "审核注销目录"
    _old: tuple[str, str] = (life.TO_CONFIRM, "")

    def do(self, session) -> None:
        self._old = life.decide_withdrawn(session.store, self.row_id, self.decision, self.note)
        session.events.bureau_changed.emit("review")

    def undo(self, session) -> None:
        life.LifeStore(session.store).decide_withdrawn(self.row_id, *self._old)
        session.events.bureau_changed.emit("review")


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
            BureauStore(session.store).restore_comments([self._row])
        else:
            cid = review.comment(session.store, self.entry_id, self.message, field=self.field_key,
                                 item_name=self.item_name)
            self._row = BureauStore(session.store).comment_row(cid)
        session.events.bureau_changed.emit("comments")

    def undo(self, session) -> None:
        if self._row is None:  # pragma: no cover - the history undoes only what it did
            raise RuntimeError("undo of a comment never added")
        BureauStore(session.store).delete_comment(self._row[0])
        session.events.bureau_changed.emit("comments")


@dataclass
class ResolveComment(Command):
    """A unit's answer to a received comment."""

    comment_id: int
    resolution: str
    text: str = "填写处理情况"
    _old: tuple | None = None

    def do(self, session) -> None:
        self._old = BureauStore(session.store).comment_state(self.comment_id)
        review.resolve(session, self.comment_id, self.resolution)
        session.events.bureau_changed.emit("comments")

    def undo(self, session) -> None:
        if self._old is not None:
            BureauStore(session.store).set_comment_state(self.comment_id, self._old)
        session.events.bureau_changed.emit("comments")


@dataclass
class ImportFeedback(Command):
    """上级审核意见 taken into a unit's project (review.import_feedback) as one undoable step: the received comments,
    the version the bureau accepted (the base of the next changes) and the 注销 list go back as they were on undo;
    redo puts back what the import wrote, without reading the file again."""

    path: str
    text: str = "导入上级审核意见"
    added: int = 0
    updated: int = 0
    _before: tuple | None = None
    _after: tuple | None = None

    def _state(self, session) -> tuple:
        from govcat_desktop.storage.version_store import VersionStore

        return (BureauStore(session.store).received_rows(), VersionStore(session.store).raw(),
                list(session.project.withdrawn))

    def _put(self, session, state: tuple) -> None:
        from govcat_desktop.storage.version_store import VersionStore

        received, versions, withdrawn = state
        with session.store.transaction():
            BureauStore(session.store).replace_received(received)
            VersionStore(session.store).restore_raw(versions)
            VersionStore(session.store).save_withdrawn(list(withdrawn))
        session.project.withdrawn = list(withdrawn)
        session.events.bureau_changed.emit("comments")

    def do(self, session) -> None:
        if self._after is not None:
            self._put(session, self._after)
            return
        self._before = self._state(session)
        with session.store.transaction():
            self.added, self.updated = review.import_feedback(session, self.path)
        self._after = self._state(session)
        self.text = f"导入上级审核意见（新增 {self.added} 条，更新 {self.updated} 条）"
        session.events.bureau_changed.emit("comments")

    def undo(self, session) -> None:
        assert self._before is not None
        self._put(session, self._before)
