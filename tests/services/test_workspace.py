"""The application core: fine-grained events, findings per record, one history — no Qt."""

from __future__ import annotations

import pytest

from govcat_desktop.services.commands import AddEntry, UpdateEntry
from govcat_desktop.services.session import Session
from govcat_desktop.services.workspace import Workspace
from govcat_desktop.storage import ProjectFile, ProjectFileError
from tests import factories as f
from tests.fault.fs import FullDisk


def _open(tmp_path):
    project = f.valid_project()
    project.matters[0].entries.append(f.entry("离婚证"))
    path = f.write_project(tmp_path / "民政局.govcat", project)
    workspace = Workspace()
    workspace.set_session(Session.open(path))
    workspace.set_findings(workspace.validate())
    return workspace


def test_editing_one_entry_announces_only_that_entry_and_its_findings(tmp_path):
    ws = _open(tmp_path)
    session = ws.session
    (a, b) = [e.id for e in session.project.matters[0].entries]
    heard: list[tuple] = []
    for name in ("entry_changed", "entry_inserted", "entry_removed", "matters_changed", "matter_changed",
                 "records_changed", "settings_changed", "reloaded"):
        getattr(session.events, name).connect(lambda *args, n=name: heard.append((n, *args)))
    changed: list[set] = []
    ws.findings_changed.connect(changed.append)
    before_b = ws.findings_for(("catalog", b), items=True)

    old = session.entries[a][1]
    ws.do(UpdateEntry(old, old.model_copy(update={"summary": ""})))  # 资源摘要 is required

    assert heard == [("entry_changed", a)]
    assert changed == [{("catalog", a)}]
    assert [x.field for x in ws.findings_for(("catalog", a)) if x.rule == "required"] == ["summary"]
    assert ws.findings_for(("catalog", b), items=True) == before_b  # the other entry is untouched

    ws.history.undo()
    assert heard[-1] == ("entry_changed", a) and changed[-1] == {("catalog", a)}
    assert not [x for x in ws.findings_for(("catalog", a)) if x.rule == "required"]
    session.close()


def test_structural_edits_say_where(tmp_path):
    ws = _open(tmp_path)
    session = ws.session
    matter = session.project.matters[0]
    inserted: list[tuple] = []
    session.events.entry_inserted.connect(lambda *args: inserted.append(args))
    removed: list[tuple] = []
    session.events.entry_removed.connect(lambda *args: removed.append(args))
    command = AddEntry(matter.id, f.entry("出生医学证明"), pos=0)
    ws.do(command)
    assert inserted == [(matter.id, command.entry_id, 0)]
    ws.history.undo()
    assert removed == [(matter.id, command.entry_id)]
    session.close()


def test_background_validation_reads_through_its_own_connection(tmp_path):
    import threading

    ws = _open(tmp_path)
    session = ws.session
    used_by: list[int] = []
    session.store.conn.set_trace_callback(lambda _sql: used_by.append(threading.get_ident()))
    found: list = []
    worker = threading.Thread(target=lambda: found.extend(ws.background_job()()))
    worker.start()
    worker.join(60)
    session.store.conn.set_trace_callback(None)
    assert found == session.findings()  # the same findings as on the GUI's connection …
    assert worker.ident not in used_by  # … but not one statement of the worker ran on it
    session.close()


def _state(history) -> tuple:
    return history.can_undo, history.undo_text, history.can_redo, history.redo_text


def test_the_history_says_what_undo_and_redo_would_do(tmp_path):
    ws = _open(tmp_path)
    session, history = ws.session, ws.history
    heard: list[tuple] = []
    history.changed.connect(lambda: heard.append(_state(history)))
    assert _state(history) == (False, "", False, "")
    entry = session.project.matters[0].entries[0]
    ws.do(UpdateEntry(entry, entry.model_copy(update={"summary": "新的摘要"}), text="修改“结婚证”的资源摘要"))
    added = AddEntry(session.project.matters[0].id, f.entry("出生医学证明"))
    ws.do(added)
    assert heard == [(True, "修改“结婚证”的资源摘要", False, ""), (True, "新增目录", False, "")]
    assert history.undo() and heard[-1] == (True, "修改“结婚证”的资源摘要", True, "新增目录")
    assert added.entry_id not in session.entries
    assert history.redo() and heard[-1] == (True, "新增目录", False, "")
    assert added.entry_id in session.entries
    assert history.undo() and history.undo() and heard[-1] == (False, "", True, "修改“结婚证”的资源摘要")
    assert not history.undo() and len(heard) == 6  # nothing left: no step, no signal
    ws.do(UpdateEntry(session.entries[entry.id][1], entry.model_copy(update={"summary": "又一个"})))
    assert heard[-1] == (True, "修改目录", False, "")  # a new edit drops what could be redone
    ws.set_session(None)  # another project (or none): an empty history
    assert heard[-1] == (False, "", False, "") and history.session is None
    session.close()



def test_an_undo_that_cannot_be_written_stays_done(tmp_path):
    ws = _open(tmp_path)
    session, history = ws.session, ws.history
    added = AddEntry(session.project.matters[0].id, f.entry("出生医学证明"), text="导入事项")
    ws.do(added)
    real = session.store.conn
    session.store.conn = FullDisk(real)
    try:
        with pytest.raises(ProjectFileError) as err:
            history.undo()
    finally:
        session.store.conn = real
    assert "磁盘空间已满" in err.value.message
    # Not popped as undone: the entry is still in the file and the history still offers to undo it.
    assert _state(history) == (True, "导入事项", False, "") and history.undo_command is added
    with ProjectFile.open(session.path, readonly=True, make_backup=False) as reader:
        assert "出生医学证明" in [e.name for m in reader.load().matters for e in m.entries]
    assert history.undo() and added.entry_id not in session.entries  # the disk has room again: it goes
    assert _state(history) == (False, "", True, "导入事项")
    session.close()
