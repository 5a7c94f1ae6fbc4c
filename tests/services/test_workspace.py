"""The application core: fine-grained events, findings per record, one history — no Qt."""

from __future__ import annotations

from govcat_desktop.services.commands import AddEntry, UpdateEntry
from govcat_desktop.services.session import Session
from govcat_desktop.services.workspace import Workspace
from tests import factories as f


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
