"""Drafts confirmed in bulk (issue 25 item 4): a reminder stays on each until a person opens or edits it."""

from __future__ import annotations

from pathlib import Path

from govcat_desktop.services import bulk, drafts
from govcat_desktop.services.commands import UndoStack, UpdateEntry
from govcat_desktop.services.session import Session
from tests.services.test_drafts import _project

RULE = "draft-bulk-confirmed"


def _reminded(session: Session) -> set[int]:
    return {f.ref[1] for f in session.findings() if f.rule == RULE}


def _with_drafts(tmp_path: Path) -> tuple[Session, UndoStack, int, int]:
    """The project of test_drafts with its two proposed drafts accepted: (session, history, their two entry ids)."""
    session = _project(tmp_path)
    stack = UndoStack(session)
    stack.push(drafts.accept(drafts.propose(session)))
    a, b = [m.entries[0].id for m in session.project.matters[1:]]
    return session, stack, a, b


def _confirmed_together(tmp_path: Path) -> tuple[Path, int, int]:
    """A project file whose two drafts were confirmed in one 确认草稿: (path, their entry ids)."""
    session, stack, a, b = _with_drafts(tmp_path)
    try:
        stack.push(bulk.confirm_drafts(session, [a, b]))
        return session.path, a, b
    finally:
        session.close()


def test_drafts_confirmed_together_keep_a_reminder_until_each_is_opened(tmp_path: Path) -> None:
    session, stack, a, b = _with_drafts(tmp_path)
    try:
        stack.push(bulk.confirm_drafts(session, [a, b]))
        assert not session.entries[a][1].unconfirmed and not session.entries[b][1].unconfirmed
        assert not [f for f in session.findings() if f.rule == "draft-unconfirmed"]
        assert _reminded(session) == {a, b}
        [f] = [f for f in session.findings() if f.rule == RULE and f.ref[1] == a]
        assert f.severity == "warning" and "批量确认" in f.message
        # opened: its reminder goes, in the file too; the other keeps its own
        assert bulk.opened(session, a) is True
        assert bulk.opened(session, a) is False  # once
        assert _reminded(session) == {b}
        # edited: the reminder goes with the edit, and comes back when the edit is undone
        stack.push(UpdateEntry(session.entries[b][1], session.entries[b][1].model_copy(update={"summary": "改"})))
        assert _reminded(session) == set()
        stack.undo()
        assert _reminded(session) == {b}
        path = session.path
    finally:
        session.close()
    again = Session.open(path)
    try:
        assert _reminded(again) == {b}  # stored: a reopened project still says it
    finally:
        again.close()


def test_one_draft_confirmed_alone_has_no_reminder_and_undo_brings_the_draft_back(tmp_path: Path) -> None:
    session, stack, a, b = _with_drafts(tmp_path)
    try:
        stack.push(bulk.confirm_drafts(session, [a]))
        assert _reminded(session) == set()
        stack.push(bulk.confirm_drafts(session, [b]))
        stack.undo()
        stack.undo()
        assert session.entries[a][1].unconfirmed and not session.entries[a][1].bulk_confirmed
    finally:
        session.close()


def test_a_read_only_project_is_not_written_when_an_entry_is_opened(tmp_path: Path) -> None:
    path, a, b = _confirmed_together(tmp_path)
    readonly = Session.open(path, readonly=True)
    try:
        assert bulk.opened(readonly, a) is False
        assert _reminded(readonly) == {a, b}
    finally:
        readonly.close()


def test_in_the_window_selecting_the_row_or_opening_the_form_takes_the_reminder_away(win, tmp_path: Path) -> None:
    path, a, b = _confirmed_together(tmp_path)
    assert win.open_project(path)
    win.wait_for_validation()
    assert {f.ref[1] for f in win.findings if f.rule == RULE} == {a, b}
    grid = win.show_page("grid")
    assert grid.select_entry(a)
    assert {f.ref[1] for f in win.findings if f.rule == RULE} == {b}  # at once, without a whole validation
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()  # the 问题清单 says so too, without waiting for a step of the history
    assert {f.ref[1] for f in win.issues._all if f.rule == RULE} == {b}
    win.wait_for_validation()
    assert {f.ref[1] for f in win.findings if f.rule == RULE} == {b}
    [finding] = [f for f in win.findings if f.rule == RULE]
    assert win.jump_to(finding)  # the issues dock opens it on the catalog page
    assert {f.ref[1] for f in win.findings if f.rule == RULE} == set()
    assert not win.session.entries[b][1].bulk_confirmed


def test_closing_the_project_right_after_a_recheck_raises_nothing(win, qtbot, tmp_path: Path) -> None:
    """The 问题清单's refresh after a recheck runs on the next turn of the event loop — after a close (Ctrl+W, Ctrl+Q)
    it must find no project and do nothing (it raised AttributeError in overview_page, seen in the real window)."""
    from PySide6.QtWidgets import QApplication

    session = _project(tmp_path)
    path = session.path
    session.close()
    assert win.open_project(path)
    win.show_page("overview")
    win.set_session(None)  # empties the findings: a recheck outside a step
    QApplication.processEvents()
    assert win.session is None


def test_drafts_exported_before_they_are_confirmed_belong_to_that_version(tmp_path: Path) -> None:
    """The catalog's copy carries drafts nobody confirmed yet (the bureau holds them); confirming one later is no
    change and editing it is a 变更 — not a 新增 the bureau would be told of again (seen in the real-window trial:
    与上次报送相比 said 新增 1 for an entry the bureau had already 审核通过)."""
    from govcat_desktop.domain import revisions as R
    from govcat_desktop.services import revisions
    from govcat_desktop.services.export import export_task

    session, stack, a, b = _with_drafts(tmp_path)
    try:
        export_task(session, "catalog", tmp_path / "v1", pdf=False)
        assert session.entries[a][1].uid and session.entries[b][1].uid  # identities given at export
        stack.push(bulk.confirm_drafts(session, [a, b]))
        assert revisions.changes(session) == []
        old = session.entries[a][1]
        stack.push(UpdateEntry(old, old.model_copy(update={"summary": "人工改写的资源摘要"})))
        assert [(c.mark, c.name) for c in revisions.changes(session)] == [(R.CHANGED, old.name)]
        assert revisions.marks(session) == {a: R.CHANGED}
    finally:
        session.close()
