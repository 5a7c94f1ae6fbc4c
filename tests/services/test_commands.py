"""Undoable commands: each edit commits at once; undo and redo restore file and memory alike."""

from __future__ import annotations

import pytest

from govcat_desktop.domain.models import InfoItem
from govcat_desktop.services import commands as c
from govcat_desktop.services.dump import dump_json
from govcat_desktop.services.session import Session
from govcat_desktop.storage import ProjectFile
from tests import factories as f


@pytest.fixture
def session(tmp_path):
    path = f.write_project(tmp_path / "p.govcat", f.valid_project())
    s = Session.open(path)
    yield s
    s.close()


def on_disk(session: Session) -> str:
    with ProjectFile.open(session.path, readonly=True) as reader:
        return dump_json(reader.load())


def in_memory(session: Session) -> str:
    return dump_json(session.project)


def check_round(session: Session, command: c.Command) -> None:
    """do → file and memory agree; undo → both back to the start; redo → same as after do."""
    stack = c.UndoStack(session)
    before = on_disk(session)
    stack.push(command)
    after = on_disk(session)
    assert after != before
    assert in_memory(session) == after
    stack.undo()
    assert on_disk(session) == before == in_memory(session)
    stack.redo()
    assert on_disk(session) == after == in_memory(session)


def test_add_matter(session):
    check_round(session, c.AddMatter(f.matter(code="C2", name="内地居民离婚登记", entries=[f.entry("离婚证")])))


def test_update_matter(session):
    old = session.project.matters[0]
    new = old.model_copy(update={"name": "结婚登记（改）"})
    check_round(session, c.UpdateMatter(old.model_copy(deep=True), new))


def test_delete_matter_with_entries_restores_ids(session):
    matter = session.project.matters[0]
    entry_ids = [e.id for e in matter.entries]
    stack = c.UndoStack(session)
    stack.push(c.DeleteMatter(matter.id))
    stack.undo()
    assert [e.id for e in session.matters[matter.id].entries] == entry_ids
    assert [e.id for e in session.store.load().matters[0].entries] == entry_ids
    check_round(session, c.DeleteMatter(matter.id))


def test_entry_commands(session):
    matter = session.project.matters[0]
    check_round(session, c.AddEntry(matter.id, f.entry("结婚登记审批表")))
    entry = matter.entries[0]
    changed = entry.model_copy(deep=True)
    changed.items.append(InfoItem(name="登记机关", data_type="C"))
    check_round(session, c.UpdateEntry(entry.model_copy(deep=True), changed))
    check_round(session, c.DeleteEntry(session.project.matters[0].entries[0].id))


def test_record_commands(session):
    check_round(session, c.AddRecord("demand", f.demand(provider="民政部")))
    d = session.project.demands[0]
    check_round(session, c.UpdateRecord("demand", d.model_copy(deep=True), d.model_copy(update={"provider": "国家卫健委"})))
    check_round(session, c.DeleteRecord("review", session.project.reviews[0].id))


def test_singletons(session):
    old = session.project.contacts.model_copy(deep=True)
    new = old.model_copy(deep=True)
    new.leader.name = "赵敏"
    check_round(session, c.SetSingleton("contacts", old, new))


def test_composite_is_one_edit(session):
    matter = session.project.matters[0]
    composite = c.Composite([c.AddEntry(matter.id, f.entry("甲")), c.AddEntry(matter.id, f.entry("乙"))], text="向导完成")
    check_round(session, composite)


def test_failing_composite_changes_nothing(session):
    before = on_disk(session)
    matter = session.project.matters[0]
    composite = c.Composite([c.AddEntry(matter.id, f.entry("甲")), c.DeleteEntry(999999)])
    with pytest.raises(KeyError):
        c.UndoStack(session).push(composite)
    assert on_disk(session) == before == in_memory(session)
