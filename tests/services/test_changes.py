"""Each step of the history says what it wrote (services.changes.Changes), as Anki's OpChanges."""

from __future__ import annotations

from govcat_desktop.domain.models import Project
from govcat_desktop.services import bulk
from govcat_desktop.services.commands import AddEntry, SetSingleton, UndoStack, UpdateMatter, UpdateRecord
from govcat_desktop.services.session import Session
from tests import factories as f


def _session(tmp_path) -> Session:
    matters = [f.matter(code=f"1114030000{n:02d}", name=f"事项{n}", entries=[f.entry(f"目录{n}")]) for n in range(3)]
    project = Project(info=f.info(), contacts=f.contacts(), matters=matters, demands=[f.demand()])
    return Session.open(f.write_project(tmp_path / "p.govcat", project))


def test_each_step_names_the_records_it_wrote(tmp_path):
    session = _session(tmp_path)
    try:
        stack = UndoStack(session)
        heard = []
        stack.applied.connect(heard.append)
        ids = list(session.entries)
        stack.push(bulk.set_field(session, ids[:2], "network", "互联网"))
        assert heard[-1].entries == set(ids[:2]) and not heard[-1].structural and not heard[-1].matters
        stack.undo()
        assert heard[-1].entries == set(ids[:2]) and not heard[-1].structural
        matter = session.project.matters[0]
        stack.push(UpdateMatter(matter.model_copy(update={"entries": []}),
                                matter.model_copy(update={"name": "改名", "entries": []})))
        assert heard[-1].matters == {matter.id} and not heard[-1].entries and not heard[-1].structural
        stack.push(AddEntry(matter.id, f.entry("新目录")))
        assert heard[-1].structural
        demand = session.project.demands[0]
        stack.push(UpdateRecord("demand", demand, demand.model_copy(update={"provider": "民政部"})))
        assert heard[-1].records == {"demand"} and not heard[-1].catalog
        info = session.project.info
        stack.push(SetSingleton("info", info, info.model_copy(update={"parent": "阳泉市政府"})))
        assert heard[-1].settings == {"info"} and not heard[-1].catalog
        assert len(heard) == 6 and stack.last_changes is heard[-1]
    finally:
        session.close()
